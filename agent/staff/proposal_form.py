"""The lines under a `change order` or an `issue` command, as a person types them, turned
into what a change order and an issue's question need (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.orders import OrderError
from agent.staff.command_text import BULLET, FIELD_LINE, OPTION_LINE, command_tables
from agent.staff.order_form import money

SEPARATOR = re.compile(r"\s*[=:]\s*")
DAYS = re.compile(r"^\+?\s*(\d{1,3})\s*(?:(?:working|calendar)\s+)?(days?|d|weeks?|w)?\b", re.I)
NUMBER = re.compile(r"\d{1,2}")


@dataclass(frozen=True)
class ChangeForm:
    items: list[str]  # "Description=amount", as agent.change_orders.propose takes them
    days: int
    reason: str


@dataclass(frozen=True)
class IssueForm:
    about: str
    details: dict[str, str]  # situation, and impact and plan when given
    options: list[str]
    recommended: int  # the option's number, 0 for none


def change_form(rest: str, block: tuple[str, ...]) -> ChangeForm:
    """Items, timeline and reason; the words after `change order` may give the reason."""
    items: list[str] = []
    fields: dict[str, str] = {}
    for line in block:
        text = BULLET.sub("", line)
        key, value = (SEPARATOR.split(text, maxsplit=1) + [""])[:2]
        name = field_name(key, "change_order_fields")
        if name:
            fields[name] = value.strip()
        else:
            items.append(_item(text, line))
    if not items:
        raise OrderError("list what changes, one item a line: - Hand-beaded bodices: 2400")
    if "timeline" not in fields:
        raise OrderError("add the timeline impact: timeline: +5 days (or timeline: no change)")
    reason = fields.get("reason") or rest
    if not reason:
        raise OrderError("add why the change is needed (the client reads it): reason: …")
    return ChangeForm(items, timeline_days(fields["timeline"]), reason)


def _item(text: str, line: str) -> str:
    """ "Hand-beaded bodices: 2,400" -> "Hand-beaded bodices=2400.00"."""
    description, _, amount = text.rpartition("=") if "=" in text else text.rpartition(":")
    try:
        value = money(amount)
    except OrderError as exc:
        raise OrderError(f'"{line}" has no amount; write it like - Bodices: 2400') from exc
    return f"{description.strip()}={value:.2f}"


def timeline_days(text: str) -> int:
    """ "+5 days" -> 5, "2 weeks" -> 14, "no change" -> 0."""
    words = text.strip().strip(".").lower()
    if words in command_tables()["change_order_fields"]["no_change"]:
        return 0
    found = DAYS.match(words)
    if found is None:
        raise OrderError(f'timeline "{text}": write +5 days, 2 weeks or no change')
    weeks = (found.group(2) or "d").startswith("w")
    return int(found.group(1)) * (7 if weeks else 1)


def issue_form(rest: str, block: tuple[str, ...]) -> IssueForm:
    """What happened and the client's options; the words after `issue` say what it is about."""
    details: dict[str, str] = {}
    options: list[str] = []
    for line in block:
        found = FIELD_LINE.match(BULLET.sub("", line))
        name = field_name(found.group(1), "issue_fields") if found else ""
        if found and name:
            details[name] = found.group(2).strip()
        elif OPTION_LINE.match(line):
            options.append(BULLET.sub("", line))
        else:
            raise OrderError(f'"{line}": an issue takes situation:, impact:, plan:, 1. options')
    if not rest:
        raise OrderError("say what the issue is about after the word issue: issue fabric delayed")
    if "situation" not in details:
        raise OrderError("add what happened, for the client: situation: …")
    if len(options) < 2:
        raise OrderError("give the client at least two options, one a line: 1. Wait for the silk")
    recommended = _recommended(details.pop("recommendation", ""), len(options))
    return IssueForm(rest, details, options, recommended)


def _recommended(text: str, count: int) -> int:
    if not text:
        return 0
    found = NUMBER.search(text)
    if found is None or not 1 <= int(found.group(0)) <= count:
        raise OrderError(f'recommendation "{text}": the number of an option, 1 to {count}')
    return int(found.group(0))


def field_name(key: str, table: str) -> str:
    """The field `key` names in commands.toml's `table`, or "" if none."""
    wanted = " ".join(key.lower().split())
    for name, phrases in command_tables()[table].items():
        if wanted in phrases and name != "no_change":
            return str(name)
    return ""
