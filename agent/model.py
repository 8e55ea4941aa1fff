"""The agent's records: orders and what hangs off them, readings of replies.

Records are dataclasses that round-trip through plain JSON dicts, so the store
keeps what a person can read and the workflow can work on copies.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Self

from agent.plan import default_plan

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
    slots: list[str] = field(default_factory=list)
    milestone: str = ""
    amount: float = 0.0
    due: str = ""
    status: str = "open"
    answer: dict[str, Any] | None = None
    # The change order this approval question asks about, if any.
    change_order: str = ""
    # A choice about an issue: what happened (situation, impact, plan) and the option the
    # studio recommends (its number; 0 for none).
    issue: dict[str, str] = field(default_factory=dict)
    recommended: int = 0
    # When the agent started tracking it, if later than asked_at (an AM's email attached
    # days after it was written): its reminders count from here.
    opened_at: str = ""

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
    # A change order's own deposit names its change order (its percent is of the change);
    # it comes to be when the client approves, and is invoiced no earlier.
    change_order: str = ""
    created_at: str = ""


CHANGE_ORDER_STATUSES = ("proposed", "awaiting_sd", "sent", "approved", "declined")


@dataclass
class ChangeOrder(Record):
    """A requested change: itemised cost and timeline impact, approved in writing.

    `items` are {"description", "amount"}; `evidence` holds the client's reply that
    decided it (its Message-ID, sender, date and text): an approving reply is the
    written approval.
    """

    id: str
    items: list[dict[str, Any]]
    total: float
    days: int
    reason: str
    created_at: str
    status: str = "proposed"
    question_id: str = ""
    sd_approved_at: str = ""
    decided_at: str = ""
    evidence: dict[str, Any] | None = None


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
    # When it went out (recorded since the weekly update shows only news since the last).
    at: str = ""


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
    # The value signed for; contract_value adds the approved change orders to it.
    original_contract_value: float = 0.0
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
    # The payment whose lateness paused the work; empty when a person paused it.
    paused_for_payment: str = ""
    delivery_reason: str = ""
    # The delivery date the sales director was last told about, so one slip escalates once.
    escalated_delivery: str = ""
    away_until: str = ""
    change_orders: list[dict[str, Any]] = field(default_factory=list)
    # When each milestone is planned (agent.plan); `milestones` says when each was done.
    plan: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Orders stored before change orders existed were never changed: signed == current.
        self.original_contract_value = self.original_contract_value or self.contract_value
        if not self.plan and self.created_at and self.delivery_date:
            # Stored before plans existed: the template from signing to today's promise.
            signed = date.fromisoformat(self.created_at[:10])
            self.plan = default_plan(signed, date.fromisoformat(self.delivery_date))

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

    def change_order(self, change_id: str) -> ChangeOrder | None:
        for raw in self.change_orders:
            if raw["id"].upper() == change_id.strip().upper():
                return ChangeOrder.from_dict(raw)
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


def next_order_id(orders: list[Order]) -> str:
    """The id after the highest one in use: ORD-0001, ORD-0002, …"""
    numbers = [int(o.id.rpartition("-")[2]) for o in orders if o.id[-4:].isdigit()]
    return f"ORD-{max(numbers, default=0) + 1:04d}"
