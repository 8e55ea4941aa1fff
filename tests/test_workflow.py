"""Routing and the workflow, as pure functions: a message and a reading in, a decision out."""

from __future__ import annotations

from pathlib import Path

from studio import AM, CLIENT, MONDAY, SD, client_mail, make_config, sample_order

from agent.model import Order, Reading
from agent.orders import ask
from agent.parsers.envelope import parse_envelope
from agent.routing import route
from agent.rules import classify
from agent.workflow import Decision, decide

CONFIG = make_config(Path("/nonexistent"))
STAFF = CONFIG.staff_addresses


def asked(kind: str = "approval", order: Order | None = None, **details) -> tuple[Order, str]:
    order, draft = ask(order or sample_order(CONFIG), kind, CONFIG, MONDAY, **details)
    return order, draft.message_id


def run(raw: bytes, orders: list[Order], reading: Reading | None) -> Decision:
    mail = parse_envelope(raw)
    return decide(mail, classify(mail, CONFIG), route(mail, orders, STAFF), reading, CONFIG, MONDAY)


APPROVE = Reading("approve", 0.95, 'matched "approved"', "Approved")


def test_route_prefers_thread_then_subject_tag_then_sender() -> None:
    """In-Reply-To finds the order; without it the [ORD-…] tag; without that the sender."""
    first, request_id = asked()
    second = sample_order(CONFIG, "ORD-0002", client="other@client.example")
    orders = [first, second]
    by_thread = parse_envelope(
        client_mail("ok", subject="Re: [ORD-0002] x", in_reply_to=request_id)
    )
    assert (route(by_thread, orders, STAFF).order.id, route(by_thread, orders, STAFF).via) == (
        "ORD-0001",
        "thread",
    )
    by_tag = parse_envelope(
        client_mail("ok", subject="about [ORD-0002]", sender="other@client.example")
    )
    assert route(by_tag, orders, STAFF).via == "subject-tag"
    by_sender = parse_envelope(client_mail("ok", subject="hello", sender="other@client.example"))
    assert route(by_sender, orders, STAFF).order.id == "ORD-0002"


def test_client_of_two_open_orders_without_thread_or_tag_is_not_guessed() -> None:
    """One sender, two open orders, no other clue: unroutable, never a guess."""
    orders = [sample_order(CONFIG, "ORD-0001"), sample_order(CONFIG, "ORD-0002")]
    decision = run(client_mail("Approved", subject="hello"), orders, APPROVE)
    assert decision.outcome == "unroutable"
    assert decision.drafts[0].to == tuple(p.address for p in CONFIG.account_managers)


def test_confident_approval_is_applied_and_confirmed_in_thread() -> None:
    """The answer is recorded with its Message-ID and the client gets a threaded confirmation."""
    order, request_id = asked(about="design sketches")
    raw = client_mail("Approved", in_reply_to=request_id, message_id="<a1@c.example>")
    decision = run(raw, [order], APPROVE)
    assert decision.outcome == "applied"
    assert decision.order.questions[0]["answer"]["message_id"] == "<a1@c.example>"
    [draft] = decision.drafts
    assert (draft.to, draft.cc, draft.in_reply_to) == ((CLIENT,), (AM.address,), "<a1@c.example>")
    assert draft.context["summary"] == "approved design sketches"
    assert decision.order.sent[-1]["message_id"] == draft.message_id


def test_reading_that_needs_a_human_changes_nothing_but_reaches_the_am() -> None:
    """Below the threshold the question stays open and the AM gets the best reading."""
    order, request_id = asked()
    unsure = Reading("approve", 0.5, 'hedge "I think"', "I think it's fine?", needs_human=True)
    decision = run(client_mail("I think it's fine?", in_reply_to=request_id), [order], unsure)
    assert decision.outcome == "handed-off"
    assert decision.order.questions[0]["status"] == "open"
    assert decision.drafts[0].to == (AM.address,)
    assert decision.drafts[0].context["reading"]["confidence"] == 0.5


def test_answer_of_the_wrong_kind_is_not_applied() -> None:
    """A confident "choose 2" cannot answer an approval question."""
    order, request_id = asked()
    choose = Reading("choose", 0.99, 'matched "2"', "2", choice=2)
    assert run(client_mail("2", in_reply_to=request_id), [order], choose).outcome == "handed-off"


def test_dissatisfied_client_is_escalated_and_nothing_is_applied() -> None:
    """Dissatisfaction reaches the SD (AM in copy); the decision waits for a person, and the
    client gets no automatic confirmation."""
    order, request_id = asked()
    upset = Reading("approve", 0.9, 'matched "disappointed"', "Fine, approved. Disappointed.",
                    dissatisfied=True)  # fmt: skip
    decision = run(client_mail("x", in_reply_to=request_id), [order], upset)
    escalation, handoff = decision.drafts
    assert (escalation.to, escalation.cc) == ((SD.address,), (AM.address,))
    assert handoff.to == (AM.address,) and handoff.template == "staff/handoff"
    assert decision.outcome == "handed-off"
    assert decision.order.questions[0]["status"] == "open"


def test_reply_to_a_settled_question_is_not_read_against_another_open_one() -> None:
    """ "Actually option 3" on the approval's thread must not answer the fabric question."""
    order, approval_id = asked(about="design sketches")
    order = run(client_mail("Approved", in_reply_to=approval_id), [order], APPROVE).order
    order, _ = asked("choice", order, options=["Silk", "Satin", "Velvet"])
    choose = Reading("choose", 0.95, 'matched "option 3"', "Actually option 3", choice=3)
    decision = run(client_mail("Actually option 3", in_reply_to=approval_id), [order], choose)
    assert decision.outcome == "handed-off"
    assert decision.order.questions[1]["status"] == "open"


def test_payment_claim_marks_the_payment_claimed_not_received() -> None:
    """ "I've sent the transfer" claims the payment; only a person marks it received."""
    order = sample_order(CONFIG, deposit_paid=False)
    order.questions.append(
        {"id": "Q1", "kind": "payment", "asked_at": "", "milestone": "deposit", "status": "open"}
    )
    paid = Reading("payment_sent", 0.9, 'matched "sent the transfer"', "I've sent the transfer")
    decision = run(
        client_mail("I've sent the transfer", subject="[ORD-0001] deposit"), [order], paid
    )
    deposit = decision.order.payments[0]
    assert (deposit["milestone"], deposit["status"]) == ("deposit", "claimed")


def test_fitting_confirmation_names_the_slot_in_studio_time() -> None:
    """The confirmation shows the chosen slot as the studio's local time."""
    order, request_id = asked("fitting", slots=["2026-01-27T14:00", "2026-01-29T10:00"])
    slot_one = Reading("choose", 0.9, 'matched "Tuesday"', "Tuesday works", choice=1)
    decision = run(client_mail("Tuesday works", in_reply_to=request_id), [order], slot_one)
    assert decision.drafts[0].context["summary"] == "fitting on Tuesday 27 January 2026 at 14:00"
    assert decision.order.questions[0]["slots"][0] == "2026-01-27T13:00:00+00:00"


def test_staff_mail_on_an_order_is_recorded_and_not_answered() -> None:
    """An AM's own mail in the thread is history, never a client's answer."""
    order, request_id = asked()
    decision = run(
        client_mail("Approved", sender=AM.address, in_reply_to=request_id), [order], None
    )
    assert decision.outcome == "recorded" and decision.drafts == []
    assert decision.order.questions[0]["status"] == "open"


def test_out_of_office_by_subject_alone_is_shown_to_the_am() -> None:
    """No auto-reply header, only the subject: a person may have written it, so the AM sees it."""
    order, request_id = asked()
    raw = client_mail("Out of office next week - can we move the fitting?",
                      subject="Out of Office: back Monday", in_reply_to=request_id)  # fmt: skip
    decision = run(raw, [order], None)
    assert decision.outcome == "auto-reply"
    assert [d.template for d in decision.drafts] == ["staff/handoff"]
    assert decision.drafts[0].to == (AM.address,)


def test_bounce_of_staff_notice_sends_nothing() -> None:
    """A bounce that names no client email is recorded only: notifying staff could loop."""
    raw = client_mail("550 user unknown", sender="mailer-daemon@atelier.example",
                      subject="Undelivered Mail Returned to Sender")  # fmt: skip
    decision = run(raw, [sample_order(CONFIG)], None)
    assert (decision.outcome, decision.drafts) == ("bounce", [])


def test_bounce_notices_are_one_per_order_a_day() -> None:
    """Two bounces on one order the same day give one notice key (the outbox keeps one)."""
    order, request_id = asked()
    keys = {
        run(client_mail(f"550 ({n})", sender="mailer-daemon@mx.example", in_reply_to=request_id),
            [order], None).drafts[0].key
        for n in range(2)
    }  # fmt: skip
    assert len(keys) == 1


def test_staff_mail_for_no_order_is_not_rebroadcast() -> None:
    """An AM answering our "Which order?" notice does not start another round of notices."""
    raw = client_mail("Thanks, I'll handle it", sender=AM.address, subject="Re: Which order?")
    decision = run(raw, [sample_order(CONFIG)], None)
    assert (decision.outcome, decision.drafts) == ("recorded", [])


def test_reply_with_two_open_questions_and_no_thread_says_so() -> None:
    """The hand-off explains why nothing was matched."""
    order, _ = asked()
    order, _ = asked("choice", order, options=["Silk", "Satin"])
    decision = run(client_mail("2", subject="[ORD-0001] hello"), [order], APPROVE)
    assert decision.outcome == "handed-off"
    assert decision.detail.startswith("2 open questions")


def test_decision_with_a_question_is_applied_and_the_question_reaches_the_am() -> None:
    """ "Approved. Can it be ready before Easter?" records the approval and asks the AM."""
    order, request_id = asked(about="design sketches")
    text = "Approved, thank you. Is it still realistic to have it before Easter?"
    reading = Reading("approve", 0.9, 'matched "approved"', text)
    decision = run(client_mail(text, in_reply_to=request_id), [order], reading)
    assert decision.outcome == "applied"
    confirmation, asks = decision.drafts
    assert asks.to == (AM.address,)
    assert asks.context["questions"] == ["Is it still realistic to have it before Easter?"]


def test_staff_out_of_office_does_not_hold_the_clients_reminders() -> None:
    """The AM's own auto-reply names a return date: recorded, but the client's reminders go on."""
    order, request_id = asked()
    away = "I am out of the office until 16 February 2026."
    headers = {"Auto-Submitted": "auto-replied"}
    staff = client_mail(away, sender=AM.address, in_reply_to=request_id, headers=headers)
    decision = run(staff, [order], None)
    assert decision.outcome == "auto-reply" and decision.order.away_until == ""
    assert "away until 2026-02-16" in decision.order.history[-1]["detail"]
    client = client_mail(away, in_reply_to=request_id, headers=headers)
    assert run(client, [order], None).order.away_until == "2026-02-16"
