"""What people record on an order, and the escalations it causes (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from studio import chased, make_config, sample_order

from agent.model import Order
from agent.records import mark_paid, milestone_done, move_delivery, set_phase

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 2, 2, 9, tzinfo=UTC)


def test_a_slipping_delivery_escalates_once_per_real_slip() -> None:
    """13 days late escalates; 2 more days does not; 10 more past the escalated date does."""
    order = sample_order(CONFIG, delivery="2026-03-12")
    told = []
    for new in (date(2026, 3, 25), date(2026, 3, 27), date(2026, 3, 20), date(2026, 4, 4)):
        order, drafts = move_delivery(order, new, "fabric late", CONFIG, NOW, "ana")
        told += [d.subject for d in drafts]
    assert told == ["[ORD-0001] Delivery moved 13 days", "[ORD-0001] Delivery moved 23 days"]
    escalations = [e["detail"] for e in order.history if e["event"] == "escalated"]
    assert escalations == ["delivery 13 days late", "delivery 23 days late"]


def paused_for_late_payment() -> Order:
    """Construction; first fitting 2 March, so mid-project is due 5 March and work pauses
    on the 13th at 09:00, as the schedule does it."""
    order = set_phase(sample_order(CONFIG), "Construction", NOW, "ana")
    order = milestone_done(order, "first fitting", date(2026, 3, 2), NOW, "ana")
    invoiced = datetime(2026, 3, 2, tzinfo=MADRID)
    order = chased(order, CONFIG, invoiced, datetime(2026, 3, 13, 9, tzinfo=MADRID))
    assert order.phase == "Paused"
    return order


def test_the_late_payment_that_paused_work_resumes_it_when_received() -> None:
    """Marked received, the payment that paused the order brings back its phase, and says so."""
    order = mark_paid(paused_for_late_payment(), "mid-project", date(2026, 3, 16), NOW, "ana")
    assert order.phase == "Construction"
    assert order.history[-1]["event"] == "resumed"
    assert order.history[-1]["detail"] == "back in Construction: the late mid-project payment is in"


def test_a_pause_a_person_set_is_not_lifted_by_a_payment() -> None:
    """Paused by the AM (even over the agent's pause for money), it stays paused when paid;
    the phase to resume in is kept."""
    by_hand = set_phase(sample_order(CONFIG), "Paused", NOW, "ana")
    assert mark_paid(by_hand, "mid-project", date(2026, 3, 16), NOW, "ana").phase == "Paused"
    resumed = set_phase(paused_for_late_payment(), "Construction", NOW, "ana")
    paused_again = set_phase(resumed, "Paused", NOW, "ana")
    assert mark_paid(paused_again, "mid-project", date(2026, 3, 16), NOW, "ana").phase == "Paused"
    other = mark_paid(paused_for_late_payment(), "final", date(2026, 3, 16), NOW, "ana")
    assert other.phase == "Paused"
    held = set_phase(paused_for_late_payment(), "Paused", NOW, "ana")
    assert held.paused_from == "Construction"
    assert mark_paid(held, "mid-project", date(2026, 3, 16), NOW, "ana").phase == "Paused"
