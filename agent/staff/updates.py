"""Commands that record what the studio did: phase, note, payment, delivery date,
milestone, pause and resume (each reuses agent.records, so the CLI and email agree)."""

from __future__ import annotations

from datetime import date

from agent import records
from agent.model import PHASES, Order
from agent.orders import OrderError
from agent.records import add_note, mark_paid, milestone_done, move_delivery, set_phase
from agent.staff.command_text import Command, command_tables, phrase_pattern
from agent.staff.desk import Desk, take_date
from agent.staff.order_form import payment_name

# Words left around a milestone's name once its date is out: "first fitting is done on".
LINKING_WORDS = {"is", "was", "on", "at"}


def phase(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    if not command.rest:
        raise OrderError(f"which phase? One of {', '.join(PHASES)}")
    changed = set_phase(order, command.rest, desk.now, desk.by)
    desk.save(changed)
    return [f"{order.id} is now in {changed.phase} (it was in {order.phase})."]


def note(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    if not command.rest:
        raise OrderError("the note is empty; write it after the word note")
    desk.save(add_note(order, command.rest, desk.now, desk.by))
    return [f"{order.id}: note added: {command.rest}"]


def paid(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    day, words = take_date(command.rest)
    if not words:
        raise OrderError("which payment? deposit, mid-project or final")
    milestone = payment_name(words)
    changed = mark_paid(order, milestone, day or desk.today(), desk.now, desk.by)
    desk.save(changed)
    said = [f"{order.id}: {milestone} payment recorded as received on {day or desk.today()}."]
    if changed.phase != order.phase:
        said.append(f"Work had been paused for it: {order.id} is back in {changed.phase}.")
    return said


def delivery(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    day, reason = take_date(command.rest)
    if day is None:
        raise OrderError("give the new date like 2026-03-12, then why it moves")
    if not reason:
        raise OrderError("say why the date moves, after the date: the client's update quotes it")
    changed, drafts = move_delivery(order, day, reason, desk.config, desk.now, desk.by)
    desk.save(changed, *drafts)
    said = [f"{order.id}: delivery moved to {day} (it was {order.delivery_date}): {reason}."]
    if drafts:
        days = desk.config.policy.delay_escalation_days
        said.append(f"That is over {days} days past the promised date: the sales director is told.")
    return said


def milestone(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    day, words = take_date(command.rest)
    planned = _planned_name(words)
    if planned is not None:
        return _replan(desk, order, planned, day)
    name = _without_done_words(words)
    if not name:
        raise OrderError("which milestone? e.g. first fitting, design approval")
    desk.save(milestone_done(order, name, day or desk.today(), desk.now, desk.by))
    return [f"{order.id}: milestone {name.lower()} done on {day or desk.today()}."]


def pause(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    if order.phase == "Paused":
        raise OrderError(f"{order.id} is already paused (it was in {order.paused_from})")
    desk.save(set_phase(order, "Paused", desk.now, desk.by))
    return [f"{order.id} is paused (it was in {order.phase}); resume brings it back there."]


def resume(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    if order.phase != "Paused":
        raise OrderError(f"{order.id} is not paused (it is in {order.phase})")
    if not order.paused_from:
        raise OrderError(f"I do not know its phase before the pause; set it: {order.id} phase …")
    desk.save(set_phase(order, order.paused_from, desk.now, desk.by))
    return [f"{order.id} resumed: back in {order.paused_from}."]


def _replan(desk: Desk, order: Order, name: str, day: date | None) -> list[str]:
    if day is None:
        raise OrderError("give the planned day like 2026-03-05, after the milestone")
    desk.save(records.plan_milestone(order, name, day, desk.now, desk.by))
    return [f"{order.id}: {' '.join(name.lower().split())} now planned for {day}."]


def _planned_name(words: str) -> str | None:
    """ "final fitting planned for" -> "final fitting"; None when the line does not re-plan."""
    lowered = words.lower()
    for phrase in sorted(command_tables()["planned_words"]["words"], key=len, reverse=True):
        if lowered.endswith(f" {phrase}"):
            return words[: -len(phrase)].strip()
    return None


def _without_done_words(text: str) -> str:
    """ "the first fitting is done on" -> "first fitting": the command itself says it is
    done, and the date it was done on has been taken out."""
    words = text.split()
    done = phrase_pattern(command_tables()["done_words"]["words"], whole=True)
    while words and (done.match(words[-1]) or words[-1].lower() in LINKING_WORDS):
        words.pop()
    if words and words[0].lower() == "the":
        words.pop(0)
    return " ".join(words)
