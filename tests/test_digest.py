"""The sales director's digest: what a director needs to see, computed from the orders."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from studio import MONDAY, make_config, sample_order

from agent.clock import iso
from agent.digest import digest_context
from agent.due import DueItem
from agent.model import Order
from agent.orders import ask
from agent.policy import Policy
from agent.records import mark_paid, milestone_done, move_delivery, set_phase
from agent.scheduled import ScheduleDrafter
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 3, 2, 8, tzinfo=MADRID)


def studio_orders() -> list[Order]:
    """One on track with a fitting ahead, one late on payment and paused, one delivered."""
    fitting, _ = ask(sample_order(CONFIG), "fitting", CONFIG, MONDAY, slots=["2026-03-04T11:00"])
    answered = iso(MONDAY + timedelta(hours=5))
    fitting.questions[0].update(status="answered", answer={"choice": 1, "at": answered})
    fitted = NOW.date() - timedelta(days=20)
    late = milestone_done(sample_order(CONFIG, "ORD-0002"), "first fitting", fitted, MONDAY, "ana")
    late = set_phase(late, "Paused", NOW - timedelta(hours=3), "agent")
    later = NOW.date() + timedelta(days=40)
    late, _ = move_delivery(late, later, "fabric late", CONFIG, NOW - timedelta(hours=2), "ana")
    done = sample_order(CONFIG, "ORD-0003", created=MONDAY - timedelta(days=60))
    done = set_phase(done, "Delivered", MONDAY, "ana")
    done = mark_paid(done, "final", MONDAY.date() + timedelta(days=4), MONDAY, "ana")
    return [fitting, late, done]


def test_digest_lists_risks_overdue_payments_and_the_week_ahead() -> None:
    """Paused and delayed orders are at risk, late money is listed, the fitting is ahead."""
    context = digest_context(studio_orders(), NOW, NOW - timedelta(days=1), Policy(), MADRID)
    assert context["by_phase"]["Paused"] == ["ORD-0002"]
    assert context["overdue"] == ["ORD-0002 mid-project 4,500.00, 17 days late"]
    assert context["coming"] == ["Wed 04 Mar 11:00 fitting, ORD-0001 Teatro Nuevo Gala"]
    [risk] = context["at_risk"]
    assert risk.startswith("ORD-0002") and "paused" in risk and "payment overdue" in risk
    assert any("delivery moved" in line for line in context["changes"])
    assert any("ORD-0002" in line for line in context["escalations"])


def test_digest_metrics_and_timeline() -> None:
    """On-time %, response time and collection time come from the orders' own history."""
    context = digest_context(studio_orders(), NOW, NOW - timedelta(days=1), Policy(), MADRID)
    assert context["metrics"]["on-time delivery"] == "100%"
    assert context["metrics"]["client response time"] == "5.0 h on average"
    paused = next(t for t in context["timelines"] if t["id"] == "ORD-0002")
    assert paused["paused"] and [s["state"] for s in paused["steps"]][:2] == ["now", "todo"]


def test_digest_email_renders_a_visual_timeline() -> None:
    """The HTML shows each order's phases as coloured bars, the paused one in red."""
    item = DueItem("digest/x", "digest", NOW, NOW, ())
    draft = ScheduleDrafter(CONFIG, NOW).digest(item, studio_orders())
    assert draft.to == (CONFIG.sales_director.address,)
    text, html = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "OVERDUE PAYMENTS" in text and "ORD-0002 mid-project" in text
    assert html.count("#d9534f") == 1
