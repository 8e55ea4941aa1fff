"""The scheduled emails: Friday updates, the digest, invoices, reminders and escalations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agent.clock import parse_iso
from agent.digest import TIMELINE, digest_context
from agent.drafts import Drafter, format_day, format_slot
from agent.due import DueItem
from agent.ics import fitting_invitation
from agent.model import Order, Payment, Question
from agent.outbox import Attachment, Draft
from agent.payment_chase import chase_due
from agent.weekly import weekly_context


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
        due_on = chase_due(order, payment, self.now, self.config.policy, self.config.timezone)
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

    def unschedulable(self, item: DueItem, order: Order) -> Draft:
        context = {
            "order": self._order(order),
            "error": item.detail,
            "delivery": order.delivery_date,
            "plan": order.plan,
            "done": order.milestones,
        }
        subject = "The schedule cannot use this order's dates"
        return self._staff(
            item.key, "staff/unschedulable", (order.am_email,), subject, context, order.id
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
