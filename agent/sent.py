"""What we sent about an order, remembered on the order so replies find their way back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agent.clock import iso
from agent.model import Order
from agent.outbox import Draft


def record_sent(order: Order, draft: Draft, kind: str, question_id: str, now: datetime) -> None:
    """Remember what we sent, so a reply to it finds its way back to this order."""
    order.sent.append(
        {"message_id": draft.message_id, "kind": kind, "question_id": question_id, "at": iso(now)}
    )
    if set(draft.to) & {a.lower() for a in order.client_emails}:
        order.last_client_update = iso(now)


def record_escalation(
    order: Order, draft: Draft, now: datetime, question_id: str = "", change_order: str = ""
) -> Draft:
    """Remember an escalation, so the sales director's one-line reply decides on this order
    (and on its change order, if it is about one)."""
    record_sent(order, draft, "escalation", question_id, now)
    order.sent[-1]["change_order"] = change_order
    return draft


def replied_to(
    thread_ids: tuple[str, ...], orders: list[Order], kind: str
) -> tuple[Order, dict[str, Any]] | None:
    """The order, and what was recorded, of the `kind` of mail we sent that a reply answers."""
    for message_id in thread_ids:
        for order in orders:
            for sent in order.sent:
                if sent["message_id"] == message_id and sent["kind"] == kind:
                    return order, sent
    return None
