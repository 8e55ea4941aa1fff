"""Which order, and which of its open questions, a message is about; and who sent it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.model import Order, Question, SentMail
from agent.parsers.envelope import InboundMail
from agent.parsers.reply_text import extract_reply

ORDER_TAG = re.compile(r"\[(ORD-\d{1,8})\]", re.I)
CHANGE_ID = re.compile(r"\bCO[- ]?(\d{1,3})\b", re.I)


@dataclass(frozen=True)
class Route:
    order: Order | None
    question: Question | None
    via: str
    sender_role: str
    # Why no question was taken for the mail's, when routing alone knows ("" otherwise).
    unmatched: str = ""


@dataclass(frozen=True)
class _Found:
    """The order a mail is about and, when it replies to our mail, what that mail asked."""

    order: Order | None
    via: str
    question_id: str = ""
    # Why a reply to our mail answers no question by default: it asked nothing (a weekly
    # update) or it was about several orders ("" when it asked one, or for no reply).
    asked_nothing: str = ""
    several: bool = False


def route(mail: InboundMail, orders: list[Order], staff: frozenset[str]) -> Route:
    """Thread references first, then the subject tag, then the sender's address."""
    found = _find_order(mail, orders)
    if found.order is None:
        role = "staff" if mail.from_addr in staff else "stranger"
        return Route(order=None, question=None, via=found.via, sender_role=role)
    question, unmatched = _question(found, found.order, mail)
    return Route(
        order=found.order,
        question=question,
        via=found.via,
        sender_role=sender_role(mail.from_addr, found.order, staff),
        unmatched=unmatched,
    )


def sender_role(address: str, order: Order, staff: frozenset[str]) -> str:
    if address in {a.lower() for a in order.client_emails}:
        return "client"
    if address in staff or address == order.am_email.lower():
        return "staff"
    return "stranger"


def order_for_message_id(message_id: str, orders: list[Order]) -> tuple[Order, str] | None:
    for order in orders:
        for raw in order.sent:
            sent = SentMail.from_dict(raw)
            if sent.message_id == message_id:
                return order, sent.question_id
    return None


def _find_order(mail: InboundMail, orders: list[Order]) -> _Found:
    for message_id in mail.thread_ids:
        found = order_for_message_id(message_id, orders)
        if found:
            return _replied_to(message_id, *found, orders)
    by_id = {o.id.upper(): o for o in orders}
    for tag in ORDER_TAG.findall(mail.subject):
        if tag.upper() in by_id:
            return _Found(by_id[tag.upper()], "subject-tag")
    mine = [o for o in orders if o.is_open and mail.from_addr in map(str.lower, o.client_emails)]
    if len(mine) == 1:
        return _Found(mine[0], "sender")
    return _Found(None, "ambiguous-sender" if mine else "none")


def _replied_to(message_id: str, order: Order, question_id: str, orders: list[Order]) -> _Found:
    covered = [o.id for o in orders if any(s["message_id"] == message_id for s in o.sent)]
    if len(covered) > 1:
        why = f"it replies to our mail about {', '.join(covered)}, so the order is unclear"
        return _Found(order, "thread", asked_nothing=why, several=True)
    kind = next(s["kind"] for s in order.sent if s["message_id"] == message_id)
    why = "" if question_id else f"it replies to our {kind.replace('-', ' ')}, which asked nothing"
    return _Found(order, "thread", question_id, why)


def _question(found: _Found, order: Order, mail: InboundMail) -> tuple[Question | None, str]:
    """The question the mail answers, and why none when routing alone can tell: the one
    its thread names, else a change order its reply names, else the only open question
    unless the mail replied to one that asked nothing. Never a change order by default:
    it changes the contract, so only its own email's thread or its id decides it."""
    open_questions = order.open_questions()
    if found.question_id:
        # A reply to mail about a settled question must not be read against another one.
        return next((q for q in open_questions if q.id == found.question_id), None), ""
    named = None if found.several else _named_change_order(mail, open_questions)
    if named is not None:
        return named, ""
    if found.asked_nothing:
        return None, found.asked_nothing
    if len(open_questions) != 1:
        return None, ""
    only = open_questions[0]
    if only.change_order:
        return None, f"{only.change_order} is decided only on its own email or by naming it"
    return only, ""


def _named_change_order(mail: InboundMail, open_questions: list[Question]) -> Question | None:
    """The open change order question whose id the reply's own words name (one only)."""
    said = f"{mail.subject}\n{extract_reply(mail.text, mail.html)}"
    named = {f"CO-{int(n)}" for n in CHANGE_ID.findall(said)}
    asked = [q for q in open_questions if q.change_order.upper() in named]
    return asked[0] if len(asked) == 1 else None
