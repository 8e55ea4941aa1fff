"""A client's reply read against the open question: a typed decision and the words behind it.

Every rule leans to safety. A reply that could be read two ways goes to a person
(needs_human) with the agent's best reading, because a wrong approval or choice
applied by the agent costs far more than a hand-off. A decision that comes with a
question to the studio keeps its reading but goes to a person too, so the question
is answered. The vocabulary (approve, hedge, negation, payment words, ordinals…)
lives in phrases.toml; this module holds the logic only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, cached_property, lru_cache
from zoneinfo import ZoneInfo

from agent.model import QUESTION_KINDS, Question, Reading
from agent.parsers.dates import (
    fitting_slots,
    local_slots,
    names_day_or_time,
    proposed_times,
    without_times,
)
from agent.parsers.glossary import glossed_words
from agent.parsers.phrases import (
    fold,
    longest_first,
    merged,
    merged_table,
    phrases,
    word_pattern,
)
from agent.parsers.reply_text import is_pointer, strip_contact_block, strip_signoff

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
# Of such a document, this much is read for the best reading (a person gets it anyway).
HEAD_CHARS = 4_000
# How many words before a phrase a negator or choice verb may stand.
NEGATION_WORDS = 3
HEDGE_NEGATION_WORDS = 2
# A negator this close before an approval refuses plainly ("don't approve", "not approved");
# one further back in its clause, up to the wider reach, doubts it ("I don't think we can
# approve", "not in a position to sign off"): read as a decline for a person to confirm.
PLAIN_REFUSAL_WORDS = 1
APPROVAL_NEGATION_WORDS = 7
# How many words before an approval a modal ("we'll approve", "wants to sign off") may stand.
MODAL_WORDS = 3
CHOICE_VERB_WORDS = 4
# How many words before an option's own leading verb "we'll", "let's" may stand.
VOLITION_WORDS = 4
# A street word this many words before a number makes the number part of an address.
STREET_WORDS = 3
# A line this long that ends mid-sentence was wrapped by the sender's mail program.
WRAP_WIDTH = 60
# A text with more than this share of control or replacement characters is not a reply.
GARBLED_SHARE = 0.1
# Why-texts quote at most this much of the reply.
QUOTE_MAX = 60
# A typo is corrected only in a word this long, and only one letter off (see typo_words).
TYPO_MIN_LETTERS = 6
# A German compound holding an option's word ("Originalsamt"): at least this much more.
COMPOUND_REST = 3
# Shouting: at least this many words in capitals, making up at least this share of the words.
SHOUT_WORDS = 4
SHOUT_SHARE = 0.6

_WORD = re.compile(r"[\w']+")
_QUESTION_END = re.compile(r"\?[\W_]*$")
_BARE_DIGIT = re.compile(r"(?<![\w#.,:/$€£+-])(?P<n>[1-9])(?![\w/%]|[.,:]\d)")
_RANGE_AFTER = re.compile(r"\s*[-\u2013\u2014]\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*[-\u2013\u2014]\s*$")
_POSTCODE_AFTER = re.compile(r",?\s*\d{4,5}\b")
# A capitalised word before a number, not opening a sentence: "Alcalá 2", "Studio 3".
_NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-Z][^\W\d_A-Z]+\s+$")
_CAPITAL_LETTER = re.compile(r"(?<![\w'])(?P<l>[A-E])(?![\w'])")
_LONE_LETTER = re.compile(r"\W*(?P<l>[a-e])\W*")
_CLAUSE_PUNCTUATION = r"[,.;:!?\n()]|\s[-–—]\s"
# Where a question sentence may start its question: "We sent it on Monday – have you…?"
_QUESTION_SPLIT = re.compile(r"\s[-–—]\s|[;:]\s")
# extract_reply's form of an answer pointing at the quoted line above it ("^ this one").
_POINTED = re.compile(r"^> (?P<line>[^\n]+)\n(?P<pointer>[^\n]{1,30})$", re.MULTILINE)
_FIRST_PERSON = re.compile(r"(?:we|i|our|my)\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_OPTION_WORD = re.compile(r"[^\W\d_]{3,}")
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
_LONG_WORD = re.compile(rf"[^\W\d_]{{{TYPO_MIN_LETTERS},}}")
_CAPS_WORD = re.compile(r"[^\W\d_]{2,}")
_SHOUT_MARKS = re.compile(r"\?\s*[?!]|!\s*\?")
# Gap words that keep "Option 2, the chiffon" one phrase (an apposition), beside stopwords.
_APPOSITION = frozenset({"ie", "i", "e", "namely", "aka", "which", "one", "ones", "that", "is"})
# The replacement character and the control characters other than tab and line breaks.
_GARBLED_CHARS = "\ufffd" + "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")
# What makes a reading of a day or time an answer, not a mention ("Thursday works").
_MARKER_KEYS = ("available", "choice_after", "choice_verbs", "approve_strong", "approve_weak")
# What makes a question part of a conditional answer ("Approved, but could you change…?").
_CATCH_KEYS = (
    "change_request", "conditional", "partial", "decline", "decline_weak", "contrastive",
    "if_words",
)  # fmt: skip


@dataclass(frozen=True)
class _Decision:
    intent: str
    confidence: float
    why: str
    choice: int | None = None
    proposed: tuple[str, ...] = ()
    conditional: bool = False  # a condition or reservation decided it ("approved, but…")
    asks: bool = False  # the reply also asks the studio something: a person answers it


@dataclass(frozen=True)
class _Ref:
    """A place where the reply names an option: "option 2", "the second", "the satin"."""

    option: int
    start: int
    end: int
    explicit: bool = True  # by number, ordinal or letter; False for the option's own words
    polarity: int = 0  # +1 picked ("go with 3"), -1 ruled out ("not 3"), 0 just named
    action: bool = False  # the option's own leading verb ("wait" in "wait for the original")
    denied: bool = False  # words the option itself negates ("hoods" in "without hoods")


def read_reply(
    question: Question | None,
    text: str,
    sent_at: datetime,
    tz: ZoneInfo,
    *,
    threshold: float = THRESHOLD,
) -> Reading:
    """Read an extracted reply against the question it answers.

    Raises TypeError, naming the order, when the arguments come in another order (the
    text before the question is an easy slip from a script)."""
    _check_arguments(question, text, sent_at, tz)
    if _is_garbled(text):
        decision = _Decision("unclear", 0.0, "cannot read: the text is mostly binary or garbled")
        return _reading(decision, text, threshold, dissatisfied=False)
    read, pointed = _pointed_lines(_head(text))
    reply = _Reply(read, _typo_targets(question))
    if reply.text:
        decision = _decide(question, reply, sent_at, tz)
    else:
        decision = _Decision("unclear", 0.0, "the reply has no new text")
    if pointed:
        points = ", ".join(f'"{line}"' for line in pointed)
        decision = replace(decision, why=f"{decision.why} (points at {points})")
    decision = _weigh_question(decision, reply, threshold)
    if len(text) > READ_MAX_CHARS:
        why = f"{decision.why}; a {len(text)}-character reply: only its start was read"
        decision = replace(decision, confidence=min(decision.confidence, DOUBT), why=why)
    complaint = reply.complaint
    if complaint:
        decision = replace(decision, why=f'{decision.why}; dissatisfied: "{complaint}"')
    if reply.corrections:
        read_as = ", ".join(f'"{typed}" as "{meant}"' for typed, meant in reply.corrections)
        decision = replace(decision, why=f"{decision.why}; read {read_as}")
    return _reading(decision, text, threshold, dissatisfied=bool(complaint))


def _check_arguments(question: object, text: object, sent_at: object, tz: object) -> None:
    expected = (
        ("question", question, (Question, type(None))),
        ("text", text, str),
        ("sent_at", sent_at, datetime),
        ("tz", tz, ZoneInfo),
    )
    for name, value, kind in expected:
        if not isinstance(value, kind):
            raise TypeError(
                f"read_reply(question, text, sent_at, tz): {name} got a {type(value).__name__}; "
                "pass the Question (or None), the reply text, the message's datetime and a "
                "ZoneInfo, in that order"
            )


def _reading(decision: _Decision, text: str, threshold: float, *, dissatisfied: bool) -> Reading:
    undecided = decision.intent in ("unclear", "question")
    # An unhappy client gets a person whatever they decided: the reading says so itself.
    human = decision.confidence < threshold or undecided or decision.asks or dissatisfied
    return Reading(
        intent=decision.intent,
        confidence=round(decision.confidence, 2),
        why=decision.why,
        reply_text=text,
        choice=decision.choice,
        proposed_times=decision.proposed,
        dissatisfied=dissatisfied,
        needs_human=human,
    )


def _pointed_lines(text: str) -> tuple[str, list[str]]:
    """The text with each inline pointer ("^ this one" under a quoted line, as extract_reply
    keeps it) read as the line it points at, and those lines."""
    pointed: list[str] = []

    def answer(match: re.Match[str]) -> str:
        if not is_pointer(match["pointer"]):
            return match.group(0)
        pointed.append(match["line"])
        return match["line"]

    return _POINTED.sub(answer, text), pointed


def _head(text: str) -> str:
    """The start of a reply the reader reads: all of it up to READ_MAX_CHARS; of a longer
    one, its first HEAD_CHARS (at a line end)."""
    if len(text) <= READ_MAX_CHARS:
        return text
    head = text[:HEAD_CHARS]
    line_end = head.rfind("\n")
    return head[:line_end] if line_end > HEAD_CHARS // 2 else head


def _is_garbled(text: str) -> bool:
    """Mostly replacement or control characters: a binary part decoded as text."""
    bad = sum(text.count(char) for char in _GARBLED_CHARS)
    return bad > GARBLED_SHARE * len(text)


def _decide(question: Question | None, reply: _Reply, sent_at: datetime, tz: ZoneInfo) -> _Decision:
    if question is None or question.kind not in QUESTION_KINDS:
        return _Decision("unclear", NOTHING, "no open question to read the reply against")
    beyond = reply.first("not_an_answer")
    if beyond:  # cancelling, a new contact, a wrong recipient: bigger than the question
        return _Decision("unclear", DOUBT, f'more than an answer: "{beyond}"')
    # A negator right before a hedge undoes it ("no need to check with…"); one further back
    # belongs to another verb ("didn't go ahead until we've spoken").
    hedge = reply.first("hedge", reach=HEDGE_NEGATION_WORDS)
    if hedge:
        return _Decision("unclear", DOUBT, f'not a decision yet: "{hedge}"')
    if question.kind == "approval":
        return _read_approval(reply)
    if question.kind == "payment":
        return _read_payment(reply, question.milestone)
    if question.kind == "choice":
        decision = _read_choice(reply, question.options)
    else:
        decision = _read_fitting(reply, question.slots, sent_at, tz)
    condition = reply.first("if_words", outside_questions=True)
    if decision.intent == "choose" and condition:  # "if it's under an hour, Friday works"
        why = f'conditional: {decision.why} with "{reply.clause_quote_of(condition)}"'
        return _Decision("unclear", DOUBT, why, conditional=True)
    return decision


def _weigh_question(decision: _Decision, reply: _Reply, threshold: float) -> _Decision:
    """A question to the studio goes to a person: with a confident decision, the decision
    stands beside it; a reservation that is itself the question ("Approved, but could you
    change the collar?") stays a reservation; anything else is read as the question."""
    asked = reply.question()
    if not asked:
        return decision
    also = f'{decision.why}; also asks "{asked}"'
    if decision.intent == "reschedule":  # its question is the request to move
        return replace(decision, why=also)
    if decision.intent != "unclear" and decision.confidence >= threshold:
        return replace(decision, why=also, asks=True)
    if decision.conditional and reply.asks_any(_CATCH_KEYS):
        return replace(decision, why=also)
    return _Decision("question", ASKING, f'asks "{asked}"; best reading: {decision.why}')


# --- approval -------------------------------------------------------------------


def _read_approval(reply: _Reply) -> _Decision:
    strong = reply.find("approve_strong")
    weak = reply.find("approve_weak", avoid=strong)
    # "I don't think we can approve", "no way we can sign off": a negation further back in
    # the clause doubts the approval; it refuses plainly only right before it.
    doubted = [m for m in strong + weak if reply.clause_negated(m.start())]
    approvals = [m for m in strong + weak if m not in doubted]
    # "I would have approved if…": an approval that was never given, a refusal in fact.
    unreal = [m for m in approvals if reply.has_before(m.start(), "counterfactual", MODAL_WORDS)]
    approvals = [m for m in approvals if m not in unreal]
    # "We'd sign off if…", "I would approve if…": one that hangs on a condition.
    hanging = [m for m in approvals if _unreal_condition(reply, m)]
    if hanging:
        said = reply.clause_quote(hanging[0].start())
        return _Decision(
            "unclear", DOUBT, f'an approval on a condition: "{said}"', conditional=True
        )
    # "The budget was approved by the board": someone else's approval, of something else.
    # "Vom Vorstand genehmigt": in a verb-final language the agent stands before it.
    reported = [
        m
        for m in approvals
        if reply.words_after(m.end(), "passive_agents", 1)
        or reply.has_before(m.start(), "agents_before", MODAL_WORDS)
    ]
    approvals = [m for m in approvals if m not in reported]
    if reported and not approvals:
        said = reply.clause_quote(reported[0].start())
        return _Decision("unclear", DOUBT, f'reports an approval by someone else: "{said}"')
    # "We'll approve them tomorrow", "before we sign off": not given yet.
    intended = [m for m in approvals if reply.has_before(m.start(), "modals", MODAL_WORDS)]
    approvals = [m for m in approvals if m not in intended]
    refusals = reply.find("decline", outside_questions=True, avoid=approvals + intended + unreal)
    plain = [m for m in doubted if reply.negated(m.start(), PLAIN_REFUSAL_WORDS)]
    # "I can't approve without the back views": not yet, on a condition; not a refusal.
    waiting = [m for m in plain if reply.words_after(m.end(), "refusal_conditions", 3)]
    if waiting:
        said = reply.clause_quote(waiting[0].start())
        return _Decision("unclear", DOUBT, f'an approval held back: "{said}"', conditional=True)
    if unreal or len(plain) < len(doubted):
        said = reply.clause_quote((unreal or doubted)[0].start())
        kind = "an approval that was not given" if unreal else "a negated approval"
        return _Decision("decline", HINT, f'{kind}: "{said}"')
    # "I don't approve" refuses; "we're not happy with the way…" complains (a person reads it).
    refusals += [m for m in plain if not _feeling().search(m.group(0))]
    faults = reply.find(
        "decline_weak", outside_questions=True, avoid=approvals + intended + refusals
    )
    faults = [m for m in faults if not reply.negated(m.start())]
    if approvals:
        catch = _approval_catch(reply, approvals, refusals + faults)
        if catch:
            said, condition = reply.quote(approvals[0]), reply.quote(catch)
            why = f'conditional: "{said}" with "{condition}"'
            return _Decision("unclear", DOUBT, why, conditional=True)
    # Only a statement approves: "Do I need to approve anything else?" does not.
    approvals = [m for m in approvals if not reply.in_question(m.start())]
    if approvals:
        return _approval(reply, [m for m in approvals if m in strong], approvals)
    if refusals:
        return _Decision("decline", SURE, f'matched "{reply.clause_quote(refusals[0].start())}"')
    if intended:
        said = reply.clause_quote(intended[0].start())
        return _Decision("unclear", DOUBT, f'an approval to come, not given: "{said}"')
    if faults:  # "one zip is already broken": a rejection in fact, for a person to confirm
        return _Decision(
            "decline", HINT, f'reports a fault: "{reply.clause_quote(faults[0].start())}"'
        )
    return _Decision("unclear", NOTHING, "no approval or refusal found")


def _unreal_condition(reply: _Reply, match: re.Match[str]) -> bool:
    """ "We'd sign off if…", "I would approve had…": an approval in an unreal mood with a
    condition in its sentence."""
    if not reply.has_before(match.start(), "unreal_modals", MODAL_WORDS):
        return False
    start, end = reply.sentence(match.start())
    return bool(word_pattern("if_words").search(reply.folded[start:end]))


def _approval_catch(
    reply: _Reply, approvals: list[re.Match[str]], refusals: list[re.Match[str]]
) -> re.Match[str] | None:
    """What makes an approval conditional or partial, if anything.

    Conditions count even inside a question ("Approved - could you make it longer?"),
    except when negated ("Don't change a thing"). A "but" qualifies what came before
    it in its sentence, or a later sentence that asks for something; not a later
    complaint ("Approved. I have to say though, I'm disappointed…") or a later
    question that changes nothing ("Quick question though: when is the invoice due?").
    """
    if refusals:
        return refusals[0]
    for key in ("conditional", "partial", "change_request"):
        found = [
            m
            for m in reply.find(key, avoid=approvals)
            if not reply.negated(m.start())
            and not (key == "change_request" and _approved_thing(reply, m, approvals))
        ]
        if found:
            return found[0]
    first = min(match.start() for match in approvals)
    for match in reply.find("contrastive"):
        if match.start() > first and not reply.aside(
            (match.start(), reply.sentence(match.start())[1])
        ):
            return match
    return None


def _approved_thing(reply: _Reply, match: re.Match[str], approvals: list[re.Match[str]]) -> bool:
    """ "We approve the change", "damos el visto bueno al cambio": the change is what is
    approved, right after the approval with only an article between, not a condition."""
    for approval in approvals:
        gap = reply.folded[approval.end() : match.start()]
        if approval.end() > match.start() or re.search(r"[^\w\s']", gap):
            continue
        if all(word in _articles() for word in _WORD.findall(gap)):
            return True
    return False


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
    refs = _alternatives_named(reply, refs)
    refs = [ref for ref in refs if ref.polarity or not reply.in_question(ref.start)]
    refs = [ref for ref in refs if not reply.supposed(ref.start)]  # "If we choose A, when…?"
    clash = _apposition_clash(reply, refs)
    if clash:
        return _Decision("unclear", DOUBT, clash)
    picks = [ref for ref in refs if ref.polarity > 0]
    indifferent = reply.find("indifference", outside_questions=True)
    if indifferent and not any(ref.start > indifferent[-1].start() for ref in picks):
        return _Decision("unclear", DOUBT, f'no choice made: "{reply.quote(indifferent[-1])}"')
    corrected = _corrected_pick(reply, refs)
    if corrected:
        return corrected
    ruled_out = _ruled_out(refs)
    picks = [ref for ref in picks if ref.option not in ruled_out]
    if picks:
        return _from_picks(reply, picks, refs)
    named = [ref for ref in refs if ref.polarity == 0 and ref.option not in ruled_out]
    return _from_mentions(reply, named, refs, ruled_out, len(options))


def _corrected_pick(reply: _Reply, refs: list[_Ref]) -> _Decision | None:
    """ "Burgundy. Actually no, green.", "Number 2. Wait, no – make it 3.": after the
    writer's last correction of themselves opening a clause, the one option named (and not
    ruled out) is the answer; several named there leave it open. None without such a
    correction between named options."""
    for marker in reversed(reply.find("self_correction", outside_questions=True)):
        start, _ = reply.clause(marker.start())
        if _WORD.findall(reply.folded[start : marker.start()]):
            continue  # "we can't wait for…": a word in a clause, not a correction
        before = [ref for ref in refs if ref.end <= marker.start() and ref.polarity >= 0]
        after = [ref for ref in refs if ref.start >= marker.end()]
        ruled_out = _ruled_out(after)
        kept = sorted({ref.option for ref in after if ref.polarity >= 0} - ruled_out)
        if not before or not kept:
            continue
        said = reply.text[marker.start() : reply.sentence(marker.start())[1]].strip()[:QUOTE_MAX]
        if len(kept) > 1:
            return _Decision("unclear", DOUBT, f'corrects a pick to options {kept}: "{said}"')
        return _Decision(
            "choose", PLAIN, f'corrected to option {kept[0]}: "{said}"', choice=kept[0]
        )
    return None


def _from_picks(reply: _Reply, picks: list[_Ref], refs: list[_Ref]) -> _Decision:
    chosen = picks[-1]
    said = reply.clause_quote(chosen.start)
    if len({ref.option for ref in picks}) == 1:
        others = {ref.option for ref in refs if ref.polarity >= 0} - {chosen.option}
        confidence = LIKELY if others else SURE
        # "We don't want to lose the overlay": an option's words picked under a negation
        # further back in the clause may be the option refused; a person reads it.
        if not chosen.explicit and reply.clause_negated(chosen.start):
            confidence = HINT
        return _Decision("choose", confidence, f'matched "{said}"', choice=chosen.option)
    earlier = next(ref for ref in reversed(picks) if ref.option != chosen.option)
    if reply.changes_mind_between(earlier.end, chosen.start):
        why = f'settled on option {chosen.option}: "{said}"'
        return _Decision("choose", PLAIN, why, choice=chosen.option)
    numbers = sorted({ref.option for ref in picks})
    return _Decision("unclear", DOUBT, f"picks more than one option: {numbers}")


def _from_mentions(
    reply: _Reply, named: list[_Ref], refs: list[_Ref], ruled_out: set[int], count: int
) -> _Decision:
    # "Option 1, although the original…": a number outranks an option's words in passing.
    explicit = [ref for ref in named if ref.explicit]
    if len({ref.option for ref in explicit}) == 1:
        named = explicit
    concluded = _concluded(reply, named)
    named = concluded or _after_correction(reply, named)
    options = {ref.option for ref in named}
    if len(options) == 1:
        (option,) = options
        said = reply.clause_quote(named[0].start)
        # A bare answer: a short reply, "Option 1." standing as a clause of its own, or an
        # option's words making a sentence alone ("Fine, the satin.").
        bare = named[0].explicit and reply.ends_clause(named[0].end)
        bare = bare or reply.bare_sentence(named[0].start, _option_words(reply, named))
        if not bare and reply.complaint:  # "the chiffon is nothing like the swatch!"
            return _Decision("unclear", DOUBT, f'names option {option} in a complaint: "{said}"')
        # "We could go with the satin, I suppose": a leaning, not a choice.
        leaning = any(reply.has_before(ref.start, "tentative") for ref in named)
        leaning = leaning or bool(reply.first("uncertain"))
        # "Please don't re-dye, we've had bad experiences with that supplier": words of one
        # option beside a negation that ruled nothing out may be the option refused.
        echoed = any(ref.denied for ref in named)  # "without the hoods" quotes the option
        stray_no = not (ruled_out or named[0].explicit or echoed)
        stray_no = stray_no and reply.negation_in(named[0].start)
        plain = bare or reply.short or bool(concluded)
        confidence = PLAIN if plain and not (leaning or stray_no) else HINT
        return _Decision("choose", confidence, f'matched "{said}"', choice=option)
    if options:
        return _Decision("unclear", DOUBT, f"names options {sorted(options)} without picking one")
    left = set(range(1, count + 1)) - ruled_out
    if ruled_out and len(left) == 1:
        (option,) = left
        why = f"rules out option(s) {sorted(ruled_out)}, leaving option {option}"
        # "Not the cotton." is a choice of the other; "the cotton is too thin" is a remark.
        said_no = all(
            reply.negated(ref.start) or reply.excluded(ref.start)
            for ref in refs
            if ref.option in ruled_out and ref.polarity < 0
        )
        return _Decision("choose", PLAIN if said_no else HINT, why, choice=option)
    if ruled_out:
        return _Decision("unclear", DOUBT, f"only rules out option(s) {sorted(ruled_out)}")
    return _Decision("unclear", NOTHING, "names no option")


def _concluded(reply: _Reply, named: list[_Ref]) -> list[_Ref]:
    """ "We went back and forth between the velvet and the crepe, but in the end: the crepe":
    the options named after a conclusion opening its clause, when others came before it;
    [] without such a conclusion."""
    if len({ref.option for ref in named}) < 2:
        return []
    for marker in reversed(reply.find("conclusions", outside_questions=True)):
        start, _ = reply.clause(marker.start())
        if _WORD.findall(reply.folded[start : marker.start()]):
            continue  # "we finally got the swatches": not a conclusion
        after = [ref for ref in named if ref.start >= marker.end()]
        if after and any(ref.end <= marker.start() for ref in named):
            return after
    return []


def _after_correction(reply: _Reply, named: list[_Ref]) -> list[_Ref]:
    """ "Midnight blue. Actually no – burgundy.": the options named after the writer's last
    correction of themselves replace those named before it."""
    if len({ref.option for ref in named}) < 2:
        return named
    for marker in reversed(reply.find("self_correction")):
        before = [ref for ref in named if ref.end <= marker.start()]
        after = [ref for ref in named if ref.start >= marker.end()]
        if before and after:
            return after
    return named


def _ruled_out(refs: list[_Ref]) -> set[int]:
    """Options whose last clear mention rules them out ("not the taffeta")."""
    last: dict[int, int] = {}
    for ref in sorted(refs, key=lambda ref: ref.start):
        if ref.polarity:
            last[ref.option] = ref.polarity
    return {option for option, polarity in last.items() if polarity < 0}


def _polarity(reply: _Reply, ref: _Ref) -> int:
    if ref.denied and reply.negated(ref.start):
        return 0  # "without the hoods" echoes "send the capes without hoods": it names it
    if reply.excluded(ref.start) or reply.negated(ref.start) or reply.denied_after(ref.end):
        return -1
    if reply.picked_before(ref.start) and reply.has_before(ref.start, "tentative"):
        return 0  # "we could go with the satin": leaning, not choosing
    if reply.picked_before(ref.start) or reply.picked_after(ref.end):
        return 1
    if ref.action and reply.wills_before(ref.start):  # "we'll wait for the original velvet"
        return 1
    return 0


def _alternatives_named(reply: _Reply, refs: list[_Ref]) -> list[_Ref]:
    """ "Either 2 or 3 is fine": options joined by "or" are named together, not picked."""
    ordered = sorted(refs, key=lambda ref: ref.start)
    joined: set[int] = set()
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.option != right.option and reply.joins_alternatives(left.end, right.start):
            joined.update((id(left), id(right)))
    return [
        replace(ref, polarity=0) if id(ref) in joined and ref.polarity > 0 else ref for ref in refs
    ]


def _apposition_clash(reply: _Reply, refs: list[_Ref]) -> str:
    """ "Option 2, the chiffon" when the chiffon is option 3: a slip a person must resolve."""
    ordered = sorted(refs, key=lambda ref: ref.start)
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.option == right.option or left.explicit == right.explicit:
            continue
        if min(left.polarity, right.polarity) < 0 or not reply.apposition(left.end, right.start):
            continue
        number, words = (left, right) if left.explicit else (right, left)
        said = reply.text[left.start : right.end]
        why = f'"{said}": option {number.option} by number, option {words.option} by its words'
        return why
    return ""


def _option_words(reply: _Reply, refs: list[_Ref]) -> set[str]:
    return {fold(reply.text[ref.start : ref.end]) for ref in refs}


def _option_refs(reply: _Reply, options: list[str]) -> list[_Ref]:
    lettered = _is_lettered(options)
    texts = [
        _lettered_label().sub("", fold(option), count=1) if lettered else option
        for option in options
    ]
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
        if _occurrence().match(reply.folded, match.end()):
            continue  # "the third time the fitting has moved" counts, it does not pick
        alone = reply.ends_clause(match.end()) or reply.picked_after(match.end())
        # "the second", "second option", or in a short reply a clause of its own ("Second
        # please"); not an adverb ("send the samples first").
        bare = reply.short and reply.bare_clause(match.start(), {match["o"]})
        bare = bare or reply.picked_before(match.start())  # "nous prenons la deuxième"
        if match["noun"] or (match["the"] and alone) or bare:
            position = _position(_ordinals()[match["o"]], count)
            if 1 <= position <= count:
                refs.append(_Ref(position, match.start(), match.end()))
    return refs + _bare_digit_refs(reply, count)


def _position(ordinal: int, count: int) -> int:
    """An ordinal's option: 0 is the last; -1 the middle one, of an odd number only."""
    if ordinal == 0:
        return count
    if ordinal == -1:
        return (count + 1) // 2 if count % 2 else 0
    return ordinal


def _bare_digit_refs(reply: _Reply, count: int) -> list[_Ref]:
    refs = []
    for match in _BARE_DIGIT.finditer(reply.folded):
        value = int(match["n"])
        if value > count or reply.counts_or_labels(match.start(), match.end()):
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
    """Words that belong to one option only ("satin" when the other is "taffeta"), also
    inside a compound ("Originalsamt" holds "original"), or in another language by the
    glossary ("Samt" for "velvet")."""
    distinctive = _distinctive_words(tuple(options))
    leading = [_leading_word(option) for option in options]
    denied = [_negated_stems(option) for option in options]
    refs = []
    for match in _OPTION_WORD.finditer(reply.folded):
        word = match.group(0)
        stem = _stem(word)
        for index in _options_named(word, distinctive):
            action, negated = stem == leading[index], stem in denied[index]
            refs.append(
                _Ref(index + 1, match.start(), match.end(), False, action=action, denied=negated)
            )
    return refs


def _options_named(word: str, distinctive: list[frozenset[str]]) -> list[int]:
    """The indexes of the options a reply word names: by its own stem or compound, else by
    what the glossary says it stands for, when that names exactly one option."""
    stem = _stem(word)
    named = [
        index
        for index, words in enumerate(distinctive)
        if stem in words or _compound_of(word, words)
    ]
    if named:
        return named
    glossed = {_stem(english) for english in glossed_words(word)}
    named = [index for index, words in enumerate(distinctive) if glossed & words]
    return named if len(named) == 1 else []  # "smaragdgrün" naming two options names neither


def _negated_stems(option: str) -> frozenset[str]:
    """Stems the option's own text negates: "hood" in "send the capes without hoods"."""
    words = _OPTION_WORD.findall(fold(option))
    negator = word_pattern("negators")
    return frozenset(
        _stem(word)
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


def _leading_word(option: str) -> str:
    """An option's leading verb: its first word when an article or preposition follows
    ("wait" in "wait for the original…"; nothing in "Midnight blue")."""
    words = re.findall(r"[^\W\d_]+", fold(option))
    if len(words) < 2 or words[1] not in _stopwords():
        return ""
    return _stem(words[0])


@lru_cache(maxsize=256)
def _distinctive_words(options: tuple[str, ...]) -> list[frozenset[str]]:
    ignored = {fold(word) for word in merged("stopwords") + merged("option_nouns")}
    stems = [
        {_stem(word) for word in _OPTION_WORD.findall(fold(option)) if word not in ignored}
        for option in options
    ]
    return [
        frozenset(words - set().union(*(other for j, other in enumerate(stems) if j != i)))
        for i, words in enumerate(stems)
    ]


def _stem(word: str) -> str:
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def _is_lettered(options: list[str]) -> bool:
    labels = [_lettered_label().match(fold(option)) for option in options]
    letters = [label.group(1) for label in labels if label]
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
    nouns = longest_first(
        merged("option_nouns") + ["one", "time ?slot", "date", "design", "fabric", "sample"]
    )
    return re.compile(rf"(?<!\w)(?P<the>the\s+)?(?P<o>{ordinals})(?P<noun>\s+(?:{nouns}))?(?!\w)")


@cache
def _occurrence() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{longest_first(merged('occurrences'))})(?!\w)")


@cache
def _lettered_pattern() -> re.Pattern[str]:
    nouns = longest_first(merged("option_nouns"))
    return re.compile(rf"(?<!\w)(?:{nouns})\s*(?P<l>[a-e])(?!\w)")


@cache
def _lettered_label() -> re.Pattern[str]:
    """An option written "A) …", "(b) …", "Option A: …" (folded)."""
    nouns = longest_first(merged("option_nouns"))
    return re.compile(rf"\s*(?:(?:{nouns})\s+)?\(?([a-e])\s*[).:\-]\s+")


@cache
def _comparative_pattern() -> re.Pattern[str]:
    words = longest_first(list(_folded_comparatives()))
    nouns = "one|slot|time|appointment|option|fitting|session|termin|creneau|cita"
    return re.compile(
        rf"(?<!\w)(?:the|der|den|die|das|le|la|el)\s+(?P<c>{words})(?:\s+(?:{nouns}))?(?!\w)"
    )


# --- fitting ----------------------------------------------------------------------


def _read_fitting(reply: _Reply, slots: list[str], sent_at: datetime, tz: ZoneInfo) -> _Decision:
    offered = local_slots(slots, tz)
    today = sent_at.astimezone(tz).date() if sent_at.tzinfo else sent_at.date()
    wanted = reply.times_wanted()
    corrected = _corrected_slot(reply, wanted, offered, tz, today)
    if corrected:
        return corrected
    found = fitting_slots(wanted, offered, tz, today=today)
    asked = proposed_times(wanted, sent_at, tz, offered=offered)
    asked = [moment for moment in asked if moment not in offered]
    times = tuple(moment.isoformat() for moment in asked)
    moved = reply.first("reschedule") or _same_day(asked, found.indexes, offered)
    if found.unmatched and asked and moved:
        # "Thursday works, but could we start at 11 instead?" asks to move, not to book.
        return _Decision("reschedule", LIKELY, f'asks for "{found.unmatched}"', proposed=times)
    ordered = _by_order(reply, found.indexes or tuple(range(1, len(offered) + 1)), offered)
    if ordered:
        return ordered
    shift = reply.first("time_shift", outside_questions=False)
    if len(found.indexes) == 1 and shift:  # "Thursday, but could it be an hour later?"
        return _Decision("reschedule", LIKELY, f'slot {found.indexes[0]} moved: "{shift}"')
    if len(found.indexes) == 1:
        why = f'slot {found.indexes[0]}: matched "{found.words}"'
        if found.unmatched:  # "Tuesday at 2, or Friday at 10 if easier"
            why += f'; also mentions "{found.unmatched}"'
            return _Decision("choose", HINT, why, choice=found.indexes[0], proposed=times)
        reservation = reply.reservation()
        if reservation:  # "Tuesday is good for me, but not for the actress"
            why = f'slot {found.indexes[0]} with a reservation: "{reservation[:QUOTE_MAX]}"'
            return _Decision("unclear", DOUBT, why, conditional=True)
        if not reply.answers_with_time(wanted):  # "THE SHOW OPENS FRIDAY.": a mention
            return _Decision("unclear", DOUBT, f"names slot {found.indexes[0]} in passing ({why})")
        return _Decision("choose", SURE, why, choice=found.indexes[0])
    if found.indexes:
        return _Decision("unclear", DOUBT, f'"{found.words}" fits slots {list(found.indexes)}')
    by_number = _number_refs(reply, len(offered)) if not found.unmatched else []
    by_number = [ref for ref in by_number if wanted[ref.start : ref.end].strip()]
    if len({ref.option for ref in by_number}) == 1:
        said = reply.clause_quote(by_number[0].start)
        return _Decision("choose", PLAIN, f'matched "{said}"', choice=by_number[0].option)
    return _reschedule_or_confirm(reply, found.unmatched, times, len(offered))


def _same_day(asked: list[datetime], found: tuple[int, ...], offered: list[datetime]) -> bool:
    """ "Tuesday's fine, but 3pm rather than 2": another time on a day the reply accepts."""
    days = {offered[index - 1].date() for index in found}
    return any(moment.date() in days for moment in asked)


def _corrected_slot(
    reply: _Reply, wanted: str, offered: list[datetime], tz: ZoneInfo, today: date
) -> _Decision | None:
    """ "Thursday at 10 – oh wait, we have a rehearsal. Make it Tuesday at 2.": the slot
    named after the writer's last correction of themselves."""
    for marker in reversed(reply.find("self_correction")):
        if reply.negated(marker.start()):
            continue
        tail = " " * marker.start() + wanted[marker.start() :]
        found = fitting_slots(tail, offered, tz, today=today)
        if len(found.indexes) == 1 and not found.unmatched:
            earlier = fitting_slots(wanted[: marker.start()], offered, tz, today=today)
            if earlier.indexes or earlier.unmatched:
                why = f'slot {found.indexes[0]}: corrected to "{found.words}"'
                return _Decision("choose", PLAIN, why, choice=found.indexes[0])
        return None
    return None


def _by_order(reply: _Reply, pool: tuple[int, ...], offered: list[datetime]) -> _Decision | None:
    """ "The later one": the later (or earlier) of exactly two slots the reply leaves open."""
    match = _comparative_pattern().search(reply.folded)
    if not match or len(pool) != 2 or reply.in_question(match.start()):
        return None
    earlier, later = sorted(pool, key=lambda index: offered[index - 1])
    choice = later if _folded_comparatives()[match["c"]] == 0 else earlier
    said = reply.clause_quote(match.start())
    confidence = SURE if reply.marked() else PLAIN
    return _Decision("choose", confidence, f'slot {choice}: "{said}"', choice=choice)


@cache
def _folded_comparatives() -> dict[str, int]:
    return {fold(word): value for word, value in merged_table("comparatives").items()}


def _reschedule_or_confirm(
    reply: _Reply, unmatched: str, times: tuple[str, ...], offered: int
) -> _Decision:
    if times:
        return _Decision("reschedule", LIKELY, f'asks for "{unmatched}"', proposed=times)
    refusal = reply.first("reschedule") or reply.general_refusal()
    if unmatched:  # "Friday the 30th" when the 30th is a Thursday: ask, do not guess
        why = f'wants another time: "{unmatched}", none resolved'
        return _Decision("reschedule", LIKELY if refusal else DOUBT, why)
    if refusal:
        return _Decision("reschedule", LIKELY, f'wants another time: "{refusal}"')
    ruled_out = reply.first("unavailable")
    if ruled_out:  # "Tuesday doesn't work": the other slots are still open
        return _Decision(
            "unclear", DOUBT, f'rules a time out: "{reply.clause_quote_of(ruled_out)}"'
        )
    agreement = reply.first("approve_strong") or reply.first("available")
    if not agreement and reply.short:
        agreement = reply.first("approve_weak")
    if offered == 1 and agreement:
        return _Decision("choose", PLAIN, f'accepts the only slot: "{agreement}"', choice=1)
    return _Decision("unclear", NOTHING, "names no offered slot")


# --- payment ----------------------------------------------------------------------


def _read_payment(reply: _Reply, milestone: str = "") -> _Decision:
    # Promises and denials first, so "will be paid" and "haven't paid" are not read as "paid".
    not_sent = reply.find("payment_not_sent")
    promises = reply.find("payment_promise", avoid=not_sent)
    claims = reply.find("payment_claim", outside_questions=True, avoid=not_sent + promises)
    # Not negated ("never paid"), and not the studio's doing ("the invoice you sent today").
    claims = [m for m in claims if not reply.negated(m.start()) and not reply.by_studio(m)]
    if not claims:  # "Done!", "Sent.": a claim only as the whole answer
        done = reply.find("payment_done", outside_questions=True, avoid=not_sent + promises)
        claims = [m for m in done if reply.bare_sentence(m.start(), set(_WORD.findall(m.group(0))))]
    belief = [m for m in reply.find("uncertain") if any(reply.same_sentence(m, c) for c in claims)]
    if belief:  # "I think our office paid it": someone has to check
        why = f'unsure: "{reply.quote(belief[0])}" … "{reply.quote(claims[0])}"'
        return _Decision("unclear", DOUBT, why)
    other = _other_milestone(reply, milestone) if claims else ""
    if other:  # "we paid the deposit" when the mid-project payment is asked for
        why = (
            f'claims payment ("{reply.quote(claims[0])}") but names "{other}", not the {milestone}'
        )
        return _Decision("payment_sent", HINT, why)
    # "We paid this back in December", "you've already received it": a claim disputing the
    # reminder; it may stand, but a person checks the books and answers.
    dispute = reply.first("payment_dispute", outside_questions=True) if claims else ""
    if dispute:
        why = f'claims payment ("{reply.quote(claims[0])}") disputing the request: "{dispute}"'
        return _Decision("payment_sent", HINT, why)
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


def _other_milestone(reply: _Reply, milestone: str) -> str:
    """Words naming another payment than the one asked for, when the reply names only
    others ("the deposit" for a final payment); "" when it names the asked one, or none."""
    table = {fold(name): tuple(words) for name, words in merged_table("milestones").items()}
    asked = table.get(fold(milestone))
    if not asked or _words_pattern(asked).search(reply.folded):
        return ""
    for name, words in table.items():
        found = _words_pattern(words).search(reply.folded) if name != fold(milestone) else None
        if found and not reply.in_question(found.start()):
            return reply.quote(found)
    return ""


@lru_cache(maxsize=32)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{longest_first(list(words))})(?!\w)")


# --- the reply as text -------------------------------------------------------------


class _Reply:
    """A reply prepared for reading: sign-off dropped, typos mended, folded for matching,
    questions found."""

    def __init__(self, text: str, typo_targets: frozenset[str] = frozenset()) -> None:
        cleaned = strip_contact_block(strip_signoff(text)).translate(_QUOTES).strip()
        self.text, self.corrections = _mend_typos(_unwrap(cleaned), typo_targets)
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
        return " ".join(_WORD.findall(self._affirmed[start:position])[-count:])

    def negated(self, position: int, reach: int = NEGATION_WORDS) -> bool:
        return bool(word_pattern("negators").search(self.words_before(position, reach)))

    def words_after(self, position: int, key: str, reach: int) -> bool:
        """A phrase of `key` within `reach` words after position, in the same clause."""
        _, end = self.clause(position)
        found = word_pattern(key).search(self.folded, position, end)
        return bool(found) and len(_WORD.findall(self.folded[position : found.start()])) < reach

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
        words = " ".join(_WORD.findall(before)[-APPROVAL_NEGATION_WORDS:])
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
        return self._follows(position, "post_negators")

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
        words = " ".join(_WORD.findall(before)[-VOLITION_WORDS:])
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
        words = _WORD.findall(gap)
        joining = [word for word in words if _alternative().fullmatch(word)]
        rest = [word for word in words if not _alternative().fullmatch(word)]
        return len(joining) == 1 and all(
            word in _stopwords() or _is_option_noun(word) for word in rest
        )

    def apposition(self, end: int, start: int) -> bool:
        """Whether only punctuation and empty words stand between two places."""
        gap = self.folded[end:start]
        if re.search(r"[.!?\n]", gap):
            return False
        return all(word in _APPOSITION or _empty_word(word) for word in _WORD.findall(gap))

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
        words = _WORD.findall(self.folded[self.clause(start)[0] : start])[-STREET_WORDS:]
        return bool(words and word_pattern("street_words").search(" ".join(words)))

    def bare_clause(self, position: int, words: set[str]) -> bool:
        """Whether the clause around a position says nothing but these words and empty ones."""
        start, end = self.clause(position)
        text = word_pattern("choice_after").sub(" ", self.folded[start:end])
        return all(w in words or _empty_word(w) for w in _WORD.findall(text))

    def bare_sentence(self, position: int, words: set[str]) -> bool:
        """Whether the sentence around a position says nothing but these words, greetings,
        thanks and agreement ("Fine, the satin.", "Sent.")."""
        start, end = self.sentence(position)
        text = self.folded[start:end]
        for key in ("approve_weak", "choice_after", "courtesy", "acknowledgement"):
            text = word_pattern(key).sub(" ", text)
        rest = [w for w in _WORD.findall(text) if w not in words and not _empty_word(w)]
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
            rest = _WORD.findall(fold(without_times(clause)))
            if all(_empty_word(word) or word in _at_words() for word in rest):
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
        words = [word for word in _WORD.findall(statements) if not filler.fullmatch(word)]
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


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


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
    return bool(word_pattern("filler").fullmatch(word)) or word in _stopwords()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(fold(word) for word in merged("stopwords"))


@cache
def _articles() -> frozenset[str]:
    return frozenset(fold(word) for word in merged("articles"))


@cache
def _at_words() -> frozenset[str]:
    return frozenset(fold(word) for word in merged("at_words") + merged("clock_words"))


@cache
def _feeling() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{longest_first(merged('feelings'))})(?!\w)")


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


# --- typos --------------------------------------------------------------------------


def _typo_targets(question: Question | None) -> frozenset[str]:
    """The words of this question's options a typo may stand for ("chifon" for "chiffon")."""
    if question is None or question.kind != "choice":
        return frozenset()
    lettered = _is_lettered(question.options)
    texts = tuple(
        _lettered_label().sub("", fold(option), count=1) if lettered else fold(option)
        for option in question.options
    )
    stems = set().union(*_distinctive_words(texts)) if texts else set()
    return frozenset(
        word
        for text in texts
        for word in _OPTION_WORD.findall(text)
        if len(word) >= TYPO_MIN_LETTERS and _stem(word) in stems
    )


def _mend_typos(text: str, extra: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
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


TypoIndex = tuple[frozenset[str], dict[str, frozenset[str]]]


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
