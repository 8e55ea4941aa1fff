"""HTML mail bodies as plain text, with the quoted history taken out first.

Mail clients mark quoted history with containers (Gmail, Apple, Outlook, Yahoo,
Thunderbird); removing those before the text conversion is far more reliable
than guessing from the text afterwards.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

# Elements that never render as message text.
_INVISIBLE = ("script", "style", "head", "title", "meta", "link", "template")

# Block elements start and end a line; the "paragraph" ones leave a blank line.
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"}
_BLOCK = _PARAGRAPH | {
    "address", "article", "aside", "dd", "div", "dl", "dt", "figure", "footer", "form",
    "header", "hr", "li", "main", "nav", "section", "tr", "tbody", "thead", "tfoot",
}  # fmt: skip

# Containers holding the quoted message: dropped with everything after them,
# because Outlook appends the whole history below its reply header.
_CUT_FROM = (
    "#appendonsend",
    "#divRplyFwdMsg",
    "#mail-editor-reference-message-container",
    "#OLK_SRC_BODY_SECTION",
)
# Containers holding only quoted text: dropped on their own.
_DROP = (".yahoo_quoted", ".moz-cite-prefix", ".gmail_attr", "blockquote")

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
    for selector in _CUT_FROM:
        for tag in soup.select(selector):
            _remove_with_following(tag)
    for blockquote in soup.find_all("blockquote"):
        if blockquote.parent is not None:  # not already gone with an outer one
            _remove_attribution(blockquote)
    for selector in _DROP:
        for tag in soup.select(selector):
            tag.decompose()
    for quote in soup.select("div.gmail_quote"):
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
