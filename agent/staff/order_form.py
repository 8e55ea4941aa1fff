"""A new order's `key: value` lines, as a person types them, turned into the fields
agent.orders.new_order checks (pure)."""

from __future__ import annotations

import re
from typing import Any

from agent.config import Config
from agent.orders import OrderError
from agent.staff.command_text import FIELD_LINE, command_tables
from agent.staff.desk import take_date

NUMBER = re.compile(r"\d[\d.,' ]*\d|\d")
THOUSANDS = re.compile(r"\s*k\b", re.I)
ADDRESS_SPLIT = re.compile(r"[\s,;]+")
REQUIRED = ("project", "client", "client_emails", "contract_value", "delivery_date")


def order_fields(block: tuple[str, ...], sender: str, config: Config) -> dict[str, Any]:
    """The fields of a new order; the sender is its account manager unless a line says."""
    raw: dict[str, str] = {}
    for line in block:
        found = FIELD_LINE.match(line)
        if found:
            raw[_field_name(found.group(1))] = found.group(2).strip()
    data: dict[str, Any] = {
        "project": raw.get("project", ""),
        "client": {"name": raw.get("client", ""), "emails": _addresses(raw)},
        "account_manager": _manager(raw.get("account_manager", sender), config),
        "contract_value": money(raw["contract_value"]) if "contract_value" in raw else None,
        "delivery_date": raw.get("delivery_date", ""),
    }
    missing = [name for name in REQUIRED if name not in raw]
    if missing:
        names = ", ".join(command_tables()["fields"][name][0] for name in missing)
        raise OrderError(f"missing: {names}; add a `name: value` line for each")
    if "signed" in raw:
        data["signed"] = raw["signed"]
    if "paid" in raw:
        data["paid"] = [payment_name(p) for p in re.split(r"\s*(?:,|\band\b)\s*", raw["paid"])]
    if "plan" in raw:
        data["plan"] = planned_days(raw["plan"])
    return data


def planned_days(text: str) -> dict[str, str]:
    """ "first fitting 2026-02-20; final fitting 2026-03-12" as {milestone: day}."""
    plan: dict[str, str] = {}
    for part in filter(None, re.split(r"\s*[;,]\s*", text)):
        day, name = take_date(part)
        if day is None:
            raise OrderError(
                f'plan: "{part}" has no date; write e.g. plan: first fitting 2026-02-20'
            )
        plan[name] = day.isoformat()
    return plan


def _field_name(key: str) -> str:
    wanted = " ".join(key.lower().split())
    for name, phrases in command_tables()["fields"].items():
        if wanted in phrases:
            return str(name)
    known = ", ".join(phrases[0] for phrases in command_tables()["fields"].values())
    raise OrderError(f'"{key}" is not a field of an order; the fields are: {known}')


def _addresses(raw: dict[str, str]) -> list[str]:
    return [a.lower() for a in ADDRESS_SPLIT.split(raw.get("client_emails", "")) if a]


def _manager(value: str, config: Config) -> str:
    """An account manager named by address or by name ("Marc" or "Marc Vidal")."""
    wanted = value.strip().lower()
    for person in config.account_managers:
        names = {person.address.lower(), person.name.lower(), person.name.split()[0].lower()}
        if wanted in names:
            return person.address
    first = config.account_managers[0].name.split()[0]
    raise OrderError(
        f'"{value}" is not an account manager; add a line like `account manager: {first}`'
    )


def money(text: str) -> float:
    """An amount as people write it: 18000, 18,000, 18.000, €18 000, 18k, 1,234.50."""
    found = NUMBER.search(text)
    if found is None:
        raise OrderError(f'contract value: "{text}" has no amount; write e.g. 18000')
    digits = found.group(0).replace(" ", "").replace("'", "")
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        digits = re.sub(r"[.,]", "", digits[:decimal]) + "." + digits[decimal + 1 :]
    elif "," in digits or "." in digits:
        parts = re.split(r"[.,]", digits)
        grouped = all(len(part) == 3 for part in parts[1:])
        digits = "".join(parts) if grouped else ".".join(["".join(parts[:-1]), parts[-1]])
    value = float(digits)
    return value * 1000 if THOUSANDS.match(text[found.end() :]) else value


def payment_name(text: str) -> str:
    """A payment milestone as the agent names it (deposit, mid-project, final)."""
    wanted = " ".join(text.lower().split())
    for name, phrases in command_tables()["payments"].items():
        if wanted in phrases:
            return str(name)
    return wanted
