"""Rules: machines are recognised before anything else, and each decision says which rule fired."""

from __future__ import annotations

from pathlib import Path

import pytest
from studio import AGENT, AM, CLIENT, client_mail, make_config

from agent.outbox import message_id_for
from agent.parsers.envelope import parse_envelope
from agent.rules import classify

CONFIG = make_config(Path("/nonexistent"))


@pytest.mark.parametrize(
    ("sender", "headers", "kind", "rule"),
    [
        (CLIENT, {}, "person", None),
        (AM.address, {}, "staff", "staff-sender"),
        (AGENT, {}, "ours", "from-agent-address"),
        (CLIENT, {"X-Order-Agent": AGENT}, "ours", "loop-header"),
        (CLIENT, {"Auto-Submitted": "auto-replied"}, "auto_reply", "auto-submitted"),
        (CLIENT, {"Auto-Submitted": "no"}, "person", None),
        (CLIENT, {"X-Autorespond": "yes"}, "auto_reply", "x-autoreply"),
        (CLIENT, {"Precedence": "junk"}, "auto_reply", "bulk-precedence"),
        (CLIENT, {"Precedence": "first-class"}, "person", None),
        (CLIENT, {"X-Auto-Response-Suppress": "All"}, "person", None),
        ("postmaster@teatronuevo.example", {}, "bounce", "mailer-daemon-sender"),
        (CLIENT, {"Return-Path": "<>"}, "bounce", "null-return-path"),
        (AM.address, {"Auto-Submitted": "auto-replied"}, "auto_reply", "auto-submitted"),
    ],
)
def test_kind_and_rule(sender: str, headers: dict[str, str], kind: str, rule: str | None) -> None:
    """Each header or sender pattern gives its kind, and the rule is named."""
    result = classify(
        parse_envelope(client_mail("Approved", sender=sender, headers=headers)), CONFIG
    )
    assert result.kind == kind
    assert (rule in result.fired) if rule else result.fired == ()


def test_our_own_message_id_is_recognised_even_without_headers() -> None:
    """A copy of our own mail (our Message-ID form) is never treated as a client's."""
    raw = client_mail("Approved", message_id=message_id_for("ORD-0001/ask/Q1", CONFIG.domain))
    assert classify(parse_envelope(raw), CONFIG).kind == "ours"


def test_an_am_from_the_studio_domain_is_not_mistaken_for_the_agent() -> None:
    """Staff share the agent's domain; only the agent's own Message-ID form counts as ours."""
    raw = client_mail("note", sender=AM.address, message_id="<abc.123@atelier.example>")
    assert classify(parse_envelope(raw), CONFIG).kind == "staff"


def test_delivery_status_report_is_a_bounce() -> None:
    """multipart/report; report-type=delivery-status is a bounce whoever sent it."""
    raw = (
        b"From: mail system <relay@mx.example>\r\nTo: orders@atelier.example\r\n"
        b"Subject: failure\r\nMessage-ID: <b1@mx.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\n--b--\r\n"
    )
    assert classify(parse_envelope(raw), CONFIG).kind == "bounce"


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: [ORD-0001] fabric",
        "Out of Office: back Monday",
        "Abwesenheitsnotiz: Re: fabric",
        "Réponse automatique : fabric",
    ],
)
def test_out_of_office_subjects_without_headers(subject: str) -> None:
    """Some servers send OOO replies with no header at all; the subject still gives them away."""
    raw = client_mail("I am away until 3 February.", subject=subject)
    assert classify(parse_envelope(raw), CONFIG).kind == "auto_reply"


def report(report_type: str, status_part: str) -> bytes:
    return (
        "From: mail system <postmaster@mx.example>\r\nTo: orders@atelier.example\r\n"
        "Subject: report\r\nMessage-ID: <r1@mx.example>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type={report_type}; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nreport\r\n"
        f"--b\r\n{status_part}\r\n--b--\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (
            report(
                "delivery-status",
                "Content-Type: message/delivery-status\r\n\r\n"
                "Final-Recipient: rfc822; x@y\r\nAction: delayed",
            ),
            "auto_reply",
        ),
        (
            report(
                "disposition-notification",
                "Content-Type: message/disposition-notification"
                "\r\n\r\nDisposition: manual-action/MDN-sent-manually; displayed",
            ),
            "auto_reply",
        ),
        (
            client_mail(
                "I am on holiday until 9 February.",
                headers={"Return-Path": "<>", "Auto-Submitted": "auto-replied"},
            ),
            "auto_reply",
        ),
    ],
    ids=["delay-warning", "read-receipt", "rfc3834-vacation"],
)
def test_machine_mail_that_is_not_a_failed_delivery(raw: bytes, kind: str) -> None:
    """A delay warning, a read receipt or a vacation reply is machine mail, not a bounce."""
    assert classify(parse_envelope(raw), CONFIG).kind == kind
