"""The studio's words for days and times, compiled from phrases.toml.

Weekday, month and hour names, parts of day, "this" before a weekday and the words
that separate alternatives: another language is a table, not code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from agent.parsers.phrases import fold, merged, merged_table


def any_word(key: str) -> str:
    """The folded phrases under a key as a regex alternation, longest first."""
    entries = sorted({fold(entry) for entry in merged(key)}, key=len, reverse=True)
    return "|".join(entries)


@cache
def word_pattern(key: str) -> re.Pattern[str]:
    """The phrases under a key as one case-insensitive pattern."""
    return re.compile(f"(?:{any_word(key)})", re.IGNORECASE)


@cache
def time_after() -> re.Pattern[str]:
    """A full stop, or a part of day, hour word or clock time right after a day's name."""
    parts = "|".join(entry for entry, _ in folded_table("parts_of_day"))
    hours, at = any_name(time_words()), any_word("at_words")
    return re.compile(rf"\.|\s+(?:(?:{parts}|{hours})(?!\w)|(?:(?:{at})\s+)?\d)")


@cache
def coming_pattern() -> re.Pattern[str]:
    """ "this " right before a weekday: "this Thursday" is the coming one, not next week's."""
    return re.compile(rf"(?<!\w)(?:{any_word('coming_day_words')})\s+$")


@cache
def clause_breaks() -> re.Pattern[str]:
    # Sentence ends, and the words that separate alternatives. A full stop ends a sentence
    # only before a capital and not after a digit, so "Jan. 30", "3 p.m. on", "31. Januar" hold.
    words = any_word("clause_breaks")
    return re.compile(rf"[!?;\n]+|(?<!\d)\.(?=\s+[A-Z]|\s*$)|(?i:(?<![\w'])(?:{words})(?![\w']))")


@cache
def month_names() -> dict[str, int]:
    """Folded month name -> month number (1-12), in every language."""
    return _positions("months", 12)


@cache
def weekday_names() -> dict[str, tuple[int, bool]]:
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


def any_name(names: Iterable[str]) -> str:
    """Names as a literal regex alternation, longest first so none is cut short."""
    return "|".join(map(re.escape, sorted(names, key=len, reverse=True)))


@cache
def time_words() -> dict[str, int]:
    return {fold(word): hour for word, hour in merged_table("time_words").items()}


def folded_table(key: str) -> list[tuple[str, Any]]:
    """A table key's (folded regex, value) pairs, longest first."""
    table = merged_table(key)
    return [(fold(entry), table[entry]) for entry in sorted(table, key=len, reverse=True)]
