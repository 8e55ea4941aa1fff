"""The emails the agent writes, as Drafts: recipients, subject, template and context.

One method per kind of email, so every address, subject and idempotency key is
decided in one readable place.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from agent.clock import parse_iso
from agent.config import Config
from agent.ics import fitting_invitation
from agent.model import Order, Question, Reading
from agent.outbox import Attachment, Draft, message_id_for
from agent.parsers.envelope import InboundMail

REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|antw|r|rif)\s*:", re.I)
ATTACH_LIMIT = 10 * 1024 * 1024


def one_line(subject: str) -> str:
    # Folded or hostile subjects may carry line breaks, which no header may contain.
    return " ".join(subject.split()) or "(no subject)"


def tagged(subject: str, order_id: str) -> str:
    clean = one_line(subject)
    if f"[{order_id}]".lower() in clean.lower():
        return clean
    # After a reply prefix, so an answer on a client's own thread reads "Re: [ORD-…] …".
    prefix = REPLY_PREFIX.match(clean)
    cut = prefix.end() if prefix else 0
    return f"{clean[:cut]} [{order_id}] {clean[cut:].strip()}".strip()


def reply_subject(subject: str, order_id: str) -> str:
    subject = tagged(subject, order_id)
    return subject if REPLY_PREFIX.match(subject) else f"Re: {subject}"


def format_day(day: date, year: bool = True) -> str:
    """A date as a person reads it, "Friday 20 March 2026": never ISO, never "05"."""
    return day.strftime("%A %d %B %Y" if year else "%A %d %B").replace(" 0", " ")


def format_slot(slot: str, config: Config) -> str:
    local = parse_iso(slot).astimezone(config.timezone)
    return local.strftime("%A %d %B %Y at %H:%M").replace(" 0", " ")


class Drafter:
    def __init__(self, config: Config, now: datetime) -> None:
        self.config = config
        self.now = now

    def _draft(self, key: str, **fields: Any) -> Draft:
        return Draft(key=key, message_id=message_id_for(key, self.config.domain), **fields)

    def _am(self, order: Order) -> str:
        person = self.config.account_manager(order.am_email)
        return order.am_name or (person.name if person else order.am_email)

    def _thread(self, mail: InboundMail) -> dict[str, Any]:
        return {"in_reply_to": mail.message_id, "references": (*mail.references, mail.message_id)}

    def _incoming(self, mail: InboundMail) -> dict[str, Any]:
        return {
            "from": f"{mail.from_name} <{mail.from_addr}>" if mail.from_name else mail.from_addr,
            "subject": mail.subject,
            "date": mail.date.astimezone(self.config.timezone).strftime("%Y-%m-%d %H:%M")
            if mail.date
            else "unknown",
            "message_id": mail.message_id,
            "text": mail.readable_text[:20000],
        }

    def _order(self, order: Order) -> dict[str, Any]:
        return {
            "id": order.id,
            "project": order.project,
            "client": order.client_name,
            "am": self._am(order),
            "phase": order.phase,
            "paused_from": order.paused_from,
        }

    def request(self, order: Order, question: Question) -> Draft:
        context = {
            "order": self._order(order),
            "question": question.to_dict(),
            "slots": [format_slot(s, self.config) for s in question.slots],
        }
        return self._draft(
            f"{order.id}/ask/{question.id}",
            template="client/issue" if question.issue else f"client/request_{question.kind}",
            to=tuple(order.client_emails[:1]),
            cc=(order.am_email,),
            subject=tagged(request_subject(question), order.id),
            context=context,
            order_id=order.id,
        )

    def confirmation(
        self, mail: InboundMail, order: Order, question: Question, summary: str
    ) -> Draft:
        return self._draft(
            f"{order.id}/confirm/{mail.message_id}",
            template="client/confirmation",
            to=(mail.from_addr,),
            cc=(order.am_email,),
            subject=reply_subject(mail.subject, order.id),
            context={
                "order": self._order(order),
                "summary": summary,
                "name": mail.from_name,
                "kind": question.kind,
            },
            order_id=order.id,
            auto_submitted="auto-replied",
            attachments=self._invitation(order, question),
            **self._thread(mail),
        )

    def _invitation(self, order: Order, question: Question) -> tuple[Attachment, ...]:
        """A confirmed fitting goes into the client's calendar."""
        choice = (question.answer or {}).get("choice")
        if question.kind != "fitting" or not choice:
            return ()
        invite = fitting_invitation(order, question.slots[choice - 1], self.config, self.now)
        return (Attachment("fitting.ics", "text/calendar", invite),)

    def handoff(
        self, mail: InboundMail, order: Order, question: Question | None, reading: Reading
    ) -> Draft:
        context = {
            "order": self._order(order),
            "mail": self._incoming(mail),
            "question": question.to_dict() if question else None,
            "reading": reading.to_dict(),
        }
        return self._staff(
            f"{order.id}/handoff/{mail.message_id}",
            "staff/handoff",
            (order.am_email,),
            f"Needs you: reply from {order.client_name}",
            context,
            order.id,
        )

    def client_asks(
        self, mail: InboundMail, order: Order, summary: str, questions: list[str]
    ) -> Draft:
        context = {
            "order": self._order(order),
            "mail": self._incoming(mail),
            "summary": summary,
            "questions": questions,
        }
        return self._staff(
            f"{order.id}/asks/{mail.message_id}",
            "staff/client_asks",
            (order.am_email,),
            f"{order.client_name} asks you something",
            context,
            order.id,
        )

    def escalation(self, mail: InboundMail, order: Order, reading: Reading) -> Draft:
        context = {"order": self._order(order), "mail": self._incoming(mail), "why": reading.why}
        return self._staff(
            f"{order.id}/escalate/dissatisfied/{mail.message_id}",
            "staff/escalation",
            (self.config.sales_director.address,),
            f"Escalation: {order.client_name} is unhappy",
            context,
            order.id,
            cc=(order.am_email,),
        )

    def delay(self, order: Order, original: date, new: date) -> Draft:
        context = {
            "order": self._order(order),
            "original": str(original),
            "new": str(new),
            "days": (new - original).days,
            "reason": order.delivery_reason,
        }
        return self._staff(
            f"{order.id}/escalate/delay/{new}",
            "staff/delivery_moved",
            (self.config.sales_director.address,),
            f"Delivery moved {(new - original).days} days",
            context,
            order.id,
            cc=(order.am_email,),
        )

    def stranger(self, mail: InboundMail, order: Order) -> Draft:
        context = {"order": self._order(order), "mail": self._incoming(mail)}
        return self._staff(
            f"{order.id}/stranger/{mail.message_id}",
            "staff/stranger",
            (order.am_email,),
            f"Not applied: mail from {mail.from_addr}",
            context,
            order.id,
        )

    def bounce(self, mail: InboundMail, order: Order) -> Draft:
        context = {"order": self._order(order), "mail": self._incoming(mail)}
        return self._staff(
            # One notice per order a day: if staff mail bounces too, it cannot loop.
            f"{order.id}/bounce/{self.now.date()}",
            "staff/bounce",
            (order.am_email,),
            "Delivery failed to the client",
            context,
            order.id,
        )

    def unroutable(self, mail: InboundMail) -> Draft:
        return self._staff(
            f"unroutable/{mail.message_id}",
            "staff/unroutable",
            self._all_ams(),
            f"Which order? {one_line(mail.subject)}",
            {"mail": self._incoming(mail)},
            "",
        )

    def held(self, raw: bytes, message_id: str, uid: int, reason: str) -> Draft:
        attachments = (
            (Attachment("original.eml", "application/octet-stream", raw),)
            if len(raw) <= ATTACH_LIMIT
            else ()
        )
        context = {
            "message_id": message_id,
            "uid": uid,
            "reason": reason,
            "mailbox": self.config.imap.mailbox,
            "size": len(raw),
            "attached": bool(attachments),
        }
        return Draft(
            key=f"held/{message_id}",
            message_id=message_id_for(f"held/{message_id}", self.config.domain),
            template="staff/held",
            to=self._all_ams(),
            subject="Could not read a message",
            context=context,
            auto_submitted="auto-generated",
            attachments=attachments,
        )

    def _all_ams(self) -> tuple[str, ...]:
        return tuple(p.address for p in self.config.account_managers)

    def _staff(
        self,
        key: str,
        template: str,
        to: tuple[str, ...],
        subject: str,
        context: dict[str, Any],
        order_id: str,
        cc: tuple[str, ...] = (),
    ) -> Draft:
        return self._draft(
            key,
            template=template,
            to=to,
            cc=cc,
            subject=tagged(subject, order_id) if order_id else subject,
            context=context,
            order_id=order_id,
            auto_submitted="auto-generated",
        )


def request_subject(question: Question) -> str:
    about = question.about
    if question.issue:
        return f"Issue: {about}, your choice please"
    if question.kind == "approval":
        return f"Your approval: {about or 'please review'}"
    if question.kind == "choice":
        return f"Your choice: {about or 'please pick an option'}"
    if question.kind == "fitting":
        return "Your fitting: please pick a time"
    return f"Payment: {question.milestone}"
