"""Signatures and footers at the end of a reply: sign-offs, contact blocks, "-- ", "Sent from"."""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.phrases import alternation, merged
from agent.parsers.signature import has_contact, is_contact_field, is_name, is_signature_line

# What may follow a sign-off: a few short lines (name, title, company, phone).
_SIGNOFF_TAIL_LINES = 6
# extract_reply drops a sign-off only with a block of at least this many lines after it
# (name and title, company or phone): a signature. "Thanks,\nAna" is the client's own close.
_SIGNATURE_BLOCK_LINES = 2
_SIG_DELIMITER = re.compile(r"--\s?")


def strip_signoff(text: str) -> str:
    """Drop a closing sign-off ("Thanks,", "Best regards") and the short block after it."""
    found = _signoff(text)
    return found[0] if found else text


def strip_contact_block(text: str) -> str:
    """Drop a closing block of contact details that no sign-off introduces.

    The block is the last paragraph: a name first (alone or with a title after "|" or
    ","), then title, company and contact lines, at least one with a phone number, an
    address or a link; "Oliver Grant | Head of Costume / Office hours: … / +44 …".
    """
    body = text.rstrip()
    cut = body.rfind("\n\n")
    if cut < 0 or not body[:cut].strip():
        return text
    block = [line for line in body[cut:].split("\n") if line.strip()]
    if not 2 <= len(block) <= _SIGNOFF_TAIL_LINES:
        return text
    name = re.split(r"\s*[|,\u2013\u2014]\s*|\s+-\s+", block[0].strip())[0]
    if not is_name(name) or not is_signature_line(block[0]):
        return text
    if not any(has_contact(line) or is_contact_field(line) for line in block[1:]):
        return text
    if not all(is_signature_line(line) for line in block[1:]):
        return text
    return body[:cut].rstrip()


def _signoff(text: str) -> tuple[str, int] | None:
    """The text before a closing sign-off and how many lines follow the sign-off, or None.

    The lines after it must all read as a name, title, company or contact details:
    a line that could carry a decision ("Option 2", "Tuesday at 2") ends the search.
    """
    lines = text.rstrip().split("\n")
    tail_lines = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if _signoff_pattern().fullmatch(line):
            before = "\n".join(lines[:index]).rstrip()
            return (before, tail_lines) if before else None
        if tail_lines == _SIGNOFF_TAIL_LINES or not is_signature_line(line):
            return None
        tail_lines += 1
    return None


def strip_signature_block(text: str) -> str:
    """Drop a sign-off followed by a name/title/phone block: the sender's signature."""
    found = _signoff(text)
    if found and found[1] >= _SIGNATURE_BLOCK_LINES:
        return found[0]
    return text


def is_signature_start(line: str) -> bool:
    """Whether a line is the "-- " that opens a signature."""
    return bool(_SIG_DELIMITER.fullmatch(line))


def is_mobile_footer(line: str) -> bool:
    """Whether a line is a client's footer ("Sent from my iPhone")."""
    return bool(_footer_pattern().fullmatch(line.strip()))


@cache
def _signoff_pattern() -> re.Pattern[str]:
    # The sign-off words in any case, then an optional capitalised name on the same line.
    words = alternation(merged("sign_offs"))
    name = r"(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})?"
    return re.compile(rf"(?i:{words})[^\w?]*{name}[^\w?]*")


@cache
def _footer_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("mobile_footers")), re.IGNORECASE)
