"""Mail from the studio's staff to the agent, as their mail clients write it: a
signature, the quoted history of the thread (Gmail or Outlook style), HTML-only."""

from __future__ import annotations

import html
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from studio import AGENT, AM, MONDAY

SIGNATURE = "Best regards,\nAna Ruiz\nAccount Manager | Atelier Lumen\n+34 600 123 456"
GMAIL_QUOTE = "On Mon, 26 Jan 2026 at 10:02, Atelier Lumen <orders@atelier.example> wrote:"
OUTLOOK_QUOTE = (
    "-----Original Message-----\nFrom: Atelier Lumen <orders@atelier.example>\n"
    "Sent: Monday, January 26, 2026 10:02 AM\nTo: Ana Ruiz <ana@atelier.example>\n"
    "Subject: {subject}\n"
)


def staff_mail(
    body: str,
    *,
    subject: str = "Orders",
    sender: str = AM.address,
    to: tuple[str, ...] = (AGENT,),
    cc: tuple[str, ...] = (),
    quoted: str = "",
    style: str = "gmail",
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
    message_id: str = "",
) -> bytes:
    """An AM's email: `body`, their signature, then `quoted` history in `style`
    (gmail, outlook, or html: an HTML-only message with a blockquote)."""
    message = EmailMessage()
    message["From"] = f"Ana Ruiz <{sender}>" if sender == AM.address else sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(MONDAY)
    message["Message-ID"] = message_id or make_msgid(domain="atelier.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    if style == "html":
        message.set_content(_html(body, quoted), subtype="html")
    else:
        message.set_content(_plain(body, quoted, style, subject))
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def _plain(body: str, quoted: str, style: str, subject: str) -> str:
    text = f"{body}\n\n{SIGNATURE}\n"
    if not quoted:
        return text
    if style == "outlook":
        return f"{text}\n{OUTLOOK_QUOTE.format(subject=subject)}\n{quoted}\n"
    lines = "\n".join(f"> {line}" for line in quoted.splitlines())
    return f"{text}\n{GMAIL_QUOTE}\n{lines}\n"


def _html(body: str, quoted: str) -> str:
    own = "".join(f"<div>{html.escape(line) or '<br>'}</div>" for line in body.splitlines())
    signature = "<br>".join(html.escape(line) for line in SIGNATURE.splitlines())
    history = "<br>".join(html.escape(line) for line in quoted.splitlines())
    quote = (
        f'<div class="gmail_quote"><div>{html.escape(GMAIL_QUOTE)}</div>'
        f'<blockquote class="gmail_quote">{history}</blockquote></div>'
        if quoted
        else ""
    )
    return f'<div dir="ltr">{own}<br><div class="gmail_signature">{signature}</div></div>{quote}'
