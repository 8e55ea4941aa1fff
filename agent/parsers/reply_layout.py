"""A reply's text laid out for reading: sign-off dropped, typos mended, folded for matching,
and its clauses, sentences and questions found."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, cached_property

from agent.parsers.decision import QUOTE_MAX
from agent.parsers.phrases import fold, longest_first, merged, word_pattern
from agent.parsers.signature_blocks import strip_contact_block, strip_signoff
from agent.parsers.typos import mend_typos

# A reply of at most this many words (greetings and thanks aside) is a bare answer.
SHORT_REPLY_WORDS = 8
# A line this long that ends mid-sentence was wrapped by the sender's mail program.
WRAP_WIDTH = 60
WORD = re.compile(r"[\w']+")
_QUESTION_END = re.compile(r"\?[\W_]*$")
# Not a dot, colon or comma between digits: "22.10", "10:00" and "5,000" are one value.
_CLAUSE_PUNCTUATION = r"[;!?\n()]|(?<!\d)[,.:]|[,.:](?!\d)|\s[-–—]\s"
# What opens a question: a question word, or a verb first ("haben wir", "hebben we").
_OPENINGS = ("question_starts", "verb_first_starts")
# Where a question sentence may start its question: "We sent it on Monday – have you…?"
_QUESTION_SPLIT = re.compile(r"\s[-–—]\s|[;:]\s")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class ReplyLayout:
    """A reply prepared for reading: sign-off dropped, typos mended, folded for matching,
    clauses, sentences and questions found."""

    def __init__(self, text: str, typo_targets: frozenset[str] = frozenset()) -> None:
        cleaned = strip_contact_block(strip_signoff(text)).translate(_QUOTES).strip()
        self.text, self.corrections = mend_typos(_unwrap(cleaned), typo_targets)
        self.folded = mask(fold(self.text), word_pattern("courtesy"))
        # "can't see any reason not to", "wouldn't say no to": negations that negate nothing.
        self._affirmed = mask(self.folded, word_pattern("double_negatives"))
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

    def sentence(self, position: int) -> tuple[int, int]:
        index = bisect_right(self._sentences, (position, len(self.text))) - 1
        return self._sentences[index] if index >= 0 else (0, len(self.text))

    def same_sentence(self, one: re.Match[str], other: re.Match[str]) -> bool:
        return self.sentence(one.start()) == self.sentence(other.start())

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

    def ends_clause(self, position: int) -> bool:
        rest = self.folded[position:]
        return not rest.strip() or bool(re.match(rf"\s*(?:{_CLAUSE_PUNCTUATION})", rest))

    @cached_property
    def short(self) -> bool:
        """A bare answer: few words besides greetings and thanks, questions aside."""
        statements = self.folded
        for start, end in self.questions:
            statements = statements[:start] + " " * (end - start) + statements[end:]
        filler = word_pattern("filler")
        words = [word for word in WORD.findall(statements) if not filler.fullmatch(word)]
        return len(words) <= SHORT_REPLY_WORDS


def mask(text: str, pattern: re.Pattern[str]) -> str:
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
        opening = start + _lead(match.group(0))
        asks = _QUESTION_END.search(sentence) or (
            word_pattern("question_starts").match(folded, opening) and not sentence.endswith("!")
        )
        asks = asks or (
            word_pattern("verb_first_starts").match(folded, opening)
            and not sentence.endswith(("!", "."))
        )
        if not asks:
            continue
        for split in _QUESTION_SPLIT.finditer(text, match.start(), match.end()):
            if any(word_pattern(key).match(folded, split.end()) for key in _OPENINGS):
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


@cache
def _clause_break() -> re.Pattern[str]:
    words = longest_first(merged("clause_breaks"))
    return re.compile(rf"{_CLAUSE_PUNCTUATION}|(?<![\w'])(?:{words})(?![\w'])")
