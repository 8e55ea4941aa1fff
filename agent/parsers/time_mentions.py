"""A reply cut into clauses, each read for the days and times it names.

A reply is read clause by clause ("Tuesday at 2 or Thursday at 10" is two
clauses); each clause says something about a day (weekday, date, "tomorrow")
and a time (clock time, "morning").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from agent.parsers.clock_times import add_clock, clock_patterns
from agent.parsers.day_names import word_bodies
from agent.parsers.day_words import clause_breaks
from agent.parsers.phrases import fold
from agent.parsers.time_clause import Clause, Recogniser
from agent.parsers.written_dates import add_date, date_patterns

_DIGIT = re.compile(r"\d")


def read_clauses(text: str) -> list[Clause]:
    """The reply cut at sentence ends and at "or"/"but", each part read on its own."""
    return list(_cached_clauses(text))


@lru_cache(maxsize=8)
def _cached_clauses(text: str) -> tuple[Clause, ...]:
    # Cached: a fitting reply is read for the offered slots and for a proposed time.
    # The clauses are only read afterwards, never changed.
    folded = fold(text)  # fold keeps every character's position
    clauses = []
    start = 0
    for boundary in [*clause_breaks().finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        clauses.append(_scan(text, folded, start, end))
        start = boundary.end() if boundary else end
    return tuple(clauses)


def _scan(text: str, folded: str, start: int, end: int) -> Clause:
    """Read one clause; each recogniser blanks what it used so nothing is read twice."""
    clause = Clause()
    work = folded[start:end]
    hint = _hint().search(work)
    if not hint:
        return clause  # no digit and no day or hour name: no recogniser would read it
    piece = text[start:end]
    digits = hint.group(0).isdigit() or _DIGIT.search(work)
    for pattern, read in _recognisers() if digits else _word_recognisers():
        used = [m.span() for m in pattern.finditer(work) if read(m, piece, clause)]
        for first, last in used:
            work = work[:first] + " " * (last - first) + work[last:]
            clause.spans.append((start + first, start + last))
    return clause


@cache
def _recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """Every recogniser in the order it runs: dates, clock times, then day and hour names."""
    return _digit_recognisers() + _word_recognisers()


@cache
def _digit_recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """The recognisers of dates and clock times: each one's pattern needs a digit."""
    found: list[tuple[re.Pattern[str], Recogniser]] = []
    found += [(pattern, add_date(reader)) for pattern, reader in date_patterns()]
    found += [(pattern, add_clock) for pattern in clock_patterns()]
    return found


@cache
def _word_recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """The recognisers of day and hour names: the only ones that need no digit."""
    return [(re.compile(rf"(?<!\w){body}(?!\w)"), read) for body, read in word_bodies()]


@cache
def _hint() -> re.Pattern[str]:
    """What any recogniser needs: a digit (every date and clock pattern has one) or the start
    of a day or hour name. A clause without it is one no recogniser reads, so the many
    clauses of a long text cost one search each instead of one per recogniser."""
    names = "|".join(f"(?:{body})" for body, _ in word_bodies())
    return re.compile(rf"\d|(?<!\w)(?:{names})")


def names_day_or_time(text: str) -> bool:
    """Whether the text names a day or a time ("Tuesday", "the 29th", "at 2", "tomorrow")."""
    return any(clause.names_day() or clause.clocks or clause.parts for clause in read_clauses(text))


def names_time_or_date(text: str) -> bool:
    """Whether the text names a time of day or a date ("at 2", "the morning", "der 31.");
    a weekday alone does not count."""
    return any(
        clause.clocks or clause.parts or clause.dates or clause.relative
        for clause in read_clauses(text)
    )


def without_times(text: str) -> str:
    """The text with every day and time it names blanked ("Thursday at 10." -> "   ." ),
    so a caller can tell a bare answer from a sentence that mentions a day in passing."""
    kept = list(text)
    for clause in read_clauses(text):
        for start, end in clause.spans:
            kept[start:end] = " " * (end - start)
    return "".join(kept)
