"""Decisions by email, mostly the sales director's one-line reply to an escalation:
approve or decline a change order waiting for them, or have the AM call the client.

On an escalation's thread the order (and the change order) come from the email replied
to; elsewhere the line or the subject names the order.
"""

from __future__ import annotations

import copy
from typing import Any

from agent.change_orders import awaiting_director, director_approves, director_declines
from agent.model import ChangeOrder, Order
from agent.orders import OrderError
from agent.records import remember
from agent.routing import CHANGE_ID
from agent.staff.command_text import EDGE, Command, beyond_courtesy, without_courtesy
from agent.staff.desk import Desk
from agent.staff.drafts import StaffDrafter


def approve_change(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    change = _waiting_change(desk, order, command, "approve")
    _plainly(desk, command, change)
    changed, drafts = director_approves(order, change.id, desk.config, desk.now, desk.by)
    desk.save(changed, *drafts)
    said = [f"{order.id}: {change.id} approved by you and sent to {order.client_name}."]
    said.append("Their reply is kept as the written approval; the contract updates then.")
    return said


def decline_change(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    change = _waiting_change(desk, order, command, "decline")
    changed, drafts = director_declines(order, change.id, desk.config, desk.now, desk.by)
    desk.save(changed, *drafts)
    return [f"{order.id}: {change.id} declined; the client was not told, {order.am_email} was."]


def call_client(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    draft = StaffDrafter(desk.config, desk.now).call_request(order, desk.mail, command.rest)
    changed = copy.deepcopy(order)
    remember(changed, desk.now, "call requested", command.rest or desk.mail.subject, desk.by)
    desk.save(changed, draft)
    return [f"{order.id}: {order.am_email} is asked to call {order.client_name}."]


def _plainly(desk: Desk, command: Command, change: ChangeOrder) -> None:
    """An approval changes the contract and emails the client, so only a plain "approve"
    (a CO id may follow) in an email that says nothing else counts: not "Approve? No way.",
    nor "approve" above "Actually no, wait"."""
    more = without_courtesy(CHANGE_ID.sub("", command.rest)).strip(EDGE)
    said = beyond_courtesy(desk.chatter)
    if "?" in command.text or more or said:
        quoted = command.text if "?" in command.text or more else said[0]
        raise OrderError(
            f'{change.id} not approved: "{quoted}" may not mean yes. To approve it, reply '
            'with one line that says only "approve"; nothing was sent to the client'
        )


def _waiting_change(desk: Desk, order: Order, command: Command, verb: str) -> ChangeOrder:
    """The change order the line names, else the escalation's, else the only one waiting;
    only the sales director decides on it."""
    named = CHANGE_ID.search(command.rest)
    if named:
        change = awaiting_director(order, f"CO-{int(named.group(1))}")
    elif desk.thread:
        change = _escalated_change(order, desk.thread, verb)
    else:
        change = _only_waiting(order, verb)
    director = desk.config.sales_director
    if desk.by != director.address.lower():
        raise OrderError(
            f"only the sales director ({director.name}) may {verb} {change.id}, a change over "
            f"{desk.config.policy.large_change_percent:g}% of the contract; it still waits for them"
        )
    return change


def _escalated_change(order: Order, thread: dict[str, Any], verb: str) -> ChangeOrder:
    """The change order of the escalation replied to; one about something else has none."""
    if not thread.get("change_order"):
        raise OrderError(
            f"this escalation is about no change order; to {verb} one, name it: "
            f"{order.id} {verb} change order CO-1"
        )
    return awaiting_director(order, thread["change_order"])


def _only_waiting(order: Order, verb: str) -> ChangeOrder:
    waiting = [c["id"] for c in order.change_orders if c["status"] == "awaiting_sd"]
    if len(waiting) != 1:
        which = f"name one of {', '.join(waiting)}" if waiting else "none waits for a decision"
        raise OrderError(f"which change order of {order.id} to {verb}? {which}")
    return awaiting_director(order, waiting[0])
