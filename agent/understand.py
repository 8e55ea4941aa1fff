"""One message and its open question to a Reading: machines first, then the reply reader."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.model import Question, Reading
from agent.parsers.envelope import InboundMail
from agent.parsers.reading import read_reply
from agent.parsers.reply_text import extract_reply
from agent.rules import machine_kind


def understand(
    mail: InboundMail, question: Question | None, tz: ZoneInfo, threshold: float, now: datetime
) -> Reading:
    """Read `mail` against `question`; `now` stands in for a missing Date header."""
    machine = machine_kind(mail)
    if machine is not None:
        why = f"rules fired: {', '.join(machine.fired)}"
        return Reading(intent=machine.kind, confidence=1.0, why=why)
    text = extract_reply(mail.text, mail.html)
    return read_reply(question, text, mail.date or now, tz, threshold=threshold)
