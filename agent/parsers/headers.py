"""Quoted header blocks ("From:/Sent:/To:/Subject:") in any language, in text or HTML.

Outlook and most webmail clients introduce the quoted original with such a block;
its field names are data (header_from, header_fields in phrases.toml).
"""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.phrases import merged

# A header block has this many fields within a window of lines, one of them the sender.
BLOCK_FIELDS = 3
BLOCK_WINDOW = 7


def is_header_block(lines: list[str], index: int) -> bool:
    """A quoted "From:/Sent:/To:/Subject:" block (any order, any language) starts here."""
    if not field_pattern().match(lines[index]):
        return False
    window = lines[index : index + BLOCK_WINDOW]
    fields = [line for line in window if field_pattern().match(line)]
    has_sender = any(from_pattern().match(line) for line in fields)
    return has_sender and len(fields) >= BLOCK_FIELDS


@cache
def field_pattern() -> re.Pattern[str]:
    return _header_field(merged("header_from") + merged("header_fields"))


@cache
def from_pattern() -> re.Pattern[str]:
    return _header_field(merged("header_from"))


def _header_field(names: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"\s*\*{{0,2}}(?:{alternation})\*{{0,2}}\s*:", re.IGNORECASE)
