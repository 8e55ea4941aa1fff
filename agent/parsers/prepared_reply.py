"""A reply prepared for reading: sign-off dropped, typos mended, folded for matching, its
clauses, sentences and questions found, and the questions the readers ask of its words."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, cached_property

from agent.parsers.dates import names_day_or_time, without_times
from agent.parsers.decision import QUOTE_MAX
from agent.parsers.option_refs import stopwords
from agent.parsers.phrases import fold, folded_words, longest_first, merged, word_pattern
from agent.parsers.reply_text import strip_contact_block, strip_signoff
from agent.parsers.typos import mend_typos

# A reply of at most this many words (greetings and thanks aside) is a bare answer.
SHORT_REPLY_WORDS = 8
# How many words before a phrase a negator or choice verb may stand.
NEGATION_WORDS = 3
# How far back in its clause a negator doubts an approval ("I don't think we can approve").
APPROVAL_NEGATION_WORDS = 7
# How many words before an option a choice verb may stand ("we'll go with the satin").
CHOICE_VERB_WORDS = 4
# How many words before an option's own leading verb "we'll", "let's" may stand.
VOLITION_WORDS = 4
# A street word this many words before a number makes the number part of an address.
STREET_WORDS = 3
# A line this long that ends mid-sentence was wrapped by the sender's mail program.
WRAP_WIDTH = 60
# Shouting: at least this many words in capitals, making up at least this share of the words.
SHOUT_WORDS = 4
SHOUT_SHARE = 0.6
WORD = re.compile(r"[\w']+")
_QUESTION_END = re.compile(r"\?[\W_]*$")
_RANGE_AFTER = re.compile(r"\s*[-\u2013\u2014]\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*[-\u2013\u2014]\s*$")
_POSTCODE_AFTER = re.compile(r",?\s*\d{4,5}\b")
# A capitalised word before a number, not opening a sentence: "Alcalá 2", "Studio 3".
_NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-Z][^\W\d_A-Z]+\s+$")
_CLAUSE_PUNCTUATION = r"[,.;:!?\n()]|\s[-–—]\s"
# Where a question sentence may start its question: "We sent it on Monday – have you…?"
_QUESTION_SPLIT = re.compile(r"\s[-–—]\s|[;:]\s")
_FIRST_PERSON = re.compile(r"(?:we|i|our|my)\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_CAPS_WORD = re.compile(r"[^\W\d_]{2,}")
_SHOUT_MARKS = re.compile(r"\?\s*[?!]|!\s*\?")
# Gap words that keep "Option 2, the chiffon" one phrase (an apposition), beside stopwords.
_APPOSITION = frozenset({"ie", "i", "e", "namely", "aka", "which", "one", "ones", "that", "is"})
# What makes a reading of a day or time an answer, not a mention ("Thursday works").
_MARKER_KEYS = ("available", "choice_after", "choice_verbs", "approve_strong", "approve_weak")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class Reply:
    """A reply prepared for reading: sign-off dropped, typos mended, folded for matching,
    questions found."""

    def __init__(self, text: str, typo_targets: frozenset[str] = frozenset()) -> None:
        cleaned = strip_contact_block(strip_signoff(text)).translate(_QUOTES).strip()
        self.text, self.corrections = mend_typos(_unwrap(cleaned), typo_targets)
        self.folded = _mask(fold(self.text), word_pattern("courtesy"))
        # "can't see any reason not to", "wouldn't say no to": negations that negate nothing.
        self._affirmed = _mask(self.folded, word_pattern("double_negatives"))
        # Sentences ending in "?" hold no decision ("The first is cheaper, right?");
        # those that are not mere confirmations ("Option 2, ok?") also ask the studio.
        self.questions = _question_sentences(self.text, self.folded, with_confirmations=True)
        self.asks = _question_sentences(self.text, self.folded, with_confirmations=False)
        breaks = list(_clause_break().finditer(self.folded))
        self._break_starts = [match.start() for match in breaks]
        self._break_ends = [match.end() for match in breaks]
        self._sentences = [match.span() for match in _SENTENCE.finditer(self.folded)]

    def find(
        self, key: str, *, outside_questions: bool = False, avoid: Sequence[re.Match[str]] = ()
    ) -> list[re.Match[str]]:
        """Matches of one vocabulary key, optionally outside questions and other matches."""
        taken = [(m.start(), m.end()) for m in avoid]
        return [
            match
            for match in word_pattern(key).finditer(self.folded)
            if not (outside_questions and self.in_question(match.start()))
            and not any(start < match.end() and match.start() < end for start, end in taken)
        ]

    def first(
        self, key: str, *, outside_questions: bool = False, reach: int = NEGATION_WORDS
    ) -> str:
        """The reply's own words for the first match of a key not negated (a negator at most
        `reach` words before it), or ""."""
        for match in self.find(key, outside_questions=outside_questions):
            if not self.negated(match.start(), reach):
                return self.quote(match)
        return ""

    def changes_mind_between(self, start: int, end: int) -> bool:
        return any(
            start <= match.start() < end
            for key in ("change_of_mind", "self_correction")
            for match in self.find(key)
        )

    def quote(self, match: re.Match[str]) -> str:
        return self.text[match.start() : match.end()]

    def clause_quote(self, position: int) -> str:
        start, end = self.clause(position)
        return self.text[start:end].strip()[:QUOTE_MAX]

    def clause_quote_of(self, words: str) -> str:
        position = self.text.find(words)
        return self.clause_quote(position) if position >= 0 else words

    def question(self) -> str:
        """The first sentence asking the studio something, or ""."""
        return self.text[slice(*self.asks[0])].strip()[:QUOTE_MAX] if self.asks else ""

    def asks_any(self, keys: Iterable[str]) -> bool:
        """Whether a question to the studio holds any of these keys' words."""
        return any(
            start <= match.start() < end
            for key in keys
            for match in word_pattern(key).finditer(self.folded)
            for start, end in self.asks
        )

    def in_question(self, position: int) -> bool:
        index = bisect_right(self.questions, (position, len(self.text))) - 1
        return index >= 0 and position < self.questions[index][1]

    def supposed(self, position: int) -> bool:
        """In a question that only supposes it: "If we choose A, when would the hoods come?"."""
        if not self.in_question(position):
            return False
        start, _ = self.sentence(position)
        return bool(word_pattern("hypotheticals").search(self.folded, start, position))

    def sentence(self, position: int) -> tuple[int, int]:
        index = bisect_right(self._sentences, (position, len(self.text))) - 1
        return self._sentences[index] if index >= 0 else (0, len(self.text))

    def same_sentence(self, one: re.Match[str], other: re.Match[str]) -> bool:
        return self.sentence(one.start()) == self.sentence(other.start())

    def aside(self, sentence: tuple[int, int]) -> bool:
        """A sentence that only complains or only asks, changing nothing."""
        start, end = sentence
        text = self.folded[start:end]
        asks_for_change = any(
            word_pattern(key).search(text)
            for key in ("change_request", "decline", "decline_weak", "conditional", "partial")
        )
        complains = bool(word_pattern("dissatisfied").search(text))
        asks = any(start <= ask_start < end for ask_start, _ in self.questions)
        return not asks_for_change and (complains or asks)

    def clause(self, position: int) -> tuple[int, int]:
        """The clause around a position: between punctuation and words like "but"/"or"."""
        before = bisect_right(self._break_ends, position)
        after = bisect_left(self._break_starts, position)
        start = self._break_ends[before - 1] if before else 0
        end = self._break_starts[after] if after < len(self._break_starts) else len(self.folded)
        return start, end

    def words_before(self, position: int, count: int) -> str:
        start, _ = self.clause(position)
        return " ".join(WORD.findall(self._affirmed[start:position])[-count:])

    def negated(self, position: int, reach: int = NEGATION_WORDS) -> bool:
        return bool(word_pattern("negators").search(self.words_before(position, reach)))

    def words_after(self, position: int, key: str, reach: int) -> bool:
        """A phrase of `key` within `reach` words after position, in the same clause."""
        _, end = self.clause(position)
        found = word_pattern(key).search(self.folded, position, end)
        return bool(found) and len(WORD.findall(self.folded[position : found.start()])) < reach

    def negation_in(self, position: int) -> bool:
        """A negator anywhere in the sentence at position ("without a doubt" is none)."""
        start, end = self.sentence(position)
        masked = _mask(self._affirmed[start:end], word_pattern("emphatic"))
        return bool(word_pattern("negators").search(_mask(masked, word_pattern("approve_weak"))))

    def clause_negated(self, position: int) -> bool:
        """A negator up to APPROVAL_NEGATION_WORDS before a phrase in its clause, or in
        the clause a complementiser continues ("Ich glaube nicht, dass wir … genehmigen")."""
        start, _ = self.clause(position)
        if _complementiser().match(self.folded[start:position]) and start:
            start = self.clause(start - 1)[0]
        # "no objections", "no changes needed" before an approval agree; they negate nothing.
        before = _mask(self._affirmed[start:position], word_pattern("approve_weak"))
        words = " ".join(WORD.findall(before)[-APPROVAL_NEGATION_WORDS:])
        return bool(word_pattern("negators").search(words))

    def excluded(self, position: int) -> bool:
        """ "anything but option 1", "rather than the taffeta": may cross a "but"."""
        before = self.folded[max(0, position - QUOTE_MAX) : position]
        pattern = word_pattern("exclusions").pattern
        return bool(re.search(rf"{pattern}\s+(?:[\w']+\s+){{0,2}}$", before))

    def has_before(self, position: int, key: str, reach: int = CHOICE_VERB_WORDS) -> bool:
        return bool(word_pattern(key).search(self.words_before(position, reach)))

    def picked_before(self, position: int) -> bool:
        return self.has_before(position, "choice_verbs") or self._affirmed_before(position)

    def _affirmed_before(self, position: int) -> bool:
        """ "We wouldn't say no to the sage green": a double negative just before picks."""
        start, _ = self.clause(position)
        pattern = word_pattern("double_negatives").pattern
        return bool(re.search(rf"{pattern}\s+(?:[\w']+\s+){{0,2}}$", self.folded[start:position]))

    def picked_after(self, position: int) -> bool:
        return self._follows(position, "choice_after")

    def denied_after(self, position: int) -> bool:
        """A refusal or a fault later in the clause: "the chiffon is too pale", "the chiffon
        you sent looks wrong", "option 3 for the capes doesn't work"."""
        _, end = self.clause(position)
        return any(
            word_pattern(key).search(self.folded, position, end)
            for key in ("post_negators", "decline_weak")
        )

    def by_studio(self, match: re.Match[str]) -> bool:
        """Whether "you" (the studio) is who did it: "the invoice you sent today". A claim
        with its own subject ("we paid…") is the client's."""
        if _FIRST_PERSON.match(match.group(0)):
            return False
        return bool(word_pattern("second_person").search(self.words_before(match.start(), 1)))

    def wills_before(self, position: int) -> bool:
        """ "we'll wait", "let's wait", or the verb opening its clause (an imperative)."""
        start, _ = self.clause(position)
        before = self.folded[start:position]
        if not before.strip():
            return True
        words = " ".join(WORD.findall(before)[-VOLITION_WORDS:])
        return bool(word_pattern("volition").search(words))

    def ends_clause(self, position: int) -> bool:
        rest = self.folded[position:]
        return not rest.strip() or bool(re.match(rf"\s*(?:{_CLAUSE_PUNCTUATION})", rest))

    def joins_alternatives(self, end: int, start: int) -> bool:
        """Whether only "or" (or "/") stands between two places: "2 or 3", "B/C",
        "the satin or the chiffon"."""
        gap = self.folded[end:start]
        if re.search(r"[.!?;\n]", gap):
            return False
        if re.fullmatch(r"\s*/\s*", gap):
            return True
        words = WORD.findall(gap)
        joining = [word for word in words if _alternative().fullmatch(word)]
        rest = [word for word in words if not _alternative().fullmatch(word)]
        return len(joining) == 1 and all(
            word in stopwords() or _is_option_noun(word) for word in rest
        )

    def apposition(self, end: int, start: int) -> bool:
        """Whether only punctuation and empty words stand between two places."""
        gap = self.folded[end:start]
        if re.search(r"[.!?\n]", gap):
            return False
        return all(word in _APPOSITION or _empty_word(word) for word in WORD.findall(gap))

    def counts_or_labels(self, start: int, end: int) -> bool:
        """A number that counts, prices, dates or labels something, or sits in an address:
        "8 gowns", "EUR 2", "2 Feb", "1-6", "Act 2", "Calle de Alcalá 2, 28014 Madrid"."""
        after, before = self.folded[end:], self.folded[max(0, start - QUOTE_MAX) : start]
        if _counted_after().match(after) or _label_before().search(before):
            return True
        if (
            _RANGE_AFTER.match(after)
            or _RANGE_BEFORE.search(before)
            or _POSTCODE_AFTER.match(after)
        ):
            return True
        if _NAME_BEFORE.search(self.text[max(0, start - QUOTE_MAX) : start]):
            return True
        words = WORD.findall(self.folded[self.clause(start)[0] : start])[-STREET_WORDS:]
        return bool(words and word_pattern("street_words").search(" ".join(words)))

    def bare_clause(self, position: int, words: set[str]) -> bool:
        """Whether the clause around a position says nothing but these words and empty ones."""
        start, end = self.clause(position)
        text = word_pattern("choice_after").sub(" ", self.folded[start:end])
        return all(w in words or _empty_word(w) for w in WORD.findall(text))

    def bare_sentence(self, position: int, words: set[str]) -> bool:
        """Whether the sentence around a position says nothing but these words, greetings,
        thanks and agreement ("Fine, the satin.", "Sent.")."""
        start, end = self.sentence(position)
        text = self.folded[start:end]
        for key in ("approve_weak", "choice_after", "courtesy", "acknowledgement"):
            text = word_pattern(key).sub(" ", text)
        rest = [w for w in WORD.findall(text) if w not in words and not _empty_word(w)]
        return not rest

    def answers_with_time(self, wanted: str) -> bool:
        """A day or time given as an answer: with words that take it ("Thursday works",
        "10am please"), or as a clause of its own ("Thursday at 10.", "– Tuesday then").
        `wanted` is the text with refusals blanked (times_wanted)."""
        if self.marked():
            return True
        for start, end in zip(
            [0, *self._break_ends], [*self._break_starts, len(self.text)], strict=True
        ):
            clause = wanted[start:end]
            if self.in_question(start) or not names_day_or_time(clause):
                continue
            rest = WORD.findall(fold(without_times(clause)))
            if all(
                _empty_word(word) or word in folded_words("at_words", "clock_words")
                for word in rest
            ):
                return True
        return False

    def reservation(self) -> str:
        """A "but" followed by a negation, a refusal or a hedge and no day or time of its own:
        "…, but not for the actress", "…, but we're now busy"."""
        for match in self.find("contrastive"):
            start, end = match.start(), self.sentence(match.start())[1]
            if names_day_or_time(self.text[start:end]):
                continue  # "…, but Thursday works": another time, read as such
            segment = self.folded[start:end]
            keys = ("negators", "unavailable", "hedge")
            if any(word_pattern(key).search(segment) for key in keys):
                return self.text[start:end].strip()
        return ""

    def marked(self) -> bool:
        return any(self.first(key, outside_questions=True) for key in _MARKER_KEYS)

    def general_refusal(self) -> str:
        """ "None of these work", "this week is impossible", "we're away": a refusal that
        names no day or time (so no single slot)."""
        found = self.find("none_work", outside_questions=True)
        for match in found + self.find("unavailable", outside_questions=True):
            if self.negated(match.start()):
                continue
            start, end = self.clause(match.start())
            if not names_day_or_time(self.text[start:end]):
                return self.quote(match)
        return ""

    @cached_property
    def complaint(self) -> str:
        """The words that show dissatisfaction, or "" (shouting in capitals counts)."""
        said = self.first("dissatisfied")
        if said:
            return said
        words = _CAPS_WORD.findall(self.text)
        capitals = [word for word in words if word.isupper()]
        shouting = len(capitals) >= SHOUT_WORDS and len(capitals) >= SHOUT_SHARE * len(words)
        if shouting and _SHOUT_MARKS.search(self.text):
            return " ".join(capitals[:SHOUT_WORDS]) + "…"
        return ""

    @cached_property
    def short(self) -> bool:
        """A bare answer: few words besides greetings and thanks, questions aside."""
        statements = self.folded
        for start, end in self.questions:
            statements = statements[:start] + " " * (end - start) + statements[end:]
        filler = word_pattern("filler")
        words = [word for word in WORD.findall(statements) if not filler.fullmatch(word)]
        return len(words) <= SHORT_REPLY_WORDS

    def times_wanted(self) -> str:
        """The reply with what asks for no time blanked: clauses ruling a time out ("Tuesday
        doesn't work", "anything but Tuesday") and times in passing ("this morning")."""
        kept = list(self.text)
        for match in word_pattern("unavailable").finditer(self.folded):
            start, end = self.clause(match.start())
            kept[start:end] = " " * (end - start)
        for match in word_pattern("exclusions").finditer(self.folded):
            _, end = self.clause(max(match.start(), match.end() - 1))
            kept[match.start() : end] = " " * (end - match.start())
        for match in word_pattern("deictic_times").finditer(self.folded):
            kept[match.start() : match.end()] = " " * (match.end() - match.start())
        return "".join(kept)

    def _follows(self, position: int, key: str) -> bool:
        _, end = self.clause(position)
        pattern = word_pattern(key).pattern
        return bool(re.match(rf"\s*(?:[\w']+\s+)?{pattern}", self.folded[position:end]))


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches, keeping positions (courtesy phrases such as "let me know if…")."""
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


def _question_sentences(
    text: str, folded: str, *, with_confirmations: bool
) -> list[tuple[int, int]]:
    """Spans of question sentences, optionally also "ok?" and "…, is that right?".

    A question sentence that opens with a statement ("We sent it on Monday – have you
    received it?") is a question from where its question starts.
    """
    spans = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        start = match.start()
        asks = _QUESTION_END.search(sentence) or (
            word_pattern("question_starts").match(folded, start + _lead(match.group(0)))
            and not sentence.endswith("!")
        )
        if not asks:
            continue
        for split in _QUESTION_SPLIT.finditer(text, match.start(), match.end()):
            if word_pattern("question_starts").match(folded, split.end()):
                start = split.end()
        last_clause = fold(re.split(r"[,;]", sentence)[-1]).strip(" ?!.")
        confirming = word_pattern("confirmations").fullmatch(last_clause)
        if with_confirmations or not confirming:
            spans.append((start, match.end()))
    return spans


def _unwrap(text: str) -> str:
    """The text with line breaks inside wrapped paragraphs made spaces (positions kept), so a
    sentence wrapped at 72 columns reads as one sentence."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1].lstrip()
        wrapped = len(line) >= WRAP_WIDTH and not line.rstrip().endswith((".", "!", "?", ":", ";"))
        if wrapped and following[:1].isalpha():
            lines[index] = line + " "
        else:
            lines[index] = line + "\n"
    return "".join(lines)


def _lead(sentence: str) -> int:
    return len(sentence) - len(sentence.lstrip())


def _empty_word(word: str) -> bool:
    """A word that decides nothing: greetings, thanks, articles, "definitely"."""
    return bool(word_pattern("filler").fullmatch(word)) or word in stopwords()


@cache
def _complementiser() -> re.Pattern[str]:
    words = longest_first(merged("complementisers"))
    return re.compile(rf"\s*(?:{words})(?:(?<=')|(?!\w))")


@cache
def _alternative() -> re.Pattern[str]:
    return re.compile(longest_first(merged("alternatives")))


def _is_option_noun(word: str) -> bool:
    return bool(_option_noun().fullmatch(word))


@cache
def _option_noun() -> re.Pattern[str]:
    return re.compile(longest_first(merged("option_nouns")))


@cache
def _counted_after() -> re.Pattern[str]:
    nouns = longest_first(merged("counted_nouns"))
    return re.compile(rf"\s*(?:{nouns})(?!\w)")


@cache
def _label_before() -> re.Pattern[str]:
    nouns = longest_first(merged("label_nouns"))
    return re.compile(rf"(?<!\w)(?:{nouns})\s*$")


@cache
def _clause_break() -> re.Pattern[str]:
    words = longest_first(merged("clause_breaks"))
    return re.compile(rf"{_CLAUSE_PUNCTUATION}|(?<![\w'])(?:{words})(?![\w'])")
