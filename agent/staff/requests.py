"""Commands that reach the client: a new order and its kickoff email, and the questions
the studio asks (approval, choice, fitting), reusing agent.orders like the CLI does."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import datetime

from agent.clock import iso
from agent.drafts import format_slot
from agent.model import HistoryEntry, Order, next_order_id
from agent.orders import OrderError, ask, new_order
from agent.parsers.proposed_times import proposed_times
from agent.staff.command_text import BULLET, Command, order_id_in
from agent.staff.desk import Desk
from agent.staff.drafts import StaffDrafter
from agent.staff.order_form import order_fields
from agent.workflow import record_sent

INLINE_OPTION = re.compile(r"(?:^|\s)\d{1,2}[.)]\s+")
SLOT_BREAK = re.compile(r"\s*;\s*")
# What a fitting slot is written with; any other word makes the line a sentence
# ("Fitting on Thu 29 Jan 10:00 went well"), not slots to offer the client.
SLOT_WORDS = re.compile(
    r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]*|\d{1,4}(?:st|nd|rd|th|am|pm|h)?|[ap]\.?m\.?|at|on|the|of|or|and"
    r"|from|tomorrow|today|next|noon|midday|morning|afternoon)\b|[\d:./,()-]+",
    re.I,
)


def create_order(desk: Desk, command: Command) -> list[str]:
    data = order_fields(command.block, desk.by, desk.config)
    _not_twice(data, list(desk.orders.values()))
    order_id = next_order_id(list(desk.orders.values()))
    order = new_order(data, order_id, desk.config, desk.now, by=desk.by)
    desk.save(order)
    desk.created = order.id
    payments = ", ".join(
        f"{p['milestone']} {p['amount']:,.2f} ({p['status']})" for p in order.payments
    )
    return [
        f"Created {order.id}: {order.project} for {order.client_name} "
        f"<{', '.join(order.client_emails)}>, {order.contract_value:,.2f}, "
        f"delivery {order.delivery_date}, account manager {order.am_name}.",
        f"Payments: {payments}.",
        f"The client is emailed only when you write: {order.id} send kickoff",
    ]


def _not_twice(data: dict, orders: list[Order]) -> None:
    """The same new order sent again (a resend, a second copy) must not make a second one."""
    project = str(data["project"]).strip().lower()
    emails = set(data["client"]["emails"])
    for order in orders:
        if order.is_open and order.project.lower() == project and emails & set(order.client_emails):
            raise OrderError(f"{order.id} is already this project for this client; nothing created")


def kickoff(desk: Desk, command: Command) -> list[str]:
    order_id = order_id_in(command.text) or desk.created or command.order_id
    order = desk.order(replace(command, order_id=order_id))
    if any(sent["kind"] == "kickoff" for sent in order.sent):
        raise OrderError(f"the kickoff email for {order.id} has already gone out")
    draft = StaffDrafter(desk.config, desk.now).kickoff(order)
    order = copy.deepcopy(order)
    record_sent(order, draft, "kickoff", "", desk.now)
    entry = HistoryEntry(iso(desk.now), "kickoff sent", order.project, desk.by)
    order.history.append(entry.to_dict())
    desk.save(order, draft)
    return [f"{order.id}: kickoff email sent to {', '.join(order.client_emails)}."]


def ask_approval(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    if not command.rest:
        raise OrderError("say what the client should approve, e.g. design sketches")
    not_asked_yet(order, "approval", command.rest)
    asked, draft = ask(order, "approval", desk.config, desk.now, about=command.rest, by=desk.by)
    files = desk.mail.attachments
    desk.save(asked, replace(draft, attachments=files))
    attached = f", with {', '.join(f.filename for f in files)} attached" if files else ""
    return [f"{order.id}: asked {order.client_name} to approve {command.rest}{attached}."]


def choice(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    about, *inline = INLINE_OPTION.split(command.rest)
    options = [o.strip() for o in inline] + [BULLET.sub("", line) for line in command.block]
    if len(options) < 2:
        raise OrderError("a choice needs at least two options, one a line: 1. Silk taffeta")
    about = about.strip(" :,-")
    not_asked_yet(order, "choice", about)
    asked, draft = ask(
        order, "choice", desk.config, desk.now, about=about, options=options, by=desk.by
    )
    desk.save(asked, replace(draft, attachments=desk.mail.attachments))
    listed = "; ".join(f"{n}. {option}" for n, option in enumerate(options, 1))
    return [f"{order.id}: asked {order.client_name} to choose {about or 'an option'}: {listed}."]


def not_asked_yet(order: Order, kind: str, about: str) -> None:
    """The same request sent again (a resend, a second copy) must not ask the client twice."""
    for question in order.open_questions():
        if question.kind == kind and question.about.lower() == about.lower():
            raise OrderError(f"{question.id} already asks this and is still open; nothing sent")


def fitting(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    pieces = SLOT_BREAK.split(command.rest) + [BULLET.sub("", line) for line in command.block]
    slots = [slot for piece in pieces if piece.strip() for slot in _slots(piece, desk)]
    if not slots:
        raise OrderError("give the slots after the word fitting, separated by ';'")
    _slots_not_offered_yet(order, [iso(s) for s in slots])
    asked, draft = ask(
        order, "fitting", desk.config, desk.now, slots=[iso(s) for s in slots], by=desk.by
    )
    desk.save(asked, draft)
    listed = "; ".join(format_slot(iso(s), desk.config) for s in slots)
    return [f"{order.id}: offered {order.client_name} fitting slots: {listed}."]


def _slots_not_offered_yet(order: Order, slots: list[str]) -> None:
    """The same slots sent again (a resend, a second copy) must not ask the client twice."""
    for question in order.open_questions():
        if question.kind == "fitting" and sorted(question.slots) == sorted(slots):
            raise OrderError(f"{question.id} already offers these slots and is open; nothing sent")


def _slots(piece: str, desk: Desk) -> list[datetime]:
    found = proposed_times(piece, desk.now, desk.config.timezone)
    if not found:
        raise OrderError(
            f'"{piece}" is not a coming day and time I can read, e.g. Tue 27 Jan 14:00'
        )
    extra = SLOT_WORDS.sub(" ", piece).split()
    if extra:
        raise OrderError(
            f'"{piece}" holds more than days and times ("{" ".join(extra)}"); '
            "a fitting line lists only the slots"
        )
    past = [moment for moment in found if moment <= desk.now]
    if past:
        raise OrderError(f'"{piece}" is in the past')
    return found
