"""Which order an AM's email to a client belongs to, and what the agent decides on that
thread (pure: no servers)."""

from __future__ import annotations

from pathlib import Path

from staff_mail import staff_mail
from studio import AGENT, AM, CLIENT, MONDAY, SD, make_config, sample_order
from thread_mail import am_to_client, client_to_am, thread_mail

from agent.model import Order, Reading
from agent.parsers.envelope import parse_envelope
from agent.routing import route
from agent.rules import classify
from agent.staff.adoption import Placement, StaffMail, adopt, outside_recipients, place
from agent.staff.cc import on_staff_thread
from agent.staff.inbox import decide_staff_mail
from agent.workflow import Decision

CONFIG = make_config(Path("/nonexistent"))
OTHER = "props@filmhouse.example"
CHOICE_TEXT = "Hi Laura,\n\nTwo options for the cape:\n1. Silk taffeta\n2. Duchess satin\n\nWhich?"


def orders() -> list[Order]:
    gala = sample_order(CONFIG)
    film = sample_order(CONFIG, "ORD-0002", client=OTHER)
    ballet = sample_order(CONFIG, "ORD-0003", client=OTHER)
    closed = sample_order(CONFIG, "ORD-0004", client="old@archive.example")
    closed.phase = "Closed"
    return [gala, film, ballet, closed]


CHAT = Reading("unclear", 0.2, "no decision words", "Thanks!", needs_human=True)


def decide(
    raw: bytes, known: list[Order], ledger: list[dict] | None = None, reading: Reading = CHAT
) -> Decision | None:
    mail = parse_envelope(raw)
    kind = classify(mail, CONFIG)
    where = route(mail, known, CONFIG.staff_addresses)
    read = reading if where.sender_role == "client" and kind.kind == "person" else None
    return on_staff_thread(mail, kind, where, read, known, lambda: ledger or [], CONFIG, MONDAY)


def test_only_people_outside_the_studio_count_as_recipients() -> None:
    """Staff and the agent in To/Cc are not whom the AM is writing to."""
    mail = parse_envelope(
        thread_mail("Hi", to=(CLIENT, SD.address), cc=(AGENT, OTHER), message_id="<a@x>")
    )
    assert outside_recipients(mail, CONFIG) == (CLIENT, OTHER)


def placed(to: str, subject: str = "Next steps", known: list[Order] | None = None) -> Placement:
    known = known or orders()
    mail = parse_envelope(am_to_client("Hi", to=(to,), subject=subject, message_id="<a@x>"))
    return place(StaffMail.of(mail, CONFIG, MONDAY), route(mail, known, frozenset()), known)


def test_client_of_exactly_one_open_order_places_the_email_on_it() -> None:
    """The gala's client is on one open order: the email is placed there, no question asked."""
    found = placed(CLIENT)
    assert found.order is not None and found.order.id == "ORD-0001"
    assert found.via == "client-address"


def test_client_with_two_open_orders_is_offered_as_those_two() -> None:
    """A client on two open orders: the AM is asked, offered just those two."""
    found = placed(OTHER)
    assert found.order is None
    assert [o.id for o in found.candidates] == ["ORD-0002", "ORD-0003"]


def test_no_matching_client_offers_every_open_order() -> None:
    """Nobody known among the recipients (or only a closed order's client): all open orders."""
    found = placed("old@archive.example")
    assert [o.id for o in found.candidates] == ["ORD-0001", "ORD-0002", "ORD-0003"]


def test_the_ams_tag_beats_the_thread_it_continues() -> None:
    """An AM replying on ORD-0001's thread but tagging [ORD-0002] means ORD-0002."""
    known = orders()
    known[0].sent.append({"message_id": "<old@x>", "kind": "request", "question_id": ""})
    mail = parse_envelope(
        am_to_client("Hi", subject="[ORD-0002] Props", message_id="<a@x>", references=("<old@x>",))
    )
    found = place(StaffMail.of(mail, CONFIG, MONDAY), route(mail, known, frozenset()), known)
    assert found.order is not None and found.order.id == "ORD-0002"


def test_subject_tag_wins_over_the_addresses() -> None:
    """[ORD-0003] in the subject attaches the email there, though the client has two orders."""
    raw = am_to_client("Hi", to=(OTHER,), subject="[ORD-0003] Tutus", message_id="<a@x>")
    decision = decide(raw, orders())
    assert decision is not None and decision.outcome == "adopted"
    assert decision.order is not None and decision.order.id == "ORD-0003"
    assert decision.drafts == []


def test_adoption_records_the_thread_last_update_history_and_the_question() -> None:
    """The AM's message and the ids it references are routed to the order; its choice is open."""
    raw = am_to_client(CHOICE_TEXT, message_id="<am1@x>", references=("<first@client>",))
    mail = StaffMail.of(parse_envelope(raw), CONFIG, MONDAY)
    order = adopt(orders()[0], mail, "client-address", CONFIG, MONDAY)
    [question] = order.open_questions()
    assert (question.kind, question.options) == ("choice", ["Silk taffeta", "Duchess satin"])
    rows = {(s["message_id"], s["kind"]): s["question_id"] for s in order.sent}
    assert rows[("<am1@x>", "am-mail")] == question.id
    assert rows[("<am1@x>", "request")] == question.id
    assert ("<first@client>", "am-thread") in rows
    assert order.last_client_update == "2026-01-26T09:00:00+00:00"
    assert [h["event"] for h in order.history][-2:] == ["AM wrote to the client", "asked"]


def test_am_email_to_a_supplier_on_the_order_asks_the_client_nothing() -> None:
    """The AM asks a supplier to choose, [ORD-0001] tagged: recorded, no question, no update."""
    supplier = "marco@silkmill.example"
    text = "Hi Marco,\n\nWhich shipping option?\n1. By air on Monday\n2. By truck on Wednesday"
    raw = am_to_client(text, to=(supplier,), subject="[ORD-0001] Silk", message_id="<s@x>")
    decision = decide(raw, orders())
    assert decision is not None and decision.outcome == "adopted"
    assert decision.order is not None and decision.order.open_questions() == []
    assert decision.order.last_client_update == ""
    assert decision.order.history[-1]["event"] == "AM wrote, not to the client"


def test_html_only_request_for_approval_is_tracked() -> None:
    """An HTML-only email asking to approve the sketches opens that approval."""
    raw = am_to_client(
        "Hi Laura,\n\nCould you approve the attached design sketches?\n\nThanks!",
        message_id="<am1@x>",
        html_only=True,
    )
    order = adopt(
        orders()[0], StaffMail.of(parse_envelope(raw), CONFIG, MONDAY), "t", CONFIG, MONDAY
    )
    [question] = order.open_questions()
    assert (question.kind, question.about) == ("approval", "design sketches")


def test_am_asking_again_opens_no_second_question() -> None:
    """A "just checking" repeat of the same options is tied to the open question, not a new one."""
    order = orders()[0]
    for message_id in ("<am1@x>", "<am2@x>"):
        raw = am_to_client(CHOICE_TEXT, message_id=message_id)
        order = adopt(order, StaffMail.of(parse_envelope(raw), CONFIG, MONDAY), "t", CONFIG, MONDAY)
    assert [q.id for q in order.open_questions()] == ["Q1"]
    assert {s["question_id"] for s in order.sent if s["kind"] == "am-mail"} == {"Q1"}


def test_other_orders_messages_stay_with_their_order() -> None:
    """Tagging [ORD-0002] on ORD-0001's thread: ORD-0001's request is not copied to ORD-0002."""
    known = orders()
    known[0].sent.append({"message_id": "<req1@x>", "kind": "request", "question_id": ""})
    raw = am_to_client("Hi", subject="[ORD-0002] Props", message_id="<a@x>",
                       references=("<first@client>", "<req1@x>"))  # fmt: skip
    decision = decide(raw, known)
    assert decision is not None and decision.order is not None
    assert {s["message_id"] for s in decision.order.sent} == {"<a@x>", "<first@client>"}


def test_no_match_holds_the_email_and_asks_the_am() -> None:
    """Unplaceable: nothing changes on any order; the AM is asked and the email is kept."""
    raw = am_to_client("Hi both", to=(OTHER,), message_id="<a@x>")
    decision = decide(raw, orders())
    assert decision is not None and decision.outcome == "asked-which-order"
    assert decision.order is None
    [draft] = decision.drafts
    assert draft.to == (AM.address,) and draft.in_reply_to == "<a@x>"
    assert decision.record["pending"]["message_id"] == "<a@x>"
    assert decision.record["asked"] == draft.message_id
    assert decision.record["candidates"] == ["ORD-0002", "ORD-0003"]


def held(known: list[Order]) -> list[dict]:
    asked = decide(am_to_client(CHOICE_TEXT, to=(OTHER,), message_id="<a@x>"), known)
    assert asked is not None
    return [{"message_id": "<a@x>", **asked.record}]


def answer(text: str, ledger: list[dict], known: list[Order]) -> Decision | None:
    raw = thread_mail(
        text,
        to=(AGENT,),
        cc=(),
        subject="Re: Which order?",
        message_id="<ans@x>",
        references=("<a@x>", ledger[0]["asked"]),
    )
    return decide(raw, known, ledger)


def test_am_naming_the_order_attaches_the_held_email_and_opens_its_question() -> None:
    """ "ORD-3" in the AM's answer attaches the held email to ORD-0003; the AM is told."""
    known = orders()
    decision = answer("ord-3 please\n\n> Which order?\n> ORD-0002 ...", held(known), known)
    assert decision is not None and decision.outcome == "adopted"
    assert decision.order is not None and decision.order.id == "ORD-0003"
    assert decision.order.open_questions()[0].options == ["Silk taffeta", "Duchess satin"]
    [notice] = decision.drafts
    assert notice.template == "staff/thread_adopted" and notice.to == (AM.address,)
    assert notice.context["question"]["options"] == ["Silk taffeta", "Duchess satin"]


def test_answer_without_a_single_order_asks_again_and_keeps_the_email() -> None:
    """No id, an unknown id, or two ids: nothing attached; the AM is asked again, saying why."""
    known = orders()
    for text, why in [
        ("the film one", "no order id"),
        ("ORD-0099", "ORD-0099 is not an order"),
        ("ORD-0002 or ORD-0003", "several orders"),
    ]:
        decision = answer(text, held(known), known)
        assert decision is not None and decision.outcome == "asked-which-order"
        assert why in decision.detail and decision.order is None
        assert decision.record["pending"]["message_id"] == "<a@x>"


def test_am_saying_none_leaves_the_email_alone() -> None:
    """ "none": the email was to a supplier; nothing attached, nothing asked again."""
    known = orders()
    decision = answer("None, that was the embroidery supplier.", held(known), known)
    assert decision is not None and decision.outcome == "recorded"
    assert decision.order is None and decision.drafts == []


def test_staff_mail_only_to_the_agent_is_left_to_the_usual_workflow() -> None:
    """A command or hand-off answer (no outside recipient, no "which order?") is not ours."""
    raw = thread_mail("ORD-0001 phase construction", to=(AGENT,), cc=(), message_id="<c@x>")
    assert decide(raw, orders()) is None


def adopted_gala() -> list[Order]:
    known = orders()
    raw = am_to_client(CHOICE_TEXT, message_id="<am1@x>", references=("<first@client>",))
    known[0] = adopt(
        known[0], StaffMail.of(parse_envelope(raw), CONFIG, MONDAY), "test", CONFIG, MONDAY
    )
    return known


def test_client_chatting_on_the_am_thread_is_recorded_and_not_answered() -> None:
    """ "Thanks!" on the AM's thread: recorded on the order, no email to anyone."""
    raw = client_to_am("Thanks!", quoting=CHOICE_TEXT, message_id="<c1@client>",
                       references=("<first@client>", "<am1@x>"))  # fmt: skip
    decision = decide(raw, adopted_gala())
    assert decision is not None and decision.outcome == "recorded"
    assert decision.drafts == []
    assert decision.order is not None and decision.order.history[-1]["event"] == "client mail"


def client_reply(reading: Reading) -> Decision | None:
    raw = client_to_am(reading.reply_text, quoting=CHOICE_TEXT, message_id="<c1@client>",
                       references=("<first@client>", "<am1@x>"))  # fmt: skip
    return decide(raw, adopted_gala(), reading=reading)


def test_clear_answer_on_the_am_thread_is_left_to_the_usual_confirmation() -> None:
    """ "Option 2" read with confidence: the usual workflow applies it and confirms."""
    assert client_reply(Reading("choose", 0.9, "option 2", "Option 2", choice=2)) is None


def test_unsure_answer_on_the_am_thread_goes_to_the_am_only() -> None:
    """An answer read without confidence is handed to the AM; the client gets nothing."""
    unsure = Reading("choose", 0.6, "a lean", "Maybe the satin", choice=2, needs_human=True)
    decision = client_reply(unsure)
    assert decision is not None and decision.outcome == "handed-off"
    assert [d.to for d in decision.drafts] == [(AM.address,)]


def test_the_am_settles_a_hand_off_from_their_own_thread_in_one_line() -> None:
    """The unsure reply handed to the AM: their "option 2" answer chooses the satin."""
    unsure = Reading("choose", 0.6, "a lean", "Maybe the satin", choice=2, needs_human=True)
    handed = client_reply(unsure)
    assert handed is not None and handed.order is not None
    [handoff] = handed.drafts
    raw = staff_mail("Option 2", subject=f"Re: {handoff.subject}", in_reply_to=handoff.message_id)
    mail = parse_envelope(raw)
    decision = decide_staff_mail(mail, classify(mail, CONFIG), [handed.order], CONFIG, MONDAY)
    assert decision is not None and decision.outcome == "handoff-answered"
    assert decision.order is not None and decision.order.open_questions() == []
    assert decision.order.questions[0]["answer"]["summary"] == "cape 2, Duchess satin"


def test_unhappy_client_on_the_am_thread_reaches_the_sales_director() -> None:
    """Dissatisfaction is escalated to the SD (the AM in copy); the client gets nothing."""
    upset = Reading("unclear", 0.3, "complaint", "This is unacceptable", dissatisfied=True,
                    needs_human=True)  # fmt: skip
    decision = client_reply(upset)
    assert decision is not None and decision.outcome == "escalated"
    [draft] = decision.drafts
    assert draft.to == (SD.address,) and CLIENT not in draft.to + draft.cc


def test_yes_on_a_thread_about_no_question_approves_nothing() -> None:
    """The AM's thread asks nothing tracked: "Approved" there does not settle Q1 elsewhere."""
    known = orders()
    known[0].questions.append(
        {"id": "Q1", "kind": "approval", "asked_at": "x", "about": "sketches"}
    )
    raw = am_to_client("Hi Laura, I moved the hem up 2 cm, ok?", message_id="<am1@x>")
    known[0] = adopt(
        known[0], StaffMail.of(parse_envelope(raw), CONFIG, MONDAY), "t", CONFIG, MONDAY
    )
    reply = client_to_am("Approved, fine.", quoting="I moved the hem", message_id="<c@client>",
                         references=("<am1@x>",))  # fmt: skip
    approve = Reading("approve", 0.9, "approved", "Approved, fine.")
    decision = decide(reply, known, reading=approve)
    assert decision is not None and decision.outcome == "recorded"
    assert decision.order is not None and decision.order.open_questions()[0].id == "Q1"


def test_am_note_on_the_agents_request_thread_keeps_its_question() -> None:
    """The AM adds a note under the agent's request: an answer to the note answers the request,
    though another question is open too."""
    known = orders()
    known[0].questions.append(
        {"id": "Q1", "kind": "approval", "asked_at": "x", "about": "sketches"}
    )
    known[0].questions.append({"id": "Q2", "kind": "choice", "asked_at": "x", "options": ["a"]})
    known[0].sent.append({"message_id": "<req@agent>", "kind": "request", "question_id": "Q1"})
    raw = am_to_client("Laura, the sketches are also on our drive.", message_id="<am1@x>",
                       references=("<req@agent>",))  # fmt: skip
    known[0] = adopt(
        known[0], StaffMail.of(parse_envelope(raw), CONFIG, MONDAY), "t", CONFIG, MONDAY
    )
    reply = client_to_am("Approved!", quoting="also on our drive", message_id="<c@client>",
                         references=("<req@agent>", "<am1@x>"))  # fmt: skip
    assert decide(reply, known, reading=Reading("approve", 0.9, "approved", "Approved!")) is None


def test_am_later_email_on_the_thread_is_staff_mail_not_an_answer() -> None:
    """The AM writing again on the thread is recorded as theirs; the question stays open."""
    raw = am_to_client("Option 2 is lovely, by the way.", message_id="<am2@x>",
                       references=("<first@client>", "<am1@x>"))  # fmt: skip
    decision = decide(raw, adopted_gala())
    assert decision is not None and decision.outcome == "adopted"
    assert decision.order is not None
    assert [q.id for q in decision.order.open_questions()] == ["Q1"]
    assert decision.order.history[-1]["by"] == AM.address
