"""The new times a reply asks for, resolved against the message's Date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.parsers.clock_times import resolve_clock
from agent.parsers.slot_match import to_local
from agent.parsers.time_clause import Clause, DateGuess
from agent.parsers.time_mentions import read_clauses

# How far ahead a date without a year ("Jan 30", "the 30th") may lie.
_MONTHS_AHEAD = 24


def proposed_times(
    text: str, sent_at: datetime, tz: ZoneInfo, *, offered: Sequence[datetime] = ()
) -> list[datetime]:
    """The day-and-time combinations the text asks for, resolved from the message date.

    A clause with a time but no day takes the day of the clause before it
    ("Can we do Friday the 30th? At 3pm if possible."). A clause whose day
    contradicts itself ("Tuesday the 30th" when the 30th is a Friday) yields nothing.
    A bare weekday means the offered day on that weekday when there is one
    ("Thursday, but at 11?"), else the next such day.
    """
    today = to_local(sent_at, tz).date()
    offered_days = {to_local(slot, tz).date() for slot in offered}
    found: list[datetime] = []
    last_day: date | None = None
    for clause in read_clauses(text):
        day = _resolve_day(clause, today, offered_days)
        if clause.names_day():
            last_day = day
        clock = resolve_clock(clause)
        if clock is not None and last_day is not None:
            moment = datetime.combine(last_day, clock, tzinfo=tz)
            if moment not in found:
                found.append(moment)
    return found


def _resolve_day(clause: Clause, today: date, offered_days: set[date]) -> date | None:
    """The one day a clause names, or None if it names none, several or a contradiction."""
    candidates: list[date] = []
    for mention in clause.dates:
        readings = [day for guess in mention if (day := _next_date(guess, today))]
        if not readings:
            return None
        candidates.append(min(readings))
    candidates += [today + timedelta(days=days) for days in clause.relative]
    if not candidates and len(clause.weekdays) == 1:
        (weekday,) = clause.weekdays
        on_offer = [day for day in offered_days if day.weekday() == weekday and day >= today]
        upcoming = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        candidates.append(on_offer[0] if len(on_offer) == 1 else upcoming)
    days = set(candidates)
    if len(days) != 1:
        return None
    (day,) = days
    return day if not clause.weekdays or day.weekday() in clause.weekdays else None


def _next_date(guess: DateGuess, today: date) -> date | None:
    """The first date from today on that fits a (year, month, day) guess.

    Only the next such date counts: "Friday the 30th" when the coming 30th is a
    Thursday is a slip to ask about, not a reason to look months ahead.
    """
    year, month, day = guess
    for offset in range(_MONTHS_AHEAD + 1):
        month_index = today.month - 1 + offset
        candidate_year, candidate_month = today.year + month_index // 12, month_index % 12 + 1
        if (year and candidate_year != year) or (month and candidate_month != month):
            continue
        try:
            candidate = date(candidate_year, candidate_month, day)
        except ValueError:
            continue  # the 31st of a short month
        if candidate >= today:
            return candidate
    return None
