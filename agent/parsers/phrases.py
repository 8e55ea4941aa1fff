"""The phrase tables (phrases.toml): every language's wording as data, not code.

Adding a language is adding a section to phrases.toml; the reader merges the
sections because a reply's language is not known in advance.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

PHRASES_PATH = Path(__file__).with_name("phrases.toml")


@cache
def phrases() -> dict[str, dict[str, Any]]:
    """The phrase tables of phrases.toml, one section per language."""
    with PHRASES_PATH.open("rb") as handle:
        return tomllib.load(handle)


def merged(key: str) -> list[Any]:
    """One list key's entries from every language section, in file order."""
    return [item for section in phrases().values() for item in section.get(key, [])]


def merged_table(key: str) -> dict[str, Any]:
    """One table key (word = value) merged across the language sections."""
    table: dict[str, Any] = {}
    for section in phrases().values():
        table.update(section.get(key, {}))
    return table


@cache
def folded_words(*keys: str) -> frozenset[str]:
    """The entries of these list keys from every language, folded, as a set of words."""
    return frozenset(fold(word) for key in keys for word in merged(key))


def fold(text: str) -> str:
    """Lower-case and drop accents, keeping every character's position ("é" -> "e")."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


@cache
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKD", char.lower())[0]


@cache
def word_pattern(key: str) -> re.Pattern[str]:
    """One key's phrases from every language as a single accent-blind, whole-word regex; a
    key no language has matches nothing (an empty alternation would match everywhere)."""
    words = longest_first(merged(key)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE | re.MULTILINE)


@cache
def key_pattern(template: str, key: str) -> re.Pattern[str]:
    """A regex made of a template whose "{words}" is one key's phrases from every language
    (folded, longest first): key_pattern(r"\\s*(?:{words})(?!\\w)", "counted_nouns")."""
    return re.compile(template.replace("{words}", longest_first(merged(key))))


def alternation(patterns: list[str]) -> str:
    """Regex patterns as one alternation, each kept whole."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def longest_first(entries: list[str]) -> str:
    """Literal phrases, folded, as one alternation; longest first, so "not approved"
    wins over "approved" at the same position."""
    return "|".join(sorted({fold(entry) for entry in entries}, key=len, reverse=True))


def required_text(pattern: str) -> str:
    """The longest stretch of plain text every match of a phrase pattern must contain.

    Only text outside groups and character classes counts, and a character made
    optional by a quantifier ends the stretch; "" when there is none or the pattern
    is an alternation at its top level. Used to skip a costly pattern cheaply
    ('on\\b.{1,250}\\bwrote\\s*:' needs "wrote" somewhere).
    """
    runs: list[str] = []
    run = ""
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            runs.append(run)
            run = ""
            index += 2
            continue
        if char == "[":
            runs.append(run)
            run = ""
            index = _class_end(pattern, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return ""
        if depth or char in "().^$":
            runs.append(run)
            run = ""
        elif char in "?*{":
            runs.append(run[:-1])  # the quantified character may be absent
            run = ""
            if char == "{":
                end = pattern.find("}", index)
                index = len(pattern) if end < 0 else end + 1
                continue
        elif char == "+":
            runs.append(run)
            run = ""
        else:
            run += char
        index += 1
    runs.append(run)
    return max((text.strip() for text in runs), key=len, default="")


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at `start` ("[^]a\\]]" included)."""
    index = start + 1
    if pattern[index : index + 1] == "^":
        index += 1
    if pattern[index : index + 1] == "]":
        index += 1  # a "]" first in the class is a member
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1
