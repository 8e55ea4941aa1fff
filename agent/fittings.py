"""Booked fittings: the slot a fitting question booked, and a rebooking replacing the
earlier one (pure)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.clock import iso, parse_iso
from agent.model import HistoryEntry, Order, Question

SUPERSEDED = "superseded"


def booked_slot(question: Question) -> datetime | None:
    """The slot the client booked with this fitting question, if it still stands."""
    choice = (question.answer or {}).get("choice")
    if question.kind != "fitting" or question.status != "answered" or not choice:
        return None
    return parse_iso(question.slots[choice - 1])


def supersede_earlier(order: Order, booking: Question, now: datetime, tz: ZoneInfo) -> None:
    """A fitting booked while an earlier booked one is still ahead moves it: the earlier
    one is neither reminded nor listed again, so the client is not sent to the old slot."""
    for raw in order.questions:
        earlier = Question.from_dict(raw)
        slot = booked_slot(earlier)
        if earlier.id == booking.id or slot is None or slot <= now:
            continue
        raw["status"] = SUPERSEDED
        when = slot.astimezone(tz).strftime("%a %d %b %H:%M")
        detail = f"the fitting booked for {when} ({earlier.id}) is replaced by {booking.id}'s"
        order.history.append(HistoryEntry(iso(now), "fitting moved", detail, "agent").to_dict())
