"""The sales director's digest: what a director needs to see, computed from the orders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from staff_mail import staff_mail
from studio import CLIENT, MONDAY, chased, make_config, sample_order

from agent.clock import iso
from agent.digest import digest_context
from agent.due import DueItem, daily_digest
from agent.model import ChangeOrder, HistoryEntry, Order
from agent.orders import ask, new_order
from agent.parsers.envelope import parse_envelope
from agent.policy import Policy
from agent.records import mark_paid, milestone_done, move_delivery, plan_milestone, set_phase
from agent.rules import classify
from agent.scheduled import ScheduleDrafter
from agent.staff.inbox import decide_staff_mail
from agent.templates import Templates

CONFIG = make_config(Path("/nonexistent"))
MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 3, 2, 8, tzinfo=MADRID)


def studio_orders() -> list[Order]:
    """One on track with a fitting ahead, one late on payment and paused, one delivered."""
    fitting, _ = ask(sample_order(CONFIG), "fitting", CONFIG, MONDAY, slots=["2026-03-04T11:00"])
    answered = iso(MONDAY + timedelta(hours=5))
    fitting.questions[0].update(status="answered", answer={"choice": 1, "at": answered})
    for name in ("design approval", "fabric approval"):
        fitting = milestone_done(fitting, name, MONDAY.date(), MONDAY, "ana")
    fitting = plan_milestone(fitting, "first fitting", date(2026, 3, 4), MONDAY, "ana")
    fitting = plan_milestone(fitting, "final fitting", date(2026, 3, 10), MONDAY, "ana")
    fitted = NOW.date() - timedelta(days=20)
    late = milestone_done(sample_order(CONFIG, "ORD-0002"), "first fitting", fitted, MONDAY, "ana")
    late = set_phase(late, "Paused", NOW - timedelta(hours=3), "agent")
    later = NOW.date() + timedelta(days=40)
    late, _ = move_delivery(late, later, "fabric late", CONFIG, NOW - timedelta(hours=2), "ana")
    done = sample_order(CONFIG, "ORD-0003", created=MONDAY - timedelta(days=60))
    done = set_phase(done, "Delivered", MONDAY, "ana")
    for milestone in ("mid-project", "final"):
        done = mark_paid(done, milestone, MONDAY.date() + timedelta(days=4), MONDAY, "ana")
    return [fitting, late, done]


def test_digest_lists_risks_overdue_payments_and_the_week_ahead() -> None:
    """Paused and delayed orders are at risk, late money is listed, the fitting is ahead."""
    context = digest_context(studio_orders(), NOW, NOW - timedelta(days=1), Policy(), MADRID)
    assert context["by_phase"]["Paused"] == ["ORD-0002"]
    assert context["overdue"] == ["ORD-0002 mid-project 4,500.00, 17 days late"]
    assert context["coming"] == [
        "Wed 04 Mar 11:00 fitting, ORD-0001 Teatro Nuevo Gala",
        "Wed 04 Mar first fitting planned, ORD-0001 Teatro Nuevo Gala",
    ]
    [risk] = context["at_risk"]
    assert risk.startswith("ORD-0002") and "paused" in risk and "payment overdue" in risk
    assert any("delivery moved" in line for line in context["changes"])
    assert any("ORD-0002" in line for line in context["escalations"])


def test_digest_metrics_and_timeline() -> None:
    """On-time %, response time and collection time come from the orders' own history."""
    context = digest_context(studio_orders(), NOW, NOW - timedelta(days=1), Policy(), MADRID)
    assert context["metrics"]["on-time delivery"] == "100%"
    assert context["metrics"]["client response time"] == "5.0 h on average"
    paused = next(t for t in context["timelines"] if t["id"] == "ORD-0002")
    assert paused["paused"] and [s["state"] for s in paused["steps"]][:2] == ["now", "todo"]


def test_digest_email_renders_a_visual_timeline() -> None:
    """The HTML shows each order's phases as coloured bars, the paused one in red."""
    item = DueItem("digest/x", "digest", NOW, NOW, ())
    draft = ScheduleDrafter(CONFIG, NOW).digest(item, studio_orders())
    assert draft.to == (CONFIG.sales_director.address,)
    text, html = Templates().render(draft.template, {"studio": "Atelier Lumen", **draft.context})
    assert "OVERDUE PAYMENTS" in text and "ORD-0002 mid-project" in text
    assert html.count("#d9534f") == 1


def test_week_ahead_is_in_date_order_across_a_month_end() -> None:
    """Monday 30 March comes before Thursday 2 April in the director's week ahead."""
    order = sample_order(
        CONFIG, created=datetime(2026, 3, 2, 9, tzinfo=MADRID), delivery="2026-04-02"
    )
    order, _ = ask(order, "fitting", CONFIG, MONDAY, slots=["2026-03-30T11:00"])
    order.questions[0].update(status="answered", answer={"choice": 1, "at": iso(MONDAY)})
    now = datetime(2026, 3, 28, 8, tzinfo=MADRID)
    context = digest_context([order], now, now - timedelta(days=1), Policy(), MADRID)
    assert context["coming"] == [
        "Mon 30 Mar 11:00 fitting, ORD-0001 Teatro Nuevo Gala",
        "Thu 02 Apr delivery, ORD-0001 Teatro Nuevo Gala",
        "Thu 02 Apr final payment due, ORD-0001",
    ]


def test_work_paused_for_a_late_payment_is_an_open_escalation() -> None:
    """Once the agent pauses an order for money, the director's digest lists that escalation."""
    order = milestone_done(sample_order(CONFIG), "first fitting", NOW.date(), MONDAY, "ana")
    pause_at = datetime(2026, 3, 13, 9, tzinfo=MADRID)
    paused = chased(order, CONFIG, datetime(2026, 3, 2, tzinfo=MADRID), pause_at)
    later = pause_at + timedelta(days=1)
    context = digest_context([paused], later, pause_at, Policy(), MADRID)
    assert context["escalations"] == [
        "ORD-0001 (Laura Gil): mid-project payment more than 7 days late; work paused"
    ]


def test_changes_since_the_last_digest_survive_the_autumn_change() -> None:
    """The Sunday the clocks go back, a change at 08:30 on Saturday is in the digest."""
    order = sample_order(CONFIG, created=datetime(2026, 10, 1, 9, tzinfo=MADRID))
    order = set_phase(order, "Pattern", datetime(2026, 10, 24, 8, 30, tzinfo=MADRID), "ana")
    sunday = datetime(2026, 10, 25, 8, tzinfo=MADRID).astimezone(UTC)
    item = daily_digest(sunday, Policy(), MADRID)
    draft = ScheduleDrafter(CONFIG, sunday).digest(item, [order])
    assert draft.context["changes"] == ["Sat 08:30 ORD-0001 phase: Pattern"]


def test_milestones_ahead_are_listed_and_a_missed_one_puts_the_order_at_risk() -> None:
    """Design approval is planned 4 February (signed 26 January, delivery 12 March): the
    digest lists it the day before, flags it the day after, and not once it is done."""
    order = sample_order(CONFIG)
    before = datetime(2026, 2, 3, 8, tzinfo=MADRID)
    context = digest_context([order], before, before - timedelta(days=1), Policy(), MADRID)
    assert context["coming"][0] == "Wed 04 Feb design approval planned, ORD-0001 Teatro Nuevo Gala"
    assert context["at_risk"] == []
    after = before + timedelta(days=2)
    context = digest_context([order], after, after - timedelta(days=1), Policy(), MADRID)
    assert context["at_risk"] == [
        "ORD-0001 Teatro Nuevo Gala: design approval planned 04 Feb not done"
    ]
    done = milestone_done(order, "design approval", date(2026, 2, 5), after, "ana")
    assert digest_context([done], after, after, Policy(), MADRID)["at_risk"] == []


def test_settled_escalations_say_so_and_a_silent_client_names_the_question() -> None:
    """After the money came in and the client answered, the director does not read the
    payment and the silence as still open, nor a bare "Q1"."""
    order = milestone_done(sample_order(CONFIG), "first fitting", NOW.date(), MONDAY, "ana")
    order, _ = ask(order, "approval", CONFIG, MONDAY, about="the finished bodices")
    pause_at = datetime(2026, 3, 13, 9, tzinfo=MADRID)
    order = chased(order, CONFIG, MONDAY, pause_at)
    order.history.append(HistoryEntry(iso(pause_at), "escalated", "client silent on Q1").to_dict())
    later = pause_at + timedelta(days=3)
    order = mark_paid(order, "mid-project", later.date(), later, "ana")
    order.questions[0].update(status="answered", answer={"intent": "approve", "at": iso(later)})
    context = digest_context([order], later, pause_at, Policy(), MADRID)
    assert context["escalations"] == [
        "ORD-0001 (Laura Gil): mid-project payment more than 7 days late; work paused; "
        "paid Mon 16 Mar",
        "ORD-0001 (Laura Gil): client silent on the approval of the finished bodices; "
        "answered Mon 16 Mar",
    ]


def test_changes_after_downtime_are_in_time_order_and_say_what_the_agent_did() -> None:
    """A digest covering Thursday and Friday lists Thursday first (not "Fri" before "Thu"),
    and the agent's reminders read as words, not "payment firm"."""
    order = sample_order(CONFIG, created=datetime(2026, 3, 2, 9, tzinfo=MADRID))
    thursday, friday = (datetime(2026, 3, day, 9, tzinfo=MADRID) for day in (12, 13))
    order.history += [
        HistoryEntry(iso(thursday), "note", "toile cut", "ana").to_dict(),
        HistoryEntry(iso(friday), "payment firm", "mid-project 4,500.00", "agent").to_dict(),
    ]
    saturday = datetime(2026, 3, 14, 8, tzinfo=MADRID)
    changes = digest_context([order], saturday, thursday, Policy(), MADRID)["changes"]
    assert changes == [
        "Thu 09:00 ORD-0001 note: toile cut",
        "Fri 09:00 ORD-0001 firm payment reminder sent: mid-project 4,500.00",
    ]


def test_the_digest_subject_says_what_needs_the_director() -> None:
    """From the inbox list: "2 overdue payments, 1 order at risk", or "all on track"."""
    order = milestone_done(sample_order(CONFIG), "first fitting", NOW.date(), MONDAY, "ana")
    quiet = ScheduleDrafter(CONFIG, MONDAY).digest(daily_digest(MONDAY, Policy(), MADRID), [order])
    assert quiet.subject == "Studio digest, Monday 26 January 2026: all on track"
    late = datetime(2026, 3, 13, 8, tzinfo=MADRID).astimezone(UTC)
    draft = ScheduleDrafter(CONFIG, late).digest(daily_digest(late, Policy(), MADRID), [order])
    assert (
        draft.subject == "Studio digest, Friday 13 March 2026: 2 overdue payments, 1 order at risk"
    )


def test_an_order_entered_weeks_after_signing_is_not_overdue_the_day_it_is_invoiced() -> None:
    """Signed 5 January, entered 26 January: the deposit is not late yet, and paying it
    two days after its invoice counts as collected within days, not weeks."""
    fields = {
        "project": "Ball costumes",
        "client": {"name": "Hannah Cole", "emails": ["hannah@north.example"]},
        "account_manager": "ana@atelier.example",
        "contract_value": 24500,
        "delivery_date": "2026-04-20",
        "signed": "2026-01-05",
    }
    order = new_order(fields, "ORD-0001", CONFIG, MONDAY)
    now = MONDAY + timedelta(hours=1)
    context = digest_context([order], now, now - timedelta(days=1), Policy(), MADRID)
    assert context["overdue"] == [] and context["at_risk"] == []
    paid = mark_paid(order, "deposit", date(2026, 1, 28), now, "ana")
    collection = digest_context([paid], now, now, Policy(), MADRID)["metrics"]
    assert collection["payment collection"] == "-1.0 days from due date"


def on_time(delivered: date, status: str) -> str:
    """On-time % for one order due 12 March, with a 5-day change order in `status`."""
    order = sample_order(CONFIG)
    beading = ChangeOrder("CO-1", [], 2700.0, 5, "beading", iso(MONDAY), status=status)
    order.change_orders.append(beading.to_dict())
    order = set_phase(order, "Delivered", datetime.combine(delivered, NOW.timetz()), "ana")
    return digest_context([order], NOW, NOW, Policy(), MADRID)["metrics"]["on-time delivery"]


def test_a_delivery_the_client_agreed_to_move_is_on_time_on_its_new_date() -> None:
    """Delivered 15 March after an approved 5-day change is on time; 18 March is not, nor is
    15 March when the client declined the change."""
    assert on_time(date(2026, 3, 15), "approved") == "100%"
    assert on_time(date(2026, 3, 18), "approved") == "0%"
    assert on_time(date(2026, 3, 15), "declined") == "0%"


def test_response_time_is_the_clients_not_the_time_the_am_took_to_settle_it() -> None:
    """Laura replies two hours after being asked; Ana settles the hand-off the next day: the
    digest says 2.0 h."""
    order, _ = ask(sample_order(CONFIG), "fitting", CONFIG, MONDAY, slots=["2026-01-29T10:00"])
    order.sent.append(
        {"message_id": "<handoff@atelier.example>", "kind": "handoff", "question_id": "Q1",
         "reply_id": "<maybe@teatronuevo.example>", "reply_from": CLIENT,
         "reply_subject": "Re: [ORD-0001] Your fitting",
         "reply_date": iso(MONDAY + timedelta(hours=2))}
    )  # fmt: skip
    answer = parse_envelope(staff_mail("Fitting 1", in_reply_to="<handoff@atelier.example>"))
    next_day = MONDAY + timedelta(days=1)
    decision = decide_staff_mail(answer, classify(answer, CONFIG), [order], CONFIG, next_day)
    assert decision is not None and decision.order is not None
    context = digest_context([decision.order], next_day, next_day, Policy(), MADRID)
    assert context["metrics"]["client response time"] == "2.0 h on average"
