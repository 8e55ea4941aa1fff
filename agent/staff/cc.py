"""Mail on an account manager's own client thread, the agent in copy (pure: a Decision out).

Three kinds of message are decided here: the AM's email to a client (attached to its
order, or held while the AM is asked which order), the AM's answer naming that order,
and the client's replies on such a thread. Staff mail addressed only to staff and the
agent (commands, hand-off answers) is not: for it this returns None, as it does for all
other mail, and the usual workflow decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from agent.config import Config
from agent.model import Order, Reading
from agent.orders import ORDER_ID
from agent.parsers.envelope import InboundMail
from agent.parsers.reply_text import extract_reply
from agent.routing import Route
from agent.rules import Classification
from agent.staff.adoption import (
    StaffMail,
    adopt,
    asked_in,
    is_adopted,
    named_orders,
    outside_recipients,
    place,
    unclaimed,
)
from agent.staff.thread import client_on_am_thread, on_am_thread
from agent.staff.thread_drafts import ThreadDrafter
from agent.workflow import Decision

# The AM's answer that the email is about no order (a supplier, a prospect): left alone.
NO_ORDER = re.compile(r"\s*(?:none|ignore|no order|not an order)\b", re.I)


def on_staff_thread(
    mail: InboundMail,
    kind: Classification,
    where: Route,
    reading: Reading | None,
    orders: list[Order],
    ledger: Callable[[], list[dict[str, Any]]],
    config: Config,
    now: datetime,
) -> Decision | None:
    """Decide mail on an AM's client thread; None for any other mail.

    `ledger` is read only for staff mail that may answer "which order?".
    """
    if kind.kind == "staff" and outside_recipients(mail, config):
        return am_wrote_to_client(mail, where, orders, config, now)
    if kind.kind == "staff":
        waiting = _waiting(mail, ledger())
        return am_named_order(mail, waiting, orders, config, now) if waiting else None
    if (
        where.order
        and reading
        and where.sender_role == "client"
        and on_am_thread(mail, where.order)
    ):
        return client_on_am_thread(mail, where, reading, config, now)
    return None


def am_wrote_to_client(
    mail: InboundMail, where: Route, orders: list[Order], config: Config, now: datetime
) -> Decision:
    """Attach the AM's email to its order, or keep it and ask the AM which order."""
    staff_mail = StaffMail.of(mail, config, now)
    placed = place(staff_mail, where, orders)
    if placed.order is None:
        return _ask(staff_mail, placed.candidates, "", mail.message_id, config, now)
    order = adopt(
        placed.order, unclaimed(staff_mail, placed.order, orders), placed.via, config, now
    )
    detail = f"the AM's email to {', '.join(staff_mail.recipients)} (via {placed.via})"
    return Decision("adopted", detail, order=order)


def am_named_order(
    mail: InboundMail,
    waiting: dict[str, Any],
    orders: list[Order],
    config: Config,
    now: datetime,
) -> Decision:
    """The AM's reply to "which order?": attach their email to the order it names."""
    staff_mail = StaffMail.from_dict(waiting["pending"])
    text = extract_reply(mail.text, mail.html)
    named = named_orders(text, orders)
    if not named and NO_ORDER.match(text):
        return Decision("recorded", f"the AM says {staff_mail.message_id} belongs to no order")
    if len(named) != 1:
        candidates = tuple(o for o in orders if o.id in waiting["candidates"])
        return _ask(staff_mail, candidates, _problem(text, named), mail.message_id, config, now)
    holder = next((o for o in orders if is_adopted(o, staff_mail.message_id)), None)
    if holder is not None:
        return Decision("recorded", f"the AM's email is already on {holder.id}")
    order = adopt(named[0], unclaimed(staff_mail, named[0], orders), "the AM's answer", config, now)
    question = asked_in(order, staff_mail.message_id)
    notice = ThreadDrafter(config, now).adopted(order, staff_mail, question, mail.message_id)
    detail = f"the AM's email {staff_mail.message_id} attached, as the AM answered"
    return Decision("adopted", detail, order=order, drafts=[notice])


def _ask(
    staff_mail: StaffMail,
    candidates: tuple[Order, ...],
    problem: str,
    answering: str,
    config: Config,
    now: datetime,
) -> Decision:
    draft = ThreadDrafter(config, now).which_order(staff_mail, candidates, problem, answering)
    record = {
        "pending": staff_mail.to_dict(),
        "asked": draft.message_id,
        "candidates": [o.id for o in candidates],
    }
    detail = problem or f"asked the AM which order ({len(candidates)} open candidates)"
    return Decision("asked-which-order", detail, drafts=[draft], record=record)


def _problem(text: str, named: list[Order]) -> str:
    if named:
        return f"Your reply names several orders ({', '.join(o.id for o in named)}); name one."
    said = ORDER_ID.search(text.upper())
    if said:
        return f"{said.group(0)} is not an order I know; nothing was attached."
    return "I found no order id in your reply; nothing was attached."


def _waiting(mail: InboundMail, ledger: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The AM's email held for an order, if this mail answers the agent's "which order?"."""
    ids = set(mail.thread_ids)
    return next((e for e in reversed(ledger) if e.get("pending") and e.get("asked") in ids), None)
