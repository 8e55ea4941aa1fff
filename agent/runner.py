"""Building the real agent from config, and the start-up checks before it runs."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from agent.clock import Clock
from agent.config import Config, ConfigError
from agent.mailbox import ConnectionLost, ImapMailbox
from agent.pipeline import Agent
from agent.store import Store
from agent.transport import PermanentFailure, SmtpTransport, TemporaryFailure

log = logging.getLogger("agent.runner")
CONNECT_RETRIES = (1, 2, 4)


def build_agent(config: Config, clock: Clock) -> Agent:
    return Agent(
        config=config,
        store=Store(config.store_path),
        mailbox=ImapMailbox(config.imap),
        transport=SmtpTransport(config.smtp),
        clock=clock,
    )


@contextlib.contextmanager
def only_runner(store_path: Path) -> Iterator[None]:
    """One agent per store: two would read the same mail and send the same outbox."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{store_path}.run.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise ConfigError(
                f"another agent is already running on {store_path} (pid {handle.read().strip()}); "
                "stop it first, or give this one its own [store] path"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def check_servers(agent: Agent) -> None:
    """Log in to both servers once, so a wrong setting stops the agent at start-up."""
    for wait in CONNECT_RETRIES:
        try:
            agent.mailbox.connect()  # type: ignore[attr-defined]
            break
        except ConnectionLost as exc:
            # A busy or restarting server is not a wrong setting: give it a moment.
            log.warning("%s; trying again in %d s", exc, wait)
            time.sleep(wait)
    else:
        agent.mailbox.connect()  # type: ignore[attr-defined]
    try:
        agent.transport.check()  # type: ignore[attr-defined]
    except (TemporaryFailure, PermanentFailure) as exc:
        raise ConfigError(f"SMTP {agent.config.smtp.host}:{agent.config.smtp.port}: {exc}") from exc
