"""The story: five client emails, then an account manager's three-email exchange with
the agent; what the agent should make of each, and playing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from agent.config import Config
from agent.demo_mail import (
    am_email,
    gmail_reply,
    gmail_reply_all,
    iphone_reply,
    new_email,
    out_of_office,
)
from agent.demo_servers import Delivered, DemoError
from agent.demo_studio import AGENT_ADDRESS, ANA, DANI, LAURA, MARTIN, Demo

MINUTES_BETWEEN_STEPS = 25
PASSES_PER_STEP = 2


@dataclass(frozen=True)
class Step:
    """One email into the inbox, and the outcome (and choice) the agent should arrive at."""

    title: str
    write: Callable[[Demo], EmailMessage]
    outcome: str
    choice: int | None = None
    # Whether the step's emails may go to a client (staff commands reach the client).
    to_client: bool = False


STORY = (
    Step(
        "Laura approves the design sketches from Gmail",
        lambda demo: gmail_reply(
            LAURA,
            demo.requests["sketches"],
            "Approved, please go ahead with these.\n\nThanks,\nLaura",
            demo.clock.now(),
        ),
        outcome="applied",
    ),
    Step(
        "Martín picks a fabric from his iPhone",
        lambda demo: iphone_reply(
            MARTIN, demo.requests["fabric"], "The second one please", demo.clock.now()
        ),
        outcome="applied",
        choice=2,
    ),
    Step(
        "Laura confirms a fitting slot",
        lambda demo: gmail_reply(
            LAURA, demo.requests["fitting"], "Tuesday at 2 works.\n\nLaura", demo.clock.now()
        ),
        outcome="applied",
        choice=1,
    ),
    Step(
        "Martín's out-of-office answers the agent's confirmation",
        lambda demo: out_of_office(MARTIN, demo.last_sent_to(MARTIN.address), demo.clock.now()),
        outcome="auto-reply",
    ),
    Step(
        'Someone not on the order writes "Approved!" in the sketches thread',
        lambda demo: gmail_reply(
            DANI, demo.requests["sketches"], "Approved!\n\nDani", demo.clock.now()
        ),
        outcome="stranger",
    ),
    Step(
        "Ana CCs the agent on her own email to Laura: two trims to choose from",
        lambda demo: ana_offers_trims(demo),
        outcome="adopted",
    ),
    Step(
        "Laura answers Ana with Reply all: the gold braid",
        lambda demo: gmail_reply_all(
            LAURA, demo.requests["trims"], "The gold braid, please!\n\nLaura", demo.clock.now()
        ),
        outcome="applied",
        choice=1,
    ),
    # The account manager's story: a command email, then a hand-off settled in one line.
    Step(
        "Ana emails the agent a note and a second fitting with two slots",
        lambda demo: new_email(
            ANA,
            AGENT_ADDRESS,
            "Gala: notes",
            "ORD-0001 note lead gown toile cut\n"
            "ORD-0001 fitting Tue 10 Feb 14:00; Thu 12 Feb 10:00\n\nThanks,\nAna",
            demo.clock.now(),
        ),
        outcome="commands",
        to_client=True,
    ),
    Step(
        "Laura answers the second fitting, but not clearly",
        lambda demo: gmail_reply(
            LAURA,
            demo.last_sent_to(LAURA.address),
            "Hmm, I need to check with the director first.\n\nLaura",
            demo.clock.now(),
        ),
        outcome="handed-off",
    ),
    Step(
        'Ana settles the hand-off in one line: "fitting 2"',
        lambda demo: gmail_reply(
            ANA, demo.last_sent_to(ANA.address), "Fitting 2\n\nAna", demo.clock.now()
        ),
        outcome="handoff-answered",
        to_client=True,
    ),
)


def ana_offers_trims(demo: Demo) -> EmailMessage:
    """Ana's email as Laura receives it; kept with the requests, for Laura to answer."""
    text = (
        "Hi Laura,\n\nFor the hems of the gala gowns we have two options for the trim:\n"
        "1. Gold braid\n2. Silver piping\n\nWhich do you prefer?"
    )
    mail = am_email(ANA, LAURA, AGENT_ADDRESS, "Trim for the gala gowns", text, demo.clock.now())
    demo.requests["trims"] = mail
    return mail


@dataclass(frozen=True)
class Played:
    """One step as it happened; `problem` says how it differs from the story, if it does."""

    mail: EmailMessage
    entry: dict[str, Any]
    sent: list[Delivered]
    problem: str | None


def play(demo: Demo, step: Step) -> Played:
    """Deliver one step's mail into the inbox and let the agent handle it."""
    demo.clock.advance(minutes=MINUTES_BETWEEN_STEPS)
    mail = step.write(demo)
    before = len(demo.smtp.sent())
    demo.inbox.deliver(mail)
    entry = _pass_until_handled(demo, mail["Message-ID"])
    sent = demo.smtp.sent(before)
    return Played(mail, entry, sent, check(step, entry, sent, demo.config))


def _pass_until_handled(demo: Demo, message_id: str) -> dict[str, Any]:
    # pymap shows a session new mail only after the command that notices it, so the
    # agent's first SEARCH may miss what was just appended; its next pass finds it,
    # as the daemon's next pass would.
    for _ in range(PASSES_PER_STEP):
        demo.agent.run_once()
        for entry in demo.store.ledger():
            if entry["message_id"] == message_id:
                return entry
    raise DemoError(
        f"the agent did not record {message_id} within {PASSES_PER_STEP} passes",
        "the mail may not have reached the inbox; run `python run_agent.py -v demo`",
    )


def check(step: Step, entry: dict[str, Any], sent: list[Delivered], config: Config) -> str | None:
    """What differs from the story's expectation, if anything."""
    if entry["outcome"] != step.outcome:
        return f'expected "{step.outcome}", the agent decided "{entry["outcome"]}"'
    chosen = (entry.get("reading") or {}).get("choice")
    if step.choice is not None and chosen != step.choice:
        return f"expected choice {step.choice}, the agent read choice {chosen}"
    outsiders = {r for d in sent for r in d.rcpt_tos} - config.staff_addresses
    if step.outcome != "applied" and not step.to_client and outsiders:
        return f"nothing should go outside the studio, yet mail went to {', '.join(outsiders)}"
    return None
