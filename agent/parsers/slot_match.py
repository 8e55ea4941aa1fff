"""Which offered fitting slot a reply names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from agent.parsers.time_clause import Clause
from agent.parsers.time_mentions import read_clauses

# A covering quote longer than this is shown as its pieces instead.
_QUOTE_MAX = 40


@dataclass(frozen=True)
class SlotMatch:
    """Which offered slots (1-based) a reply's day-and-time words fit.

    `words` quotes the clauses that fit some slot; `unmatched` those that fit none
    (a different time asked for). Both empty: the reply names no day or time.
    """

    indexes: tuple[int, ...]
    words: str
    unmatched: str


def match_slot(
    text: str, slots: list[datetime], tz: ZoneInfo, *, today: date | None = None
) -> tuple[int | None, str]:
    """Which offered slot (1-based) the text names, and the words that named it.

    `today` (the message date) lets "tomorrow" count; without it such words are ignored.
    Returns (None, why) when nothing, several slots, or no offered slot fits.
    """
    found = fitting_slots(text, slots, tz, today=today)
    if len(found.indexes) == 1:
        return found.indexes[0], found.words
    if found.indexes:
        numbers = ", ".join(map(str, found.indexes))
        return None, f'"{found.words}" fits slots {numbers}'
    if found.unmatched:
        return None, f'no offered slot fits "{found.unmatched}"'
    return None, "names no day or time"


def fitting_slots(
    text: str, slots: list[datetime], tz: ZoneInfo, *, today: date | None = None
) -> SlotMatch:
    """The offered slots the text's clauses fit.

    Clauses that each fit several slots narrow each other down ("Tuesday works.
    2pm is best"); alternatives that fit different slots stay several ("Tuesday
    or Thursday").
    """
    clauses = [clause for clause in read_clauses(text) if clause.constrains(today)]
    local = [to_local(slot, tz) for slot in slots]
    fitting: list[set[int]] = []
    words: list[str] = []
    unmatched: list[str] = []
    for clause in clauses:
        fits = {i + 1 for i, slot in enumerate(local) if clause.fits(slot, today)}
        (words if fits else unmatched).append(_quote(text, clause))
        if fits:
            fitting.append(fits)
    chosen = (set.intersection(*fitting) or set.union(*fitting)) if fitting else set()
    return SlotMatch(tuple(sorted(chosen)), "; ".join(words), "; ".join(unmatched))


def _quote(text: str, clause: Clause) -> str:
    """The reply's own words for a clause: one stretch if short, else its pieces."""
    spans = sorted(clause.spans)
    stretch = text[spans[0][0] : spans[-1][1]].strip()
    if len(stretch) <= _QUOTE_MAX:
        return stretch
    return " ".join(text[start:end].strip() for start, end in spans)


def local_slots(slots: list[str], tz: ZoneInfo) -> list[datetime]:
    """ISO slot strings as aware datetimes in the studio timezone (naive ones taken as local)."""
    return [to_local(datetime.fromisoformat(slot), tz) for slot in slots]


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A moment in the studio timezone; a naive one is taken as already local."""
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
