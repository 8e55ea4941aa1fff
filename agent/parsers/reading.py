"""A client's reply read against the open question: a typed decision and the words behind it.

Every rule leans to safety. A reply that could be read two ways goes to a person
(needs_human) with the agent's best reading, because a wrong approval or choice
applied by the agent costs far more than a hand-off. The vocabulary (approve,
hedge, negation, payment words, ordinals…) lives in phrases.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from agent.model import QUESTION_KINDS, Question, Reading
from agent.parsers.dates import fitting_slots, local_slots, proposed_times
from agent.parsers.phrases import fold, longest_first, merged, merged_table, word_pattern
from agent.parsers.reply_text import strip_signoff

THRESHOLD = 0.75

# How sure each kind of evidence makes a reading.
SURE = 0.9  # an explicit decision: "approved", "option 2 please", "Tuesday at 2"
LIKELY = 0.85  # explicit, with something else named too
PLAIN = 0.8  # a bare answer in a short reply: "2", "the satin", "👍"
HINT = 0.65  # a lean, not a decision: "looks great" in a long reply
DOUBT = 0.35  # hedged, conditional or conflicting
NOTHING = 0.2  # no evidence either way
ASKING = 0.8  # sure that the reply asks the studio something

# A reply of at most this many words (greetings and thanks aside) is a bare answer.
SHORT_REPLY_WORDS = 8
# A reply longer than this (after its history was removed) is a document, not an answer:
# the reader reads its start for a best reading and always hands it to a person. It also
# keeps a pasted 100 KB text from costing the reader more than a few milliseconds.
READ_MAX_CHARS = 10_000
# How many words before a phrase a negator or choice verb may stand.
NEGATION_WORDS = 3
CHOICE_VERB_WORDS = 4
# A text with more than this share of control or replacement characters is not a reply.
GARBLED_SHARE = 0.1
# Why-texts quote at most this much of the reply.
QUOTE_MAX = 60

_WORD = re.compile(r"[\w']+")
_QUESTION_END = re.compile(r"\?[\W_]*$")
_LETTERED = re.compile(r"\s*(?:option\s+)?\(?([A-Ea-e])\s*[).:\-]\s+")
_BARE_DIGIT = re.compile(r"(?<![\w#.,:/$€£+-])(?P<n>[1-9])(?![\w/%]|[.,:]\d)")
_NOT_A_PICK = re.compile(r"\s*(?:am|pm|weeks?|days?|hours?|people|x)\b")
_CAPITAL_LETTER = re.compile(r"(?<![\w'])(?P<l>[A-E])(?![\w'])")
_LONE_LETTER = re.compile(r"\W*(?P<l>[a-e])\W*")
_CLAUSE_PUNCTUATION = r"[,.;:!?\n()]|\s[-–—]\s"
_OPTION_WORD = re.compile(r"[^\W\d_]{3,}")
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
# The replacement character and the control characters other than tab and line breaks.
_GARBLED_CHARS = "\ufffd" + "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")


@dataclass(frozen=True)
class _Decision:
    intent: str
    confidence: float
    why: str
    choice: int | None = None
    proposed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Ref:
    """A place where the reply names an option: "option 2", "the second", "the satin"."""

    option: int
    start: int
    end: int
    explicit: bool = True  # by number, ordinal or letter; False for the option's own words
    polarity: int = 0  # +1 picked ("go with 3"), -1 ruled out ("not 3"), 0 just named


def read_reply(
    question: Question | None,
    text: str,
    sent_at: datetime,
    tz: ZoneInfo,
    threshold: float = THRESHOLD,
) -> Reading:
    """Read an extracted reply against the question it answers."""
    if _is_garbled(text):
        decision = _Decision("unclear", 0.0, "cannot read: the text is mostly binary or garbled")
        return _reading(decision, text, threshold, dissatisfied=False)
    reply = _Reply(_head(text))
    if reply.text:
        decision = _decide(question, reply, sent_at, tz)
    else:
        decision = _Decision("unclear", 0.0, "the reply has no new text")
    decision = _weigh_question(decision, reply, threshold)
    if len(text) > READ_MAX_CHARS:
        why = f"{decision.why}; a {len(text)}-character reply: only its start was read"
        decision = replace(decision, confidence=min(decision.confidence, DOUBT), why=why)
    complaint = reply.first("dissatisfied")
    if complaint:
        decision = replace(decision, why=f'{decision.why}; dissatisfied: "{complaint}"')
    return _reading(decision, text, threshold, dissatisfied=bool(complaint))


def _reading(decision: _Decision, text: str, threshold: float, *, dissatisfied: bool) -> Reading:
    return Reading(
        intent=decision.intent,
        confidence=round(decision.confidence, 2),
        why=decision.why,
        reply_text=text,
        choice=decision.choice,
        proposed_times=decision.proposed,
        dissatisfied=dissatisfied,
        needs_human=decision.confidence < threshold or decision.intent in ("unclear", "question"),
    )


def _head(text: str) -> str:
    """The start of a reply the reader reads: all of it, up to READ_MAX_CHARS (at a line end)."""
    if len(text) <= READ_MAX_CHARS:
        return text
    head = text[:READ_MAX_CHARS]
    line_end = head.rfind("\n")
    return head[:line_end] if line_end > READ_MAX_CHARS // 2 else head


def _is_garbled(text: str) -> bool:
    """Mostly replacement or control characters: a binary part decoded as text."""
    bad = sum(text.count(char) for char in _GARBLED_CHARS)
    return bad > GARBLED_SHARE * len(text)


def _decide(question: Question | None, reply: _Reply, sent_at: datetime, tz: ZoneInfo) -> _Decision:
    if question is None or question.kind not in QUESTION_KINDS:
        return _Decision("unclear", NOTHING, "no open question to read the reply against")
    hedge = reply.first("hedge")
    if hedge:
        return _Decision("unclear", DOUBT, f'not a decision yet: "{hedge}"')
    if question.kind == "approval":
        return _read_approval(reply)
    if question.kind == "choice":
        return _read_choice(reply, question.options)
    if question.kind == "fitting":
        return _read_fitting(reply, question.slots, sent_at, tz)
    return _read_payment(reply)


def _weigh_question(decision: _Decision, reply: _Reply, threshold: float) -> _Decision:
    """A question to the studio goes to the AM, unless a confident decision came with it."""
    asked = reply.question()
    if not asked:
        return decision
    confident = decision.intent != "unclear" and decision.confidence >= threshold
    # A reschedule request, a hedge or a conditional already goes to the AM as what it is.
    specific = decision.intent == "reschedule" or (
        decision.intent == "unclear" and decision.confidence >= DOUBT
    )
    if confident or specific:
        return replace(decision, why=f'{decision.why}; also asks "{asked}"')
    return _Decision("question", ASKING, f'asks "{asked}"; best reading: {decision.why}')


# --- approval -------------------------------------------------------------------


def _read_approval(reply: _Reply) -> _Decision:
    strong = reply.find("approve_strong")
    weak = reply.find("approve_weak", avoid=strong)
    approvals = [m for m in strong + weak if not reply.negated(m.start())]
    refusals = reply.find("decline", outside_questions=True, avoid=approvals)
    refusals += [m for m in strong + weak if reply.negated(m.start())]
    if approvals:
        # Conditions count even inside a question: "Approved - could you make it longer?"
        catch = refusals or reply.find("conditional", avoid=approvals)
        catch = catch or reply.find("change_request", avoid=approvals)
        # "but" qualifies what came before it: "approved, but…", not "upset, but approved".
        first = min(match.start() for match in approvals)
        catch = catch or [m for m in reply.find("contrastive") if m.start() > first]
        if catch:
            said, condition = reply.quote(approvals[0]), reply.quote(catch[0])
            return _Decision("unclear", DOUBT, f'conditional: "{said}" with "{condition}"')
    # Only a statement approves: "Do I need to approve anything else?" does not.
    approvals = [m for m in approvals if not reply.in_question(m.start())]
    if approvals:
        return _approval(reply, [m for m in approvals if m in strong], approvals)
    if refusals:
        return _Decision("decline", SURE, f'matched "{reply.clause_quote(refusals[0].start())}"')
    return _Decision("unclear", NOTHING, "no approval or refusal found")


def _approval(reply: _Reply, strong: list[re.Match[str]], found: list[re.Match[str]]) -> _Decision:
    if strong:
        return _Decision("approve", SURE, f'matched "{reply.quote(strong[0])}"')
    said = reply.quote(found[0])
    receipt = reply.first("acknowledgement")
    if receipt:  # "Great, thanks for the update" acknowledges; it does not approve
        return _Decision("unclear", DOUBT, f'acknowledges "{receipt}" without approving')
    if reply.short:
        return _Decision("approve", PLAIN, f'matched "{said}" in a short reply')
    return _Decision("approve", HINT, f'only "{said}": not an explicit approval')


# --- choice ---------------------------------------------------------------------


def _read_choice(reply: _Reply, options: list[str]) -> _Decision:
    refs = [replace(ref, polarity=_polarity(reply, ref)) for ref in _option_refs(reply, options)]
    refs = [ref for ref in refs if ref.polarity or not reply.in_question(ref.start)]
    picks = [ref for ref in refs if ref.polarity > 0]
    indifferent = reply.find("indifference", outside_questions=True)
    if indifferent and not any(ref.start > indifferent[-1].start() for ref in picks):
        return _Decision("unclear", DOUBT, f'no choice made: "{reply.quote(indifferent[-1])}"')
    ruled_out = _ruled_out(refs)
    picks = [ref for ref in picks if ref.option not in ruled_out]
    if picks:
        return _from_picks(reply, picks, refs)
    named = [ref for ref in refs if ref.polarity == 0 and ref.option not in ruled_out]
    return _from_mentions(reply, named, ruled_out, len(options))


def _from_picks(reply: _Reply, picks: list[_Ref], refs: list[_Ref]) -> _Decision:
    chosen = picks[-1]
    said = reply.clause_quote(chosen.start)
    if len({ref.option for ref in picks}) == 1:
        others = {ref.option for ref in refs if ref.polarity >= 0} - {chosen.option}
        confidence = LIKELY if others else SURE
        return _Decision("choose", confidence, f'matched "{said}"', choice=chosen.option)
    earlier = next(ref for ref in reversed(picks) if ref.option != chosen.option)
    if reply.find_between("change_of_mind", earlier.end, chosen.start):
        why = f'settled on option {chosen.option}: "{said}"'
        return _Decision("choose", PLAIN, why, choice=chosen.option)
    numbers = sorted({ref.option for ref in picks})
    return _Decision("unclear", DOUBT, f"picks more than one option: {numbers}")


def _from_mentions(reply: _Reply, named: list[_Ref], ruled_out: set[int], count: int) -> _Decision:
    # "Option 1, although the original…": a number outranks an option's words in passing.
    explicit = [ref for ref in named if ref.explicit]
    if len({ref.option for ref in explicit}) == 1:
        named = explicit
    options = {ref.option for ref in named}
    if len(options) == 1:
        (option,) = options
        said = reply.clause_quote(named[0].start)
        # A bare answer: a short reply, or "Option 1." standing as a clause of its own.
        answer = reply.short or (named[0].explicit and reply.ends_clause(named[0].end))
        confidence = PLAIN if answer else HINT
        return _Decision("choose", confidence, f'matched "{said}"', choice=option)
    if options:
        return _Decision("unclear", DOUBT, f"names options {sorted(options)} without picking one")
    left = set(range(1, count + 1)) - ruled_out
    if ruled_out and len(left) == 1:
        (option,) = left
        why = f"rules out option(s) {sorted(ruled_out)}, leaving option {option}"
        return _Decision("choose", HINT, why, choice=option)
    if ruled_out:
        return _Decision("unclear", DOUBT, f"only rules out option(s) {sorted(ruled_out)}")
    return _Decision("unclear", NOTHING, "names no option")


def _ruled_out(refs: list[_Ref]) -> set[int]:
    """Options whose last clear mention rules them out ("not the taffeta")."""
    last: dict[int, int] = {}
    for ref in sorted(refs, key=lambda ref: ref.start):
        if ref.polarity:
            last[ref.option] = ref.polarity
    return {option for option, polarity in last.items() if polarity < 0}


def _polarity(reply: _Reply, ref: _Ref) -> int:
    if reply.excluded(ref.start) or reply.negated(ref.start) or reply.denied_after(ref.end):
        return -1
    if reply.picked_before(ref.start) or reply.picked_after(ref.end):
        return 1
    return 0


def _option_refs(reply: _Reply, options: list[str]) -> list[_Ref]:
    lettered = _is_lettered(options)
    texts = [_LETTERED.sub("", option, count=1) if lettered else option for option in options]
    refs = _number_refs(reply, len(options)) + _word_refs(reply, texts)
    if lettered:
        refs += _letter_refs(reply, len(options))
    return _without_overlaps(refs)


def _number_refs(reply: _Reply, count: int) -> list[_Ref]:
    """ "option 2", "#3", "number two", "the second one", "the last", a bare "2"."""
    refs = [
        _Ref(value, match.start(), match.end())
        for match in _numbered_pattern().finditer(reply.folded)
        if 1 <= (value := _number_value(match["n"])) <= count
    ]
    for match in _ordinal_pattern().finditer(reply.folded):
        alone = reply.ends_clause(match.end()) or reply.picked_after(match.end())
        if match["noun"] or (match["the"] and alone) or reply.short:
            position = _ordinals()[match["o"]] or count  # 0 is "the last"
            if position <= count:
                refs.append(_Ref(position, match.start(), match.end()))
    return refs + _bare_digit_refs(reply, count)


def _bare_digit_refs(reply: _Reply, count: int) -> list[_Ref]:
    refs = []
    for match in _BARE_DIGIT.finditer(reply.folded):
        value = int(match["n"])
        if value > count or _NOT_A_PICK.match(reply.folded, match.end()):
            continue
        in_context = reply.picked_before(match.start()) or reply.picked_after(match.end())
        in_context = in_context or reply.has_before(match.start(), "choice_context")
        if reply.short or in_context or reply.excluded(match.start()):
            refs.append(_Ref(value, match.start(), match.end()))
    return refs


def _letter_refs(reply: _Reply, count: int) -> list[_Ref]:
    refs = [
        _Ref(ord(match["l"]) - ord("a") + 1, match.start(), match.end())
        for match in _lettered_pattern().finditer(reply.folded)
    ]
    for match in _CAPITAL_LETTER.finditer(reply.text):
        # "A lovely colour" is an article; "A please", "go with B" are picks.
        stands_alone = reply.ends_clause(match.end()) or reply.picked_after(match.end())
        if stands_alone or reply.picked_before(match.start()):
            refs.append(_Ref(ord(match["l"]) - ord("A") + 1, match.start(), match.end()))
    bare = _LONE_LETTER.fullmatch(reply.folded)
    if bare:  # a reply that is just "b" (or "b." / "b!")
        refs.append(_Ref(ord(bare["l"]) - ord("a") + 1, bare.start("l"), bare.end("l")))
    return [ref for ref in refs if ref.option <= count]


def _word_refs(reply: _Reply, options: list[str]) -> list[_Ref]:
    """Words that belong to one option only ("satin" when the other is "taffeta")."""
    distinctive = _distinctive_words(options)
    refs = []
    for match in _OPTION_WORD.finditer(reply.folded):
        stem = _stem(match.group(0))
        for index, words in enumerate(distinctive):
            if stem in words:
                refs.append(_Ref(index + 1, match.start(), match.end(), explicit=False))
    return refs


def _distinctive_words(options: list[str]) -> list[set[str]]:
    ignored = {fold(word) for word in merged("stopwords") + merged("option_nouns")}
    stems = [
        {_stem(word) for word in _OPTION_WORD.findall(fold(option)) if word not in ignored}
        for option in options
    ]
    return [
        words - set().union(*(other for j, other in enumerate(stems) if j != i))
        for i, words in enumerate(stems)
    ]


def _stem(word: str) -> str:
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def _is_lettered(options: list[str]) -> bool:
    labels = [_LETTERED.match(option) for option in options]
    letters = [label.group(1).lower() for label in labels if label]
    return len(letters) == len(options) > 1 and letters == list("abcde"[: len(options)])


def _without_overlaps(refs: list[_Ref]) -> list[_Ref]:
    kept: list[_Ref] = []
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
def _numbered_pattern() -> re.Pattern[str]:
    nouns = longest_first(merged("option_nouns"))
    numbers = "|".join(sorted(_number_words(), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{nouns})\s*(?P<n>\d{{1,2}}|{numbers})(?!\w)")


@cache
def _ordinal_pattern() -> re.Pattern[str]:
    ordinals = "|".join(sorted(_ordinals(), key=len, reverse=True))
    nouns = longest_first(merged("option_nouns") + ["one", "time", "design", "fabric", "sample"])
    return re.compile(rf"(?<!\w)(?P<the>the\s+)?(?P<o>{ordinals})(?P<noun>\s+(?:{nouns}))?(?!\w)")


@cache
def _lettered_pattern() -> re.Pattern[str]:
    nouns = longest_first(merged("option_nouns"))
    return re.compile(rf"(?<!\w)(?:{nouns})\s*(?P<l>[a-e])(?!\w)")


# --- fitting ----------------------------------------------------------------------


def _read_fitting(reply: _Reply, slots: list[str], sent_at: datetime, tz: ZoneInfo) -> _Decision:
    offered = local_slots(slots, tz)
    today = sent_at.astimezone(tz).date() if sent_at.tzinfo else sent_at.date()
    wanted = reply.without_refusals()
    found = fitting_slots(wanted, offered, tz, today=today)
    asked = proposed_times(wanted, sent_at, tz, offered=offered)
    asked = [moment for moment in asked if moment not in offered]
    times = tuple(moment.isoformat() for moment in asked)
    if found.unmatched and asked and reply.first("reschedule"):
        # "Thursday works, but could we start at 11 instead?" asks to move, not to book.
        return _Decision("reschedule", LIKELY, f'asks for "{found.unmatched}"', proposed=times)
    if len(found.indexes) == 1:
        why = f'slot {found.indexes[0]}: matched "{found.words}"'
        if found.unmatched:  # "Tuesday at 2, or Friday at 10 if easier"
            why += f'; also mentions "{found.unmatched}"'
            return _Decision("choose", HINT, why, choice=found.indexes[0], proposed=times)
        return _Decision("choose", SURE, why, choice=found.indexes[0])
    if found.indexes:
        return _Decision("unclear", DOUBT, f'"{found.words}" fits slots {list(found.indexes)}')
    by_number = _number_refs(reply, len(offered)) if not found.unmatched else []
    if len({ref.option for ref in by_number}) == 1:
        said = reply.clause_quote(by_number[0].start)
        return _Decision("choose", PLAIN, f'matched "{said}"', choice=by_number[0].option)
    return _reschedule_or_confirm(reply, found.unmatched, times, len(offered))


def _reschedule_or_confirm(
    reply: _Reply, unmatched: str, times: tuple[str, ...], offered: int
) -> _Decision:
    if times:
        return _Decision("reschedule", LIKELY, f'asks for "{unmatched}"', proposed=times)
    refusal = reply.first("none_work") or reply.first("unavailable") or reply.first("reschedule")
    if unmatched or refusal:
        said = unmatched or refusal
        return _Decision("reschedule", DOUBT, f'wants another time: "{said}", none resolved')
    agreement = reply.first("approve_strong") or reply.first("available")
    if not agreement and reply.short:
        agreement = reply.first("approve_weak")
    if offered == 1 and agreement:
        return _Decision("choose", PLAIN, f'accepts the only slot: "{agreement}"', choice=1)
    return _Decision("unclear", NOTHING, "names no offered slot")


# --- payment ----------------------------------------------------------------------


def _read_payment(reply: _Reply) -> _Decision:
    # Promises and denials first, so "will be paid" and "haven't paid" are not read as "paid".
    not_sent = reply.find("payment_not_sent")
    promises = reply.find("payment_promise", avoid=not_sent)
    claims = reply.find("payment_claim", outside_questions=True, avoid=not_sent + promises)
    claims = [m for m in claims if not reply.negated(m.start())]
    if claims and not (promises or not_sent):
        return _Decision("payment_sent", SURE, f'matched "{reply.quote(claims[0])}"')
    if claims:
        doubt = reply.quote((promises or not_sent)[0])
        why = f'claims payment ("{reply.quote(claims[0])}") but also "{doubt}"'
        return _Decision("payment_sent", HINT, why)
    if promises:
        promise = reply.quote(promises[0])
        return _Decision("unclear", DOUBT, f'a promise, not a payment: "{promise}"')
    if not_sent:
        return _Decision("unclear", DOUBT, f'says not paid: "{reply.quote(not_sent[0])}"')
    return _Decision("unclear", NOTHING, "no payment claim found")


# --- the reply as text -------------------------------------------------------------


class _Reply:
    """A reply prepared for reading: sign-off dropped, folded for matching, questions found."""

    def __init__(self, text: str) -> None:
        cleaned = strip_signoff(text).translate(_QUOTES).strip()
        self.text = cleaned
        self.folded = _mask(fold(cleaned), word_pattern("courtesy"))
        # Sentences ending in "?" hold no decision ("The first is cheaper, right?");
        # those that are not mere confirmations ("Option 2, ok?") also ask the studio.
        self.questions = _question_sentences(cleaned, self.folded, with_confirmations=True)
        self.asks = _question_sentences(cleaned, self.folded, with_confirmations=False)
        breaks = list(_clause_break().finditer(self.folded))
        self._break_starts = [match.start() for match in breaks]
        self._break_ends = [match.end() for match in breaks]

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

    def first(self, key: str) -> str:
        """The reply's own words for the first match of a key that is not negated, or ""."""
        for match in self.find(key):
            if not self.negated(match.start()):
                return self.quote(match)
        return ""

    def find_between(self, key: str, start: int, end: int) -> bool:
        return any(start <= match.start() < end for match in self.find(key))

    def quote(self, match: re.Match[str]) -> str:
        return self.text[match.start() : match.end()]

    def clause_quote(self, position: int) -> str:
        start, end = self.clause(position)
        return self.text[start:end].strip()[:QUOTE_MAX]

    def question(self) -> str:
        """The first sentence asking the studio something, or ""."""
        return self.text[slice(*self.asks[0])].strip()[:QUOTE_MAX] if self.asks else ""

    def in_question(self, position: int) -> bool:
        index = bisect_right(self.questions, (position, len(self.text))) - 1
        return index >= 0 and position < self.questions[index][1]

    def clause(self, position: int) -> tuple[int, int]:
        """The clause around a position: between punctuation and words like "but"/"or"."""
        before = bisect_right(self._break_ends, position)
        after = bisect_left(self._break_starts, position)
        start = self._break_ends[before - 1] if before else 0
        end = self._break_starts[after] if after < len(self._break_starts) else len(self.folded)
        return start, end

    def words_before(self, position: int, count: int) -> str:
        start, _ = self.clause(position)
        return " ".join(_WORD.findall(self.folded[start:position])[-count:])

    def negated(self, position: int) -> bool:
        return bool(word_pattern("negators").search(self.words_before(position, NEGATION_WORDS)))

    def excluded(self, position: int) -> bool:
        """ "anything but option 1", "rather than the taffeta": may cross a "but"."""
        before = self.folded[max(0, position - QUOTE_MAX) : position]
        pattern = word_pattern("exclusions").pattern
        return bool(re.search(rf"{pattern}\s+(?:[\w']+\s+){{0,2}}$", before))

    def has_before(self, position: int, key: str) -> bool:
        return bool(word_pattern(key).search(self.words_before(position, CHOICE_VERB_WORDS)))

    def picked_before(self, position: int) -> bool:
        return self.has_before(position, "choice_verbs")

    def picked_after(self, position: int) -> bool:
        return self._follows(position, "choice_after")

    def denied_after(self, position: int) -> bool:
        return self._follows(position, "post_negators")

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
        words = [word for word in _WORD.findall(statements) if not filler.fullmatch(word)]
        return len(words) <= SHORT_REPLY_WORDS

    def without_refusals(self) -> str:
        """The reply with clauses ruling a time out blanked ("Tuesday doesn't work")."""
        kept = list(self.text)
        for match in word_pattern("unavailable").finditer(self.folded):
            start, end = self.clause(match.start())
            kept[start:end] = " " * (end - start)
        for match in word_pattern("exclusions").finditer(self.folded):
            _, end = self.clause(match.start())
            kept[match.start() : end] = " " * (end - match.start())
        return "".join(kept)

    def _follows(self, position: int, key: str) -> bool:
        _, end = self.clause(position)
        pattern = word_pattern(key).pattern
        return bool(re.match(rf"\s*(?:[\w']+\s+)?{pattern}", self.folded[position:end]))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches, keeping positions (courtesy phrases such as "let me know if…")."""
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


def _question_sentences(
    text: str, folded: str, *, with_confirmations: bool
) -> list[tuple[int, int]]:
    """Spans of question sentences, optionally also "ok?" and "…, is that right?"."""
    spans = []
    for match in re.finditer(r"[^.!?\n]+[.!?]*", text):
        sentence = match.group(0).strip()
        asks = _QUESTION_END.search(sentence) or (
            word_pattern("question_starts").match(folded, match.start() + _lead(match.group(0)))
            and not sentence.endswith("!")
        )
        last_clause = fold(re.split(r"[,;]", sentence)[-1]).strip(" ?!.")
        confirming = word_pattern("confirmations").fullmatch(last_clause)
        if asks and (with_confirmations or not confirming):
            spans.append((match.start(), match.end()))
    return spans


def _lead(sentence: str) -> int:
    return len(sentence) - len(sentence.lstrip())


@cache
def _clause_break() -> re.Pattern[str]:
    words = longest_first(merged("clause_breaks"))
    return re.compile(rf"{_CLAUSE_PUNCTUATION}|(?<!\w)(?:{words})(?!\w)")
