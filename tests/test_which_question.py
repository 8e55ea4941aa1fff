"""A client's reply settles only the question it was asked: a yes to mail that asked nothing,
or that was about several orders, goes to the AM; a change order needs its own thread or id."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from harness import Studio
from studio import AM, CLIENT, MONDAY, client_mail, make_config, sample_order

from agent.change_orders import propose
from agent.due import due
from agent.model import Order, Reading
from agent.orders import ask
from agent.outbox import Draft, compose
from agent.parsers.envelope import parse_envelope
from agent.routing import route
from agent.rules import classify
from agent.scheduled import act
from agent.store import Commit
from agent.templates import Templates
from agent.workflow import Decision, decide

CONFIG = make_config(Path("/nonexistent"))
FRIDAY = MONDAY + timedelta(days=4, hours=2)


def approving(text: str) -> Reading:
    return Reading("approve", 0.95, "matched an approval", text)


def with_change_order(order: Order) -> Order:
    return propose(order, ["Beaded bodices=1000"], 0, "sparkle", CONFIG, MONDAY, "ana")[0]


def weekly(orders: list[Order]) -> tuple[list[Order], Draft]:
    """Friday's update to the client, as the schedule sends it."""
    [item] = [
        i for i in due(orders, FRIDAY, CONFIG.policy, CONFIG.timezone) if i.kind == "weekly-update"
    ]
    action = act(item, {o.id: o for o in orders}, CONFIG, FRIDAY)
    return action.orders, action.drafts[0]


def answer(orders: list[Order], text: str, subject: str, in_reply_to: str = "") -> Decision:
    mail = parse_envelope(client_mail(text, subject=subject, in_reply_to=in_reply_to))
    where = route(mail, orders, CONFIG.staff_addresses)
    return decide(mail, classify(mail, CONFIG), where, approving(text), CONFIG, FRIDAY)


def co_status(decision: Decision) -> str:
    assert decision.order is not None
    return decision.order.change_orders[0]["status"]


def test_looks_good_to_the_weekly_update_approves_no_change_order() -> None:
    """ "Looks good!" to Friday's update: CO-1 stays unapproved, the contract unchanged, the AM
    gets the reply with why."""
    orders, update = weekly([with_change_order(sample_order(CONFIG))])
    text = "Great, thanks. Looks good!"
    decision = answer(orders, text, f"Re: {update.subject}", update.message_id)
    assert decision.outcome == "handed-off" and "weekly update" in decision.detail
    assert co_status(decision) == "sent" and decision.order.contract_value == 18000


def test_a_reply_to_an_update_about_two_orders_settles_neither() -> None:
    """Sketches approved, replying to the update on both orders: ORD-0001's CO-1 is not approved,
    ORD-0002's sketches are not either: the AM reads it."""
    first = with_change_order(sample_order(CONFIG))
    second = ask(sample_order(CONFIG, "ORD-0002"), "approval", CONFIG, MONDAY, about="sketches")[0]
    orders, update = weekly([first, second])
    text = "The design sketches are approved, thank you!"
    decision = answer(orders, text, f"Re: {update.subject}", update.message_id)
    assert decision.outcome == "handed-off" and "ORD-0001, ORD-0002" in decision.detail
    assert co_status(decision) == "sent"


def test_a_change_order_is_approved_only_by_a_reply_that_names_it() -> None:
    """Without its thread, "Approved" settles no change order; "CO-1 approved" does."""
    order = with_change_order(sample_order(CONFIG))
    subject = "Re: [ORD-0001] Our costumes"
    vague = answer([order], "Approved, go ahead.", subject)
    assert vague.outcome == "handed-off" and "CO-1" in vague.detail
    assert co_status(vague) == "sent"
    named = answer([order], "CO-1 is approved, go ahead.", subject)
    assert named.outcome == "applied" and co_status(named) == "approved"


def test_naming_the_change_order_in_reply_to_the_weekly_approves_it() -> None:
    """ "We approve CO-1" in reply to the update on that one order is the written approval."""
    orders, update = weekly([with_change_order(sample_order(CONFIG))])
    decision = answer(orders, "We approve CO-1.", f"Re: {update.subject}", update.message_id)
    assert decision.outcome == "applied" and co_status(decision) == "approved"


def test_a_plain_yes_still_answers_the_only_open_question_that_is_no_change_order() -> None:
    """Outside any thread, "Approved" answers the order's one open approval of sketches."""
    order = ask(sample_order(CONFIG), "approval", CONFIG, MONDAY, about="sketches")[0]
    decision = answer([order], "Approved, go ahead.", "Re: [ORD-0001] Sketches")
    assert decision.outcome == "applied"


def test_the_am_is_told_why_a_clear_yes_was_not_applied() -> None:
    """The hand-off shows the reading and that it replied to an update that asked nothing."""
    orders, update = weekly([with_change_order(sample_order(CONFIG))])
    decision = answer(orders, "Looks good!", f"Re: {update.subject}", update.message_id)
    [handoff] = [d for d in decision.drafts if d.template == "staff/handoff"]
    why = handoff.context["reading"]["why"]
    assert why.startswith("matched an approval") and "weekly update, which asked nothing" in why


def test_looks_good_to_the_friday_update_reaches_the_am_end_to_end(studio: Studio) -> None:
    """The update goes out, Laura answers "Looks good!": CO-1 waits, the AM is asked."""
    order, drafts = propose(sample_order(studio.config), ["Beaded bodices=1000"], 0, "sparkle",
                            studio.config, MONDAY, AM.address)  # fmt: skip
    rows = [compose(d, studio.config, Templates(), MONDAY) for d in drafts]
    studio.store.commit(Commit(orders=[order], outbox=rows))
    studio.clock.advance(days=4, hours=2)
    studio.agent.run_once()
    [update] = [m for m in studio.to(CLIENT) if "weekly update" in m["Subject"]]
    reply = client_mail("Great, thanks. Looks good!", subject=f"Re: {update['Subject']}",
                        in_reply_to=update["Message-ID"], date=FRIDAY)  # fmt: skip
    studio.receive(reply)
    stored = studio.store.order("ORD-0001")
    assert stored.change_orders[0]["status"] == "sent" and stored.contract_value == 18000
    [handoff] = [m for m in studio.to(AM.address) if "Needs you" in m["Subject"]]
    assert "weekly update, which asked nothing" in handoff.get_body(("plain",)).get_content()


def reading_of(text: str) -> Reading:
    return Reading("unclear", 0.2, "no open question to read the reply against", text)


def test_thanks_for_the_weekly_update_is_recorded_and_nobody_is_emailed() -> None:
    """ "Thanks for the update!" needs nobody; a thank-you with a question still reaches the AM."""
    orders, update = weekly([sample_order(CONFIG)])
    for text, outcome in (
        ("Thanks for the update!\n\nLaura", "acknowledged"),
        ("Muchas gracias.", "acknowledged"),
        ("Thanks! When is the fitting?", "handed-off"),
        ("Thanks, looks good", "handed-off"),
    ):
        mail = parse_envelope(
            client_mail(text, subject=f"Re: {update.subject}", in_reply_to=update.message_id)
        )
        where = route(mail, orders, CONFIG.staff_addresses)
        decision = decide(mail, classify(mail, CONFIG), where, reading_of(text), CONFIG, FRIDAY)
        assert decision.outcome == outcome, text
        assert bool(decision.drafts) is (outcome == "handed-off"), text
    assert decision.order is not None and decision.order.history[-1]["event"] == "handed to AM"
