"""How well read_reply reads the labelled replies, how often it is unsafe, and how fast it is.

    python bench/reading.py                        # corpus timing from ../shared/corpus
    python bench/reading.py --corpus DIR           # another corpus folder
    python bench/reading.py --repeat 5             # more passes for the throughput figure
    python bench/reading.py --replies DIR          # a held-out set in tests/replies/'s format

Accuracy: the labelled table of tests/test_reading.py (ALL_CASES, pytest.param rows
read as plain data; pytest must be importable) goes through read_reply with the
table's own question, Date and timezone. A reading is correct when its intent,
choice, needs_human and, where the label lists them, proposed_times match the
label. It prints accuracy per question kind and overall, and the UNSAFE readings:
an approve or choose applied without a person (needs_human False) where the label
says a person should see it, or names another intent or choice. Each unsafe and
each wrong reading is listed. The mood flag (dissatisfied) is reported beside.

Accuracy on real mail: the labelled client replies of tests/replies/ (built by
tests/reply_mail.py as Gmail, Outlook, Apple Mail, iPhone, Android, HTML-only and
Outlook Web send them) go through parse_envelope and understand, end to end, and
are reported the same way. Proposed times compare as instants.

Speed: every input file INDEX.tsv lists (read as bench/reply_text.py reads it:
message, HTML-only or plain body) is extracted and read against one of the
table's questions in turn. Parsing the envelope is outside the per-reply figure
(median, p95, max of extract_reply + read_reply) and inside the end-to-end one.
When the corpus folder is absent the timing is skipped, and the output says so.

Exit status: 1 when read_reply or extract_reply raised on any input, else 0.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reply_text import corpus_missing, is_message, load_input, read_index  # noqa: E402

from agent.clock import parse_iso  # noqa: E402
from agent.parsers.envelope import UnreadableMail, parse_envelope  # noqa: E402
from agent.parsers.reading import read_reply  # noqa: E402
from agent.parsers.reply_text import extract_reply  # noqa: E402
from agent.understand import understand  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LABEL_FIELDS = ("question", "text", "intent", "choice", "human", "proposed", "upset")
APPLIED = ("approve", "choose")  # readings that change an order when applied
QUOTE = 60


@dataclass(frozen=True)
class Label:
    question: Any  # agent.model.Question | None
    text: str
    intent: str
    choice: int | None
    human: bool
    proposed: tuple[str, ...]
    upset: bool
    check_times: bool = False  # compare proposed_times even when the label lists none

    @property
    def kind(self) -> str:
        return self.question.kind if self.question is not None else "(no question)"


def load_labels() -> tuple[list[Label], datetime, ZoneInfo]:
    """The labelled table of tests/test_reading.py, with the Date and timezone it uses."""
    import test_reading as table  # tests/ is on sys.path; this imports pytest too

    cases = getattr(table, "ALL_CASES", None)
    if cases is None:
        cases = [c for name, v in vars(table).items() if name.endswith("_CASES") for c in v]
    names = _parameter_names(table)
    labels = []
    for case in cases:
        values = dict(zip(names, getattr(case, "values", case), strict=True))
        labels.append(
            Label(
                question=values["question"],
                text=values["text"],
                intent=values["intent"],
                choice=values.get("choice"),
                human=bool(values.get("human", False)),
                proposed=tuple(values.get("proposed") or ()),
                upset=bool(values.get("upset", False)),
            )
        )
    return labels, table.SENT, table.TZ


def _parameter_names(table: Any) -> tuple[str, ...]:
    """The parametrize names of the labelled test, so a reordered table still reads right."""
    test = getattr(table, "test_labelled_readings", None)
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            names = mark.args[0]
            return tuple(n.strip() for n in names.split(",")) if isinstance(names, str) else names
    return LABEL_FIELDS


# --- accuracy ------------------------------------------------------------------------------


@dataclass
class Outcome:
    label: Label
    reading: Any  # agent.model.Reading
    correct: bool
    unsafe: bool
    applied_wrong: bool  # another intent applied without a person, wrongly (not approve/choose)
    too_cautious: bool  # right answer, but handed to a person the label did not need


def judge(label: Label, reading: Any) -> Outcome:
    same = reading.intent == label.intent and reading.choice == label.choice
    times_ok = not (label.proposed or label.check_times) or _same_times(
        tuple(reading.proposed_times), label.proposed
    )
    correct = same and times_ok and reading.needs_human == label.human
    automatic = not reading.needs_human
    wrong_action = label.human or not same
    unsafe = automatic and reading.intent in APPLIED and wrong_action
    applied_wrong = automatic and reading.intent not in APPLIED and wrong_action
    too_cautious = same and times_ok and reading.needs_human and not label.human
    return Outcome(label, reading, correct, unsafe, applied_wrong, too_cautious)


def accuracy(labels: list[Label], sent: datetime, tz: ZoneInfo) -> tuple[list[Outcome], list[str]]:
    outcomes, crashes = [], []
    for label in labels:
        try:
            reading = read_reply(label.question, label.text, sent, tz)
        except Exception as exc:  # a crash is a finding, not the end of the run
            crashes.append(f"{_quote(label.text)}: {type(exc).__name__}: {exc}")
            continue
        outcomes.append(judge(label, reading))
    return outcomes, crashes


def _same_times(got: tuple[str, ...], want: tuple[str, ...]) -> bool:
    """Same moments in the same order, read as the agent reads stored times."""

    def moments(times: tuple[str, ...]) -> tuple[datetime, ...] | None:
        try:
            return tuple(parse_iso(t) for t in times)
        except ValueError:
            return None

    got_moments, want_moments = moments(got), moments(want)
    if got_moments is None or want_moments is None:
        return got == want
    return got_moments == want_moments


def mail_accuracy(folder: Path | None) -> tuple[list[Outcome], list[str]]:
    """A folder of labelled replies (tests/replies/ by default) end to end: each case's raw
    bytes, parse_envelope, understand."""
    from reply_mail import REPLIES, build, load_cases  # tests/ is on sys.path

    tz = ZoneInfo("Europe/Madrid")
    outcomes, crashes = [], []
    for case in load_cases(folder or REPLIES):
        want = case.expected
        label = Label(
            question=case.question,
            text=f"{case.id}: {case.text}",
            intent=want.intent,
            choice=want.choice,
            human=want.needs_human,
            proposed=tuple(want.proposed_times or ()),
            upset=want.dissatisfied,
            check_times=want.proposed_times is not None,
        )
        try:
            reading = understand(parse_envelope(build(case)), case.question, tz, 0.75, case.date)
        except Exception as exc:  # a crash is a finding, not the end of the run
            crashes.append(f"{case.id}: {type(exc).__name__}: {exc}")
            continue
        outcomes.append(judge(label, reading))
    return outcomes, crashes


def report_accuracy(
    outcomes: list[Outcome], crashes: list[str], source: str = "tests/test_reading.py"
) -> None:
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.label.kind].append(outcome)
    total = len(outcomes) + len(crashes)
    print(f"labelled replies: {total} ({source}), crashes: {len(crashes)}")
    header = f"  {'question kind':<15} {'n':>4} {'correct':>8} {'accuracy':>9}"
    print(header + f" {'unsafe':>7} {'to AM, not needed':>18}")
    for kind in sorted(by_kind):
        _row(kind, by_kind[kind])
    _row("overall", outcomes, extra=len(crashes))
    unsafe = [o for o in outcomes if o.unsafe]
    applied_wrong = [o for o in outcomes if o.applied_wrong]
    upset_ok = sum(1 for o in outcomes if o.reading.dissatisfied == o.label.upset)
    print(f"UNSAFE readings (approve/choose applied against the label): {len(unsafe)}")
    print(f"other wrong readings applied without a person: {len(applied_wrong)}")
    print(f"dissatisfied flag agrees with the label: {upset_ok}/{len(outcomes)}")
    for outcome in unsafe:
        print(f"  UNSAFE {_describe(outcome)}")
    for outcome in applied_wrong:
        print(f"  applied wrongly {_describe(outcome)}")
    wrong = [o for o in outcomes if not o.correct and not o.unsafe and not o.applied_wrong]
    for outcome in wrong:
        print(f"  wrong (safe: a person sees it) {_describe(outcome)}")
    for line in crashes:
        print(f"  CRASH {line}")


def _row(name: str, outcomes: list[Outcome], extra: int = 0) -> None:
    n = len(outcomes) + extra
    correct = sum(1 for o in outcomes if o.correct)
    unsafe = sum(1 for o in outcomes if o.unsafe)
    cautious = sum(1 for o in outcomes if o.too_cautious)
    rate = 100 * correct / max(n, 1)
    print(f"  {name:<15} {n:>4} {correct:>8} {rate:>8.1f}% {unsafe:>7} {cautious:>18}")


def _describe(outcome: Outcome) -> str:
    label, reading = outcome.label, outcome.reading
    got = _summary(reading.intent, reading.choice, reading.proposed_times, reading.needs_human)
    want = _summary(label.intent, label.choice, label.proposed, label.human)
    return (
        f"[{label.kind}] {_quote(label.text)}\n"
        f"      label: {want}\n      read:  {got} (confidence {reading.confidence}; "
        f"why: {reading.why})"
    )


def _summary(intent: str, choice: int | None, proposed: Any, human: bool) -> str:
    parts = [intent]
    if choice is not None:
        parts.append(f"choice={choice}")
    if proposed:
        parts.append(f"proposed={list(proposed)}")
    parts.append("to a person" if human else "applied")
    return " ".join(parts)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= QUOTE else flat[: QUOTE - 1] + "…")


# --- speed ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    path: Path
    raw: bytes
    text: str
    html: str
    sent: datetime


def corpus_replies(corpus: Path) -> tuple[list[Reply], list[str]]:
    """Every input INDEX.tsv lists, loaded once (parsing is timed separately)."""
    replies, unreadable = [], []
    fallback = datetime(2025, 1, 22, 9, 30, tzinfo=UTC)
    rows = read_index(corpus)
    for count, row in enumerate(rows, start=1):
        if count % 100 == 0:
            print(f"  … loading {count}/{len(rows)}", file=sys.stderr)
        path = corpus / row["local_path"]
        try:
            source = load_input(path)
        except UnreadableMail as exc:
            unreadable.append(f"{row['local_path']}: {exc}")
            continue
        except OSError as exc:
            unreadable.append(f"{row['local_path']}: cannot open: {exc}")
            continue
        replies.append(
            Reply(path, path.read_bytes(), source.text, source.html, source.date or fallback)
        )
    return replies, unreadable


def timing(
    corpus: Path, replies: list[Reply], questions: list[Any], tz: ZoneInfo, repeat: int
) -> tuple[list[str], dict[str, Any]]:
    crashes: list[str] = []
    failed: set[int] = set()

    def one(index: int, reply: Reply) -> None:
        question = questions[index % len(questions)]
        text = extract_reply(reply.text, reply.html)
        read_reply(question, text, reply.sent, tz)

    # First pass: every lazy set-up (pattern compilation, the HTML selector engine) is
    # paid here, once per process; its slowest file shows what a cold call costs.
    def _label(index: int, reply: Reply) -> str:
        question = questions[index % len(questions)]
        kind = question.kind if question is not None else "no question"
        return f"{reply.path.relative_to(corpus)} [{kind}]"

    first: list[tuple[float, str]] = []
    for index, reply in enumerate(replies):
        started = time.perf_counter()
        try:
            one(index, reply)
        except Exception as exc:  # counted and listed, the timing goes on
            crashes.append(f"{reply.path}: {type(exc).__name__}: {exc}")
            failed.add(index)
            continue
        first.append((1000 * (time.perf_counter() - started), _label(index, reply)))
    good = [(i, r) for i, r in enumerate(replies) if i not in failed]

    # Second pass, warm: the per-reply latency of a running agent.
    latencies: list[tuple[float, str]] = []
    for index, reply in good:
        started = time.perf_counter()
        one(index, reply)
        latencies.append((1000 * (time.perf_counter() - started), _label(index, reply)))

    started = time.perf_counter()
    for _ in range(repeat):
        for index, reply in good:
            one(index, reply)
    batch = time.perf_counter() - started

    # End to end: bytes to a reading, with the same rule for what is a message.
    started = time.perf_counter()
    for index, reply in good:
        if reply.path.suffix.lower() in (".html", ".htm"):
            text, html, sent = "", reply.html, reply.sent
        elif reply.path.suffix.lower() in (".eml", ".msg") or is_message(reply.raw):
            mail = parse_envelope(reply.raw)
            text, html, sent = mail.text, mail.html, mail.date or reply.sent
        else:
            text, html, sent = reply.raw.decode("utf-8", "replace"), "", reply.sent
        read_reply(questions[index % len(questions)], extract_reply(text, html), sent, tz)
    end_to_end = time.perf_counter() - started

    first.sort(key=lambda pair: pair[0], reverse=True)
    latencies.sort(key=lambda pair: pair[0])
    ms = [value for value, _ in latencies]
    figures = {
        "replies": len(ms),
        "first_slowest": first[:3],
        "median_ms": statistics.median(ms) if ms else 0.0,
        "p95_ms": ms[max(0, round(0.95 * len(ms)) - 1)] if ms else 0.0,
        "slowest": latencies[-3:][::-1],
        "throughput": repeat * len(good) / batch if batch else 0.0,
        "end_to_end": len(good) / end_to_end if end_to_end else 0.0,
    }
    return crashes, figures


COLD_START = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from agent.parsers.reading import read_reply
from agent.parsers.reply_text import extract_reply
imported = time.perf_counter()
read_reply(None, extract_reply(sys.argv[2]), datetime.now(timezone.utc), ZoneInfo("UTC"))
plain = time.perf_counter()
extract_reply("", sys.argv[3])
html = time.perf_counter()
print(json.dumps({"import_ms": 1000 * (imported - started), "plain_ms": 1000 * (plain - imported),
                  "html_ms": 1000 * (html - plain)}))
"""


def cold_start(replies: list[Reply]) -> dict[str, float] | None:
    """A fresh interpreter: import time, then its first plain-text and first HTML reply."""
    plain = next((r.text for r in replies if r.text.strip() and not r.html), "Approved!")
    html = next((r.html for r in replies if r.html.strip() and not r.text.strip()), "<p>Yes</p>")
    done = subprocess.run(
        [sys.executable, "-c", COLD_START, str(ROOT), plain, html],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        print(f"  cold start run failed: {done.stderr.strip()[-300:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def report_timing(
    corpus: Path,
    figures: dict[str, Any],
    cold: dict[str, float] | None,
    unreadable: list[str],
    crashes: list[str],
    repeat: int,
) -> None:
    print(
        f"speed on {corpus}: {figures['replies']} files extracted and read "
        f"({len(unreadable)} unreadable, {len(crashes)} crashes)"
    )
    if cold:
        print(
            f"  cold process: imports {cold['import_ms']:.0f} ms, first plain reply "
            f"{cold['plain_ms']:.1f} ms, first HTML reply {cold['html_ms']:.1f} ms"
        )
    print("  first pass (lazy set-up included), slowest:")
    for ms, name in figures["first_slowest"]:
        print(f"    {ms:7.1f} ms  {name}")
    print(
        f"  per reply, warm, extract_reply + read_reply: median {figures['median_ms']:.2f} ms, "
        f"p95 {figures['p95_ms']:.2f} ms"
    )
    print("  warm pass, slowest:")
    for ms, name in figures["slowest"]:
        print(f"    {ms:7.1f} ms  {name}")
    print(f"  batch throughput ({repeat} warm passes): {figures['throughput']:.0f} replies/s")
    print(f"  end to end with parse_envelope (1 pass): {figures['end_to_end']:.0f} replies/s")
    for line in unreadable:
        print(f"  cannot read: {line}")
    for line in crashes:
        print(f"  CRASH {line}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="for the timing")
    parser.add_argument("--repeat", type=int, default=3, help="passes for the throughput")
    parser.add_argument(
        "--replies", type=Path, help="labelled replies in tests/replies/'s format (a held-out set)"
    )
    args = parser.parse_args()
    # mail-parser logs a warning per part it does not decode; they are not findings here.
    logging.disable(logging.CRITICAL)
    try:
        labels, sent, tz = load_labels()
    except ImportError as exc:
        print(f"cannot import tests/test_reading.py's labelled table: {exc}", file=sys.stderr)
        return 2
    outcomes, crashes = accuracy(labels, sent, tz)
    report_accuracy(outcomes, crashes)
    print()
    mail_outcomes, mail_crashes = mail_accuracy(args.replies)
    source = args.replies or "tests/replies/"
    report_accuracy(mail_outcomes, mail_crashes, f"{source}, raw mail end to end")
    crashes = crashes + mail_crashes
    print()
    problem = corpus_missing(args.corpus)
    if problem:
        print(f"timing skipped (--corpus DIR): {problem}")
        return 1 if crashes else 0
    questions = list({id(q): q for q in (label.question for label in labels)}.values())
    replies, unreadable = corpus_replies(args.corpus)
    if not replies:
        print(f"timing skipped: no readable input in {args.corpus}")
        return 1 if crashes else 0
    cold = cold_start(replies)
    timing_crashes, figures = timing(args.corpus, replies, questions, tz, max(1, args.repeat))
    report_timing(args.corpus, figures, cold, unreadable, timing_crashes, max(1, args.repeat))
    return 1 if crashes or timing_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
