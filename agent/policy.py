"""The studio's rules as data: when updates, invoices, reminders and escalations are due.

Every number is a default the studio can change in agent.toml's [policy] section.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import time
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PolicyError(ValueError):
    """A [policy] value that cannot be used; the message names the key and the fix."""


@dataclass(frozen=True)
class Policy:
    daily_digest: bool = True
    weekly_update_day: int = 4
    weekly_update_time: time = time(10, 0)
    digest_time: time = time(8, 0)
    # Reminders and invoices go out at this local time on their day.
    send_time: time = time(9, 0)
    invoice_days_before: int = 3
    # Days late for the due-date, friendly and firm payment reminders.
    payment_reminder_days_late: tuple[int, ...] = (0, 5, 7)
    pause_after_days_late: int = 7
    finance_after_days_late: int = 14
    # After a client says "I've paid", reminders wait this long for a person to confirm.
    claim_grace_days: int = 3
    question_reminder_working_days: tuple[int, ...] = (2, 4)
    call_after_working_days: int = 1
    silent_escalation_working_days: int = 2
    delay_escalation_days: int = 7
    # Percentages of the original contract value. Approved change orders beyond the first
    # escalate as a budget overrun; one change beyond the second needs the sales
    # director's approval first and a deposit (this percent of its cost) at approval.
    budget_overrun_percent: float = 10.0
    large_change_percent: float = 20.0
    change_order_deposit_percent: float = 50.0


def parse_policy(section: dict[str, Any]) -> Policy:
    """Build a Policy from agent.toml's [policy] table; unknown keys are mistakes."""
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise PolicyError(
            f"policy.{unknown[0]}: unknown setting; known: {', '.join(sorted(known))}"
        )
    values: dict[str, Any] = {}
    for key, raw in section.items():
        values[key] = _value(key, raw)
    return Policy(**values)


def _value(key: str, raw: Any) -> Any:
    default = getattr(Policy(), key)
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise PolicyError(f"policy.{key}: must be true or false")
        return raw
    if key == "weekly_update_day":
        return _weekday(raw)
    if isinstance(default, time):
        return _time(key, raw)
    if isinstance(default, tuple):
        if not isinstance(raw, list) or not all(isinstance(n, int) and n >= 0 for n in raw):
            raise PolicyError(f"policy.{key}: must be a list of whole days, e.g. {list(default)}")
        return tuple(sorted(raw))
    if not isinstance(raw, int | float) or isinstance(raw, bool) or raw < 0:
        raise PolicyError(f"policy.{key}: must be a number of at least 0, e.g. {default}")
    return type(default)(raw)


def _weekday(raw: Any) -> int:
    name = str(raw).strip().lower()
    for index, day in enumerate(WEEKDAYS):
        if day.startswith(name[:3]) and len(name) >= 3:
            return index
    raise PolicyError(f'policy.weekly_update_day: "{raw}" is not a weekday; e.g. "Friday"')


def _time(key: str, raw: Any) -> time:
    try:
        return time.fromisoformat(str(raw))
    except ValueError as exc:
        raise PolicyError(f'policy.{key}: "{raw}" is not a time; use 24-hour "HH:MM"') from exc
