"""Where a reply names an option: by number ("option 2", "#3"), ordinal ("the second", "the
middle one"), letter ("B"), or the option's own words, also in another language by the
glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from agent.parsers.glossary import glossed_words
from agent.parsers.phrases import (
    fold,
    folded_words,
    key_pattern,
    longest_first,
    merged,
    merged_table,
    word_pattern,
)

if TYPE_CHECKING:
    from agent.parsers.prepared_reply import Reply

# A typo is corrected only in a word this long, and only one letter off (see typo_words).
TYPO_MIN_LETTERS = 6
# A German compound holding an option's word ("Originalsamt"): at least this much more.
COMPOUND_REST = 3
_BARE_DIGIT = re.compile(r"(?<![\w#.,:/$€£+-])(?P<n>[1-9])(?![\w/%]|[.,:]\d)")
_CAPITAL_LETTER = re.compile(r"(?<![\w'])(?P<l>[A-E])(?![\w'])")
_LONE_LETTER = re.compile(r"\W*(?P<l>[a-e])\W*")
OPTION_WORD = re.compile(r"[^\W\d_]{3,}")
# "option b", "variante c": an option noun and a letter.
_LETTERED = r"(?<!\w)(?:{words})\s*(?P<l>[a-e])(?!\w)"
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


@dataclass(frozen=True)
class OptionRef:
    """A place where the reply names an option: "option 2", "the second", "the satin"."""

    option: int
    start: int
    end: int
    explicit: bool = True  # by number, ordinal or letter; False for the option's own words
    polarity: int = 0  # +1 picked ("go with 3"), -1 ruled out ("not 3"), 0 just named
    action: bool = False  # the option's own verb ("wait" in "wait for the original")
    denied: bool = False  # words the option itself negates ("hoods" in "without hoods")


def option_refs(reply: Reply, options: list[str], recommended: int = 0) -> list[OptionRef]:
    """Every place the reply names one of the options, overlaps resolved."""
    lettered = is_lettered(options)
    texts = [
        lettered_label().sub("", fold(option), count=1) if lettered else option
        for option in options
    ]
    refs = number_refs(reply, len(options)) + _word_refs(reply, texts)
    if lettered:
        refs += _letter_refs(reply, len(options))
    if recommended and 1 <= recommended <= len(options):
        refs += _recommendation_refs(reply, recommended)
    return _without_overlaps(refs)


def _recommendation_refs(reply: Reply, recommended: int) -> list[OptionRef]:
    """ "Your recommendation", "what you suggest": the option the question recommends. Without
    a recommendation in the question they name nothing, and a person reads the reply."""
    return [
        OptionRef(recommended, match.start(), match.end())
        for match in reply.find("recommendation_refs")
    ]


def number_refs(reply: Reply, count: int) -> list[OptionRef]:
    """ "option 2", "#3", "number two", "the second one", "the last", a bare "2"."""
    refs = [
        OptionRef(value, match.start(), match.end())
        for match in _numbered_pattern().finditer(reply.folded)
        if 1 <= (value := _number_value(match["n"])) <= count
    ]
    for match in _ordinal_pattern().finditer(reply.folded):
        if key_pattern(r"\s+(?:{words})(?!\w)", "occurrences").match(reply.folded, match.end()):
            continue  # "the third time the fitting has moved" counts, it does not pick
        alone = reply.ends_clause(match.end()) or reply.picked_after(match.end())
        # "the second", "second option", or in a short reply a clause of its own ("Second
        # please"); not an adverb ("send the samples first").
        bare = reply.short and reply.bare_clause(match.start(), {match["o"]})
        bare = bare or reply.picked_before(match.start())  # "nous prenons la deuxième"
        if match["noun"] or (match["the"] and alone) or bare:
            position = _position(_ordinals()[match["o"]], count)
            if 1 <= position <= count:
                refs.append(OptionRef(position, match.start(), match.end()))
    return refs + _bare_digit_refs(reply, count) + _bare_number_word_refs(reply, count)


def _position(ordinal: int, count: int) -> int:
    """An ordinal's option: 0 is the last; -1 the middle one, of an odd number only."""
    if ordinal == 0:
        return count
    if ordinal == -1:
        return (count + 1) // 2 if count % 2 else 0
    return ordinal


def _bare_digit_refs(reply: Reply, count: int) -> list[OptionRef]:
    refs = []
    for match in _BARE_DIGIT.finditer(reply.folded):
        value = int(match["n"])
        if value > count or reply.counts_or_labels(match.start(), match.end()):
            continue
        in_context = reply.picked_before(match.start()) or reply.picked_after(match.end())
        in_context = in_context or reply.has_before(match.start(), "choice_context")
        if reply.short or in_context or reply.excluded(match.start()):
            refs.append(OptionRef(value, match.start(), match.end()))
    return refs


def _bare_number_word_refs(reply: Reply, count: int) -> list[OptionRef]:
    """ "Three.", "Two, please": a number word making a short reply's clause alone ("one" is
    left out: "the blue one" names no option 1)."""
    if not reply.short:
        return []
    return [
        OptionRef(value, match.start(), match.end())
        for match in _number_word_pattern().finditer(reply.folded)
        if 1 < (value := _number_words()[match.group(0)]) <= count
        and reply.bare_clause(match.start(), {match.group(0)})
    ]


def _letter_refs(reply: Reply, count: int) -> list[OptionRef]:
    refs = [
        OptionRef(ord(match["l"]) - ord("a") + 1, match.start(), match.end())
        for match in key_pattern(_LETTERED, "option_nouns").finditer(reply.folded)
    ]
    capitals = list(_CAPITAL_LETTER.finditer(reply.text))
    for index, match in enumerate(capitals):
        # "A lovely colour" is an article; "A please", "go with B", "A or B" name options.
        stands_alone = reply.ends_clause(match.end()) or reply.picked_after(match.end())
        following = capitals[index + 1 : index + 2]
        paired = bool(following) and reply.joins_alternatives(match.end(), following[0].start())
        if stands_alone or paired or reply.picked_before(match.start()):
            refs.append(OptionRef(ord(match["l"]) - ord("A") + 1, match.start(), match.end()))
    bare = _LONE_LETTER.fullmatch(reply.folded)
    if bare:  # a reply that is just "b" (or "b." / "b!")
        refs.append(OptionRef(ord(bare["l"]) - ord("a") + 1, bare.start("l"), bare.end("l")))
    return [ref for ref in refs if ref.option <= count]


def _word_refs(reply: Reply, options: list[str]) -> list[OptionRef]:
    """Words that belong to one option only ("satin" when the other is "taffeta"), also
    inside a compound ("Originalsamt" holds "original"), or in another language by the
    glossary ("Samt" for "velvet")."""
    distinctive = distinctive_words(tuple(options))
    actions = [_action_words(option) for option in options]
    denied = [_negated_stems(option) for option in options]
    known = _option_stems(tuple(options))
    refs = []
    for match in OPTION_WORD.finditer(reply.folded):
        word = match.group(0)
        stems = {stem_of(word)} | {stem_of(english) for english in glossed_words(word)}
        named = _options_named(word, distinctive)
        if not named and reply.negated(match.start(), 1):
            # "No collar at all" names the option "No collar" though every option has "collar".
            named = [index for index, own in enumerate(denied) if stems & own]
        for index in named:
            action = bool(stems & actions[index])
            # "We'll wait for the director": the option's verb, done to something else.
            if action and _acts_on_other(reply, match.end(), known):
                continue
            negated = bool(stems & denied[index])
            refs.append(
                OptionRef(
                    index + 1, match.start(), match.end(), False, action=action, denied=negated
                )
            )
    return refs


def _acts_on_other(reply: Reply, end: int, known: frozenset[str]) -> bool:
    """Whether the first word that says something after an option's verb, in its clause, is
    one no option has ("wait for the director", "wait for Monday"): the verb is not the
    option then. Numbers and counted words ("wait two weeks") say nothing new."""
    _, clause_end = reply.clause(end)
    filler = word_pattern("filler")
    for word in OPTION_WORD.findall(reply.folded[end:clause_end]):
        if word in stopwords() or filler.fullmatch(word) or word in _number_words():
            continue
        if word_pattern("counted_nouns").fullmatch(word):
            continue
        glossed = {stem_of(english) for english in glossed_words(word)}
        return stem_of(word) not in known and not glossed & known
    return False


@lru_cache(maxsize=256)
def _option_stems(options: tuple[str, ...]) -> frozenset[str]:
    """The stems of every word of every option (compounds of them count as theirs too)."""
    return frozenset(
        stem_of(word) for option in options for word in OPTION_WORD.findall(fold(option))
    )


def _options_named(word: str, distinctive: list[frozenset[str]]) -> list[int]:
    """The indexes of the options a reply word names: by its own stem or compound, else by
    what the glossary says it stands for, when that names exactly one option."""
    stem = stem_of(word)
    named = [
        index
        for index, words in enumerate(distinctive)
        if stem in words or _compound_of(word, words)
    ]
    if named:
        return named
    glossed = {stem_of(english) for english in glossed_words(word)}
    named = [index for index, words in enumerate(distinctive) if glossed & words]
    return named if len(named) == 1 else []  # "smaragdgrün" naming two options names neither


def _negated_stems(option: str) -> frozenset[str]:
    """Stems the option's own text negates: "hood" in "send the capes without hoods", "delay"
    in "(no delay)" (short words count here: "no" is one)."""
    words = re.findall(r"[^\W\d_]+", fold(option))
    negator = word_pattern("negators")
    return frozenset(
        stem_of(word)
        for index, word in enumerate(words)
        if any(negator.fullmatch(before) for before in words[max(0, index - 2) : index])
    )


def _compound_of(word: str, words: frozenset[str]) -> bool:
    return len(word) >= TYPO_MIN_LETTERS + COMPOUND_REST and any(
        len(part) >= TYPO_MIN_LETTERS
        and word.startswith(part)
        and len(word) - len(part) >= COMPOUND_REST
        for part in words
    )


def _action_words(option: str) -> frozenset[str]:
    """An option's verbs: its first word, and one after "and"/"then", when an article or
    preposition follows ("wait" in "wait for the original…", "keep" and "send" in "keep the
    delivery and send the capes…"; nothing in "Midnight blue")."""
    words = re.findall(r"[^\W\d_]+", fold(option))
    coordinators = folded_words("coordinators")
    return frozenset(
        stem_of(word)
        for index, word in enumerate(words[:-1])
        if (index == 0 or words[index - 1] in coordinators) and words[index + 1] in stopwords()
    )


@lru_cache(maxsize=256)
def distinctive_words(options: tuple[str, ...]) -> list[frozenset[str]]:
    ignored = {fold(word) for word in merged("stopwords") + merged("option_nouns")}
    stems = [
        {stem_of(word) for word in OPTION_WORD.findall(fold(option)) if word not in ignored}
        for option in options
    ]
    return [
        frozenset(words - set().union(*(other for j, other in enumerate(stems) if j != i)))
        for i, words in enumerate(stems)
    ]


def stem_of(word: str) -> str:
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def is_lettered(options: list[str]) -> bool:
    labels = [lettered_label().match(fold(option)) for option in options]
    letters = [label.group(1) for label in labels if label]
    return len(letters) == len(options) > 1 and letters == list("abcde"[: len(options)])


def _without_overlaps(refs: list[OptionRef]) -> list[OptionRef]:
    kept: list[OptionRef] = []
    for ref in sorted(refs, key=lambda ref: (ref.start, -ref.end)):
        if not kept or ref.start >= kept[-1].end:
            kept.append(ref)
    return kept


def _number_value(raw: str) -> int:
    return int(raw) if raw.isdigit() else _number_words()[raw]


@cache
def _ordinals() -> dict[str, int]:
    return {fold(word): value for word, value in merged_table("ordinals").items()}


@cache
def _number_words() -> dict[str, int]:
    return {fold(word): value for word, value in merged_table("number_words").items()}


@cache
def _number_word_pattern() -> re.Pattern[str]:
    numbers = "|".join(sorted(_number_words(), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{numbers})(?!\w)")


@cache
def _numbered_pattern() -> re.Pattern[str]:
    nouns = longest_first(merged("option_nouns"))
    numbers = "|".join(sorted(_number_words(), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{nouns})\s*(?P<n>\d{{1,2}}|{numbers})(?!\w)")


@cache
def _ordinal_pattern() -> re.Pattern[str]:
    ordinals = "|".join(sorted(_ordinals(), key=len, reverse=True))
    nouns = longest_first(
        merged("option_nouns") + ["one", "time ?slot", "date", "design", "fabric", "sample"]
    )
    return re.compile(rf"(?<!\w)(?P<the>the\s+)?(?P<o>{ordinals})(?P<noun>\s+(?:{nouns}))?(?!\w)")


def lettered_label() -> re.Pattern[str]:
    """An option written "A) …", "(b) …", "Option A: …" (folded)."""
    return key_pattern(r"\s*(?:(?:{words})\s+)?\(?([a-e])\s*[).:\-]\s+", "option_nouns")


def stopwords() -> frozenset[str]:
    return folded_words("stopwords")
