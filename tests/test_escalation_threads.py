"""Every escalation to the sales director is remembered on its order, so their reply
finds its way back (pure: no servers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from studio import MONDAY, client_mail, make_config, sample_order

from agent.change_orders import propose
from agent.clock import iso
from agent.due import DueItem
from agent.model import Order, Reading
from agent.orders import ask
from agent.outbox import Draft
from agent.parsers.envelope import parse_envelope
from agent.records import move_delivery
from agent.routing import Route
from agent.rules import Classification
from agent.scheduled import act
from agent.workflow import decide

CONFIG = make_config(Path("/nonexistent"))


def remembered(order: Order, draft: Draft) -> dict:
    [sent] = [s for s in order.sent if s["message_id"] == draft.message_id]
    return sent


def test_a_large_change_orders_escalation_names_its_change_order() -> None:
    """A bare "approve" on its thread must know which change order it approves."""
    order, [draft] = propose(sample_order(CONFIG), ["Cast=6000"], 0, "cast", CONFIG, MONDAY, "a")
    assert draft.to == (CONFIG.sales_director.address,)
    assert remembered(order, draft) | {"message_id": ""} == {
        "message_id": "",
        "kind": "escalation",
        "question_id": "",
        "change_order": "CO-1",
        "at": iso(MONDAY),
    }


def test_a_late_delivery_escalation_is_remembered() -> None:
    """The "Delivery moved" email to the sales director leads back to the order."""
    order, [draft] = move_delivery(
        sample_order(CONFIG), date(2026, 3, 30), "fabric late", CONFIG, MONDAY, "a"
    )
    assert remembered(order, draft)["kind"] == "escalation"


def test_scheduled_escalations_pause_and_silent_client_are_remembered() -> None:
    """The payment-pause notice and the silent-client escalation lead back too."""
    order = sample_order(CONFIG, deposit_paid=False)
    paused = act(
        DueItem("pay/ORD-0001/deposit/pause", "payment-pause", MONDAY, MONDAY, (order.id,)),
        {order.id: order},
        CONFIG,
        MONDAY,
    )
    assert remembered(paused.orders[0], paused.drafts[0])["kind"] == "escalation"
    asked, _ = ask(order, "approval", CONFIG, MONDAY, about="sketches")
    item = DueItem("ask/ORD-0001/Q1/silent", "question-silent", MONDAY, MONDAY, (order.id,), "Q1")
    silent = act(item, {order.id: asked}, CONFIG, MONDAY)
    assert remembered(silent.orders[0], silent.drafts[0])["question_id"] == "Q1"


def test_an_unhappy_clients_escalation_is_remembered_with_its_question() -> None:
    """The "is unhappy" email to the sales director leads back to the order and question."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, MONDAY, about="sketches")
    [question] = order.open_questions()
    mail = parse_envelope(client_mail("This is not what we agreed. Very disappointed."))
    reading = Reading("unclear", 0.9, "complaint", "not what we agreed", dissatisfied=True)
    where = Route(order, question, "thread", "client")
    decision = decide(mail, Classification("person", ()), where, reading, CONFIG, MONDAY)
    [escalation] = [d for d in decision.drafts if d.to == (CONFIG.sales_director.address,)]
    assert remembered(decision.order, escalation)["question_id"] == "Q1"
