"""Change orders and issues by email, end to end: the AM writes, the client decides."""

from __future__ import annotations

from email.message import EmailMessage

from harness import Studio
from staff_mail import staff_mail
from studio import AM, CLIENT, client_mail, sample_order

from agent.store import Commit

SMALL_CHANGE = (
    "ORD-0001 change order\n- Hand-beaded bodices: 2,400\n"
    "Timeline: +5 days\nReason: the director asked for more sparkle"
)
ISSUE = (
    "ORD-0001 issue fabric delayed\nSituation: the silk is stuck in customs\n"
    "Impact: the first fitting moves a week\nPlan: we chase the carrier daily\n"
    "1. Wait for the silk\n2. Use the duchess satin we have\nRecommendation: 2"
)


def with_order(studio: Studio) -> None:
    studio.store.commit(Commit(orders=[sample_order(studio.config)]))


def text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def answer(studio: Studio) -> str:
    """The agent's answer to the AM's command email."""
    [reply] = [m for m in studio.to(AM.address) if m["In-Reply-To"] and m["To"] == AM.address]
    return text(reply)


def test_a_change_order_by_email_reaches_the_client_and_the_am_is_told(studio: Studio) -> None:
    """Itemised lines, timeline and reason become CO-1, emailed to the client for approval."""
    with_order(studio)
    studio.receive(staff_mail(SMALL_CHANGE, quoted="ORD-0001 change order\nCape: 100"))

    [change] = studio.store.order("ORD-0001").change_orders
    assert (change["id"], change["total"], change["days"], change["status"]) == (
        "CO-1",
        2400.0,
        5,
        "sent",
    )
    [request] = studio.to(CLIENT)
    assert request["Subject"] == "[ORD-0001] Change order CO-1: your approval"
    assert "Hand-beaded bodices: 2,400.00" in text(request)
    assert "delivery would move to 17 March 2026" in text(request)
    reply = answer(studio)
    assert "CO-1 proposed: 2,400.00 for 1 item, delivery 5 days later" in reply
    assert "18,000.00 becomes 20,400.00" in reply and "Sent to Laura Gil" in reply


def test_the_client_approving_the_emailed_change_order_updates_the_contract(
    studio: Studio,
) -> None:
    """The client's "Approved" to the change order the AM emailed is the written approval."""
    with_order(studio)
    studio.receive(staff_mail(SMALL_CHANGE, style="html"))
    [request] = studio.to(CLIENT)
    studio.receive(client_mail("Approved, go ahead.", in_reply_to=request["Message-ID"]))
    order = studio.store.order("ORD-0001")
    assert order.contract_value == 20400 and order.delivery_date == "2026-03-17"
    assert order.change_orders[0]["evidence"]["from"] == CLIENT


def test_the_same_change_order_sent_twice_is_proposed_once(studio: Studio) -> None:
    """A second copy (a new Message-ID) is refused with the change order already open."""
    with_order(studio)
    studio.receive(staff_mail(SMALL_CHANGE))
    studio.sink.clear()
    studio.receive(staff_mail(SMALL_CHANGE, style="outlook", quoted="Earlier"))
    assert len(studio.store.order("ORD-0001").change_orders) == 1
    assert studio.to(CLIENT) == []
    assert "CO-1 is this change and still waits for the client; nothing sent" in answer(studio)


def test_an_issue_by_email_notifies_the_client_and_tracks_their_choice(studio: Studio) -> None:
    """Situation, impact, plan, options and the recommendation reach the client; "2" is applied."""
    with_order(studio)
    studio.receive(staff_mail(ISSUE, quoted="Older thread"))

    [notice] = studio.to(CLIENT)
    body = text(notice)
    assert notice["Subject"] == "[ORD-0001] Issue: fabric delayed, your choice please"
    assert "What happened: the silk is stuck in customs" in body
    assert "What it means for you: the first fitting moves a week" in body
    assert "2. Use the duchess satin we have (our recommendation)" in body
    assert "The email recommends option 2." in answer(studio)

    studio.sink.clear()
    reply = client_mail(
        "Let's go with your recommendation, option 2.", in_reply_to=notice["Message-ID"]
    )
    studio.receive(reply)
    [question] = studio.store.order("ORD-0001").questions
    assert question["status"] == "answered" and question["answer"]["choice"] == 2
    assert "Recorded: fabric delayed 2, Use the duchess satin we have" in text(studio.to(CLIENT)[0])


def test_an_issue_without_options_is_not_sent_and_the_am_learns_the_form(studio: Studio) -> None:
    """One option only: nothing reaches the client; the answer shows how to write it."""
    with_order(studio)
    studio.receive(staff_mail("ORD-0001 issue fabric delayed\nSituation: late\n1. Wait"))
    assert studio.to(CLIENT) == []
    reply = answer(studio)
    assert "Not done: ORD-0001 issue fabric delayed" in reply
    assert "at least two options" in reply and "Write it like this: ORD-0042 issue" in reply
