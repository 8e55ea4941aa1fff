"""Outgoing mail: drafts become stored rows, rows are sent and then marked sent.

A row is written to the store before it is sent and marked after, so a crash
in between repeats at most that one email, with the same Message-ID.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any, Protocol

from agent.clock import iso, parse_iso
from agent.config import Config
from agent.parsers.envelope import Attachment
from agent.rules import LOOP_HEADER, MSGID_TAG
from agent.store import Commit, Store
from agent.templates import Templates
from agent.transport import PermanentFailure, ServerProblem, TemporaryFailure

log = logging.getLogger("agent.outbox")
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
GIVE_UP_AFTER = timedelta(days=3)
# A safety net under the loop rules: no address gets more than this many emails an hour.
RATE_LIMIT_PER_HOUR = 20


class Transport(Protocol):
    def send(self, raw: str, sender: str, recipients: list[str]) -> dict[str, int]: ...


@dataclass(frozen=True)
class Draft:
    """An email the workflow wants sent; `key` makes it idempotent."""

    key: str
    template: str
    to: tuple[str, ...]
    subject: str
    context: dict[str, Any]
    message_id: str
    cc: tuple[str, ...] = ()
    order_id: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    auto_submitted: str = ""
    attachments: tuple[Attachment, ...] = field(default=())


def message_id_for(key: str, domain: str) -> str:
    """A stable Message-ID per idempotency key: a resend is recognisably the same mail."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"<{digest}.{MSGID_TAG}@{domain}>"


def compose(draft: Draft, config: Config, templates: Templates, now: datetime) -> dict[str, Any]:
    """Render a draft into an outbox row holding the exact bytes to send."""
    context = {"studio": config.studio_name, "currency": config.currency, **draft.context}
    text, html = templates.render(draft.template, context)
    message = _headers(draft, config, now)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for item in draft.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return {
        "key": draft.key,
        "message_id": draft.message_id,
        "order_id": draft.order_id,
        "template": draft.template,
        "to": list(draft.to),
        "subject": draft.subject,
        "recipients": _unique(draft.to + draft.cc),
        "raw": message.as_string(),
        "status": "pending",
        "attempts": 0,
        "next_try": iso(now),
        "created_at": iso(now),
        "sent_at": "",
        "error": "",
    }


def _headers(draft: Draft, config: Config, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config.studio_name, config.address))
    message["To"] = ", ".join(draft.to)
    if draft.cc:
        message["Cc"] = ", ".join(draft.cc)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = draft.message_id
    message["Reply-To"] = config.address
    message[LOOP_HEADER] = config.address
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
    if draft.references:
        message["References"] = " ".join(draft.references)
    if draft.auto_submitted:
        message["Auto-Submitted"] = draft.auto_submitted
    return message


def _unique(addresses: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(a.lower() for a in addresses))


@dataclass
class FlushReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    deferred: int = 0
    server_problem: str = ""


def flush(
    store: Store,
    transport: Transport,
    sender: str,
    now: datetime,
    exempt: frozenset[str] = frozenset(),
    stop: Callable[[], bool] = lambda: False,
) -> FlushReport:
    """Send every pending row whose time has come; mark each one as it goes.

    `exempt` (the staff) are not rate-limited: they are in copy of every confirmation.
    A server-level failure ends the flush: every other row would fail the same way.
    """
    report = FlushReport()
    recent = _sent_last_hour(store, now, exempt)
    for row in store.outbox("pending"):
        if stop():
            break
        if parse_iso(row["next_try"]) > now:
            continue
        if any(recent[address] >= RATE_LIMIT_PER_HOUR for address in row["recipients"]):
            outcome = _defer(store, row, now)
        else:
            try:
                outcome = _send_row(store, transport, sender, row, now)
            except ServerProblem as exc:
                log.warning("not sending now (%d pending): %s", len(store.outbox("pending")), exc)
                report.server_problem = str(exc)
                break
            recent.update(a for a in row["recipients"] if a not in exempt and outcome == "sent")
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _sent_last_hour(store: Store, now: datetime, exempt: frozenset[str]) -> Counter[str]:
    since = now - timedelta(hours=1)
    rows = [r for r in store.outbox("sent") if r["sent_at"] and parse_iso(r["sent_at"]) > since]
    return Counter(a for row in rows for a in row["recipients"] if a not in exempt)


def _defer(store: Store, row: dict[str, Any], now: datetime) -> str:
    next_try = now + timedelta(minutes=15)
    log.warning(
        "holding %s %s until %s: %s emails an hour to one address is the limit (a mail loop?)",
        row["message_id"],
        row["order_id"],
        iso(next_try),
        RATE_LIMIT_PER_HOUR,
    )
    store.update_outbox(row["key"], next_try=iso(next_try), error="rate limit")
    return "deferred"


def _send_row(
    store: Store, transport: Transport, sender: str, row: dict[str, Any], now: datetime
) -> str:
    try:
        refused = transport.send(row["raw"], sender, row["recipients"])
    except ServerProblem:
        raise
    except TemporaryFailure as exc:
        return _retry_later(store, row, str(exc), now)
    except PermanentFailure as exc:
        log.error("not sent %s %s to %s: %s", row["message_id"], row["order_id"], row["to"], exc)
        store.update_outbox(row["key"], status="failed", error=str(exc))
        return "failed"
    later = [address for address, code in refused.items() if code < 500]
    if later:
        _queue_for(store, row, later, now)
    note = f"refused by the server: {refused}" if refused else ""
    # The bytes are dropped once sent: the store is rewritten whole on every write.
    store.update_outbox(row["key"], status="sent", sent_at=iso(now), error=note, raw="")
    log.info("sent %s %s %s to %s", row["message_id"], row["order_id"], row["template"], row["to"])
    return "sent"


def _queue_for(store: Store, row: dict[str, Any], recipients: list[str], now: datetime) -> None:
    """The same message again, later, for the recipients that were refused for now."""
    next_try = iso(now + timedelta(minutes=BACKOFF_MINUTES[0]))
    key = f"{row['key']}|{','.join(recipients)}"
    copy = {**row, "key": key, "recipients": recipients, "attempts": 1, "next_try": next_try}
    store.commit(Commit(outbox=[copy]))


def _retry_later(store: Store, row: dict[str, Any], error: str, now: datetime) -> str:
    attempts = row["attempts"] + 1
    if now - parse_iso(row["created_at"]) > GIVE_UP_AFTER:
        log.error(
            "giving up on %s %s to %s after %d tries over %s: %s",
            row["message_id"], row["order_id"], row["to"], attempts, GIVE_UP_AFTER, error,
        )  # fmt: skip
        store.update_outbox(row["key"], status="failed", attempts=attempts, error=error)
        return "failed"
    wait = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
    next_try = now + timedelta(minutes=wait)
    log.warning(
        "will retry %s %s at %s: %s", row["message_id"], row["order_id"], iso(next_try), error
    )
    store.update_outbox(row["key"], attempts=attempts, next_try=iso(next_try), error=error)
    return "retrying"
