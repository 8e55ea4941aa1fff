"""Each order's plan: the template scaled to its span, chosen days kept, moved with delivery."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from studio import MONDAY, make_config, sample_order

from agent.model import Order
from agent.orders import OrderError, new_order
from agent.plan import default_plan
from agent.records import milestone_done, move_delivery, plan_milestone

CONFIG = make_config(Path("/nonexistent"))
NOW = datetime(2026, 2, 2, 9, tzinfo=UTC)
FIELDS = {
    "project": "Teatro Nuevo Gala",
    "client": {"name": "Laura Gil", "emails": ["laura@teatronuevo.example"]},
    "account_manager": "ana@atelier.example",
    "contract_value": 18000,
    "delivery_date": "2026-04-13",
    "signed": "2026-02-02",
}


def test_a_ten_week_order_follows_the_template_and_a_five_week_one_is_scaled() -> None:
    """Ten weeks: design by week 2, fabric 4, first fitting 5, final 8; five weeks: halved."""
    assert default_plan(date(2026, 2, 2), date(2026, 4, 13)) == {
        "design approval": "2026-02-16",
        "fabric approval": "2026-03-02",
        "first fitting": "2026-03-09",
        "final fitting": "2026-03-30",
    }
    assert default_plan(date(2026, 2, 2), date(2026, 3, 9))["first fitting"] == "2026-02-20"


def test_a_new_order_stores_its_plan_with_the_days_a_person_chose() -> None:
    """`[plan] "First fitting" = 2026-03-12` keeps that day; the others come from the template."""
    order = new_order(
        {**FIELDS, "plan": {"First fitting": date(2026, 3, 12)}}, "ORD-1", CONFIG, NOW
    )
    assert order.plan["first fitting"] == "2026-03-12"
    assert order.plan["design approval"] == "2026-02-16"
    with pytest.raises(OrderError, match='"second fitting" is not a milestone; use design'):
        new_order({**FIELDS, "plan": {"second fitting": "2026-03-12"}}, "ORD-1", CONFIG, NOW)


def test_an_order_stored_before_plans_gets_one_on_read() -> None:
    """A stored order without a plan reads back with the template's, from signing to delivery."""
    stored = sample_order(CONFIG, created=MONDAY, delivery="2026-04-06").to_dict()
    del stored["plan"]
    assert Order.from_dict(stored).plan == default_plan(MONDAY.date(), date(2026, 4, 6))


def test_a_later_delivery_moves_the_milestones_ahead_not_the_done_or_missed_ones() -> None:
    """On 2 March, delivery two weeks later: fittings ahead move 14 days; the rest stay."""
    order = new_order(FIELDS, "ORD-0001", CONFIG, NOW)
    order = milestone_done(order, "design approval", date(2026, 2, 16), NOW, "ana")
    march = datetime(2026, 3, 3, 9, tzinfo=UTC)
    order, _ = move_delivery(order, date(2026, 4, 27), "fabric late", CONFIG, march, "ana")
    assert order.plan == {
        "design approval": "2026-02-16",
        "fabric approval": "2026-03-02",
        "first fitting": "2026-03-23",
        "final fitting": "2026-04-13",
    }


def test_a_milestone_can_be_re_planned_and_the_history_says_so() -> None:
    """A new planned day for a named milestone; a name not in the plan says which are."""
    order = plan_milestone(sample_order(CONFIG), "Final  Fitting", date(2026, 3, 5), NOW, "ana")
    assert order.plan["final fitting"] == "2026-03-05"
    assert order.history[-1]["detail"] == "final fitting on 2026-03-05"
    with pytest.raises(OrderError, match="is not a milestone of ORD-0001: design approval"):
        plan_milestone(order, "delivery", date(2026, 3, 5), NOW, "ana")


def test_the_payment_plan_adds_up_to_the_contract_to_the_cent() -> None:
    """18,000.50 splits 9,000.25 + 4,500.12 + 4,500.13: the last payment takes the cent."""
    order = new_order({**FIELDS, "contract_value": 18000.50}, "ORD-1", CONFIG, NOW)
    assert [p["amount"] for p in order.payments] == [9000.25, 4500.12, 4500.13]
