"""The demo's studio: its people, two orders with three questions, and the real agent.

The agent is the production one (ImapMailbox in, SmtpTransport out, the JSON store),
pointed at the embedded servers of agent.demo_servers.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from agent.clock import FixedClock
from agent.config import Config, ImapSettings, Person, ServerSettings
from agent.demo_servers import (
    HOST,
    IMAP_PASSWORD,
    IMAP_USER,
    SERVER_TIMEOUT,
    DemoError,
    Inbox,
    SmtpRecorder,
    start_imap,
    start_smtp,
)
from agent.mailbox import ImapMailbox
from agent.orders import ask, new_order
from agent.outbox import compose
from agent.pipeline import Agent
from agent.policy import Policy
from agent.store import Commit, Store
from agent.templates import Templates
from agent.transport import SmtpTransport

TZ = ZoneInfo("Europe/Madrid")
# A fixed clock makes the story read the same on every run. It starts on a Wednesday,
# so a client's "Tuesday" can only mean the first fitting slot below.
START = datetime(2026, 1, 28, 9, 0, tzinfo=TZ)

AGENT_ADDRESS = "orders@atelier.example"
SMTP_PASSWORD = "demo-smtp-password"
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
        "paid": ["deposit"],
    },
    {
        "project": "La Reina, ball scene",
        "client": {"name": MARTIN.name, "emails": [MARTIN.address]},
        "account_manager": MARC.address,
        "contract_value": 42000,
        "delivery_date": "2026-04-24",
        "paid": ["deposit"],
    },
)
FABRICS = ["Silk taffeta in ivory", "Duchess satin in champagne", "Silk velvet in midnight blue"]
FITTING_SLOTS = ["2026-02-03T14:00", "2026-02-04T11:00", "2026-02-06T16:30"]


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
        # The story is about replies; the morning digest would only add noise here.
        policy=Policy(daily_digest=False),
        currency="EUR",
    )


@dataclass
class Demo:
    """The running studio: the agent, its clock, and both ends of its mail."""

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
    """Start the servers and the agent; everything stops when `stack` closes."""
    store_dir = _store_dir(stack, keep)
    smtp, smtp_port = start_smtp(stack, AGENT_ADDRESS, SMTP_PASSWORD)
    imap_port = start_imap(stack)
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
