"""When an out-of-office reply says its sender is back: the latest date it names."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from agent.parsers.phrases import fold, phrases

HORIZON = timedelta(days=120)
NUMERIC = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b"
)


@cache
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for section in phrases().values():
        for number, words in enumerate(section.get("months", []), start=1):
            names.update((fold(word), number) for word in words)
    return names


@cache
def _named() -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    day = r"(\d{1,2})(?:st|nd|rd|th|er|\.|º)?"
    return re.compile(
        rf"\b{day}\s*(?:de\s+|of\s+)?({months})\b\.?(?:\s+(\d{{4}}))?"
        rf"|\b({months})\b\.?\s+{day}(?:,?\s+(\d{{4}}))?",
        re.IGNORECASE,
    )


def return_date(text: str, sent: date) -> date | None:
    """The latest date within four months after `sent` (day-first for numeric dates)."""
    folded = fold(text)
    found = [*_named_dates(folded, sent), *_numeric_dates(folded, sent)]
    ahead = [d for d in found if sent <= d <= sent + HORIZON]
    return max(ahead, default=None)


def _named_dates(text: str, sent: date) -> list[date]:
    dates = []
    for match in _named().finditer(text):
        day, month, year = (match.group(1), match.group(2), match.group(3))
        if day is None:
            month, day, year = match.group(4), match.group(5), match.group(6)
        dates += _make(int(year) if year else None, _months()[month.lower()], int(day), sent)
    return dates


def _numeric_dates(text: str, sent: date) -> list[date]:
    dates = []
    for match in NUMERIC.finditer(text):
        if match.group(1):
            dates += _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), sent)
        else:
            year = match.group(6)
            full = (2000 + int(year) if len(year) == 2 else int(year)) if year else None
            dates += _make(full, int(match.group(5)), int(match.group(4)), sent)
    return dates


def _make(year: int | None, month: int, day: int, sent: date) -> list[date]:
    """A date, in the coming twelve months when the year is not given."""
    try:
        found = date(year or sent.year, month, day)
        if year is None and found < sent:
            found = date(sent.year + 1, month, day)
    except ValueError:
        return []
    return [found]
