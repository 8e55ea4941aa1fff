"""What is due now: a pure function of the orders, the moment and the policy.

Each item has the moment it became due and a moment it goes stale, so after
downtime the agent catches up what is still useful (a Friday update missed in the
morning goes out that afternoon) and drops what is not (never a week late). Its
key is the idempotency key: an item done once is never done again.

However late something enters the system, the client is asked and reminded before
anyone is escalated to:

- A payment is chased from when the agent learnt its due date (agent.payment_chase):
  the order's entry (its signing may be weeks earlier), the recording of the first
  fitting (mid-project), the delivery date's last move (final), a change order's
  approval, the order's delivery (an order delivered early owes the final and the
  mid-project that day, unless already due). Learnt only after its due day, it is
  treated as due the invoice's usual days after the agent learnt of it, so the invoice
  goes first and the reminders, the pause and Finance keep their spacing after it;
  learnt earlier, its invoice goes at once and the rest keep the contract's days. A
  payment given its own date (a change order's deposit, due on approval) keeps it: its
  invoice is its notice and reminders that would precede it are dropped. A delivery
  date a person moves into the past is refused (agent.records), so a mistyped year
  cannot make the final payment late.
- A question is chased from when the agent started tracking it (`opened_at`: an AM's
  email attached days after it was written), not from when it was asked: the reminders
  come at their working-day spacing after that, then the call, then the director.
- An out-of-office reply moves the client's reminders to the return morning (the one
  still current goes); the call, the director, the pause and Finance keep their
  spacing after it.

After downtime a step goes stale when the next is due (the one still current goes),
except that nobody is escalated to about a client who was never asked: a question's last
reminder is never skipped, and the call and the director wait for it and keep their
spacing after it; a payment's invoice is never skipped, its reminders wait for it and
keep their spacing after it, its last reminder is never skipped, and the pause and
Finance wait for it and keep their spacing after it (agent.payment_chase).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agent.clock import parse_iso
from agent.due_item import FOREVER, DueItem, at_local, return_day
from agent.fittings import booked_slot
from agent.model import CLOSED_PHASES, Order, Question
from agent.payment_chase import payment_items
from agent.policy import Policy


def due(orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo) -> list[DueItem]:
    """Every item whose moment has come and that has not gone stale, oldest first."""
    candidates = [*weekly_updates(orders, now, policy, tz)]
    if policy.daily_digest:
        candidates.append(daily_digest(now, policy, tz))
    for order in orders:
        if order.phase in CLOSED_PHASES - {"Delivered"}:
            continue
        try:
            candidates += _order_items(order, now, policy, tz)
        except (OverflowError, ValueError) as exc:
            # One order's impossible date (year 9999) must not stop the others' mail.
            candidates.append(unschedulable(order, now, exc))
    live = (i for i in candidates if i.at <= now < i.stale)
    return sorted(live, key=lambda i: (i.at, i.key))


def _order_items(order: Order, now: datetime, policy: Policy, tz: ZoneInfo) -> list[DueItem]:
    items = [
        *payment_items(order, now, policy, tz),
        *question_items(order, policy, tz),
        *fitting_items(order, policy, tz),
    ]
    return [i for i in items if not _held_while_away(i, order, now, policy, tz)]


def unschedulable(order: Order, now: datetime, error: Exception) -> DueItem:
    """The AM is told, once per delivery date, that the order's dates cannot be scheduled."""
    key = f"unschedulable/{order.id}/{order.delivery_date}"
    return DueItem(key, "order-unschedulable", now, FOREVER, (order.id,), str(error))


REMINDERS = {"question-reminder", "payment-due", "payment-friendly", "payment-firm"}


def _held_while_away(
    item: DueItem, order: Order, now: datetime, policy: Policy, tz: ZoneInfo
) -> bool:
    """An out-of-office reply said when the client is back: reminders wait until that
    morning, and the one still current then goes out."""
    back = return_day(order)
    return (
        item.kind in REMINDERS and back is not None and now < at_local(back, policy.send_time, tz)
    )


def weekly_updates(
    orders: list[Order], now: datetime, policy: Policy, tz: ZoneInfo
) -> Iterator[DueItem]:
    """This week's update, one per client, covering all of the client's active orders."""
    today = now.astimezone(tz).date()
    day = today - timedelta(days=(today.weekday() - policy.weekly_update_day) % 7)
    moment = at_local(day, policy.weekly_update_time, tz)
    stale = at_local(day + timedelta(days=1), time(0), tz)
    by_client: dict[str, list[str]] = {}
    for order in orders:
        if order.phase not in CLOSED_PHASES | {"Paused"} and parse_iso(order.created_at) < moment:
            by_client.setdefault(order.client_emails[0], []).append(order.id)
    for client, ids in sorted(by_client.items()):
        yield DueItem(f"weekly/{client}/{day}", "weekly-update", moment, stale, tuple(ids))


def daily_digest(now: datetime, policy: Policy, tz: ZoneInfo) -> DueItem:
    """Each morning's digest for the sales director; a missed one goes out later that day."""
    today = now.astimezone(tz).date()
    moment = at_local(today, policy.digest_time, tz)
    stale = at_local(today + timedelta(days=1), time(0), tz)
    return DueItem(f"digest/{today}", "digest", moment, stale, ())


def since_last_digest(item: DueItem, done: list[dict[str, Any]]) -> DueItem:
    """The digest covers everything since the last one went out, even after downtime."""
    sent = [parse_iso(d["at"]) for d in done if d["kind"] == "digest"]
    earlier = [moment for moment in sent if moment < item.at]
    return dataclasses.replace(item, since=max(earlier)) if earlier else item


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """The same local time `days` working days (Monday to Friday) later."""
    local = start.astimezone(tz)
    day = local.date()
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return at_local(day, local.time().replace(tzinfo=None), tz)


def question_items(order: Order, policy: Policy, tz: ZoneInfo) -> Iterator[DueItem]:
    """Reminders for an unanswered question, then the AM is asked to call, then the SD."""
    for question in order.open_questions():
        if question.kind == "payment":
            continue
        yield from _question_steps(order, question, policy, tz)


def _question_steps(
    order: Order, question: Question, policy: Policy, tz: ZoneInfo
) -> Iterator[DueItem]:
    days = list(policy.question_reminder_working_days)
    last = days[-1] if days else 0
    days += [last + policy.call_after_working_days]
    days += [days[-1] + policy.silent_escalation_working_days]
    opened = max(question.asked_at, question.opened_at or question.asked_at, key=parse_iso)
    moments = _chain(parse_iso(opened), days, return_day(order), tz)
    *reminders, call, silent = moments
    stales = [*moments[1 : len(reminders)], FOREVER]  # the last reminder is never skipped
    base = f"ask/{order.id}/{question.id}"
    for number, (moment, stale) in enumerate(zip(reminders, stales, strict=True), 1):
        key = f"{base}/reminder-{number}"
        yield DueItem(key, "question-reminder", moment, stale, (order.id,), question.id)
    reminded = _last_reminded(order, question, reminders[-1] if reminders else None)
    if reminded is None:
        return  # nobody is asked to chase a client who has not been reminded yet
    call = max(call, add_working_days(reminded, policy.call_after_working_days, tz))
    silent = max(silent, add_working_days(call, policy.silent_escalation_working_days, tz))
    yield DueItem(f"{base}/call", "question-call", call, FOREVER, (order.id,), question.id)
    yield DueItem(f"{base}/silent", "question-silent", silent, FOREVER, (order.id,), question.id)


def _last_reminded(order: Order, question: Question, last: datetime | None) -> datetime | None:
    """When the question's last reminder went (None while it has not): the call and the
    director come at their spacing after it, even when downtime delayed it."""
    if last is None:
        return parse_iso(question.opened_at or question.asked_at)
    sent = [s for s in order.sent if s["kind"] == "reminder" and s["question_id"] == question.id]
    moments = [parse_iso(s["at"]) if s.get("at") else last for s in sent]
    latest = max(moments, default=None)
    return latest if latest is not None and latest >= last else None


def _chain(asked: datetime, days: list[int], back: date | None, tz: ZoneInfo) -> list[datetime]:
    """Each step the given working days after the question; a step that would fall while
    the client is away moves to their return day, and the later steps keep their spacing
    after it (the AM is not asked to call a client on holiday)."""
    moments: list[datetime] = []
    previous, previous_days = asked, 0
    while back and back.weekday() >= 5:  # back at a weekend: reminders wait for Monday
        back += timedelta(days=1)
    for total in days:
        moment = add_working_days(previous, total - previous_days, tz)
        if back and moment.astimezone(tz).date() < back:
            moment = at_local(back, moment.astimezone(tz).time(), tz)
        moments.append(moment)
        previous, previous_days = moment, total
    return moments


def fitting_items(order: Order, policy: Policy, tz: ZoneInfo) -> Iterator[DueItem]:
    """A reminder the day before each booked fitting (not one a later booking moved)."""
    for question in map(Question.from_dict, order.questions):
        slot = booked_slot(question)
        if slot is None:
            continue
        moment = at_local(slot.astimezone(tz).date() - timedelta(days=1), policy.send_time, tz)
        key = f"fitting/{order.id}/{question.id}/{slot.isoformat()}"
        yield DueItem(key, "fitting-reminder", moment, slot, (order.id,), question.id)
