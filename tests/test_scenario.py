"""Six weeks of one order on a frozen clock, against Dovecot and aiosmtpd: every email, its
day and its recipient, and nothing twice across a restart."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from harness import Studio, build_agent
from studio import AM, CLIENT, SD, client_mail, sample_order

from agent.clock import parse_iso
from agent.orders import ask
from agent.outbox import compose
from agent.records import mark_paid, milestone_done, move_delivery, set_phase
from agent.store import Commit
from agent.templates import Templates

MADRID = ZoneInfo("Europe/Madrid")
EXPECTED = [
    ("2026-01-26", "client/request_approval", CLIENT),
    ("2026-01-28", "client/question_reminder", CLIENT),
    ("2026-01-30", "client/question_reminder", CLIENT),
    ("2026-01-30", "client/weekly_update", CLIENT),
    ("2026-01-30", "client/confirmation", CLIENT),
    ("2026-02-02", "client/request_choice", CLIENT),
    ("2026-02-04", "client/confirmation", CLIENT),
    ("2026-02-06", "client/weekly_update", CLIENT),
    ("2026-02-09", "client/request_fitting", CLIENT),
    ("2026-02-10", "client/confirmation", CLIENT),
    ("2026-02-13", "client/weekly_update", CLIENT),
    ("2026-02-16", "client/fitting_reminder", CLIENT),
    ("2026-02-17", "client/invoice", CLIENT),
    ("2026-02-20", "client/payment_reminder", CLIENT),
    ("2026-02-20", "client/weekly_update", CLIENT),
    ("2026-02-25", "client/payment_reminder", CLIENT),
    ("2026-02-27", "client/payment_reminder", CLIENT),
    ("2026-02-27", "client/weekly_update", CLIENT),
    ("2026-02-28", "staff/payment_paused", AM.address),
    ("2026-03-02", "client/confirmation", CLIENT),
    ("2026-03-04", "staff/delivery_moved", SD.address),
    ("2026-03-06", "client/weekly_update", CLIENT),
]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


class Story:
    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self.requests: dict[str, str] = {}

    def until(self, moment: str) -> None:
        """Let the agent run, a pass an hour, up to a local moment."""
        target = local(moment)
        while self.studio.clock.now() < target:
            self.studio.clock.advance(hours=1)
            self.studio.agent.run_once()

    def ask(self, name: str, kind: str, **details: object) -> None:
        store, config, now = self.studio.store, self.studio.config, self.studio.clock.now()
        order, draft = ask(store.order("ORD-0001"), kind, config, now, **details)  # type: ignore[arg-type]
        store.commit(Commit(orders=[order], outbox=[compose(draft, config, Templates(), now)]))
        self.requests[name] = draft.message_id
        self.studio.agent.run_once()

    def reply(self, text: str, to: str, **headers: str) -> None:
        when = self.studio.clock.now()
        self.studio.inbox.deliver(client_mail(text, in_reply_to=to, date=when, headers=headers))
        self.studio.agent.run_once()

    def record(self, change) -> None:  # type: ignore[no-untyped-def]
        store = self.studio.store
        order = change(store.order("ORD-0001"))
        drafts: list = []
        if isinstance(order, tuple):
            order, drafts = order
        now = self.studio.clock.now()
        rows = [compose(d, self.studio.config, Templates(), now) for d in drafts]
        store.commit(Commit(orders=[order], outbox=rows))

    def sent(self, digests: bool = False) -> list[tuple[str, str, str]]:
        rows = [r for r in self.studio.store.outbox() if r["status"] == "sent"]
        rows = [r for r in rows if (r["template"] == "staff/digest") == digests]
        return [
            (str(parse_iso(r["sent_at"]).astimezone(MADRID).date()), r["template"], r["to"][0])
            for r in rows
        ]


def invoice_id(studio: Studio) -> str:
    order = studio.store.order("ORD-0001")
    return next(s["message_id"] for s in order.sent if s["kind"] == "payment-invoice")


def test_six_weeks_of_one_order(studio: Studio) -> None:
    """Approvals, a late payment, a delayed fabric, a silent spell, an out-of-office (which holds
    the fabric reminder back), a restart."""
    config = studio.config
    order = sample_order(config, created=local("2026-01-26T09:00"), delivery="2026-03-27")
    studio.store.commit(Commit(orders=[order]))
    story = Story(studio)
    studio.clock.moment = local("2026-01-26T10:00")
    story.ask("sketches", "approval", about="design sketches")
    story.until("2026-01-30T15:00")
    story.reply("Sorry for the silence - approved!", story.requests["sketches"])
    story.until("2026-02-02T10:00")
    story.ask("fabric", "choice", about="fabric", options=["Silk taffeta", "Duchess satin"])
    story.reply("I am out of the office until 5 February.", story.requests["fabric"],
                **{"Auto-Submitted": "auto-replied"})  # fmt: skip
    story.until("2026-02-04T15:00")
    story.reply("Option 2, the satin.", story.requests["fabric"])
    story.until("2026-02-09T10:00")
    story.ask("fitting", "fitting", slots=["2026-02-17T14:00", "2026-02-19T10:00"])
    story.until("2026-02-10T12:00")
    story.reply("Tuesday works for me.", story.requests["fitting"])
    story.until("2026-02-17T18:00")
    story.record(
        lambda o: milestone_done(o, "first fitting", date(2026, 2, 17), studio.clock.now(), "ana")
    )
    story.until("2026-02-18T12:00")
    studio.agent = build_agent(config, studio.clock)  # a restart: new store object, new session
    story.until("2026-03-02T12:00")
    assert studio.store.order("ORD-0001").phase == "Paused"
    story.reply("I've sent the transfer this morning.", invoice_id(studio))
    story.until("2026-03-03T11:00")
    now = studio.clock.now()
    story.record(lambda o: set_phase(mark_paid(o, "mid-project", date(2026, 3, 3), now, "ana"),
                                     "Construction", now, "ana"))  # fmt: skip
    story.until("2026-03-04T11:00")
    story.record(lambda o: move_delivery(o, date(2026, 4, 10), "the fabric from Italy is late",
                                         config, studio.clock.now(), "ana"))  # fmt: skip
    story.until("2026-03-07T12:00")

    assert story.sent() == EXPECTED
    digests = story.sent(digests=True)
    assert len(digests) == 41 == len({day for day, _, _ in digests})
    assert {to for _, _, to in digests} == {SD.address}
    total = len(EXPECTED) + len(digests)
    assert len({m.message["Message-ID"] for m in studio.sink.messages}) == total
    updates = [m for m in studio.sink.messages if "weekly update" in m.message["Subject"]]
    last_update = updates[-1].message.get_body(("plain",)).get_content()
    assert "delivery is now planned for 10 April 2026 because the fabric from Italy is late" in (
        last_update
    )
