"""Which order, and which of its open questions, a message is about; and who sent it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.model import Order, Question, SentMail
from agent.parsers.envelope import InboundMail

ORDER_TAG = re.compile(r"\[(ORD-\d{1,8})\]", re.I)


@dataclass(frozen=True)
class Route:
    order: Order | None
    question: Question | None
    via: str
    sender_role: str


def route(mail: InboundMail, orders: list[Order], staff: frozenset[str]) -> Route:
    """Thread references first, then the subject tag, then the sender's address."""
    order, question_id, via = _find_order(mail, orders)
    if order is None:
        role = "staff" if mail.from_addr in staff else "stranger"
        return Route(order=None, question=None, via=via, sender_role=role)
    return Route(
        order=order,
        question=_question(order, question_id),
        via=via,
        sender_role=sender_role(mail.from_addr, order, staff),
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


def _find_order(mail: InboundMail, orders: list[Order]) -> tuple[Order | None, str, str]:
    for message_id in mail.thread_ids:
        found = order_for_message_id(message_id, orders)
        if found:
            return found[0], found[1], "thread"
    by_id = {o.id.upper(): o for o in orders}
    for tag in ORDER_TAG.findall(mail.subject):
        if tag.upper() in by_id:
            return by_id[tag.upper()], "", "subject-tag"
    mine = [o for o in orders if o.is_open and mail.from_addr in map(str.lower, o.client_emails)]
    if len(mine) == 1:
        return mine[0], "", "sender"
    return None, "", "ambiguous-sender" if mine else "none"


def _question(order: Order, question_id: str) -> Question | None:
    """The question the mail answers: the one its thread names, else the only open one."""
    open_questions = order.open_questions()
    if question_id:
        # A reply to mail about a settled question must not be read against another one.
        return next((q for q in open_questions if q.id == question_id), None)
    return open_questions[0] if len(open_questions) == 1 else None
