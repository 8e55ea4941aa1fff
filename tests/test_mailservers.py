"""Proof that the mail-server harness in mailservers.py behaves like real servers."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from imapclient.exceptions import IMAPClientError
from mailservers import Dovecot, ImapAccount, SmtpSink


def _raw(subject: str = "Order 42", body: str = "Two capes, please.") -> bytes:
    msg = EmailMessage()
    msg["From"] = "client@example.com"
    msg["To"] = "studio@example.com"
    msg["Subject"] = subject
    msg["Message-ID"] = "<order-42@example.com>"
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)  # CRLF, as it travels on the wire


def _send(sink: SmtpSink, to: list[str], raw: bytes | None = None) -> dict:
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
        return smtp.sendmail("studio@example.com", to, raw or _raw())


def test_append_then_peek_returns_bytes_and_keeps_unseen(imap_account: ImapAccount) -> None:
    """A delivered message comes back byte-for-byte via BODY.PEEK[] and stays unseen."""
    raw = _raw()
    uid = imap_account.deliver(raw)
    assert uid is not None
    with imap_account.client() as imap:
        imap.select_folder("INBOX")
        fetched = imap.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
    assert fetched == raw
    assert "\\Seen" not in imap_account.flags(uid)
    assert imap_account.uids() == [uid]


def test_kick_drops_open_session(imap_account: ImapAccount) -> None:
    """kick() ends a live IMAP session, so the client's next command fails."""
    imap = imap_account.client()
    imap.select_folder("INBOX")
    imap_account.kick()
    with pytest.raises((IMAPClientError, OSError)):
        imap.noop()
    imap.shutdown()


def test_users_are_isolated(dovecot: Dovecot, imap_account: ImapAccount) -> None:
    """Mail for one user never shows up in another user's mailbox."""
    other = f"{imap_account.user}-other"
    dovecot.add_user(other, "other-pw")
    imap_account.deliver(_raw())
    assert dovecot.uids(other, "other-pw") == []
    assert len(imap_account.uids()) == 1


def test_uidvalidity_can_be_changed(imap_account: ImapAccount) -> None:
    """set_uidvalidity() changes what SELECT reports, to simulate a rebuilt mailbox."""
    imap_account.set_uidvalidity(777)
    with imap_account.client() as imap:
        assert imap.select_folder("INBOX")[b"UIDVALIDITY"] == 777


def test_sink_records_message(smtp_sink: SmtpSink) -> None:
    """A message sent with smtplib is recorded with envelope, bytes and parsed form."""
    _send(smtp_sink, ["client@example.com"])
    [got] = smtp_sink.wait_for(1)
    assert got.mail_from == "studio@example.com"
    assert got.rcpt_tos == ["client@example.com"]
    assert got.message["Subject"] == "Order 42"
    assert b"Two capes" in got.raw


def test_fail_next_gives_451_once(smtp_sink: SmtpSink) -> None:
    """fail_next(1) makes exactly one DATA answer 451; the retry is accepted."""
    smtp_sink.fail_next(1)
    with pytest.raises(smtplib.SMTPDataError) as err:
        _send(smtp_sink, ["client@example.com"])
    assert err.value.smtp_code == 451
    assert smtp_sink.messages == []
    _send(smtp_sink, ["client@example.com"])
    assert len(smtp_sink.wait_for(1)) == 1


def test_refuse_recipient_gives_550(smtp_sink: SmtpSink) -> None:
    """A refused recipient gets 550 while the others still receive the message."""
    smtp_sink.refuse_recipient("gone@example.com")
    refused = _send(smtp_sink, ["gone@example.com", "client@example.com"])
    assert refused["gone@example.com"][0] == 550
    assert smtp_sink.wait_for(1)[0].rcpt_tos == ["client@example.com"]


def test_sink_requires_auth_when_configured() -> None:
    """With auth set, mail is refused until the client logs in with the right password."""
    with SmtpSink(auth=("agent", "s3cret")) as sink:
        with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
            with pytest.raises(smtplib.SMTPSenderRefused):
                smtp.sendmail("studio@example.com", ["client@example.com"], _raw())
            with pytest.raises(smtplib.SMTPAuthenticationError):
                smtp.login("agent", "wrong")
            smtp.login("agent", "s3cret")
            smtp.sendmail("studio@example.com", ["client@example.com"], _raw())
        assert len(sink.wait_for(1)) == 1


def test_sink_delivers_into_dovecot(imap_account: ImapAccount) -> None:
    """With deliver_to, an accepted message lands in the mapped Dovecot mailbox."""
    mailboxes = {"client@example.com": (imap_account.user, imap_account.password)}
    with SmtpSink(deliver_to=imap_account.server, mailboxes=mailboxes) as sink:
        _send(sink, ["client@example.com"])
    assert len(imap_account.uids()) == 1
