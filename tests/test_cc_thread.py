"""An AM's own thread with a client, the agent in copy, end to end: Dovecot in, aiosmtpd out."""

from __future__ import annotations

from email.message import EmailMessage

from harness import Studio
from studio import AGENT, AM, CLIENT, sample_order
from thread_mail import am_to_client, client_to_am, thread_mail

from agent.store import Commit

FIRST = "<CAF1rst.thread@mail.teatronuevo.example>"  # the client's opener; the agent never saw it
AM_MAIL = "<CAam0001@mail.gmail.example>"
CHOICE = (
    "Hi Laura,\n\nThanks for your note. Here are the two fabric options for the cape:\n"
    "1. Silk taffeta\n2. Duchess satin\n\nWhich do you prefer?\n\nBest,\nAna"
)
QUOTED_CHOICE = "Hi Laura,\n\nHere are the two fabric options for the cape:\n1. Silk taffeta\n"


def with_orders(studio: Studio, *extra: tuple[str, str]) -> None:
    orders = [sample_order(studio.config)]
    orders += [sample_order(studio.config, order_id, client=client) for order_id, client in extra]
    studio.store.commit(Commit(orders=orders))
    studio.agent.run_once()  # the morning's scheduled mail (the digest) out of the way
    studio.sink.clear()


def am_asks_choice(studio: Studio, **fields: object) -> None:
    raw = am_to_client(
        CHOICE,
        quoting="Hello Ana, any news on the fabric for the cape?",
        message_id=AM_MAIL,
        references=(FIRST,),
        **fields,
    )
    studio.receive(raw)


def body(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_cc_thread_adopted_mid_conversation_and_answer_confirmed(studio: Studio) -> None:
    """The AM's CC'd email joins ORD-0001 silently; the client's "option 2" there is applied."""
    with_orders(studio)
    am_asks_choice(studio)
    order = studio.store.order("ORD-0001")
    [question] = order.open_questions()
    assert question.options == ["Silk taffeta", "Duchess satin"]
    assert studio.sink.messages == []  # the AM already asked: nobody is emailed
    assert order.last_client_update

    studio.receive(
        client_to_am(
            "Option 2 please, the duchess satin.",
            quoting=QUOTED_CHOICE,
            message_id="<reply.1@mail.teatronuevo.example>",
            references=(FIRST, AM_MAIL),
        )
    )
    answered = studio.store.order("ORD-0001").questions[0]
    assert answered["status"] == "answered" and answered["answer"]["choice"] == 2
    [confirmation] = studio.sink.messages
    assert confirmation.rcpt_tos == [CLIENT, AM.address]
    assert confirmation.message["In-Reply-To"] == "<reply.1@mail.teatronuevo.example>"
    assert confirmation.message["Subject"] == "RE: [ORD-0001] Lead gown: next steps"
    assert "Duchess satin" in body(confirmation.message)


def test_client_chatting_on_the_am_thread_gets_no_email(studio: Studio) -> None:
    """ "Thanks, I'll look tonight" on the AM's thread: recorded; nobody is emailed."""
    with_orders(studio)
    am_asks_choice(studio)
    studio.receive(
        client_to_am(
            "Thanks Ana, lovely to hear from you. I'll look at them with the director tonight.",
            quoting=QUOTED_CHOICE,
            message_id="<chat.1@mail.teatronuevo.example>",
            references=(FIRST, AM_MAIL),
        )
    )
    assert studio.sink.messages == []
    order = studio.store.order("ORD-0001")
    assert order.questions[0]["status"] == "open"
    assert order.history[-1]["event"] == "client mail"
    assert studio.store.ledger()[-1]["outcome"] == "recorded"


def test_reminder_for_the_ams_question_replies_to_the_ams_email(studio: Studio) -> None:
    """Unanswered, the AM's question is chased like the agent's own, threaded on the AM's mail."""
    with_orders(studio)
    am_asks_choice(studio)
    studio.clock.advance(days=3)
    studio.agent.run_once()
    [reminder] = studio.to(CLIENT)
    assert reminder["In-Reply-To"] == AM_MAIL
    assert "Reminder" in reminder["Subject"]


def test_am_asked_which_order_answers_and_the_thread_is_adopted(studio: Studio) -> None:
    """The client has two orders: the AM is asked, names ORD-0002, and the answer lands there."""
    with_orders(studio, ("ORD-0002", CLIENT))
    am_asks_choice(studio)
    [ask] = studio.sink.messages
    assert ask.rcpt_tos == [AM.address]
    assert "ORD-0001" in body(ask.message) and "ORD-0002" in body(ask.message)
    assert all(not o.open_questions() for o in studio.store.orders())
    studio.sink.clear()

    quoted = "\n".join(f"> {line}" for line in body(ask.message).splitlines())
    studio.receive(
        thread_mail(
            f"ORD-0002\n\nOn Mon, 26 Jan 2026 at 10:05, Atelier Lumen <{AGENT}> wrote:\n{quoted}",
            to=(AGENT,),
            cc=(),
            subject=f"Re: {ask.message['Subject']}",
            message_id="<CAanswer@mail.gmail.example>",
            references=(AM_MAIL, ask.message["Message-ID"]),
        )
    )
    assert studio.store.order("ORD-0001").open_questions() == []
    [notice] = studio.sink.messages
    assert notice.rcpt_tos == [AM.address] and "[ORD-0002]" in notice.message["Subject"]
    studio.sink.clear()

    studio.receive(
        client_to_am(
            "The silk taffeta, please.",
            quoting=QUOTED_CHOICE,
            message_id="<reply.2@mail.teatronuevo.example>",
            references=(FIRST, AM_MAIL),
        )
    )
    answer = studio.store.order("ORD-0002").questions[0]["answer"]
    assert answer["choice"] == 1 and answer["by"] == CLIENT
    [confirmation] = studio.to(CLIENT)
    assert "[ORD-0002]" in confirmation["Subject"] and "Silk taffeta" in body(confirmation)
    studio.sink.clear()

    # Answering her own first message (never seen by the agent): only the thread says which order.
    studio.receive(
        client_to_am(
            "PS: the director loved the colours.",
            quoting="Hello Ana, any news on the fabric for the cape?",
            message_id="<ps.3@mail.teatronuevo.example>",
            references=(FIRST,),
        )
    )
    assert studio.store.ledger()[-1]["order_id"] == "ORD-0002"
    assert studio.sink.messages == []


def test_fitting_offered_by_the_am_is_booked_from_the_clients_reply(studio: Studio) -> None:
    """The AM offers two fitting times; the client's pick is confirmed with a calendar invite."""
    with_orders(studio)
    studio.receive(
        am_to_client(
            "Hi Laura,\n\nFor the first fitting, which of these works best?\n\n"
            "- Tuesday 27 January at 14:00\n- Thursday 29 January at 10:00\n\nThanks,\nAna",
            subject="[ORD-0001] First fitting",
            message_id=AM_MAIL,
        )
    )
    assert studio.sink.messages == []
    studio.receive(
        client_to_am(
            "Thursday at 10 works for us.",
            quoting="For the first fitting, which of these works best?",
            subject="RE: [ORD-0001] First fitting",
            message_id="<fit.1@mail.teatronuevo.example>",
            references=(AM_MAIL,),
        )
    )
    question = studio.store.order("ORD-0001").questions[0]
    assert question["status"] == "answered" and question["answer"]["choice"] == 2
    [confirmation] = studio.to(CLIENT)
    names = [part.get_filename() for part in confirmation.iter_attachments()]
    assert names == ["fitting.ics"]
    assert "Thursday 29 January 2026 at 10:00" in body(confirmation)


def test_a_forged_am_email_to_a_client_opens_nothing(studio: Studio) -> None:
    """dmarc=fail on an "AM" email to a client: no question is opened, the AM is warned."""
    with_orders(studio)
    forged = b"Authentication-Results: mx.atelier.example; spf=fail; dkim=none; dmarc=fail\r\n"
    studio.receive(forged + am_to_client(CHOICE, message_id=AM_MAIL, references=(FIRST,)))

    order = studio.store.order("ORD-0001")
    assert order.open_questions() == [] and AM_MAIL not in {s["message_id"] for s in order.sent}
    [warning] = studio.sink.messages
    assert warning.rcpt_tos == [AM.address] and "Refused" in warning.message["Subject"]
