"""The sales director decides by replying to an escalation, end to end: the reply finds
its order through the thread, is applied, recorded as theirs, and answered."""

from __future__ import annotations

from email.message import EmailMessage

from harness import Studio
from staff_mail import staff_mail
from studio import AGENT, AM, CLIENT, SD, client_mail, sample_order

from agent.store import Commit

LARGE_CHANGE = (
    "ORD-0001 change order\n- Second cast costumes: 6,000\n"
    "Timeline: +5 days\nReason: a second cast for the matinees"
)
SD_SIGNATURE = "\n\nSofia Marin\nSales Director | Atelier Lumen"


def with_order(studio: Studio) -> None:
    studio.store.commit(Commit(orders=[sample_order(studio.config)]))


def text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def escalation(studio: Studio, subject: str) -> EmailMessage:
    [found] = [m for m in studio.to(SD.address) if subject in m["Subject"]]
    return found


def reply(
    studio: Studio, to: EmailMessage, body: str, sender: str = SD.address, message_id: str = ""
) -> None:
    """A reply-all to the agent's email, its history quoted, as a mail client writes it."""
    studio.sink.clear()
    studio.receive(
        staff_mail(
            body + SD_SIGNATURE if sender == SD.address else body,
            subject=f"Re: {to['Subject']}",
            sender=sender,
            to=(AGENT,),
            cc=(AM.address,) if sender == SD.address else (SD.address,),
            in_reply_to=to["Message-ID"],
            quoted=text(to),
            message_id=message_id,
        )
    )


def answer_to(studio: Studio, address: str) -> str:
    [found] = [m for m in studio.to(address) if m["To"] == address and m["In-Reply-To"]]
    return text(found)


def test_the_sd_approving_a_large_change_order_end_to_end(studio: Studio) -> None:
    """AM change order -> SD escalation -> "Approve" -> client "Approved" -> deposit invoiced."""
    with_order(studio)
    studio.receive(staff_mail(LARGE_CHANGE))
    asked = escalation(studio, "change order CO-1 needs your approval")
    assert "reply to this email with one line: approve" in text(asked)
    assert "so Sofia Marin must approve it first" in answer_to(studio, AM.address)
    assert studio.to(CLIENT) == []

    reply(studio, asked, "Approve.", message_id="<sd-yes@atelier.example>")
    order = studio.store.order("ORD-0001")
    assert order.change_orders[0]["status"] == "sent"
    [by_sd] = [h for h in order.history if h["message_id"] == "<sd-yes@atelier.example>"]
    assert by_sd["by"] == SD.address and "approved by the sales director" in by_sd["detail"]
    assert "CO-1 approved by you and sent to Laura Gil" in answer_to(studio, SD.address)
    [request] = studio.to(CLIENT)
    assert request["Subject"] == "[ORD-0001] Change order CO-1: your approval"

    studio.sink.clear()
    studio.clock.advance(days=2, hours=5)  # Wednesday afternoon, after the day's send time
    studio.receive(client_mail("Approved, thank you.\n\nLaura", in_reply_to=request["Message-ID"]))
    order = studio.store.order("ORD-0001")
    assert order.contract_value == 24000 and order.change_orders[0]["status"] == "approved"
    invoice = next(m for m in studio.to(CLIENT) if "Invoice" in m["Subject"])
    assert invoice["Subject"] == "[ORD-0001] Invoice: CO-1 deposit payment"
    assert "3,000.00" in text(invoice)


def test_an_account_manager_cannot_approve_a_large_change_order(studio: Studio) -> None:
    """The AM, in copy of the escalation, replies "approve": refused; nothing reaches the client."""
    with_order(studio)
    studio.receive(staff_mail(LARGE_CHANGE))
    asked = escalation(studio, "needs your approval")

    reply(studio, asked, "approve", sender=AM.address)
    assert studio.store.order("ORD-0001").change_orders[0]["status"] == "awaiting_sd"
    assert studio.to(CLIENT) == []
    said = answer_to(studio, AM.address)
    assert "Not done: approve" in said
    assert "only the sales director (Sofia Marin) may approve CO-1" in said


def test_a_second_approve_on_the_same_escalation_sends_nothing_twice(studio: Studio) -> None:
    """The SD's second "approve" (another email) finds CO-1 already sent and says so."""
    with_order(studio)
    studio.receive(staff_mail(LARGE_CHANGE))
    asked = escalation(studio, "needs your approval")
    reply(studio, asked, "Approve")
    reply(studio, asked, "approve change order")
    assert studio.to(CLIENT) == []
    assert "CO-1 is sent, not waiting for the sales director" in answer_to(studio, SD.address)


def test_the_sd_declining_stops_the_change_order_and_tells_the_am(studio: Studio) -> None:
    """ "Decline, too expensive": CO-1 declined, the AM told, the client never sees it."""
    with_order(studio)
    studio.receive(staff_mail(LARGE_CHANGE))
    reply(studio, escalation(studio, "needs your approval"), "Decline, too expensive for them")

    order = studio.store.order("ORD-0001")
    assert order.change_orders[0]["status"] == "declined" and order.contract_value == 18000
    assert order.history[-1]["by"] == SD.address
    [told] = [m for m in studio.to(AM.address) if "declined by Sofia Marin" in m["Subject"]]
    assert "It was not sent to Laura Gil" in text(told)
    assert studio.to(CLIENT) == []


def test_the_sd_pauses_resumes_and_has_the_am_call_from_a_delivery_escalation(
    studio: Studio,
) -> None:
    """Replies to "Delivery moved", with the order id gone from the subject, act on its order."""
    with_order(studio)
    studio.receive(staff_mail("ORD-0001 delivery 2026-03-30 fabric from Italy late"))
    moved = escalation(studio, "Delivery moved 18 days")
    moved.replace_header("Subject", "Delivery moved")  # the thread, not the subject, leads back
    assert "To decide, reply to this email with one line: call the client" in text(moved)

    reply(studio, moved, "Pause", message_id="<sd-pause@atelier.example>")
    order = studio.store.order("ORD-0001")
    assert order.phase == "Paused" and order.history[-1]["by"] == SD.address
    assert order.history[-1]["message_id"] == "<sd-pause@atelier.example>"
    assert "ORD-0001 is paused" in answer_to(studio, SD.address)

    reply(studio, moved, "Call the client today, please")
    [call] = [
        m for m in studio.to(AM.address) if m["Subject"] == "[ORD-0001] Please call Laura Gil"
    ]
    assert "Sofia Marin asks you to call Laura Gil" in text(call) and "today, please" in text(call)
    assert studio.store.order("ORD-0001").history[-1]["event"] == "call requested"

    reply(studio, moved, "resume")
    assert studio.store.order("ORD-0001").phase == "Design"
    assert studio.to(CLIENT) == []
