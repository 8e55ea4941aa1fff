"""Quote headers: the "On … wrote:" line(s) above quoted history, in any language.

The phrasings are data in phrases.toml; a header in no known language is told by
its date and address.
"""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.phrases import alternation, merged, required_text
from agent.parsers.quoted_lines import is_quoted

# A quote header may be wrapped by the sender's client over this many lines (and over
# one more when its address was wrapped to pieces of its own), this long at most.
_HEADER_LINES = 3
_HEADER_MAX = 300
# What tells an attribution ("… wrote:") from a sentence ending in a colon.
_ATTRIBUTION_MARK = re.compile(r"@|\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_OPEN_BRACKETS = ("<", "(", "[")
# A quote header entry that opens with a word ("on\b", "w dniu\b") rather than with ".{…}".
_OPENING_WORD = re.compile(r"[^\W\d_]")
# An attribution that is only a date, a time and a sender, in no language ("2016-03-03
# 17:21 GMT+01:00 Jane Roe <jane@x.org>:", Gmail's "2013/7/20 Jane Roe <jane@x.org>").
_DATE_LED = re.compile(
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))\.?,?"
    r"(?P<time>\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?,?"
    r"(?P<zone>\s*(?:GMT|UTC)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|\s*[+-]\d{2}:?\d{2}|\s+[A-Z]{3,4}(?=\s))?"
    r",?\s+(?P<who>[^:]+?)\s*:?"
)
# Its sender: an address with at most this many words ("Jane Roe via Studio Meta"), or
# without one, after a time and a zone, at most this many capitalised words ("Jane Roe").
_SENDER_WORDS = 6
_NAME_WORDS = 4
# A wrapped attribution in no known language has its date within its first words.
_DATE_WORDS = 4
_NAME_WORD = re.compile(r"[A-Z][\w'.-]*")


def drop_attribution(kept: list[str], *, colon_in_quote: bool) -> None:
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
        if count == 1 and _is_date_led(joined):
            del kept[end - 1 :]
            return


# A header whose address was wrapped as "<" / "mailto:…" / "> wrote:" may be broken by blank
# lines: at most this many in a row, within this many lines, each wrapped piece this long at most.
_HEADER_GAP = 2
_HEADER_WINDOW = 9
_HEADER_PIECE = 60


def quote_header_span(lines: list[str], index: int) -> int:
    """How many lines an "On … wrote:" header starting here spans (0: none).

    A header may be wrapped over a few lines; when the client wrapped its address
    ("On Thu, 31 Mar 2016 at 11:16 Jane Roe" / "<" / "mailto:jane@x.org" / "> wrote:"),
    the pieces may stand between blank lines and the last one may look quoted.
    """
    first = lines[index].strip()
    if not first or is_quoted(lines[index]):
        return 0
    if _is_date_led(first):
        return 1
    pieces: list[str] = []
    gapped = False
    blanks = 0
    for position in range(index, min(len(lines), index + _HEADER_WINDOW)):
        line = lines[position].strip()
        if not line:
            blanks += 1
            if blanks > _HEADER_GAP:
                return 0
            continue
        gapped = gapped or blanks > 0
        blanks = 0
        quoted = is_quoted(lines[position])
        if position > index and (gapped or quoted) and len(line) > _HEADER_PIECE:
            return 0  # a loosely wrapped header is made of short pieces
        pieces.append(line)
        joined = " ".join(pieces)
        if len(joined) > _HEADER_MAX:
            return 0
        loose = gapped or quoted
        if _is_quote_header(pieces, loose=loose):
            return position - index + 1
        if quoted or len(pieces) > _HEADER_LINES or (len(pieces) == _HEADER_LINES and not loose):
            return 0  # the quote has begun, or this is prose
    return 0


def _is_quote_header(pieces: list[str], *, loose: bool) -> bool:
    joined, first = " ".join(pieces), pieces[0]
    if loose and not (_ATTRIBUTION_MARK.search(first) and _ADDRESS.search(joined)):
        return False  # across blank lines only a dated header with its address
    if _may_be_quote_header(joined):
        # A wrapped block is a header only when no later line starts one by itself: then
        # the lines above it are the reply's ("On the fabric, we pick satin" / "On Mon, …").
        if _quote_header_pattern(opening=True).fullmatch(joined):  # "On …", "Am …", "Le …"
            return not _header_starts_later(pieces, _quote_header_pattern(opening=True))
        if _quote_header_pattern(opening=False).fullmatch(joined):  # "Jane <x@y> wrote:"
            return not _header_starts_later(pieces, _quote_header_pattern())
    # In no known language: a date and an address ending in a colon; wrapped, its date
    # comes first ("pe 20.10.2017 klo 17.50 Jane Roe" / "<jane@x.org> kirjoitti:"), where
    # a sentence that happens to end above a header would not have one.
    if not (_is_dated_attribution(joined) and _ATTRIBUTION_MARK.search(first)):
        return False
    return joined == first or any(char.isdigit() for char in "".join(first.split()[:_DATE_WORDS]))


def _header_starts_later(pieces: list[str], header: re.Pattern[str]) -> bool:
    """Whether the lines from a later one on make a header by themselves.

    A break inside the sender's bracket ("Jane Roe <" / "jane@x.org> wrote:", "Jane Roe"
    / "<jane@x.org> wrote:") is the header's own wrapping, not a later start.
    """
    return any(
        not pieces[start - 1].endswith(_OPEN_BRACKETS)
        and not pieces[start].startswith(_OPEN_BRACKETS)
        and header.fullmatch(" ".join(pieces[start:]))
        for start in range(1, len(pieces))
    )


def _is_dated_attribution(line: str) -> bool:
    """ "21.11.2013 Jane <jane@x.org>:" — an address and a date ending in a colon."""
    return (
        line.endswith(":")
        and "@" in line
        and bool(_ADDRESS.search(line) and _ATTRIBUTION_MARK.search(_ADDRESS.sub("", line)))
    )


def _is_date_led(line: str) -> bool:
    """A line that is only a date (time, zone) and a sender: an attribution.

    The sender is an address with a few words ("2013/7/20 Jane via Studio <x@y.org>"),
    or, after a time and a zone, a capitalised name ("2016-03-03 17:21 GMT+01:00 Jane
    Roe"): a client's "2025-01-21 14:00 Studio visit" is not one.
    """
    found = _DATE_LED.fullmatch(line)
    if not found:
        return False
    who = found["who"]
    if _ADDRESS.search(who):
        rest = re.sub(r"[<>()\[\]\"']|mailto:", " ", _ADDRESS.sub(" ", who)).split()
        return len(rest) <= _SENDER_WORDS and not re.search(r"[.!?;]", " ".join(rest))
    words = who.split()
    return (
        bool(found["time"] and found["zone"])
        and 0 < len(words) <= _NAME_WORDS
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and not who.endswith((".", "!", "?", ";", ","))
    )


@cache
def _quote_header_pattern(*, opening: bool | None = None) -> re.Pattern[str]:
    """The quote headers; only those opening with a word ("on\\b…") or only the others."""
    entries = merged("quote_headers")
    if opening is not None:
        entries = [entry for entry in entries if bool(_OPENING_WORD.match(entry)) == opening]
    return re.compile(alternation(entries) or "(?!)", re.IGNORECASE)


def _may_be_quote_header(text: str) -> bool:
    """Cheap test first: the text holds a word some quote header needs ("wrote", "schrieb")."""
    needed = _quote_header_words()
    if not needed:
        return True
    lowered = text.lower()
    return any(word in lowered for word in needed)


@cache
def _quote_header_words() -> tuple[str, ...]:
    """The words the quote header patterns need; () when one of them needs none."""
    words = {required_text(entry).lower() for entry in merged("quote_headers")}
    return () if "" in words else tuple(sorted(words))
