"""A reply prepared for reading, and the questions the readers ask of its words: is this
negated, picked, ruled out, a count, a complaint, a time wanted?"""

from __future__ import annotations

import re
from functools import cached_property

from agent.parsers.decision import QUOTE_MAX
from agent.parsers.option_refs import stopwords
from agent.parsers.phrases import fold, folded_words, key_pattern, word_pattern
from agent.parsers.reply_layout import WORD, ReplyLayout, mask
from agent.parsers.time_mentions import names_day_or_time, without_times

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
# Shouting: at least this many words in capitals, making up at least this share of the words.
SHOUT_WORDS = 4
SHOUT_SHARE = 0.6
_RANGE_AFTER = re.compile(r"\s*[-\u2013\u2014]\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*[-\u2013\u2014]\s*$")
_POSTCODE_AFTER = re.compile(r",?\s*\d{4,5}\b")
# A capitalised word before a number, not opening a sentence: "Alcalá 2", "Studio 3".
_NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-Z][^\W\d_A-Z]+\s+$")
_FIRST_PERSON = re.compile(r"(?:we|i|our|my)\b")
_CAPS_WORD = re.compile(r"[^\W\d_]{2,}")
_SHOUT_MARKS = re.compile(r"\?\s*[?!]|!\s*\?")
# Gap words that keep "Option 2, the chiffon" one phrase (an apposition), beside stopwords.
_APPOSITION = frozenset({"ie", "i", "e", "namely", "aka", "which", "one", "ones", "that", "is"})
# A complementiser opening a clause ("dass", "que"); a count's noun after a number ("8
# gowns"); a label's noun before one ("Act 2"). "{words}" is the key's phrases.
_COMPLEMENTISER = r"\s*(?:{words})(?:(?<=')|(?!\w))"
_COUNTED_AFTER = r"\s*(?:{words})(?!\w)"
_LABEL_BEFORE = r"(?<!\w)(?:{words})\s*$"
# What makes a reading of a day or time an answer, not a mention ("Thursday works").
_MARKER_KEYS = ("available", "choice_after", "choice_verbs", "approve_strong", "approve_weak")


class Reply(ReplyLayout):
    """A reply as the readers query it (see ReplyLayout for its layout)."""

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

    def supposed(self, position: int) -> bool:
        """In a question that only supposes it: "If we choose A, when would the hoods come?"."""
        if not self.in_question(position):
            return False
        start, _ = self.sentence(position)
        return bool(word_pattern("hypotheticals").search(self.folded, start, position))

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
        masked = mask(self._affirmed[start:end], word_pattern("emphatic"))
        return bool(word_pattern("negators").search(mask(masked, word_pattern("approve_weak"))))

    def clause_negated(self, position: int) -> bool:
        """A negator up to APPROVAL_NEGATION_WORDS before a phrase in its clause, or in
        the clause a complementiser continues ("Ich glaube nicht, dass wir … genehmigen")."""
        start, _ = self.clause(position)
        if (
            key_pattern(_COMPLEMENTISER, "complementisers").match(self.folded[start:position])
            and start
        ):
            start = self.clause(start - 1)[0]
        # "no objections", "no changes needed" before an approval agree; they negate nothing.
        before = mask(self._affirmed[start:position], word_pattern("approve_weak"))
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

    def joins_alternatives(self, end: int, start: int) -> bool:
        """Whether only "or" (or "/") stands between two places: "2 or 3", "B/C",
        "the satin or the chiffon"."""
        gap = self.folded[end:start]
        if re.search(r"[.!?;\n]", gap):
            return False
        if re.fullmatch(r"\s*/\s*", gap):
            return True
        words = WORD.findall(gap)
        alternative = key_pattern("{words}", "alternatives")
        joining = [word for word in words if alternative.fullmatch(word)]
        rest = [word for word in words if not alternative.fullmatch(word)]
        return len(joining) == 1 and all(
            word in stopwords() or key_pattern("{words}", "option_nouns").fullmatch(word)
            for word in rest
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
        counted = key_pattern(_COUNTED_AFTER, "counted_nouns").match(after)
        if counted or key_pattern(_LABEL_BEFORE, "label_nouns").search(before):
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
        """A "but" followed by a negation, a refusal, a hedge or a limit and no day or time of
        its own: "…, but not for the actress", "…, but we're now busy", "…, but only an hour"."""
        for match in self.find("contrastive"):
            start, end = match.start(), self.sentence(match.start())[1]
            if names_day_or_time(self.text[start:end]):
                continue  # "…, but Thursday works": another time, read as such
            segment = self.folded[start:end]
            keys = ("negators", "unavailable", "hedge", "limits")
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


def _empty_word(word: str) -> bool:
    """A word that decides nothing: greetings, thanks, articles, "definitely"."""
    return bool(word_pattern("filler").fullmatch(word)) or word in stopwords()
