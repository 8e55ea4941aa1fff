"""Answers that only point up at a quoted line ("^ this one"), kept with the line they point at."""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.phrases import alternation, merged

_QUOTE_MARKS = re.compile(r"^(?:\s*>)+")


def is_pointer(text: str) -> bool:
    """An answer that only points up at a quoted line: "^ this one", "this one ^"."""
    return bool(_pointer_pattern().fullmatch(text.strip()))


def with_pointed_lines(reply: str, full: str) -> str:
    """An inline answer that only points up ("^ this one", "that's the one" written under a
    quoted option) keeps the line of the history it points at, as a "> " line above it: the
    words it chooses are in that line."""
    lines = reply.split("\n")
    if not any(is_pointer(line) for line in lines):
        return reply
    source = full.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own = {line.strip() for line in lines}
    kept: list[str] = []
    for line in lines:
        pointed = _pointed_line(line.strip(), source, own) if is_pointer(line) else ""
        kept += [f"> {pointed}", line.strip()] if pointed else [line]
    return "\n".join(kept).strip()


def _pointed_line(pointer: str, source: list[str], own: set[str]) -> str:
    """The line a pointer stands under in the message, when that line is history (not the
    writer's own text): "" for a pointer under the writer's own words or under nothing."""
    for index, line in enumerate(source):
        if line.strip() != pointer:
            continue
        for above in reversed(source[:index]):
            quoted = _QUOTE_MARKS.sub("", above).strip()
            if quoted:
                return "" if above.strip() in own else quoted
    return ""


@cache
def _pointer_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("pointers")), re.IGNORECASE)
