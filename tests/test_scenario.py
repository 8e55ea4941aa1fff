"""Ten weeks of one order on a frozen clock, against Dovecot and aiosmtpd: every email, its
local day and time and its recipient, across the spring clock change, two downtimes and a
crash right after a store write, and nothing sent twice."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from harness import Studio, build_agent
from studio import AM, CLIENT, SD, client_mail, sample_order

from agent.clock import parse_iso
from agent.config import Person
from agent.due import due
from agent.model import Order
from agent.orders import ask
from agent.outbox import Draft, compose
from agent.records import mark_paid, milestone_done, move_delivery, set_phase
from agent.store import Commit
from agent.templates import Templates

MADRID = ZoneInfo("Europe/Madrid")
FINANCE = Person("Finance", "finance@atelier.example")
REQUEST = "client/request_approval"
REMINDER = "client/question_reminder"
WEEKLY = "client/weekly_update"
CONFIRMATION = "client/confirmation"
EXPECTED = [
    ("2026-02-16 10:00", REQUEST, CLIENT),  # design sketches
    ("2026-02-17 11:00", CONFIRMATION, CLIENT),  # approved
    ("2026-02-20 10:00", WEEKLY, CLIENT),
    ("2026-02-23 10:00", "client/request_choice", CLIENT),  # fabric; out of office until 3 March
    # Down from Thursday night to Saturday: that Friday's update is never sent a week late.
    ("2026-03-03 10:00", REMINDER, CLIENT),  # the reminder waited for the client's return
    ("2026-03-04 12:00", CONFIRMATION, CLIENT),  # fabric chosen: no second reminder
    ("2026-03-06 10:00", WEEKLY, CLIENT),
    ("2026-03-09 10:00", "client/request_fitting", CLIENT),
    ("2026-03-10 11:00", CONFIRMATION, CLIENT),  # with the .ics
    ("2026-03-13 15:00", WEEKLY, CLIENT),  # down until 15:00: caught up the same day
    ("2026-03-16 09:00", "client/fitting_reminder", CLIENT),  # with the .ics
    ("2026-03-17 12:00", "client/invoice", CLIENT),  # as the first fitting is recorded
    ("2026-03-20 09:00", "client/payment_reminder", CLIENT),  # due today
    ("2026-03-20 10:00", WEEKLY, CLIENT),
    ("2026-03-25 09:00", "client/payment_reminder", CLIENT),  # friendly, 5 days late
    ("2026-03-27 09:00", "client/payment_reminder", CLIENT),  # firm, 7 days late
    ("2026-03-27 10:00", WEEKLY, CLIENT),
    ("2026-03-28 09:00", "staff/payment_paused", AM.address),  # and the sales director
    ("2026-03-30 10:00", CONFIRMATION, CLIENT),  # "I've paid": claimed (after the clocks moved)
    # Paused: no update on 3 April. The claim is unconfirmed after the grace: Finance told.
    ("2026-04-03 09:00", "staff/payment_finance", FINANCE.address),
    ("2026-04-06 12:00", REQUEST, CLIENT),  # finished bodices; the client goes silent
    ("2026-04-07 11:00", "staff/delivery_moved", SD.address),  # 13 days: escalated
    ("2026-04-08 12:00", REMINDER, CLIENT),
    ("2026-04-09 11:00", "staff/handoff", AM.address),  # an unrelated question, not an answer
    ("2026-04-10 10:00", WEEKLY, CLIENT),  # queued, crash, sent by the restarted agent
    ("2026-04-10 12:00", REMINDER, CLIENT),  # the unrelated reply did not cancel it
    ("2026-04-13 12:00", "staff/call_client", AM.address),
    ("2026-04-15 12:00", "staff/silent_client", SD.address),
    ("2026-04-16 11:00", CONFIRMATION, CLIENT),
    ("2026-04-17 10:00", WEEKLY, CLIENT),
    ("2026-04-24 10:00", WEEKLY, CLIENT),
]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


class Story:
    """Drives the agent as the daemon would, on a clock that moves in real (UTC) time."""

    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self.requests: dict[str, str] = {}

    @property
    def now(self) -> datetime:
        return self.studio.clock.now()

    def until(self, moment: str) -> None:
        """Let the agent run up to a local moment: a pass every hour that has work for one,
        and a routine pass each noon. Mail only arrives through `reply`, which runs its own
        pass, so an hour skipped is one whose pass would have done nothing."""
        target = local(moment)
        while self.now < target:
            self.studio.clock.advance(hours=1)
            if self.has_work() or self.now.astimezone(MADRID).hour == 12:
                self.studio.agent.run_once()

    def has_work(self) -> bool:
        store, config = self.studio.store, self.studio.config
        done = {d["key"] for d in store.done()}
        items = due(store.orders(), self.now, config.policy, config.timezone)
        return bool(store.outbox("pending")) or any(i.key not in done for i in items)

    def restart(self) -> None:
        """A new agent process on the same store and mailbox, and its first pass."""
        self.studio.agent.mailbox.close()  # type: ignore[attr-defined]
        self.studio.agent = build_agent(self.studio.config, self.studio.clock)
        self.studio.store = self.studio.agent.store
        self.studio.agent.run_once()

    def down_until(self, moment: str) -> None:
        """The agent is off (no passes) until a local moment, then starts again."""
        self.studio.clock.moment = local(moment).astimezone(UTC)
        self.restart()

    def ask(self, name: str, kind: str, **details: object) -> None:
        order = self.studio.store.order("ORD-0001")
        assert order is not None
        order, draft = ask(order, kind, self.studio.config, self.now, **details)  # type: ignore[arg-type]
        self.commit(order, [draft])
        self.requests[name] = draft.message_id
        self.studio.agent.run_once()

    def reply(self, text: str, to: str, **headers: str) -> None:
        mail = client_mail(text, in_reply_to=to, date=self.now, headers=headers)
        self.studio.inbox.deliver(mail)
        self.studio.agent.run_once()

    def record(
        self, change: Callable[[Order, datetime], Order | tuple[Order, list[Draft]]]
    ) -> None:
        """A person records something on the order (as `orders update`, `paid`… do)."""
        order = self.studio.store.order("ORD-0001")
        assert order is not None
        result = change(order, self.now)
        order, drafts = result if isinstance(result, tuple) else (result, [])
        self.commit(order, drafts)
        self.studio.agent.run_once()  # the daemon's next pass, within the minute

    def commit(self, order: Order, drafts: list[Draft]) -> None:
        rows = [compose(d, self.studio.config, Templates(), self.now) for d in drafts]
        self.studio.store.commit(Commit(orders=[order], outbox=rows))

    def sent(self) -> list[tuple[str, str, str]]:
        """Every email sent, as (local day and time, template, first recipient)."""
        rows = self.studio.store.outbox("sent")
        return [
            (
                f"{parse_iso(r['sent_at']).astimezone(MADRID):%Y-%m-%d %H:%M}",
                r["template"],
                r["to"][0],
            )
            for r in rows
        ]


def invoice_id(order: Order) -> str:
    return next(s["message_id"] for s in order.sent if s["kind"] == "payment-invoice")


def test_ten_weeks_of_one_order(studio: Studio) -> None:
    """Ten weeks of one order: each email once, at its local day and time, to its recipient."""
    studio.config = dataclasses.replace(studio.config, finance=FINANCE)
    studio.clock.moment = local("2026-02-16T09:00").astimezone(UTC)
    story = Story(studio)
    story.restart()
    order = sample_order(studio.config, created=local("2026-02-16T09:00"), delivery="2026-04-17")
    studio.store.commit(Commit(orders=[order]))
    design_and_fabric(story)
    fitting_and_a_late_payment(story)
    a_delay_and_a_silent_client(story)

    sent = story.sent()
    assert [s for s in sent if s[1] != "staff/digest"] == EXPECTED
    digests = [
        when for when, template, to in sent if template == "staff/digest" and to == SD.address
    ]
    # Every morning at 08:00 local, in winter and summer time; none on the Friday the agent
    # was down; caught up on the 28 February and 13 March restarts, and on the first passes.
    days = Counter(when[:10] for when in digests)
    assert set(days.values()) == {1} and "2026-02-27" not in days and len(days) == 68
    late = {"2026-01-26 10:00", "2026-02-16 09:00", "2026-02-28 11:00", "2026-03-13 15:00"}
    assert {when[11:] for when in digests if when not in late} == {"08:00"}
    # What reached the SMTP server: each email once, to the recipients its row names.
    received = Counter(
        (m.message["Message-ID"], frozenset(m.rcpt_tos)) for m in studio.sink.messages
    )
    rows = studio.store.outbox("sent")
    assert received == Counter((r["message_id"], frozenset(r["recipients"])) for r in rows)
    messages = [m.message for m in studio.sink.messages]
    assert_mail_content(messages)


def design_and_fabric(story: Story) -> None:
    """Weeks 1-3: sketches approved; the fabric question meets an out-of-office and a
    downtime over a Friday."""
    story.until("2026-02-16T10:00")
    story.ask("sketches", "approval", about="design sketches")
    story.until("2026-02-17T11:00")
    story.reply("Approved - go ahead.", story.requests["sketches"])
    story.record(lambda o, now: milestone_done(o, "design approval", date(2026, 2, 17), now, "ana"))
    story.until("2026-02-23T10:00")
    story.ask("fabric", "choice", about="fabric", options=["Silk taffeta", "Duchess satin"])
    story.until("2026-02-23T11:00")
    story.reply("I am out of the office until 3 March.", story.requests["fabric"],
                **{"Auto-Submitted": "auto-replied"})  # fmt: skip
    story.until("2026-02-26T22:00")
    story.down_until("2026-02-28T11:00")
    story.until("2026-03-04T12:00")
    story.reply("Option 2, the satin.", story.requests["fabric"])
    story.record(lambda o, now: milestone_done(o, "fabric approval", date(2026, 3, 4), now, "ana"))


def fitting_and_a_late_payment(story: Story) -> None:
    """Weeks 4-7: a fitting booked; a Friday morning's downtime; the mid-project payment late
    past the pause, claimed, unconfirmed, then received."""
    story.until("2026-03-09T10:00")
    story.ask("fitting", "fitting", slots=["2026-03-17T11:00", "2026-03-19T10:00"])
    story.until("2026-03-10T11:00")
    story.reply("Tuesday works for me.", story.requests["fitting"])
    story.until("2026-03-13T07:00")
    story.down_until("2026-03-13T15:00")
    story.until("2026-03-17T12:00")
    story.record(lambda o, now: milestone_done(o, "first fitting", date(2026, 3, 17), now, "ana"))
    story.until("2026-03-30T10:00")
    order = story.studio.store.order("ORD-0001")
    assert order is not None and order.phase == "Paused"
    story.reply("I've sent the transfer this morning.", invoice_id(order))
    story.until("2026-04-06T11:00")
    story.record(lambda o, now: set_phase(mark_paid(o, "mid-project", date(2026, 4, 6), now, "ana"),
                                          "Construction", now, "ana"))  # fmt: skip
    order = story.studio.store.order("ORD-0001")
    assert order is not None  # the payment resumed the work it paused, then the AM moved on
    assert [e["event"] for e in order.history[-3:]] == ["payment received", "resumed", "phase"]


def a_delay_and_a_silent_client(story: Story) -> None:
    """Weeks 8-10: the delivery moves 13 days; the bodices go unanswered through the
    reminders, an unrelated question, a crash, the call and the escalation."""
    story.until("2026-04-06T12:00")
    story.ask("bodices", "approval", about="the finished bodices")
    story.until("2026-04-07T11:00")
    config = story.studio.config
    story.record(lambda o, now: move_delivery(o, date(2026, 4, 30), "the lining silk from Como "
                                              "is late", config, now, "ana"))  # fmt: skip
    story.until("2026-04-09T11:00")
    story.reply(
        "Could you send us the care instructions for the velvet?", story.requests["bodices"]
    )
    story.until("2026-04-10T09:00")
    story.studio.clock.advance(hours=1)
    story.studio.agent.do_scheduled(story.now)  # the store write (queued, marked done); a crash
    assert [r["template"] for r in story.studio.store.outbox("pending")] == [WEEKLY]
    story.restart()
    story.until("2026-04-16T11:00")
    story.reply("Approved, thank you.", story.requests["bodices"])
    story.until("2026-04-24T12:00")


def assert_mail_content(messages: list[EmailMessage]) -> None:
    """What the client and the sales director read: the .ics, the new date and why."""
    by_subject = {m["Subject"]: m for m in messages}
    invites = [
        m for m in messages if any(p.get_filename() == "fitting.ics" for p in m.iter_attachments())
    ]
    assert len(invites) == 2  # the fitting's confirmation and its reminder
    for message in invites:
        [ics] = [p for p in message.iter_attachments() if p.get_filename() == "fitting.ics"]
        assert "DTSTART:20260317T100000Z" in ics.get_content()
    paused = by_subject["[ORD-0001] Work paused: mid-project payment late"]
    assert SD.address in paused["To"] and AM.address in paused["To"]
    updates = [m for m in messages if "weekly update" in m["Subject"]]
    # Signed 16 February for 17 April, the plan has the first fitting on 18 March and the
    # final one on 5 April; the 13-day delay does not move a milestone already missed.
    digests = {s.split(":")[0]: m for s, m in by_subject.items() if s.startswith("Studio digest")}
    digest = digests["Studio digest, Thursday 12 March 2026"].get_body(("plain",))
    assert "Wed 18 Mar first fitting planned, ORD-0001" in digest.get_content()
    digest = digests["Studio digest, Wednesday 8 April 2026"].get_body(("plain",))
    assert "final fitting planned 05 Apr not done" in digest.get_content()
    assert "design approval planned" not in digest.get_content()
    text = updates[-1].get_body(("plain",)).get_content()
    assert (
        "delivery is now planned for 30 April 2026 because the lining silk from Como is late"
        in text
    )
