"""Decision and option words typed one letter off, mended before reading ("aproved")."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from agent.model import Question
from agent.parsers.option_refs import (
    OPTION_WORD,
    TYPO_MIN_LETTERS,
    distinctive_words,
    is_lettered,
    lettered_label,
    stem_of,
)
from agent.parsers.phrases import fold, merged, phrases

_LONG_WORD = re.compile(rf"[^\W\d_]{{{TYPO_MIN_LETTERS},}}")
TypoIndex = tuple[frozenset[str], dict[str, frozenset[str]]]


def option_typo_targets(question: Question | None) -> frozenset[str]:
    """The words of this question's options a typo may stand for ("chifon" for "chiffon")."""
    if question is None or question.kind != "choice":
        return frozenset()
    lettered = is_lettered(question.options)
    texts = tuple(
        lettered_label().sub("", fold(option), count=1) if lettered else fold(option)
        for option in question.options
    )
    stems = set().union(*distinctive_words(texts)) if texts else set()
    return frozenset(
        word
        for text in texts
        for word in OPTION_WORD.findall(text)
        if len(word) >= TYPO_MIN_LETTERS and stem_of(word) in stems
    )


def mend_typos(text: str, extra: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """The text with decision words one letter off mended ("aproved" -> "approved")."""
    index = _typo_index(extra)
    known = _known_words()
    pieces: list[str] = []
    corrections: list[tuple[str, str]] = []
    last = 0
    for match in _LONG_WORD.finditer(text):
        typed = match.group(0)
        word = fold(typed)
        if word in known or word in index[0]:
            continue
        meant = _nearest(word, extra)
        if not meant:
            continue
        if typed.isupper():
            meant_cased = meant.upper()
        elif typed[0].isupper():
            meant_cased = meant.capitalize()
        else:
            meant_cased = meant
        pieces += [text[last : match.start()], meant_cased]
        last = match.end()
        corrections.append((typed, meant_cased))
    if not corrections:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), corrections


@lru_cache(maxsize=64)
def _typo_index(extra: frozenset[str]) -> TypoIndex:
    """The typo words and, for each, every form with one letter dropped."""
    targets = frozenset(_typo_words() | extra)
    deletions: dict[str, set[str]] = {}
    for word in targets:
        for variant in _deletions(word) | {word}:
            deletions.setdefault(variant, set()).add(word)
    return targets, {key: frozenset(value) for key, value in deletions.items()}


@lru_cache(maxsize=4096)
def _nearest(word: str, extra: frozenset[str]) -> str:
    """The one typo word within one edit (a letter added, dropped, changed or two swapped)."""
    _, deletions = _typo_index(extra)
    candidates: set[str] = set()
    for variant in _deletions(word) | {word}:
        candidates |= deletions.get(variant, frozenset())
    found = {
        target
        for target in candidates
        if min(len(target), len(word)) >= TYPO_MIN_LETTERS
        and word not in (target + "s", target + "es")
        and target not in (word + "s", word + "es")
        and _one_edit(word, target)
    }
    if len({target[: TYPO_MIN_LETTERS - 1] for target in found}) != 1:
        return ""  # one letter off two different words: not a typo anyone can mend
    # "approvd": one letter off "approve" and "approved", the same word either way
    return min(found, key=lambda target: (abs(len(target) - len(word)), target))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(one: str, other: str) -> bool:
    """Exactly one insertion, deletion, substitution or swap of neighbours apart."""
    if one == other or abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        diff = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and one[diff[0]] == other[diff[1]]
            and one[diff[1]] == other[diff[0]]
        )
    short, long = sorted((one, other), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@cache
def _typo_words() -> frozenset[str]:
    return frozenset(fold(word) for word in merged("typo_words") if len(word) >= TYPO_MIN_LETTERS)


@cache
def _known_words() -> frozenset[str]:
    """Every word in the phrase tables, in any language: never "corrected" into another one
    ("überweisen" is not a typo of "überwiesen")."""
    words: set[str] = set()
    pending: list[object] = [phrases()]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += list(item.keys()) + list(item.values())
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            words.update(_LONG_WORD.findall(fold(item)))
    return frozenset(words)
