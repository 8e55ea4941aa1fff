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
from imapclient.exceptions import IMAPClientError, LoginError

from agent.config import ImapSettings

log = logging.getLogger("agent.mailbox")
FETCH_BATCH = 200
# Batches are also cut by size: a catch-up over mail full of fitting photos must not
# hold gigabytes at once.
FETCH_BATCH_BYTES = 50 * 1024 * 1024


class MailboxError(Exception):
    """The IMAP server cannot be reached or refused us; the message says what to check."""


class ConnectionLost(MailboxError):
    """The connection died (server restart, kick, network): reconnect and carry on."""


class SettingsRefused(MailboxError):
    """The server refused our login or has no such mailbox: retrying cannot help."""


def _translate(action: str, exc: BaseException) -> MailboxError:
    text = str(exc)
    if isinstance(exc, IMAPClientError) and "[UNAVAILABLE]" in text:
        return ConnectionLost(f"{action}: the server is busy ({text})")
    if isinstance(exc, LoginError):
        return SettingsRefused(f"{action}: login refused; check imap.username and imap.password")
    return ConnectionLost(f"{action}: {type(exc).__name__}: {text}")


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
        except (IMAPClientError, OSError) as exc:
            raise _translate(f"connect to {s.host}:{s.port}", exc) from exc
        try:
            status = client.select_folder(s.mailbox, readonly=True)
        except IMAPClientError as exc:
            raise SettingsRefused(
                f'imap.mailbox: the server has no mailbox "{s.mailbox}" ({exc}); '
                "use the name your mail client shows, e.g. INBOX"
            ) from exc
        except OSError as exc:
            raise _translate(f"open {s.mailbox}", exc) from exc
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
        """The messages' bytes, in UID order, fetched in batches bounded by count and size."""
        for start in range(0, len(uids), FETCH_BATCH):
            chunk = uids[start : start + FETCH_BATCH]
            sizes = self._call("size", lambda c, b=chunk: c.fetch(b, ["RFC822.SIZE"]))
            for batch in _by_size(chunk, {u: d.get(b"RFC822.SIZE", 0) for u, d in sizes.items()}):
                found = self._call("fetch", lambda c, b=batch: c.fetch(b, ["BODY.PEEK[]"]))
                yield from ((uid, found[uid][b"BODY[]"]) for uid in batch if uid in found)

    def _call(self, action: str, fn: Callable[[IMAPClient], dict | list]) -> dict | list:
        try:
            return fn(self._live())
        except (IMAPClientError, OSError) as exc:
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
        except (IMAPClientError, OSError) as exc:
            self.client = None
            raise _translate("idle", exc) from exc
        except ConnectionLost:
            self.client = None
            raise


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


def _by_size(uids: list[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    batch: list[int] = []
    total = 0
    for uid in uids:
        if batch and total + sizes.get(uid, 0) > FETCH_BATCH_BYTES:
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += sizes.get(uid, 0)
    if batch:
        yield batch


def _announces_mail(responses: list) -> bool:
    return any(len(r) > 1 and r[1] == b"EXISTS" for r in responses)


def _sleep(seconds: float, stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while not stop() and time.monotonic() < deadline:
        time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
