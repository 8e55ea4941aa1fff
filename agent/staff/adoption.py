"""An account manager's email to a client, the agent in copy: which order it belongs to,
and what attaching it to that order records (pure: copies in, copies out)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from agent.clock import iso, parse_iso
from agent.config import Config
from agent.model import HistoryEntry, Order, Question
from agent.orders import ORDER_ID
from agent.parsers.envelope import InboundMail
from agent.parsers.reply_text import extract_reply
from agent.parsers.staff_question import StaffQuestion, staff_question
from agent.routing import ORDER_TAG, Route

# Kinds of `order.sent` rows for mail the AM wrote, not the agent: replies to it are the
# client's answers on the AM's own thread, which the agent never answers unasked.
AM_MAIL = "am-mail"
AM_THREAD = "am-thread"
TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class StaffMail:
    """What adoption needs of the AM's message; kept in the ledger while it waits for an order."""

    message_id: str
    from_addr: str
    subject: str
    sent_at: str
    thread_ids: tuple[str, ...]
    text: str
    recipients: tuple[str, ...] = ()  # outside the studio: whom the AM wrote to

    @classmethod
    def of(cls, mail: InboundMail, config: Config, now: datetime) -> StaffMail:
        sent = min(mail.date or now, now)  # a sender's fast clock must not date it in the future
        text = extract_reply(mail.text, mail.html)[:TEXT_LIMIT]
        return cls(
            mail.message_id,
            mail.from_addr,
            mail.subject,
            iso(sent),
            mail.thread_ids,
            text,
            outside_recipients(mail, config),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StaffMail:
        lists = {"thread_ids": tuple(data["thread_ids"]), "recipients": tuple(data["recipients"])}
        return cls(**{**data, **lists})

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "thread_ids": list(self.thread_ids),
            "recipients": list(self.recipients),
        }


@dataclass(frozen=True)
class Placement:
    """The order the AM's mail belongs to, or the orders to offer the AM when unsure."""

    order: Order | None
    via: str
    candidates: tuple[Order, ...] = ()


def outside_recipients(mail: InboundMail, config: Config) -> tuple[str, ...]:
    """To/Cc addresses that are neither staff nor the agent: whom the AM is writing to."""
    ours = config.staff_addresses | {config.address.lower()}
    return tuple(a for a in dict.fromkeys(mail.to + mail.cc) if a not in ours)


def place(mail: StaffMail, where: Route, orders: list[Order]) -> Placement:
    """The AM's [ORD-…] tag (their explicit word beats an old thread), else the thread it
    continues, else the one open order whose client it is addressed to."""
    tagged = [o for o in orders if o.id.upper() in map(str.upper, ORDER_TAG.findall(mail.subject))]
    if len(tagged) == 1:
        return Placement(tagged[0], "subject-tag")
    if where.order is not None:
        return Placement(where.order, where.via)
    open_orders = [o for o in orders if o.is_open]
    matching = [o for o in open_orders if clients_among(o, mail.recipients)]
    if len(matching) == 1:
        return Placement(matching[0], "client-address")
    return Placement(None, "ask", tuple(matching or open_orders))


def clients_among(order: Order, addresses: tuple[str, ...]) -> tuple[str, ...]:
    """The addresses that speak for the order's client."""
    clients = {a.lower() for a in order.client_emails}
    return tuple(a for a in addresses if a in clients)


def named_orders(text: str, orders: list[Order]) -> list[Order]:
    """The orders a line like "ORD-3" or "it's ord-0003" names (numbers compared, not text)."""
    numbers = {int(found[4:]) for found in ORDER_ID.findall(text.upper())}
    return [o for o in orders if o.id[4:].isdigit() and int(o.id[4:]) in numbers]


def unclaimed(mail: StaffMail, order: Order, orders: list[Order]) -> StaffMail:
    """The AM's mail without references to other orders' messages: an AM tagging another
    order on an old thread must not pull that order's replies over to this one."""
    taken = {s["message_id"] for o in orders if o.id != order.id for s in o.sent}
    return replace(mail, thread_ids=tuple(m for m in mail.thread_ids if m not in taken))


def thread_question(thread_ids: tuple[str, ...], order: Order) -> str:
    """The open question a thread is about: the nearest of its messages that names one."""
    open_ids = {q.id for q in order.open_questions()}
    for message_id in thread_ids:
        for row in order.sent:
            if row["message_id"] == message_id and row["question_id"]:
                return row["question_id"] if row["question_id"] in open_ids else ""
    return ""


def is_adopted(order: Order, message_id: str) -> bool:
    return any(s["message_id"] == message_id for s in order.sent)


def asked_in(order: Order, message_id: str) -> Question | None:
    """The question the AM's message asks, as tracked on the order."""
    rows = [s for s in order.sent if s["message_id"] == message_id and s["kind"] == AM_MAIL]
    return order.question(rows[0]["question_id"]) if rows else None


def adopt(order: Order, mail: StaffMail, via: str, config: Config, now: datetime) -> Order:
    """Attach the AM's message and the thread it carries to a copy of the order; open the
    question it asks the client, with the AM's message as its request (nothing is sent)."""
    order = copy.deepcopy(order)
    # Only the client answers the client's questions: the AM asking a supplier to choose
    # a shipping option opens nothing and is no news to the client.
    to_client = bool(clients_among(order, mail.recipients))
    if to_client:
        _remember(order, now, "AM wrote to the client", f"{mail.subject} (via {via})", mail)
    else:
        detail = f"{mail.subject} to {', '.join(mail.recipients)} (via {via}); nothing tracked"
        _remember(order, now, "AM wrote, not to the client", detail, mail)
    asked = _track_question(order, mail, config, now) if to_client else ""
    # Asking nothing new, the AM's email carries on the question of the thread it is in.
    question_id = asked or thread_question(mail.thread_ids, order)
    order.sent.append({"message_id": mail.message_id, "kind": AM_MAIL, "question_id": question_id})
    known = {s["message_id"] for s in order.sent}
    order.sent.extend(
        {"message_id": m, "kind": AM_THREAD, "question_id": ""}
        for m in dict.fromkeys(mail.thread_ids)
        if m not in known
    )
    if to_client:
        order.last_client_update = max(order.last_client_update, mail.sent_at)
    return order


def _track_question(order: Order, mail: StaffMail, config: Config, now: datetime) -> str:
    """The id of the question the AM's text asks ("" for none), opened unless already open."""
    asked = staff_question(mail.text, parse_iso(mail.sent_at), config.timezone)
    if asked is None:
        return ""
    repeated = _already_open(order, asked)
    if repeated:
        return repeated.id
    question = _open(order, asked, mail, now)
    # The question's request is the AM's message: reminders reply to it.
    order.sent.append(
        {"message_id": mail.message_id, "kind": "request", "question_id": question.id}
    )
    detail = f"{question.id}: {_summary(question)}; asked by the AM, nothing sent"
    _remember(order, now, "asked", detail, mail)
    return question.id


def _already_open(order: Order, asked: StaffQuestion) -> Question | None:
    """The same question still open: the AM asking again ("just checking…") opens no second one."""
    slots = [iso(slot) for slot in asked.slots]
    same = (asked.kind, asked.about, list(asked.options), slots)
    return next(
        (q for q in order.open_questions() if (q.kind, q.about, q.options, q.slots) == same), None
    )


def _open(order: Order, asked: StaffQuestion, mail: StaffMail, now: datetime) -> Question:
    question = Question(
        id=f"Q{len(order.questions) + 1}",
        kind=asked.kind,
        asked_at=mail.sent_at,
        opened_at=iso(now),
        about=asked.about,
        options=list(asked.options),
        slots=[iso(slot) for slot in asked.slots],
    )
    order.questions.append(question.to_dict())
    return question


def _summary(question: Question) -> str:
    return " ".join([question.kind, question.about or ""]).strip()


def _remember(order: Order, now: datetime, event: str, detail: str, mail: StaffMail) -> None:
    entry = HistoryEntry(iso(now), event, detail, mail.from_addr, mail.message_id)
    order.history.append(entry.to_dict())
