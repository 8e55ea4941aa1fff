"""The agent's records: orders and what hangs off them, readings of replies.

Records are dataclasses that round-trip through plain JSON dicts, so the store
keeps what a person can read and the workflow can work on copies.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self

PHASES = (
    "Design",
    "Pattern",
    "Construction",
    "Fitting",
    "Final",
    "Delivered",
    "Closed",
    "Paused",
    "Cancelled",
)
CLOSED_PHASES = frozenset({"Delivered", "Closed", "Cancelled"})
QUESTION_KINDS = ("approval", "choice", "fitting", "payment")
INTENTS = (
    "approve",
    "decline",
    "choose",
    "reschedule",
    "payment_sent",
    "question",
    "unclear",
    "auto_reply",
    "bounce",
)


class Record:
    """Mixin: build from a stored dict (ignoring unknown keys) and back."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass
class Question(Record):
    """Something the studio asked the client and is waiting on."""

    id: str
    kind: str
    asked_at: str
    about: str = ""
    options: list[str] = field(default_factory=list)
    recommended: int | None = None  # the option the studio recommends, counted from 1
    slots: list[str] = field(default_factory=list)
    milestone: str = ""
    amount: float = 0.0
    due: str = ""
    status: str = "open"
    answer: dict[str, Any] | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass
class Payment(Record):
    milestone: str
    percent: int
    amount: float
    due: str = ""
    status: str = "due"
    claimed_at: str = ""
    received_at: str = ""


@dataclass
class HistoryEntry(Record):
    at: str
    event: str
    detail: str
    by: str = ""
    message_id: str = ""


@dataclass
class SentMail(Record):
    """A message we sent about an order, so replies to it can be routed."""

    message_id: str
    kind: str
    question_id: str = ""


@dataclass
class Order(Record):
    id: str
    project: str
    client_name: str
    client_emails: list[str]
    am_email: str
    contract_value: float
    delivery_date: str
    original_delivery_date: str = ""
    am_name: str = ""
    phase: str = "Design"
    created_at: str = ""
    last_client_update: str = ""
    questions: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    milestones: dict[str, str] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    paused_from: str = ""
    delivery_reason: str = ""
    away_until: str = ""

    @property
    def is_open(self) -> bool:
        return self.phase not in CLOSED_PHASES

    def open_questions(self) -> list[Question]:
        return [q for q in map(Question.from_dict, self.questions) if q.is_open]

    def question(self, question_id: str) -> Question | None:
        for raw in self.questions:
            if raw["id"] == question_id:
                return Question.from_dict(raw)
        return None


@dataclass(frozen=True)
class Reading:
    """How the agent read one reply against the question it answers."""

    intent: str
    confidence: float
    why: str
    reply_text: str = ""
    choice: int | None = None
    proposed_times: tuple[str, ...] = ()
    dissatisfied: bool = False
    needs_human: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["proposed_times"] = list(self.proposed_times)
        return data
