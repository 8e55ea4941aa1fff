"""What the sender wrote now: a reply without its quoted history, signature or footer.

Structure is language-neutral (">" lines, header blocks, rules, "-- "); the
phrasings ("On … wrote:", "Sent from my iPhone", "Best regards") are data in
phrases.toml, merged across languages because a reply's language is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.parsers.html_text import html_to_text, strip_html_quotes
from agent.parsers.pointed_lines import with_pointed_lines
from agent.parsers.quoted_history import drop_history
from agent.parsers.signature_blocks import (
    is_mobile_footer,
    is_signature_start,
    strip_signature_block,
)

_RULE_LINE = re.compile(r"[\s\-_=~*#+\u1427\u2014\u2013]*")


def extract_reply(text: str, html: str = "") -> str:
    """Return only what the sender wrote in this message.

    A forwarded message keeps the note written above it; one forwarded with no note
    gives "": the forwarded words are someone else's, and reading them as the
    client's own (a director's "Approved", a bank's "transfer sent") would apply a
    decision nobody in this conversation made. Empty text goes to a person.
    """
    source = text
    if not text.strip() and html:
        text = html_to_text(strip_html_quotes(html))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = drop_history(lines)
    lines = _cut_at(lines, is_signature_start)
    lines = _cut_at(lines, is_mobile_footer)
    reply = strip_signature_block(_tidy(lines))
    return with_pointed_lines(reply, source if source.strip() else html_to_text(html))


def _cut_at(lines: list[str], starts_tail: Callable[[str], bool]) -> list[str]:
    """The lines before the first one that starts a tail (signature, footer)."""
    for index, line in enumerate(lines):
        if starts_tail(line):
            return lines[:index]
    return lines


def _tidy(lines: list[str]) -> str:
    lines = [line.rstrip() for line in lines]
    while lines and _RULE_LINE.fullmatch(lines[-1]):
        lines.pop()  # trailing rules and blank lines left where history was cut
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)
