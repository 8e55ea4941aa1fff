"""A client's reply read against the open question: a typed decision and the words behind it.

Every rule leans to safety. A reply that could be read two ways goes to a person
(needs_human) with the agent's best reading, because a wrong approval or choice
applied by the agent costs far more than a hand-off. A decision that comes with a
question to the studio keeps its reading but goes to a person too, so the question
is answered. The vocabulary (approve, hedge, negation, payment words, ordinals…)
lives in phrases.toml. This module prepares the reply (prepared_reply) and hands it to
the reader of the question's kind: approval, choice (with option_refs), fitting, payment.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from agent.model import QUESTION_KINDS, Question, Reading
from agent.parsers.approval import read_approval
from agent.parsers.choice import read_choice
from agent.parsers.decision import ASKING, DOUBT, NOTHING, Decision
from agent.parsers.fitting import read_fitting
from agent.parsers.payment import read_payment
from agent.parsers.pointed_lines import is_pointer
from agent.parsers.prepared_reply import Reply
from agent.parsers.time_mentions import names_time_or_date
from agent.parsers.typos import option_typo_targets

# Below this confidence a reading goes to a person (agent.toml's policy may set another).
THRESHOLD = 0.75
# A reply longer than this (after its history was removed) is a document, not an answer:
# the reader reads its start for a best reading and always hands it to a person. It also
# keeps a pasted 100 KB text from costing the reader more than a few milliseconds.
READ_MAX_CHARS = 10_000
# Of such a document, this much is read for the best reading (a person gets it anyway).
HEAD_CHARS = 4_000
# A negator at most this many words before a hedge undoes it ("no need to check with…").
HEDGE_NEGATION_WORDS = 2
# A text with more than this share of control or replacement characters is not a reply.
GARBLED_SHARE = 0.1
# extract_reply's form of an answer pointing at the quoted line above it ("^ this one").
_POINTED = re.compile(r"^> (?P<line>[^\n]+)\n(?P<pointer>[^\n]{1,30})$", re.MULTILINE)
# The replacement character and the control characters other than tab and line breaks.
_GARBLED_CHARS = "\ufffd" + "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")
# What makes a question part of a conditional answer ("Approved, but could you change…?").
_CATCH_KEYS = (
    "change_request", "conditional", "partial", "decline", "decline_weak", "contrastive",
    "if_words",
)  # fmt: skip


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
        decision = Decision("unclear", 0.0, "cannot read: the text is mostly binary or garbled")
        return _reading(decision, text, threshold, dissatisfied=False)
    read, pointed = _pointed_lines(_head(text))
    reply = Reply(read, option_typo_targets(question))
    if reply.text:
        decision = _decide(question, reply, sent_at, tz)
    else:
        decision = Decision("unclear", 0.0, "the reply has no new text")
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


def _reading(decision: Decision, text: str, threshold: float, *, dissatisfied: bool) -> Reading:
    undecided = decision.intent in ("unclear", "question")
    # An unhappy client gets a person whatever they decided: the reading says so itself.
    # So does a wish to move with no time resolved ("none of those work, send new dates"):
    # only a person can offer new slots.
    unresolved = decision.intent == "reschedule" and not decision.proposed
    human = decision.confidence < threshold or undecided or decision.asks or dissatisfied
    human = human or unresolved
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


def _decide(question: Question | None, reply: Reply, sent_at: datetime, tz: ZoneInfo) -> Decision:
    if question is None or question.kind not in QUESTION_KINDS:
        return Decision("unclear", NOTHING, "no open question to read the reply against")
    beyond = reply.first("not_an_answer")
    if beyond:  # cancelling, a new contact, a wrong recipient: bigger than the question
        return Decision("unclear", DOUBT, f'more than an answer: "{beyond}"')
    # A negator right before a hedge undoes it ("no need to check with…"); one further back
    # belongs to another verb ("didn't go ahead until we've spoken").
    hedge = reply.first("hedge", reach=HEDGE_NEGATION_WORDS)
    if hedge:
        return Decision("unclear", DOUBT, f'not a decision yet: "{hedge}"')
    if question.kind == "approval":
        return read_approval(reply, question)
    if question.kind == "payment":
        return read_payment(reply, question.milestone, question.amount)
    if question.kind == "choice":
        decision = read_choice(reply, question)
    else:
        decision = read_fitting(reply, question.slots, sent_at, tz)
    condition = reply.first("if_words", outside_questions=True)
    if decision.intent == "choose" and condition:  # "if it's under an hour, Friday works"
        why = f'conditional: {decision.why} with "{reply.clause_quote_of(condition)}"'
        return Decision("unclear", DOUBT, why, conditional=True)
    return decision


def _asks_to_move(reply: Reply) -> bool:
    """Whether each question is the request to move, naming a time or asking to move ("could
    we do Friday at 3?", "can we do the 30th?"), not another one beside a time read from a
    statement ("Wednesday – is it ok if we're 15 minutes late? Rehearsal ends at 15:15.")."""
    return all(
        names_time_or_date(_whole_question(reply, start, end)) or reply.asks_any(("reschedule",))
        for start, end in reply.asks
    )


def _whole_question(reply: Reply, start: int, end: int) -> str:
    """A question with the sentence before it when it goes on from one cut at an
    abbreviation ("Kan vi ta torsdag kl. 15?")."""
    said = reply.text[start:end].strip()
    if said[:1].isupper() or not reply.text[:start].rstrip().endswith("."):
        return said
    return reply.text[reply.sentence(start - 1)[0] : end]


def _weigh_question(decision: Decision, reply: Reply, threshold: float) -> Decision:
    """A question to the studio goes to a person: with a confident decision, the decision
    stands beside it; a reservation that is itself the question ("Approved, but could you
    change the collar?") stays a reservation; anything else is read as the question."""
    asked = reply.question()
    if not asked:
        return decision
    also = f'{decision.why}; also asks "{asked}"'
    # A time read from elsewhere beside a question about something else goes to a person.
    if decision.intent == "reschedule" and (not decision.proposed or _asks_to_move(reply)):
        return replace(decision, why=also)
    if decision.intent != "unclear" and decision.confidence >= threshold:
        return replace(decision, why=also, asks=True)
    if decision.conditional and reply.asks_any(_CATCH_KEYS):
        return replace(decision, why=also)
    return Decision("question", ASKING, f'asks "{asked}"; best reading: {decision.why}')
