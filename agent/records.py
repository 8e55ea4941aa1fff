"""What people did, recorded on an order with its cause (pure: copies in, copies out)."""

from __future__ import annotations

import copy
from datetime import date, datetime

from agent.clock import iso
from agent.config import Config
from agent.drafts import Drafter
from agent.model import PHASES, HistoryEntry, Order, Payment
from agent.orders import OrderError, sane_day
from agent.outbox import Draft
from agent.plan import plan_name, shift_plan
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
    # Paused again (say, by a person over the agent's pause for money): keep the work's phase.
    held = order.paused_from if order.phase == "Paused" else order.phase
    order.paused_from = held if match == "Paused" else ""
    order.phase, order.paused_for_payment = match, ""
    remember(order, now, "phase", match, by)
    return order


def add_note(order: Order, text: str, now: datetime, by: str) -> Order:
    order = copy.deepcopy(order)
    order.notes.append({"at": iso(now), "text": text.strip(), "by": by})
    remember(order, now, "note", text.strip(), by)
    return order


def move_delivery(
    order: Order,
    new: date,
    reason: str,
    config: Config,
    now: datetime,
    by: str,
    *,
    typed: bool = True,
) -> tuple[Order, list[Draft]]:
    """A new delivery date; more than the policy's days from the promise escalates, once:
    later moves escalate again only when they slip that much past the date last escalated.
    The plan's milestones still ahead move by as many days as the delivery does. A date a
    person typed must not be past (a mistyped year would make the final payment late at
    once); one that follows from a change order's days is taken as it comes."""
    if not reason.strip():
        raise OrderError("--reason: say why the date moves; the client's update will quote it")
    sane_day(new, now, "delivery")
    today = now.astimezone(config.timezone).date()
    if typed and new < today:
        raise OrderError(f"delivery: {new} is in the past (today is {today}); give the new date")
    order = copy.deepcopy(order)
    moved = (new - date.fromisoformat(order.delivery_date)).days
    order.plan = shift_plan(order.plan, order.milestones, moved, today)
    order.delivery_date, order.delivery_reason = new.isoformat(), reason.strip()
    remember(order, now, "delivery moved", f"to {new}: {reason.strip()}", by)
    original = date.fromisoformat(order.original_delivery_date or order.delivery_date)
    known = date.fromisoformat(order.escalated_delivery or original.isoformat())
    if (new - known).days <= config.policy.delay_escalation_days:
        return order, []
    order.escalated_delivery = new.isoformat()
    remember(order, now, "escalated", f"delivery {(new - original).days} days late", "agent")
    return order, [record_escalation(order, Drafter(config, now).delay(order, original, new), now)]


def milestone_done(order: Order, name: str, day: date, now: datetime, by: str) -> Order:
    """One milestone of the order's plan done; a name the plan lacks is refused, since the
    payments and reminders that hang on a milestone would never see it."""
    known = _known_milestone(order, name)
    sane_day(day, now, known)
    order = copy.deepcopy(order)
    order.milestones[known] = day.isoformat()
    remember(order, now, "milestone done", known, by)
    return order


def plan_milestone(order: Order, name: str, day: date, now: datetime, by: str) -> Order:
    """A new planned day for one milestone of the order's plan."""
    known = _known_milestone(order, name)
    sane_day(day, now, known)
    order = copy.deepcopy(order)
    order.plan[known] = day.isoformat()
    remember(order, now, "milestone planned", f"{known} on {day}", by)
    return order


def _known_milestone(order: Order, name: str) -> str:
    known = plan_name(name, order.plan)
    if known is None:
        raise OrderError(f'"{name}" is not a milestone of {order.id}: {", ".join(order.plan)}')
    return known


def mark_paid(order: Order, milestone: str, day: date, now: datetime, by: str) -> Order:
    """Only a person marks a payment received; it also settles its payment question."""
    sane_day(day, now, milestone)
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
    _resume_when_paid(order, found[0].milestone, now, by)
    return order


def _resume_when_paid(order: Order, milestone: str, now: datetime, by: str) -> None:
    """Work paused because this payment was late resumes in its phase before the pause;
    a pause a person set stays until a person lifts it."""
    if order.phase != "Paused" or order.paused_for_payment != milestone:
        return
    order.phase, order.paused_from, order.paused_for_payment = order.paused_from, "", ""
    why = f"back in {order.phase}: the late {milestone} payment is in"
    remember(order, now, "resumed", why, by)
