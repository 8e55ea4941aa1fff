"""The Friday update's content for one client: a pure function of their orders and now."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agent.clock import parse_iso
from agent.drafts import format_day
from agent.due_item import at_local
from agent.model import Order, Payment, Question
from agent.payment_chase import chase_due
from agent.plan import planned_between
from agent.policy import Policy
from agent.templates import money

# History events a client cares to read about, and how to say them.
DONE_EVENTS = {
    "approval answered": "{detail}",
    "choice answered": "you chose {detail}",
    "fitting answered": "{detail} booked",
    "milestone done": "{detail} completed",
    "phase": "moved to {detail}",
    "payment received": "{detail} payment received, thank you",
    "change order approved": "you approved change order {detail}",
}


def weekly_context(
    orders: list[Order], now: datetime, tz: ZoneInfo, policy: Policy, currency: str = ""
) -> dict[str, Any]:
    """What happened this week, what is in progress, what comes next, what we need."""
    today = now.astimezone(tz).date()
    # Since last week's update was due, in local time: a late (caught-up) update or a
    # daylight-saving change in between leaves no event out.
    since = at_local(today - timedelta(days=7), policy.weekly_update_time, tz)
    return {
        "client": orders[0].client_name,
        "week_of": today.strftime("%d %B %Y").lstrip("0"),
        "orders": [_order_section(order, since, now, tz, policy, currency) for order in orders],
    }


def _order_section(
    order: Order, since: datetime, now: datetime, tz: ZoneInfo, policy: Policy, currency: str
) -> dict[str, Any]:
    return {
        "id": order.id,
        "project": order.project,
        "phase": order.phase,
        "completed": _completed(order, since),
        "notes": _news(order, since),
        "coming": _coming(order, now, tz, policy, currency),
        "actions": [_action(q, currency) for q in order.open_questions()],
        "delivery": _delivery_line(order),
    }


def _completed(order: Order, since: datetime) -> list[str]:
    done = []
    for entry in order.history:
        template = DONE_EVENTS.get(entry["event"])
        if template and parse_iso(entry["at"]) >= since:
            done.append(template.format(detail=entry["detail"]))
    return done


def _news(order: Order, since: datetime) -> list[str]:
    """The AM's progress notes written since this order's last update went out (or, for
    updates recorded before their time was, since last week's was due): never old news."""
    sent = [parse_iso(s["at"]) for s in order.sent if s["kind"] == "weekly-update" and s.get("at")]
    last = max(sent, default=since)
    return [n["text"] for n in order.notes if parse_iso(n["at"]) > last]


def _coming(order: Order, now: datetime, tz: ZoneInfo, policy: Policy, currency: str) -> list[str]:
    today = now.astimezone(tz).date()
    horizon = today + timedelta(days=7)
    fittings = _fittings(order, today, horizon, tz)
    coming = [*fittings, *_planned(order, today, horizon, bool(fittings))]
    for payment in map(Payment.from_dict, order.payments):
        due_on = chase_due(order, payment, now, policy, tz)  # the day its invoice names
        if payment.status == "due" and due_on and today < due_on <= horizon:
            day = format_day(due_on, False)
            amount = money(payment.amount, currency)
            coming.append(f"{payment.milestone} payment of {amount} due on {day}")
    delivery = date.fromisoformat(order.delivery_date)
    if today < delivery <= horizon:
        coming.append(f"delivery on {format_day(delivery, False)}")
    return coming


def _fittings(order: Order, today: date, horizon: date, tz: ZoneInfo) -> list[str]:
    """The fittings the client booked in the coming week."""
    booked = []
    for raw in order.questions:
        question = Question.from_dict(raw)
        choice = (question.answer or {}).get("choice")
        if question.kind == "fitting" and question.status == "answered" and choice:
            slot = parse_iso(question.slots[choice - 1]).astimezone(tz)
            if today < slot.date() <= horizon:
                booked.append(f"fitting on {format_day(slot.date(), False)} at {slot:%H:%M}")
    return booked


def _planned(order: Order, today: date, horizon: date, fitting_booked: bool) -> list[str]:
    """The plan's milestones for the coming week; a booked fitting stands for a planned one."""
    return [
        f"{name}, planned for {format_day(day, False)}"
        for day, name in planned_between(
            order.plan, order.milestones, today + timedelta(days=1), horizon
        )
        if not (fitting_booked and "fitting" in name)
    ]


def _action(question: Question, currency: str) -> str:
    if question.kind == "choice":
        return f"please choose {question.about or 'an option'} (reply with its number)"
    if question.kind == "fitting":
        return "please pick a fitting time"
    if question.kind == "payment":
        amount = f" of {money(question.amount, currency)}" if question.amount else ""
        return f"please send the {question.milestone} payment{amount}"
    return f"please approve {question.about or 'the work sent'}"


def _delivery_line(order: Order) -> str:
    promised = date.fromisoformat(order.delivery_date).strftime("%d %B %Y").lstrip("0")
    if order.delivery_date == order.original_delivery_date or not order.original_delivery_date:
        return f"on track for delivery on {promised}"
    why = f" because {order.delivery_reason}" if order.delivery_reason else ""
    return f"delivery is now planned for {promised}{why}"
