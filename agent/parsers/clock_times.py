"""Clock times in a reply ("2pm", "14:30", "at 3", "noon") and the hour each one means."""

from __future__ import annotations

import re
from datetime import time

from agent.parsers.day_words import any_word, time_words, word_pattern
from agent.parsers.time_clause import Clause, Clock

# A bare hour ("at 3") is read in business hours: 1-7 are afternoon, 8-12 morning/noon.
_LAST_PM_BARE_HOUR = 7


def clock_patterns() -> list[re.Pattern[str]]:
    """Each way of writing a clock time; all need a digit."""
    marker = f"(?P<marker>{any_word('pm_words')}|{any_word('am_words')}|{any_word('clock_words')})"
    at = any_word("at_words")
    not_money = r"(?<![\d:.,$€£])"
    # "at 3" is a time; "at 3 weeks", "at 30%" are not.
    counted = r"st|nd|rd|th|%|weeks?|days?|hours?|minutes?|people|pieces|of"
    not_a_count = rf"(?![\d:/]|\.\d|\s*(?:{counted})\b)"
    # "11 would be easier than 10": a bare hour weighed against another is a time too.
    compared = any_word("comparison_words")
    weighed = rf"(?=(?:\s+[\w']+){{0,5}}?\s+(?:{compared})\s+\d{{1,2}}(?!\w){not_a_count})"
    return [
        re.compile(
            rf"{not_money}(?P<hour>\d{{1,2}})[:.h](?P<minute>\d{{2}})(?!\d)(?:\s*{marker}(?!\w))?"
        ),
        re.compile(rf"{not_money}(?P<hour>\d{{1,2}})\s*{marker}(?!\w)"),
        re.compile(rf"(?<!\w)(?:{at})\s+(?P<hour>\d{{1,2}})(?!\w){not_a_count}"),
        re.compile(rf"{not_money}(?<!\w)(?P<hour>\d{{1,2}})(?!\w){not_a_count}{weighed}"),
    ]


def add_clock(match: re.Match[str], text: str, clause: Clause) -> bool:
    """Record a clock time; False for one no clock shows ("25:00", "15pm")."""
    hour, minute = int(match["hour"]), int(match.groupdict().get("minute") or 0)
    marker = match.groupdict().get("marker") or ""
    if hour > 23 or minute > 59:
        return False
    if marker and word_pattern("pm_words").fullmatch(marker):
        meridiem = "pm"
    elif marker and word_pattern("am_words").fullmatch(marker):
        meridiem = "am"
    else:
        unambiguous = hour > 12 or hour == 0 or match["hour"].startswith("0")
        meridiem = "24h" if unambiguous else ""
    if meridiem in ("am", "pm") and hour > 12:
        return False  # "15pm" is a typo, not a time
    clause.clocks.append(Clock(hour, minute, meridiem))
    return True


def add_time_word(match: re.Match[str], text: str, clause: Clause) -> bool:
    """Record an hour named by a word ("noon", "midi")."""
    clause.clocks.append(Clock(time_words()[match.group(0)], 0, "24h"))
    return True


def resolve_clock(clause: Clause) -> time | None:
    """The one time of day a clause asks for, or None when it names none."""
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
