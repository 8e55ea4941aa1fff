"""A change order's life on an order (pure: copies in, copies and drafts out).

Proposed by the studio; a large one waits for the sales director; sent to the client
with an approval question; the client's reply approves or declines it. An approval
updates the contract value, the payments (see agent/contract.py) and the delivery date.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

from agent.change_order_mail import ChangeOrderDrafter
from agent.clock import iso
from agent.config import Config
from agent.contract import approved_total, collect_change, is_large, over_budget
from agent.model import ChangeOrder, Order, Payment, Question
from agent.orders import OrderError
from agent.outbox import Draft
from agent.records import move_delivery, remember
from agent.sent import record_escalation, record_sent
from agent.templates import counted

BUDGET_OVERRUN = "budget overrun"


def parse_item(text: str) -> dict[str, Any]:
    """One `--item "Description=amount"` line."""
    description, _, amount = text.rpartition("=")
    try:
        value = float(amount.replace(",", "").strip())
    except ValueError:
        value = 0.0
    if not description.strip() or value <= 0:
        raise OrderError(f'--item "{text}": write it as "Hand-beaded bodices=2400" (amount > 0)')
    return {"description": description.strip(), "amount": round(value, 2)}


def propose(
    order: Order, items: list[str], days: int, reason: str, config: Config, now: datetime, by: str
) -> tuple[Order, list[Draft]]:
    """A new change order: sent to the client, or to the sales director first when large."""
    if not items:
        raise OrderError('a change order needs at least one --item "Description=amount"')
    if days < 0:
        raise OrderError(f"--days {days}: the days the delivery moves, 0 or more")
    if not reason.strip():
        raise OrderError("--reason: say why the change is needed; the client reads it")
    lines = [parse_item(i) for i in items]
    order = copy.deepcopy(order)
    change = ChangeOrder(
        id=f"CO-{len(order.change_orders) + 1}",
        items=lines,
        total=round(sum(i["amount"] for i in lines), 2),
        days=days,
        reason=reason.strip(),
        created_at=iso(now),
    )
    order.change_orders.append(change.to_dict())
    large = is_large(change.total, order.original_contract_value, config.policy)
    next_step = "waits for the sales director" if large else "sent to the client"
    detail = f"{change.id} proposed: {_summary(change)}; {next_step}"
    remember(order, now, "change order", detail, by)
    if not large:
        return _send(order, change, config, now)
    change.status = "awaiting_sd"
    _store(order, change)
    why = f"change order {change.id} raises cost by {_share(change.total, order)}"
    remember(order, now, "escalated", f"{why}; the sales director must approve it", "agent")
    draft = ChangeOrderDrafter(config, now).needs_director(order, change)
    return order, [record_escalation(order, draft, now, change_order=change.id)]


def director_approves(
    order: Order, change_id: str, config: Config, now: datetime, by: str
) -> tuple[Order, list[Draft]]:
    """The sales director agreed to a large change order: it goes to the client."""
    change = awaiting_director(order, change_id)
    order = copy.deepcopy(order)
    change.sd_approved_at = iso(now)
    detail = f"{change.id} approved by the sales director; sent to the client"
    remember(order, now, "change order", detail, by)
    return _send(order, change, config, now)


def director_declines(
    order: Order, change_id: str, config: Config, now: datetime, by: str
) -> tuple[Order, list[Draft]]:
    """The sales director refused a large change order: the client never sees it; the AM
    is told."""
    change = awaiting_director(order, change_id)
    order = copy.deepcopy(order)
    change.status, change.decided_at = "declined", iso(now)
    _store(order, change)
    remember(order, now, "change order declined", f"{change.id} by the sales director", by)
    director = config.sales_director.name
    return order, [ChangeOrderDrafter(config, now).declined(order, change, director)]


def awaiting_director(order: Order, change_id: str) -> ChangeOrder:
    """The change order, if it waits for the sales director's decision."""
    change = _find(order, change_id)
    if change.status != "awaiting_sd":
        status = change.status.replace("awaiting_sd", "waiting for the sales director")
        raise OrderError(
            f"{change.id} is {status}, not waiting for the sales director: "
            "nothing for them to approve or decline"
        )
    return change


def settle(
    order: Order,
    change_id: str,
    approved: bool,
    evidence: dict[str, str],
    config: Config,
    now: datetime,
) -> tuple[Order, list[Draft]]:
    """The client's reply to the change order's question, kept as the written decision.

    `evidence` is the reply: its message_id, from, date and text, and who decided
    (decided_by: the client, or the AM who read their reply).
    """
    order = copy.deepcopy(order)
    change = _find(order, change_id)
    change.decided_at, change.evidence = iso(now), evidence
    change.status = "approved" if approved else "declined"
    _store(order, change)
    by, message_id = evidence.get("decided_by", evidence["from"]), evidence["message_id"]
    if not approved:
        remember(order, now, "change order declined", change.id, by, message_id)
        return order, [ChangeOrderDrafter(config, now).declined(order, change)]
    _collect(order, change, config, now)
    remember(
        order, now, "change order approved", f"{change.id}: {_summary(change)}", by, message_id
    )
    drafts: list[Draft] = []
    if change.days:
        new = date.fromisoformat(order.delivery_date) + timedelta(days=change.days)
        reason = f"change order {change.id}: {change.reason}"
        order, drafts = move_delivery(order, new, reason, config, now, by, typed=False)
    return order, drafts + _budget_escalation(order, config, now)


def _collect(order: Order, change: ChangeOrder, config: Config, now: datetime) -> None:
    """The approved change's money: new payments and contract value (see agent/contract.py)."""
    # A payment question opens with the first mail asking for the milestone.
    asked = [q.milestone for q in map(Question.from_dict, order.questions) if q.kind == "payment"]
    payments = collect_change(
        [Payment.from_dict(p) for p in order.payments],
        change,
        order.original_contract_value,
        config.policy,
        (now, now.astimezone(config.timezone).date()),
        frozenset(asked),
    )
    order.payments = [p.to_dict() for p in payments]
    order.contract_value = order.original_contract_value + approved_total(order)


def _budget_escalation(order: Order, config: Config, now: datetime) -> list[Draft]:
    """Approved changes beyond the policy's share of the original value: once per order."""
    total = approved_total(order)
    already = any(
        e["event"] == "escalated" and e["detail"].startswith(BUDGET_OVERRUN) for e in order.history
    )
    if already or not over_budget(total, order.original_contract_value, config.policy):
        return []
    why = f"{BUDGET_OVERRUN}: approved change orders add {_share(total, order)}"
    remember(order, now, "escalated", why, "agent")
    return [
        record_escalation(order, ChangeOrderDrafter(config, now).budget_overrun(order, total), now)
    ]


def _send(
    order: Order, change: ChangeOrder, config: Config, now: datetime
) -> tuple[Order, list[Draft]]:
    """Ask the client: an approval question linked to the change order, so the reader,
    reminders and hand-offs treat it like any other."""
    question = Question(
        id=f"Q{len(order.questions) + 1}",
        kind="approval",
        asked_at=iso(now),
        about=f"change order {change.id}",
        change_order=change.id,
    )
    order.questions.append(question.to_dict())
    change.status, change.question_id = "sent", question.id
    _store(order, change)
    draft = ChangeOrderDrafter(config, now).to_client(order, change)
    record_sent(order, draft, "request", question.id, now)
    return order, [draft]


def _find(order: Order, change_id: str) -> ChangeOrder:
    change = order.change_order(change_id)
    if change is None:
        known = ", ".join(c["id"] for c in order.change_orders) or "none yet"
        raise OrderError(f"{order.id} has no change order {change_id} (it has: {known})")
    return change


def _store(order: Order, change: ChangeOrder) -> None:
    order.change_orders = [
        change.to_dict() if c["id"] == change.id else c for c in order.change_orders
    ]


def _summary(change: ChangeOrder) -> str:
    # The client reads this in the weekly update.
    days = f", {counted(change.days, 'more day')}" if change.days else ", no change to the date"
    return f"{change.total:,.2f}{days} ({change.reason})"


def _share(amount: float, order: Order) -> str:
    percent = 100 * amount / order.original_contract_value
    return f"{amount:,.2f}, {percent:.0f}% of the contract ({order.original_contract_value:,.2f})"
