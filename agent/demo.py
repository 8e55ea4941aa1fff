"""The `demo` command: the real agent on embedded mail servers, playing a short story.

Nothing to configure: pymap (a pure-Python IMAP server) holds the studio's inbox and
aiosmtpd receives what the agent sends, both inside this process on 127.0.0.1. The
agent is the production one (ImapMailbox in, SmtpTransport out, the JSON store); only
the servers, and the client mail delivered into the inbox, are stand-ins.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import html
import logging
import re
import socket
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient import IMAPClient, SocketTimeout
from pymap.backend import backends
from pymap.concurrent import Subsystem
from pymap.service import services

from agent.clock import FixedClock
from agent.config import Config, ImapSettings, Person, ServerSettings
from agent.mailbox import ImapMailbox
from agent.model import Order, Question
from agent.orders import ask, new_order
from agent.outbox import compose
from agent.pipeline import Agent
from agent.store import Commit, Store
from agent.templates import Templates
from agent.transport import SmtpTransport

HOST = "127.0.0.1"
TZ = ZoneInfo("Europe/Madrid")
# A fixed clock makes the story read the same on every run. It starts on a Wednesday,
# so a client's "Tuesday" can only mean the first fitting slot below.
START = datetime(2026, 1, 28, 9, 0, tzinfo=TZ)
MINUTES_BETWEEN_STEPS = 25
PASSES_PER_STEP = 2
# pymap's in-memory backend has exactly one account.
IMAP_USER, IMAP_PASSWORD = "demouser", "demopass"
SMTP_PASSWORD = "demo-smtp-password"
SERVER_TIMEOUT = 10.0
WIDTH = 100

AGENT_ADDRESS = "orders@atelier.example"
SALES_DIRECTOR = Person("Sofia Marin", "sofia@atelier.example")
ANA = Person("Ana Ruiz", "ana@atelier.example")
MARC = Person("Marc Vidal", "marc@atelier.example")
LAURA = Person("Laura Gil", "laura.gil@teatronuevo.example")
MARTIN = Person("Martín Soto", "martin@surfilms.example")
DANI = Person("Dani Ortega", "dani.ortega@freelance-costume.example")

ORDERS = (
    {
        "project": "Teatro Nuevo Gala",
        "client": {"name": LAURA.name, "emails": [LAURA.address]},
        "account_manager": ANA.address,
        "contract_value": 18000,
        "delivery_date": "2026-03-12",
    },
    {
        "project": "La Reina, ball scene",
        "client": {"name": MARTIN.name, "emails": [MARTIN.address]},
        "account_manager": MARC.address,
        "contract_value": 42000,
        "delivery_date": "2026-04-24",
    },
)
FABRICS = ["Silk taffeta in ivory", "Duchess satin in champagne", "Silk velvet in midnight blue"]
FITTING_SLOTS = ["2026-02-03T14:00", "2026-02-04T11:00", "2026-02-06T16:30"]

NOT_READ = {
    "auto-reply": "not read: a machine's reply is never taken as an answer",
    "stranger": "not read: only the client's addresses on the order may answer",
}


class DemoError(Exception):
    """The demo cannot go on; `hint` tells the person what to try."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


# -- the embedded servers ---------------------------------------------------------------


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Delivered:
    """One email the agent handed to the SMTP server."""

    rcpt_tos: tuple[str, ...]
    message: EmailMessage


class SmtpRecorder:
    """aiosmtpd handler: insists on the agent's login and keeps every message it accepts."""

    def __init__(self, username: str, password: str) -> None:
        self.credentials = (username, password)
        self.messages: list[Delivered] = []
        # Messages arrive on the server's thread and are read on the demo's.
        self._lock = threading.Lock()

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        given = (
            (data.login.decode(errors="replace"), data.password.decode(errors="replace"))
            if isinstance(data, LoginPassword)
            else None
        )
        # handled=False makes aiosmtpd answer 535 itself; True means "I already replied"
        # and the client would wait forever.
        return AuthResult(success=given == self.credentials, handled=False)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        # Checked here rather than with auth_required=True, which warns on every
        # connection when TLS is off.
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # policy.default parses into an EmailMessage, whatever the stub's return type says.
        message = cast(
            EmailMessage,
            message_from_bytes(envelope.original_content or b"", policy=policy.default),
        )
        with self._lock:
            self.messages.append(Delivered(tuple(envelope.rcpt_tos), message))
        return "250 OK"

    def sent(self, since: int = 0) -> list[Delivered]:
        with self._lock:
            return self.messages[since:]


def start_smtp(stack: contextlib.ExitStack) -> tuple[SmtpRecorder, int]:
    recorder = SmtpRecorder(AGENT_ADDRESS, SMTP_PASSWORD)
    port = free_port()
    controller = Controller(
        recorder,
        hostname=HOST,
        port=port,
        authenticator=recorder.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    stack.callback(controller.stop)
    return recorder, port


def pymap_args(port: int) -> argparse.Namespace:
    """What `pymap --host HOST --port PORT --no-tls dict --demo-data` parses to."""
    parser = argparse.ArgumentParser(prog="pymap")
    backend = backends["dict"]
    commands = parser.add_subparsers(dest="backend", required=True)
    backend.add_subparser("dict", commands).set_defaults(backend_type=backend)
    services["imap"].add_arguments(parser)
    # pymap.main.main() adds these two options itself; the backend reads them.
    parser.set_defaults(debug=False, passlib_cfg=None)
    return parser.parse_args(
        ["--host", HOST, "--port", str(port), "--no-tls", "dict", "--demo-data"]
    )


class PymapServer:
    """pymap's IMAP service on its own asyncio loop in a background thread.

    pymap.main.run() cannot be called here: it installs signal handlers, which only
    the main thread may do. This takes the same steps and stops when asked instead.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self._ready = threading.Event()
        self._failure: Exception | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        # A daemon thread, so a server that hangs can never keep the demo from exiting.
        self._thread = threading.Thread(target=self._main, name="pymap", daemon=True)

    def start(self) -> None:
        self._thread.start()
        hint = "check that pymap is installed (pip install -e .) and 127.0.0.1 is usable"
        if not self._ready.wait(SERVER_TIMEOUT):
            raise DemoError(f"pymap did not start within {SERVER_TIMEOUT:.0f} s", hint)
        if self._failure is not None:
            failure = f"{type(self._failure).__name__}: {self._failure}"
            raise DemoError(f"pymap could not start: {failure}", hint) from self._failure

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=SERVER_TIMEOUT)

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except Exception as exc:  # handed to start(), which is waiting for it
            self._failure = exc
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        args = pymap_args(self.port)
        # pymap would make its own pool for password hashing and never shut it down.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pymap-cpu") as pool:
            cpu = Subsystem.for_threading(pool)
            backend, config = await args.backend_type.init(args, cpu_subsystem=cpu)
            config.apply_context()
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            async with contextlib.AsyncExitStack() as stack:
                await backend.start(stack)
                await services["imap"](backend, config).start(stack)
                self._ready.set()
                await self._stop.wait()


class Inbox:
    """Puts mail into the studio's IMAP inbox as the studio's mail server would: APPEND."""

    def __init__(self, port: int) -> None:
        timeout = SocketTimeout(connect=SERVER_TIMEOUT, read=SERVER_TIMEOUT)
        self.client = IMAPClient(HOST, port=port, ssl=False, timeout=timeout)
        # Without TCP_NODELAY, Nagle's algorithm and pymap's delayed ACKs make every
        # APPEND wait for a timer (field notes).
        self.client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client.login(IMAP_USER, IMAP_PASSWORD)

    def deliver(self, message: EmailMessage) -> None:
        self.client.append("INBOX", message.as_bytes())

    def count(self) -> int:
        return int(self.client.folder_status("INBOX", [b"MESSAGES"])[b"MESSAGES"])

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the server may already be gone
            self.client.logout()


# -- the studio -------------------------------------------------------------------------


def demo_config(store_dir: Path, imap_port: int, smtp_port: int) -> Config:
    return Config(
        studio_name="Atelier Lumen",
        address=AGENT_ADDRESS,
        timezone=TZ,
        sales_director=SALES_DIRECTOR,
        account_managers=(ANA, MARC),
        imap=ImapSettings(HOST, imap_port, IMAP_USER, IMAP_PASSWORD, "none", "INBOX"),
        smtp=ServerSettings(HOST, smtp_port, AGENT_ADDRESS, SMTP_PASSWORD, "none"),
        store_path=store_dir / "agent.json",
    )


@dataclass
class Demo:
    config: Config
    store: Store
    agent: Agent
    clock: FixedClock
    smtp: SmtpRecorder
    inbox: Inbox
    # The agent's requests as the clients received them, by topic, to reply to.
    requests: dict[str, EmailMessage] = field(default_factory=dict)

    def last_sent_to(self, address: str) -> EmailMessage:
        return [d.message for d in self.smtp.sent() if address in d.rcpt_tos][-1]


def setup(stack: contextlib.ExitStack, keep: Path | None) -> Demo:
    store_dir = _store_dir(stack, keep)
    smtp, smtp_port = start_smtp(stack)
    imap_port = free_port()
    pymap = PymapServer(imap_port)
    pymap.start()
    stack.callback(pymap.stop)
    config = demo_config(store_dir, imap_port, smtp_port)
    store = Store(config.store_path)
    stack.callback(store.close)
    mailbox = ImapMailbox(config.imap)
    stack.callback(mailbox.close)
    clock = FixedClock(START)
    agent = Agent(config, store, mailbox, SmtpTransport(config.smtp, timeout=SERVER_TIMEOUT), clock)
    inbox = Inbox(imap_port)
    stack.callback(inbox.close)
    return Demo(config, store, agent, clock, smtp, inbox)


def _store_dir(stack: contextlib.ExitStack, keep: Path | None) -> Path:
    if keep is None:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="agent-demo-")))
    if (keep / "agent.json").exists():
        # A store from an earlier run remembers orders and a mailbox that no longer exist.
        raise DemoError(
            f"{keep} already holds a demo store",
            f"pass an empty folder to --keep, or remove {keep / 'agent.json'}",
        )
    keep.mkdir(parents=True, exist_ok=True)
    return keep


def open_orders(demo: Demo) -> None:
    """Create the two orders, ask the three questions, and let one pass send them."""
    config, now = demo.config, demo.clock.now()
    gala = new_order(ORDERS[0], "ORD-0001", config, now)
    film = new_order(ORDERS[1], "ORD-0002", config, now)
    gala, sketches = ask(gala, "approval", config, now, about="design sketches")
    film, fabric = ask(film, "choice", config, now, about="fabric", options=FABRICS)
    gala, fitting = ask(gala, "fitting", config, now, slots=FITTING_SLOTS)
    drafts = {"sketches": sketches, "fabric": fabric, "fitting": fitting}
    rows = [compose(draft, config, Templates(), now) for draft in drafts.values()]
    demo.store.commit(Commit(orders=[gala, film], outbox=rows))
    # The first pass also notes the inbox's highest UID: mail already there is left alone.
    demo.agent.run_once()
    by_id = {d.message["Message-ID"]: d.message for d in demo.smtp.sent()}
    if len(by_id) != len(drafts):
        raise DemoError(
            f"the agent sent {len(by_id)} of its {len(drafts)} requests over SMTP",
            "run `python run_agent.py -v demo` to see the SMTP error in the agent's log",
        )
    demo.requests = {topic: by_id[draft.message_id] for topic, draft in drafts.items()}


# -- mail as the clients' mail programs write it ----------------------------------------


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


def _plain_body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part else ""


def _html_body(message: EmailMessage) -> str:
    """The inside of the HTML part's <body>, as a mail program quotes it."""
    part = message.get_body(("html",))
    content = part.get_content() if part else ""
    found = re.search(r"<body[^>]*>(.*)</body>", content, re.S | re.I)
    return found.group(1).strip() if found else content


def _sent_at(message: EmailMessage) -> datetime:
    return message["Date"].datetime.astimezone(TZ)


def gmail_reply(sender: Person, original: EmailMessage, text: str, when: datetime) -> EmailMessage:
    """Gmail: text and HTML parts, an "On … wrote:" line, the history in gmail_quote."""
    message = _reply_headers(sender, original, when)
    message["Message-ID"] = _message_id(f"gmail {sender.address} {text}", "mail.gmail.com")
    moment = _sent_at(original)
    clock = f"{moment.hour % 12 or 12}:{moment:%M %p}"
    said = f"On {moment:%a, %b} {moment.day}, {moment:%Y} at {clock} {original['From']} wrote:"
    quoted = "\n".join(f"> {line}" if line else ">" for line in _plain_body(original).splitlines())
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


def iphone_reply(sender: Person, original: EmailMessage, text: str, when: datetime) -> EmailMessage:
    """iOS Mail: "Sent from my iPhone", an Apple quote line, quoted-printable parts."""
    message = _reply_headers(sender, original, when)
    message["Message-ID"] = _message_id(f"iphone {sender.address} {text}", _domain(sender))
    message["X-Mailer"] = "iPhone Mail (22C152)"
    moment = _sent_at(original)
    said = f"On {moment.day} {moment:%b %Y, at %H:%M}, {original['From']} wrote:"
    # iOS really does start the quoted text with a zero-width no-break space.
    quoted = "\n".join(
        f"> {line}".rstrip() for line in ("\ufeff" + _plain_body(original)).splitlines()
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


# -- the story --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str
    write: Callable[[Demo], EmailMessage]
    outcome: str
    choice: int | None = None


STORY = (
    Step(
        "Laura approves the design sketches from Gmail",
        lambda demo: gmail_reply(
            LAURA,
            demo.requests["sketches"],
            "Approved, please go ahead with these.\n\nThanks,\nLaura",
            demo.clock.now(),
        ),
        outcome="applied",
    ),
    Step(
        "Martín picks a fabric from his iPhone",
        lambda demo: iphone_reply(
            MARTIN, demo.requests["fabric"], "The second one please", demo.clock.now()
        ),
        outcome="applied",
        choice=2,
    ),
    Step(
        "Laura confirms a fitting slot",
        lambda demo: gmail_reply(
            LAURA, demo.requests["fitting"], "Tuesday at 2 works.\n\nLaura", demo.clock.now()
        ),
        outcome="applied",
        choice=1,
    ),
    Step(
        "Martín's out-of-office answers the agent's confirmation",
        lambda demo: out_of_office(MARTIN, demo.last_sent_to(MARTIN.address), demo.clock.now()),
        outcome="auto-reply",
    ),
    Step(
        'Someone not on the order writes "Approved!" in the sketches thread',
        lambda demo: gmail_reply(
            DANI, demo.requests["sketches"], "Approved!\n\nDani", demo.clock.now()
        ),
        outcome="stranger",
    ),
)


@dataclass(frozen=True)
class Played:
    entry: dict[str, Any]
    problem: str | None


def play(demo: Demo, number: int, step: Step) -> Played:
    """Deliver one step's mail into the inbox, let the agent handle it, tell what happened."""
    demo.clock.advance(minutes=MINUTES_BETWEEN_STEPS)
    mail = step.write(demo)
    before = len(demo.smtp.sent())
    demo.inbox.deliver(mail)
    entry = _pass_until_handled(demo, mail["Message-ID"])
    sent = demo.smtp.sent(before)
    print_step(number, step, mail, entry, sent)
    return Played(entry, check(step, entry, sent, demo.config))


def _pass_until_handled(demo: Demo, message_id: str) -> dict[str, Any]:
    # pymap shows a session new mail only after the command that notices it, so the
    # agent's first SEARCH may miss what was just appended; its next pass finds it,
    # as the daemon's next pass would.
    for _ in range(PASSES_PER_STEP):
        demo.agent.run_once()
        for entry in demo.store.ledger():
            if entry["message_id"] == message_id:
                return entry
    raise DemoError(
        f"the agent did not record {message_id} within {PASSES_PER_STEP} passes",
        "the mail may not have reached the inbox; run `python run_agent.py -v demo`",
    )


def check(step: Step, entry: dict[str, Any], sent: list[Delivered], config: Config) -> str | None:
    """What differs from the story's expectation, if anything."""
    if entry["outcome"] != step.outcome:
        return f'expected "{step.outcome}", the agent decided "{entry["outcome"]}"'
    chosen = (entry.get("reading") or {}).get("choice")
    if step.choice is not None and chosen != step.choice:
        return f"expected choice {step.choice}, the agent read choice {chosen}"
    outsiders = {r for d in sent for r in d.rcpt_tos} - config.staff_addresses
    if step.outcome != "applied" and outsiders:
        return f"nothing should go outside the studio, yet mail went to {', '.join(outsiders)}"
    return None


# -- what the person sees ---------------------------------------------------------------


def say(label: str, text: str, indent: int = 3, hang: str = "") -> None:
    """One labelled item, wrapped to the width; `hang` starts it (e.g. a quote bar)."""
    lead = f"{' ' * indent}{label:<10}"
    print(
        textwrap.fill(
            text,
            width=WIDTH,
            initial_indent=lead + hang,
            subsequent_indent=" " * (len(lead) + len(hang)),
            break_on_hyphens=False,
        )
    )


def quote(text: str, indent: int = 3) -> None:
    say("", text, indent, hang="| ")


def first_line(message: EmailMessage) -> str:
    line = next((x.strip() for x in _plain_body(message).splitlines() if x.strip()), "")
    return textwrap.shorten(line, 80, placeholder=" ...")


def _is_greeting(line: str) -> bool:
    # "Dear Laura Gil," / "Ana Ruiz,": short, and ends with a comma.
    return line.strip().endswith(",") and len(line.split()) <= 5


def gist(message: EmailMessage) -> list[str]:
    """The lines that carry an email's point: after the greeting, its first paragraph.

    A paragraph that ends with a colon introduces a list, so the list comes with it.
    """
    lines = _plain_body(message).strip().splitlines()
    if lines and _is_greeting(lines[0]):
        lines = lines[1:]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
    if not paragraphs:
        return []
    point = paragraphs[0].splitlines()
    if point[-1].endswith(":") and len(paragraphs) > 1:
        point += paragraphs[1].splitlines()
    return [line.strip() for line in point]


def reading_text(entry: dict[str, Any]) -> str:
    reading = entry.get("reading")
    if not reading:
        return NOT_READ.get(entry["outcome"], "not read")
    choice = f" {reading['choice']}" if reading.get("choice") else ""
    person = ", needs a person" if reading.get("needs_human") else ""
    said = " / ".join(line.strip() for line in reading["reply_text"].splitlines() if line.strip())
    said = f' from "{textwrap.shorten(said, 60, placeholder=" ...")}"' if said else ""
    return f"{reading['intent']}{choice}, confidence {reading['confidence']:.2f}{person}{said}"


def print_sent(message: EmailMessage, indent: int = 3) -> None:
    cc = f", cc {message['Cc']}" if message["Cc"] else ""
    say("sent", f"to {message['To']}{cc}", indent)
    # A long subject is folded onto its own line, which leaves a leading space.
    say("", f'"{str(message["Subject"]).strip()}"', indent)
    for line in gist(message):
        quote(line, indent)


def print_step(
    number: int, step: Step, mail: EmailMessage, entry: dict[str, Any], sent: list[Delivered]
) -> None:
    print(f"\n{number}. {step.title}")
    say("arrived", f"from {mail['From']}")
    say("", f'"{mail["Subject"]}"')
    quote(first_line(mail))
    say("read as", reading_text(entry))
    say("decided", f"{entry['outcome']}: {entry['detail']}")
    for delivered in sent:
        print_sent(delivered.message)
    if not sent:
        say("sent", "nothing")


def print_opening(demo: Demo, store_note: str) -> None:
    title = f"{demo.config.studio_name} order agent: demo"
    print(f"{title}\n{'=' * len(title)}")
    imap, smtp = demo.config.imap, demo.config.smtp
    servers = f"IMAP pymap on {HOST}:{imap.port}, SMTP aiosmtpd on {HOST}:{smtp.port}"
    say("servers", f"{servers}, both inside this process", 0)
    say("store", f"{demo.config.store_path} {store_note}", 0)
    moment = f"{START:%A %d %B %Y %H:%M} ({TZ.key})"
    say("clock", f"fixed at {moment}, so every run reads the same", 0)


def print_requests(demo: Demo, waiting: int) -> None:
    print("\nOrders")
    for order in demo.store.orders():
        client = f"{order.client_name} <{', '.join(order.client_emails)}>"
        say(order.id, f"{order.project}, client {client}, AM {order.am_name}", 2)
    print(
        f"\nFirst pass: the {waiting} messages already in the inbox (pymap's sample mail) are "
        "left alone,\nand the questions go out over SMTP:"
    )
    for topic in ("sketches", "fabric", "fitting"):
        print_sent(demo.requests[topic], indent=2)


def question_text(question: Question, config: Config) -> str:
    asked = f"{question.kind} of {question.about}" if question.about else question.kind
    answer = question.answer
    if not answer:
        return f"{asked}: {question.status}, waiting for the client"
    return f"{asked}: {answer['summary']}, by {answer['by']}"


def print_orders(orders: list[Order], config: Config) -> None:
    print("\nOrders now")
    for order in orders:
        print(f"  {order.id}  {order.project} ({order.client_name}), phase {order.phase}")
        for raw in order.questions:
            question = Question.from_dict(raw)
            say(question.id, question_text(question, config), 4)
        say("history", " → ".join(h["event"] for h in order.history), 4)


def print_summary(results: list[Played], sent_total: int, seconds: float) -> bool:
    outcomes = Counter(r.entry["outcome"] for r in results)
    counted = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items())
    problems = [(n, r.problem) for n, r in enumerate(results, 1) if r.problem]
    verdict = "all as expected" if not problems else f"{len(problems)} step(s) went wrong"
    summary = (
        f"Summary: {len(results)} emails in ({counted}), {sent_total} out over SMTP; "
        f"{verdict}; {seconds:.1f} s."
    )
    print("\n" + textwrap.fill(summary, width=WIDTH, subsequent_indent="  "))
    for number, problem in problems:
        print(f"  step {number}: {problem}")
    return not problems


# -- the command ------------------------------------------------------------------------


def _quiet_logs() -> None:
    # The narration is the output; `-v` (DEBUG on the root logger) still shows the log.
    root = logging.getLogger()
    if root.level == logging.DEBUG:
        return
    root.setLevel(logging.WARNING)
    # aiosmtpd 1.4 warns "Session.login_data is deprecated" on every login it accepts,
    # about its own code.
    logging.getLogger("mail.log").setLevel(logging.ERROR)


def _story(keep: Path | None, started: float) -> bool:
    with contextlib.ExitStack() as stack:
        demo = setup(stack, keep)
        note = "(kept)" if keep else "(removed at the end; --keep DIR keeps it)"
        print_opening(demo, note)
        waiting = demo.inbox.count()
        open_orders(demo)
        print_requests(demo, waiting)
        results = [play(demo, number, step) for number, step in enumerate(STORY, 1)]
        print_orders(demo.store.orders(), demo.config)
        return print_summary(results, len(demo.smtp.sent()), time.monotonic() - started)


def run_demo(keep: Path | None) -> int:
    """Run the story on embedded servers; 0 when everything went as the story expects."""
    _quiet_logs()
    started = time.monotonic()
    try:
        ok = _story(keep, started)
    except DemoError as exc:
        return _failed(str(exc), exc.hint)
    except Exception as exc:  # any failure ends the demo with a message, not a traceback
        logging.getLogger("agent.demo").debug("demo failed", exc_info=True)
        return _failed(
            f"{type(exc).__name__}: {exc}",
            "run `python run_agent.py -v demo` to see the agent's log and the traceback",
        )
    if not ok:
        return _failed(
            "the agent did not do what the story expects (see the steps above)",
            "`python run_agent.py interpret` shows how the reader reads one message",
        )
    return 0


def _failed(what: str, hint: str) -> int:
    print(f"\ndemo failed: {what}\nhint: {hint}", file=sys.stderr)
    return 1
