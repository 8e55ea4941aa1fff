"""What a due item does: a pure function from the item and the orders to new orders and emails."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from agent.clock import iso, parse_iso
from agent.config import Config
from agent.digest import TIMELINE, digest_context
from agent.drafts import Drafter, format_day, format_slot
from agent.due import DueItem, payment_due_date
from agent.ics import fitting_invitation
from agent.model import HistoryEntry, Order, Payment, Question
from agent.outbox import Attachment, Draft
from agent.sent import record_escalation, record_sent
from agent.weekly import weekly_context


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
    due_on = payment_due_date(order, payment, drafter.config.policy)
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


HANDLERS = {"payment": _payment, "question": _question, "fitting": _fitting}


class ScheduleDrafter(Drafter):
    """The scheduled emails: updates, invoices, reminders and their escalations."""

    def _to_client(
        self,
        key: str,
        template: str,
        order: Order,
        subject: str,
        context: dict[str, Any],
        **extra: Any,
    ) -> Draft:
        return self._draft(
            key,
            template=template,
            to=tuple(order.client_emails[:1]),
            cc=(order.am_email,),
            subject=subject,
            context={"order": self._order(order), **context},
            order_id=order.id,
            auto_submitted="auto-generated",
            **extra,
        )

    def digest(self, item: DueItem, orders: list[Order]) -> Draft:
        since = item.since or item.at - timedelta(days=1)
        context = digest_context(orders, self.now, since, self.config.policy, self.config.timezone)
        director = self.config.sales_director
        return self._staff(
            item.key,
            "staff/digest",
            (director.address,),
            f"Studio digest, {context['day']}: {context['headline']}",
            {**context, "director": director.name, "timeline_phases": TIMELINE},
            "",
        )

    def weekly(self, item: DueItem, orders: list[Order]) -> Draft:
        config = self.config
        context = weekly_context(orders, self.now, config.timezone, config.policy, config.currency)
        ids = " ".join(f"[{o.id}]" for o in orders)
        first = orders[0]
        return self._draft(
            item.key,
            template="client/weekly_update",
            to=tuple(first.client_emails[:1]),
            cc=tuple(sorted({o.am_email for o in orders})),
            order_id=first.id,
            subject=f"{ids} Your weekly update, {context['week_of']}",
            auto_submitted="auto-generated",
            context={**context, "am": self._am(first)},
        )

    def payment(
        self, item: DueItem, order: Order, payment: Payment, step: str, question: Question
    ) -> Draft:
        due_on = payment_due_date(order, payment, self.config.policy)
        today = self.now.astimezone(self.config.timezone).date()
        context = {
            "payment": payment.to_dict(),
            "step": step,
            "due": format_day(due_on) if due_on else "",
            "days_late": (today - due_on).days if due_on else 0,
            "changed": order.contract_value != order.original_contract_value,
        }
        template = "client/invoice" if step == "invoice" else "client/payment_reminder"
        subject = f"[{order.id}] {'Invoice' if step == 'invoice' else 'Reminder'}: "
        return self._to_client(
            item.key, template, order, subject + f"{payment.milestone} payment", context
        )

    def question_reminder(self, item: DueItem, order: Order, question: Question) -> Draft:
        asked = next(
            (
                s["message_id"]
                for s in order.sent
                if s["question_id"] == question.id and s["kind"] == "request"
            ),
            "",
        )
        context = {
            "question": question.to_dict(),
            "asked": _local_day(question.asked_at, self),
            "slots": self._open_slots(question),
        }
        return self._to_client(
            item.key,
            "client/question_reminder",
            order,
            f"[{order.id}] Reminder: we need your answer",
            context,
            in_reply_to=asked,
            references=(asked,) if asked else (),
        )

    def _open_slots(self, question: Question) -> list[tuple[int, str]]:
        """The offered times not yet past, under their first numbers: the client's "2" must
        still mean the second time offered."""
        return [
            (number, format_slot(slot, self.config))
            for number, slot in enumerate(question.slots, 1)
            if parse_iso(slot) > self.now
        ]

    def fitting_reminder(self, item: DueItem, order: Order, slot: str) -> Draft:
        when = format_slot(slot, self.config)
        invite = fitting_invitation(order, slot, self.config, self.now)
        return self._to_client(
            item.key,
            "client/fitting_reminder",
            order,
            f"[{order.id}] Your fitting tomorrow",
            {"when": when},
            attachments=(Attachment("fitting.ics", "text/calendar", invite),),
        )

    def _late(self, order: Order, payment: Payment, days: int) -> dict[str, Any]:
        return {"order": self._order(order), "payment": payment.to_dict(), "days": days}

    def paused(self, item: DueItem, order: Order, payment: Payment) -> Draft:
        context = self._late(order, payment, self.config.policy.pause_after_days_late)
        sd = self.config.sales_director.address
        return self._staff(
            item.key,
            "staff/payment_paused",
            (order.am_email, sd),
            f"{'Work paused' if order.phase == 'Paused' else 'Not paid'}: "
            f"{payment.milestone} payment late",
            context,
            order.id,
        )

    def finance(self, item: DueItem, order: Order, payment: Payment) -> Draft:
        to = self.config.finance.address if self.config.finance else order.am_email
        days = self.config.policy.finance_after_days_late
        claimed = _local_day(payment.claimed_at, self) if payment.claimed_at else ""
        context = self._late(order, payment, days) | {"claimed": claimed}
        return self._staff(
            item.key,
            "staff/payment_finance",
            (to,),
            f"Finance: {payment.milestone} payment {days} days late",
            context,
            order.id,
            cc=() if to == order.am_email else (order.am_email,),
        )

    def _waiting(self, order: Order, question: Question) -> dict[str, Any]:
        asked = _local_day(question.asked_at, self)
        return {"order": self._order(order), "question": question.to_dict(), "asked": asked}

    def call_client(self, item: DueItem, order: Order, question: Question) -> Draft:
        context = self._waiting(order, question)
        return self._staff(
            item.key,
            "staff/call_client",
            (order.am_email,),
            f"Please call {order.client_name}",
            context,
            order.id,
        )

    def silent(self, item: DueItem, order: Order, question: Question) -> Draft:
        context = self._waiting(order, question)
        return self._staff(
            item.key,
            "staff/silent_client",
            (self.config.sales_director.address,),
            f"Escalation: {order.client_name} has not answered",
            context,
            order.id,
            cc=(order.am_email,),
        )


def _local_day(moment: str, drafter: Drafter) -> str:
    return format_day(parse_iso(moment).astimezone(drafter.config.timezone).date(), False)
