"""The story's client mail, written as the clients' mail programs write it.

Each function answers one of the agent's emails the way Gmail, iOS Mail or a vacation
responder would, quoting and all, so the agent reads what real clients send. The
stranger in the story writes from Gmail too.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from agent.config import Person


def _message_id(seed: str, domain: str) -> str:
    # Stable across runs, so a kept store can be compared with another run's.
    return f"<{hashlib.sha256(seed.encode()).hexdigest()[:28].upper()}@{domain}>"


def _domain(person: Person) -> str:
    return person.address.rpartition("@")[2]


def _reply_headers(sender: Person, original: EmailMessage, when: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((sender.name, sender.address))
    message["To"] = original["Reply-To"] or original["From"]
    message["Subject"] = f"Re: {original['Subject']}"
    message["Date"] = format_datetime(when)
    message["In-Reply-To"] = original["Message-ID"]
    thread = [*str(original.get("References", "")).split(), original["Message-ID"]]
    message["References"] = " ".join(thread)
    return message


def plain_body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part else ""


def _html_body(message: EmailMessage) -> str:
    """The inside of the HTML part's <body>, as a mail program quotes it."""
    part = message.get_body(("html",))
    content = part.get_content() if part else ""
    found = re.search(r"<body[^>]*>(.*)</body>", content, re.S | re.I)
    return found.group(1).strip() if found else content


def _sent_at(message: EmailMessage, when: datetime) -> datetime:
    # A mail program shows the quoted mail's time in its writer's zone, which is `when`'s.
    return message["Date"].datetime.astimezone(when.tzinfo)


def gmail_reply(sender: Person, original: EmailMessage, text: str, when: datetime) -> EmailMessage:
    """Gmail: text and HTML parts, an "On … wrote:" line, the history in gmail_quote."""
    message = _reply_headers(sender, original, when)
    message["Message-ID"] = _message_id(f"gmail {sender.address} {text}", "mail.gmail.com")
    moment = _sent_at(original, when)
    clock = f"{moment.hour % 12 or 12}:{moment:%M %p}"
    said = f"On {moment:%a, %b} {moment.day}, {moment:%Y} at {clock} {original['From']} wrote:"
    quoted = "\n".join(f"> {line}" if line else ">" for line in plain_body(original).splitlines())
    message.set_content(f"{text}\n\n{said}\n\n{quoted}\n")
    mine = "".join(f"<div>{html.escape(line) or '<br>'}</div>" for line in text.splitlines())
    message.add_alternative(
        f'<div dir="ltr">{mine}</div><br><div class="gmail_quote">'
        f'<div dir="ltr" class="gmail_attr">{html.escape(said)}<br></div>'
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{_html_body(original)}'
        "</blockquote></div>\n",
        subtype="html",
    )
    return message


def gmail_reply_all(
    sender: Person, original: EmailMessage, text: str, when: datetime
) -> EmailMessage:
    """Gmail's "Reply all": everyone else the original went to stays in copy."""
    message = gmail_reply(sender, original, text, when)
    others = [a.strip() for a in f"{original['To']},{original['Cc'] or ''}".split(",")]
    message["Cc"] = ", ".join(a for a in others if a and sender.address not in a)
    return message


def am_email(
    sender: Person, to: Person, cc: str, subject: str, text: str, when: datetime
) -> EmailMessage:
    """An account manager writing to a client from Gmail, the agent in copy, signed."""
    message = EmailMessage()
    message["From"] = formataddr((sender.name, sender.address))
    message["To"] = formataddr((to.name, to.address))
    message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = _message_id(f"am {sender.address} {subject}", "mail.gmail.com")
    body = f"{text}\n\n-- \n{sender.name}\nAtelier Lumen"
    message.set_content(body)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    message.add_alternative(f'<div dir="ltr">{paragraphs}</div>\n', subtype="html")
    return message


def new_email(sender: Person, to: str, subject: str, text: str, when: datetime) -> EmailMessage:
    """A new email (no thread) from a desktop client, as staff write to the agent."""
    message = EmailMessage()
    message["From"] = formataddr((sender.name, sender.address))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = _message_id(f"new {sender.address} {text}", _domain(sender))
    message.set_content(text)
    return message


def iphone_reply(sender: Person, original: EmailMessage, text: str, when: datetime) -> EmailMessage:
    """iOS Mail: "Sent from my iPhone", an Apple quote line, quoted-printable parts."""
    message = _reply_headers(sender, original, when)
    message["Message-ID"] = _message_id(f"iphone {sender.address} {text}", _domain(sender))
    message["X-Mailer"] = "iPhone Mail (22C152)"
    moment = _sent_at(original, when)
    said = f"On {moment.day} {moment:%b %Y, at %H:%M}, {original['From']} wrote:"
    # iOS really does start the quoted text with a zero-width no-break space.
    quoted = "\n".join(
        f"> {line}".rstrip() for line in ("\ufeff" + plain_body(original)).splitlines()
    )
    body = f"{text}\n\nSent from my iPhone\n\n> {said}\n> \n{quoted}\n"
    message.set_content(body, cte="quoted-printable")
    message.add_alternative(
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8">'
        f'</head><body dir="auto">{html.escape(text)}<div><br '
        'id="lineBreakAtBeginningOfSignature"><div dir="ltr">Sent from my iPhone</div>'
        f'<div dir="ltr"><br><blockquote type="cite">{html.escape(said)}<br><br></blockquote>'
        f'</div><blockquote type="cite"><div dir="ltr">\ufeff{_html_body(original)}</div>'
        "</blockquote></div></body></html>\n",
        subtype="html",
        cte="quoted-printable",
    )
    return message


def out_of_office(sender: Person, original: EmailMessage, when: datetime) -> EmailMessage:
    """A vacation responder's answer: Auto-Submitted, and no quote of what it answers."""
    message = _reply_headers(sender, original, when)
    message.replace_header("Subject", f"Automatic reply: {original['Subject']}")
    message["Message-ID"] = _message_id(f"away {sender.address} {when}", _domain(sender))
    message["Auto-Submitted"] = "auto-replied"
    message.set_content(
        "I am on location with a film shoot until Monday 9 February, with little access "
        f"to email. For anything urgent, please call the production office.\n\n{sender.name}\n"
    )
    return message
