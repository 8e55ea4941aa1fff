"""Hostile and broken mail through the real pipeline: never a crash, never a blocked queue."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from studio import CLIENT, MONDAY, NoMailbox, NoTransport, client_mail, make_config, sample_order

from agent.clock import FixedClock
from agent.orders import ask
from agent.pipeline import Agent
from agent.store import Commit, Store


def nested(depth: int) -> bytes:
    head = b"From: Laura <laura@teatronuevo.example>\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    parts = b"".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
        for i in range(depth)
    )
    return head + parts + b"Content-Type: text/plain\r\n\r\nApproved\r\n"


HUGE = base64.encodebytes(b"\x89PNG" + b"\x00" * 6_000_000)
BAD_INPUT = {
    "8bit-threading-headers": (
        b"From: Laura <laura@teatronuevo.example>\r\nIn-Reply-To: <x\xff@y>\r\n"
        b"References: <\xe9\xe8@z>\r\nSubject: Re: [ORD-0001] \xe9t\xe9\r\n\r\nApproved\r\n"
    ),
    "deep-nesting": nested(400),
    "nul-bytes": b"From: laura@teatronuevo.example\r\nSubject: x\r\n\r\nAppro\x00ved\x00\r\n",
    "bad-base64": (
        b"From: laura@teatronuevo.example\r\nSubject: x\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Type: text/plain\r\n\r\n!!!not base64 at all###\r\n"
    ),
    "header-without-colon": (
        b"From: laura@teatronuevo.example\r\nThis line has no colon\r\nSubject: x\r\n\r\nok\r\n"
    ),
    "cp1252-labelled-utf8": (
        b"From: laura@teatronuevo.example\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Subject: x\r\n\r\nCaf\xe9 \x93approved\x94 \x96 thanks\r\n"
    ),
    "unknown-charset": (
        b"From: laura@teatronuevo.example\r\nContent-Type: text/plain; charset=x-klingon\r\n"
        b"Subject: =?x-klingon?q?hi?=\r\n\r\nhello\r\n"
    ),
    "empty": b"",
    "no-sender": b"Subject: who am I\r\n\r\nApproved\r\n",
    "huge-attachment": (
        b"From: laura@teatronuevo.example\r\nSubject: photos\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="z"\r\n\r\n'
        b"--z\r\nContent-Type: text/plain\r\n\r\n"
        b"Photos attached, what do you think?\r\n--z\r\nContent-Type: image/png\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + HUGE + b"--z--\r\n"
    ),
}


@pytest.fixture
def agent(tmp_path: Path) -> Agent:
    """Two open questions, so no unthreaded message can answer either by accident."""
    config = make_config(tmp_path)
    store = Store(config.store_path)
    order, _ = ask(sample_order(config), "approval", config, MONDAY, about="design sketches")
    order, _ = ask(order, "choice", config, MONDAY, about="fabric", options=["Silk", "Satin"])
    store.commit(Commit(orders=[order]))
    return Agent(config, store, NoMailbox(), NoTransport(), FixedClock(MONDAY))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_message_is_recorded_and_the_next_reply_still_works(agent: Agent, name: str) -> None:
    """Whatever arrives, it lands in the ledger (held for a person or decided), and the
    next client reply is applied as usual."""
    outcome = agent.handle(1, BAD_INPUT[name], MONDAY)
    assert outcome != "applied", "broken mail must never answer a question"
    [entry] = agent.store.ledger()
    assert entry["uid"] == 1 and entry["outcome"] == outcome
    if outcome == "held":
        [notice] = agent.store.outbox()
        assert notice["template"] == "staff/held"
    sent = agent.store.order("ORD-0001").sent
    choice_request = [s["message_id"] for s in sent if s["kind"] == "request"][-1]
    good = client_mail("Option 2 please", in_reply_to=choice_request)
    assert agent.handle(2, good, MONDAY) == "applied"
    assert agent.store.order("ORD-0001").questions[1]["answer"]["by"] == CLIENT
