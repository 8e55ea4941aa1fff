"""Mail on an account manager's own thread with a client, as mail clients write it:
To/Cc with the agent in copy, a References chain, quoted history, a signature, HTML."""

from __future__ import annotations

import html
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from studio import AGENT, AM, CLIENT, MONDAY

AM_SIGNATURE = "-- \nAna Ruiz\nAccount manager, Atelier Lumen\n+34 600 123 456"


def thread_mail(
    body: str,
    *,
    sender: tuple[str, str] = (AM.name, AM.address),
    to: tuple[str, ...] = (CLIENT,),
    cc: tuple[str, ...] = (AGENT,),
    subject: str = "Lead gown: next steps",
    message_id: str,
    references: tuple[str, ...] = (),
    date: datetime = MONDAY,
    html_only: bool = False,
) -> bytes:
    """One message of the thread: plain text plus the HTML part Gmail or Outlook adds
    (or, as some webmail and phone clients send it, the HTML part alone)."""
    message = EmailMessage()
    message["From"] = f"{sender[0]} <{sender[1]}>"
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    if references:
        message["In-Reply-To"] = references[-1]
        message["References"] = " ".join(references)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    markup = f"<html><body>{paragraphs}</body></html>"
    if html_only:
        message.set_content(markup, subtype="html")
    else:
        message.set_content(body)
        message.add_alternative(markup, subtype="html")
    return message.as_bytes()


def am_to_client(
    new_text: str, *, quoting: str = "", signature: bool = True, **fields: object
) -> bytes:
    """The AM writing to the client (agent in Cc), bottom quoting the client's last mail."""
    body = new_text + (f"\n\n{AM_SIGNATURE}" if signature else "")
    if quoting:
        quoted = "\n".join(f"> {line}" for line in quoting.splitlines())
        body += f"\n\nOn Mon, 26 Jan 2026 at 10:12, Laura Gil <{CLIENT}> wrote:\n{quoted}"
    return thread_mail(body, **fields)  # type: ignore[arg-type]


def client_to_am(new_text: str, *, quoting: str, **fields: object) -> bytes:
    """The client answering with reply-all from Outlook: top-posted, the AM's mail below."""
    body = (
        f"{new_text}\n\nKind regards,\nLaura Gil\nTeatro Nuevo, Production office\n\n"
        f"From: Ana Ruiz <{AM.address}>\nSent: Monday, January 26, 2026 11:02 AM\n"
        f"To: Laura Gil <{CLIENT}>\nCc: {AGENT}\nSubject: Lead gown: next steps\n\n{quoting}"
    )
    defaults: dict[str, object] = {
        "sender": ("Laura Gil", CLIENT),
        "to": (AM.address,),
        "cc": (AGENT,),
        "subject": "RE: Lead gown: next steps",
    }
    return thread_mail(body, **{**defaults, **fields})  # type: ignore[arg-type]
