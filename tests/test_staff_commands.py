"""Staff commands, read and applied without servers: phrasings, bad forms, trust, hand-offs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from staff_mail import staff_mail
from studio import (
    AGENT,
    AM,
    CLIENT,
    MONDAY,
    SD,
    NoMailbox,
    NoTransport,
    client_mail,
    make_config,
    sample_order,
)
from test_records import paused_for_late_payment

from agent.change_orders import propose
from agent.clock import FixedClock
from agent.config import Person
from agent.model import Order
from agent.orders import ask
from agent.outbox import Draft
from agent.parsers.envelope import parse_envelope
from agent.pipeline import Agent
from agent.rules import classify
from agent.staff.command_text import read_commands
from agent.staff.handoff_answer import read_answer
from agent.staff.inbox import decide_staff_mail, is_written_to_agent
from agent.staff.order_form import money
from agent.staff.trust import forged_because
from agent.store import Commit, Store
from agent.workflow import Decision

CONFIG = make_config(Path("/nonexistent"))
FINANCE = Person("Rosa Finance", "accounts@ledgerhouse.example")


@pytest.mark.parametrize(
    ("line", "verb", "rest"),
    [
        ("ORD-0042 phase construction", "phase", "construction"),
        ("ord-42 PHASE Construction", "phase", "Construction"),
        ("set phase fitting ORD-0042", "phase", "fitting"),
        ("- ORD-0042 phase final", "phase", "final"),
        ("ORD-0042 note lead gown pattern done", "note", "lead gown pattern done"),
        ("ORD-0042: add note: toile cut", "note", "toile cut"),
        ("ORD-0042 paid deposit", "paid", "deposit"),
        ("Payment received ORD-0042 mid-project 2026-02-20", "paid", "mid-project 2026-02-20"),
        ("ORD-0042 delivery 2026-03-12 fabric late", "delivery", "2026-03-12 fabric late"),
        ("ORD-0042 new delivery date 2026-03-12: late", "delivery", "2026-03-12: late"),
        ("ORD-0042 milestone first fitting done", "milestone", "first fitting done"),
        ("ORD-0042 ask approval design sketches", "ask_approval", "design sketches"),
        ("ORD-0042 ask for approval of the toiles", "ask_approval", "the toiles"),
        ("Request approval ORD-0042: sketches", "ask_approval", "sketches"),
        ("ORD-0042 fitting Tue 27 Jan 14:00; Thu 10:00", "fitting", "Tue 27 Jan 14:00; Thu 10:00"),
        ("ORD-0042 offer fitting Tue 27 Jan 14:00", "fitting", "Tue 27 Jan 14:00"),
        ("ORD-0042 choice fabric", "choice", "fabric"),
        ("status ORD-0042", "status", ""),
        ("ORD-0042 status", "status", ""),
        ("ORD-0042 pause", "pause", ""),
        ("Put on hold ORD-0042", "pause", ""),
        ("ORD-0042 resume", "resume", ""),
        ("unpause ORD-0042", "resume", ""),
        ("send the kick-off ORD-0042", "kickoff", ""),
        ("ORD-0042 change order extra act", "change_order", "extra act"),
        ("ORD-0042 issue fabric delayed", "issue", "fabric delayed"),
        ("ORD-0042 approve change order CO-1", "approve_change", "CO-1"),
        ("Approved. ORD-0042", "approve_change", ""),
        ("ORD-0042 decline, too expensive", "decline_change", "too expensive"),
        ("Call the client today ORD-0042", "call_client", "today"),
        ("ORD-0042 frobnicate the gowns", "", "frobnicate the gowns"),
    ],
)  # fmt: skip
def test_a_command_line_in_its_phrasings(line: str, verb: str, rest: str) -> None:
    """Each phrasing names its command and its words, whatever the case and the id's place."""
    [command] = read_commands(line, "").commands
    assert (command.verb, command.order_id, command.rest) == (verb, "ORD-0042", rest)


@pytest.mark.parametrize(
    ("line", "subject", "verb", "order_id"),
    [
        ("Phase: construction", "Re: [ORD-0042] Your approval", "phase", "ORD-0042"),
        ("ORD-0007 note hem", "Re: [ORD-0042] Your approval", "note", "ORD-0007"),
        ("Status", "Weekly", "status", ""),
        ("New order", "", "new_order", ""),
        ("create order", "", "new_order", ""),
        ("Send kickoff", "", "kickoff", ""),
    ],
)
def test_the_order_id_comes_from_the_line_else_the_subject(line, subject, verb, order_id) -> None:
    """An id on the line wins; without one the subject's id stands in; some need none."""
    [command] = read_commands(line, subject).commands
    assert (command.verb, command.order_id) == (verb, order_id)


def test_greetings_and_chat_are_not_commands() -> None:
    """Lines with no command word and no order id are left alone, not misread."""
    found = read_commands("Hi there,\n\nThanks a lot!\nAna", "Quick one")
    assert found.commands == ()
    assert found.chatter == ("Hi there,", "Thanks a lot!", "Ana")


def test_a_new_order_takes_its_field_lines_and_the_kickoff_follows() -> None:
    """`key: value` lines belong to the new order; "send kickoff" after them is its own command."""
    text = "new order\nproject: Gala\n\nclient: Laura Gil\nsend kickoff\nThanks"
    found = read_commands(text, "")
    assert [c.verb for c in found.commands] == ["new_order", "kickoff"]
    assert found.commands[0].block == ("project: Gala", "client: Laura Gil")
    assert found.chatter == ("Thanks",)


def decide(body: str, orders: list[Order] | None = None, **details: object) -> Decision:
    mail = parse_envelope(staff_mail(body, **details))  # type: ignore[arg-type]
    orders = [sample_order(CONFIG)] if orders is None else orders
    decision = decide_staff_mail(mail, classify(mail, CONFIG), orders, CONFIG, MONDAY)
    assert decision is not None, "staff mail to the agent alone is always decided"
    return decision


def answer_lines(decision: Decision) -> list[dict]:
    [answer] = [d for d in decision.drafts if d.template == "staff/command_answer"]
    return answer.context["outcomes"]


@pytest.mark.parametrize(
    ("body", "why", "example"),
    [
        ("ORD-0001 phase knitting", "is not one of Design", "ORD-0042 phase construction"),
        ("phase construction", "which order?", "ORD-0042 phase construction"),
        ("ORD-0001 delivery next week", "like 2026-03-12", "ORD-0042 delivery 2026-03-12"),
        ("ORD-0001 delivery 2026-03-30", "say why the date moves", "fabric from Italy late"),
        ("ORD-0001 delivery 2026-02-30 late fabric", "is not a date", "ORD-0042 delivery"),
        ("ORD-0001 delivery 9999-12-30 postponed", "more than 3 years", "ORD-0042 delivery"),
        ("ORD-0001 paid deposit 1999-01-05", "more than 3 years", "ORD-0042 paid deposit"),
        ("ORD-0001 milestone final fitting planned for 2999-03-05", "more than 3", "milestone"),
        (
            "new order\nproject: Gala\nclient: Laura\nclient email: l@x.example\n"
            "contract value: 9000\ndelivery date: 9999-12-30",
            "delivery_date: 9999-12-30 is more than 3 years from today",
            "new order",
        ),
        ("ORD-0001 fitting someday soon", "not a coming day and time", "Tue 27 Jan"),
        ("ORD-0001 fitting Mon 19 Jan 2026 10:00", "not a coming day", "ORD-0042 fitting"),
        ("ORD-0001 fitting Mon 26 Jan 08:00", "in the past", "ORD-0042 fitting"),
        ("ORD-0001 choice fabric\n1. Silk", "at least two options", "1. Silk taffeta"),
        ("ORD-0001 resume", "is not paused", "ORD-0042 resume"),
        ("ORD-0001 paid everything", "is not a payment on ORD-0001", "ORD-0042 paid deposit"),
        ("ORD-0001 ask approval", "say what the client should approve", "ask approval"),
        ("ORD-0007 note hello", "there is no order ORD-0007", "ORD-0042 note"),
        ("ORD-0001 frobnicate", "is not a command I know", "ORD-0001 phase construction"),
        ("new order\nproject: Gala\nclient: Laura", "missing: client email, contract", "new order"),
        ("new order\nproject: Gala\ncolour: red", '"colour" is not a field', "client email:"),
    ],
)
def test_a_bad_form_changes_nothing_and_the_answer_shows_the_right_one(body, why, example) -> None:
    """The AM learns what was wrong and sees how to write it; no order changes, nothing is sent."""
    decision = decide(body)
    [outcome] = answer_lines(decision)
    assert not outcome["done"]
    assert why in " ".join(outcome["said"])
    assert example in outcome["example"]
    assert decision.order is None and len(decision.drafts) == 1


def test_a_request_already_open_is_not_sent_again() -> None:
    """Asking the same approval a second time names the open question and sends nothing."""
    order = answer_order("ORD-0001 ask approval design sketches")
    decision = decide("ORD-0001 ask approval Design Sketches", [order])
    [outcome] = answer_lines(decision)
    assert "Q1 already asks this" in outcome["said"][0] and len(decision.drafts) == 1


def answer_order(body: str) -> Order:
    decision = decide(body)
    assert decision.order is not None
    return decision.order


@pytest.mark.parametrize(
    "body",
    [
        "ORD-0001 choice fabric: 1. Silk taffeta 2. Duchess satin",
        "ORD-0001 choice fabric\n\n1) Silk taffeta\n2) Duchess satin",
        "ORD-0001 offer options fabric\n- Silk taffeta\n- Duchess satin",
    ],
)
def test_choice_options_inline_numbered_or_bulleted(body: str) -> None:
    """Options on the line or one a line below, numbered or bulleted, become the question."""
    [question] = answer_order(body).open_questions()
    assert (question.about, question.options) == ("fabric", ["Silk taffeta", "Duchess satin"])


@pytest.mark.parametrize(
    "body",
    [
        "ORD-0001 fitting Tue 27 Jan 14:00; Thu 29 Jan 10:00",
        "ORD-0001 fitting\n- Tuesday 27 January at 2pm\n- Thursday 29 January at 10am",
        "ORD-0001 offer fitting slots 27/01 14:00; 29/01 10:00",
    ],
)
def test_fitting_slots_on_the_line_or_below(body: str) -> None:
    """Slots in the studio's time zone, however written, are stored as the offered times."""
    [question] = answer_order(body).open_questions()
    assert question.slots == ["2026-01-27T13:00:00+00:00", "2026-01-29T09:00:00+00:00"]


def test_pause_then_resume_restores_the_phase_and_the_history_names_the_am() -> None:
    """Resume brings back the phase before the pause; each change carries the AM and the email."""
    order = sample_order(CONFIG)
    order.phase = "Construction"
    decision = decide("ORD-0001 pause\nORD-0001 resume", [order], message_id="<p1@atelier.example>")
    assert decision.order is not None and decision.order.phase == "Construction"
    entries = decision.order.history[-2:]
    assert [e["detail"] for e in entries] == ["Paused", "Construction"]
    assert {(e["by"], e["message_id"]) for e in entries} == {(AM.address, "<p1@atelier.example>")}


def test_the_same_new_order_sent_again_is_not_created_twice() -> None:
    """A second copy of a new-order email names the existing order instead of making another."""
    body = (
        "new order\nproject: Teatro Nuevo Gala\nclient: Laura Gil\n"
        f"client email: {CLIENT.upper()}\ncontract value: 18000\ndelivery date: 2026-03-12"
    )
    [outcome] = answer_lines(decide(body))
    assert not outcome["done"] and "ORD-0001 is already this project" in outcome["said"][0]


def test_status_alone_lists_only_the_senders_open_orders() -> None:
    """`status` answers with the AM's own open orders, not a colleague's or closed ones."""
    mine, closed, theirs = (sample_order(CONFIG, f"ORD-000{n}") for n in (1, 2, 3))
    closed.phase = "Closed"
    theirs.am_email = "marc@atelier.example"
    [outcome] = answer_lines(decide("status", [mine, closed, theirs]))
    said = "\n".join(outcome["said"])
    assert "ORD-0001" in said and "ORD-0002" not in said and "ORD-0003" not in said


@pytest.mark.parametrize(
    ("text", "amount"),
    [("18000", 18000), ("18,000", 18000), ("€18.000", 18000), ("18 000 EUR", 18000),
     ("18k", 18000), ("1,234.50", 1234.5), ("1.234,50", 1234.5), ("18,5", 18.5)],
)  # fmt: skip
def test_contract_values_as_people_write_them(text: str, amount: float) -> None:
    """Thousands separators and decimal marks of either convention give the same number."""
    assert money(text) == amount


@pytest.mark.parametrize(
    ("text", "intent", "choice"),
    [
        ("approve", "approve", None),
        ("Approved.\n\nAna", "approve", None),
        ("Yes", "approve", None),
        ("decline", "decline", None),
        ("option 2", "choose", 2),
        ("Fitting 2", "choose", 2),
        ("2", "choose", 2),
        ("Ignore", "ignore", None),
        ("Option 2, please.", "choose", 2),
        ("Thanks, approve", "approve", None),
        ("approve but ask about the hem", None, None),
        ("let me call her first", None, None),
        (
            "Hi Ana,\n\nApprove\n\nThanks!\nSofia Marin\nSales Director | Atelier Lumen",
            "approve",
            None,
        ),
        ("Ok, thanks!\n\nI will call Laura tomorrow to see what she means.", None, None),
        ("approve\n\nActually no, wait until I talk to Laura", None, None),
        ("Approve? No way.", None, None),
        ("Ignore\n\nAna", "ignore", None),
    ],
)
def test_one_line_answers_to_a_hand_off(text: str, intent: str | None, choice: int | None) -> None:
    """Only a plain one-line decision counts, with at most a greeting, close or signature."""
    answer = read_answer(text)
    assert (answer.intent, answer.choice) == (intent, choice) if answer else intent is None


SPF_ONLY = "spf=fail and no dkim=pass from the sender's domain"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("mx.atelier.example; dkim=pass header.d=atelier.example; dmarc=pass", ""),
        ("mx.atelier.example; spf=pass; dkim=none; dmarc=fail (p=reject)", "dmarc=fail"),
        ("mx.atelier.example; dkim=fail (bad signature) header.d=atelier.example", "dkim=fail"),
        ("mx.atelier.example; spf=fail smtp.mailfrom=atelier.example", SPF_ONLY),
        ("mx.atelier.example; spf=fail; dkim=pass header.d=evil.example", SPF_ONLY),
        ("mx.atelier.example; spf=fail; dkim=pass", SPF_ONLY),
        ("mx; dkim=fail header.d=atelier.example; dkim=pass header.d=evil.example", "dkim=fail"),
        ("mx.atelier.example; spf=fail; dkim=pass header.d=atelier.example", ""),
        ("mx.atelier.example; spf=softfail; dmarc=none", ""),
        ("mx; dkim=pass header.d=atelier.example; dkim=fail header.d=esp.example; dmarc=pass", ""),
        ("mx.atelier.example; dkim=fail header.d=esp.example; dmarc=pass", ""),
        ("mx.atelier.example; dkim=pass; dkim=fail; dmarc=fail", "dmarc=fail"),
    ],
)
def test_authentication_results_that_mean_forged(header: str, reason: str) -> None:
    """DMARC fail, DKIM fail with nothing passing, or SPF fail without a DKIM pass is forged;
    only a signature by the sender's own domain counts as a pass."""
    mail = parse_envelope(staff_mail("status", headers={"Authentication-Results": header}))
    assert forged_because(mail) == reason


def test_a_signature_by_a_parent_domain_vouches_for_the_sender() -> None:
    """Mail from a subdomain signed by the studio's own domain is not taken for forged."""
    header = "mx.atelier.example; spf=fail; dkim=pass header.d=atelier.example"
    raw = staff_mail(
        "status", sender="ana@mail.atelier.example", headers={"Authentication-Results": header}
    )
    assert forged_because(parse_envelope(raw)) == ""


@pytest.mark.parametrize(
    ("raw", "mine"),
    [
        (staff_mail("status"), True),
        (staff_mail("status", to=(AGENT,), cc=(SD.address,)), True),
        (staff_mail("Dear Laura, sketches attached", to=(CLIENT,), cc=(AGENT,)), False),
        (client_mail("status"), False),
        (staff_mail("Thanks!", cc=(FINANCE.address,)), True),
        (staff_mail("Thanks!", cc=("team@atelier.example",)), True),
        (staff_mail("ORD-0001 paid deposit", cc=("marco@silkmill.example",)), False),
        (staff_mail("Marco, the silk?", to=("marco@silkmill.example",), cc=(AGENT,)), False),
        (staff_mail("ORD-0001 paid deposit", to=(CLIENT,), cc=(AGENT,)), False),
    ],
)
def test_only_staff_mail_to_the_agent_alone_is_read_as_commands(raw: bytes, mine: bool) -> None:
    """With a client or a supplier among the recipients it is the AM's email to them, not a
    command, whatever it says; finance and colleagues in copy change nothing."""
    mail = parse_envelope(raw)
    config = replace(CONFIG, finance=FINANCE)
    assert is_written_to_agent(mail, classify(mail, config), config) is mine


def agent_with(tmp_path: Path, order: Order) -> Agent:
    """The whole agent on a real store holding `order`, with no mail servers."""
    config = replace(make_config(tmp_path), finance=FINANCE)
    store = Store(config.store_path)
    store.commit(Commit(orders=[order]))
    return Agent(config, store, NoMailbox(), NoTransport(), FixedClock(MONDAY))  # type: ignore[arg-type]


def test_a_command_with_finance_in_copy_is_applied_and_answered(tmp_path: Path) -> None:
    """ "ORD-0001 paid deposit" copied to Finance records the payment and answers the AM."""
    agent = agent_with(tmp_path, sample_order(CONFIG, deposit_paid=False))
    mail = parse_envelope(staff_mail("ORD-0001 paid deposit", cc=(FINANCE.address,)))
    decision = agent.decide(mail, MONDAY)
    assert decision.order is not None and decision.order.payments[0]["status"] == "received"
    assert [d.to for d in decision.drafts] == [(AM.address,)]


def test_the_sales_director_names_the_account_manager_of_a_new_order() -> None:
    """An order needs an AM: from the director without one, the answer says how to name them."""
    body = (
        "new order\nproject: Gala\nclient: Laura Gil\nclient email: laura@x.example\n"
        "contract value: 18000\ndelivery date: 2026-03-12"
    )
    [outcome] = answer_lines(decide(body, sender=SD.address))
    assert not outcome["done"] and "account manager: Ana" in outcome["said"][0]
    [outcome] = answer_lines(decide(f"{body}\naccount manager: Marc", sender=SD.address))
    assert outcome["done"] and "account manager Marc Vidal" in outcome["said"][0]


def test_an_email_with_no_command_is_still_answered_with_the_forms() -> None:
    """Chat to the agent is answered: what it read, and every command's form; nothing changes."""
    decision = decide("Thanks for all the help today!")
    [reply] = decision.drafts
    assert decision.outcome == "no-command" and decision.order is None
    assert reply.context["chatter"] == ["Thanks for all the help today!"]
    assert "ORD-0042 phase construction" in reply.context["examples"]


def handed_off_fitting() -> Order:
    """An order whose fitting question went to the AM: its hand-off as the workflow records it."""
    order, _ = ask(sample_order(CONFIG), "fitting", CONFIG, MONDAY, slots=SLOTS)
    order.sent.append(
        {"message_id": "<handoff@atelier.example>", "kind": "handoff", "question_id": "Q1",
         "reply_id": "<maybe@teatronuevo.example>", "reply_from": CLIENT,
         "reply_subject": "Re: [ORD-0001] Your fitting: please pick a time"}
    )  # fmt: skip
    return order


SLOTS = ["2026-01-27T14:00", "2026-01-29T10:00"]


def test_fitting_2_from_the_am_books_the_slot_and_invites_the_client() -> None:
    """The AM's "fitting 2" books slot 2 as their decision; the client's confirmation has the
    calendar invitation and answers the client's own reply."""
    decision = decide("Fitting 2", [handed_off_fitting()], in_reply_to="<handoff@atelier.example>")
    assert decision.outcome == "handoff-answered" and decision.order is not None
    answer = decision.order.questions[0]["answer"]
    assert (answer["choice"], answer["by"]) == (2, AM.address)
    confirmation, reply = decision.drafts
    assert (
        confirmation.to == (CLIENT,) and confirmation.in_reply_to == "<maybe@teatronuevo.example>"
    )
    assert [a.filename for a in confirmation.attachments] == ["fitting.ics"]
    assert reply.to == (AM.address,)


@pytest.mark.parametrize("line", ["approve", "fitting 3"])
def test_a_hand_off_answer_that_does_not_fit_the_question_changes_nothing(line: str) -> None:
    """ "approve" on a fitting, or a slot never offered: the AM is told; nothing is applied."""
    decision = decide(line, [handed_off_fitting()], in_reply_to="<handoff@atelier.example>")
    [reply] = decision.drafts
    assert decision.order is None
    assert "answer with a number, 1 to 2" in reply.context["outcomes"][0]["said"][0]


def test_paid_by_email_resumes_work_its_lateness_paused_and_says_so() -> None:
    """The AM's answer says the order is back in its phase; the order is no longer paused."""
    decision = decide("ORD-0001 paid mid-project", [paused_for_late_payment()])
    assert decision.order is not None and decision.order.phase == "Construction"
    [outcome] = answer_lines(decision)
    assert outcome["said"][-1] == "Work had been paused for it: ORD-0001 is back in Construction."


def test_a_new_order_by_email_takes_planned_days_on_a_plan_line() -> None:
    """`plan: first fitting 2026-02-20; final fitting 2026-03-05` sets those two days."""
    body = (
        "new order\nproject: Ballet Gala\nclient: Laura Gil\n"
        f"client email: {CLIENT}\ncontract value: 9000\ndelivery date: 2026-03-12\n"
        "plan: first fitting 2026-02-20; Final fitting 2026-03-05"
    )
    created = decide(body, []).order
    assert created is not None
    assert created.plan["first fitting"] == "2026-02-20"
    assert created.plan["final fitting"] == "2026-03-05"
    [outcome] = answer_lines(decide(body.replace("2026-02-20", "soon"), []))
    assert not outcome["done"] and '"first fitting soon" has no date' in outcome["said"][0]


def test_a_milestone_is_re_planned_by_email() -> None:
    """`milestone final fitting planned for 2026-03-05` moves its planned day and says so."""
    decision = decide("ORD-0001 milestone final fitting planned for 2026-03-05")
    assert decision.order is not None
    assert decision.order.plan["final fitting"] == "2026-03-05"
    assert "final fitting" not in decision.order.milestones
    [outcome] = answer_lines(decision)
    assert outcome["said"] == ["ORD-0001: final fitting now planned for 2026-03-05."]


def test_an_email_of_too_many_commands_is_cut_and_the_answer_says_where() -> None:
    """Past 50 commands nothing more is applied; the answer names the first line left out."""
    body = "\n".join(f"ORD-0001 note step {n}" for n in range(1, 61))
    decision = decide(body)
    assert decision.order is not None
    assert sum(e["event"] == "note" for e in decision.order.history) == 50
    outcomes = answer_lines(decision)
    assert len(outcomes) == 51 and not outcomes[-1]["done"]
    assert outcomes[-1]["command"] == "ORD-0001 note step 51"
    assert "these 10 were not: send them in another email" in outcomes[-1]["said"][0]


@pytest.mark.parametrize(
    "line",
    [
        "ORD-0001 milestone first fitting done on 2026-01-24",
        "ORD-0001 milestone the First  Fitting is done 2026-01-24",
        "ORD-0001 milestone done first fitting 2026-01-24",
    ],
)
def test_a_milestone_done_is_stored_under_the_plans_name(line: str) -> None:
    """However the AM words it around the date, the plan's milestone is the one marked done."""
    decision = decide(line)
    assert decision.order is not None
    assert decision.order.milestones == {"first fitting": "2026-01-24"}


def test_a_milestone_the_plan_lacks_is_refused_with_the_plans_names() -> None:
    """ "1st fitting" is no milestone: nothing is stored and the answer lists the real ones."""
    [outcome] = answer_lines(decide("ORD-0001 milestone 1st fitting done"))
    assert not outcome["done"]
    assert outcome["said"] == [
        '"1st fitting" is not a milestone of ORD-0001: design approval, fabric approval, '
        "first fitting, final fitting"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Thanks!\nNote to self: chase Laura, she always pays late",
        "Note to self: ORD-0001 chase Laura, she always pays late",
        "Fitting on Thu 29 Jan 10:00 went well, she loved it",
        "Fitting Thu 29 Jan 10:00 is fine by me",
        "ORD-0001 fitting Thu 29 Jan 10:00 went well, she loved it",
        "Ask approval from the director first, I think",
        "Choice of fabric is hers\n1. Silk\n2. Satin",
        "Issue with the hem, see below",
        "Change order is coming, she said",
    ],
)
def test_chat_in_a_reply_to_the_agent_neither_reaches_the_client_nor_becomes_a_note(
    body: str,
) -> None:
    """Sentences that start like a command, with the id only in the subject, do nothing."""
    decision = decide(body, subject="Re: [ORD-0001] Orders")
    assert decision.order is None
    assert [d.to for d in decision.drafts] == [(AM.address,)]


@pytest.mark.parametrize(
    "body",
    [
        "ORD-0001 note hem done",
        "- ORD-0001: add note: toile cut",
        "note ORD-0001 hem done",
        "ORD-0001 fitting Tue 27 Jan 14:00; Thu 29 Jan 10:00",
        "Ask approval ORD-0001: design sketches",
    ],
)
def test_a_client_facing_command_or_note_with_the_id_first_is_done(body: str) -> None:
    """The id at the start of the line, or right after the command, makes it a command."""
    [outcome] = answer_lines(decide(body, subject="Re: [ORD-0001] Orders"))
    assert outcome["done"], outcome["said"]


def test_a_fitting_resent_with_the_same_slots_does_not_ask_the_client_twice() -> None:
    """The second copy names the open question and sends the client nothing."""
    order = answer_order("ORD-0001 fitting Tue 27 Jan 14:00; Thu 29 Jan 10:00")
    decision = decide("ORD-0001 fitting Thu 29 Jan 10:00; Tue 27 Jan 14:00", [order])
    [outcome] = answer_lines(decision)
    assert "Q1 already offers these slots" in outcome["said"][0] and len(decision.drafts) == 1


PDF = (("sketches.pdf", "application/pdf", b"%PDF-1.4 sketches"),)
TWO_REQUESTS = "ORD-0001 ask approval design sketches\nORD-0002 choice fabric\n1. Silk\n2. Satin"


def test_files_with_requests_to_two_clients_go_to_neither() -> None:
    """With attachments and two client requests nothing is sent; the AM is told to split them."""
    orders = [sample_order(CONFIG, "ORD-0001"), sample_order(CONFIG, "ORD-0002")]
    decision = decide(TWO_REQUESTS, orders, attachments=PDF)
    assert decision.order is None and [d.to for d in decision.drafts] == [(AM.address,)]
    outcomes = answer_lines(decision)
    assert [o["done"] for o in outcomes] == [False, False]
    assert "send each request in its own email with its files" in outcomes[0]["said"][0]


def test_requests_to_two_clients_without_files_are_both_sent() -> None:
    """Without attachments there is nothing to misdirect: both clients are asked."""
    orders = [sample_order(CONFIG, "ORD-0001"), sample_order(CONFIG, "ORD-0002")]
    decision = decide(TWO_REQUESTS, orders)
    assert [o["done"] for o in answer_lines(decision)] == [True, True]


def handed_off_change(value: float = 1000) -> tuple[Order, Draft]:
    """An order whose change order went to the client (or to the SD, when large), with the
    client's reply to it handed off to the AM."""
    order, drafts = propose(sample_order(CONFIG), [f"Beaded bodices={value}"], 0, "sparkle",
                            CONFIG, MONDAY, AM.address)  # fmt: skip
    order.sent.append(
        {"message_id": "<handoff@atelier.example>", "kind": "handoff", "question_id": "Q1",
         "reply_id": "<maybe@teatronuevo.example>", "reply_from": CLIENT,
         "reply_subject": "Re: [ORD-0001] Change order CO-1: your approval"}
    )  # fmt: skip
    return order, drafts[0]


@pytest.mark.parametrize(
    "line", ["Approve\n\nAna", "Ok", "Yes", "Ok, thanks!\n\nI will call Laura tomorrow."]
)
def test_the_am_cannot_approve_a_change_order_for_the_client(line: str) -> None:
    """A change order needs the client's written approval: the AM's "approve" changes nothing,
    the client hears nothing, and the AM is told to ask the client again."""
    order, _ = handed_off_change()
    decision = decide(line, [order], in_reply_to="<handoff@atelier.example>")
    assert decision.order is None and [d.to for d in decision.drafts] == [(AM.address,)]
    if line.startswith("Approve"):
        [outcome] = answer_lines(decision)
        assert "ask the client again" in outcome["said"][0]
        assert outcome["example"].startswith("one line: decline or ignore")


def test_decline_from_the_am_settles_a_handed_off_change_order() -> None:
    """The AM may decline: CO-1 declined, the contract stays, the client is told."""
    order, _ = handed_off_change()
    decision = decide("Decline\n\nAna", [order], in_reply_to="<handoff@atelier.example>")
    assert decision.order is not None and decision.order.contract_value == 18000
    assert decision.order.change_orders[0]["status"] == "declined"
    assert CLIENT in {t for d in decision.drafts for t in d.to}


@pytest.mark.parametrize(
    "reply",
    [
        "Approve? No way.",
        "approve\n\nActually no, wait until I talk to Laura",
        "Approved, but only if Laura pays the deposit first",
        "Don't approve this, too expensive",
    ],
)
def test_the_sds_reply_that_may_not_mean_yes_approves_nothing(reply: str) -> None:
    """Only a one-line "approve" sends a large change order to the client."""
    order, escalation = handed_off_change(5000)
    decision = decide(reply, [order], sender=SD.address, in_reply_to=escalation.message_id,
                      subject=f"Re: {escalation.subject}")  # fmt: skip
    assert decision.order is None and CLIENT not in {t for d in decision.drafts for t in d.to}


def test_a_change_order_the_am_declines_keeps_the_clients_reply_as_evidence(
    tmp_path: Path,
) -> None:
    """The decline's evidence is Laura's handed-off reply (id, sender, date, words); the AM is
    recorded as the one who decided."""
    order, [request] = propose(sample_order(CONFIG), ["Beaded bodices=1000"], 0, "sparkle",
                               CONFIG, MONDAY, AM.address)  # fmt: skip
    agent = agent_with(tmp_path, order)
    unsure = "Hmm, I suppose that could work, let me check with the director"
    reply = client_mail(unsure, subject=f"Re: {request.subject}", in_reply_to=request.message_id,
                        message_id="<laura-1@teatronuevo.example>")  # fmt: skip
    assert agent.handle(1, reply, MONDAY) == "handed-off"
    [handoff] = [s for s in agent.store.order("ORD-0001").sent if s["kind"] == "handoff"]
    answer = parse_envelope(staff_mail("Decline", in_reply_to=handoff["message_id"]))
    decided = agent.decide(answer, MONDAY).order
    assert decided is not None
    evidence = decided.change_orders[0]["evidence"]
    assert evidence["message_id"] == "<laura-1@teatronuevo.example>"
    assert (evidence["from"], evidence["decided_by"]) == (CLIENT, AM.address)
    assert unsure in evidence["text"] and evidence["date"] == "2026-01-26T09:00:00+00:00"
