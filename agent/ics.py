"""Calendar invitations (RFC 5545) for fittings, attached to confirmations and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.clock import parse_iso
from agent.config import Config
from agent.model import Order

FITTING_LENGTH = timedelta(hours=1)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,").replace("\n", r"\n")


def fitting_invitation(order: Order, slot: str, config: Config, now: datetime) -> bytes:
    """One VEVENT for the fitting; its UID is stable, so a resent invite updates, not duplicates."""
    start = parse_iso(slot)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(config.studio_name)}//order agent//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{order.id}-fitting-{_stamp(start)}@{config.domain}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(start + FITTING_LENGTH)}",
        f"SUMMARY:{_escape(f'Fitting: {order.project} ({config.studio_name})')}",
        f"DESCRIPTION:{_escape(f'Fitting for {order.project}, order {order.id}.')}",
        f"ORGANIZER;CN={_escape(config.studio_name)}:mailto:{config.address}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
