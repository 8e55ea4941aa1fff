"""The outbox against a real SMTP server: rendering, headers, and the loop safety net."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from mailservers import SmtpSink
from studio import CLIENT, MONDAY, make_config

from agent.config import Config
from agent.outbox import RATE_LIMIT_PER_HOUR, Draft, compose, flush, message_id_for
from agent.store import Commit, Store
from agent.templates import Templates
from agent.transport import SmtpTransport


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink(auth=("agent", "smtp-secret"))
    server.start()
    yield server
    server.stop()


def setup(tmp_path: Path, sink: SmtpSink) -> tuple[Config, Store, SmtpTransport]:
    config = make_config(tmp_path, smtp=("127.0.0.1", sink.port, "agent", "smtp-secret"))
    return config, Store(config.store_path), SmtpTransport(config.smtp, timeout=10)


def draft(config: Config, n: int) -> Draft:
    key = f"ORD-0001/confirm/<m{n}@x>"
    return Draft(
        key=key, template="client/confirmation", to=(CLIENT,), subject="Re: [ORD-0001] x",
        context={"order": {"id": "ORD-0001", "project": "Gala", "am": "Ana"}, "summary": "ok",
                 "name": ""},
        message_id=message_id_for(key, config.domain), order_id="ORD-0001",
        auto_submitted="auto-replied",
    )  # fmt: skip


def test_no_address_gets_more_than_the_hourly_limit(tmp_path: Path, sink: SmtpSink) -> None:
    """A burst to one client stops at the limit; the rest go out an hour later, none lost."""
    config, store, transport = setup(tmp_path, sink)
    total = RATE_LIMIT_PER_HOUR + 3
    rows = [compose(draft(config, n), config, Templates(), MONDAY) for n in range(total)]
    store.commit(Commit(outbox=rows))

    first = flush(store, transport, config.address, MONDAY)
    assert (first.sent, first.deferred) == (RATE_LIMIT_PER_HOUR, 3)
    assert len(sink.messages) == RATE_LIMIT_PER_HOUR
    later = flush(store, transport, config.address, MONDAY + timedelta(minutes=61))
    assert later.sent == 3 and len(sink.messages) == total


def test_sent_mail_carries_threading_and_loop_headers(tmp_path: Path, sink: SmtpSink) -> None:
    """Our Message-ID, Reply-To, the loop header and Auto-Submitted reach the wire."""
    config, store, transport = setup(tmp_path, sink)
    sent = draft(config, 1)
    store.commit(Commit(outbox=[compose(sent, config, Templates(), MONDAY)]))
    flush(store, transport, config.address, MONDAY)
    [message] = sink.wait_for(1)
    headers = message.message
    assert headers["Message-ID"] == sent.message_id
    assert headers["Reply-To"] == config.address
    assert headers["X-Order-Agent"] == config.address
    assert headers["Auto-Submitted"] == "auto-replied"
    assert message.mail_from == config.address
    assert store.outbox("sent")[0]["raw"] == ""
