"""The emails about an AM's client thread: which order is it, and what the agent attached."""

from __future__ import annotations

from typing import Any

from agent.clock import parse_iso
from agent.drafts import Drafter, one_line, tagged
from agent.model import Order, Question
from agent.outbox import Draft
from agent.staff.adoption import StaffMail, clients_among


class ThreadDrafter(Drafter):
    def which_order(
        self, mail: StaffMail, candidates: tuple[Order, ...], problem: str, answering: str
    ) -> Draft:
        """Ask the AM which order their email belongs to; `answering` is the message this
        replies to (their email, or their answer that named no single order)."""
        context = {
            "mail": self._staff_mail(mail),
            "recipients": list(mail.recipients),
            "candidates": [self._order(o) for o in candidates],
            "problem": problem,
        }
        return self._draft(
            f"which-order/{answering}",
            template="staff/which_order",
            to=(mail.from_addr,),
            subject=f"Which order? {one_line(mail.subject)}",
            context=context,
            in_reply_to=answering,
            references=(mail.message_id, answering)
            if answering != mail.message_id
            else (answering,),
            auto_submitted="auto-generated",
        )

    def adopted(
        self, order: Order, mail: StaffMail, question: Question | None, answer_id: str
    ) -> Draft:
        """Tell the AM, who named the order, that their thread is now on it."""
        clients = clients_among(order, mail.recipients)
        context = {
            "order": self._order(order),
            "mail": self._staff_mail(mail),
            "question": question.to_dict() if question else None,
            "others": [a for a in mail.recipients if a not in clients],
        }
        return self._draft(
            f"{order.id}/adopted/{mail.message_id}",
            template="staff/thread_adopted",
            to=(mail.from_addr,),
            subject=tagged(f"Thread attached: {one_line(mail.subject)}", order.id),
            context=context,
            order_id=order.id,
            in_reply_to=answer_id,
            references=(answer_id,),
            auto_submitted="auto-generated",
        )

    def _staff_mail(self, mail: StaffMail) -> dict[str, Any]:
        sent = parse_iso(mail.sent_at).astimezone(self.config.timezone)
        return {
            "from": mail.from_addr,
            "subject": mail.subject,
            "date": sent.strftime("%Y-%m-%d %H:%M"),
            "message_id": mail.message_id,
            "text": mail.text,
        }
