"""What people record on an order, and the escalations it causes (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from studio import make_config, sample_order

from agent.records import move_delivery

CONFIG = make_config(Path("/nonexistent"))
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
