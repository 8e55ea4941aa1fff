"""What people did, recorded on an order with its cause (pure: copies in, copies out)."""

from __future__ import annotations

import copy
from datetime import date, datetime

from agent.clock import iso
from agent.config import Config
from agent.drafts import Drafter
from agent.model import PHASES, HistoryEntry, Order, Payment
from agent.orders import OrderError
from agent.outbox import Draft
from agent.sent import record_escalation


def remember(
    order: Order, now: datetime, event: str, detail: str, by: str, message_id: str = ""
) -> None:
    """Add to the order's history what happened, who caused it and the message that did."""
    order.history.append(HistoryEntry(iso(now), event, detail, by, message_id).to_dict())


def set_phase(order: Order, phase: str, now: datetime, by: str) -> Order:
    match = next((p for p in PHASES if p.lower() == phase.strip().lower()), None)
    if match is None:
        raise OrderError(f'phase: "{phase}" is not one of {", ".join(PHASES)}')
    order = copy.deepcopy(order)
    order.paused_from = order.phase if match == "Paused" else ""
    order.phase = match
    remember(order, now, "phase", match, by)
    return order


def add_note(order: Order, text: str, now: datetime, by: str) -> Order:
    order = copy.deepcopy(order)
    order.notes.append({"at": iso(now), "text": text.strip(), "by": by})
    remember(order, now, "note", text.strip(), by)
    return order


def move_delivery(
    order: Order, new: date, reason: str, config: Config, now: datetime, by: str
) -> tuple[Order, list[Draft]]:
    """A new delivery date; more than the policy's days from the promise escalates, once."""
    if not reason.strip():
        raise OrderError("--reason: say why the date moves; the client's update will quote it")
    order = copy.deepcopy(order)
    order.delivery_date, order.delivery_reason = new.isoformat(), reason.strip()
    remember(order, now, "delivery moved", f"to {new}: {reason.strip()}", by)
    original = date.fromisoformat(order.original_delivery_date or order.delivery_date)
    if (new - original).days <= config.policy.delay_escalation_days:
        return order, []
    remember(order, now, "escalated", f"delivery {(new - original).days} days late", "agent")
    return order, [record_escalation(order, Drafter(config, now).delay(order, original, new), now)]


def milestone_done(order: Order, name: str, day: date, now: datetime, by: str) -> Order:
    order = copy.deepcopy(order)
    order.milestones[name.strip().lower()] = day.isoformat()
    remember(order, now, "milestone done", name.strip().lower(), by)
    return order


def mark_paid(order: Order, milestone: str, day: date, now: datetime, by: str) -> Order:
    """Only a person marks a payment received; it also settles its payment question."""
    order = copy.deepcopy(order)
    payments = [Payment.from_dict(p) for p in order.payments]
    found = [p for p in payments if p.milestone.lower() == milestone.strip().lower()]
    if not found:
        known = ", ".join(p.milestone for p in payments)
        raise OrderError(f'milestone: "{milestone}" is not a payment on {order.id} ({known})')
    found[0].status, found[0].received_at = "received", day.isoformat()
    order.payments = [p.to_dict() for p in payments]
    for question in order.questions:
        if question["kind"] == "payment" and question["milestone"] == found[0].milestone:
            question["status"] = "answered" if question["status"] == "open" else question["status"]
    remember(order, now, "payment received", found[0].milestone, by)
    return order
