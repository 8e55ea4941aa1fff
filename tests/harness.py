"""The agent wired to the test servers: a studio whose mailbox is Dovecot and whose
outgoing mail lands in an aiosmtpd sink, on a clock the test sets."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from mailservers import ImapAccount, SmtpSink
from studio import sample_order

from agent.clock import FixedClock
from agent.config import Config
from agent.mailbox import ImapMailbox
from agent.orders import ask
from agent.outbox import compose
from agent.pipeline import Agent
from agent.store import Commit, Store
from agent.templates import Templates
from agent.transport import SmtpTransport


@dataclass
class Studio:
    agent: Agent
    sink: SmtpSink
    inbox: ImapAccount
    store: Store
    config: Config
    clock: FixedClock

    def ask(self, kind: str = "approval", **details: object) -> str:
        """Open a question on ORD-0001 and send it; return the request's Message-ID."""
        order = self.store.order("ORD-0001") or sample_order(self.config)
        order, draft = ask(order, kind, self.config, self.clock.now(), **details)  # type: ignore[arg-type]
        row = compose(draft, self.config, Templates(), self.clock.now())
        self.store.commit(Commit(orders=[order], outbox=[row]))
        self.agent.run_once()
        self.sink.wait_for(1)
        self.sink.clear()
        return draft.message_id

    def receive(self, raw: bytes) -> None:
        self.inbox.deliver(raw)
        self.clock.advance(minutes=5)
        self.agent.run_once()

    def to(self, address: str) -> list[EmailMessage]:
        return [m.message for m in self.sink.messages if address in m.rcpt_tos]


def build_agent(config: Config, clock: FixedClock) -> Agent:
    return Agent(
        config,
        Store(config.store_path),
        ImapMailbox(config.imap),
        SmtpTransport(config.smtp, timeout=10),
        clock,
    )
