"""An account manager's one-line answer to a hand-off ("approve", "option 2", "fitting 2",
"ignore"), applied to the question the hand-off was about as if the client had been clear.
A change order is the exception: it needs the client's written approval, so the AM may
decline it or leave it, never approve it for the client.

The answer is recorded as decided by the AM (history and the question's answer name
them); the client gets the usual confirmation, on the thread of the reply that was
handed off.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.clock import iso, parse_iso
from agent.config import Config
from agent.drafts import Drafter
from agent.model import HistoryEntry, Order, Question, Reading
from agent.orders import OrderError
from agent.outbox import Draft
from agent.parsers.envelope import InboundMail
from agent.sent import record_sent, replied_to
from agent.staff.command_text import (
    beyond_courtesy,
    command_tables,
    phrase_pattern,
    without_courtesy,
)
from agent.workflow import apply_answer

HOW_TO_ANSWER = "one line: approve, decline, option 2, fitting 2 or ignore"
HOW_TO_ANSWER_CHANGE = "one line: decline or ignore (the client approves a change order)"
WORDS_FOR = {"approval": {"approve", "decline"}, "payment": {"approve"}}


@dataclass(frozen=True)
class HandoffAnswer:
    intent: str  # approve, decline, choose or ignore
    line: str
    choice: int | None = None


def read_answer(text: str) -> HandoffAnswer | None:
    """The AM's new text as a hand-off answer, or None. The answer is the whole text, on
    one line; a greeting or a close may stand around it, nothing else: "Ok, thanks!" above
    "I will call Laura tomorrow" is not a decision."""
    lines = [row.strip() for row in text.splitlines() if row.strip()]
    said = beyond_courtesy(lines) or lines[:1]
    if len(said) != 1:
        return None
    line = said[0]
    answers = command_tables()["answers"]
    core = without_courtesy(line)
    for intent in ("approve", "decline", "ignore"):
        if phrase_pattern(answers[intent], whole=True).match(core):
            return HandoffAnswer(intent, line)
    number = re.search(r"(\d{1,2})\s*[.!]*\s*$", core)
    words = core[: number.start()].strip() if number else ""
    if number and (not words or phrase_pattern(answers["choose"], whole=True).match(words)):
        return HandoffAnswer("choose", line, int(number.group(1)))
    return None


def how_to_answer(order: Order, sent: dict[str, Any]) -> str:
    """The answers the AM may give to this hand-off, for a line that could not be used."""
    question = order.question(sent.get("question_id", ""))
    return HOW_TO_ANSWER_CHANGE if question and question.change_order else HOW_TO_ANSWER


def handoff_for(mail: InboundMail, orders: list[Order]) -> tuple[Order, dict[str, Any]] | None:
    """The hand-off this mail replies to: its order and what was recorded when it went out."""
    return replied_to(mail.thread_ids, orders, "handoff")


def apply_handoff_answer(
    order: Order,
    sent: dict[str, Any],
    answer: HandoffAnswer,
    mail: InboundMail,
    config: Config,
    now: datetime,
) -> tuple[Order, list[Draft], list[str]]:
    """The order with the answer applied, the client's confirmation, and what to tell the AM."""
    order = copy.deepcopy(order)
    if answer.intent == "ignore":
        entry = HistoryEntry(
            iso(now), "hand-off ignored", answer.line, mail.from_addr, mail.message_id
        )
        order.history.append(entry.to_dict())
        return order, [], [f"{order.id}: left as it is; nothing was sent to the client."]
    question = _open_question(order, sent.get("question_id", ""))
    drafter = Drafter(config, now)
    reading = _reading(question, answer)
    client_reply = _client_reply(order, sent)
    order, summary, changed = apply_answer(order, question, reading, mail, drafter, client_reply)
    confirmation = drafter.confirmation(client_reply, order, question, summary)
    record_sent(order, confirmation, "confirmation", question.id, drafter.now)
    said = f"{order.id}: recorded as your decision: {summary}. {sent['reply_from']} was told."
    return order, [confirmation, *changed], [said]


def _client_reply(order: Order, sent: dict[str, Any]) -> InboundMail:
    """The client's reply that was handed off, as recorded with the hand-off: the
    confirmation answers it, and a change order keeps it as the written evidence."""
    date = sent.get("reply_date", "")
    return InboundMail(
        message_id=sent["reply_id"],
        from_addr=sent["reply_from"],
        from_name=order.client_name,
        subject=sent["reply_subject"],
        date=parse_iso(date) if date else None,
        text=sent.get("reply_text", ""),
    )


def _open_question(order: Order, question_id: str) -> Question:
    question = order.question(question_id) if question_id else None
    if question is None:
        raise OrderError(
            "that hand-off was about no single question; use a command instead, "
            f"e.g. {order.id} note called the client"
        )
    if not question.is_open:
        settled = (question.answer or {}).get("summary", question.status)
        raise OrderError(f"{question.id} ({question.kind}) is already settled: {settled}")
    return question


def _reading(question: Question, answer: HandoffAnswer) -> Reading:
    why = "decided by the account manager"
    if question.change_order and answer.intent == "approve":
        raise OrderError(
            f"{question.id} is change order {question.change_order}: it changes the contract, "
            "so only the client's written approval approves it, not yours. Answer decline or "
            "ignore, or ask the client again: they reply to the change order email with "
            "their approval, and it is applied as usual"
        )
    if question.kind in WORDS_FOR:
        if answer.intent not in WORDS_FOR[question.kind]:
            words = " or ".join(sorted(WORDS_FOR[question.kind]))
            raise OrderError(f"{question.id} is a {question.kind}: answer {words}")
        intent = "payment_sent" if question.kind == "payment" else answer.intent
        return Reading(intent, 1.0, why, answer.line)
    count = len(question.options or question.slots)
    if answer.choice is None or not 1 <= answer.choice <= count:
        raise OrderError(f"{question.id} is a {question.kind}: answer with a number, 1 to {count}")
    return Reading("choose", 1.0, why, answer.line, choice=answer.choice)
