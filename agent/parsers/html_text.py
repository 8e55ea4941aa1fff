"""HTML mail bodies as plain text, with the quoted history taken out first.

Mail clients mark quoted history with containers (Gmail, Apple, Outlook, Yahoo,
Thunderbird); removing those before the text conversion is far more reliable
than guessing from the text afterwards.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from agent.parsers.headers import is_header_block
from agent.parsers.signature import is_name

# Elements that never render as message text.
_INVISIBLE = ("script", "style", "head", "title", "meta", "link", "template")

# Block elements start and end a line; the "paragraph" ones leave a blank line.
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"}
_BLOCK = _PARAGRAPH | {
    "address", "article", "aside", "dd", "div", "dl", "dt", "figure", "footer", "form",
    "header", "hr", "li", "main", "nav", "section", "tr", "tbody", "thead", "tfoot",
}  # fmt: skip

# Containers holding the quoted message, by id: dropped with everything after them,
# because Outlook appends the whole history below its reply header.
_CUT_FROM_IDS = (
    "appendonsend",
    "divRplyFwdMsg",
    "mail-editor-reference-message-container",
    "OLK_SRC_BODY_SECTION",
)
# Containers holding only quoted text, by class, and the quoting element itself.
# (Matched with find_all, not CSS selectors: soupsieve compiles a selector on first use,
# which cost the first HTML reply of a process about 100 ms.)
_DROP_CLASSES = ("yahoo_quoted", "moz-cite-prefix", "gmail_attr")
_QUOTE_TAG = "blockquote"
# What the text after an <hr> is read from to tell whether it starts the quoted original.
_AFTER_HR_CHARS = 600

# An attribution line ("On … wrote:", "Am … schrieb:", "26.06.2014, X <x@y>:")
# ends with a colon; it is removed together with the blockquote it introduces.
_ATTRIBUTION_MAX = 400


def html_to_text(html: str) -> str:
    """Render an HTML body as text: blocks and <br> become line breaks."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    out: list[str] = []
    _render(soup, out, preformatted=False)
    return _tidy("".join(out))


def strip_html_quotes(html: str) -> str:
    """Remove the quoted-history containers mail clients put in HTML replies."""
    soup = BeautifulSoup(html, "html.parser")
    for name in _CUT_FROM_IDS:
        for tag in soup.find_all(id=name):
            _remove_with_following(tag)
    for rule in soup.find_all("hr"):
        if rule.parent is not None and _starts_quoted_original(rule):
            _remove_name_above(rule)
            _remove_with_following(rule)
    for blockquote in soup.find_all(_QUOTE_TAG):
        if blockquote.parent is not None:  # not already gone with an outer one
            _remove_attribution(blockquote)
    for tag in [*soup.find_all(class_=list(_DROP_CLASSES)), *soup.find_all(_QUOTE_TAG)]:
        if not tag.decomposed:  # not already gone with an outer one
            tag.decompose()
    for quote in soup.find_all("div", class_="gmail_quote"):
        # Inline answers typed into a Gmail quote stay; an emptied shell goes.
        if not quote.get_text(strip=True):
            quote.decompose()
    return str(soup)


def _render(node: Tag, out: list[str], *, preformatted: bool) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                out.append(str(child) if preformatted else re.sub(r"\s+", " ", child))
        elif child.name == "br":
            out.append("\n")
        elif child.name in _BLOCK:
            _render_block(child, out, preformatted=preformatted)
        else:
            _render(child, out, preformatted=preformatted)


def _render_block(tag: Tag, out: list[str], *, preformatted: bool) -> None:
    # Outlook writes every line as <p class=MsoNormal> with no margins: a line, not a paragraph.
    paragraph = tag.name in _PARAGRAPH and "MsoNormal" not in tag.get("class", [])
    breaks = 2 if paragraph else 1
    _ensure_breaks(out, breaks)
    _render(tag, out, preformatted=preformatted or tag.name == "pre")
    _ensure_breaks(out, breaks)


def _ensure_breaks(out: list[str], count: int) -> None:
    """End the text so far with at least `count` line breaks (none at the very start)."""
    tail = ""
    for chunk in reversed(out):
        tail = chunk + tail
        if tail.strip():
            break
    else:
        return  # nothing visible written yet
    have = tail.count("\n", len(tail.rstrip()))
    out.append("\n" * max(0, count - have))


def _tidy(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u200b", "")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _remove_with_following(tag: Tag) -> None:
    """Drop a tag and everything after it in document order."""
    node: Tag | None = tag
    while node is not None and node.name not in ("body", "html", "[document]"):
        for sibling in list(node.next_siblings):
            sibling.extract()
        parent = node.parent
        if node is tag:
            tag.decompose()
        node = parent


def _remove_attribution(blockquote: Tag) -> None:
    """Remove the text line just before a blockquote if it reads like "… wrote:"."""
    line: list[NavigableString] = []
    for node in blockquote.previous_elements:
        if isinstance(node, Tag):
            if node.name == "br" and not _joined(line).strip():
                continue  # the break between attribution and quote
            if node.name == "br" or node.name in _BLOCK:
                break  # start of the line
        elif type(node) is NavigableString:
            line.append(node)
    text = _joined(line).strip()
    # A date, time or address tells an attribution from "Here are my answers:".
    if text.endswith(":") and len(text) <= _ATTRIBUTION_MAX and re.search(r"[\d@]", text):
        for part in line:
            part.extract()


def _joined(reversed_strings: list[NavigableString]) -> str:
    return "".join(reversed(reversed_strings))


def _starts_quoted_original(rule: Tag) -> bool:
    """An <hr> followed by a "From:/Sent:/To:/Subject:" block (any language)."""
    out: list[str] = []
    size = 0
    for node in rule.next_elements:
        if isinstance(node, Tag):
            if node.name == "br" or node.name in _BLOCK:
                out.append("\n")
        elif type(node) is NavigableString:
            out.append(re.sub(r"\s+", " ", node))
            size += len(node)
        if size > _AFTER_HR_CHARS:
            break
    lines = [line.strip() for line in "".join(out).split("\n") if line.strip()]
    return bool(lines) and is_header_block(lines, 0)


def _remove_name_above(rule: Tag) -> None:
    """Drop a lone name written just above the <hr> in the same block ("Bob" <hr> From: …).

    The block holding the rule and the header is the quote's wrapper; a short
    capitalised name at its start is the sender's signature, never a decision, and
    only goes when the reply has other text before it.
    """
    before: list[NavigableString] = []
    for sibling in rule.previous_siblings:
        if isinstance(sibling, Tag) and (sibling.name == "br" or sibling.name in _BLOCK):
            return  # more than one line before the rule: not a lone name
        if isinstance(sibling, Tag):
            before += [
                text for text in sibling.find_all(string=True) if type(text) is NavigableString
            ]
        elif type(sibling) is NavigableString:
            before.append(sibling)
    text = "".join(reversed(before))
    if not is_name(text):
        return
    earlier = "".join(
        str(node)
        for node in rule.parent.find_all_previous(string=True)
        if type(node) is NavigableString
    )
    if earlier.strip():
        for part in before:
            part.extract()
