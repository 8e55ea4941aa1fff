"""What the sender wrote now: a reply without its quoted history, signature or footer.

Structure is language-neutral (">" lines, header blocks, rules, "-- "); the
phrasings ("On … wrote:", "Sent from my iPhone", "Best regards") are data in
phrases.toml, merged across languages because a reply's language is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from agent.parsers.html_text import html_to_text, strip_html_quotes
from agent.parsers.phrases import alternation, merged

# A quote header may be wrapped by the sender's client over this many lines.
_HEADER_LINES = 3
_HEADER_MAX = 300
# A quoted header block ("From:/Sent:/To:/Subject:") has this many fields within a window.
_BLOCK_FIELDS = 3
_BLOCK_WINDOW = 7
# What may follow a sign-off: a few short lines (name, title, company, phone).
_SIGNOFF_TAIL_LINES = 6
_SIGNOFF_TAIL_WORDS = 6

_RULE_LINE = re.compile(r"[\s\-_=~*#+\u1427\u2014\u2013]*")
_UNDERSCORE_RULE = re.compile(r"\s*_{2,}\s*")
_SIG_DELIMITER = re.compile(r"--\s?")
# A banner such as "-------- Oprindelig besked --------" in any language...
_BANNER = re.compile(r"\s*-{2,}\s*\w[^-]{1,40}?\s*-{2,}\s*")
# ...counts as history when a "Field: value" header line comes right after it.
_FIELD_LINE = re.compile(r"\s*\*{0,2}[^\W\d][\w-]*(?: \w+)?\*{0,2}\s*:\s*\S")
# What tells an attribution ("… wrote:") from a sentence ending in a colon.
_ATTRIBUTION_MARK = re.compile(r"@|\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# ">" quoting, and Supercite's "Name>" prefix.
_QUOTED = re.compile(r"\s*(?:[A-Za-z]{1,10})?>")
# A quoted line this long was probably wrapped by the client, spilling onto an unquoted line.
_WRAP_WIDTH = 60
_CONTACT = re.compile(r"@|https?://|www\.|\+?\d[\d\s().-]{6,}\d")


# --- reply text ---------------------------------------------------------------------


def extract_reply(text: str, html: str = "") -> str:
    """Return only what the sender wrote in this message."""
    if not text.strip() and html:
        text = html_to_text(strip_html_quotes(html))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _drop_history(lines)
    lines = _cut_at(lines, _is_signature_start)
    lines = _cut_at(lines, _is_mobile_footer)
    return _tidy(lines)


def strip_signoff(text: str) -> str:
    """Drop a closing sign-off ("Thanks,", "Best regards") and the short block after it."""
    lines = text.rstrip().split("\n")
    tail_lines = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if _signoff_pattern().fullmatch(line):
            before = "\n".join(lines[:index]).rstrip()
            return before if before else text
        if tail_lines == _SIGNOFF_TAIL_LINES or not _is_signature_line(line):
            break
        tail_lines += 1
    return text


# --- quoted history -------------------------------------------------------------


def _drop_history(lines: list[str]) -> list[str]:
    """Keep the sender's lines: drop quoted blocks, stop where unquoted history starts."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if _is_quoted(lines[index]):
            _drop_attribution(kept, colon_in_quote=lines[index].strip() == ">:")
            index = _skip_quoted(lines, index)
            continue
        span = _quote_header_span(lines, index)
        if span:
            after = _next_nonblank(lines, index + span)
            if after is None or not _is_quoted(lines[after]):
                break  # the history below the header is not quoted: all of it goes
            index = after
            continue
        if _starts_history(lines, index):
            break
        kept.append(lines[index])
        index += 1
    return kept


def _is_quoted(line: str) -> bool:
    return bool(_QUOTED.match(line))


def _skip_quoted(lines: list[str], index: int) -> int:
    """Index after a quoted block, including lines its wrapped long lines spilled onto."""
    while index < len(lines):
        if not _is_quoted(lines[index]) and not _is_wrap_spill(lines, index):
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
        and _is_quoted(after)
    )


def _next_nonblank(lines: list[str], index: int) -> int | None:
    for position in range(index, len(lines)):
        if lines[position].strip():
            return position
    return None


def _drop_attribution(kept: list[str], *, colon_in_quote: bool) -> None:
    """Remove the line(s) introducing a quoted block ("… wrote:" in any language)."""
    end = len(kept)
    while end and not kept[end - 1].strip():
        end -= 1
    for count in range(1, _HEADER_LINES + 1):
        block = kept[end - count : end]
        if len(block) < count or not block[0].strip():
            return
        if count > 1 and not _ATTRIBUTION_MARK.search(block[0]):
            return  # a wrapped attribution starts with its date or address
        joined = " ".join(line.strip() for line in block) + (":" if colon_in_quote else "")
        if len(joined) > _HEADER_MAX:
            return
        if joined.endswith(":") and _ATTRIBUTION_MARK.search(joined):
            del kept[end - count :]
            return


def _quote_header_span(lines: list[str], index: int) -> int:
    """How many lines an "On … wrote:" header starting here spans (0: none)."""
    for count in range(1, _HEADER_LINES + 1):
        block = lines[index : index + count]
        if len(block) < count or not block[-1].strip() or _is_quoted(block[-1]):
            return 0
        joined = " ".join(line.strip() for line in block)
        if len(joined) > _HEADER_MAX:
            return 0
        if _quote_header_pattern().fullmatch(joined):
            return count
        if _ATTRIBUTION_MARK.search(block[0]) and _is_dated_attribution(joined):
            return count
    return 0


def _is_dated_attribution(line: str) -> bool:
    """ "21.11.2013 Jane <jane@x.org>:" — an address and a date ending in a colon."""
    return line.endswith(":") and bool(
        _ADDRESS.search(line) and _ATTRIBUTION_MARK.search(_ADDRESS.sub("", line))
    )


def _starts_history(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _separator_pattern().fullmatch(line.strip(" \t*")) or _UNDERSCORE_RULE.fullmatch(line):
        return True
    if _BANNER.fullmatch(line):
        after = _next_nonblank(lines, index + 1)
        return after is not None and bool(_FIELD_LINE.match(lines[after]))
    return _is_header_block(lines, index)


def _is_header_block(lines: list[str], index: int) -> bool:
    """A quoted "From:/Sent:/To:/Subject:" block (any order, any language) starts here."""
    if not _field_pattern().match(lines[index]):
        return False
    window = lines[index : index + _BLOCK_WINDOW]
    fields = [line for line in window if _field_pattern().match(line)]
    has_sender = any(_from_pattern().match(line) for line in fields)
    return has_sender and len(fields) >= _BLOCK_FIELDS


# --- signatures and footers -------------------------------------------------------


def _cut_at(lines: list[str], starts_tail: Callable[[str], bool]) -> list[str]:
    """The lines before the first one that starts a tail (signature, footer)."""
    for index, line in enumerate(lines):
        if starts_tail(line):
            return lines[:index]
    return lines


def _is_signature_start(line: str) -> bool:
    return bool(_SIG_DELIMITER.fullmatch(line))


def _is_mobile_footer(line: str) -> bool:
    return bool(_footer_pattern().fullmatch(line.strip()))


def _is_signature_line(line: str) -> bool:
    """A name, title, company or contact line: short, or contact details, never a question."""
    if line.endswith("?") or line.lower().startswith(("p.s", "ps ", "ps:")):
        return False
    return len(line.split()) <= _SIGNOFF_TAIL_WORDS or bool(_CONTACT.search(line))


def _tidy(lines: list[str]) -> str:
    lines = [line.rstrip() for line in lines]
    while lines and _RULE_LINE.fullmatch(lines[-1]):
        lines.pop()  # trailing rules and blank lines left where history was cut
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


# --- compiled phrase patterns ------------------------------------------------------


@cache
def _quote_header_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("quote_headers")), re.IGNORECASE)


@cache
def _separator_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("separators")), re.IGNORECASE)


@cache
def _footer_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("mobile_footers")), re.IGNORECASE)


@cache
def _field_pattern() -> re.Pattern[str]:
    names = merged("header_from") + merged("header_fields")
    return _header_field(names)


@cache
def _from_pattern() -> re.Pattern[str]:
    return _header_field(merged("header_from"))


def _header_field(names: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"\s*\*{{0,2}}(?:{alternation})\*{{0,2}}\s*:", re.IGNORECASE)


@cache
def _signoff_pattern() -> re.Pattern[str]:
    # The sign-off words in any case, then an optional capitalised name on the same line.
    words = alternation(merged("sign_offs"))
    name = r"(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})?"
    return re.compile(rf"(?i:{words})[^\w?]*{name}[^\w?]*")
