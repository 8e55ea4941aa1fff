"""The core loop end to end: Dovecot in, aiosmtpd out, the JSON store in between."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from harness import Studio, build_agent
from mailservers import ImapAccount, SmtpSink
from studio import AGENT, AM, CLIENT, client_mail, make_config, sample_order

from agent.clock import FixedClock
from agent.orders import ask
from agent.outbox import compose
from agent.store import Commit
from agent.templates import Templates


def test_reply_answers_question_records_history_and_confirms_once(studio: Studio) -> None:
    """A client's "approved" becomes the answer, a history entry and one confirmation."""
    request_id = studio.ask(about="design sketches")
    reply = client_mail(
        "Approved, please go ahead!\n\n> We would like your approval",
        in_reply_to=request_id,
        message_id="<r1@teatronuevo.example>",
    )
    studio.receive(reply)

    order = studio.store.order("ORD-0001")
    question = order.questions[0]
    assert question["status"] == "answered"
    assert question["answer"]["intent"] == "approve"
    assert question["answer"]["message_id"] == "<r1@teatronuevo.example>"
    assert any(h["message_id"] == "<r1@teatronuevo.example>" for h in order.history)
    [confirmation] = studio.sink.messages
    assert confirmation.rcpt_tos == [CLIENT, AM.address]
    message = confirmation.message
    assert "[ORD-0001]" in message["Subject"]
    assert message["In-Reply-To"] == "<r1@teatronuevo.example>"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["Reply-To"] == studio.config.address
    assert "Recorded: approved design sketches" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None


def test_shared_inbox_keeps_its_unseen_flags(studio: Studio) -> None:
    """The agent reads with BODY.PEEK: people still see the reply as unread."""
    request_id = studio.ask(about="design sketches")
    studio.receive(client_mail("Approved.", in_reply_to=request_id))
    [uid] = studio.inbox.uids()
    assert "\\Seen" not in studio.inbox.flags(uid)


def test_same_message_delivered_twice_is_applied_once(studio: Studio) -> None:
    """A duplicate delivery (same Message-ID, new UID) changes nothing and sends nothing."""
    request_id = studio.ask("choice", about="fabric", options=["Silk taffeta", "Duchess satin"])
    reply = client_mail("Option 2 please", in_reply_to=request_id, message_id="<dup@x.example>")
    studio.receive(reply)
    studio.receive(reply)

    order = studio.store.order("ORD-0001")
    assert [h["event"] for h in order.history].count("choice answered") == 1
    assert len(studio.sink.messages) == 1
    assert "Recorded: fabric 2, Duchess satin" in studio.sink.messages[0].raw.decode()
    assert [e["outcome"] for e in studio.store.ledger()] == ["applied"]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the agent catches it."""


def test_killed_after_store_write_before_sending_resumes_without_repeats(studio: Studio) -> None:
    """Killed after the store write: the restart confirms once and applies nothing twice."""
    request_id = studio.ask(about="design sketches")
    studio.inbox.deliver(client_mail("Approved", in_reply_to=request_id))
    real_send = studio.agent.transport.send

    def dying_send(*args: object) -> list[str]:
        raise Crash

    studio.agent.transport.send = dying_send  # type: ignore[method-assign]
    with pytest.raises(Crash):
        studio.agent.run_once()
    assert studio.sink.messages == []

    restarted = build_agent(studio.config, studio.clock)
    restarted.transport.send = real_send  # type: ignore[method-assign]
    restarted.run_once()
    restarted.run_once()
    assert len(studio.sink.messages) == 1
    order = restarted.store.order("ORD-0001")
    assert [h["event"] for h in order.history].count("approval answered") == 1


def test_killed_after_sending_before_marking_repeats_at_most_that_email(studio: Studio) -> None:
    """Killed between SMTP and marking sent: only that email may go again, same Message-ID."""
    request_id = studio.ask(about="design sketches")
    studio.inbox.deliver(client_mail("Approved", in_reply_to=request_id))

    def dying_update(*args: object, **fields: object) -> None:
        raise Crash

    studio.store.update_outbox = dying_update  # type: ignore[method-assign]
    with pytest.raises(Crash):
        studio.agent.run_once()

    restarted = build_agent(studio.config, studio.clock)
    restarted.run_once()
    restarted.run_once()
    ids = {m.message["Message-ID"] for m in studio.sink.messages}
    assert len(studio.sink.messages) == 2 and len(ids) == 1
    order = restarted.store.order("ORD-0001")
    assert [h["event"] for h in order.history].count("approval answered") == 1


OUT_OF_OFFICE = {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}


@pytest.mark.parametrize(
    ("headers", "sender", "outcome"),
    [
        (OUT_OF_OFFICE, CLIENT, "auto-reply"),
        ({"Precedence": "bulk"}, CLIENT, "auto-reply"),
        (
            {"X-Auto-Response-Suppress": "All", "X-MS-Exchange-Inbox-Rules-Loop": CLIENT},
            CLIENT,
            "auto-reply",
        ),
        ({"Return-Path": "<>"}, "mailer-daemon@teatronuevo.example", "bounce"),
        ({"X-Order-Agent": "orders@atelier.example"}, "orders@atelier.example", "ignored"),
    ],
)
def test_machines_are_never_answered(studio: Studio, headers, sender, outcome) -> None:
    """Out-of-office, bounces and our own mail: no email to the client, question stays open."""
    request_id = studio.ask(about="design sketches")
    studio.receive(
        client_mail(
            "I am away until Monday. Approved.",
            sender=sender,
            in_reply_to=request_id,
            headers=headers,
        )
    )
    assert studio.to(CLIENT) == []
    assert studio.store.order("ORD-0001").questions[0]["status"] == "open"
    assert studio.store.ledger()[0]["outcome"] == outcome


def delivery_report(original_id: str) -> bytes:
    """A bounce as Postfix writes it: no In-Reply-To, our headers returned inside."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.teatronuevo.example>\r\n"
        f"To: {AGENT}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <20260126.bounce@mx.teatronuevo.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"I'm sorry to have to inform you that your message could not be delivered.\r\n"
        f"<{CLIENT}>: host mx said: 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        f"Reporting-MTA: dns; mx.teatronuevo.example\r\n\r\nFinal-Recipient: rfc822; {CLIENT}\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: Atelier Lumen <{AGENT}>\r\nTo: {CLIENT}\r\nMessage-ID: {original_id}\r\n"
        "Subject: [ORD-0001] Your approval: design sketches\r\n--B--\r\n"
    ).encode()


def test_bounce_flags_the_order_and_tells_the_account_manager(studio: Studio) -> None:
    """A delivery report about our request flags the order and reaches its AM."""
    request_id = studio.ask(about="design sketches")
    studio.receive(delivery_report(request_id))

    assert "bounce" in studio.store.order("ORD-0001").flags
    [notice] = studio.to(AM.address)
    assert "Delivery failed" in notice["Subject"]
    assert studio.to(CLIENT) == []
    assert studio.store.ledger()[0]["outcome"] == "bounce"


def test_stranger_cannot_approve(studio: Studio) -> None:
    """Someone not on the order says "approved": nothing changes and the AM is told."""
    request_id = studio.ask(about="design sketches")
    studio.receive(
        client_mail("Approved!", sender="someone@elsewhere.example", in_reply_to=request_id)
    )
    assert studio.store.order("ORD-0001").questions[0]["status"] == "open"
    [notice] = studio.to(AM.address)
    assert "someone@elsewhere.example" in notice["Subject"]
    assert studio.to("someone@elsewhere.example") == []


def test_unroutable_mail_goes_to_every_account_manager(studio: Studio) -> None:
    """Mail that belongs to no order is never lost: the AM list receives it."""
    studio.ask(about="design sketches")
    studio.receive(
        client_mail(
            "Do you make wedding dresses?", sender="new@prospect.example", subject="Enquiry"
        )
    )
    [notice] = studio.sink.messages
    assert set(notice.rcpt_tos) == {a.address for a in studio.config.account_managers}
    assert notice.message["Auto-Submitted"] == "auto-generated"
    assert "Do you make wedding dresses?" in notice.message.get_body(("plain",)).get_content()


def test_unclear_reply_goes_to_the_account_manager_with_best_reading(studio: Studio) -> None:
    """A hedge is not applied: the AM gets the reply and the agent's reading."""
    request_id = studio.ask(about="design sketches")
    studio.receive(
        client_mail("Let me think about it and check with the director.", in_reply_to=request_id)
    )
    assert studio.store.order("ORD-0001").questions[0]["status"] == "open"
    [handoff] = studio.sink.messages
    assert handoff.rcpt_tos == [AM.address]
    text = handoff.message.get_body(("plain",)).get_content()
    assert "My best reading" in text and "check with the director" in text


MALFORMED = (
    b"From: broken\r\nSubject: =?utf-8?B?not base64 at all\r\nContent-Type: multipart/mixed;"
    b' boundary="x"\r\nMessage-ID: <broken@x.example>\r\n\r\n--x\r\n\xff\xfe garbage'
)


def test_malformed_message_is_kept_for_a_person_and_the_next_is_processed(studio: Studio) -> None:
    """An unreadable message reaches the AMs with its Message-ID; the next reply still works."""
    request_id = studio.ask(about="design sketches")
    studio.inbox.deliver(MALFORMED)
    studio.receive(client_mail("Approved", in_reply_to=request_id))

    held = [m for m in studio.sink.messages if "Could not read" in m.message["Subject"]]
    assert len(held) == 1 and "<broken@x.example>" in held[0].raw.decode(errors="replace")
    assert studio.store.order("ORD-0001").questions[0]["status"] == "answered"
    assert [e["outcome"] for e in studio.store.ledger()] == ["held", "applied"]


def test_uidvalidity_change_does_not_reprocess_handled_mail(studio: Studio) -> None:
    """The server renumbers the mailbox: mail already handled is not handled again."""
    request_id = studio.ask(about="design sketches")
    studio.receive(client_mail("Approved", in_reply_to=request_id))
    studio.agent.mailbox.close()  # type: ignore[attr-defined]
    studio.inbox.set_uidvalidity(987654)
    studio.agent.mailbox.client = None  # type: ignore[attr-defined]
    studio.agent.mailbox.uidvalidity = 0  # type: ignore[attr-defined]
    studio.receive(
        client_mail("Hello again, one more question: when is the fitting?", in_reply_to=request_id)
    )
    assert len(studio.to(CLIENT)) == 1
    assert studio.store.cursor().uidvalidity == 987654
    assert [e["outcome"] for e in studio.store.ledger()] == ["applied", "handed-off"]


def test_temporary_smtp_failure_is_retried_later(studio: Studio) -> None:
    """A 451 leaves the email pending; after the backoff it goes out once."""
    request_id = studio.ask(about="design sketches")
    studio.sink.fail_next(1)
    studio.receive(client_mail("Approved", in_reply_to=request_id))
    assert studio.sink.messages == []
    [row] = studio.store.outbox("pending")
    assert row["attempts"] == 1 and "451" in row["error"]
    studio.clock.advance(minutes=2)
    studio.agent.run_once()
    assert len(studio.sink.messages) == 1
    assert studio.store.outbox("pending") == []


def test_permanent_smtp_failure_is_not_retried(studio: Studio) -> None:
    """A 550 for the only recipient marks the email failed; it is never sent again."""
    request_id = studio.ask(about="design sketches")
    studio.sink.refuse_recipient(CLIENT)
    studio.sink.refuse_recipient(AM.address)
    studio.receive(client_mail("Approved", in_reply_to=request_id))
    studio.clock.advance(hours=5)
    studio.agent.run_once()
    assert studio.sink.messages == []
    assert [
        r["status"] for r in studio.store.outbox() if r["template"] == "client/confirmation"
    ] == ["failed"]


def test_greylisted_recipient_gets_the_same_email_later(studio: Studio) -> None:
    """A 450 for the AM in copy: the client gets it now, the AM the same message later."""
    request_id = studio.ask(about="design sketches")
    studio.sink.refuse_recipient(AM.address, code=450, text="greylisted, try again")
    studio.receive(client_mail("Approved", in_reply_to=request_id))
    assert [m.rcpt_tos for m in studio.sink.messages] == [[CLIENT]]
    studio.sink.clear()
    studio.clock.advance(minutes=2)
    studio.agent.run_once()
    [later] = studio.sink.messages
    assert later.rcpt_tos == [AM.address]
    assert "Recorded: approved design sketches" in later.raw.decode()


def test_staff_notices_are_marked_auto_generated(studio: Studio) -> None:
    """Hand-offs carry Auto-Submitted: auto-generated, so staff auto-replies leave them alone."""
    request_id = studio.ask(about="design sketches")
    studio.receive(client_mail("Hmm, not sure yet.", in_reply_to=request_id))
    [handoff] = studio.sink.messages
    assert handoff.message["Auto-Submitted"] == "auto-generated"


def test_mail_already_there_is_left_alone_even_after_renumbering(
    tmp_path, imap_account: ImapAccount
) -> None:
    """First contact ignores old mail; a new UIDVALIDITY with nothing recent replays nothing."""
    sink = SmtpSink(auth=("agent", "smtp-secret"))
    sink.start()
    imap = (imap_account.host, imap_account.port, imap_account.user, imap_account.password)
    config = make_config(tmp_path, imap=imap, smtp=("127.0.0.1", sink.port, "agent", "smtp-secret"))
    # Later than the server's clock, so the old mail is outside any rescan window.
    clock = FixedClock(datetime(2027, 1, 4, 9, tzinfo=UTC))
    agent = build_agent(config, clock)
    order = sample_order(config, created=clock.now(), delivery="2027-06-30")
    order, draft = ask(order, "approval", config, clock.now(), about="sketches")
    agent.store.commit(
        Commit(orders=[order], outbox=[compose(draft, config, Templates(), clock.now())])
    )
    imap_account.deliver(client_mail("Approved", in_reply_to=draft.message_id))
    try:
        agent.run_once()
        agent.mailbox.close()
        imap_account.set_uidvalidity(424242)
        agent.mailbox.uidvalidity = 0
        agent.run_once()
        agent.run_once()
        assert agent.store.ledger() == []
        assert agent.store.order("ORD-0001").questions[0]["status"] == "open"
        to_client = [m.message["Message-ID"] for m in sink.messages if CLIENT in m.rcpt_tos]
        assert to_client == [draft.message_id]
        assert agent.store.cursor().uidvalidity == 424242
    finally:
        agent.mailbox.close()
        sink.stop()
