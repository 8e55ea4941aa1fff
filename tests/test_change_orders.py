"""Change orders from proposal to the client's written approval: the workflow, the command
line, and the whole loop against Dovecot and aiosmtpd."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from harness import Studio
from studio import AM, CLIENT, MONDAY, SD, client_mail, make_config, sample_order, walk
from test_cli import add_order, config, run_cli  # noqa: F401  (config is a fixture)

from agent.change_orders import director_approves, propose, settle
from agent.digest import digest_context
from agent.due import due
from agent.model import ChangeOrder, Order, Reading
from agent.orders import OrderError
from agent.outbox import Draft, compose
from agent.parsers.envelope import parse_envelope
from agent.records import mark_paid
from agent.routing import route
from agent.rules import classify
from agent.store import Commit
from agent.templates import Templates
from agent.weekly import weekly_context
from agent.workflow import Decision, decide

CONFIG = make_config(Path("/nonexistent"))
BEADING = ["Hand-beaded bodices=2400", "Extra fitting=300"]
APPROVE = Reading("approve", 0.95, 'matched "approved"', "Approved, go ahead.")
DECLINE = Reading("decline", 0.95, 'matched "no"', "No, too expensive.")


def proposed(order: Order, items: list[str], days: int = 0) -> tuple[Order, list[Draft]]:
    return propose(order, items, days, "the director wants beading", CONFIG, MONDAY, "ana")


def reply(order: Order, request: Draft, reading: Reading) -> Decision:
    raw = client_mail(reading.reply_text, in_reply_to=request.message_id, message_id="<ok@c.ex>")
    mail = parse_envelope(raw)
    where = route(mail, [order], CONFIG.staff_addresses)
    return decide(mail, classify(mail, CONFIG), where, reading, CONFIG, MONDAY)


def change(order: Order, change_id: str = "CO-1") -> ChangeOrder:
    found = order.change_order(change_id)
    assert found is not None
    return found


def test_client_approval_reply_applies_the_change_order_with_its_evidence() -> None:
    """ "Approved" to the change order: evidence kept, value and payments updated, date moved."""
    order, [request] = proposed(sample_order(CONFIG), BEADING, days=5)
    assert (request.template, request.to) == ("client/change_order", (CLIENT,))
    decision = reply(order, request, APPROVE)
    assert decision.outcome == "applied"
    approved = change(decision.order)
    assert approved.status == "approved"
    assert approved.evidence == {
        "message_id": "<ok@c.ex>",
        "from": CLIENT,
        "date": "2026-01-26T09:00:00+00:00",
        "text": "Approved, go ahead.",
    }
    assert (decision.order.original_contract_value, decision.order.contract_value) == (
        18000.0,
        20700.0,
    )
    assert [p["amount"] for p in decision.order.payments] == [9000.0, 5850.0, 5850.0]
    assert decision.order.delivery_date == "2026-03-17"
    assert decision.drafts[0].context["summary"] == "approved change order CO-1"


def test_approved_changes_beyond_ten_percent_escalate_once() -> None:
    """2,700 of 18,000 is 15%: the SD (AM in copy) is told once, and the digest lists it."""
    order, [request] = proposed(sample_order(CONFIG), BEADING)
    decision = reply(order, request, APPROVE)
    [escalation] = [d for d in decision.drafts if d.template == "staff/budget_overrun"]
    assert (escalation.to, escalation.cc) == ((SD.address,), (AM.address,))
    order, [second] = proposed(decision.order, ["Veils=100"])
    again = reply(order, second, Reading("approve", 0.95, "", "Approved too."))
    assert [d.template for d in again.drafts] == ["client/confirmation"]
    digest = digest_context([again.order], MONDAY, MONDAY, CONFIG.policy, CONFIG.timezone)
    [line] = [e for e in digest["escalations"] if "budget overrun" in e]
    assert "15% of the contract" in line


def test_weekly_update_and_digest_mention_the_approved_change() -> None:
    """The client reads the change in Friday's update; the SD in the morning's changes."""
    order, [request] = proposed(sample_order(CONFIG), BEADING, days=5)
    approved = reply(order, request, APPROVE).order
    friday = MONDAY + timedelta(days=4)
    weekly = weekly_context([approved], friday, CONFIG.timezone, CONFIG.policy)
    assert (
        "you approved change order CO-1: 2,700.00, 5 more days (the director wants beading)"
        in (weekly["orders"][0]["completed"])
    )
    since = MONDAY - timedelta(hours=1)
    digest = digest_context([approved], MONDAY, since, CONFIG.policy, CONFIG.timezone)
    assert any("change order approved: CO-1: 2,700.00" in line for line in digest["changes"])


def test_exactly_ten_percent_does_not_escalate() -> None:
    """1,800 of 18,000 is within budget: only the confirmation goes out."""
    order, [request] = proposed(sample_order(CONFIG), ["Trims=1800"])
    assert [d.template for d in reply(order, request, APPROVE).drafts] == ["client/confirmation"]


def test_a_decline_changes_no_money_and_tells_the_am() -> None:
    """A declined change order keeps the contract and payments; the AM gets the reply."""
    order, [request] = proposed(sample_order(CONFIG), BEADING, days=5)
    decision = reply(order, request, DECLINE)
    assert change(decision.order).status == "declined"
    assert decision.order.payments == order.payments
    assert decision.order.delivery_date == order.delivery_date
    [notice] = [d for d in decision.drafts if d.template == "staff/change_order_declined"]
    assert notice.to == (AM.address,)


def test_a_large_change_waits_for_the_sales_director_then_asks_for_a_deposit() -> None:
    """Over 20%: the SD is asked first, nothing reaches the client until they approve."""
    order, [escalation] = proposed(sample_order(CONFIG), ["Second cast=6000"], days=10)
    assert change(order).status == "awaiting_sd" and order.open_questions() == []
    assert (escalation.to, escalation.cc) == ((SD.address,), (AM.address,))
    assert escalation.context["deposit"] == 3000.0
    order, [request] = director_approves(order, "co-1", CONFIG, MONDAY, "sofia")
    decision = reply(order, request, APPROVE)
    deposit = decision.order.payments[-1]
    assert (deposit["milestone"], deposit["amount"], deposit["due"]) == (
        "CO-1 deposit",
        3000.0,
        "2026-01-26",
    )
    templates = sorted(d.template for d in decision.drafts)
    assert templates == ["client/confirmation", "staff/budget_overrun", "staff/delivery_moved"]
    with pytest.raises(OrderError, match="waiting for the sales director"):
        director_approves(decision.order, "CO-1", CONFIG, MONDAY, "sofia")


def test_the_change_deposit_is_invoiced_chased_and_paused_like_any_payment() -> None:
    """Approved on a Wednesday afternoon: invoiced then, reminded at 5 and 7 days late, work
    paused after 7, Finance at 14; once marked paid, nothing more."""
    order, _ = proposed(sample_order(CONFIG), ["Second cast=6000"])
    order, _ = director_approves(order, "CO-1", CONFIG, MONDAY, "sofia")
    approval = datetime(2026, 1, 28, 15, tzinfo=CONFIG.timezone)
    evidence = {"message_id": "<ok@c.ex>", "from": CLIENT, "date": "", "text": "Approved"}
    order, _ = settle(order, "CO-1", True, evidence, CONFIG, approval)
    base = "pay/ORD-0001/CO-1 deposit"
    seen, _ = walk([order], CONFIG, approval, approval + timedelta(days=15), base)
    assert seen == {
        f"{base}/invoice": approval,
        f"{base}/friendly": approval.replace(day=2, month=2, hour=9),
        f"{base}/firm": approval.replace(day=4, month=2, hour=9),
        f"{base}/pause": approval.replace(day=5, month=2, hour=9),
        f"{base}/finance": approval.replace(day=11, month=2, hour=9),
    }
    paid = mark_paid(order, "co-1 deposit", approval.date(), approval, "ana")
    later = due([paid], approval.replace(day=11, month=2, hour=9), CONFIG.policy, CONFIG.timezone)
    assert not [i for i in later if "CO-1" in i.key]


def test_cli_change_order_and_sales_director_approval(
    config: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`change-order` escalates a large change; `--sd-approve` sends it; `orders show` lists it."""
    add_order(config)
    code = run_cli(config, "change-order", "ORD-0001", "--item", "Second cast=6000",
                   "--days", "10", "--reason", "a second cast")  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "queued to sofia@atelier.example: [ORD-0001] Escalation: change order CO-1" in out
    assert run_cli(config, "change-order", "ORD-0001", "CO-1") == 2
    assert "--sd-approve" in capsys.readouterr().err
    assert run_cli(config, "change-order", "ORD-0001", "CO-1", "--sd-approve") == 0
    assert "queued to laura@teatronuevo.example: [ORD-0001] Change order CO-1" in (
        capsys.readouterr().out
    )
    run_cli(config, "orders", "show", "ORD-0001")
    assert "CO-1 sent          6,000.00, +10 days  a second cast" in capsys.readouterr().out
    run_cli(config, "orders", "show", "ORD-0001", "--json")
    [stored] = json.loads(capsys.readouterr().out)["change_orders"]
    assert stored["items"] == [{"description": "Second cast", "amount": 6000.0}]


def queue(studio: Studio, order: Order, drafts: list[Draft]) -> None:
    now = studio.clock.now()
    rows = [compose(d, studio.config, Templates(), now) for d in drafts]
    studio.store.commit(Commit(orders=[order], outbox=rows))
    studio.agent.run_once()


def test_client_approves_a_large_change_by_email_and_its_deposit_is_invoiced(
    studio: Studio,
) -> None:
    """SD approves, the client replies "approved", the CO deposit's invoice follows at once."""
    settings = studio.config
    studio.sink.wait_for(1)  # the morning digest, from the fixture's first pass
    studio.sink.clear()
    order, drafts = propose(sample_order(settings), ["Second cast=6000"], 5, "a second cast",
                            settings, studio.clock.now(), "ana")  # fmt: skip
    queue(studio, order, drafts)
    assert [m.message["Subject"] for m in studio.sink.wait_for(1)] == [
        "[ORD-0001] Escalation: change order CO-1 needs your approval"
    ]
    studio.sink.clear()
    order, [request] = director_approves(order, "CO-1", settings, studio.clock.now(), "sofia")
    queue(studio, order, [request])
    [sent] = studio.sink.wait_for(1)
    assert "Total: 6,000.00" in sent.message.get_body(("plain",)).get_content()
    studio.sink.clear()
    studio.clock.advance(days=2, hours=5)  # Wednesday afternoon, after the day's send time
    studio.receive(client_mail("Approved, thank you.\n\nLaura", in_reply_to=request.message_id,
                               subject=f"Re: {sent.message['Subject']}"))  # fmt: skip
    studio.sink.wait_for(4)  # the confirmation, the SD's budget escalation, the invoice, a digest
    invoice = next(m for m in studio.to(CLIENT) if "Invoice" in m["Subject"])
    assert invoice["Subject"] == "[ORD-0001] Invoice: CO-1 deposit payment"
    assert "3,000.00" in invoice.get_body(("plain",)).get_content()
    stored = studio.store.order("ORD-0001")
    assert change(stored).status == "approved" and stored.contract_value == 24000.0
    assert any("Escalation: approved changes" in m["Subject"] for m in studio.to(SD.address))


def test_a_change_approved_on_an_overdue_order_moves_its_past_delivery_date() -> None:
    """Delivery was due 12 March; on 20 March the client approves 5 more days: 17 March."""
    order, _ = proposed(sample_order(CONFIG), ["Extra fitting=300"], days=5)
    evidence = {"message_id": "<ok@c.ex>", "from": CLIENT, "date": "", "text": "Approved"}
    approval = datetime(2026, 3, 20, 11, tzinfo=CONFIG.timezone)
    order, _ = settle(order, "CO-1", True, evidence, CONFIG, approval)
    assert order.delivery_date == "2026-03-17"
