"""When each payment is invoiced, reminded, paused for and passed to Finance (pure).

A payment is chased from when the agent learnt its due date, so however late that was,
the invoice goes first and every later step keeps its spacing after it (see agent.due).
The same holds however late the emails actually went (the agent was down): each step
waits for the one it follows, as recorded in order.sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.clock import parse_iso
from agent.due_item import FOREVER, DueItem, at_local, return_day
from agent.model import Order, Payment, Question
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
    planned = _payment_schedule(learnt, due_on, policy, tz)
    away = dict(_after_absence(planned, return_day(order), policy, tz))
    claimed_until = _claim_holds_until(payment, policy)
    went = _went(order, payment)
    for name, moment, stale in _after_downtime(planned, went, claimed_until, tz):
        if name in ESCALATIONS:
            # A claim buys time, not a pass: unconfirmed when the grace ends, work pauses.
            moment = max(moment, away[name], claimed_until)
        if name == "invoice" or moment >= claimed_until:
            yield DueItem(f"{base}/{name}", f"payment-{name}", moment, stale, (order.id,), name)


def _went(order: Order, payment: Payment) -> dict[str, datetime]:
    """When each of the payment's emails to the client went: invoice, due, friendly, firm."""
    asked = {
        q.id
        for q in map(Question.from_dict, order.questions)
        if q.kind == "payment" and q.milestone == payment.milestone
    }
    went: dict[str, datetime] = {}
    for sent in order.sent:
        if sent["question_id"] in asked and sent["kind"].startswith("payment-") and sent.get("at"):
            went.setdefault(sent["kind"].removeprefix("payment-"), parse_iso(sent["at"]))
    return went


def _after_downtime(
    planned: list[tuple[str, datetime]],
    went: dict[str, datetime],
    claimed_until: datetime,
    tz: ZoneInfo,
) -> Iterator[tuple[str, datetime, datetime]]:
    """Each step, its moment and when it goes stale. The invoice is never skipped; the
    reminders wait for it and keep their spacing after it (each stale when the next is
    due, so after downtime only the current one goes, but the last is never skipped); the
    pause and Finance wait for the last reminder the client is sent and keep their spacing
    after it. A step waiting for one that has not gone is left out."""
    (_, invoice), *rest = planned
    first = min(went.values(), default=None)
    # Once anything went, the invoice is not due (an earlier version may have skipped it).
    yield "invoice", invoice, FOREVER if first is None else invoice
    if first is None:
        return
    levels = [(name, m) for name, m in rest if name in LEVELS]
    reminders = [(name, _after(first, invoice, m, tz)) for name, m in levels]
    stales = [moment for _, moment in reminders[1:]] + [FOREVER]
    for (name, moment), stale in zip(reminders, stales, strict=True):
        yield name, moment, moment if name in went else stale
    # A reminder a claim holds back is never sent: the escalations do not wait for it.
    reached = [
        (name, planned_at)
        for (name, planned_at), (_, moment) in zip(levels, reminders, strict=True)
        if name in went or moment >= claimed_until
    ]
    last, last_planned = reached[-1] if reached else ("invoice", invoice)
    if last in went:
        for name, moment in rest[len(reminders) :]:
            yield name, _after(went[last], last_planned, moment, tz), FOREVER


def _after(went: datetime, planned: datetime, moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment`, or later if the step before it went days after `planned`: as many days
    after it went as `moment` was planned after it, at `moment`'s local time."""
    gap = moment.astimezone(tz).date() - planned.astimezone(tz).date()
    local = moment.astimezone(tz)
    spaced = at_local(went.astimezone(tz).date() + gap, local.time().replace(tzinfo=None), tz)
    return max(moment, spaced)


def _payment_schedule(
    learnt: datetime, due_on: date, policy: Policy, tz: ZoneInfo
) -> list[tuple[str, datetime]]:
    """Invoice, the reminders, the pause and Finance, each at its planned moment (when
    each goes stale, and how downtime moves them, is `_after_downtime`'s)."""
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
