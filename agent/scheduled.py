"""What a due item does: a pure function from the item and the orders to new orders and emails."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from agent.clock import iso
from agent.config import Config
from agent.due import DueItem
from agent.model import HistoryEntry, Order, Payment, Question
from agent.outbox import Draft
from agent.payment_chase import chase_due
from agent.schedule_mail import ScheduleDrafter
from agent.sent import record_escalation, record_sent


@dataclass
class Action:
    orders: list[Order] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    detail: str = ""


def act(item: DueItem, orders: dict[str, Order], config: Config, now: datetime) -> Action:
    """Carry out one due item on copies of its orders."""
    drafter = ScheduleDrafter(config, now)
    if item.kind == "digest":
        return Action([], [drafter.digest(item, list(orders.values()))], "daily digest")
    mine = [copy.deepcopy(orders[i]) for i in item.order_ids if i in orders]
    if not mine:
        return Action(detail="order gone")
    if item.kind == "weekly-update":
        return _weekly(item, mine, drafter)
    order = mine[0]
    handler = HANDLERS[item.kind.split("-")[0]]
    return handler(item, order, drafter)


def _note(order: Order, now: datetime, event: str, detail: str) -> None:
    order.history.append(HistoryEntry(iso(now), event, detail, "agent").to_dict())


def _weekly(item: DueItem, orders: list[Order], drafter: ScheduleDrafter) -> Action:
    draft = drafter.weekly(item, orders)
    for order in orders:
        record_sent(order, draft, "weekly-update", "", drafter.now)
    return Action(orders, [draft], f"weekly update for {len(orders)} order(s)")


def _payment(item: DueItem, order: Order, drafter: ScheduleDrafter) -> Action:
    milestone = item.key.split("/")[2]
    payment = next(p for p in map(Payment.from_dict, order.payments) if p.milestone == milestone)
    step = item.key.rsplit("/", 1)[1]
    policy = drafter.config.policy
    if step == "pause":
        # A delivered order has no work left to pause; the people are told all the same.
        if order.phase not in ("Paused", "Delivered"):
            order.paused_from, order.phase = order.phase, "Paused"
            order.paused_for_payment = milestone
        # Recorded as an escalation, so the digest lists it among the open ones.
        late = f"{milestone} payment more than {policy.pause_after_days_late} days late"
        outcome = "work paused" if order.phase == "Paused" else "already delivered"
        _note(order, drafter.now, "escalated", f"{late}; {outcome}")
        draft = record_escalation(order, drafter.paused(item, order, payment), drafter.now)
        return Action([order], [draft], outcome)
    if step == "finance":
        late = f"{milestone} payment {policy.finance_after_days_late} days late"
        _note(order, drafter.now, "escalated", f"{late}; Finance told")
        return Action([order], [drafter.finance(item, order, payment)], "Finance told")
    question = _payment_question(order, payment, drafter)
    draft = drafter.payment(item, order, payment, step, question)
    record_sent(order, draft, f"payment-{step}", question.id, drafter.now)
    _note(order, drafter.now, f"payment {step}", f"{milestone} {payment.amount:,.2f}")
    return Action([order], [draft], f"{milestone} {step}")


def _payment_question(order: Order, payment: Payment, drafter: ScheduleDrafter) -> Question:
    """The open payment question, so a client's "I've paid" reply finds its payment."""
    for question in order.open_questions():
        if question.kind == "payment" and question.milestone == payment.milestone:
            return question
    due_on = chase_due(order, payment, drafter.now, drafter.config.policy, drafter.config.timezone)
    question = Question(
        id=f"Q{len(order.questions) + 1}",
        kind="payment",
        asked_at=iso(drafter.now),
        milestone=payment.milestone,
        amount=payment.amount,
        due=str(due_on or ""),
    )
    order.questions.append(question.to_dict())
    return question


def _question(item: DueItem, order: Order, drafter: ScheduleDrafter) -> Action:
    question = order.question(item.detail)
    if question is None or not question.is_open:
        return Action(detail="question already settled")
    step = item.key.rsplit("/", 1)[1]
    if step == "call":
        return Action([], [drafter.call_client(item, order, question)], "AM asked to call")
    if step == "silent":
        _note(order, drafter.now, "escalated", f"client silent on {question.id}")
        draft = drafter.silent(item, order, question)
        return Action(
            [order], [record_escalation(order, draft, drafter.now, question.id)], "SD told"
        )
    draft = drafter.question_reminder(item, order, question)
    record_sent(order, draft, "reminder", question.id, drafter.now)
    return Action([order], [draft], f"reminder {step}")


def _fitting(item: DueItem, order: Order, drafter: ScheduleDrafter) -> Action:
    question = order.question(item.detail)
    assert question is not None and question.answer
    slot = question.slots[question.answer["choice"] - 1]
    draft = drafter.fitting_reminder(item, order, slot)
    record_sent(order, draft, "fitting-reminder", question.id, drafter.now)
    return Action([order], [draft], f"fitting reminder for {slot}")


def _unschedulable(item: DueItem, order: Order, drafter: ScheduleDrafter) -> Action:
    _note(order, drafter.now, "schedule stopped", f"its dates cannot be used: {item.detail}")
    return Action([order], [drafter.unschedulable(item, order)], f"AM told: {item.detail}")


HANDLERS = {
    "payment": _payment,
    "question": _question,
    "fitting": _fitting,
    "order": _unschedulable,
}
