"""The Friday update's content: what a client reads about each of their active orders."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from studio import make_config, sample_order

from agent.clock import iso
from agent.due import due
from agent.model import Order, Question
from agent.orders import ask, new_order
from agent.policy import Policy
from agent.records import add_note, milestone_done, move_delivery
from agent.scheduled import act
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MADRID)


def update_text(orders: list[Order], now: datetime) -> str:
    """The text of the one weekly update due at `now` (the agent's own road from due to email).

    `now` is in UTC, as the system clock gives it: arithmetic on a Madrid-aware moment
    would hide daylight-saving mistakes."""
    return send_update(orders, now)[0]


def send_update(orders: list[Order], now: datetime) -> tuple[str, list[Order]]:
    """The update's text, and the orders as the agent keeps them once it is sent."""
    now = now.astimezone(UTC)
    [item] = [i for i in due(orders, now, Policy(), MADRID) if i.kind == "weekly-update"]
    action = act(item, {o.id: o for o in orders}, CONFIG, now)
    [draft] = action.drafts
    text, _ = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    return text, action.orders


def two_orders() -> list[Order]:
    """A gala with a note, a fitting and a question; a second, delayed, order nearly delivered."""
    created = local("2026-02-02T09:00")
    gala = sample_order(CONFIG, created=created, delivery="2026-04-24")
    gala = add_note(gala, "bodices cut", local("2026-02-11T16:00"), "ana")
    gala = milestone_done(
        gala, "design approval", date(2026, 2, 12), local("2026-02-12T12:00"), "ana"
    )
    gala, _ = ask(gala, "fitting", CONFIG, local("2026-02-09T10:00"), slots=["2026-02-17T14:00"])
    gala.questions[0].update(status="answered", answer={"choice": 1, "at": iso(created)})
    gala, _ = ask(
        gala, "choice", CONFIG, local("2026-02-12T10:00"), about="lining", options=["a", "b"]
    )
    ballet = sample_order(CONFIG, "ORD-0002", created=created, delivery="2026-02-10")
    ballet, _ = move_delivery(ballet, date(2026, 2, 18), "the lace is late", CONFIG, created, "ana")
    return [gala, ballet]


def test_one_email_covers_all_the_clients_active_orders() -> None:
    """Completed, in progress with notes, next week, what we need, and each delivery line."""
    text = update_text(two_orders(), local("2026-02-13T10:00"))
    assert text.count("== ") == 2
    assert "  - design approval completed" in text
    assert "In progress: Design: bodices cut" in text
    assert "  - fitting on Tuesday 17 February at 14:00" in text
    assert "  - please choose lining (reply with its number)" in text
    assert "Delivery: on track for delivery on 24 April 2026." in text
    assert "Delivery: delivery is now planned for 18 February 2026 because the lace is late." in (
        text
    )


def test_a_delivery_next_week_is_announced() -> None:
    """An order delivered within the next seven days says so under "Coming up next week"."""
    text = update_text(two_orders(), local("2026-02-13T10:00"))
    assert "  - delivery on Wednesday 18 February" in text


def test_completed_counts_from_last_weeks_update_across_the_autumn_change() -> None:
    """An event at 10:30 on the Friday before the clocks go back is in the next update."""
    order = sample_order(CONFIG, created=local("2026-10-01T09:00"), delivery="2026-12-18")
    order = milestone_done(
        order, "first fitting", date(2026, 10, 23), local("2026-10-23T10:30"), "ana"
    )
    text = update_text([order], local("2026-10-30T10:00"))
    assert "  - first fitting completed" in text


def test_a_late_update_still_reports_last_fridays_afternoon() -> None:
    """Sent at 15:00 after downtime, the update still covers what happened after last week's."""
    order = sample_order(CONFIG, created=local("2026-02-02T09:00"), delivery="2026-04-24")
    order = milestone_done(
        order, "first fitting", date(2026, 2, 6), local("2026-02-06T12:00"), "ana"
    )
    assert "  - first fitting completed" in update_text([order], local("2026-02-13T15:00"))


def test_progress_notes_are_the_news_since_the_last_update_only() -> None:
    """A note the client read in the last update (even a late one) is not repeated."""
    order = sample_order(CONFIG, created=local("2026-02-02T09:00"), delivery="2026-04-24")
    order = add_note(order, "bodices cut", local("2026-02-05T16:00"), "ana")
    order = add_note(order, "lining sewn", local("2026-02-06T12:00"), "ana")
    text, [order] = send_update([order], local("2026-02-06T15:00"))  # late, after downtime
    assert "In progress: Design: bodices cut; lining sewn\n" in text
    text, [order] = send_update([order], local("2026-02-13T10:00"))
    assert "In progress: Design\n" in text
    order = add_note(order, "sleeves set", local("2026-02-18T11:00"), "ana")
    text, _ = send_update([order], local("2026-02-20T10:00"))
    assert "In progress: Design: sleeves set\n" in text


def test_next_weeks_planned_milestones_are_announced_a_booked_fitting_stands_for_its_own() -> None:
    """Ten weeks from 2 February: fabric approval is planned 2 March, the first fitting 9 March."""
    order = sample_order(CONFIG, created=local("2026-02-02T09:00"), delivery="2026-04-13")
    assert "  - fabric approval, planned for Monday 2 March\n" in update_text(
        [order], local("2026-02-27T10:00")
    )
    assert "  - first fitting, planned for Monday 9 March\n" in update_text(
        [order], local("2026-03-06T10:00")
    )
    order, _ = ask(order, "fitting", CONFIG, local("2026-03-02T10:00"), slots=["2026-03-10T11:00"])
    order.questions[0].update(
        status="answered", answer={"choice": 1, "at": iso(local("2026-03-03T10:00"))}
    )
    text = update_text([order], local("2026-03-06T10:00"))
    assert "  - fitting on Tuesday 10 March at 11:00\n" in text and "first fitting," not in text


def test_a_payment_due_next_week_reads_as_a_day_and_the_one_we_wait_for_asks_for_it() -> None:
    """The client reads "due on Thursday 12 March", never ISO; "nothing that needs you"
    never sits above a payment we need from them."""
    order = sample_order(CONFIG, created=local("2026-01-05T09:00"), delivery="2026-03-12")
    text = update_text([order], local("2026-03-06T10:00"))
    assert "  - final payment of 4,500.00 due on Thursday 12 March\n" in text
    waiting = Question("Q1", "payment", iso(local("2026-01-05T09:00")), milestone="deposit")
    order = sample_order(CONFIG, created=local("2026-01-05T09:00"), delivery="2026-06-12")
    order.questions.append(dataclasses.replace(waiting, amount=9000.0).to_dict())
    text = update_text([order], local("2026-01-09T10:00"))
    assert "Coming up next week:\n  - nothing scheduled\n" in text
    assert "We need from you:\n  - please send the deposit payment of 9,000.00\n" in text


def test_each_weeks_update_has_its_own_subject() -> None:
    """Mail clients that thread by subject keep each Friday's update apart, findable by date."""
    order = sample_order(CONFIG, created=local("2026-02-02T09:00"), delivery="2026-04-24")
    moment = local("2026-02-13T10:00").astimezone(UTC)
    [item] = [i for i in due([order], moment, Policy(), MADRID) if i.kind == "weekly-update"]
    [draft] = act(item, {order.id: order}, CONFIG, moment).drafts
    assert draft.subject == "[ORD-0001] Your weekly update, 13 February 2026"


def test_a_late_entered_orders_payment_is_announced_on_the_day_its_invoice_names() -> None:
    """Signed 5 January, entered Wednesday 28 January: its invoice says the deposit is due
    Saturday 31 January, and Friday's update says the same."""
    fields = {"project": "Ball", "client": {"name": "Hannah", "emails": ["h@north.example"]},
              "account_manager": "ana@atelier.example", "contract_value": 24500,
              "delivery_date": "2026-04-20", "signed": "2026-01-05"}  # fmt: skip
    order = new_order(fields, "ORD-0001", CONFIG, local("2026-01-28T11:00"))
    text = update_text([order], local("2026-01-30T10:00"))
    assert "  - deposit payment of 12,250.00 due on Saturday 31 January" in text
