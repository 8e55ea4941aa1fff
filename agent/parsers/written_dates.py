"""Dates written in a reply: "Jan 30", "the 30th", "30.1.", "1/30", "vendredi 31 à 15h"."""

from __future__ import annotations

import re

from agent.parsers.day_words import any_name, any_word, month_names, weekday_names
from agent.parsers.time_clause import Clause, DateGuess, DateReader, Recogniser


def add_date(reader: DateReader) -> Recogniser:
    """A recogniser recording the date a reader finds; none found, no match."""

    def read(match: re.Match[str], text: str, clause: Clause) -> bool:
        guesses = reader(match)
        if guesses:
            clause.dates.append(guesses)
        return bool(guesses)

    return read


def date_patterns() -> list[tuple[re.Pattern[str], DateReader]]:
    """Each way of writing a date, with the reader of its (year, month, day)."""
    month, weekdays = any_name(month_names()), any_name(weekday_names())
    day, month_number = r"(?P<day>\d{1,2})", r"(?P<month>\d{1,2})"
    year, short_year = r"(?:,?\s+(?P<year>\d{4}))?", r"(?P<year>\d{2,4})"
    suffix = r"(?:st|nd|rd|th)"
    pair = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})"
    clock_after = rf"(?=,?\s+(?:(?:{any_word('at_words')})\s+)?\d{{1,2}}(?:[:.h]\d{{2}}|h)(?!\d))"
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
                rf"(?<=\w)(?<!\d),?\s+{day}(?:er|º|°)?(?=\s*,?\s+(?:{any_word('at_words')})(?!\w))"
            ),
            _weekday_day,
        ),
    ]


def _year(match: re.Match[str]) -> int | None:
    raw = match.groupdict().get("year")
    if not raw:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _numeric(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(_year(match), int(match["month"]), int(match["day"]))])


def _named(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(_year(match), month_names()[match["name"]], int(match["day"]))])


def _slashed(match: re.Match[str]) -> list[DateGuess]:
    """1/29 is month/day, 29/1 day/month; 1/2 could be either, so both are kept."""
    first, second = int(match["a"]), int(match["b"])
    return _valid([(_year(match), first, second), (_year(match), second, first)])


def _day_only(match: re.Match[str]) -> list[DateGuess]:
    return _valid([(None, None, int(match["day"]))])


def _weekday_day(match: re.Match[str]) -> list[DateGuess]:
    """A day number after a weekday name ("vendredi 31 à 15h"); none after another word."""
    before = match.string[: match.start()].split()
    if not before or before[-1].strip(",") not in weekday_names():
        return []
    return _day_only(match)


def _valid(guesses: list[DateGuess]) -> list[DateGuess]:
    return [
        guess
        for guess in dict.fromkeys(guesses)
        if 1 <= guess[2] <= 31 and (guess[1] is None or 1 <= guess[1] <= 12)
    ]
