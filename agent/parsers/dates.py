"""Days and times in a reply: which offered fitting slot it names, or which new time it asks for.

A reply is read clause by clause ("Tuesday at 2 or Thursday at 10" is two
clauses); each clause says something about a day (weekday, date, "tomorrow")
and a time (clock time, "morning"). Names of weekdays, months and parts of day
come from phrases.toml, so another language is a table, not code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from agent.parsers.phrases import fold, merged, merged_table

# A bare hour ("at 3") is read in business hours: 1-7 are afternoon, 8-12 morning/noon.
_LAST_PM_BARE_HOUR = 7
# How far after an abbreviated day's name a time may make it a day ("wed at 10").
_TIME_AFTER_CHARS = 30
# A covering quote longer than this is shown as its pieces instead.
_QUOTE_MAX = 40
# How far ahead a date without a year ("Jan 30", "the 30th") may lie.
_MONTHS_AHEAD = 24

_DIGIT = re.compile(r"\d")
DAYS_A_WEEK = 7

DateGuess = tuple[int | None, int | None, int]  # year, month, day; None when not said


@dataclass
class _Clock:
    hour: int
    minute: int
    meridiem: str  # "am", "pm", "24h" (unambiguous) or "" (bare hour: "at 2")

    def hours(self) -> set[int]:
        """The 24-hour readings this clock time allows."""
        if self.meridiem == "pm":
            return {self.hour % 12 + 12}
        if self.meridiem == "am":
            return {self.hour % 12}
        if self.meridiem == "24h" or self.hour == 12:  # a bare 12 is noon, never midnight
            return {self.hour}
        return {self.hour % 12, self.hour % 12 + 12}


@dataclass
class _Clause:
    """What one clause of a reply says about a day and a time, with the words that said it."""

    weekdays: set[int] = field(default_factory=set)
    dates: list[list[DateGuess]] = field(default_factory=list)  # each: its possible readings
    relative: list[int] = field(default_factory=list)  # days after the message date
    clocks: list[_Clock] = field(default_factory=list)
    parts: list[tuple[int, int]] = field(default_factory=list)  # [first hour, hour after last)
    spans: list[tuple[int, int]] = field(default_factory=list)
    coming: bool = False  # "this Thursday": the weekday within the coming seven days

    def names_day(self) -> bool:
        return bool(self.weekdays or self.dates or self.relative)

    def constrains(self, today: date | None) -> bool:
        return bool(self.weekdays or self.dates or self.clocks or self.parts) or bool(
            self.relative and today
        )

    def fits(self, slot: datetime, today: date | None) -> bool:
        """Whether an offered slot satisfies everything this clause says."""
        checks = [
            not self.weekdays or slot.weekday() in self.weekdays,
            not (self.coming and today) or 0 <= (slot.date() - today).days < DAYS_A_WEEK,
            all(any(_date_fits(guess, slot.date()) for guess in mention) for mention in self.dates),
            not (self.relative and today)
            or any(slot.date() == today + timedelta(days=days) for days in self.relative),
            not self.clocks or any(_clock_fits(clock, slot) for clock in self.clocks),
            not self.parts or any(start <= slot.hour < end for start, end in self.parts),
        ]
        return all(checks)


# A recogniser records what a match says in the clause; False when it is not a day or time.
Recogniser = Callable[[re.Match[str], str, _Clause], bool]
DateReader = Callable[[re.Match[str]], list[DateGuess]]


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
    clauses = [clause for clause in _clauses(text) if clause.constrains(today)]
    local = [_local(slot, tz) for slot in slots]
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
    today = _local(sent_at, tz).date()
    offered_days = {_local(slot, tz).date() for slot in offered}
    found: list[datetime] = []
    last_day: date | None = None
    for clause in _clauses(text):
        day = _resolve_day(clause, today, offered_days)
        if clause.names_day():
            last_day = day
        clock = _resolve_clock(clause)
        if clock is not None and last_day is not None:
            moment = datetime.combine(last_day, clock, tzinfo=tz)
            if moment not in found:
                found.append(moment)
    return found


def names_day_or_time(text: str) -> bool:
    """Whether the text names a day or a time ("Tuesday", "the 29th", "at 2", "tomorrow")."""
    return any(clause.names_day() or clause.clocks or clause.parts for clause in _clauses(text))


def names_time_or_date(text: str) -> bool:
    """Whether the text names a time of day or a date ("at 2", "the morning", "der 31.");
    a weekday alone does not count."""
    return any(
        clause.clocks or clause.parts or clause.dates or clause.relative
        for clause in _clauses(text)
    )


def without_times(text: str) -> str:
    """The text with every day and time it names blanked ("Thursday at 10." -> "   ." ),
    so a caller can tell a bare answer from a sentence that mentions a day in passing."""
    kept = list(text)
    for clause in _clauses(text):
        for start, end in clause.spans:
            kept[start:end] = " " * (end - start)
    return "".join(kept)


def local_slots(slots: list[str], tz: ZoneInfo) -> list[datetime]:
    """ISO slot strings as aware datetimes in the studio timezone (naive ones taken as local)."""
    return [_local(datetime.fromisoformat(slot), tz) for slot in slots]


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


# --- resolving ------------------------------------------------------------------


def _resolve_day(clause: _Clause, today: date, offered_days: set[date]) -> date | None:
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


def _resolve_clock(clause: _Clause) -> time | None:
    if not clause.clocks:
        return None
    clock = clause.clocks[0]
    hours = clock.hours()
    in_part = {hour for hour in hours for start, end in clause.parts if start <= hour < end}
    if len(in_part) == 1:
        hours = in_part  # "Friday morning at 7" is 07:00
    elif len(hours) > 1:
        afternoon = 1 <= clock.hour <= _LAST_PM_BARE_HOUR or clock.hour == 12  # 12 is noon
        hours = {clock.hour % 12 + (12 if afternoon else 0)}
    return time(hours.pop(), clock.minute)


def _date_fits(guess: DateGuess, day: date) -> bool:
    year, month, number = guess
    return day.day == number and month in (None, day.month) and year in (None, day.year)


def _clock_fits(clock: _Clock, slot: datetime) -> bool:
    return slot.minute == clock.minute and slot.hour in clock.hours()


# --- scanning -------------------------------------------------------------------


def _clauses(text: str) -> list[_Clause]:
    """The reply cut at sentence ends and at "or"/"but", each part read on its own."""
    return list(_read_clauses(text))


@lru_cache(maxsize=8)
def _read_clauses(text: str) -> tuple[_Clause, ...]:
    # Cached: a fitting reply is read for the offered slots and for a proposed time.
    # The clauses are only read afterwards, never changed.
    folded = fold(text)  # fold keeps every character's position
    clauses = []
    start = 0
    for boundary in [*_clause_breaks().finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        clauses.append(_scan(text, folded, start, end))
        start = boundary.end() if boundary else end
    return tuple(clauses)


def _scan(text: str, folded: str, start: int, end: int) -> _Clause:
    """Read one clause; each recogniser blanks what it used so nothing is read twice."""
    clause = _Clause()
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


def _add_date(reader: DateReader) -> Recogniser:
    def read(match: re.Match[str], text: str, clause: _Clause) -> bool:
        guesses = reader(match)
        if guesses:
            clause.dates.append(guesses)
        return bool(guesses)

    return read


def _add_clock(match: re.Match[str], text: str, clause: _Clause) -> bool:
    hour, minute = int(match["hour"]), int(match.groupdict().get("minute") or 0)
    marker = match.groupdict().get("marker") or ""
    if hour > 23 or minute > 59:
        return False
    if marker and _pattern("pm_words").fullmatch(marker):
        meridiem = "pm"
    elif marker and _pattern("am_words").fullmatch(marker):
        meridiem = "am"
    else:
        unambiguous = hour > 12 or hour == 0 or match["hour"].startswith("0")
        meridiem = "24h" if unambiguous else ""
    if meridiem in ("am", "pm") and hour > 12:
        return False  # "15pm" is a typo, not a time
    clause.clocks.append(_Clock(hour, minute, meridiem))
    return True


def _add_time_word(match: re.Match[str], text: str, clause: _Clause) -> bool:
    clause.clocks.append(_Clock(_time_words()[match.group(0)], 0, "24h"))
    return True


def _add_weekday(match: re.Match[str], text: str, clause: _Clause) -> bool:
    weekday, abbreviation = _weekday_names()[match.group(0)]
    # "sat", "sun", "wed", "sexta" (sixth) are words too; "Sat", "Sun.", "sexta de manhã",
    # "wed at 10" are days.
    dated = _time_after().match(fold(text[match.end() : match.end() + _TIME_AFTER_CHARS]))
    if abbreviation and not (text[match.start()].isupper() or dated):
        return False
    clause.weekdays.add(weekday)
    clause.coming = clause.coming or bool(_coming_pattern().search(fold(text[: match.start()])))
    return True


def _add_day_and_part(match: re.Match[str], text: str, clause: _Clause) -> bool:
    """ "Montagnachmittag", "maandagochtend": a day and a part of it in one word."""
    hours = next(
        value for entry, value in _table("parts_of_day") if re.fullmatch(entry, match["part"])
    )
    clause.weekdays.add(_weekday_names()[match["day"]][0])
    clause.parts.append((hours[0], hours[1]))
    return True


def _add_part(hours: list[int]) -> Recogniser:
    def read(match: re.Match[str], text: str, clause: _Clause) -> bool:
        clause.parts.append((hours[0], hours[1]))
        return True

    return read


def _add_relative(days: int) -> Recogniser:
    def read(match: re.Match[str], text: str, clause: _Clause) -> bool:
        clause.relative.append(days)
        return True

    return read


def _quote(text: str, clause: _Clause) -> str:
    """The reply's own words for a clause: one stretch if short, else its pieces."""
    spans = sorted(clause.spans)
    stretch = text[spans[0][0] : spans[-1][1]].strip()
    if len(stretch) <= _QUOTE_MAX:
        return stretch
    return " ".join(text[start:end].strip() for start, end in spans)


# --- compiled tables --------------------------------------------------------------


def _words(key: str) -> str:
    entries = sorted({fold(entry) for entry in merged(key)}, key=len, reverse=True)
    return "|".join(entries)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(f"(?:{_words(key)})", re.IGNORECASE)


@cache
def _time_after() -> re.Pattern[str]:
    """A full stop, or a part of day, hour word or clock time right after a day's name."""
    parts = "|".join(entry for entry, _ in _table("parts_of_day"))
    hours, at = _names(_time_words()), _words("at_words")
    return re.compile(rf"\.|\s+(?:(?:{parts}|{hours})(?!\w)|(?:(?:{at})\s+)?\d)")


@cache
def _coming_pattern() -> re.Pattern[str]:
    """ "this " right before a weekday: "this Thursday" is the coming one, not next week's."""
    return re.compile(rf"(?<!\w)(?:{_words('coming_day_words')})\s+$")


@cache
def _clause_breaks() -> re.Pattern[str]:
    # Sentence ends, and the words that separate alternatives. A full stop ends a sentence
    # only before a capital and not after a digit, so "Jan. 30", "3 p.m. on", "31. Januar" hold.
    words = _words("clause_breaks")
    return re.compile(rf"[!?;\n]+|(?<!\d)\.(?=\s+[A-Z]|\s*$)|(?i:(?<![\w'])(?:{words})(?![\w']))")


@cache
def _month_names() -> dict[str, int]:
    return _positions("months", 12)


@cache
def _weekday_names() -> dict[str, tuple[int, bool]]:
    """Folded name -> (weekday, whether it is an abbreviation: listed after the full name)."""
    table: dict[str, tuple[int, bool]] = {}
    for index, names in enumerate(merged("weekdays")):
        for position, name in enumerate(names):
            table.setdefault(fold(name), (index % 7, position > 0))
    return table


def _positions(key: str, size: int) -> dict[str, int]:
    """A key holding `size` lists per language: each folded name -> its 1-based position."""
    return {
        fold(name): index % size + 1 for index, names in enumerate(merged(key)) for name in names
    }


def _names(names: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(names, key=len, reverse=True)))


@cache
def _time_words() -> dict[str, int]:
    return {fold(word): hour for word, hour in merged_table("time_words").items()}


@cache
def _recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """Every recogniser in the order it runs: dates, clock times, then day and hour names."""
    return _digit_recognisers() + _word_recognisers()


@cache
def _digit_recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """The recognisers of dates and clock times: each one's pattern needs a digit."""
    found: list[tuple[re.Pattern[str], Recogniser]] = []
    found += [(pattern, _add_date(reader)) for pattern, reader in _date_patterns()]
    found += [(pattern, _add_clock) for pattern in _clock_patterns()]
    return found


@cache
def _word_recognisers() -> list[tuple[re.Pattern[str], Recogniser]]:
    """The recognisers of day and hour names: the only ones that need no digit."""
    return [(re.compile(rf"(?<!\w){body}(?!\w)"), read) for body, read in _word_bodies()]


def _word_bodies() -> list[tuple[str, Recogniser]]:
    # Parts of day before time words, so "après-midi" is the afternoon, not "midi" (noon).
    parts = "|".join(entry for entry, _ in _table("parts_of_day"))
    found: list[tuple[str, Recogniser]] = [
        (f"(?P<day>{_names(_weekday_names())})(?P<part>{parts})", _add_day_and_part),
        (f"(?:{_names(_weekday_names())})", _add_weekday),
    ]
    found += [(entry, _add_part(hours)) for entry, hours in _table("parts_of_day")]
    found.append((f"(?:{_names(_time_words())})", _add_time_word))
    found += [(entry, _add_relative(days)) for entry, days in _table("relative_days")]
    return found


@cache
def _hint() -> re.Pattern[str]:
    """What any recogniser needs: a digit (every date and clock pattern has one) or the start
    of a day or hour name. A clause without it is one no recogniser reads, so the many
    clauses of a long text cost one search each instead of one per recogniser."""
    names = "|".join(f"(?:{body})" for body, _ in _word_bodies())
    return re.compile(rf"\d|(?<!\w)(?:{names})")


def _table(key: str) -> list[tuple[str, Any]]:
    """A table key's (folded regex, value) pairs, longest first."""
    table = merged_table(key)
    return [(fold(entry), table[entry]) for entry in sorted(table, key=len, reverse=True)]


def _date_patterns() -> list[tuple[re.Pattern[str], DateReader]]:
    month, weekdays = _names(_month_names()), _names(_weekday_names())
    day, month_number = r"(?P<day>\d{1,2})", r"(?P<month>\d{1,2})"
    year, short_year = r"(?:,?\s+(?P<year>\d{4}))?", r"(?P<year>\d{2,4})"
    suffix = r"(?:st|nd|rd|th)"
    pair = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})"
    clock_after = rf"(?=,?\s+(?:(?:{_words('at_words')})\s+)?\d{{1,2}}(?:[:.h]\d{{2}}|h)(?!\d))"
    return [
        (re.compile(rf"(?<!\d)(?P<year>\d{{4}})-{month_number}-{day}(?!\d)"), _numeric),
        (
            re.compile(
                rf"(?<![\d/]){day}(?:{suffix}|er|\.)?(?:\s+(?:of|de))?\s+(?P<name>{month})\.?{year}"
            ),
            _named,
        ),
        (
            re.compile(rf"(?<!\w)(?P<name>{month})\.?\s+(?:the\s+)?{day}{suffix}?(?![\d:]){year}"),
            _named,
        ),
        (re.compile(rf"(?<![\d.]){day}\.{month_number}\.{short_year}?(?!\d)"), _numeric),
        # "Czwartek 22.10 o 10:00": a dd.mm before a clock time is the date, not another time.
        (re.compile(rf"(?<![\d.:]){day}\.{month_number}(?![\d.:]){clock_after}"), _numeric),
        (re.compile(rf"(?<![\d/]){pair}(?:/{short_year})?(?![\d/])"), _slashed),
        (re.compile(rf"(?<![\d.,:]){day}{suffix}(?!\w)"), _day_only),
        (re.compile(rf"(?<!\w)(?:le|el|dia)\s+{day}(?:er)?(?![\d:.h])"), _day_only),
        (re.compile(rf"(?<!\w)(?:am|den)\s+{day}\.(?!\d)"), _day_only),
        # "Freitag, der 27.": after a weekday only, "der 2." being "the 2nd" of anything.
        (re.compile(rf"(?<!\w)(?:{weekdays}),?\s+der\s+{day}\.(?!\d)"), _day_only),
        # "vendredi 31 à 15h", "viernes 31 a las 15:00": a weekday's day number, then its time.
        (
            re.compile(
                rf"(?<=\w)(?<!\d),?\s+{day}(?:er|º|°)?(?=\s*,?\s+(?:{_words('at_words')})(?!\w))"
            ),
            _weekday_day,
        ),
    ]


def _clock_patterns() -> list[re.Pattern[str]]:
    marker = f"(?P<marker>{_words('pm_words')}|{_words('am_words')}|{_words('clock_words')})"
    at = _words("at_words")
    not_money = r"(?<![\d:.,$€£])"
    # "at 3" is a time; "at 3 weeks", "at 30%" are not.
    counted = r"st|nd|rd|th|%|weeks?|days?|hours?|minutes?|people|pieces|of"
    not_a_count = rf"(?![\d:/]|\.\d|\s*(?:{counted})\b)"
    # "11 would be easier than 10": a bare hour weighed against another is a time too.
    compared = _words("comparison_words")
    weighed = rf"(?=(?:\s+[\w']+){{0,5}}?\s+(?:{compared})\s+\d{{1,2}}(?!\w){not_a_count})"
    return [
        re.compile(
            rf"{not_money}(?P<hour>\d{{1,2}})[:.h](?P<minute>\d{{2}})(?!\d)(?:\s*{marker}(?!\w))?"
        ),
        re.compile(rf"{not_money}(?P<hour>\d{{1,2}})\s*{marker}(?!\w)"),
        re.compile(rf"(?<!\w)(?:{at})\s+(?P<hour>\d{{1,2}})(?!\w){not_a_count}"),
        re.compile(rf"{not_money}(?<!\w)(?P<hour>\d{{1,2}})(?!\w){not_a_count}{weighed}"),
    ]


def _year(match: re.Match[str]) -> int | None:
    raw = match.groupdict().get("year")
    if not raw:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _numeric(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(_year(match), int(match["month"]), int(match["day"]))])


def _named(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(_year(match), _month_names()[match["name"]], int(match["day"]))])


def _slashed(match: re.Match[str]) -> list[DateGuess]:
    """1/29 is month/day, 29/1 day/month; 1/2 could be either, so both are kept."""
    first, second = int(match["a"]), int(match["b"])
    return _valid([(_year(match), first, second), (_year(match), second, first)])


def _day_only(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(None, None, int(match["day"]))])


def _weekday_day(match: re.Match[str]) -> list[DateGuess]:
    """A day number after a weekday name ("vendredi 31 à 15h"); none after another word."""
    before = match.string[: match.start()].split()
    if not before or before[-1].strip(",") not in _weekday_names():
        return []
    return _day_only(match)


def _valid(guesses: list[DateGuess]) -> list[DateGuess]:
    return [
        guess
        for guess in dict.fromkeys(guesses)
        if 1 <= guess[2] <= 31 and (guess[1] is None or 1 <= guess[1] <= 12)
    ]
