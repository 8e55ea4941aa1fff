"""Option words in the reply's own language: the glossary of phrases.toml.

Options are written in English; a client may name one in German or Swedish ("den
Seidensamt", "salviagrönt"). A reply word stands for English words when it is a glossary
word, one with an inflection ending ("grünen"), or a compound of them ("salviagrönt" is
"salvia" + "grönt"), the pieces joined directly or by a linking ending ("Seide-n-samt").
"""

from __future__ import annotations

from functools import cache, lru_cache

from agent.parsers.phrases import fold, merged, phrases

# A glossary word this short is read only as a whole word: "lin" (linen) is not in "line".
MIN_STEM_LETTERS = 4


@lru_cache(maxsize=4096)
def glossed_words(word: str) -> tuple[str, ...]:
    """The English words a folded reply word stands for by the glossary; () for none."""
    table = _glossary()
    if word in table:
        return table[word]
    for stem in _stems_opening(word):
        rest = word[len(stem) :]
        if rest in _endings():
            return table[stem]
        for link in ("", *_endings()):
            if rest.startswith(link) and len(rest) > len(link):
                tail = glossed_words(rest[len(link) :])
                if tail:
                    return table[stem] + tail
    return ()


def _stems_opening(word: str) -> list[str]:
    """Glossary words long enough to carry an ending that open `word`, longest first."""
    return sorted(
        (stem for stem in _glossary() if len(stem) >= MIN_STEM_LETTERS and word.startswith(stem)),
        key=len,
        reverse=True,
    )


@cache
def _glossary() -> dict[str, tuple[str, ...]]:
    """Every language's glossary merged, folded: word -> the English words it stands for."""
    table: dict[str, tuple[str, ...]] = {}
    for section in phrases().values():
        for word, english in section.get("glossary", {}).items():
            meanings = (english,) if isinstance(english, str) else tuple(english)
            table[fold(word)] = tuple(fold(meaning) for meaning in meanings)
    return table


@cache
def _endings() -> frozenset[str]:
    return frozenset(fold(ending) for ending in merged("glossary_endings"))
