"""A scheduled item, and the studio-time helpers every schedule uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from agent.model import Order

FOREVER = datetime.max.replace(tzinfo=ZoneInfo("UTC"))


@dataclass(frozen=True)
class DueItem:
    key: str
    kind: str
    at: datetime
    stale: datetime
    order_ids: tuple[str, ...]
    detail: str = ""
    # For a digest: when the last one went out (the store knows; default: a day before).
    since: datetime | None = None


def at_local(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """A local wall-clock time on a day, as an aware datetime (DST-correct)."""
    return datetime.combine(day, moment, tzinfo=tz)


def return_day(order: Order) -> date | None:
    """The day an out-of-office reply said the client is back, if it said one."""
    return date.fromisoformat(order.away_until) if order.away_until else None
