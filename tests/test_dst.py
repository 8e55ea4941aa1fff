"""Daylight saving in the studio's time zone (Europe/Madrid: clocks go forward on 29 March
2026 and back on 25 October 2026): every scheduled email keeps its local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from studio import chased, make_config, sample_order, walk

from agent.clock import FixedClock, iso
from agent.due import add_working_days, due
from agent.ics import fitting_invitation
from agent.model import Order
from agent.orders import ask
from agent.policy import Policy
from agent.scheduled import act
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")
STEP = timedelta(minutes=15)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def first_due(orders: list[Order], start: str, end: str) -> dict[str, str]:
    """Walk real time (UTC, as the system clock gives it) in 15-minute passes and note the
    local moment each item first falls due."""
    utc = (local(start).astimezone(UTC), local(end).astimezone(UTC))
    seen, _ = walk(orders, CONFIG, *utc, step=STEP)
    return {key: f"{moment.astimezone(MADRID):%a %d %b %H:%M}" for key, moment in seen.items()}


def fitted_order(created: str, delivery: str, slot: str) -> Order:
    """An order whose final payment falls due on `delivery`, with a fitting booked at `slot`."""
    order = sample_order(CONFIG, created=local(created), delivery=delivery)
    order, _ = ask(order, "fitting", CONFIG, local(created), slots=[slot])
    order.questions[0].update(status="answered", answer={"choice": 1, "at": iso(local(created))})
    return order


SPRING = {
    "digest/2026-03-28": "Sat 28 Mar 08:00",
    "digest/2026-03-29": "Sun 29 Mar 08:00",
    "digest/2026-03-30": "Mon 30 Mar 08:00",
    "weekly/laura@teatronuevo.example/2026-03-27": "Fri 27 Mar 10:00",
    "weekly/laura@teatronuevo.example/2026-04-03": "Fri 03 Apr 10:00",
    "pay/ORD-0001/final/invoice": "Sun 29 Mar 09:00",
    "pay/ORD-0001/final/due": "Wed 01 Apr 09:00",
    "fitting/ORD-0001/Q1/2026-03-30T08:00:00+00:00": "Sun 29 Mar 09:00",
}
AUTUMN = {
    "digest/2026-10-24": "Sat 24 Oct 08:00",
    "digest/2026-10-25": "Sun 25 Oct 08:00",
    "digest/2026-10-26": "Mon 26 Oct 08:00",
    "weekly/laura@teatronuevo.example/2026-10-23": "Fri 23 Oct 10:00",
    "weekly/laura@teatronuevo.example/2026-10-30": "Fri 30 Oct 10:00",
    "pay/ORD-0001/final/invoice": "Sun 25 Oct 09:00",
    "pay/ORD-0001/final/due": "Wed 28 Oct 09:00",
    "fitting/ORD-0001/Q1/2026-10-26T09:00:00+00:00": "Sun 25 Oct 09:00",
}


@pytest.mark.parametrize(
    ("created", "delivery", "slot", "start", "end", "expected"),
    [
        ("2026-03-02T09:00", "2026-04-01", "2026-03-30T10:00", "2026-03-27T00:00",
         "2026-04-03T12:00", SPRING),
        ("2026-10-01T09:00", "2026-10-28", "2026-10-26T10:00", "2026-10-23T00:00",
         "2026-10-30T12:00", AUTUMN),
    ],
)  # fmt: skip
def test_scheduled_emails_keep_their_local_time_across_the_change(
    created: str, delivery: str, slot: str, start: str, end: str, expected: dict[str, str]
) -> None:
    """Digest at 08:00, Friday update at 10:00, invoice and fitting reminder at 09:00."""
    found = first_due([fitted_order(created, delivery, slot)], start, end)
    assert {key: found.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-03-27T10:00", 1, "2026-03-30T10:00"),
        ("2026-03-26T17:30", 2, "2026-03-30T17:30"),
        ("2026-10-23T10:00", 1, "2026-10-26T10:00"),
        ("2026-10-22T09:15", 3, "2026-10-27T09:15"),
    ],
)
def test_working_days_keep_the_wall_clock_time_across_the_change(
    start: str, days: int, expected: str
) -> None:
    """Working days over the changeover weekend land at the same local time of day."""
    result = add_working_days(local(start).astimezone(UTC), days, MADRID)
    assert result.astimezone(MADRID) == local(expected)
    assert result.utcoffset() == local(expected).utcoffset()


def test_question_reminder_after_the_spring_change_is_at_the_asking_time() -> None:
    """Asked Thursday 10:00 before the change, reminded Monday 10:00 after it."""
    order, _ = ask(sample_order(CONFIG), "approval", CONFIG, local("2026-03-26T10:00"))
    found = first_due([order], "2026-03-26T10:00", "2026-03-31T00:00")
    assert found["ask/ORD-0001/Q1/reminder-1"] == "Mon 30 Mar 10:00"


@pytest.mark.parametrize(
    ("slot", "start", "end"),
    [
        ("2026-03-30T10:00", "DTSTART:20260330T080000Z", "DTEND:20260330T090000Z"),
        ("2026-10-26T10:00", "DTSTART:20261026T090000Z", "DTEND:20261026T100000Z"),
        ("2026-03-27T10:00", "DTSTART:20260327T090000Z", "DTEND:20260327T100000Z"),
    ],
)
def test_fitting_invitation_is_at_the_local_time_the_studio_gave(
    slot: str, start: str, end: str
) -> None:
    """The .ics for a 10:00 fitting says 10:00 Madrid time, in summer and in winter."""
    order = fitted_order("2026-03-02T09:00", "2026-12-01", slot)
    stored = order.questions[0]["slots"][0]
    lines = fitting_invitation(order, stored, CONFIG, local("2026-03-02T09:00")).decode().split()
    assert start in lines and end in lines


def test_fitting_reminder_names_the_local_time_and_carries_the_invitation() -> None:
    """The reminder the day before the first summer-time Monday says 10:00 and attaches it."""
    order = fitted_order("2026-03-02T09:00", "2026-12-01", "2026-03-30T10:00")
    moment = local("2026-03-29T09:00").astimezone(UTC)
    [item] = [i for i in due([order], moment, Policy(), MADRID) if i.kind == "fitting-reminder"]
    [draft] = act(item, {order.id: order}, CONFIG, moment).drafts
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "Monday 30 March 2026 at 10:00" in text
    [invite] = draft.attachments
    assert b"DTSTART:20260330T080000Z" in invite.data


def test_days_late_is_counted_in_the_studios_day() -> None:
    """A firm reminder caught up at 00:30 Madrid time (23:30 UTC) counts the local day."""
    order = sample_order(CONFIG)  # final payment due 12 March
    order = chased(order, CONFIG, local("2026-03-09T00:00"), local("2026-03-18T00:00"))
    moment = local("2026-03-20T00:30").astimezone(UTC)
    [item] = [i for i in due([order], moment, Policy(), MADRID) if i.kind == "payment-firm"]
    [draft] = act(item, {order.id: order}, CONFIG, moment).drafts
    assert draft.context["days_late"] == 8


def test_a_test_clock_advances_in_real_time_across_the_change() -> None:
    """An hour after 01:30 on the spring-forward night is 03:30 local, not a wall-clock 02:30."""
    clock = FixedClock(local("2026-03-29T01:30"))
    clock.advance(hours=1)
    assert clock.now().astimezone(MADRID) == local("2026-03-29T03:30")
