"""The orders one staff email's commands work on, and what those commands have done."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from agent.config import Config
from agent.model import Order
from agent.orders import OrderError
from agent.outbox import Draft
from agent.parsers.envelope import InboundMail
from agent.staff.command_text import Command, example

ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")


@dataclass
class Desk:
    orders: dict[str, Order]
    mail: InboundMail
    config: Config
    now: datetime
    # What was recorded when the agent's email that this one replies to went out, if any:
    # an escalation names its change order, so a bare "approve" knows which one.
    thread: dict[str, Any] = field(default_factory=dict)
    # The email's lines that are no command: a decision is refused when they say more.
    chatter: tuple[str, ...] = ()
    changed: list[str] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    created: str = ""

    @property
    def by(self) -> str:
        return self.mail.from_addr

    def today(self) -> date:
        return self.now.astimezone(self.config.timezone).date()

    def order(self, command: Command) -> Order:
        if not command.order_id:
            raise OrderError(
                f"which order? Put its id on the line or in the subject: {example(command.verb)}"
            )
        order = self.orders.get(command.order_id)
        if order is None:
            raise OrderError(f"there is no order {command.order_id}; `status` lists your orders")
        return order

    def save(self, order: Order, *drafts: Draft) -> None:
        """Keep a changed order; what its history gained carries this email's Message-ID."""
        before = len(self.orders[order.id].history) if order.id in self.orders else 0
        for entry in order.history[before:]:
            entry["message_id"] = entry.get("message_id") or self.mail.message_id
        self.orders[order.id] = order
        if order.id not in self.changed:
            self.changed.append(order.id)
        self.drafts.extend(drafts)


def take_date(text: str) -> tuple[date | None, str]:
    """A date written 2026-03-12 in `text`, and the text without it."""
    found = ISO_DATE.search(text)
    if found is None:
        return None, text.strip()
    try:
        day = date.fromisoformat("-".join(f"{int(p):02d}" for p in found.group(0).split("-")))
    except ValueError as exc:
        raise OrderError(f'"{found.group(0)}" is not a date; write it like 2026-03-12') from exc
    return day, " ".join((text[: found.start()] + text[found.end() :]).split()).strip(" :,-")
