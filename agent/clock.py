"""The only place that reads the system time; everything else is handed a clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock a test or `--now` can set to any moment."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        """Real elapsed time: on a zone-aware moment, `+` would move the wall clock instead,
        an hour off across a daylight-saving change."""
        self.moment = self.moment.astimezone(UTC) + timedelta(**delta)


def iso(moment: datetime) -> str:
    """Stored form of a moment: aware UTC, ISO-8601, whole seconds."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
