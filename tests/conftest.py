"""Shared fixtures: a real Dovecot (IMAP) and aiosmtpd sink (SMTP) on loopback."""

from __future__ import annotations

import itertools
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import Studio, build_agent
from mailservers import Dovecot, ImapAccount, SmtpSink, dovecot_binary, dovecot_missing_message
from studio import MONDAY, make_config

from agent.clock import FixedClock

_user_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if dovecot_binary() is None:
        # CI must install it; on a laptop, skipping beats a wall of errors.
        if os.environ.get("CI") == "true":
            pytest.fail(dovecot_missing_message())
        pytest.skip(dovecot_missing_message())
    server = Dovecot()
    # Not under pytest's base dir: any other pytest run on the machine re-tightens that to
    # 0700, and Dovecot's unprivileged services then fail every login mid-test.
    with tempfile.TemporaryDirectory(prefix="agent-dovecot-") as root:
        server.start(Path(root))
        yield server
        server.stop()


@pytest.fixture
def imap_account(dovecot: Dovecot) -> ImapAccount:
    """A fresh user per test, so tests sharing the session Dovecot never see each other."""
    user, password = f"agent{next(_user_numbers)}", secrets.token_urlsafe(12)
    dovecot.add_user(user, password)
    return ImapAccount(dovecot.host, dovecot.port, user, password, dovecot)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def studio(tmp_path, imap_account: ImapAccount) -> Iterator[Studio]:
    """An agent on a fresh mailbox and SMTP sink, its clock on a Monday, first pass done."""
    sink = SmtpSink(auth=("agent", "smtp-secret"))
    sink.start()
    imap = (imap_account.host, imap_account.port, imap_account.user, imap_account.password)
    config = make_config(tmp_path, imap=imap, smtp=("127.0.0.1", sink.port, "agent", "smtp-secret"))
    clock = FixedClock(MONDAY)
    agent = build_agent(config, clock)
    agent.run_once()
    yield Studio(agent, sink, imap_account, agent.store, config, clock)
    agent.mailbox.close()  # type: ignore[attr-defined]
    sink.stop()
