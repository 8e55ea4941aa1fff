"""The `demo` command: the real agent on embedded mail servers, playing a short story.

Nothing to configure: pymap (a pure-Python IMAP server) holds the studio's inbox and
aiosmtpd receives what the agent sends, both inside this process on 127.0.0.1. The
agent is the production one (ImapMailbox in, SmtpTransport out, the JSON store); only
the servers, and the client mail delivered into the inbox, are stand-ins. This module
tells the story as it plays; agent.demo_story holds the story itself.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import textwrap
import time
from collections import Counter
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from agent.demo_mail import plain_body
from agent.demo_servers import HOST, DemoError
from agent.demo_story import STORY, Played, Step, play
from agent.demo_studio import START, TZ, Demo, open_orders, setup
from agent.model import Order, Question

WIDTH = 100

NOT_READ = {
    "auto-reply": "not read: a machine's reply is never taken as an answer",
    "stranger": "not read: only the client's addresses on the order may answer",
    "adopted": "the account manager's own email: never read as an answer",
    "commands": "staff commands, one a line (staff mail is never read as a client's reply)",
    "handoff-answered": "the account manager's one-line answer to the hand-off",
}


def say(label: str, text: str, indent: int = 3, hang: str = "") -> None:
    """One labelled item, wrapped to the width; `hang` starts it (e.g. a quote bar)."""
    lead = f"{' ' * indent}{label:<10}"
    print(
        textwrap.fill(
            text,
            width=WIDTH,
            initial_indent=lead + hang,
            subsequent_indent=" " * (len(lead) + len(hang)),
            break_on_hyphens=False,
        )
    )


def quote(text: str, indent: int = 3) -> None:
    say("", text, indent, hang="| ")


def first_line(message: EmailMessage) -> str:
    line = next((x.strip() for x in plain_body(message).splitlines() if x.strip()), "")
    return textwrap.shorten(line, 80, placeholder=" ...")


def _is_greeting(line: str) -> bool:
    # "Dear Laura Gil," / "Ana Ruiz,": short, and ends with a comma.
    return line.strip().endswith(",") and len(line.split()) <= 5


def gist(message: EmailMessage) -> list[str]:
    """The lines that carry an email's point: after the greeting, its first paragraph.

    A paragraph that ends with a colon introduces a list, so the list comes with it.
    """
    lines = plain_body(message).strip().splitlines()
    if lines and _is_greeting(lines[0]):
        lines = lines[1:]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
    if not paragraphs:
        return []
    point = paragraphs[0].splitlines()
    if point[-1].endswith(":") and len(paragraphs) > 1:
        point += paragraphs[1].splitlines()
    return [line.strip() for line in point]


def reading_text(entry: dict[str, Any]) -> str:
    reading = entry.get("reading")
    if not reading:
        return NOT_READ.get(entry["outcome"], "not read")
    choice = f" {reading['choice']}" if reading.get("choice") else ""
    person = ", needs a person" if reading.get("needs_human") else ""
    said = " / ".join(line.strip() for line in reading["reply_text"].splitlines() if line.strip())
    said = f' from "{textwrap.shorten(said, 60, placeholder=" ...")}"' if said else ""
    return f"{reading['intent']}{choice}, confidence {reading['confidence']:.2f}{person}{said}"


def print_sent(message: EmailMessage, indent: int = 3) -> None:
    cc = f", cc {message['Cc']}" if message["Cc"] else ""
    say("sent", f"to {message['To']}{cc}", indent)
    # A long subject is folded onto its own line, which leaves a leading space.
    say("", f'"{str(message["Subject"]).strip()}"', indent)
    for line in gist(message):
        quote(line, indent)


def print_step(number: int, step: Step, played: Played) -> None:
    mail, entry, sent = played.mail, played.entry, played.sent
    print(f"\n{number}. {step.title}")
    say("arrived", f"from {mail['From']}")
    say("", f'"{mail["Subject"]}"')
    quote(first_line(mail))
    say("read as", reading_text(entry))
    say("decided", f"{entry['outcome']}: {entry['detail']}")
    for delivered in sent:
        print_sent(delivered.message)
    if not sent:
        say("sent", "nothing")


def print_opening(demo: Demo, store_note: str) -> None:
    title = f"{demo.config.studio_name} order agent: demo"
    print(f"{title}\n{'=' * len(title)}")
    imap, smtp = demo.config.imap, demo.config.smtp
    servers = f"IMAP pymap on {HOST}:{imap.port}, SMTP aiosmtpd on {HOST}:{smtp.port}"
    say("servers", f"{servers}, both inside this process", 0)
    say("store", f"{demo.config.store_path} {store_note}", 0)
    moment = f"{START:%A %d %B %Y %H:%M} ({TZ.key})"
    say("clock", f"fixed at {moment}, so every run reads the same", 0)


def print_requests(demo: Demo, waiting: int) -> None:
    print("\nOrders")
    for order in demo.store.orders():
        client = f"{order.client_name} <{', '.join(order.client_emails)}>"
        say(order.id, f"{order.project}, client {client}, AM {order.am_name}", 2)
    print(
        f"\nFirst pass: the {waiting} messages already in the inbox (pymap's sample mail) are "
        "left alone,\nand the questions go out over SMTP:"
    )
    for topic in ("sketches", "fabric", "fitting"):
        print_sent(demo.requests[topic], indent=2)


def question_text(question: Question) -> str:
    asked = f"{question.kind} of {question.about}" if question.about else question.kind
    answer = question.answer
    if not answer:
        return f"{asked}: {question.status}, waiting for the client"
    return f"{asked}: {answer['summary']}, by {answer['by']}"


def print_orders(orders: list[Order]) -> None:
    print("\nOrders now")
    for order in orders:
        print(f"  {order.id}  {order.project} ({order.client_name}), phase {order.phase}")
        for raw in order.questions:
            question = Question.from_dict(raw)
            say(question.id, question_text(question), 4)
        say("history", " → ".join(h["event"] for h in order.history), 4)


def print_summary(results: list[Played], sent_total: int, seconds: float) -> bool:
    outcomes = Counter(r.entry["outcome"] for r in results)
    counted = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items())
    problems = [(n, r.problem) for n, r in enumerate(results, 1) if r.problem]
    verdict = "all as expected" if not problems else f"{len(problems)} step(s) went wrong"
    summary = (
        f"Summary: {len(results)} emails in ({counted}), {sent_total} out over SMTP; "
        f"{verdict}; {seconds:.1f} s."
    )
    print("\n" + textwrap.fill(summary, width=WIDTH, subsequent_indent="  "))
    for number, problem in problems:
        print(f"  step {number}: {problem}")
    return not problems


# -- the command ------------------------------------------------------------------------


def _quiet_logs() -> None:
    # The narration is the output; `-v` (DEBUG on the root logger) still shows the log.
    root = logging.getLogger()
    if root.level == logging.DEBUG:
        return
    root.setLevel(logging.WARNING)
    # aiosmtpd 1.4 warns "Session.login_data is deprecated" on every login it accepts,
    # about its own code.
    logging.getLogger("mail.log").setLevel(logging.ERROR)


def _story(keep: Path | None, started: float) -> bool:
    with contextlib.ExitStack() as stack:
        demo = setup(stack, keep)
        note = "(kept)" if keep else "(removed at the end; --keep DIR keeps it)"
        print_opening(demo, note)
        waiting = demo.inbox.count()
        open_orders(demo)
        print_requests(demo, waiting)
        results = []
        for number, step in enumerate(STORY, 1):
            results.append(play(demo, step))
            print_step(number, step, results[-1])
        print_orders(demo.store.orders())
        return print_summary(results, len(demo.smtp.sent()), time.monotonic() - started)


def run_demo(keep: Path | None) -> int:
    """Run the story on embedded servers; 0 when everything went as the story expects."""
    _quiet_logs()
    started = time.monotonic()
    try:
        ok = _story(keep, started)
    except DemoError as exc:
        return _failed(str(exc), exc.hint)
    except Exception as exc:  # any failure ends the demo with a message, not a traceback
        logging.getLogger("agent.demo").debug("demo failed", exc_info=True)
        return _failed(
            f"{type(exc).__name__}: {exc}",
            "run `python run_agent.py -v demo` to see the agent's log and the traceback",
        )
    if not ok:
        return _failed(
            "the agent did not do what the story expects (see the steps above)",
            "`python run_agent.py interpret` shows how the reader reads one message",
        )
    return 0


def _failed(what: str, hint: str) -> int:
    print(f"\ndemo failed: {what}\nhint: {hint}", file=sys.stderr)
    return 1
