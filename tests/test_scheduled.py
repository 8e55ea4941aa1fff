"""What a due item does to its order and whom it tells (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from studio import AM, SD, NoMailbox, NoTransport, chased, make_config, sample_order

from agent.clock import FixedClock
from agent.due import DueItem, due
from agent.model import Order
from agent.pipeline import Agent
from agent.policy import Policy
from agent.records import set_phase
from agent.scheduled import act
from agent.store import Commit, Store
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))


def test_late_final_payment_on_a_delivered_order_tells_people_without_pausing_it() -> None:
    """Delivered on 12 March, unpaid 8 days later: AM and director told; it stays Delivered."""
    order = set_phase(
        sample_order(CONFIG), "Delivered", datetime(2026, 3, 12, 17, tzinfo=UTC), "ana"
    )
    order = chased(
        order, CONFIG, datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 19, 9, tzinfo=UTC)
    )
    moment = datetime(2026, 3, 20, 8, tzinfo=UTC)  # 09:00 in Madrid
    [item] = [i for i in due([order], moment, Policy(), CONFIG.timezone)
              if i.key == "pay/ORD-0001/final/pause"]  # fmt: skip
    action = act(item, {order.id: order}, CONFIG, moment)
    [after] = action.orders
    assert after.phase == "Delivered"
    assert after.history[-1]["detail"] == "final payment more than 7 days late; already delivered"
    [draft] = action.drafts
    assert draft.to == (AM.address, SD.address)
    assert draft.subject == "[ORD-0001] Not paid: final payment late"
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "ORD-0001 (Teatro Nuevo Gala, Laura Gil) is Delivered: the final payment" in text
    assert "Paused" not in text and "set the phase back" not in text


@pytest.mark.parametrize("field", ["delivery_date", "first fitting"])
def test_one_order_with_an_impossible_date_does_not_stop_the_others(
    field: str, tmp_path: Path
) -> None:
    """A date in year 9999: the other client's Friday update still goes; the AM is told once."""
    config = make_config(tmp_path)
    broken = sample_order(config)
    if field == "delivery_date":
        broken.delivery_date = "9999-12-30"
    else:
        broken.milestones[field] = "9999-12-30"
    fine = sample_order(config, "ORD-0002", client="props@filmhouse.example")
    Store(config.store_path).commit(Commit(orders=[broken, fine]))
    friday = datetime(2026, 1, 30, 9, 30, tzinfo=UTC)  # 10:30 in Madrid
    agent = Agent(config, Store(config.store_path), NoMailbox(), NoTransport(), FixedClock(friday))  # type: ignore[arg-type]
    agent.do_scheduled(friday)
    agent.do_scheduled(friday + timedelta(hours=1))
    rows = agent.store.outbox()
    assert "weekly/props@filmhouse.example/2026-01-30" in {r["key"] for r in rows}
    [notice] = [r for r in rows if r["to"] == [AM.address]]
    assert notice["subject"] == "[ORD-0001] The schedule cannot use this order's dates"
    assert "9999-12-30" in notice["raw"] and "ORD-0001 delivery" in notice["raw"]


def chased_until(order: Order, moment: datetime, kind: str) -> tuple[Order, DueItem]:
    """The order as the agent leaves it after chasing its payments up to `moment`, and the
    first item of `kind` due then."""
    order = chased(order, CONFIG, moment - timedelta(days=40), moment - timedelta(hours=1))
    items = [i for i in due([order], moment, Policy(), CONFIG.timezone) if i.kind == kind]
    return order, items[0]


def test_the_director_is_offered_only_the_replies_that_apply_to_the_order() -> None:
    """A paused order offers "resume", not "pause"; a delivered one neither; the AM is told
    the email line that records the payment, not a command-line form."""
    order = sample_order(CONFIG)
    order.payments[1]["due"] = "2026-03-02"
    moment = datetime(2026, 3, 10, 8, tzinfo=UTC)
    order, item = chased_until(order, moment, "payment-pause")
    [draft] = act(item, {order.id: order}, CONFIG, moment).drafts
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "call the client (I ask Ana Ruiz to call), or resume (work goes back to Design)." in text
    assert "pause (" not in text and 'write to me "ORD-0001 paid mid-project"' in text
    delivered = set_phase(sample_order(CONFIG), "Delivered", moment, "ana")
    delivered, item = chased_until(delivered, moment + timedelta(days=10), "payment-pause")
    [draft] = act(item, {order.id: delivered}, CONFIG, moment).drafts
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "call the client (I ask Ana Ruiz to call).\n" in text


def test_finance_hears_that_the_client_says_it_paid_and_the_am_is_not_copied_twice() -> None:
    """A claimed payment 14 days late: Finance reads the day the client said it was sent;
    without a Finance address the AM gets it once, not as To and Cc."""
    order = sample_order(CONFIG)
    order.payments[1].update(due="2026-03-02", status="claimed", claimed_at="2026-03-09T09:30:00Z")
    moment = datetime(2026, 3, 16, 8, tzinfo=UTC)
    order, item = chased_until(order, moment, "payment-finance")
    [draft] = act(item, {order.id: order}, CONFIG, moment).drafts
    assert draft.to == (AM.address,) and draft.cc == ()
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert (
        "days late. Work is paused.\n\nThe client wrote on Monday 9 March that it had been sent"
        in text
    )
