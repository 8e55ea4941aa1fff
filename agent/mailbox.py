"""The watched IMAP mailbox (imapclient): new messages by UID, IDLE, errors translated.

The mailbox is opened read-only and read with BODY.PEEK, so the shared inbox stays
exactly as the people who also read it left it.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable, Iterator
from datetime import date

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError

from agent.config import ImapSettings

log = logging.getLogger("agent.mailbox")
FETCH_BATCH = 200


class MailboxError(Exception):
    """The IMAP server cannot be reached or refused us; the message says what to check."""


class ConnectionLost(MailboxError):
    """The connection died (server restart, kick, network): reconnect and carry on."""


def _translate(action: str, exc: BaseException) -> MailboxError:
    if isinstance(exc, IMAPClientError) and "authentication" in str(exc).lower():
        return MailboxError(f"{action}: login refused; check imap.username and imap.password")
    return ConnectionLost(f"{action}: {type(exc).__name__}: {exc}")


class ImapMailbox:
    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self.client: IMAPClient | None = None
        self.uidvalidity = 0
        self.has_idle = False

    def connect(self) -> None:
        s = self.settings
        try:
            client = IMAPClient(
                s.host,
                port=s.port,
                ssl=s.security == "ssl",
                timeout=SocketTimeout(connect=15, read=60),
            )
            if s.security == "starttls":
                client.starttls(ssl.create_default_context())
            client.login(s.username, s.password)
            status = client.select_folder(s.mailbox, readonly=True)
        except (IMAPClientError, OSError, ssl.SSLError) as exc:
            raise _translate(f"connect to {s.host}:{s.port}", exc) from exc
        self.client = client
        self.uidvalidity = int(status[b"UIDVALIDITY"])
        self.has_idle = client.has_capability("IDLE")
        log.info(
            "connected to %s:%s %s (UIDVALIDITY %s)", s.host, s.port, s.mailbox, self.uidvalidity
        )

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.logout()
        except (IMAPClientError, OSError):
            log.debug("logout failed; the connection was already gone")
        self.client = None

    def ensure_connected(self) -> None:
        if self.client is None:
            self.connect()

    def _live(self) -> IMAPClient:
        self.ensure_connected()
        assert self.client is not None
        return self.client

    def highest_uid(self) -> int:
        uids = self._call("search", lambda c: c.search(["ALL"]))
        return max(uids, default=0)

    def uids_after(self, last_uid: int, since: date | None = None) -> list[int]:
        """UIDs above last_uid (optionally only those that arrived since a day), ascending."""
        criteria = ["UID", f"{last_uid + 1}:*"] + (["SINCE", since] if since else [])
        # NOOP first: some servers announce mail appended by other sessions only then.
        uids = self._call("search", lambda c: (c.noop(), c.search(criteria))[1])
        # `N:*` always matches the newest message, even when its UID is below N.
        return sorted(uid for uid in uids if uid > last_uid)

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            found = self._call("fetch", lambda c, b=batch: c.fetch(b, ["BODY.PEEK[]"]))
            for uid in batch:
                if uid in found:
                    yield uid, found[uid][b"BODY[]"]

    def _call(self, action: str, fn: Callable[[IMAPClient], dict | list]) -> dict | list:
        try:
            return fn(self._live())
        except (IMAPClientError, OSError, ssl.SSLError) as exc:
            self.client = None
            raise _translate(action, exc) from exc

    def wait_for_mail(self, seconds: float, stop: Callable[[], bool]) -> None:
        """Return when new mail may have arrived, `seconds` pass, or `stop()` turns true."""
        if not self.has_idle:
            _sleep(seconds, stop)
            return
        client = self._live()
        try:
            if _announces_mail(client.noop()[1]):
                return
            client.idle()
            _idle_until(client, time.monotonic() + seconds, stop)
            client.idle_done()
        except (IMAPClientError, OSError, ssl.SSLError) as exc:
            self.client = None
            raise _translate("idle", exc) from exc


def _idle_until(client: IMAPClient, deadline: float, stop: Callable[[], bool]) -> None:
    while not stop() and time.monotonic() < deadline:
        started = time.monotonic()
        responses = client.idle_check(timeout=1)
        if any(r[0] == b"BYE" or b"BYE" in r[:1] for r in responses if r):
            raise ConnectionLost("the server said BYE during IDLE")
        if _announces_mail(responses):
            return
        # A dead socket makes idle_check return [] at once, forever.
        if not responses and time.monotonic() - started < 0.5:
            raise ConnectionLost("the connection closed during IDLE")


def _announces_mail(responses: list) -> bool:
    return any(len(r) > 1 and r[1] == b"EXISTS" for r in responses)


def _sleep(seconds: float, stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not stop() and time.monotonic() < deadline:
        time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
