"""When each payment is invoiced, reminded, paused for and passed to Finance (pure).

A payment is chased from when the agent learnt its due date, so however late that was,
the invoice goes first and every later step keeps its spacing after it (see agent.due).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.clock import parse_iso
from agent.due_item import FOREVER, DueItem, at_local, return_day
from agent.model import Order, Payment
from agent.policy import Policy

FIRST_FITTING = "first fitting"
LEVELS = ("due", "friendly", "firm")
ESCALATIONS = ("pause", "finance")


def payment_due_date(order: Order, payment: Payment, policy: Policy) -> date | None:
    """By the contract: deposit at signing, mid-project a few days after the first fitting
    (so its invoice goes out on the fitting day), final at delivery. An order delivered
    before those days owes both the day it is delivered: the work is done."""
    if payment.due:
        return date.fromisoformat(payment.due[:10])
    if payment.milestone == "deposit":
        return parse_iso(order.created_at).date()
    contract = _milestone_due(order, payment, policy)
    delivered = delivered_on(order)
    if delivered is None:
        return contract
    return delivered if contract is None else min(contract, delivered)


def _milestone_due(order: Order, payment: Payment, policy: Policy) -> date | None:
    if payment.milestone == "final":
        return date.fromisoformat(order.delivery_date)
    done = order.milestones.get(FIRST_FITTING)
    if not done:
        return None
    return date.fromisoformat(done[:10]) + timedelta(days=policy.invoice_days_before)


def delivered_on(order: Order) -> date | None:
    """The day the order was (last) marked Delivered, while it still is."""
    if order.phase not in ("Delivered", "Closed"):
        return None
    return max((parse_iso(h["at"]).date() for h in _delivered(order)), default=None)


def _delivered(order: Order) -> list[dict[str, str]]:
    return [h for h in order.history if h["event"] == "phase" and h["detail"] == "Delivered"]


def chase_due(
    order: Order, payment: Payment, now: datetime, policy: Policy, tz: ZoneInfo
) -> date | None:
    """The day the invoice and reminders treat as due: the contract's, or, when the agent
    learnt of the payment only after that day, the invoice's usual days after it learnt."""
    contract = payment_due_date(order, payment, policy)
    if contract is None or payment.due:
        return contract
    learnt = learnt_of(order, payment, now).astimezone(tz).date()
    late = learnt > contract
    return learnt + timedelta(days=policy.invoice_days_before) if late else contract


def learnt_of(order: Order, payment: Payment, now: datetime) -> datetime:
    """When the agent learnt the payment's due date: the payment came to be (a change
    order's deposit), the order entered the agent, the first fitting was recorded
    (mid-project), the delivery date last moved (final), the order was delivered (both).
    What is recorded after `now` (a preview of an earlier day) was not known then."""
    created = parse_iso(payment.created_at or order.created_at)
    return max([created, *(m for m in _learning(order, payment) if m <= now)])


def _learning(order: Order, payment: Payment) -> list[datetime]:
    """When the history says the agent learnt (again) of the payment's due date."""
    told = [h for h in order.history if h["event"] == "created"][:1]
    if payment.milestone == "mid-project":
        done = [h for h in order.history if h["event"] == "milestone done"]
        told += [h for h in done if h["detail"] == FIRST_FITTING][:1]
    if payment.milestone == "final":
        told += [h for h in order.history if h["event"] == "delivery moved"]
    if payment.milestone in ("mid-project", "final") and delivered_on(order):
        told += _delivered(order)[-1:]
    return [parse_iso(h["at"]) for h in told]


def payment_items(order: Order, now: datetime, policy: Policy, tz: ZoneInfo) -> Iterator[DueItem]:
    for payment in map(Payment.from_dict, order.payments):
        due_on = chase_due(order, payment, now, policy, tz)
        if due_on is None or payment.status == "received":
            continue
        learnt = learnt_of(order, payment, now)
        yield from _payment_steps(order, payment, learnt, due_on, policy, tz)


def _payment_steps(
    order: Order, payment: Payment, learnt: datetime, due_on: date, policy: Policy, tz: ZoneInfo
) -> Iterator[DueItem]:
    base = f"pay/{order.id}/{payment.milestone}"
    timed = _payment_schedule(learnt, due_on, policy, tz)
    timed = _after_absence(timed, return_day(order), policy, tz)
    claimed_until = _claim_holds_until(payment, policy)
    stales = [moment for _, moment in timed[1:-1]] + [FOREVER, FOREVER]
    for (name, moment), stale in zip(timed, stales, strict=True):
        if name in ESCALATIONS:
            # A claim buys time, not a pass: unconfirmed when the grace ends, work pauses.
            moment = max(moment, claimed_until)
        if name == "invoice" or moment >= claimed_until:
            yield DueItem(f"{base}/{name}", f"payment-{name}", moment, stale, (order.id,), name)


def _payment_schedule(
    learnt: datetime, due_on: date, policy: Policy, tz: ZoneInfo
) -> list[tuple[str, datetime]]:
    """Invoice, the reminders, the pause and Finance, each at its moment.

    Each step goes stale when the next one is due, except the last two, which stay
    due until done.
    """
    send = policy.send_time
    # An invoice cannot go out before the agent knows of its payment.
    invoice = max(at_local(due_on - timedelta(days=policy.invoice_days_before), send, tz), learnt)
    reminders = [
        (level, at_local(due_on + timedelta(days=days), send, tz))
        for level, days in zip(LEVELS, policy.payment_reminder_days_late, strict=False)
    ]
    pause = at_local(due_on + timedelta(days=policy.pause_after_days_late + 1), send, tz)
    finance = at_local(due_on + timedelta(days=policy.finance_after_days_late), send, tz)
    # A reminder that would come before its invoice is dropped.
    later = [(name, moment) for name, moment in reminders if moment > invoice]
    return [("invoice", invoice), *later, ("pause", pause), ("finance", finance)]


def _after_absence(
    timed: list[tuple[str, datetime]], back: date | None, policy: Policy, tz: ZoneInfo
) -> list[tuple[str, datetime]]:
    """The client's reminders wait for their return morning (agent.due holds them); the pause
    and Finance keep their spacing after the reminder before them, so neither comes while
    the client cannot have read it."""
    if back is None:
        return timed
    morning = at_local(back, policy.send_time, tz)
    moved: list[tuple[str, datetime]] = []
    planned = held = timed[0][1]  # the step before: its own moment, and when it goes
    for name, moment in timed:
        if name in ESCALATIONS:
            went = max(moment, held + (moment - planned))
        else:
            went = max(moment, morning) if name in LEVELS else moment
        moved.append((name, went if name in ESCALATIONS else moment))
        planned, held = moment, went
    return moved


def _claim_holds_until(payment: Payment, policy: Policy) -> datetime:
    """A client's "I've paid" holds reminders back while a person checks the bank."""
    if payment.status != "claimed" or not payment.claimed_at:
        return datetime.min.replace(tzinfo=ZoneInfo("UTC"))
    return parse_iso(payment.claimed_at) + timedelta(days=policy.claim_grace_days)
