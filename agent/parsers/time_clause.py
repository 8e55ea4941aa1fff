"""What one clause of a reply says about a day and a time, and which slots that fits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

DAYS_A_WEEK = 7
DateGuess = tuple[int | None, int | None, int]  # year, month, day; None when not said


@dataclass
class Clock:
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
class Clause:
    """What one clause of a reply says about a day and a time, with the words that said it."""

    weekdays: set[int] = field(default_factory=set)
    dates: list[list[DateGuess]] = field(default_factory=list)  # each: its possible readings
    relative: list[int] = field(default_factory=list)  # days after the message date
    clocks: list[Clock] = field(default_factory=list)
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
            all(any(date_fits(guess, slot.date()) for guess in mention) for mention in self.dates),
            not (self.relative and today)
            or any(slot.date() == today + timedelta(days=days) for days in self.relative),
            not self.clocks or any(clock_fits(clock, slot) for clock in self.clocks),
            not self.parts or any(start <= slot.hour < end for start, end in self.parts),
        ]
        return all(checks)


# A recogniser records what a match says in the clause; False when it is not a day or time.
Recogniser = Callable[[re.Match[str], str, Clause], bool]
DateReader = Callable[[re.Match[str]], list[DateGuess]]


def date_fits(guess: DateGuess, day: date) -> bool:
    """Whether a day agrees with everything a date mention said of it."""
    year, month, number = guess
    return day.day == number and month in (None, day.month) and year in (None, day.year)


def clock_fits(clock: Clock, slot: datetime) -> bool:
    """Whether a slot starts at a time this clock time allows."""
    return slot.minute == clock.minute and slot.hour in clock.hours()
