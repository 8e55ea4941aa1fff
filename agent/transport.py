"""SMTP out (aiosmtplib); failures are sorted by whether retrying can help, and when."""

from __future__ import annotations

import asyncio
import logging

import aiosmtplib

from agent.config import ServerSettings

log = logging.getLogger("agent.transport")


class TemporaryFailure(Exception):
    """This message may go through later (a 4xx, greylisting)."""


class ServerProblem(TemporaryFailure):
    """The server, the network or our settings fail every message alike: stop sending for now."""


class PermanentFailure(Exception):
    """Retrying cannot help: the server refused this message or all its recipients."""


SERVER_LEVEL = (
    OSError,
    TimeoutError,
    aiosmtplib.SMTPConnectError,
    aiosmtplib.SMTPHeloError,
    aiosmtplib.SMTPSenderRefused,
    aiosmtplib.SMTPNotSupported,
    aiosmtplib.SMTPServerDisconnected,
    aiosmtplib.SMTPTimeoutError,
)


class SmtpTransport:
    def __init__(self, settings: ServerSettings, timeout: float = 30) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, raw: str, sender: str, recipients: list[str]) -> dict[str, int]:
        """Send one message; return the recipients the server refused, with their codes."""
        return asyncio.run(self._send(raw, sender, recipients))

    def check(self) -> None:
        """Connect and log in once, so a wrong setting shows at start-up, not at first send."""
        asyncio.run(self._check())

    def _options(self) -> dict[str, object]:
        s = self.settings
        return {
            "hostname": s.host,
            "port": s.port,
            "username": s.username,
            "password": s.password,
            "use_tls": s.security == "ssl",
            "start_tls": s.security == "starttls",
            "timeout": self.timeout,
        }

    async def _check(self) -> None:
        try:
            client = aiosmtplib.SMTP(**self._options())  # type: ignore[arg-type]
            await client.connect()
            await client.quit()
        except Exception as exc:  # every failure here is reported the same way
            raise classify(exc) from exc

    async def _send(self, raw: str, sender: str, recipients: list[str]) -> dict[str, int]:
        try:
            refused, _ = await aiosmtplib.send(
                raw, sender=sender, recipients=recipients, **self._options()
            )
        except Exception as exc:  # sorted into the three kinds the outbox acts on
            raise classify(exc) from exc
        return {address: response.code for address, response in refused.items()}


def classify(exc: BaseException) -> Exception:
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return ServerProblem(
            f"SMTP login refused ({exc.code} {exc.message}); check smtp.username and "
            "smtp.password (or $AGENT_SMTP_PASSWORD)"
        )
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = {r.recipient: r.code for r in exc.recipients}
        if all(code >= 500 for code in codes.values()):
            return PermanentFailure(f"every recipient refused: {codes}")
        return TemporaryFailure(f"recipients refused for now: {codes}")
    if isinstance(exc, SERVER_LEVEL):
        return ServerProblem(f"cannot send through the SMTP server: {type(exc).__name__}: {exc}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        failure = PermanentFailure if 500 <= exc.code < 600 else TemporaryFailure
        return failure(f"server answered {exc.code} {exc.message}")
    return ServerProblem(f"{type(exc).__name__}: {exc}")
