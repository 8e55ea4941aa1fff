"""Every email the agent writes renders in text and HTML, with client text escaped in HTML."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

from studio import MONDAY, client_mail, make_config, sample_order

from agent.change_order_mail import ChangeOrderDrafter
from agent.drafts import Drafter
from agent.due import DueItem
from agent.model import ChangeOrder, Order, Payment, Question, Reading
from agent.orders import ask
from agent.outbox import Draft, compose
from agent.parsers.envelope import InboundMail, parse_envelope
from agent.scheduled import ScheduleDrafter
from agent.staff.adoption import StaffMail
from agent.staff.commands import Outcome
from agent.staff.drafts import StaffDrafter
from agent.staff.thread_drafts import ThreadDrafter
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))
HOSTILE = "<script>alert(1)</script> & Co"


def every_draft() -> list[Draft]:
    drafter = Drafter(CONFIG, MONDAY)
    order = sample_order(CONFIG)
    order.client_name = HOSTILE
    mail = parse_envelope(client_mail(f"Hello {HOSTILE}", subject="Re: [ORD-0001] x"))
    reading = Reading("unclear", 0.3, "no decision words", "Hello")
    drafts = [
        ask(
            order,
            kind,
            CONFIG,
            MONDAY,
            about="sketches",
            options=["Silk", "Satin"],
            slots=["2026-01-27T14:00"],
        )[1]
        for kind in ("approval", "choice", "fitting")
    ]
    issue = {"situation": HOSTILE, "impact": HOSTILE, "plan": HOSTILE}
    options = ["Wait", HOSTILE]
    drafts.append(
        ask(
            order,
            "choice",
            CONFIG,
            MONDAY,
            about=HOSTILE,
            options=options,
            issue=issue,
            recommended=2,
        )[1]
    )
    question = order.open_questions()[0] if order.open_questions() else None
    return drafts + [
        drafter.confirmation(
            mail,
            order,
            ask(order, "approval", CONFIG, MONDAY)[0].open_questions()[0],
            "approved sketches",
        ),
        drafter.handoff(mail, order, question, reading),
        drafter.escalation(mail, order, reading),
        drafter.delay(order, date(2026, 3, 12), date(2026, 3, 30)),
        drafter.client_asks(mail, order, "approved sketches", ["Can we add a train?"]),
        drafter.stranger(mail, order),
        drafter.bounce(mail, order),
        drafter.unroutable(mail),
        drafter.held(b"raw bytes", "<m@x>", 7, "no sender"),
        *scheduled_drafts(order),
        *change_order_drafts(order),
        *staff_drafts(order, mail),
        *thread_drafts(order),
    ]


def change_order_drafts(order: Order) -> list[Draft]:
    """Both paths, with the client's text and the reason hostile: the HTML must escape them."""
    drafter = ChangeOrderDrafter(CONFIG, MONDAY)
    items = [{"description": HOSTILE, "amount": 6000.0}]
    change = ChangeOrder("CO-1", items, 6000.0, 5, HOSTILE, "2026-01-26T09:00:00+00:00")
    change.evidence = {"message_id": "<m@x>", "from": "a@b", "date": "", "text": HOSTILE}
    order.change_orders = [change.to_dict() | {"status": "approved"}]
    return [
        drafter.to_client(order, change),
        drafter.needs_director(order, change),
        drafter.declined(order, change),
        drafter.declined(order, change, director="Sofia Marin"),
        drafter.budget_overrun(order, 6000.0),
    ]


def staff_drafts(order: Order, mail: InboundMail) -> list[Draft]:
    drafter = StaffDrafter(CONFIG, MONDAY)
    done = Outcome(f"ORD-0001 note {HOSTILE}", True, (f"note added: {HOSTILE}",))
    failed = Outcome("ORD-0001 phase x", False, ("not a phase",), "ORD-0042 phase construction")
    return [
        drafter.answer(mail, [done.to_dict(), failed.to_dict()], order.id),
        drafter.answer(mail, [], "", [HOSTILE], ["status ORD-0042"], handoff=True),
        drafter.refused(mail, "dmarc=fail"),
        drafter.kickoff(order),
        drafter.call_request(order, mail, HOSTILE),
    ]


def thread_drafts(order: Order) -> list[Draft]:
    drafter = ThreadDrafter(CONFIG, MONDAY)
    sent = "2026-01-26T09:00:00+00:00"
    mail = StaffMail(
        "<am@x>", "ana@atelier.example", HOSTILE, sent, (), HOSTILE, ("p@film.example",)
    )
    choice = Question("Q1", "choice", sent, about=HOSTILE, options=["Silk", HOSTILE])
    return [
        drafter.which_order(mail, (order,), f"{HOSTILE} is not an order", "<answer@x>"),
        drafter.which_order(mail, (), "", mail.message_id),
        drafter.adopted(order, mail, choice, "<answer@x>"),
    ]


def scheduled_drafts(order: Order) -> list[Draft]:
    drafter = ScheduleDrafter(CONFIG, MONDAY)
    item = DueItem("k", "x", MONDAY, MONDAY, (order.id,))
    payment = Payment.from_dict(order.payments[1])
    asked = "2026-01-26T09:00:00+00:00"
    fitting = Question("Q9", "fitting", asked, slots=["2026-01-27T13:00:00+00:00"])
    choice = Question("Q8", "choice", asked, options=["Silk", "Satin"])
    return [
        drafter.weekly(item, [order, order]),
        drafter.digest(item, [order]),
        *(drafter.payment(item, order, payment, step, choice) for step in ("invoice", "firm")),
        drafter.question_reminder(item, order, choice),
        drafter.question_reminder(item, order, fitting),
        drafter.fitting_reminder(item, order, fitting.slots[0]),
        drafter.paused(item, order, payment),
        drafter.finance(item, order, payment),
        drafter.call_client(item, order, choice),
        drafter.silent(item, order, choice),
        drafter.unschedulable(dataclasses.replace(item, detail=HOSTILE), order),
    ]  # fmt: skip


def test_every_template_is_used_and_renders_both_parts() -> None:
    """Each template pair renders with what the agent really passes; none is left unused."""
    drafts = every_draft()
    templates = Templates()
    assert sorted({d.template for d in drafts}) == templates.names()
    for draft in drafts:
        text, html = templates.render(draft.template, {"studio": "Atelier Lumen", **draft.context})
        assert text.strip() and "</body>" in html
        assert "<script>" not in html, draft.template
        assert "\n\n\n" not in text, f"{draft.template} has stray blank lines"


def rendered_text(draft: Draft) -> str:
    return Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})[0]


def test_invoice_and_reminders_give_the_due_date_as_a_client_reads_it() -> None:
    """A client reads "Thursday 12 March 2026", never ISO; an unknown date is left out."""
    order = sample_order(CONFIG)
    drafter = ScheduleDrafter(CONFIG, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    item = DueItem("k", "x", MONDAY, MONDAY, (order.id,))
    final = Payment.from_dict(order.payments[2])
    question = Question("Q1", "payment", "2026-03-09T09:00:00+00:00", milestone="final")
    for step in ("invoice", "friendly", "firm"):
        text = rendered_text(drafter.payment(item, order, final, step, question))
        assert "Thursday 12 March 2026" in text and "2026-03-12" not in text, step
    middle = Payment.from_dict(order.payments[1])  # due after a first fitting not yet held
    text = rendered_text(drafter.payment(item, order, middle, "invoice", question))
    assert "None" not in text and "(25% of the contract) is due:" in text


def test_a_payment_claim_is_thanked_and_not_taken_for_the_money_arriving() -> None:
    """ "I've paid" gets thanks and a promise to confirm on arrival, signed like every
    other client email; a decision keeps its plain "Recorded:" line."""
    order = sample_order(CONFIG)
    mail = parse_envelope(client_mail("I've sent the transfer."))
    claim = Question("Q1", "payment", "2026-01-26T09:00:00+00:00", milestone="mid-project")
    draft = Drafter(CONFIG, MONDAY).confirmation(mail, order, claim, "mid-project payment sent")
    text = rendered_text(draft)
    assert "Thank you for letting us know" in text and "as soon as it reaches us" in text
    assert "Kind regards,\nAna Ruiz\nAtelier Lumen" in text
    approval = Question("Q2", "approval", "2026-01-26T09:00:00+00:00", about="sketches")
    text = rendered_text(Drafter(CONFIG, MONDAY).confirmation(mail, order, approval, "approved"))
    assert "Recorded: approved. Reply if this is not right." in text
    assert "Thank you for letting us know" not in text


def test_the_change_order_reads_cleanly_to_the_client() -> None:
    """The client reads "currently 18,000.00" (not "now", which reads as the new value) and
    "1 more day" or "5 more days", never "day(s)"."""
    order = sample_order(CONFIG)
    drafter = ChangeOrderDrafter(CONFIG, MONDAY)
    for days, said in ((1, "1 more day;"), (5, "5 more days;")):
        items = [{"description": "Beading", "amount": 1000.0}]
        change = ChangeOrder("CO-1", items, 1000.0, days, "beading", "2026-01-26T09:00:00+00:00")
        text = rendered_text(drafter.to_client(order, change))
        assert said in text and "day(s)" not in text
        assert "New contract value: 19,000.00 (currently 18,000.00)." in text


def test_a_fitting_reminder_offers_only_times_still_ahead_under_their_first_numbers() -> None:
    """Two days on, a time already gone is not offered again, and "2" still means the second
    time offered; once all have passed, the client is asked for a time instead."""
    order = sample_order(CONFIG)
    slots = ["2026-01-27T13:00:00+00:00", "2026-01-30T10:00:00+00:00"]
    fitting = Question("Q1", "fitting", "2026-01-26T09:00:00+00:00", slots=slots)
    item = DueItem("k", "x", MONDAY, MONDAY, (order.id,))
    drafter = ScheduleDrafter(CONFIG, datetime(2026, 1, 28, 9, 0, tzinfo=UTC))
    text = rendered_text(drafter.question_reminder(item, order, fitting))
    assert "    2. Friday 30 January 2026 at 11:00\n" in text and "27 January" not in text
    drafter = ScheduleDrafter(CONFIG, datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    text = rendered_text(drafter.question_reminder(item, order, fitting))
    assert "30 January" not in text and "Which day and time would suit you?" in text


def test_staff_escalations_keep_their_parts_apart_and_never_leave_a_blank() -> None:
    """The director's decision line and the quoted message are separate paragraphs; a
    delivery moved without a reason says so rather than "Reason given: " and nothing."""
    order = sample_order(CONFIG)
    drafter = Drafter(CONFIG, MONDAY)
    mail = parse_envelope(client_mail("This is not what we agreed."))
    reading = Reading("unclear", 0.3, "sounds unhappy", "This is not what we agreed.")
    text = rendered_text(drafter.escalation(mail, order, reading))
    assert 'to call), or pause (work stops until you reply "resume").\n\n-----' in text
    text = rendered_text(drafter.delay(order, date(2026, 3, 12), date(2026, 3, 30)))
    assert "Reason given: none; the client's update will give only the new date\n" in text


def test_every_amount_a_client_reads_names_the_studios_currency() -> None:
    """With currency = "EUR", the invoice, the kickoff and the weekly update say "EUR"."""
    config = dataclasses.replace(CONFIG, currency="EUR")
    order = sample_order(config, created=datetime(2026, 1, 5, 9, tzinfo=UTC))
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    drafter = ScheduleDrafter(config, friday)
    item = DueItem("k", "x", friday, friday, (order.id,))
    question = Question("Q1", "payment", "2026-03-06T09:00:00+00:00", milestone="final")
    final = Payment.from_dict(order.payments[2])
    drafts = [
        drafter.payment(item, order, final, "invoice", question),
        StaffDrafter(config, friday).kickoff(order),
        drafter.weekly(item, [order]),
    ]
    texts = [compose(d, config, Templates(), friday)["raw"] for d in drafts]
    assert "Amount: 4,500.00 EUR" in texts[0]
    assert "The contract value is 18,000.00 EUR" in texts[1]
    assert "final payment of 4,500.00 EUR due on Thursday 12 March" in texts[2]


def test_the_am_asked_to_call_a_silent_client_learns_how_to_record_the_call() -> None:
    """The reminder-driven call request ends, like the director's, with the line to write."""
    order = sample_order(CONFIG)
    item = DueItem("k", "x", MONDAY, MONDAY, (order.id,))
    choice = Question("Q8", "choice", "2026-01-26T09:00:00+00:00", options=["Silk", "Satin"])
    text = rendered_text(ScheduleDrafter(CONFIG, MONDAY).call_client(item, order, choice))
    assert text.endswith("writing to me: ORD-0001 note called the client, …\n")


def test_a_change_order_deposit_invoice_says_due_once() -> None:
    """Not "(…, due on your approval, before the work starts) is due on …": one "due"."""
    order = sample_order(CONFIG)
    deposit = Payment("CO-1 deposit", 50, 3000.0, due="2026-01-28", change_order="CO-1")
    question = Question("Q1", "payment", "2026-01-28T09:00:00+00:00", milestone="CO-1 deposit")
    item = DueItem("k", "x", MONDAY, MONDAY, (order.id,))
    text = rendered_text(
        ScheduleDrafter(CONFIG, MONDAY).payment(item, order, deposit, "invoice", question)
    )
    assert "(50% of change order CO-1, due before the work on it starts) is due on" in text


def test_a_change_order_hand_off_does_not_offer_the_am_approve() -> None:
    """The AM is told the client must approve a change order in writing, not offered "approve"."""
    order = sample_order(CONFIG)
    question = Question("Q1", "approval", "", about="change order CO-1", change_order="CO-1")
    mail = parse_envelope(client_mail("Hmm, maybe", subject="Re: [ORD-0001] Change order CO-1"))
    reading = Reading("unclear", 0.3, "no decision words", "Hmm, maybe")
    draft = Drafter(CONFIG, MONDAY).handoff(mail, order, question, reading)
    for part in Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context}):
        assert "approve or decline" not in part and "written approval" in part
