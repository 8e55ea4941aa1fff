"""Bytes from the mailbox to a plain InboundMail (mail-parser does the MIME work)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message

import mailparser

from agent.parsers.html_text import html_to_text

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
RAW_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(<[^<>\s]+>)", re.I | re.M)


class UnreadableMail(Exception):
    """The bytes are not a message we can read; a person must look at it."""


@dataclass(frozen=True)
class InboundMail:
    message_id: str
    from_addr: str
    from_name: str
    subject: str
    date: datetime | None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    embedded_ids: tuple[str, ...] = ()
    text: str = ""
    html: str = ""
    content_type: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)
    defects: tuple[str, ...] = ()

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def readable_text(self) -> str:
        """The whole body as text, for a person: HTML-only mail is converted."""
        return self.text or html_to_text(self.html)

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this mail answers, nearest first; then those of messages it carries
        (a bounce returns our original inside it, with no In-Reply-To)."""
        return self.in_reply_to + tuple(reversed(self.references)) + self.embedded_ids


def parse_envelope(raw: bytes) -> InboundMail:
    """Parse raw bytes; raise UnreadableMail when there is no message to speak of."""
    try:
        parsed = mailparser.parse_from_bytes(raw)
    except Exception as exc:  # mail-parser raises many kinds on hostile input
        raise UnreadableMail(f"MIME parser failed: {type(exc).__name__}: {exc}") from exc
    message: Message = parsed.message
    senders = [pair for pair in parsed.from_ or [] if "@" in (pair[1] or "")] or [("", "")]
    return InboundMail(
        message_id=_message_id(parsed.message_id, raw),
        from_addr=senders[0][1].strip().lower(),
        from_name=(senders[0][0] or "").strip(),
        subject=(parsed.subject or "").strip(),
        date=_aware(parsed.date),
        to=_addresses(parsed.to),
        cc=_addresses(parsed.cc),
        in_reply_to=tuple(MESSAGE_ID.findall(message.get("In-Reply-To", "") or "")),
        references=tuple(MESSAGE_ID.findall(message.get("References", "") or "")),
        embedded_ids=_embedded_ids(raw),
        text="\n".join(parsed.text_plain),
        html="\n".join(parsed.text_html),
        content_type=message.get_content_type(),
        headers=_headers(message),
        defects=tuple(_defects(parsed.defects)),
    )


def _message_id(value: str, raw: bytes) -> str:
    found = MESSAGE_ID.search(value or "")
    return found.group(0) if found else _fallback_id(raw)


def _embedded_ids(raw: bytes) -> tuple[str, ...]:
    _, _, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    found = RAW_MESSAGE_ID.findall(body[:262144])
    return tuple(dict.fromkeys(m.decode("ascii", "replace") for m in found))


def raw_message_id(raw: bytes) -> str:
    """The Message-ID of bytes that may not parse at all, for the ledger and the logs."""
    found = RAW_MESSAGE_ID.search(raw[:65536])
    return found.group(1).decode("ascii", "replace") if found else _fallback_id(raw)


def _fallback_id(raw: bytes) -> str:
    # Without a Message-ID the ledger still needs a stable key for the same bytes.
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@no-message-id.invalid>"


def _addresses(pairs: list[tuple[str, str]] | None) -> tuple[str, ...]:
    return tuple(addr.strip().lower() for _, addr in pairs or [] if addr and "@" in addr)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _headers(message: Message) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), str(value))
    return headers


def _defects(defects: list[object]) -> list[str]:
    return [str(d) for d in defects][:10]
