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
REPORT_ACTION = re.compile(rb"^action:[ \t]*(\w+)", re.I | re.M)
RAW_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(<[^<>\s]+>)", re.I | re.M)


class UnreadableMail(Exception):
    """The bytes are not a message we can read; a person must look at it."""


@dataclass(frozen=True)
class Attachment:
    """A file carried by a message, in or out."""

    filename: str
    content_type: str
    data: bytes


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
    report_actions: tuple[str, ...] = ()
    text: str = ""
    html: str = ""
    content_type: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)
    defects: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()

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
        return _inbound(parsed, raw)
    except Exception as exc:  # hostile input breaks parsers in endless ways; a person looks
        raise UnreadableMail(f"MIME parser failed: {type(exc).__name__}: {exc}") from exc


def _inbound(parsed: mailparser.MailParser, raw: bytes) -> InboundMail:
    message: Message = parsed.message
    senders = [pair for pair in parsed.from_ or [] if "@" in (pair[1] or "")] or [("", "")]
    body = _split(raw)[1]
    return InboundMail(
        message_id=_message_id(parsed.message_id, raw),
        from_addr=senders[0][1].strip().lower(),
        from_name=(senders[0][0] or "").strip(),
        subject=str(parsed.subject or "").strip(),
        date=_aware(parsed.date),
        to=_addresses(parsed.to),
        cc=_addresses(parsed.cc),
        # str(): a header with raw 8-bit bytes comes back as a Header object.
        in_reply_to=tuple(MESSAGE_ID.findall(str(message.get("In-Reply-To", "") or ""))),
        references=tuple(MESSAGE_ID.findall(str(message.get("References", "") or ""))),
        embedded_ids=_ids_in(body),
        report_actions=tuple(a.decode().lower() for a in REPORT_ACTION.findall(body[:262144])),
        text="\n".join(parsed.text_plain),
        html="\n".join(parsed.text_html),
        content_type=message.get_content_type(),
        headers=_headers(message),
        defects=tuple(_defects(parsed.defects)),
        attachments=_attachments(message),
    )


def _message_id(value: str, raw: bytes) -> str:
    found = MESSAGE_ID.search(value or "")
    return found.group(0) if found else _fallback_id(raw)


def _split(raw: bytes) -> tuple[bytes, bytes]:
    """Header block and body, whichever line ending the message uses."""
    crlf, lf = raw.find(b"\r\n\r\n"), raw.find(b"\n\n")
    if crlf != -1 and (lf == -1 or crlf < lf):
        return raw[:crlf], raw[crlf + 4 :]
    return (raw[:lf], raw[lf + 2 :]) if lf != -1 else (raw, b"")


def _ids_in(body: bytes) -> tuple[str, ...]:
    found = RAW_MESSAGE_ID.findall(body[:262144])
    return tuple(dict.fromkeys(m.decode("ascii", "replace") for m in found))


def raw_message_id(raw: bytes) -> str:
    """The Message-ID of bytes that may not parse at all, for the ledger and the logs."""
    found = RAW_MESSAGE_ID.search(_split(raw)[0][:65536])
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


def _attachments(message: Message) -> tuple[Attachment, ...]:
    """The files a person attached; images a signature shows inline (with a Content-ID)
    are part of the layout, not something the sender meant to pass on."""
    found = []
    for part in message.walk():
        filename = part.get_filename()
        inline = part.get_content_disposition() == "inline" and part.get("Content-ID")
        if part.is_multipart() or not filename or inline:
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            found.append(Attachment(str(filename), part.get_content_type(), data))
    return tuple(found)


def _defects(defects: list[object]) -> list[str]:
    return [str(d) for d in defects][:10]
