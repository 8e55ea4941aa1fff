"""Real mail servers on loopback for tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Plain classes with no pytest dependency, so they can also be used from scripts.
See /work/shared/field-notes.md for why the Dovecot config looks the way it does.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient import IMAPClient
from imapclient.util import to_unicode

# /usr/sbin is often missing from PATH for ordinary users, yet that is where Debian puts it.
_SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
_STARTUP_TIMEOUT = 10.0
_IMAP_TIMEOUT = 10.0
# doveadm's exit code when there was nobody to act on, e.g. kick with no sessions.
_EX_NOUSER = 68


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dovecot_binary() -> str | None:
    """Path of the dovecot executable, looking in sbin dirs too."""
    return shutil.which("dovecot", path=_SBIN_PATH)


def dovecot_missing_message() -> str:
    return (
        "Dovecot is not installed, so the IMAP tests cannot run. Install it with:\n"
        "    apt-get install -y dovecot-imapd dovecot-core\n"
        "(no systemd needed: the tests start their own private instance)."
    )


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no file)"


@dataclass(frozen=True)
class _RunAs:
    """The unprivileged account Dovecot's services and mail files use."""

    name: str
    uid: int
    gid: int

    @classmethod
    def pick(cls) -> _RunAs:
        # Dovecot refuses mail access for uid 0, so root hands everything to nobody.
        entry = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid)


_CONF_TEMPLATE = """\
# Written by tests/mailservers.py; self-contained, /etc/dovecot is never read.
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = test-dovecot-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Wrong-password tests should fail fast.
auth_failure_delay = 0
auth_verbose = yes
mail_location = maildir:{root}/mail/%u/Maildir
mail_fsync = never
default_internal_user = {user}
default_login_user = {user}
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  # One file per user: Dovecot 2.3 stats a passwd-file at most once a second, so a user
  # appended to a shared file can fail to log in for up to 1 s; a new file is read at once.
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
# Agent tests may open many parallel sessions from one IP; the default limit is 10.
protocol imap {{
  mail_max_userip_connections = 100
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # Without this socket auth turns its per-IP penalty off; otherwise, after a few wrong
  # passwords from 127.0.0.1, every login (even a correct one) waits up to 15 s.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


class Dovecot:
    """A private Dovecot 2.3 instance living entirely under one directory."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port: int = 0
        self.root: Path | None = None
        self.conf_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._run_as = _RunAs.pick()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, root: Path) -> None:
        binary = self._check_version()
        self.root = Path(root).resolve()
        for attempt in range(3):
            self._prepare(free_port())
            self._proc = self._spawn(binary)
            try:
                self._wait_ready()
                return
            except _PortTaken:
                self._terminate()
                if attempt == 2:
                    raise

    def stop(self) -> None:
        self._terminate()

    @property
    def log_path(self) -> Path:
        return self._root / "dovecot.log"

    # -- accounts and mail -----------------------------------------------------------------

    def add_user(self, name: str, password: str) -> None:
        """Create user, or replace its password (a change may take 1 s to be seen)."""
        if name.startswith(".") or re.search(r"[:/\s]", name) or re.search(r"[:\s]", password):
            raise ValueError(f"bad user name or password for a passwd-file: {name!r}")
        path = self._root / "users" / name
        # Written under a temp name and renamed, so Dovecot never reads half a line.
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(f"{name}:{{PLAIN}}{password}::::::\n")
        tmp.replace(path)

    def client(self, user: str, password: str) -> IMAPClient:
        """A logged-in IMAPClient; the caller closes it (use it as a context manager)."""
        imap = IMAPClient(self.host, self.port, ssl=False, timeout=_IMAP_TIMEOUT)
        try:
            imap.login(user, password)
        except Exception:
            imap.shutdown()
            raise
        return imap

    def deliver(self, user: str, password: str, raw: bytes, mailbox: str = "INBOX") -> int | None:
        """APPEND raw into mailbox (created if needed); return its UID from APPENDUID."""
        with self.client(user, password) as imap:
            if not imap.folder_exists(mailbox):
                imap.create_folder(mailbox)
            response = imap.append(mailbox, raw)
        match = re.search(rb"\[APPENDUID \d+ (\d+)\]", response or b"")
        return int(match.group(1)) if match else None

    def uids(self, user: str, password: str, mailbox: str = "INBOX") -> list[int]:
        with self.client(user, password) as imap:
            imap.select_folder(mailbox, readonly=True)
            return sorted(imap.search("ALL"))

    def flags(self, user: str, password: str, uid: int, mailbox: str = "INBOX") -> frozenset[str]:
        """Flags of one message, read through EXAMINE so nothing changes."""
        with self.client(user, password) as imap:
            imap.select_folder(mailbox, readonly=True)
            found = imap.get_flags([uid])
        if uid not in found:
            raise KeyError(f"no UID {uid} in {user}/{mailbox}")
        # \Recent depends on which session looked first, so it only makes assertions flaky.
        return frozenset(to_unicode(f) for f in found[uid]) - {"\\Recent"}

    def kick(self, user: str) -> None:
        """Drop every IMAP session of user, and wait until the server has let go."""
        self._doveadm("kick", user, ok_codes=(0, _EX_NOUSER))
        deadline = time.monotonic() + 5
        while self._has_sessions(user) and time.monotonic() < deadline:
            time.sleep(0.02)

    def set_uidvalidity(self, user: str, value: int, mailbox: str = "INBOX") -> None:
        self._doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), mailbox)

    # -- internals -------------------------------------------------------------------------

    @property
    def _root(self) -> Path:
        if self.root is None:
            raise RuntimeError("Dovecot.start() has not been called")
        return self.root

    @staticmethod
    def _check_version() -> str:
        binary = dovecot_binary()
        if binary is None:
            raise RuntimeError(dovecot_missing_message())
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if not version.startswith("2.3."):
            raise RuntimeError(
                f"Dovecot {version} found, but this fixture supports Dovecot 2.3 only "
                "(2.4 changed the config syntax; Debian 12 ships 2.3)."
            )
        return binary

    def _prepare(self, port: int) -> None:
        root, run_as = self._root, self._run_as
        self.port = port
        (root / "mail").mkdir(parents=True, exist_ok=True)
        (root / "users").mkdir(exist_ok=True)
        # A fresh log per attempt, so _fail() never blames an earlier attempt's error.
        self.log_path.unlink(missing_ok=True)
        self.conf_path = root / "dovecot.conf"
        self.conf_path.write_text(
            _CONF_TEMPLATE.format(
                root=root, port=port, user=run_as.name, uid=run_as.uid, gid=run_as.gid
            )
        )
        if os.geteuid() == 0:
            _hand_over(root, run_as)

    def _spawn(self, binary: str) -> subprocess.Popen[bytes]:
        # stderr goes to a file: config errors are printed there before logging starts.
        with (self._root / "dovecot.stderr").open("wb") as errors:
            return subprocess.Popen(
                [binary, "-F", "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL,
                stdout=errors,
                stderr=errors,
            )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                self._fail(f"dovecot exited with status {self._proc.returncode}")
            if _greets(self.host, self.port):
                return
            time.sleep(0.02)
        self._terminate()
        self._fail(f"no '* OK' greeting on {self.host}:{self.port} within {_STARTUP_TIMEOUT} s")

    def _fail(self, reason: str) -> None:
        stderr = _tail(self._root / "dovecot.stderr")
        if "Address already in use" in stderr + _tail(self.log_path):
            raise _PortTaken(f"{reason}: port {self.port} was already in use")
        raise RuntimeError(
            f"Dovecot did not start: {reason}\nconfig: {self.conf_path}\n"
            f"--- stderr ---\n{stderr}\n--- {self.log_path} (tail) ---\n{_tail(self.log_path)}"
        )

    def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # Its children notice the master is gone and exit by themselves.
            proc.kill()
            proc.wait()

    def _doveadm(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> str:
        doveadm = shutil.which("doveadm", path=_SBIN_PATH) or "doveadm"
        result = subprocess.run(
            [doveadm, "-c", str(self.conf_path), *args], capture_output=True, text=True
        )
        if result.returncode not in ok_codes:
            raise RuntimeError(
                f"doveadm {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result.stdout

    def _has_sessions(self, user: str) -> bool:
        return any(line.split()[:1] == [user] for line in self._doveadm("who").splitlines())


class _PortTaken(RuntimeError):
    """The port picked by free_port() was grabbed by someone else before Dovecot bound it."""


def _hand_over(root: Path, run_as: _RunAs) -> None:
    """Let the unprivileged account own root and reach it through its parents."""
    for path in [root, *root.rglob("*")]:
        os.chown(path, run_as.uid, run_as.gid)
    # pytest makes its temp dirs 0700; the services need search (x, not r) permission on
    # every parent to open files below. pytest re-tightens its own base dir on the next run.
    for parent in root.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def _greets(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            return sock.recv(256).startswith(b"* OK")
    except OSError:
        return False


@dataclass
class ImapAccount:
    """One user on a test Dovecot, with shortcuts for the usual test chores."""

    host: str
    port: int
    user: str
    password: str
    server: Dovecot

    def deliver(self, raw: bytes, mailbox: str = "INBOX") -> int | None:
        return self.server.deliver(self.user, self.password, raw, mailbox)

    def kick(self) -> None:
        self.server.kick(self.user)

    def client(self) -> IMAPClient:
        return self.server.client(self.user, self.password)

    def uids(self, mailbox: str = "INBOX") -> list[int]:
        return self.server.uids(self.user, self.password, mailbox)

    def flags(self, uid: int, mailbox: str = "INBOX") -> frozenset[str]:
        return self.server.flags(self.user, self.password, uid, mailbox)

    def set_uidvalidity(self, value: int, mailbox: str = "INBOX") -> None:
        self.server.set_uidvalidity(self.user, value, mailbox)


# -- SMTP ------------------------------------------------------------------------------------


@dataclass
class SmtpMessage:
    """One message the sink accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage = field(repr=False)


class _SinkHandler:
    """aiosmtpd handler; runs on the controller's event loop thread."""

    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        # Checked here rather than with SMTP(auth_required=True), which warns on every
        # connection when TLS is off.
        if self.sink.auth is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        refusal = self.sink._refusal_for(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        failure = self.sink._take_failure()
        if failure:
            return failure
        raw = envelope.original_content or b""
        try:
            # Blocking IMAP calls go to a thread so other SMTP sessions keep being served.
            await asyncio.to_thread(self.sink._forward, envelope.rcpt_tos, raw)
        except Exception as exc:  # the SMTP client should see why, as a retryable error
            return f"451 4.3.0 sink could not deliver to Dovecot: {exc!r}"
        self.sink._record(envelope.mail_from or "", list(envelope.rcpt_tos), raw)
        return "250 OK"


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that records messages and can fake failures.

    deliver_to/mailboxes: also APPEND each accepted message into Dovecot for every
    recipient listed in mailboxes (address -> (user, password)).
    auth: (username, password) to offer and require AUTH PLAIN/LOGIN without TLS.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        *,
        deliver_to: Dovecot | None = None,
        mailboxes: Mapping[str, tuple[str, str]] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.port: int = 0
        self.messages: list[SmtpMessage] = []
        self.deliver_to = deliver_to
        self.mailboxes = {addr.lower(): creds for addr, creds in (mailboxes or {}).items()}
        self.auth = auth
        self._controller: Controller | None = None
        self._cond = threading.Condition()
        self._failures: list[str] = []
        self._refused: dict[str, str] = {}

    def start(self) -> None:
        # A stopped Controller cannot be restarted, so every start builds a new one.
        self.port = free_port()
        self._controller = Controller(
            _SinkHandler(self), hostname=self.host, port=self.port, **self._smtp_options()
        )
        self._controller.start()

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_for(self, count: int, timeout: float = 10) -> list[SmtpMessage]:
        """Wait until at least count messages arrived; return them all."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.messages) >= count, timeout):
                got = [(m.mail_from, m.rcpt_tos, m.message["Subject"]) for m in self.messages]
                raise AssertionError(f"expected {count} message(s) within {timeout} s, got {got}")
            return list(self.messages)

    def clear(self) -> None:
        """Forget recorded messages and any pending fault injection."""
        with self._cond:
            self.messages.clear()
            self._failures.clear()
            self._refused.clear()

    def fail_next(self, n: int, code: int = 451, text: str = "try later") -> None:
        """Answer the next n DATA commands with code instead of accepting."""
        with self._cond:
            self._failures.extend([f"{code} {text}"] * n)

    def refuse_recipient(self, addr: str, code: int = 550, text: str = "no such user") -> None:
        with self._cond:
            self._refused[addr.lower()] = f"{code} {text}"

    def _smtp_options(self) -> dict[str, Any]:
        if self.auth is None:
            return {}
        return {"authenticator": self._authenticate, "auth_require_tls": False}

    # -- called from the handler thread ----------------------------------------------------

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert self.auth is not None
        ok = isinstance(data, LoginPassword) and (
            data.login.decode(errors="replace"),
            data.password.decode(errors="replace"),
        ) == tuple(self.auth)
        # handled=False makes aiosmtpd send the 535 itself; the default (True) means "I
        # already replied", and the client then waits forever.
        return AuthResult(success=ok, handled=False)

    def _refusal_for(self, address: str) -> str | None:
        with self._cond:
            return self._refused.get(address.lower())

    def _take_failure(self) -> str | None:
        with self._cond:
            return self._failures.pop(0) if self._failures else None

    def _forward(self, rcpt_tos: list[str], raw: bytes) -> None:
        if self.deliver_to is None:
            return
        for rcpt in rcpt_tos:
            creds = self.mailboxes.get(rcpt.lower())
            if creds:
                self.deliver_to.deliver(creds[0], creds[1], raw)

    def _record(self, mail_from: str, rcpt_tos: list[str], raw: bytes) -> None:
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self._cond:
            self.messages.append(SmtpMessage(mail_from, rcpt_tos, raw, parsed))
            self._cond.notify_all()
