"""The sales director's morning digest: a pure function of the orders and the moment."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any
from zoneinfo import ZoneInfo

from agent.clock import parse_iso
from agent.contract import approved_total, over_budget
from agent.drafts import format_day
from agent.fittings import booked_slot
from agent.model import CLOSED_PHASES, PHASES, ChangeOrder, Order, Payment, Question
from agent.payment_chase import chase_due, delivered_on
from agent.plan import missed, planned_between
from agent.policy import Policy

# The history's names for the agent's own steps, as the director reads them.
CHANGE_WORDS = {
    "asked": "asked the client",
    "payment invoice": "invoice sent",
    "payment due": "reminder sent, payment due today",
    "payment friendly": "friendly payment reminder sent",
    "payment firm": "firm payment reminder sent",
    "payment answered": "client says paid",
    "handed to AM": "reply handed to the AM",
}
SILENT = re.compile(r"client silent on (Q\d+)")
TIMELINE = ("Design", "Pattern", "Construction", "Fitting", "Final", "Delivered")


def digest_context(
    orders: list[Order], now: datetime, since: datetime, policy: Policy, tz: ZoneInfo
) -> dict[str, Any]:
    today = now.astimezone(tz).date()
    active = [o for o in orders if o.phase not in CLOSED_PHASES - {"Delivered"}]
    context = {
        "day": format_day(today),
        "by_phase": {p: [o.id for o in orders if o.phase == p] for p in PHASES},
        "changes": _changes(orders, since, now, tz),
        "escalations": _escalations(active, now, tz),
        "overdue": _overdue(active, now, policy, tz),
        "coming": _coming(active, now, policy, tz),
        "at_risk": _at_risk(active, now, policy, tz),
        "timelines": [_timeline(o) for o in active],
        "metrics": metrics(orders, now, policy, tz),
    }
    return context | {"headline": _headline(context)}


def _headline(digest: dict[str, Any]) -> str:
    """What the director can see from the inbox list: what needs them, or that nothing does."""
    counts = (
        (len(digest["overdue"]), "overdue payment", "overdue payments"),
        (len(digest["at_risk"]), "order at risk", "orders at risk"),
    )
    said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    return ", ".join(said) or "all on track"


def _changes(orders: list[Order], since: datetime, now: datetime, tz: ZoneInfo) -> list[str]:
    """In the order things happened (a digest caught up after downtime spans days, and
    "Fri" sorts before "Thu"), with the agent's own steps in words."""
    dated = []
    for order in orders:
        for entry in order.history:
            at = parse_iso(entry["at"])
            if since <= at <= now:
                event = CHANGE_WORDS.get(entry["event"], entry["event"])
                line = f"{at.astimezone(tz):%a %H:%M} {order.id} {event}: {entry['detail']}"
                dated.append((at, line))
    return [line for _, line in sorted(dated)]


def _escalations(orders: list[Order], now: datetime, tz: ZoneInfo) -> list[str]:
    recent = now - timedelta(days=14)
    return [
        f"{o.id} ({o.client_name}): {_escalation(o, e['detail'], tz)}"
        for o in orders
        for e in o.history
        if e["event"] == "escalated" and parse_iso(e["at"]) >= recent
    ]


def _escalation(order: Order, detail: str, tz: ZoneInfo) -> str:
    """The escalation as the director reads it: the question by name, not its id, and
    settled ones marked, so a payment since received does not look still open."""
    silent = SILENT.fullmatch(detail)
    if silent and (question := order.question(silent.group(1))):
        what = f"{question.kind} of {question.about}" if question.about else question.kind
        answered = (question.answer or {}).get("at", "")
        since = f"; answered{_on(answered, tz)}" if question.status == "answered" else ""
        return f"client silent on the {what}{since}"
    for payment in map(Payment.from_dict, order.payments):
        if detail.startswith(f"{payment.milestone} payment ") and payment.status == "received":
            return f"{detail}; paid{_on(payment.received_at, tz)}"
    return detail


def _on(moment: str, tz: ZoneInfo) -> str:
    """ " Mon 06 Apr" for a stored day or moment; nothing when it is unknown."""
    if not moment:
        return ""
    at = date.fromisoformat(moment) if len(moment) == 10 else parse_iso(moment).astimezone(tz)
    return f" {at:%a %d %b}"


def _overdue(orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo) -> list[str]:
    """Payments past the day they are chased for: a late-entered order's deposit is not
    late on the day it is first invoiced."""
    today = now.astimezone(tz).date()
    lines = []
    for order in orders:
        for payment in map(Payment.from_dict, order.payments):
            due_on = chase_due(order, payment, now, policy, tz)
            if payment.status != "received" and due_on and due_on < today:
                claimed = " (client says paid)" if payment.status == "claimed" else ""
                lines.append(
                    f"{order.id} {payment.milestone} {payment.amount:,.2f}, "
                    f"{(today - due_on).days} days late{claimed}"
                )
    return lines


def _coming(orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo) -> list[str]:
    today = now.astimezone(tz).date()
    horizon = today + timedelta(days=7)
    dated: list[tuple[date, str]] = []
    for order in orders:
        for question in map(Question.from_dict, order.questions):
            if booked := booked_slot(question):
                slot = booked.astimezone(tz)
                line = f"{slot:%a %d %b %H:%M} fitting, {order.id} {order.project}"
                dated.append((slot.date(), line))
        for payment in map(Payment.from_dict, order.payments):
            due_on = chase_due(order, payment, now, policy, tz)
            if payment.status == "due" and due_on:
                dated.append(
                    (due_on, f"{due_on:%a %d %b} {payment.milestone} payment due, {order.id}")
                )
        delivery = date.fromisoformat(order.delivery_date)
        if order.phase != "Delivered":
            dated.append((delivery, f"{delivery:%a %d %b} delivery, {order.id} {order.project}"))
            dated += [
                (day, f"{day:%a %d %b} {name} planned, {order.id} {order.project}")
                for day, name in planned_between(order.plan, order.milestones, today, horizon)
            ]
    # By date, not by text: "02 Apr" comes after "30 Mar".
    return [line for day, line in sorted(dated) if today <= day <= horizon]


def _at_risk(orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo) -> list[str]:
    today = now.astimezone(tz).date()
    risks = []
    for order in orders:
        reasons = []
        if order.phase == "Paused":
            reasons.append("paused")
        if order.phase != "Delivered":
            reasons += [
                f"{name} planned {day:%d %b} not done"
                for day, name in missed(order.plan, order.milestones, today)
            ]
        if order.delivery_date != (order.original_delivery_date or order.delivery_date):
            reasons.append(f"delivery moved to {order.delivery_date}")
        if "bounce" in order.flags:
            reasons.append("mail to the client bounces")
        if any(e["event"] == "escalated" and "dissatisfied" in e["detail"] for e in order.history):
            reasons.append("client dissatisfied")
        if _overdue([order], now, policy, tz):
            reasons.append("payment overdue")
        if over_budget(approved_total(order), order.original_contract_value, policy):
            reasons.append(f"changes lift the contract to {order.contract_value:,.2f}")
        if reasons:
            risks.append(f"{order.id} {order.project}: {', '.join(reasons)}")
    return risks


def _timeline(order: Order) -> dict[str, Any]:
    current = order.paused_from if order.phase == "Paused" else order.phase
    index = TIMELINE.index(current) if current in TIMELINE else 0
    steps = [
        {"phase": p, "state": "done" if i < index else "now" if i == index else "todo"}
        for i, p in enumerate(TIMELINE)
    ]
    return {
        "id": order.id,
        "project": order.project,
        "paused": order.phase == "Paused",
        "delivery": order.delivery_date,
        "steps": steps,
    }


def metrics(orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo) -> dict[str, str]:
    """The studio's own measures, as a person would quote them."""
    delivered = [(o, day) for o in orders if (day := delivered_on(o))]
    on_time = [o for o, day in delivered if day <= _agreed_delivery(o)]
    responses = [
        _hours(q)
        for o in orders
        for q in map(Question.from_dict, o.questions)
        if q.answer and q.kind != "payment"
    ]
    collections = [
        (date.fromisoformat(p.received_at[:10]) - due).days
        for o in orders
        for p in map(Payment.from_dict, o.payments)
        if p.received_at and (due := chase_due(o, p, now, policy, tz))
    ]
    changes = sum(len(o.change_orders) for o in orders)
    return {
        "on-time delivery": f"{100 * len(on_time) / len(delivered):.0f}%" if delivered else "n/a",
        "client response time": f"{mean(responses):.1f} h on average" if responses else "n/a",
        "change orders": f"{changes / len(orders):.1f} per order" if orders else "n/a",
        "payment collection": (
            f"{mean(collections):.1f} days from due date" if collections else "n/a"
        ),
    }


def _agreed_delivery(order: Order) -> date:
    """The delivery date the client agreed to: the contract's, moved by the days of each
    change order they approved (a later date they asked for is not late)."""
    changes = map(ChangeOrder.from_dict, order.change_orders)
    days = sum(c.days for c in changes if c.status == "approved")
    original = date.fromisoformat(order.original_delivery_date or order.delivery_date)
    return original + timedelta(days=days)


def _hours(question: Question) -> float:
    answer = question.answer or {}
    # Answers recorded before replied_at was kept have only the moment they were recorded.
    answered = parse_iso(answer.get("replied_at") or answer["at"])
    return (answered - parse_iso(question.asked_at)).total_seconds() / 3600
