"""Test helpers: a studio configuration, sample orders, mail as clients write it, and the
schedule walked as the agent acts on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from agent.config import Config, ImapSettings, Person, ServerSettings
from agent.due import due
from agent.model import Order
from agent.orders import new_order
from agent.scheduled import act

AGENT = "orders@atelier.example"
AM = Person("Ana Ruiz", "ana@atelier.example")
SD = Person("Sofia Marin", "sofia@atelier.example")
CLIENT = "laura@teatronuevo.example"
MONDAY = datetime(2026, 1, 26, 9, 0, tzinfo=UTC)


def make_config(
    store_dir: Path,
    imap: tuple[str, int, str, str] = ("127.0.0.1", 1, "agent", "pw"),
    smtp: tuple[str, int, str, str] = ("127.0.0.1", 1, "agent", "pw"),
) -> Config:
    host, port, user, password = imap
    return Config(
        studio_name="Atelier Lumen",
        address=AGENT,
        timezone=ZoneInfo("Europe/Madrid"),
        sales_director=SD,
        account_managers=(AM, Person("Marc Vidal", "marc@atelier.example")),
        imap=ImapSettings(host, port, user, password, "none", "INBOX"),
        smtp=ServerSettings(*smtp, security="none"),
        store_path=store_dir / "agent.json",
    )


def sample_order(
    config: Config,
    order_id: str = "ORD-0001",
    client: str = CLIENT,
    created: datetime = MONDAY,
    delivery: str = "2026-03-12",
    deposit_paid: bool = True,
) -> Order:
    """An order as signed: by default the deposit is already in (it is due at signing)."""
    fields = {
        "project": "Teatro Nuevo Gala",
        "client": {"name": "Laura Gil", "emails": [client]},
        "account_manager": AM.address,
        "contract_value": 18000,
        "delivery_date": delivery,
    }
    order = new_order(fields, order_id, config, created)
    if deposit_paid:
        order.payments[0]["status"] = "received"
    return order


def walk(
    orders: list[Order],
    config: Config,
    start: datetime,
    until: datetime,
    prefix: str = "",
    step: timedelta = timedelta(hours=1),
) -> tuple[dict[str, datetime], dict[str, Order]]:
    """Walk the clock from `start` to `until` and act on each item whose key starts with
    `prefix` the first time it falls due, as the agent does (what it records, an invoice
    sent say, changes what follows): when each fell due, and the orders after."""
    by_id = {o.id: o for o in orders}
    seen: dict[str, datetime] = {}
    moment = start
    while moment <= until:
        for item in due(list(by_id.values()), moment, config.policy, config.timezone):
            if item.key.startswith(prefix) and item.key not in seen:
                seen[item.key] = moment
                by_id.update({o.id: o for o in act(item, by_id, config, moment).orders})
        moment += step
    return seen, by_id


def chased(order: Order, config: Config, start: datetime, until: datetime) -> Order:
    """The order once the agent has sent its payment emails from `start` to `until`."""
    return walk([order], config, start, until, "pay/")[1][order.id]


def client_mail(
    body: str,
    *,
    sender: str = CLIENT,
    subject: str = "Re: [ORD-0001] Your approval: design sketches",
    in_reply_to: str = "",
    date: datetime = MONDAY,
    headers: dict[str, str] | None = None,
    html: str = "",
    message_id: str = "",
) -> bytes:
    """A reply as a mail client writes it: threading headers, quoted history optional."""
    message = EmailMessage()
    message["From"] = f"Laura Gil <{sender}>"
    message["To"] = AGENT
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2])
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    if html and not body:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
        if html:
            message.add_alternative(html, subtype="html")
    return message.as_bytes()


class NoMailbox:
    """For tests of `Agent.handle` and the schedule: IMAP is tested end to end elsewhere."""

    uidvalidity = 1


class NoTransport:
    def send(self, raw: str, sender: str, recipients: list[str]) -> dict[str, int]:
        raise AssertionError("these tests send nothing")
