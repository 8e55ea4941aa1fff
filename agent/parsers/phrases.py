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
    """One key's phrases from every language as a single accent-blind, whole-word regex."""
    words = longest_first(merged(key))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE | re.MULTILINE)


def alternation(patterns: list[str]) -> str:
    """Regex patterns as one alternation, each kept whole."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def longest_first(entries: list[str]) -> str:
    """Literal phrases, folded, as one alternation; longest first, so "not approved"
    wins over "approved" at the same position."""
    return "|".join(sorted({fold(entry) for entry in entries}, key=len, reverse=True))
