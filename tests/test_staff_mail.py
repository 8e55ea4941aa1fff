"""Staff write to the agent, end to end: Dovecot in, aiosmtpd out, the store in between."""

from __future__ import annotations

from email.message import EmailMessage

from harness import Studio
from staff_mail import staff_mail
from studio import AGENT, AM, CLIENT, SD, client_mail, sample_order

from agent.store import Commit

HANNAH = "hannah@northlightfilms.example"
NEW_ORDER = (
    "New order\nProject: Ball scene costumes\nClient: Hannah Cole\n"
    f"Client email: {HANNAH}\nContract value: 24,500\nDelivery date: 2026-05-01"
)
QUOTED_ANSWER = (
    "Ana,\n\nDone: status\n  ORD-0001  Design  due 2026-03-12\n\nAtelier Lumen order agent"
)


def with_order(studio: Studio, phase: str = "Design") -> None:
    order = sample_order(studio.config)
    order.phase = phase
    studio.store.commit(Commit(orders=[order]))


def text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def welcome(studio: Studio) -> list[EmailMessage]:
    """Kickoff emails; a new order's deposit invoice may go out on schedule beside them."""
    return [m for m in studio.to(HANNAH) if "Welcome" in m["Subject"]]


def answer(studio: Studio) -> str:
    """The agent's one answer to the AM's command email."""
    [reply] = [m for m in studio.to(AM.address) if m["In-Reply-To"] and m["To"] == AM.address]
    return text(reply)


def test_new_order_with_kickoff_creates_it_and_welcomes_the_client(studio: Studio) -> None:
    """The AM's new-order email makes the order, answers with its id, and sends the kickoff."""
    studio.receive(staff_mail(f"{NEW_ORDER}\nSend kickoff", quoted=QUOTED_ANSWER))

    order = studio.store.order("ORD-0001")
    assert (order.project, order.client_emails, order.contract_value) == (
        "Ball scene costumes",
        [HANNAH],
        24500,
    )
    assert order.history[0]["by"] == AM.address
    [kickoff] = welcome(studio)
    assert kickoff["Subject"] == "[ORD-0001] Welcome: Ball scene costumes"
    assert "deposit (50%, at signing): 12,250.00" in text(kickoff)
    reply = answer(studio)
    assert "Created ORD-0001: Ball scene costumes for Hannah Cole" in reply
    assert "kickoff email sent to " + HANNAH in reply


def test_new_order_without_kickoff_sends_the_client_nothing(studio: Studio) -> None:
    """The client hears nothing until the AM asks for the kickoff."""
    studio.receive(staff_mail(NEW_ORDER, style="outlook", quoted="Earlier mail"))
    assert studio.store.order("ORD-0001") is not None
    assert welcome(studio) == []
    assert "write: ORD-0001 send kickoff" in answer(studio)


def test_record_commands_in_one_email_each_change_the_order_and_get_a_line(studio: Studio) -> None:
    """Phase, note, payment, delivery and milestone: applied, by the AM, each in the answer."""
    with_order(studio)
    body = (
        "Hi,\n\nORD-0001 phase construction\nORD-0001 note lead gown pattern done\n"
        "ORD-0001 paid mid-project\nORD-0001 delivery 2026-03-30 fabric from Italy late\n"
        "ORD-0001 milestone first fitting done"
    )
    old = "ORD-0001 pause\nORD-0001 paid final"  # quoted history: not commands now
    studio.receive(staff_mail(body, style="outlook", quoted=old, message_id="<c1@a.ex>"))

    order = studio.store.order("ORD-0001")
    assert order.phase == "Construction" and order.delivery_date == "2026-03-30"
    assert order.notes[0]["text"] == "lead gown pattern done"
    assert [p["status"] for p in order.payments] == ["received", "received", "due"]
    assert "first fitting" in order.milestones
    mine = [h for h in order.history if h["message_id"] == "<c1@a.ex>"]
    assert len(mine) == 6  # five changes, and the agent's escalation of the late delivery
    assert {h["by"] for h in mine if h["event"] != "escalated"} == {AM.address}
    [delay] = [m for m in studio.to(SD.address) if "Delivery moved" in m["Subject"]]
    assert delay["Subject"] == "[ORD-0001] Delivery moved 18 days"
    assert answer(studio).count("Done: ") == 5
    assert studio.to(CLIENT) == []


def test_ask_approval_sends_the_ams_attachment_and_the_clients_yes_is_applied(
    studio: Studio,
) -> None:
    """The sketches the AM attached reach the client; the client's approval closes the question."""
    with_order(studio)
    sketches = ("sketches.pdf", "application/pdf", b"%PDF-1.4 sketches")
    studio.receive(staff_mail("ORD-0001 ask approval design sketches", attachments=(sketches,)))

    [request] = studio.to(CLIENT)
    assert request["Subject"] == "[ORD-0001] Your approval: design sketches"
    [attached] = list(request.iter_attachments())
    assert attached.get_filename() == "sketches.pdf"
    assert attached.get_content() == b"%PDF-1.4 sketches"
    assert "with sketches.pdf attached" in answer(studio)

    studio.sink.clear()
    studio.receive(client_mail("Approved, lovely!", in_reply_to=request["Message-ID"]))
    assert studio.store.order("ORD-0001").questions[0]["status"] == "answered"
    assert "Recorded: approved design sketches" in text(studio.to(CLIENT)[0])


def test_fitting_and_choice_from_an_html_only_email_reach_the_client(studio: Studio) -> None:
    """Slots and numbered options, written in an HTML-only email, become the client's requests."""
    with_order(studio)
    body = (
        "ORD-0001 fitting Tue 27 Jan 14:00; Thu 29 Jan 10:00\n"
        "ORD-0001 choice fabric\n1. Silk taffeta\n2. Duchess satin"
    )
    studio.receive(staff_mail(body, style="html", quoted="Older message"))

    fitting, choice = studio.to(CLIENT)
    assert "Tuesday 27 January 2026 at 14:00" in text(fitting)
    assert "Thursday 29 January 2026 at 10:00" in text(fitting)
    assert "Silk taffeta" in text(choice) and "Duchess satin" in text(choice)
    kinds = [q.kind for q in studio.store.order("ORD-0001").open_questions()]
    assert kinds == ["fitting", "choice"]


def test_status_answers_with_the_order_and_with_all_of_the_ams_orders(studio: Studio) -> None:
    """`status ORD-0001` and a bare `status` both answer with the order's state."""
    with_order(studio, "Fitting")
    studio.receive(staff_mail("status ORD-0001"))
    assert "ORD-0001  Fitting" in answer(studio)
    studio.sink.clear()
    studio.receive(staff_mail("Status", subject="Where are we?"))
    assert "ORD-0001  Fitting" in answer(studio) and "payments: deposit received" in answer(studio)


def test_pause_then_resume_brings_the_order_back_to_its_phase(studio: Studio) -> None:
    """Two emails: the order is paused, then resumes in the phase it had."""
    with_order(studio, "Construction")
    studio.receive(staff_mail("ORD-0001 pause"))
    assert studio.store.order("ORD-0001").phase == "Paused"
    studio.sink.clear()
    studio.receive(staff_mail("resume", subject="Re: [ORD-0001] Orders"))
    assert studio.store.order("ORD-0001").phase == "Construction"
    assert "ORD-0001 resumed: back in Construction" in answer(studio)


def test_a_command_the_agent_cannot_read_gets_an_example_and_changes_nothing(
    studio: Studio,
) -> None:
    """A wrong form is answered with what was wrong and the right form; the order is untouched."""
    with_order(studio)
    studio.receive(staff_mail("ORD-0001 delivery soon, fabric late"))
    reply = answer(studio)
    assert "Not done: ORD-0001 delivery soon, fabric late" in reply
    assert "Write it like this: ORD-0042 delivery 2026-03-12 fabric from Italy late" in reply
    assert studio.store.order("ORD-0001").delivery_date == "2026-03-12"
    assert studio.to(CLIENT) == []
    assert not [m for m in studio.to(SD.address) if "Delivery moved" in m["Subject"]]


def test_a_forged_staff_command_is_refused_and_the_am_is_told(studio: Studio) -> None:
    """dmarc=fail in the server's Authentication-Results: nothing is done, the AM is warned."""
    with_order(studio)
    forged = {"Authentication-Results": "mx.atelier.example; spf=fail; dkim=none; dmarc=fail"}
    studio.receive(staff_mail("ORD-0001 ask approval design sketches", headers=forged))

    assert studio.store.order("ORD-0001").questions == []
    assert studio.to(CLIENT) == []
    [warning] = studio.to(AM.address)
    assert "Refused" in warning["Subject"] and "dmarc=fail" in text(warning)
    assert studio.store.ledger()[0]["outcome"] == "refused"


def test_the_am_resolves_a_hand_off_with_one_line(studio: Studio) -> None:
    """The AM's "option 2" answers the client's unclear reply: applied, by the AM, confirmed."""
    request_id = studio.ask("choice", about="fabric", options=["Silk taffeta", "Duchess satin"])
    unclear = client_mail(
        "Hmm, we like both. Let me check with the director.",
        in_reply_to=request_id,
        message_id="<unsure@teatronuevo.example>",
    )
    studio.receive(unclear)
    [handoff] = studio.to(AM.address)
    assert "Needs you" in handoff["Subject"]
    assert "with one line" in text(handoff) and "option 2 (the option's number), or ignore" in text(
        handoff
    )
    studio.sink.clear()

    studio.receive(
        staff_mail(
            "Option 2",
            subject=f"Re: {handoff['Subject']}",
            in_reply_to=handoff["Message-ID"],
            quoted=text(handoff),
        )
    )
    question = studio.store.order("ORD-0001").questions[0]
    assert question["status"] == "answered" and question["answer"]["by"] == AM.address
    [confirmation] = studio.to(CLIENT)
    assert "Recorded: fabric 2, Duchess satin" in text(confirmation)
    assert confirmation["In-Reply-To"] == "<unsure@teatronuevo.example>"
    assert "recorded as your decision: fabric 2, Duchess satin" in answer(studio)


def test_ignore_leaves_the_question_open_and_the_client_unanswered(studio: Studio) -> None:
    """ "ignore" on a hand-off is recorded; the client gets nothing and the question stays open."""
    request_id = studio.ask(about="design sketches")
    studio.receive(client_mail("Let me think about it.", in_reply_to=request_id))
    [handoff] = studio.to(AM.address)
    studio.sink.clear()
    studio.receive(staff_mail("ignore", in_reply_to=handoff["Message-ID"]))
    order = studio.store.order("ORD-0001")
    assert order.questions[0]["status"] == "open"
    assert order.history[-1]["event"] == "hand-off ignored"
    assert studio.to(CLIENT) == []


def test_the_same_command_email_delivered_twice_acts_once(studio: Studio) -> None:
    """A second delivery of the same email asks nothing twice and answers once."""
    with_order(studio)
    raw = staff_mail("ORD-0001 ask approval design sketches", message_id="<twice@a.ex>")
    studio.receive(raw)
    studio.receive(raw)
    assert len(studio.store.order("ORD-0001").questions) == 1
    assert len(studio.to(CLIENT)) == 1
    assert len([m for m in studio.to(AM.address) if m["To"] == AM.address]) == 1
    assert [e["outcome"] for e in studio.store.ledger()] == ["commands"]


def test_an_ams_email_to_the_client_with_the_agent_in_copy_is_not_a_command(
    studio: Studio,
) -> None:
    """Command words in an AM's email to a client, the agent CC'd, are not obeyed or answered."""
    with_order(studio, "Construction")
    studio.receive(staff_mail("ORD-0001 pause", to=(CLIENT,), cc=(AGENT,)))
    assert studio.store.order("ORD-0001").phase == "Construction"
    assert studio.to(AM.address) == [] and studio.to(CLIENT) == []


def test_chat_starting_with_delivery_in_a_reply_to_the_agent_moves_nothing(
    studio: Studio,
) -> None:
    """ "Delivery … would suit Laura" under the order's tag is talk: the date and the SD stay."""
    with_order(studio)
    body = "Thanks!\n\nDelivery 2026-05-20 would suit Laura better, I'll ask her tomorrow."
    studio.receive(staff_mail(body, subject="Re: [ORD-0001] Orders"))
    order = studio.store.order("ORD-0001")
    assert order.delivery_date == "2026-03-12" and order.delivery_reason == ""
    assert not [m for m in studio.to(SD.address) if "Delivery moved" in m["Subject"]]
    assert "starts with the order id" in answer(studio)


def test_an_ams_email_to_a_supplier_with_the_agent_in_copy_is_not_a_command(
    studio: Studio,
) -> None:
    """ "Paid final today" written to a supplier records no client payment, answers nobody."""
    with_order(studio)
    body = "Hi Marco,\n\nPaid final today, please confirm.\n\nThanks, Ana"
    to = ("marco@silkmill.example",)
    studio.receive(staff_mail(body, subject="[ORD-0001] Silk", to=to, cc=(AGENT,)))
    payments = studio.store.order("ORD-0001").payments
    assert [p["status"] for p in payments] == ["received", "due", "due"]
    assert [m for m in studio.to(AM.address) if m["To"] == AM.address] == []
