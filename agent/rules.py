"""What kind of mail is this: ours, a bounce, an auto-reply, staff, or a person.

The rules are a declared, ordered table; the first kind whose rule fires wins and
every rule that fired is recorded, so a person can see why mail was treated as it was.
Machines come first: nothing a machine sent is ever answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.config import Config
from agent.parsers.envelope import InboundMail

LOOP_HEADER = "X-Order-Agent"
MSGID_TAG = "order-agent"
BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-delivery-subsystem)@", re.I)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
AUTO_REPLY_SUBJECT = re.compile(
    r"^(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|abwesenheitsnotiz|"
    r"réponse automatique|respuesta automática|risposta automatica|automatisch antwoord)\b",
    re.I,
)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    fires: Callable[[InboundMail, Config], bool]


@dataclass(frozen=True)
class Classification:
    kind: str
    fired: tuple[str, ...]


def is_ours(mail: InboundMail, config: Config) -> bool:
    return mail.message_id.lower().endswith(f".{MSGID_TAG}@{config.domain}>")


def has_loop_header(mail: InboundMail, config: Config) -> bool:
    return mail.header(LOOP_HEADER).strip().lower() == config.address.lower()


def from_ourselves(mail: InboundMail, config: Config) -> bool:
    return mail.from_addr == config.address.lower()


def _delivery_status(mail: InboundMail) -> bool:
    content_type = mail.header("content-type").lower()
    return mail.content_type == "multipart/report" and "delivery-status" in content_type


def is_failure_report(mail: InboundMail) -> bool:
    failed = "failed" in mail.report_actions or not mail.report_actions
    return _delivery_status(mail) and failed


def is_delay_report(mail: InboundMail) -> bool:
    """ "Still trying to deliver" warnings: machine mail, but nothing has failed yet."""
    return _delivery_status(mail) and "failed" not in mail.report_actions


def is_other_report(mail: InboundMail) -> bool:
    """Read receipts and other reports (report-type=disposition-notification, …)."""
    return mail.content_type == "multipart/report" and not _delivery_status(mail)


def from_mailer_daemon(mail: InboundMail) -> bool:
    return bool(BOUNCE_SENDERS.match(mail.from_addr))


def null_return_path(mail: InboundMail) -> bool:
    return mail.header("return-path").strip() == "<>"


def auto_submitted(mail: InboundMail) -> bool:
    value = mail.header("auto-submitted").strip().lower()
    return bool(value) and not value.startswith("no")


def autoreply_header(mail: InboundMail) -> bool:
    return bool(mail.header("x-autoreply") or mail.header("x-autorespond"))


def bulk_precedence(mail: InboundMail) -> bool:
    return mail.header("precedence").strip().lower() in BULK_PRECEDENCE


def exchange_auto_reply(mail: InboundMail) -> bool:
    return bool(
        mail.header("x-auto-response-suppress") and mail.header("x-ms-exchange-inbox-rules-loop")
    )


def auto_reply_subject(mail: InboundMail) -> bool:
    return bool(AUTO_REPLY_SUBJECT.match(mail.subject))


def from_staff(mail: InboundMail, config: Config) -> bool:
    return mail.from_addr in config.staff_addresses


IDENTITY_RULES: tuple[Rule, ...] = (
    Rule("our-message-id", "ours", is_ours),
    Rule("loop-header", "ours", has_loop_header),
    Rule("from-agent-address", "ours", from_ourselves),
)
# Reports first (a bounce often also says Auto-Submitted); a bare null Return-Path
# comes after the auto-reply headers, since RFC 3834 vacation replies use it too.
MACHINE_RULES: tuple[tuple[str, str, Callable[[InboundMail], bool]], ...] = (
    ("delivery-failure-report", "bounce", is_failure_report),
    ("delivery-delay-report", "auto_reply", is_delay_report),
    ("other-report", "auto_reply", is_other_report),
    ("mailer-daemon-sender", "bounce", from_mailer_daemon),
    ("auto-submitted", "auto_reply", auto_submitted),
    ("x-autoreply", "auto_reply", autoreply_header),
    ("bulk-precedence", "auto_reply", bulk_precedence),
    ("exchange-rules-loop", "auto_reply", exchange_auto_reply),
    ("null-return-path", "bounce", null_return_path),
    ("auto-reply-subject", "auto_reply", auto_reply_subject),
)
# A subject alone is weak evidence: such mail is shown to a person, never just filed.
SUBJECT_ONLY = ("auto-reply-subject",)
RULES: tuple[Rule, ...] = (
    *IDENTITY_RULES,
    *(
        Rule(name, kind, lambda mail, _, test=test: test(mail))
        for name, kind, test in MACHINE_RULES
    ),
    Rule("staff-sender", "staff", from_staff),
)


def classify(mail: InboundMail, config: Config) -> Classification:
    """Run the whole table; the first rule that fires names the kind."""
    fired = tuple(rule for rule in RULES if rule.fires(mail, config))
    kind = fired[0].kind if fired else "person"
    return Classification(kind=kind, fired=tuple(rule.name for rule in fired))


def machine_kind(mail: InboundMail) -> Classification | None:
    """Bounce or auto-reply, judged from the message alone (no configuration needed)."""
    fired = tuple((name, kind) for name, kind, test in MACHINE_RULES if test(mail))
    if not fired:
        return None
    return Classification(kind=fired[0][1], fired=tuple(name for name, _ in fired))
