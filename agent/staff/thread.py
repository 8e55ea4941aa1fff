"""The client's replies on an account manager's own thread (pure: facts in, a Decision out).

The AM wrote to the client and is on every reply, so the agent stays quiet there: it
confirms only a clear answer to an open question (through the usual workflow). A reply
that tries to answer but cannot be read with confidence goes to the AM as a hand-off,
so they can settle it in one line and the question's reminders stop; an unhappy client
reaches the sales director, who is not on the thread; anything else is only recorded.
"""

from __future__ import annotations

import copy
from datetime import datetime

from agent.clock import iso
from agent.config import Config
from agent.drafts import Drafter
from agent.model import HistoryEntry, Order, Reading
from agent.parsers.envelope import InboundMail
from agent.routing import Route
from agent.staff.adoption import AM_MAIL, AM_THREAD, thread_question
from agent.workflow import Decision, answers, handoff

NOT_ANSWERS = ("unclear", "question")


def on_am_thread(mail: InboundMail, order: Order) -> bool:
    """Whether the mail replies within a thread the AM wrote on (with the agent in copy)."""
    am_ids = {s["message_id"] for s in order.sent if s["kind"] in (AM_MAIL, AM_THREAD)}
    return bool(am_ids & set(mail.thread_ids))


def client_on_am_thread(
    mail: InboundMail, where: Route, reading: Reading, config: Config, now: datetime
) -> Decision | None:
    """None when the reply answers an open question: the usual workflow applies and confirms."""
    assert where.order is not None, "only routed mail is on a thread"
    # Only the question the thread is about: the AM's talk may ask things nobody tracks,
    # and "Yes, fine" to those must not approve the order's one other open question.
    named = thread_question(mail.thread_ids, where.order)
    question = where.question if where.question and where.question.id == named else None
    if question is not None and answers(question, reading):
        return None
    order = copy.deepcopy(where.order)
    drafter = Drafter(config, now)
    if reading.dissatisfied:
        _remember(order, now, "escalated", "client dissatisfied", mail)
        drafts = [drafter.escalation(mail, order, reading)]
        return Decision("escalated", reading.why, order=order, drafts=drafts, reading=reading)
    if question is not None and reading.intent not in NOT_ANSWERS:
        _remember(order, now, "handed to AM", reading.why, mail)
        # Recorded as the workflow records it, so the AM's one-line answer settles it.
        drafts = [handoff(mail, order, question, reading, drafter)]
        return Decision("handed-off", reading.why, order=order, drafts=drafts, reading=reading)
    _remember(order, now, "client mail", "on the AM's thread; not answered", mail)
    detail = "client on the AM's thread; the AM is on it, nothing sent"
    return Decision("recorded", detail, order=order, reading=reading)


def _remember(order: Order, now: datetime, event: str, detail: str, mail: InboundMail) -> None:
    entry = HistoryEntry(iso(now), event, detail, mail.from_addr, mail.message_id)
    order.history.append(entry.to_dict())
