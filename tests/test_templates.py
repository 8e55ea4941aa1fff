"""Every email the agent writes renders in text and HTML, with client text escaped in HTML."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from studio import MONDAY, client_mail, make_config, sample_order

from agent.change_order_mail import ChangeOrderDrafter
from agent.drafts import Drafter
from agent.due import DueItem
from agent.model import ChangeOrder, Order, Payment, Question, Reading
from agent.orders import ask
from agent.outbox import Draft
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


def test_a_change_order_hand_off_does_not_offer_the_am_approve() -> None:
    """The AM is told the client must approve a change order in writing, not offered "approve"."""
    order = sample_order(CONFIG)
    question = Question("Q1", "approval", "", about="change order CO-1", change_order="CO-1")
    mail = parse_envelope(client_mail("Hmm, maybe", subject="Re: [ORD-0001] Change order CO-1"))
    reading = Reading("unclear", 0.3, "no decision words", "Hmm, maybe")
    draft = Drafter(CONFIG, MONDAY).handoff(mail, order, question, reading)
    for part in Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context}):
        assert "approve or decline" not in part and "written approval" in part
