"""Day and hour names in a reply: weekdays, parts of day, "tomorrow", "noon"."""

from __future__ import annotations

import re

from agent.parsers.clock_times import add_time_word
from agent.parsers.day_words import (
    any_name,
    coming_pattern,
    folded_table,
    time_after,
    time_words,
    weekday_names,
)
from agent.parsers.phrases import fold
from agent.parsers.time_clause import Clause, Recogniser

# How far after an abbreviated day's name a time may make it a day ("wed at 10").
_TIME_AFTER_CHARS = 30


def word_bodies() -> list[tuple[str, Recogniser]]:
    # Parts of day before time words, so "après-midi" is the afternoon, not "midi" (noon).
    parts = "|".join(entry for entry, _ in folded_table("parts_of_day"))
    found: list[tuple[str, Recogniser]] = [
        (f"(?P<day>{any_name(weekday_names())})(?P<part>{parts})", _add_day_and_part),
        (f"(?:{any_name(weekday_names())})", _add_weekday),
    ]
    found += [(entry, _add_part(hours)) for entry, hours in folded_table("parts_of_day")]
    found.append((f"(?:{any_name(time_words())})", add_time_word))
    found += [(entry, _add_relative(days)) for entry, days in folded_table("relative_days")]
    return found


def _add_weekday(match: re.Match[str], text: str, clause: Clause) -> bool:
    weekday, abbreviation = weekday_names()[match.group(0)]
    # "sat", "sun", "wed", "sexta" (sixth) are words too; "Sat", "Sun.", "sexta de manhã",
    # "wed at 10" are days.
    dated = time_after().match(fold(text[match.end() : match.end() + _TIME_AFTER_CHARS]))
    if abbreviation and not (text[match.start()].isupper() or dated):
        return False
    clause.weekdays.add(weekday)
    clause.coming = clause.coming or bool(coming_pattern().search(fold(text[: match.start()])))
    return True


def _add_day_and_part(match: re.Match[str], text: str, clause: Clause) -> bool:
    """ "Montagnachmittag", "maandagochtend": a day and a part of it in one word."""
    hours = next(
        value for entry, value in folded_table("parts_of_day") if re.fullmatch(entry, match["part"])
    )
    clause.weekdays.add(weekday_names()[match["day"]][0])
    clause.parts.append((hours[0], hours[1]))
    return True


def _add_part(hours: list[int]) -> Recogniser:
    def read(match: re.Match[str], text: str, clause: Clause) -> bool:
        clause.parts.append((hours[0], hours[1]))
        return True

    return read


def _add_relative(days: int) -> Recogniser:
    def read(match: re.Match[str], text: str, clause: Clause) -> bool:
        clause.relative.append(days)
        return True

    return read
