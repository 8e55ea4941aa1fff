"""The emails the agent writes because staff wrote to it: the answer to a command email,
the report of one it refused, and a new order's kickoff email to the client."""

from __future__ import annotations

from datetime import date
from typing import Any

from agent.drafts import REPLY_PREFIX, Drafter, one_line, reply_subject, tagged
from agent.model import Order
from agent.outbox import Draft
from agent.parsers.envelope import InboundMail

PAYMENT_WHEN = {
    "deposit": "at signing",
    "mid-project": "after the first fitting",
    "final": "at delivery",
}


class StaffDrafter(Drafter):
    def answer(
        self,
        mail: InboundMail,
        outcomes: list[dict[str, Any]],
        order_id: str,
        chatter: list[str] | None = None,
        examples: list[str] | None = None,
        handoff: bool = False,
    ) -> Draft:
        """What each command did or why not; with no command, what was read and the forms."""
        context = {"chatter": chatter or [], "examples": examples or [], "handoff": handoff}
        subject = reply_subject(mail.subject, order_id) if order_id else one_line(mail.subject)
        return self._draft(
            f"staff/answer/{mail.message_id}",
            template="staff/command_answer",
            to=(mail.from_addr,),
            subject=subject if REPLY_PREFIX.match(subject) else f"Re: {subject}",
            context={"name": self.first_name(mail.from_addr), "outcomes": outcomes, **context},
            order_id=order_id,
            auto_submitted="auto-replied",
            **self._thread(mail),
        )

    def refused(self, mail: InboundMail, reason: str) -> Draft:
        """To the person whose address was used: someone may be sending in their name."""
        context = {"name": self.first_name(mail.from_addr), "reason": reason}
        return self._staff(
            f"staff/refused/{mail.message_id}",
            "staff/refused",
            (mail.from_addr,),
            "Refused: a command in your name failed the sender checks",
            {**context, "mail": self._incoming(mail)},
            "",
        )

    def kickoff(self, order: Order) -> Draft:
        context = {
            "order": self._order(order),
            "am_email": order.am_email,
            "delivery": date.fromisoformat(order.delivery_date).strftime("%d %B %Y").lstrip("0"),
            "value": order.contract_value,
            "payments": [
                {
                    **p,
                    "received": p["status"] == "received",
                    "when": PAYMENT_WHEN.get(p["milestone"], "as agreed"),
                }
                for p in order.payments
            ],
        }
        return self._draft(
            f"{order.id}/kickoff",
            template="client/kickoff",
            to=tuple(order.client_emails),
            cc=(order.am_email,),
            subject=tagged(f"Welcome: {order.project}", order.id),
            context=context,
            order_id=order.id,
        )

    def call_request(self, order: Order, mail: InboundMail, note: str) -> Draft:
        """To the AM: a colleague (usually the sales director, replying to an escalation)
        asks them to call the client."""
        context = {
            "order": self._order(order),
            "asker": self.full_name(mail.from_addr),
            "note": note,
            "about": one_line(REPLY_PREFIX.sub("", mail.subject)).strip(),
        }
        return self._staff(
            f"{order.id}/call/{mail.message_id}",
            "staff/call_request",
            (order.am_email,),
            f"Please call {order.client_name}",
            context,
            order.id,
        )

    def full_name(self, address: str) -> str:
        people = (self.config.sales_director, *self.config.account_managers)
        person = next((p for p in people if p.address.lower() == address.lower()), None)
        return person.name if person else address

    def first_name(self, address: str) -> str:
        return self.full_name(address).split()[0]
