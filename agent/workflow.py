"""What a message means for an order: a pure function from facts to a Decision.

Nothing here touches a server, the store or the clock; the pipeline hands in the
mail, its classification and route, the reading and `now`, and acts on the result.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from agent.change_orders import settle
from agent.clock import iso, parse_iso
from agent.config import Config
from agent.drafts import Drafter, format_slot
from agent.fittings import supersede_earlier
from agent.model import HistoryEntry, Order, Payment, Question, Reading
from agent.outbox import Draft
from agent.parsers.acknowledgement import only_acknowledges
from agent.parsers.envelope import InboundMail
from agent.parsers.return_date import return_date
from agent.routing import Route
from agent.rules import SUBJECT_ONLY, Classification
from agent.sent import record_escalation, record_sent

ANSWERS = {
    "approval": {"approve", "decline"},
    "choice": {"choose"},
    "fitting": {"choose"},
    "payment": {"payment_sent"},
}


@dataclass
class Decision:
    outcome: str
    detail: str
    order: Order | None = None
    drafts: list[Draft] = field(default_factory=list)
    reading: Reading | None = None
    # Further orders the message changed: one staff email may carry several commands.
    others: list[Order] = field(default_factory=list)
    # Kept with the message's ledger entry (e.g. mail waiting for an AM to name its order).
    record: dict[str, Any] = field(default_factory=dict)


def decide(
    mail: InboundMail,
    kind: Classification,
    where: Route,
    reading: Reading | None,
    config: Config,
    now: datetime,
) -> Decision:
    """Decide what one classified, routed and read message does."""
    drafter = Drafter(config, now)
    order = copy.deepcopy(where.order)
    if kind.kind == "ours":
        return Decision("ignored", "our own mail came back")
    if kind.kind == "bounce":
        return _bounce(mail, order, drafter)
    if kind.kind == "auto_reply":
        return _auto_reply(mail, order, kind, drafter)
    if order is None and where.sender_role == "staff":
        # Staff replying to one of our notices, or writing to us: never re-broadcast it.
        return Decision("recorded", "staff mail about no order")
    if order is None:
        return Decision("unroutable", where.via, drafts=[drafter.unroutable(mail)])
    if where.sender_role == "staff":
        _remember(order, now, "staff mail", mail.subject, mail.from_addr, mail.message_id)
        return Decision("recorded", "staff mail on the order", order=order)
    if where.sender_role == "stranger":
        return Decision(
            "stranger", "sender is not on the order", drafts=[drafter.stranger(mail, order)]
        )
    return _client_reply(mail, order, where, reading, drafter)


def _client_reply(
    mail: InboundMail, order: Order, where: Route, reading: Reading | None, drafter: Drafter
) -> Decision:
    now, question = drafter.now, where.question
    assert reading is not None, "a client's reply is always read"
    drafts: list[Draft] = []
    if reading.dissatisfied:
        _remember(order, now, "escalated", "client dissatisfied", "agent", mail.message_id)
        escalation = drafter.escalation(mail, order, reading)
        drafts.append(record_escalation(order, escalation, now, question.id if question else ""))
    if question is None and _only_thanks(reading):
        # "Thanks!" to an update or a confirmation: recorded; nobody needs to read it.
        _remember(order, now, "client thanked", reading.reply_text, mail.from_addr, mail.message_id)
        return Decision("acknowledged", "the client only said thanks", order=order, reading=reading)
    if question is None or not answers(question, reading):
        why = reading.why if question else where.unmatched or _unmatched(order)
        _remember(order, now, "handed to AM", why, mail.from_addr, mail.message_id)
        # The AM sees why a clear reading was not applied, not only how it was read.
        shown = reading if question else replace(reading, why=f"{reading.why}; not applied: {why}")
        drafts.append(handoff(mail, order, question, shown, drafter))
        return Decision("handed-off", why, order=order, drafts=drafts, reading=reading)
    order, summary, changed = apply_answer(order, question, reading, mail, drafter)
    confirmation = drafter.confirmation(mail, order, question, summary)
    drafts += [confirmation, *changed]
    record_sent(order, confirmation, "confirmation", question.id, now)
    asked = client_questions(reading.reply_text)
    if asked:
        # The decision is applied, but the client's question still needs a person.
        drafts.append(drafter.client_asks(mail, order, summary, asked))
    return Decision("applied", summary, order=order, drafts=drafts, reading=reading)


def answers(question: Question, reading: Reading) -> bool:
    """Whether a reading is a confident answer to the question, fit to apply and confirm."""
    # An unhappy client gets a person, not an automatic "Recorded: …", whatever they decided.
    unapplied = reading.needs_human or reading.dissatisfied
    return not unapplied and reading.intent in ANSWERS[question.kind]


def _only_thanks(reading: Reading) -> bool:
    unhappy_or_read = reading.dissatisfied or reading.intent != "unclear"
    return not unhappy_or_read and only_acknowledges(reading.reply_text)


def client_questions(text: str) -> list[str]:
    """The sentences of a reply that ask the studio something."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [s.strip() for s in sentences if s.strip().endswith("?")]


def apply_answer(
    order: Order,
    question: Question,
    reading: Reading,
    mail: InboundMail,
    drafter: Drafter,
    client_reply: InboundMail | None = None,
) -> tuple[Order, str, list[Draft]]:
    """Record `reading` as the answer to `question`, decided by the sender of `mail`; the
    answer to a change order's question also decides the change order, with the client's
    reply (`client_reply` when someone else decided on it) as the written evidence."""
    summary = _record_answer(order, question, reading, mail, drafter, client_reply or mail)
    order, changed = _change_order(order, question, reading, mail, drafter, client_reply)
    return order, summary, changed


def _record_answer(
    order: Order,
    question: Question,
    reading: Reading,
    mail: InboundMail,
    drafter: Drafter,
    reply: InboundMail,
) -> str:
    now = drafter.now
    summary = describe_answer(question, reading, drafter.config)
    question.status = "answered"
    question.answer = {
        "intent": reading.intent,
        "choice": reading.choice,
        "summary": summary,
        "text": reading.reply_text,
        "why": reading.why,
        "by": mail.from_addr,
        "message_id": mail.message_id,
        "at": iso(now),
        "replied_at": iso(_replied_at(reply, question, now)),
    }
    order.questions = [question.to_dict() if q["id"] == question.id else q for q in order.questions]
    if question.kind == "payment":
        _claim_payment(order, question.milestone, now)
    if question.kind == "fitting":
        supersede_earlier(order, question, now, drafter.config.timezone)
    _remember(order, now, f"{question.kind} answered", summary, mail.from_addr, mail.message_id)
    return summary


def _replied_at(reply: InboundMail, question: Question, now: datetime) -> datetime:
    """When the client replied, by their mail's Date: the client's response time leaves out
    how long the reply waited for the agent or for an AM to settle it. A Date outside the
    question's life (a wrong clock) is held to it."""
    if reply.date is None:
        return now
    asked = parse_iso(question.asked_at) if question.asked_at else reply.date
    return min(max(reply.date, asked), now)


def _change_order(
    order: Order,
    question: Question,
    reading: Reading,
    mail: InboundMail,
    drafter: Drafter,
    client_reply: InboundMail | None,
) -> tuple[Order, list[Draft]]:
    """An answer to a change order's question decides it; the client's reply is the written
    evidence, and who decided is kept with it."""
    if not question.change_order:
        return order, []
    reply = client_reply or mail
    evidence = {
        "message_id": reply.message_id,
        "from": reply.from_addr,
        "date": iso(reply.date or drafter.now),
        "text": reply.text if client_reply else reading.reply_text,
    }
    if client_reply:
        evidence["decided_by"] = mail.from_addr
    approved = reading.intent == "approve"
    return settle(order, question.change_order, approved, evidence, drafter.config, drafter.now)


def describe_answer(question: Question, reading: Reading, config: Config) -> str:
    if question.kind == "approval":
        verb = "approved" if reading.intent == "approve" else "did not approve"
        return f"{verb} {question.about or 'the request'}"
    if question.kind == "fitting":
        slot = question.slots[reading.choice - 1]  # type: ignore[operator]
        return f"fitting on {format_slot(slot, config)}"
    if question.kind == "choice":
        label = question.about or "option"
        return f"{label} {reading.choice}, {question.options[reading.choice - 1]}"  # type: ignore[operator]
    return f"{question.milestone or 'the'} payment sent"


def _claim_payment(order: Order, milestone: str, now: datetime) -> None:
    payments = [Payment.from_dict(p) for p in order.payments]
    for payment in payments:
        if payment.milestone == milestone and payment.status == "due":
            payment.status = "claimed"
            payment.claimed_at = iso(now)
    order.payments = [p.to_dict() for p in payments]


def _unmatched(order: Order) -> str:
    count = len(order.open_questions())
    if count == 0:
        return "no open question on the order"
    if count > 1:
        return f"{count} open questions and the reply's thread does not say which"
    return "it answers mail about a question already settled"


def _bounce(mail: InboundMail, order: Order | None, drafter: Drafter) -> Decision:
    if order is None:
        # Telling staff about a bounce of our own staff notice could bounce again: a loop.
        return Decision("bounce", "a bounce about no client email; recorded only")
    if "bounce" not in order.flags:
        order.flags.append("bounce")
    _remember(order, drafter.now, "bounce", mail.subject, "mail system", mail.message_id)
    return Decision("bounce", "delivery failed", order=order, drafts=[drafter.bounce(mail, order)])


def _auto_reply(
    mail: InboundMail, order: Order | None, kind: Classification, drafter: Drafter
) -> Decision:
    if order is None:
        return Decision("auto-reply", "an auto-reply for no known order")
    sent = (mail.date or drafter.now).astimezone(drafter.config.timezone).date()
    back = return_date(mail.readable_text[:5000], sent)
    # Only the client's own absence holds the client's reminders; a colleague's is news.
    client = mail.from_addr.lower() in {a.lower() for a in order.client_emails}
    effect = "reminders wait" if client else "not the client: reminders go on"
    detail = f"away until {back}; {effect}" if back else mail.subject
    _remember(order, drafter.now, "auto-reply", detail, mail.from_addr, mail.message_id)
    if kind.fired != SUBJECT_ONLY:
        if back and client:
            order.away_until = back.isoformat()
        return Decision("auto-reply", f"recorded, not answered; {detail}", order=order)
    # Only the subject looks automatic: a person may have written it, so a person reads it.
    reading = Reading("auto_reply", 0.5, "the subject looks automatic; no auto-reply header",
                      mail.readable_text[:2000], needs_human=True)  # fmt: skip
    draft = handoff(mail, order, None, reading, drafter)
    return Decision("auto-reply", "subject only; shown to the AM", order=order, drafts=[draft])


def handoff(
    mail: InboundMail,
    order: Order,
    question: Question | None,
    reading: Reading,
    drafter: Drafter,
) -> Draft:
    """The AM gets the reply; their answer to the hand-off leads back to this question."""
    draft = drafter.handoff(mail, order, question, reading)
    record_sent(order, draft, "handoff", question.id if question else "", drafter.now)
    # The client's reply it carries: the AM's answer is confirmed to the client on its thread.
    # Its date and words too: a change order the AM decides keeps the reply as its evidence.
    order.sent[-1].update(
        reply_id=mail.message_id,
        reply_from=mail.from_addr,
        reply_subject=mail.subject,
        reply_date=iso(mail.date) if mail.date else "",
        reply_text=reading.reply_text,
    )
    return draft


def _remember(
    order: Order, now: datetime, event: str, detail: str, by: str, message_id: str = ""
) -> None:
    entry = HistoryEntry(at=iso(now), event=event, detail=detail, by=by, message_id=message_id)
    order.history.append(entry.to_dict())
