"""What we sent about an order, remembered on the order so replies find their way back."""

from __future__ import annotations

from datetime import datetime

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
