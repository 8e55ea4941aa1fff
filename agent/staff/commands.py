"""Staff commands applied to the orders (pure: the orders, the email and `now` in; the
changed orders, the emails to send and one answer per command out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.config import Config
from agent.model import Order
from agent.orders import OrderError
from agent.parsers.envelope import InboundMail
from agent.staff import decisions, proposals, requests, updates
from agent.staff.command_text import Command, example
from agent.staff.desk import Desk
from agent.staff.status import status

# Each command copies its order under the store's lock: an email of thousands of lines
# would hold every other email back for minutes. People send a few; more is a mistake.
MAX_COMMANDS = 50

# What reaches the client, and the words their update quotes (a note, a delivery date's
# reason, a milestone's name), is done only when the line starts with the order id (or its
# command then the id): a sentence that starts with "fitting" or "delivery" in a reply to
# the agent must not email a client or move their date.
CLIENT_FACING = ("kickoff", "ask_approval", "choice", "fitting", "change_order", "issue")
ID_FIRST = {*CLIENT_FACING, "note", "delivery", "milestone"}
ID_FIRST_WHY = (
    "this would reach the client (their update quotes it), so it is done only "
    "when the line starts with the order id, as below; if it was not meant as a command, "
    "nothing happened"
)

# Requests put to a client. The email's files go with the one it holds; with two, which
# file is whose is a guess, and a wrong one sends a client another client's papers.
CLIENT_REQUESTS = {"ask_approval", "choice", "fitting", "change_order", "issue"}
UNCLEAR_FILES_WHY = (
    "not sent: this email has attachments and more than one request to clients, so I "
    "cannot tell whose files they are; send each request in its own email with its files"
)

Handler = Callable[[Desk, Command], list[str]]
HANDLERS: dict[str, Handler] = {
    "new_order": requests.create_order,
    "kickoff": requests.kickoff,
    "ask_approval": requests.ask_approval,
    "choice": requests.choice,
    "fitting": requests.fitting,
    "change_order": proposals.change_order,
    "issue": proposals.issue,
    "approve_change": decisions.approve_change,
    "decline_change": decisions.decline_change,
    "call_client": decisions.call_client,
    "phase": updates.phase,
    "note": updates.note,
    "paid": updates.paid,
    "delivery": updates.delivery,
    "milestone": updates.milestone,
    "pause": updates.pause,
    "resume": updates.resume,
    "status": status,
}


@dataclass(frozen=True)
class Outcome:
    """One command's line in the answer: what it did, or why not and how to write it."""

    command: str
    done: bool
    said: tuple[str, ...]
    example: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "said": list(self.said)}


def apply_commands(
    commands: tuple[Command, ...],
    orders: list[Order],
    mail: InboundMail,
    config: Config,
    now: datetime,
    thread: dict[str, Any] | None = None,
    chatter: tuple[str, ...] = (),
) -> tuple[Desk, list[Outcome]]:
    """Apply each command in turn; one that cannot be used changes nothing and says why.
    `thread` is what was recorded of the agent's email this one replies to; `chatter`
    the email's lines that are no command."""
    desk = Desk({o.id: o for o in orders}, mail, config, now, thread or {}, chatter)
    read = commands[:MAX_COMMANDS]
    asking = sum(command.verb in CLIENT_REQUESTS for command in read)
    unclear_files = bool(mail.attachments) and asking > 1
    outcomes = [_apply(desk, command, unclear_files) for command in read]
    if len(commands) > MAX_COMMANDS:
        outcomes.append(_too_many(commands[MAX_COMMANDS:]))
    return desk, outcomes


def _too_many(left: tuple[Command, ...]) -> Outcome:
    why = (
        f"only the first {MAX_COMMANDS} commands of an email are read; these "
        f"{len(left)} were not: send them in another email"
    )
    return Outcome(left[0].text, False, (why,))


def _apply(desk: Desk, command: Command, unclear_files: bool = False) -> Outcome:
    text = command.text
    if unclear_files and command.verb in CLIENT_REQUESTS:
        return Outcome(text, False, (UNCLEAR_FILES_WHY,), example(command.verb))
    handler = HANDLERS.get(command.verb)
    if handler is None:
        why = f'"{command.rest}" is not a command I know' if command.rest else "no command"
        return Outcome(text, False, (why,), f"{command.order_id} phase construction")
    new_order_kickoff = command.verb == "kickoff" and bool(desk.created)
    if command.verb in ID_FIRST and not command.id_first and not new_order_kickoff:
        return Outcome(text, False, (ID_FIRST_WHY,), example(command.verb))
    try:
        return Outcome(text, True, tuple(handler(desk, command)))
    except OrderError as exc:
        return Outcome(text, False, (str(exc),), example(command.verb))


def all_examples() -> list[str]:
    return [example(verb) for verb in HANDLERS]
