"""Creating orders and asking clients questions (pure: they return records and drafts)."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from agent.clock import iso
from agent.config import Config
from agent.contract import cents, spread
from agent.drafts import Drafter
from agent.model import HistoryEntry, Order, Payment, Question
from agent.outbox import Draft
from agent.plan import plan_name
from agent.sent import record_sent

ORDER_ID = re.compile(r"ORD-\d{1,8}")
PAYMENT_PLAN = (("deposit", 50), ("mid-project", 25), ("final", 25))
# A date further than this from today is a typo ("9999-12-30"), and the schedule's
# arithmetic on it would run past the calendar's end.
DATE_RANGE_YEARS = 3


class OrderError(Exception):
    """An order file or command that cannot be used; the message says what to fix."""


def load_order_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OrderError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if path.suffix == ".json" else "TOML"
        raise OrderError(f"{path}: not valid {kind}: {exc}") from exc


def new_order(
    data: dict[str, Any], order_id: str, config: Config, now: datetime, by: str = "cli"
) -> Order:
    """Build an order from a file's fields, checking each one a person could get wrong."""
    client = data.get("client", {})
    if not isinstance(client, dict):
        raise OrderError('client: must be a table, e.g. [client] name = "…" emails = ["…"]')
    emails = client.get("emails") or client.get("email") or []
    emails = [emails] if isinstance(emails, str) else emails
    am_email = str(data.get("account_manager", "")).lower()
    am = config.account_manager(am_email)
    if am is None:
        known = ", ".join(p.address for p in config.account_managers)
        raise OrderError(f'account_manager: "{am_email}" is not in agent.toml (known: {known})')
    value = _positive(data.get("contract_value"), "contract_value")
    delivery = _date(data.get("delivery_date"), "delivery_date", now)
    order = Order(
        id=_order_id(data.get("id") or order_id),
        project=_required(data.get("project"), "project"),
        client_name=_required(client.get("name"), "client.name"),
        client_emails=[_email(e) for e in emails] or _missing("client.emails"),
        am_email=am.address.lower(),
        am_name=am.name,
        contract_value=value,
        delivery_date=delivery,
        original_delivery_date=delivery,
        created_at=iso(_signed(data, config, now)),
        payments=_payment_plan(value),
    )
    order.history.append(HistoryEntry(iso(now), "created", order.project, by).to_dict())
    _already_paid(order, data.get("paid", []))
    _planned(order, data.get("plan", {}), now)
    return order


def _payment_plan(value: float) -> list[dict[str, Any]]:
    """The contract's milestones, split in cents; the last takes the rounding cent."""
    payments = [Payment(milestone, percent, 0.0) for milestone, percent in PAYMENT_PLAN]
    spread(payments, cents(value))
    return [p.to_dict() for p in payments]


def _planned(order: Order, wanted: Any, now: datetime) -> None:
    """The days a person chose for some milestones; the others keep the template's."""
    if not isinstance(wanted, dict):
        raise OrderError('plan: a table of milestone = date, e.g. [plan] "first fitting" = …')
    for name, day in wanted.items():
        known = plan_name(str(name), order.plan)
        if known is None:
            raise OrderError(f'plan: "{name}" is not a milestone; use {", ".join(order.plan)}')
        order.plan[known] = _date(day, f"plan: {known}", now)


def _already_paid(order: Order, milestones: Any) -> None:
    """Payments made before the order reached the agent (often the deposit, at signing)."""
    known = [p["milestone"] for p in order.payments]
    if not isinstance(milestones, list) or not set(milestones) <= set(known):
        raise OrderError(f"paid: must list milestones already received, from {known}")
    for payment in order.payments:
        if payment["milestone"] in milestones:
            payment["status"] = "received"


def _signed(data: dict[str, Any], config: Config, now: datetime) -> datetime:
    """When the contract was signed (the deposit falls due then); default: now."""
    if "signed" not in data:
        return now
    day = date.fromisoformat(_date(data["signed"], "signed", now))
    return datetime.combine(day, config.policy.send_time, tzinfo=config.timezone)


def _order_id(value: Any) -> str:
    text = str(value).strip().upper()
    if not ORDER_ID.fullmatch(text):
        raise OrderError(f'id: "{value}" must look like ORD-0042 (it goes in every subject)')
    return text


def _required(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _missing(key)
    return value.strip()


def _missing(key: str) -> Any:
    raise OrderError(f"{key}: missing; see orders/sample-order.toml for the fields")


def _email(value: Any) -> str:
    text = str(value).strip().lower()
    if "@" not in text or " " in text:
        raise OrderError(f'client.emails: "{value}" is not an email address')
    return text


def _positive(value: Any, key: str) -> float:
    if not isinstance(value, int | float) or value <= 0:
        raise OrderError(f"{key}: must be a positive number, e.g. {key} = 18000")
    return float(value)


def _date(value: Any, key: str, now: datetime) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError as exc:
        raise OrderError(f"{key}: must be a date like 2026-03-12") from exc
    return sane_day(day, now, key).isoformat()


def sane_day(day: date, now: datetime, what: str) -> date:
    """`day`, unless it is so far from today that it must be a typo."""
    if abs(day.year - now.year) > DATE_RANGE_YEARS:
        raise OrderError(
            f"{what}: {day} is more than {DATE_RANGE_YEARS} years from today; check the year"
        )
    return day


def ask(
    order: Order,
    kind: str,
    config: Config,
    now: datetime,
    about: str = "",
    options: list[str] | None = None,
    slots: list[str] | None = None,
    by: str = "cli",
    issue: dict[str, str] | None = None,
    recommended: int = 0,
) -> tuple[Order, Draft]:
    """Open a question on a copy of the order and draft the email that asks it; a choice
    with `issue` details is sent as the notification of that issue."""
    options, slots = options or [], [_slot(s, config) for s in slots or []]
    if kind == "choice" and len(options) < 2:
        raise OrderError("a choice needs at least two --option values")
    if recommended and not 1 <= recommended <= len(options):
        raise OrderError(
            f"--recommend {recommended}: give the number of one of the {len(options)} options"
        )
    if kind == "fitting" and not slots:
        raise OrderError("a fitting needs at least one --slot, e.g. --slot 2026-01-27T14:00")
    order = copy.deepcopy(order)
    question = Question(
        id=f"Q{len(order.questions) + 1}",
        kind=kind,
        asked_at=iso(now),
        about=about,
        options=options,
        slots=slots,
        issue=issue or {},
        recommended=recommended,
    )
    order.questions.append(question.to_dict())
    draft = Drafter(config, now).request(order, question)
    record_sent(order, draft, "request", question.id, now)
    detail = f"{question.id}: {kind} {about or ''}".strip()
    order.history.append(HistoryEntry(iso(now), "asked", detail, by).to_dict())
    return order, draft


def _slot(text: str, config: Config) -> str:
    """A slot typed in the studio's local time, stored as aware UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise OrderError(f'--slot "{text}": use a date and time like 2026-01-27T14:00') from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=config.timezone)
    return iso(moment)
