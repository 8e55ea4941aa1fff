"""What is due when: a pure function of orders, the moment and the policy (studio time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from studio import MONDAY, NoMailbox, NoTransport, chased, make_config, sample_order, walk
from thread_mail import am_to_client

from agent.clock import FixedClock, iso
from agent.due import add_working_days, due
from agent.model import Order
from agent.orders import OrderError, ask, new_order
from agent.parsers.envelope import parse_envelope
from agent.pipeline import Agent
from agent.policy import Policy
from agent.records import milestone_done, move_delivery, set_phase
from agent.staff.adoption import StaffMail, adopt
from agent.store import Commit, Store

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")
POLICY = Policy()


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def keys(orders: list[Order], when: datetime) -> list[str]:
    return [item.key for item in due(orders, when, POLICY, MADRID)]


def test_friday_update_is_due_from_ten_until_midnight_only() -> None:
    """09:59 nothing; 10:00 one update per client; still due that evening; gone on Saturday."""
    orders = [sample_order(CONFIG), sample_order(CONFIG, "ORD-0002")]
    weekly = "weekly/laura@teatronuevo.example/2026-01-30"
    assert weekly not in keys(orders, local("2026-01-30T09:59"))
    [item] = [i for i in due(orders, local("2026-01-30T10:00"), POLICY, MADRID) if i.key == weekly]
    assert item.order_ids == ("ORD-0001", "ORD-0002")
    assert weekly in keys(orders, local("2026-01-30T23:30"))
    assert not [k for k in keys(orders, local("2026-01-31T08:00")) if k.startswith("weekly")]


def test_no_update_for_paused_or_delivered_orders() -> None:
    """Paused, Delivered, Closed and Cancelled orders get no Friday update."""
    orders = [sample_order(CONFIG, f"ORD-000{n}") for n in range(1, 5)]
    for order, phase in zip(orders, ("Paused", "Delivered", "Closed", "Cancelled"), strict=True):
        order.phase = phase
    assert not [k for k in keys(orders, local("2026-01-30T10:00")) if k.startswith("weekly")]


def test_update_time_follows_daylight_saving() -> None:
    """10:00 in Madrid is 09:00 UTC before the March change and 08:00 UTC after it."""
    order = sample_order(CONFIG, delivery="2026-06-30")
    before = [i for i in due([order], local("2026-03-27T10:00"), POLICY, MADRID)
              if i.kind == "weekly-update"]  # fmt: skip
    after = [i for i in due([order], local("2026-04-03T10:00"), POLICY, MADRID)
             if i.kind == "weekly-update"]  # fmt: skip
    assert before[0].at.astimezone(UTC).hour == 9
    assert after[0].at.astimezone(UTC).hour == 8


def test_final_payment_timeline() -> None:
    """Invoice 3 days ahead, then due-day, 5 and 7 days late, pause after 7, Finance at 14."""
    order = sample_order(CONFIG)  # final payment due at delivery, 12 March
    assert first_due([order], local("2026-03-09T00:00"), 20, "pay/ORD-0001/final") == {
        "invoice": "03-09 09:00",
        "due": "03-12 09:00",
        "friendly": "03-17 09:00",
        "firm": "03-19 09:00",
        "pause": "03-20 09:00",
        "finance": "03-26 09:00",
    }


def test_received_payment_stops_everything_and_a_claim_holds_reminders() -> None:
    """Received: nothing more. Claimed: reminders wait the grace period, then resume."""
    order = chased(
        sample_order(CONFIG), CONFIG, local("2026-03-09T00:00"), local("2026-03-12T09:00")
    )
    final = order.payments[2]
    final.update(status="claimed", claimed_at=iso(local("2026-03-12T12:00")))
    assert not [k for k in keys([order], local("2026-03-13T09:00")) if "final" in k]
    resumed = [k for k in keys([order], local("2026-03-17T09:00")) if "final" in k]
    assert resumed == ["pay/ORD-0001/final/friendly"]
    final["status"] = "received"
    assert not [k for k in keys([order], local("2026-03-30T09:00")) if "final" in k]


def test_question_reminders_count_working_days() -> None:
    """Asked on a Thursday: reminders Monday and Wednesday, call Thursday, SD the Monday after."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-01-29T10:00"))
    assert not [k for k in keys([order], local("2026-02-02T09:59")) if k.startswith("ask/")]
    assert first_due([order], local("2026-01-29T10:00"), 14, "ask/ORD-0001/Q1") == {
        "reminder-1": "02-02 10:00",
        "reminder-2": "02-04 10:00",
        "call": "02-05 10:00",
        "silent": "02-09 10:00",
    }


def test_after_downtime_the_last_reminder_goes_before_anyone_is_asked_to_chase() -> None:
    """Down from Friday to the next Friday: the last reminder goes first, the call a working
    day after it, the director two more after that; no escalation about an unreminded client."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-01-29T10:00"))
    back = local("2026-02-06T10:00")
    assert [k for k in keys([order], back) if k.startswith("ask/")] == [
        "ask/ORD-0001/Q1/reminder-2"
    ]
    assert first_due([order], back, 14, "ask/ORD-0001/Q1") == {
        "reminder-2": "02-06 10:00",
        "call": "02-09 10:00",
        "silent": "02-11 10:00",
    }


def test_working_days_skip_the_weekend() -> None:
    """Two working days after a Friday is the Tuesday, same local time."""
    friday = local("2026-01-30T15:00")
    assert add_working_days(friday, 2, MADRID) == local("2026-02-03T15:00")


def test_fitting_reminder_the_day_before_until_the_fitting() -> None:
    """A confirmed fitting: reminder from 09:00 the day before, never after it started."""
    order, _ = ask(sample_order(CONFIG), "fitting", CONFIG, MONDAY, slots=["2026-02-10T14:00"])
    order.questions[0].update(status="answered", answer={"choice": 1})
    key = "fitting/ORD-0001/Q1/2026-02-10T13:00:00+00:00"
    assert key not in keys([order], local("2026-02-09T08:59"))
    assert key in keys([order], local("2026-02-09T09:00"))
    assert key not in keys([order], local("2026-02-10T14:00"))


def test_each_scheduled_email_is_queued_once_across_restarts(tmp_path: Path) -> None:
    """Running the schedule again, or after a restart, never queues the same email twice."""
    config = make_config(tmp_path)
    Store(config.store_path).commit(Commit(orders=[sample_order(config)]))
    friday = FixedClock(local("2026-01-30T10:30").astimezone(UTC))
    for _ in range(2):
        agent = Agent(config, Store(config.store_path), NoMailbox(), NoTransport(), friday)  # type: ignore[arg-type]
        agent.do_scheduled(friday.now())
        friday.advance(minutes=1)
    rows = {r["key"]: r for r in agent.store.outbox()}
    assert sorted(rows) == ["digest/2026-01-30", "weekly/laura@teatronuevo.example/2026-01-30"]
    assert "on track for delivery on 12 March 2026" in rows[sorted(rows)[1]]["raw"]
    assert sorted(d["key"] for d in agent.store.done()) == sorted(rows)
    agent.do_scheduled(friday.now() + timedelta(days=1))
    weekly = [r for r in agent.store.outbox() if r["key"].startswith("weekly/")]
    assert len(weekly) == 1


def test_out_of_office_moves_question_reminders_to_the_return_day() -> None:
    """Away until Wednesday: Monday's reminder waits for Wednesday, the rest keep their spacing."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-01-29T10:00"))
    order.away_until = "2026-02-04"
    assert not [k for k in keys([order], local("2026-02-04T09:59")) if k.startswith("ask/")]
    assert first_due([order], local("2026-02-04T09:00"), 14, "ask/ORD-0001/Q1") == {
        "reminder-1": "02-04 10:00",
        "reminder-2": "02-06 10:00",
        "call": "02-09 10:00",
        "silent": "02-11 10:00",
    }


def test_long_absence_asks_nobody_to_chase_a_client_on_holiday() -> None:
    """Away for two weeks: no call request and no silent-client escalation before the return."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-01-29T10:00"))
    order.away_until = "2026-02-16"
    moment = local("2026-01-29T10:00")
    while moment < local("2026-02-16T09:00"):
        assert not [k for k in keys([order], moment) if k.startswith("ask/")], moment
        moment += timedelta(hours=6)
    assert "ask/ORD-0001/Q1/reminder-1" in keys([order], local("2026-02-16T10:00"))


def test_out_of_office_holds_payment_reminders_and_the_current_one_goes_on_return() -> None:
    """The due-day reminder falls while the client is away; it goes the morning they are back."""
    invoiced = chased(
        sample_order(CONFIG), CONFIG, local("2026-03-09T00:00"), local("2026-03-11T00:00")
    )
    order = invoiced  # final payment due Thursday 12 March
    order.away_until = "2026-03-16"
    assert "pay/ORD-0001/final/due" not in keys([order], local("2026-03-12T09:00"))
    assert "pay/ORD-0001/final/due" not in keys([order], local("2026-03-16T08:59"))
    assert "pay/ORD-0001/final/due" in keys([order], local("2026-03-16T09:00"))
    assert "pay/ORD-0001/final/friendly" in keys([order], local("2026-03-17T09:00"))


def test_a_claim_delays_the_pause_but_does_not_cancel_it() -> None:
    """A claim on day 6 late: the pause waits out the 3-day grace, then comes if unconfirmed."""
    order = sample_order(CONFIG)  # final payment due 12 March: pause due 20 March
    order = chased(order, CONFIG, local("2026-03-09T00:00"), local("2026-03-18T00:00"))
    order.payments[2].update(status="claimed", claimed_at=iso(local("2026-03-18T12:00")))
    assert not [k for k in keys([order], local("2026-03-20T09:00")) if "final" in k]
    assert [k for k in keys([order], local("2026-03-21T12:00")) if "final" in k] == [
        "pay/ORD-0001/final/pause"
    ]


def test_digest_after_downtime_covers_everything_since_the_last_one(tmp_path: Path) -> None:
    """Down from Monday's digest to Thursday: Tuesday's phase change is in Thursday's digest."""
    config = make_config(tmp_path)
    order = set_phase(sample_order(config), "Pattern", local("2026-01-27T12:00"), "ana")
    last = {"key": "digest/2026-01-26", "kind": "digest", "at": iso(local("2026-01-26T08:00"))}
    Store(config.store_path).commit(Commit(orders=[order], done=[last]))
    thursday = FixedClock(local("2026-01-29T08:30").astimezone(UTC))
    agent = Agent(config, Store(config.store_path), NoMailbox(), NoTransport(), thursday)  # type: ignore[arg-type]
    agent.do_scheduled(thursday.now())
    [digest] = [r for r in agent.store.outbox() if r["key"] == "digest/2026-01-29"]
    assert "Tue 12:00 ORD-0001 phase: Pattern" in digest["raw"]


def test_a_client_back_on_saturday_is_reminded_on_monday() -> None:
    """Out of office until Saturday: the question reminder waits for the next working day."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-01-29T10:00"))
    order.away_until = "2026-02-07"
    assert not [k for k in keys([order], local("2026-02-07T10:00")) if k.startswith("ask/")]
    assert "ask/ORD-0001/Q1/reminder-1" in keys([order], local("2026-02-09T10:00"))


def first_due(orders: list[Order], start: datetime, days: int, prefix: str) -> dict[str, str]:
    """Each step's first local hour of being due, for keys starting with `prefix`, with the
    agent acting on each as it falls due."""
    seen, _ = walk(orders, CONFIG, start, start + timedelta(days=days), prefix)
    return {
        key.rsplit("/", 1)[1]: f"{at.astimezone(MADRID):%m-%d %H:%M}" for key, at in seen.items()
    }


def test_an_order_entered_weeks_after_signing_is_invoiced_before_any_escalation() -> None:
    """Signed 5 January, entered 26 January: invoice that day, then the chase at its spacing."""
    fields = {"project": "Ball", "client": {"name": "Hannah", "emails": ["h@north.example"]},
              "account_manager": "ana@atelier.example", "contract_value": 24500,
              "delivery_date": "2026-04-20", "signed": "2026-01-05"}  # fmt: skip
    order = new_order(fields, "ORD-0001", CONFIG, local("2026-01-26T11:00"))
    seen = first_due([order], local("2026-01-26T11:00"), 30, "pay/ORD-0001/deposit")
    assert seen == {
        "invoice": "01-26 11:00",
        "due": "01-29 09:00",
        "friendly": "02-03 09:00",
        "firm": "02-05 09:00",
        "pause": "02-06 09:00",
        "finance": "02-12 09:00",
    }


def test_a_first_fitting_recorded_late_invoices_the_mid_project_payment_first() -> None:
    """The 2 February fitting recorded on 16 February: invoiced then, due three days later."""
    recorded = local("2026-02-16T15:00")
    order = milestone_done(sample_order(CONFIG), "first fitting", date(2026, 2, 2), recorded, "ana")
    seen = first_due([order], recorded, 20, "pay/ORD-0001/mid-project")
    assert list(seen.items())[:3] == [
        ("invoice", "02-16 15:00"),
        ("due", "02-19 09:00"),
        ("friendly", "02-24 09:00"),
    ]
    assert seen["pause"] == "02-27 09:00"


def test_a_question_attached_late_is_reminded_before_anyone_is_told() -> None:
    """The AM's 26 January request attached on 11 February: reminders count from then."""
    raw = am_to_client("Hi Laura,\n\nCould you please approve the design sketches?",
                       message_id="<am1@x>")  # fmt: skip
    attached = local("2026-02-11T10:00")
    mail = StaffMail.of(parse_envelope(raw), CONFIG, MONDAY)
    order = adopt(sample_order(CONFIG), mail, "the AM's answer", CONFIG, attached)
    assert order.questions[0]["asked_at"] == iso(MONDAY)
    assert first_due([order], attached, 14, "ask/ORD-0001/Q1") == {
        "reminder-1": "02-13 10:00",
        "reminder-2": "02-17 10:00",
        "call": "02-18 10:00",
        "silent": "02-20 10:00",
    }


def test_a_delivery_brought_forward_to_today_is_invoiced_before_it_is_chased() -> None:
    """Delivery moved on the morning of 2 March to that day: the final invoice goes first."""
    moved = local("2026-03-02T10:00")
    order, _ = move_delivery(sample_order(CONFIG), date(2026, 3, 2), "finished early", CONFIG,
                             moved, "ana")  # fmt: skip
    seen = first_due([order], moved, 20, "pay/ORD-0001/final")
    assert list(seen.items())[:2] == [("invoice", "03-02 10:00"), ("friendly", "03-07 09:00")]
    assert seen["pause"] == "03-10 09:00"


def test_a_delivery_date_in_the_past_is_refused() -> None:
    """A mistyped year would make the final payment late at once: refused, naming today."""
    with pytest.raises(OrderError, match=r"2025-03-12 is in the past \(today is 2026-01-26\)"):
        move_delivery(sample_order(CONFIG), date(2025, 3, 12), "typo", CONFIG, MONDAY, "ana")


def test_a_long_absence_holds_the_pause_until_after_the_reminder_on_return() -> None:
    """Away until 25 March, past the firm reminder's day: firm on the 25th, pause the day after."""
    order = sample_order(CONFIG)  # final payment due Thursday 12 March
    order.away_until = "2026-03-25"
    assert first_due([order], local("2026-03-09T00:00"), 30, "pay/ORD-0001/final") == {
        "invoice": "03-09 09:00",
        "firm": "03-25 09:00",
        "pause": "03-26 09:00",
        "finance": "04-01 09:00",
    }


def test_an_order_delivered_early_is_invoiced_the_day_it_is_delivered() -> None:
    """Delivered 26 January though due 12 March, no fitting recorded: that day the final and
    the mid-project payments are invoiced, and chased from then."""
    order = set_phase(sample_order(CONFIG), "Delivered", MONDAY, "ana")
    for milestone in ("final", "mid-project"):
        seen = first_due([order], MONDAY, 6, f"pay/ORD-0001/{milestone}")
        assert seen == {"invoice": "01-26 10:00", "friendly": "01-31 09:00"}


def test_after_downtime_the_invoice_goes_first_and_the_chase_keeps_its_spacing() -> None:
    """Signed 20 January, entered 26 January, the agent down until Saturday 7 February: the
    invoice goes on its return, then the reminders, pause and Finance at their spacing."""
    fields = {"project": "Ball", "client": {"name": "Hannah", "emails": ["h@north.example"]},
              "account_manager": "ana@atelier.example", "contract_value": 24500,
              "delivery_date": "2026-04-20", "signed": "2026-01-20"}  # fmt: skip
    order = new_order(fields, "ORD-0001", CONFIG, MONDAY)
    assert first_due([order], local("2026-02-07T10:00"), 30, "pay/ORD-0001/deposit") == {
        "invoice": "02-07 10:00",
        "due": "02-10 09:00",
        "friendly": "02-15 09:00",
        "firm": "02-17 09:00",
        "pause": "02-18 09:00",
        "finance": "02-24 09:00",
    }


def test_after_downtime_the_last_reminder_goes_before_work_pauses() -> None:
    """Down from 13 to 21 March, past the firm reminder's and the pause's days: the firm
    reminder goes on return, the pause the day after, Finance a week after it."""
    order = sample_order(CONFIG)  # final payment due 12 March, invoiced on the 9th
    order = chased(order, CONFIG, local("2026-03-09T00:00"), local("2026-03-13T00:00"))
    assert first_due([order], local("2026-03-21T10:00"), 14, "pay/ORD-0001/final") == {
        "firm": "03-21 10:00",
        "pause": "03-22 09:00",
        "finance": "03-28 09:00",
    }
