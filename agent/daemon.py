"""The long-running loop: a pass, then wait for mail (IDLE) or the next minute.

SIGTERM and SIGINT set a flag that is checked between messages, so the message in
hand is finished and recorded before the agent exits.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from typing import Protocol

import schedule

from agent.mailbox import MailboxError
from agent.pipeline import Agent

log = logging.getLogger("agent.daemon")
MAX_BACKOFF = 300


class Waiter(Protocol):
    def wait_for_mail(self, seconds: float, stop: Callable[[], bool]) -> None: ...
    def close(self) -> None: ...


class StopFlag:
    def __init__(self) -> None:
        self.stopped = False

    def __call__(self) -> bool:
        return self.stopped

    def set(self, signum: int = 0, _frame: object = None) -> None:
        if signum:
            log.info("received %s; finishing the message in hand", signal.Signals(signum).name)
        self.stopped = True


def wake_ups(every_seconds: float) -> schedule.Scheduler:
    """The loop's alarm clock, and nothing more: what is due lives in the store and is
    computed each pass, so a wake-up missed (or a restart) loses nothing."""
    scheduler = schedule.Scheduler()
    scheduler.every(max(1, round(every_seconds))).seconds.do(lambda: None)
    return scheduler


def serve(agent: Agent, mailbox: Waiter, wait_seconds: float, stop: StopFlag | None = None) -> None:
    """Run passes until stopped; reconnect with backoff when the server goes away."""
    stop = stop or StopFlag()
    scheduler = wake_ups(wait_seconds)
    backoff = 1.0
    while not stop():
        try:
            report = agent.run_once(stop)
            if report.read or report.sent.sent:
                log.info("pass: read %d, sent %d", report.read, report.sent.sent)
            scheduler.run_pending()
            # IDLE until new mail arrives or the next wake-up, whichever comes first.
            mailbox.wait_for_mail(max(1.0, scheduler.idle_seconds or wait_seconds), stop)
            backoff = 1.0
        except MailboxError as exc:
            log.warning("%s; reconnecting in %.0f s", exc, backoff)
        except Exception:  # the daemon outlives any one failure; the log says what broke
            log.exception("pass failed; trying again in %.0f s", backoff)
        else:
            continue
        _pause(backoff, stop)
        backoff = min(backoff * 2, MAX_BACKOFF)
    mailbox.close()
    log.info("stopped cleanly")


def install_signal_handlers(stop: StopFlag) -> None:
    """SIGTERM/SIGINT ask for a clean stop (only the main thread may install handlers)."""
    signal.signal(signal.SIGTERM, stop.set)
    signal.signal(signal.SIGINT, stop.set)


def _pause(seconds: float, stop: StopFlag) -> None:
    deadline = time.monotonic() + seconds
    while not stop() and time.monotonic() < deadline:
        time.sleep(0.2)
