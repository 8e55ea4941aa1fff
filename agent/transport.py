"""SMTP out (aiosmtplib); failures are sorted into worth retrying or not."""

from __future__ import annotations

import asyncio
import logging

import aiosmtplib

from agent.config import ServerSettings

log = logging.getLogger("agent.transport")


class TemporaryFailure(Exception):
    """Try again later: the server or the network may recover."""


class PermanentFailure(Exception):
    """Retrying cannot help: the server refused this message or its recipients."""


class SmtpTransport:
    def __init__(self, settings: ServerSettings, timeout: float = 30) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, raw: str, sender: str, recipients: list[str]) -> list[str]:
        """Send one message; return the recipients the server refused (if not all)."""
        return asyncio.run(self._send(raw, sender, recipients))

    async def _send(self, raw: str, sender: str, recipients: list[str]) -> list[str]:
        s = self.settings
        try:
            refused, _ = await aiosmtplib.send(
                raw,
                sender=sender,
                recipients=recipients,
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=s.password,
                use_tls=s.security == "ssl",
                start_tls=s.security == "starttls",
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"every recipient refused: {exc.recipients}") from exc
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise TemporaryFailure(
                f"SMTP login refused ({exc.code} {exc.message}); check smtp.username and "
                "smtp.password (or $AGENT_SMTP_PASSWORD)"
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            failure = PermanentFailure if 500 <= exc.code < 600 else TemporaryFailure
            raise failure(f"server answered {exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
        return sorted(refused)
