"""The labelled client replies (tests/replies/) read end to end: raw bytes as each mail
client sends them, through parse_envelope and understand, against the question asked."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from reply_mail import CLIENTS, KINDS, Case, build, load_cases

from agent.clock import parse_iso
from agent.parsers.envelope import parse_envelope
from agent.understand import understand

TZ = ZoneInfo("Europe/Madrid")
THRESHOLD = 0.75
CASES = load_cases()


def instants(times: tuple[str, ...] | list[str]) -> tuple[datetime, ...]:
    """Proposed times as instants, read as the agent reads stored times."""
    return tuple(parse_iso(t) for t in times)


def label_of(case: Case) -> dict[str, object]:
    want = case.expected
    label: dict[str, object] = {
        "intent": want.intent,
        "choice": want.choice,
        "dissatisfied": want.dissatisfied,
        "needs_human": want.needs_human,
    }
    if want.proposed_times is not None:
        label["proposed_times"] = instants(want.proposed_times)
    return label


def read(case: Case):  # -> agent.model.Reading
    mail = parse_envelope(build(case))
    return understand(mail, case.question, TZ, THRESHOLD, case.date)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_labelled_reply(case: Case) -> None:
    """The reader gives each real-client reply the label a careful account manager would."""
    reading = read(case)
    label = label_of(case)
    got: dict[str, object] = {
        "intent": reading.intent,
        "choice": reading.choice,
        "dissatisfied": reading.dissatisfied,
        "needs_human": reading.needs_human,
    }
    if "proposed_times" in label:
        got["proposed_times"] = instants(reading.proposed_times)
    assert got == label, f"{case.text!r} (why: {reading.why}; read text: {reading.reply_text!r})"


def test_set_size_and_coverage() -> None:
    """The set is large and broad: every question kind, every client, every posting style."""
    assert len(CASES) >= 220
    kinds = Counter(c.kind for c in CASES)
    assert all(kinds[kind] >= 35 for kind in KINDS), kinds
    clients = Counter(c.client for c in CASES)
    assert set(clients) == set(CLIENTS), clients
    assert {"top", "bottom", "inline"} <= {c.style for c in CASES}
    assert {"en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl"} <= {c.lang for c in CASES}
    intents = Counter(c.expected.intent for c in CASES)
    for intent in ("approve", "decline", "choose", "reschedule", "payment_sent", "question"):
        assert intents[intent] >= 5, intents
    assert sum(c.expected.dissatisfied for c in CASES) >= 10
    assert sum(bool(c.signature) for c in CASES) >= 8
    files = Counter(c.file for c in CASES)
    assert set(files) == {"approval", "choice", "fitting", "payment", "other"}, files


def test_every_case_parses_as_its_client_sent_it() -> None:
    """The builder's bytes carry the threading headers and the parts the client sends."""
    for case in CASES:
        mail = parse_envelope(build(case))
        assert mail.in_reply_to and mail.subject.endswith(case.preset.subject), case.id
        assert mail.date == case.date, case.id
        assert bool(mail.text.strip()) == (case.client != "html_only"), case.id
        assert mail.html.strip(), case.id
