"""What the sender wrote now: a reply without its quoted history, signature or footer.

Structure is language-neutral (">" lines, header blocks, rules, "-- "); the
phrasings ("On … wrote:", "Sent from my iPhone", "Best regards") are data in
phrases.toml, merged across languages because a reply's language is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from agent.parsers.headers import is_header_block
from agent.parsers.html_text import html_to_text, strip_html_quotes
from agent.parsers.phrases import alternation, merged, required_text
from agent.parsers.signature import has_contact, is_contact_field, is_name, is_signature_line

# A quote header may be wrapped by the sender's client over this many lines (and over
# one more when its address was wrapped to pieces of its own)...
_HEADER_LINES = 3
_HEADER_MAX = 300
# ...and, when its address was wrapped as "<" / "mailto:…" / "> wrote:", broken by blank lines:
# at most this many in a row, within this many lines, each wrapped piece this long at most.
_HEADER_GAP = 2
_HEADER_WINDOW = 9
_HEADER_PIECE = 60
# What may follow a sign-off: a few short lines (name, title, company, phone).
_SIGNOFF_TAIL_LINES = 6
# extract_reply drops a sign-off only with a block of at least this many lines after it
# (name and title, company or phone): a signature. "Thanks,\nAna" is the client's own close.
_SIGNATURE_BLOCK_LINES = 2

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
# ">" quoting, Supercite's "Name>" prefix, and "| " quoting (a line with no other "|",
# so a table row "| a | b |" is not a quote).
_QUOTED = re.compile(r"\s*(?:(?:[A-Za-z]{1,10})?>|\|(?!.*\|))")
_OPEN_BRACKETS = ("<", "(", "[")
_QUOTE_MARKS = re.compile(r"^(?:\s*>)+")
# A quote header entry that opens with a word ("on\b", "w dniu\b") rather than with ".{…}".
_OPENING_WORD = re.compile(r"[^\W\d_]")
# A quoted line this long was probably wrapped by the client, spilling onto an unquoted line.
_WRAP_WIDTH = 60
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

# --- reply text ---------------------------------------------------------------------


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
    lines = _drop_history(lines)
    lines = _cut_at(lines, _is_signature_start)
    lines = _cut_at(lines, _is_mobile_footer)
    reply = _strip_signature_block(_tidy(lines))
    return _with_pointed_lines(reply, source if source.strip() else html_to_text(html))


def is_pointer(text: str) -> bool:
    """An answer that only points up at a quoted line: "^ this one", "this one ^"."""
    return bool(_pointer_pattern().fullmatch(text.strip()))


def _with_pointed_lines(reply: str, full: str) -> str:
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


def _strip_signature_block(text: str) -> str:
    """Drop a sign-off followed by a name/title/phone block: the sender's signature."""
    found = _signoff(text)
    if found and found[1] >= _SIGNATURE_BLOCK_LINES:
        return found[0]
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
            if after is None:
                break
            if _is_quoted(lines[after]) or _opens_bottom_post(kept, lines, after):
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
    return any(_is_quoted(line) for line in lines[after:])


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
        if count == 1 and _is_date_led(joined):
            del kept[end - 1 :]
            return


def _quote_header_span(lines: list[str], index: int) -> int:
    """How many lines an "On … wrote:" header starting here spans (0: none).

    A header may be wrapped over a few lines; when the client wrapped its address
    ("On Thu, 31 Mar 2016 at 11:16 Jane Roe" / "<" / "mailto:jane@x.org" / "> wrote:"),
    the pieces may stand between blank lines and the last one may look quoted.
    """
    first = lines[index].strip()
    if not first or _is_quoted(lines[index]):
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
        quoted = _is_quoted(lines[position])
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


def _starts_history(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _separator_pattern().fullmatch(line.strip(" \t*")) or _UNDERSCORE_RULE.fullmatch(line):
        return True
    if _BANNER.fullmatch(line):
        after = _next_nonblank(lines, index + 1)
        return after is not None and bool(_FIELD_LINE.match(lines[after]))
    return is_header_block(lines, index)


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


def _tidy(lines: list[str]) -> str:
    lines = [line.rstrip() for line in lines]
    while lines and _RULE_LINE.fullmatch(lines[-1]):
        lines.pop()  # trailing rules and blank lines left where history was cut
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


# --- compiled phrase patterns ------------------------------------------------------


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


@cache
def _separator_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("separators")), re.IGNORECASE)


@cache
def _footer_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("mobile_footers")), re.IGNORECASE)


@cache
def _pointer_pattern() -> re.Pattern[str]:
    return re.compile(alternation(merged("pointers")), re.IGNORECASE)


@cache
def _signoff_pattern() -> re.Pattern[str]:
    # The sign-off words in any case, then an optional capitalised name on the same line.
    words = alternation(merged("sign_offs"))
    name = r"(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})?"
    return re.compile(rf"(?i:{words})[^\w?]*{name}[^\w?]*")
