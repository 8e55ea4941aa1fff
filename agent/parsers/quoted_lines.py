"""Quoted lines: ">" and "| " quoting, and the lines a client's wrapping spilled from them."""

from __future__ import annotations

import re

# ">" quoting, Supercite's "Name>" prefix, and "| " quoting (a line with no other "|",
# so a table row "| a | b |" is not a quote).
_QUOTED = re.compile(r"\s*(?:(?:[A-Za-z]{1,10})?>|\|(?!.*\|))")
# A quoted line this long was probably wrapped by the client, spilling onto an unquoted line.
_WRAP_WIDTH = 60


def is_quoted(line: str) -> bool:
    """Whether a line is quoted history (">", "Name>", "| ")."""
    return bool(_QUOTED.match(line))


def skip_quoted(lines: list[str], index: int) -> int:
    """Index after a quoted block, including lines its wrapped long lines spilled onto."""
    while index < len(lines):
        if not is_quoted(lines[index]) and not _is_wrap_spill(lines, index):
            break
        index += 1
    return index


def _is_wrap_spill(lines: list[str], index: int) -> bool:
    """A lowercase fragment between quoted lines, after a long one ("…pharetra d" / "ignissim")."""
    before, line = lines[index - 1].rstrip(), lines[index].strip()
    after = lines[index + 1] if index + 1 < len(lines) else ">"
    return (
        len(before) >= _WRAP_WIDTH
        and not before.endswith("?")
        and line[:1].islower()
        and is_quoted(after)
    )
