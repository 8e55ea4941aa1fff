"""The contract's money: what the payments are once change orders are approved (pure).

How an approved change order's cost is collected:

- Payments already received never change: the client paid what was asked.
- A change costing more than `large_change_percent` of the original contract value gets
  a payment of its own, "CO-n deposit", of `change_order_deposit_percent` of its cost,
  due the day the client approves, so it is invoiced before the work starts.
- The rest of its cost is collected with the milestones still due and not yet invoiced
  (deposit, mid-project, final), in proportion to their percentages; the last of them
  takes the rounding cent, so nothing is lost to rounding. A milestone the client was
  already asked for, or says they paid, keeps its amount: the client pays what they were
  asked, and a bank check would mark the larger amount received.
- When no milestone is left to carry it, the rest is one more payment, "CO-n", due the
  day the client approves.

So the payments always add up to the original contract value plus the approved
change orders. Thresholds are percentages of the original contract value, which
never changes, so one change cannot move the bar for the next.
"""

from __future__ import annotations

import copy
from datetime import date, datetime

from agent.clock import iso
from agent.model import ChangeOrder, Order, Payment
from agent.policy import Policy


def cents(amount: float) -> int:
    return round(amount * 100)


def is_large(total: float, original: float, policy: Policy) -> bool:
    """A change raising cost by more than the policy's share of the original value."""
    return cents(total) * 100 > cents(original) * policy.large_change_percent


def over_budget(approved_total: float, original: float, policy: Policy) -> bool:
    """Approved changes together beyond the policy's share of the original value."""
    return cents(approved_total) * 100 > cents(original) * policy.budget_overrun_percent


def deposit_cents(change: ChangeOrder, original: float, policy: Policy) -> int:
    """A change order's own deposit, in cents: nothing unless the change is large."""
    if not is_large(change.total, original, policy):
        return 0
    return round(cents(change.total) * policy.change_order_deposit_percent / 100)


def approved_total(order: Order) -> float:
    changes = map(ChangeOrder.from_dict, order.change_orders)
    return sum(c.total for c in changes if c.status == "approved")


def collect_change(
    payments: list[Payment],
    change: ChangeOrder,
    original: float,
    policy: Policy,
    approved: tuple[datetime, date],
    invoiced: frozenset[str] = frozenset(),
) -> list[Payment]:
    """The payments once `change` is approved at `approved` (the moment, the local day);
    `invoiced` names the milestones the client was already asked to pay."""
    moment, day = approved
    payments = copy.deepcopy(payments)
    deposit = deposit_cents(change, original, policy)
    rest = cents(change.total) - deposit
    extra = []
    if deposit:
        percent = round(policy.change_order_deposit_percent)
        extra.append(_own_payment(f"{change.id} deposit", percent, deposit, change, moment, day))
    open_milestones = [
        p
        for p in payments
        if p.status == "due" and not p.change_order and p.milestone not in invoiced
    ]
    if not open_milestones and rest:
        extra.append(_own_payment(change.id, 100, rest, change, moment, day))
    elif rest:
        spread(open_milestones, rest)
    return payments + extra


def _own_payment(
    name: str, percent: int, amount: int, change: ChangeOrder, moment: datetime, day: date
) -> Payment:
    return Payment(
        milestone=name,
        percent=percent,
        amount=amount / 100,
        due=day.isoformat(),
        change_order=change.id,
        created_at=iso(moment),
    )


def spread(milestones: list[Payment], amount: int) -> None:
    """Add `amount` cents to the milestones in proportion to their percentages."""
    weights = [p.percent for p in milestones]
    shares = [amount * w // sum(weights) for w in weights[:-1]]
    shares.append(amount - sum(shares))
    for payment, share in zip(milestones, shares, strict=True):
        payment.amount = (cents(payment.amount) + share) / 100
