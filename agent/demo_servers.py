"""The demo's mail servers, inside this process on 127.0.0.1, and their start and stop.

pymap (a pure-Python IMAP server) holds the studio's inbox; aiosmtpd receives and keeps
what the agent sends. `Inbox` puts client mail into pymap as a mail server would.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient import IMAPClient, SocketTimeout
from pymap.backend import backends
from pymap.concurrent import Subsystem
from pymap.service import services

HOST = "127.0.0.1"
# pymap's in-memory backend has exactly one account.
IMAP_USER, IMAP_PASSWORD = "demouser", "demopass"
SERVER_TIMEOUT = 10.0


# Here, in the demo's lowest module, so that every part of the demo can raise it.
class DemoError(Exception):
    """The demo cannot go on; `hint` tells the person what to try."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


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


def start_smtp(
    stack: contextlib.ExitStack, username: str, password: str
) -> tuple[SmtpRecorder, int]:
    """aiosmtpd on a free port, accepting only this login; stopped when `stack` closes."""
    recorder = SmtpRecorder(username, password)
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


def start_imap(stack: contextlib.ExitStack) -> int:
    """pymap on a free port, with its sample mail; stopped when `stack` closes."""
    port = free_port()
    pymap = PymapServer(port)
    pymap.start()
    stack.callback(pymap.stop)
    return port


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
