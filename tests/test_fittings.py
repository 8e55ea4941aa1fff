"""A fitting moved to another slot: the client is reminded of, and people see, the new one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studio import MONDAY, client_mail, make_config, sample_order

from agent.digest import digest_context
from agent.due import due
from agent.model import Order, Reading
from agent.orders import ask
from agent.parsers.envelope import parse_envelope
from agent.routing import route
from agent.rules import classify
from agent.weekly import weekly_context
from agent.workflow import decide

CONFIG = make_config(Path("/nonexistent"))


def book(order: Order, slots: list[str], choice: int, hours: int) -> Order:
    """Ask for a fitting and have the client pick slot `choice`, `hours` after Monday 9:00."""
    now = MONDAY + timedelta(hours=hours)
    order, request = ask(order, "fitting", CONFIG, now, slots=slots)
    mail = parse_envelope(client_mail("That one works", in_reply_to=request.message_id))
    reading = Reading("choose", 0.95, "picked a slot", "That one works", choice=choice)
    route_ = route(mail, [order], CONFIG.staff_addresses)
    decision = decide(mail, classify(mail, CONFIG), route_, reading, CONFIG, now)
    assert decision.outcome == "applied" and decision.order is not None
    return decision.order


def test_a_rebooked_fitting_replaces_the_one_still_ahead() -> None:
    """Booked for Wednesday, moved to Friday: one reminder, on Thursday, for Friday; the
    director's week ahead and Laura's update show Friday only; the history says so."""
    order = book(sample_order(CONFIG), ["2026-01-28T14:00", "2026-01-29T10:00"], 1, 0)
    order = book(order, ["2026-01-30T10:00", "2026-02-02T10:00"], 1, 2)
    assert [q["status"] for q in order.questions] == ["superseded", "answered"]
    week = [MONDAY + timedelta(days=d, hours=1) for d in range(4)]
    reminders = [i.key for now in week for i in due([order], now, CONFIG.policy, CONFIG.timezone)
                 if i.kind == "fitting-reminder"]  # fmt: skip
    assert reminders == ["fitting/ORD-0001/Q2/2026-01-30T09:00:00+00:00"]
    coming = digest_context([order], MONDAY, MONDAY, CONFIG.policy, CONFIG.timezone)["coming"]
    assert [line for line in coming if "fitting," in line] == [
        "Fri 30 Jan 10:00 fitting, ORD-0001 Teatro Nuevo Gala"
    ]
    weekly = weekly_context([order], MONDAY, CONFIG.timezone, CONFIG.policy)
    assert [c for c in weekly["orders"][0]["coming"] if "fitting on" in c] == [
        "fitting on Friday 30 January at 10:00"
    ]
    assert "the fitting booked for Wed 28 Jan 14:00 (Q1) is replaced by Q2's" in [
        h["detail"] for h in order.history
    ]


def test_a_second_fitting_after_the_first_took_place_keeps_both() -> None:
    """The first fitting is past when the final one is booked: nothing is replaced."""
    order = book(sample_order(CONFIG), ["2026-01-26T10:00"], 1, -2)
    order = book(order, ["2026-02-04T10:00"], 1, 3)
    assert [q["status"] for q in order.questions] == ["answered", "answered"]
