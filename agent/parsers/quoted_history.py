"""Quoted history below a reply: quoted blocks, quote headers, separators and banners."""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.headers import is_header_block
from agent.parsers.phrases import alternation, merged
from agent.parsers.quote_headers import drop_attribution, quote_header_span
from agent.parsers.quoted_lines import is_quoted, skip_quoted

_UNDERSCORE_RULE = re.compile(r"\s*_{2,}\s*")
# A banner such as "-------- Oprindelig besked --------" in any language...
_BANNER = re.compile(r"\s*-{2,}\s*\w[^-]{1,40}?\s*-{2,}\s*")
# ...counts as history when a "Field: value" header line comes right after it.
_FIELD_LINE = re.compile(r"\s*\*{0,2}[^\W\d][\w-]*(?: \w+)?\*{0,2}\s*:\s*\S")


def drop_history(lines: list[str]) -> list[str]:
    """Keep the sender's lines: drop quoted blocks, stop where unquoted history starts."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if is_quoted(lines[index]):
            drop_attribution(kept, colon_in_quote=lines[index].strip() == ">:")
            index = skip_quoted(lines, index)
            continue
        span = quote_header_span(lines, index)
        if span:
            after = _next_nonblank(lines, index + span)
            if after is None:
                break
            if is_quoted(lines[after]) or _opens_bottom_post(kept, lines, after):
                index = after
                continue
            break  # the history below the header is not quoted: all of it goes
        if _starts_history(lines, index):
            break
        kept.append(lines[index])
        index += 1
    return kept


def _opens_bottom_post(kept: list[str], lines: list[str], after: int) -> bool:
    """The reply opens with a quote header, and the sender quotes with ">" further down.

    Then the unquoted text below the header is the sender's own (bottom posting,
    answers between quotes). With no quoting anywhere it is the history itself.
    """
    if any(line.strip() for line in kept):
        return False
    return any(is_quoted(line) for line in lines[after:])


def _next_nonblank(lines: list[str], index: int) -> int | None:
    for position in range(index, len(lines)):
        if lines[position].strip():
            return position
    return None


def _starts_history(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _separator_pattern().fullmatch(line.strip(" \t*")) or _UNDERSCORE_RULE.fullmatch(line):
        return True
    if _BANNER.fullmatch(line):
        after = _next_nonblank(lines, index + 1)
        return after is not None and bool(_FIELD_LINE.match(lines[after]))
    return is_header_block(lines, index)


@cache
def _separator_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("separators")), re.IGNORECASE)
