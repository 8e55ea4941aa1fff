"""One pass of the agent: read new mail, decide, record, send.

A message counts as processed only once the store holds its effects, its ledger
entry and its UID in one write; a message already in the ledger is skipped, so a
crash at any point resumes without losing or repeating work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from agent.clock import Clock, iso, parse_iso
from agent.config import Config
from agent.drafts import Drafter
from agent.due import DueItem, due, since_last_digest
from agent.outbox import FlushReport, Transport, compose, flush
from agent.parsers.envelope import InboundMail, UnreadableMail, parse_envelope, raw_message_id
from agent.routing import route
from agent.rules import classify
from agent.scheduled import act
from agent.staff.cc import on_staff_thread
from agent.staff.inbox import decide_copied_staff_mail, decide_staff_mail, refuse_forged
from agent.store import Commit, Cursor, Store
from agent.templates import Templates
from agent.understand import understand
from agent.workflow import Decision, decide

log = logging.getLogger("agent.pipeline")


class Mailbox(Protocol):
    uidvalidity: int

    def ensure_connected(self) -> None: ...
    def highest_uid(self) -> int: ...
    def uids_after(self, last_uid: int, since: Any = None) -> list[int]: ...
    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]: ...


@dataclass
class PassReport:
    read: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    scheduled: int = 0
    sent: FlushReport = field(default_factory=FlushReport)

    def count(self, outcome: str) -> None:
        self.read += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


class Agent:
    def __init__(
        self,
        config: Config,
        store: Store,
        mailbox: Mailbox,
        transport: Transport,
        clock: Clock,
        templates: Templates | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.mailbox = mailbox
        self.transport = transport
        self.clock = clock
        self.templates = templates or Templates()

    def run_once(self, stop: Callable[[], bool] = lambda: False) -> PassReport:
        """Read what is new, then send what is pending; `stop()` ends between messages."""
        now = self.clock.now()
        report = PassReport()
        self.flush(now, stop)
        for uid, raw in self._new_messages(now):
            if stop():
                break
            report.count(self.handle(uid, raw, now))
        else:
            self._finish_rescan(now)
        report.scheduled = self.do_scheduled(now, stop)
        report.sent = self.flush(now, stop)
        return report

    def do_scheduled(self, now: datetime, stop: Callable[[], bool] = lambda: False) -> int:
        """Carry out every due item not yet done; each is recorded with its emails."""
        policy, tz = self.config.policy, self.config.timezone
        count = 0
        for item in due(self.store.orders(), now, policy, tz):
            if stop():
                break
            with self.store.lock():
                if self.store.is_done(item.key):
                    continue
                try:
                    self._carry_out(item, now)
                except (OverflowError, ValueError) as exc:
                    # A date out of range in one order's record: the rest still go out.
                    log.error("%s %s: not done, %s", item.key, ",".join(item.order_ids), exc)
                    continue
                count += 1
        return count

    def _carry_out(self, item: DueItem, now: datetime) -> None:
        if item.kind == "digest":
            item = since_last_digest(item, self.store.done())
        action = act(item, {o.id: o for o in self.store.orders()}, self.config, now)
        rows = [compose(d, self.config, self.templates, now) for d in action.drafts]
        done = {
            "key": item.key,
            "kind": item.kind,
            "at": iso(now),
            "due_at": iso(item.at),
            "orders": list(item.order_ids),
            "detail": action.detail,
        }
        self.store.commit(Commit(orders=action.orders, outbox=rows, done=[done]))
        # An order the schedule cannot use is an operator's problem too, not routine.
        level = logging.ERROR if item.kind == "order-unschedulable" else logging.INFO
        log.log(
            level,
            "%s %s: %s; %d email(s) queued",
            item.key,
            ",".join(item.order_ids),
            action.detail,
            len(rows),
        )

    def flush(self, now: datetime, stop: Callable[[], bool] = lambda: False) -> FlushReport:
        staff = self.config.staff_addresses
        return flush(self.store, self.transport, self.config.address, now, staff, stop)

    def _new_messages(self, now: datetime) -> Iterator[tuple[int, bytes]]:
        self.mailbox.ensure_connected()
        cursor = self.store.cursor()
        validity = self.mailbox.uidvalidity
        if cursor.uidvalidity == 0:
            highest = self.mailbox.highest_uid()
            log.info("first run: mail up to UID %d is left alone; watching for new mail", highest)
            self.store.set_cursor(validity, highest, iso(now))
            return iter(())
        if cursor.uidvalidity != validity:
            cursor = self._start_rescan(validity, cursor, now)
        since = date.fromisoformat(cursor.rescan_since) if cursor.rescan_since else None
        return self.mailbox.fetch(self.mailbox.uids_after(cursor.last_uid, since))

    def _start_rescan(self, validity: int, cursor: Cursor, now: datetime) -> Cursor:
        # The server renumbered the mailbox: look again at recent mail; the ledger
        # of Message-IDs keeps anything already handled from being done twice.
        since = (parse_iso(cursor.updated_at or iso(now)) - timedelta(days=1)).date()
        highest = self.mailbox.highest_uid()
        log.warning("UIDVALIDITY changed to %d: looking again at mail since %s", validity, since)
        self.store.set_cursor(
            validity, 0, iso(now), rescan_since=since.isoformat(), rescan_until=highest
        )
        return self.store.cursor()

    def _finish_rescan(self, now: datetime) -> None:
        cursor = self.store.cursor()
        if cursor.rescan_since:
            resume = max(cursor.last_uid, cursor.rescan_until)
            self.store.set_cursor(
                cursor.uidvalidity, resume, iso(now), rescan_since="", rescan_until=0
            )

    def handle(self, uid: int, raw: bytes, now: datetime) -> str:
        """Process one message; never raises for bad input, returns the outcome."""
        try:
            mail = parse_envelope(raw)
        except UnreadableMail as exc:
            return self.hold(uid, raw, str(exc), now)
        if not mail.from_addr:
            # Nobody to route to or answer: a person must decide what it is.
            return self.hold(uid, raw, "no sender address in From:", now)
        with self.store.lock():
            if self.store.seen(mail.message_id):
                log.info("already handled %s (UID %d); skipped", mail.message_id, uid)
                self.store.set_cursor(self.mailbox.uidvalidity, uid, iso(now))
                return "duplicate"
            try:
                decision = self.decide(mail, now)
                rows = [compose(d, self.config, self.templates, now) for d in decision.drafts]
            except Exception as exc:  # a bug must not block the next message: a person gets it
                log.exception("could not decide on %s (UID %d)", mail.message_id, uid)
                return self.hold(uid, raw, f"internal error {type(exc).__name__}: {exc}", now)
            self._record(uid, mail, decision, rows, now)
        return decision.outcome

    def decide(self, mail: InboundMail, now: datetime) -> Decision:
        kind = classify(mail, self.config)
        orders = self.store.orders()
        where = route(mail, orders, self.config.staff_addresses)
        reading = None
        if kind.kind == "person" and where.sender_role == "client":
            reading = understand(
                mail, where.question, self.config.timezone, self.config.confidence_threshold, now
            )
        decision = (
            refuse_forged(mail, kind, self.config, now)
            or decide_copied_staff_mail(mail, kind, orders, self.config, now)
            or on_staff_thread(
                mail, kind, where, reading, orders, self.store.ledger, self.config, now
            )
            or decide_staff_mail(mail, kind, orders, self.config, now)
            or decide(mail, kind, where, reading, self.config, now)
        )
        decision.detail = f"{decision.detail} [{', '.join(kind.fired) or 'person'}; {where.via}]"
        return decision

    def _record(
        self, uid: int, mail: InboundMail, decision: Decision, rows: list[dict], now: datetime
    ) -> None:
        order_id = decision.order.id if decision.order else ""
        entry = {
            "message_id": mail.message_id,
            "uid": uid,
            "at": iso(now),
            "from": mail.from_addr,
            "subject": mail.subject,
            "order_id": order_id,
            "outcome": decision.outcome,
            "detail": decision.detail,
            "reading": decision.reading.to_dict() if decision.reading else None,
            **decision.record,
        }
        self.store.commit(
            Commit(
                orders=([decision.order] if decision.order else []) + decision.others,
                ledger=[entry],
                outbox=rows,
                cursor=(self.mailbox.uidvalidity, uid, iso(now)),
            )
        )
        log.info(
            "%s %s UID %d from %s: %s (%s); %d email(s) queued",
            mail.message_id,
            order_id or "-",
            uid,
            mail.from_addr,
            decision.outcome,
            decision.detail,
            len(rows),
        )

    def hold(self, uid: int, raw: bytes, reason: str, now: datetime) -> str:
        """Keep an unreadable message for a person: it stays in the mailbox, staff are told."""
        message_id = raw_message_id(raw)
        if self.store.seen(message_id):
            self.store.set_cursor(self.mailbox.uidvalidity, uid, iso(now))
            return "duplicate"
        log.error(
            "cannot read %s (UID %d): %s; sent to the account managers", message_id, uid, reason
        )
        draft = Drafter(self.config, now).held(raw, message_id, uid, reason)
        entry = {
            "message_id": message_id,
            "uid": uid,
            "at": iso(now),
            "outcome": "held",
            "detail": reason,
            "order_id": "",
            "from": "",
            "subject": "",
            "reading": None,
        }
        self.store.commit(
            Commit(
                ledger=[entry],
                outbox=[compose(draft, self.config, self.templates, now)],
                cursor=(self.mailbox.uidvalidity, uid, iso(now)),
            )
        )
        return "held"
