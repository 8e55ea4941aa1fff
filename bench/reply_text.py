"""How often extract_reply recovers exactly the reply text the corpus's sources expect.

    python bench/reply_text.py ../shared/corpus
    python bench/reply_text.py ../shared/corpus --diff          # a short diff per miss
    python bench/reply_text.py ../shared/corpus --fail-under 85 # exit 1 below 85 %

Every INDEX.tsv row with an expected text is read the way the agent reads it:
a message with headers goes through parse_envelope and then
extract_reply(mail.text, mail.html); a bare .html fixture is an HTML-only body
(extract_reply("", html)); any other file is a plain-text body. The result is
compared with the expected text after whitespace normalisation (runs of
whitespace collapsed, ends stripped).

It prints the exact-match rate overall and per source, then every miss with its
first differing line and whether the source's convention explains it. The
sources disagree on details (INDEX.tsv's notes and expected_origin columns say
how), so each miss is classed by what differs, and the class is "explained" only
when that source is known to do it, or when another source expects exactly our
output for the same input. The headline figure is the strict one; "explained"
is a second column, never added to it.

Exit status: 2 when the corpus folder is absent, 1 when any file crashed the
parser or extract_reply (or the rate is below --fail-under), else 0.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.parsers.envelope import UnreadableMail, parse_envelope  # noqa: E402
from agent.parsers.html_text import html_to_text  # noqa: E402
from agent.parsers.reply_text import extract_reply  # noqa: E402
from agent.parsers.signature_blocks import strip_signoff  # noqa: E402

# --- reading the corpus ------------------------------------------------------------------

HTML_SUFFIXES = {".html", ".htm"}
MESSAGE_SUFFIXES = {".eml", ".msg"}
# A header field name (RFC 5322: printable ASCII but ":"), at the start of a line.
_FIELD = re.compile(rb"[!-9;-~]+:")
# A header block must name one of these to count as a message's header (a plain body
# may well start with an Outlook "From:/Sent:/To:" block of quoted history).
_ENVELOPE_FIELDS = {
    b"content-type",
    b"mime-version",
    b"date",
    b"message-id",
    b"received",
    b"return-path",
    b"delivered-to",
    b"in-reply-to",
    b"references",
}
# Two inputs this similar (difflib ratio) are the same fixture saved by two projects.
SAME_FIXTURE = 0.9
# Share of a header block's lines that must be "Field: value" (malformed headers happen).
_FIELD_SHARE = 0.8


def corpus_missing(corpus: Path) -> str | None:
    """Why the corpus cannot be used, or None."""
    if not corpus.is_dir():
        return (
            f"corpus folder not found: {corpus}\n"
            "  (the shared corpus sits at ../shared/corpus beside the checkout; "
            "pass its path)"
        )
    if not (corpus / "INDEX.tsv").is_file():
        return f"{corpus} has no INDEX.tsv: not the shared corpus"
    return None


def read_index(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def is_message(raw: bytes) -> bool:
    """The file starts with a header block (fields up to a blank line), not a bare body."""
    head = raw[:65536].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [line for line in head.split(b"\n") if line[:1] not in (b" ", b"\t")]
    if not lines or not _FIELD.match(lines[0]):
        return False
    fields = [_FIELD.match(line) for line in lines]
    names = {found.group(0)[:-1].lower() for found in fields if found}
    share = sum(1 for found in fields if found) / len(lines)
    return share >= _FIELD_SHARE and bool(names & _ENVELOPE_FIELDS)


@dataclass(frozen=True)
class Input:
    """One corpus file as the reader sees it."""

    form: str  # "message", "html" or "text"
    text: str
    html: str = ""
    date: datetime | None = None


def load_input(path: Path) -> Input:
    """Read a corpus file as a message, an HTML-only body or a plain-text body.

    Raises UnreadableMail when a message's bytes do not parse.
    """
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return Input("html", "", raw.decode("utf-8", "replace"))
    if suffix in MESSAGE_SUFFIXES or is_message(raw):
        mail = parse_envelope(raw)
        return Input("message", mail.text, mail.html, mail.date)
    return Input("text", raw.decode("utf-8", "replace"))


def visible_input(source: Input) -> str:
    """The whole input as text (HTML converted), to find where a kept tail came from."""
    return source.text or html_to_text(source.html)


# --- comparing -----------------------------------------------------------------------


def normalise(text: str) -> str:
    return " ".join(text.split())


def norm_lines(text: str) -> list[str]:
    """Non-blank lines, each whitespace-normalised: the unit of the diff."""
    return [normalise(line) for line in text.replace("\r", "\n").split("\n") if line.strip()]


_QUOTED_LINE = re.compile(r"\s*(?:[A-Za-z]{1,10})?[>|]")
_RULE = re.compile(r"[\s\-_=~*#+]*")
_HISTORY_HINT = re.compile(
    r"\bwrote\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}[-/]\d{1,2}|mailto:|<[^>\s]+@", re.I
)

# What differs, as a class; the reader's own view of the tail is used to tell a
# signature, footer or rule (extract_reply strips it on its own) from real text.
CLASSES = {
    "spacing": "differs only in spacing inside lines (e.g. HTML line breaks)",
    "source-keeps-quotes": "the source keeps '>' quoted lines the reader strips",
    "source-keeps-rule": "the source keeps a trailing rule line the reader strips",
    "source-keeps-signature": "the source keeps a signature / mobile footer the reader strips",
    "reader-cut-early": "the reader stops before the end of the expected text",
    "reader-empty": "the reader returns no text at all",
    "reader-keeps-signoff": (
        "the reader keeps a sign-off block the source strips "
        "(extract_reply keeps sign-offs; read_reply drops them with strip_signoff)"
    ),
    "reader-keeps-bottom-post": (
        "the reader keeps text written below a quote the reader removed "
        "(bottom posting); the source cuts at the first quote"
    ),
    "reader-keeps-history": "the reader keeps quoted history or a quote header",
    "reader-keeps-extra": "the reader keeps lines after the expected text",
    "unreadable": "parse_envelope could not read the message",
    "other": "the texts differ in the middle",
}

# The differences each source's own convention accounts for (see INDEX.tsv notes and
# expected_origin, and each project's documented behaviour).
SIGNOFF = "sign-offs: sources disagree (README); the project keeps them until read_reply"
CONVENTIONS: dict[str, dict[str, str]] = {
    "alfonsrv/mail-parser-reply": {
        "source-keeps-rule": "notes: 'library quirk: keeps trailing ---- line'",
    },
    "crisp-oss/email-reply-parser": {
        "source-keeps-signature": "notes: 'this port does NOT strip \"-Abhishek Kona\"'",
    },
    "mailgun/talon": {
        "spacing": "expected_origin: compared 'with ALL whitespace removed'",
        "source-keeps-signature": (
            "talon's extract_from removes quotations only; signatures and mobile "
            "footers are a separate module (expected_origin: extract_from_* output)"
        ),
    },
    "discourse/email_reply_trimmer": {
        "source-keeps-quotes": "the trimmer keeps '>' quotes that are not the last block",
        "reader-keeps-bottom-post": (
            "the trimmer drops everything after the first embedded email (its fixture: "
            "'will not show up because 99% of the times this is the signature')"
        ),
    },
}


@dataclass
class Miss:
    row: dict[str, str]
    form: str
    expected: str
    got: str
    kind: str
    explained_by: str = ""  # why the source's convention accounts for it; "" when not


@dataclass
class Tally:
    total: int = 0
    exact: int = 0
    explained: int = 0
    forms: Counter[str] = field(default_factory=Counter)


def classify(expected: str, got: str, source: Input) -> str:
    """What kind of difference separates the reader's text from the expected one."""
    want, have = norm_lines(expected), norm_lines(got)
    if re.sub(r"\s+", "", expected) == re.sub(r"\s+", "", got):
        return "spacing"
    if want and [line for line in want if not _QUOTED_LINE.match(line)] == have:
        return "source-keeps-quotes"
    if not have:
        return "reader-empty"
    if want[: len(have)] == have:
        tail = want[len(have) :]
        if all(_RULE.fullmatch(line) for line in tail):
            return "source-keeps-rule"
        if not extract_reply("\n".join(tail)).strip():
            return "source-keeps-signature"
        return "reader-cut-early"
    if have[: len(want)] == want:
        tail = have[len(want) :]
        if normalise(strip_signoff(got)) == normalise(expected):
            return "reader-keeps-signoff"
        if any(_QUOTED_LINE.match(line) or _HISTORY_HINT.search(line) for line in tail):
            return "reader-keeps-history"
        if _removed_before(want, tail, norm_lines(visible_input(source)), set(have)):
            return "reader-keeps-bottom-post"
        return "reader-keeps-extra"
    return "other"


def _removed_before(want: list[str], tail: list[str], lines: list[str], kept: set[str]) -> bool:
    """The input has lines the reader dropped between the expected text and the kept tail."""
    try:
        end = lines.index(want[-1]) if want else -1
        start = lines.index(tail[0], end + 1)
    except ValueError:
        return False
    return any(line not in kept for line in lines[end + 1 : start])


def first_difference(expected: str, got: str) -> str:
    want, have = norm_lines(expected), norm_lines(got)
    for index in range(max(len(want), len(have))):
        a = want[index] if index < len(want) else None
        b = have[index] if index < len(have) else None
        if a != b:
            return f"line {index + 1}: expected {_show(a)}  got {_show(b)}"
    return "line breaks only"


def _show(line: str | None, width: int = 70) -> str:
    if line is None:
        return "(end)"
    return repr(line if len(line) <= width else line[: width - 1] + "…")


def short_diff(expected: str, got: str, limit: int = 12) -> list[str]:
    diff = difflib.unified_diff(
        norm_lines(expected), norm_lines(got), "expected", "extracted", n=1, lineterm=""
    )
    lines = [line for line in diff if not line.startswith(("---", "+++"))]
    if len(lines) > limit:
        return [*lines[:limit], f"… {len(lines) - limit} more diff lines"]
    return lines


# --- the run ---------------------------------------------------------------------------


def run(corpus: Path, *, diff: bool, fail_under: float | None) -> int:
    rows = [row for row in read_index(corpus) if row.get("expected_text_file")]
    if not rows:
        print(f"{corpus}/INDEX.tsv lists no expected texts", file=sys.stderr)
        return 2
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[Miss] = []
    crashes: list[str] = []
    # Who expects which text from which input: ports share fixtures and disagree on them.
    expecting: dict[str, list[tuple[str, str]]] = defaultdict(list)
    results: list[tuple[dict[str, str], Input, str, str]] = []
    for count, row in enumerate(rows, start=1):
        if count % 50 == 0:
            print(f"  … {count}/{len(rows)}", file=sys.stderr)
        path = corpus / row["local_path"]
        tally = tallies[row["source_repo"]]
        tally.total += 1
        try:
            expected = (corpus / row["expected_text_file"]).read_text("utf-8", "replace")
            raw_text = normalise(path.read_bytes().decode("utf-8", "replace"))
        except OSError as exc:
            crashes.append(f"{row['local_path']}: listed in INDEX.tsv but unreadable: {exc}")
            continue
        expecting[normalise(expected)].append((row["source_repo"], raw_text))
        try:
            source = load_input(path)
            got = extract_reply(source.text, source.html)
        except UnreadableMail as exc:
            tally.forms["message"] += 1
            misses.append(Miss(row, "message", expected, f"(cannot read: {exc})", "unreadable"))
            continue
        except Exception as exc:  # the bench must see every crash, not stop at the first
            crashes.append(f"{row['local_path']}: {type(exc).__name__}: {exc}")
            continue
        tally.forms[source.form] += 1
        results.append((row, source, expected, got))

    for row, source, expected, got in results:
        tally = tallies[row["source_repo"]]
        if normalise(got) == normalise(expected):
            tally.exact += 1
            continue
        kind = classify(expected, got, source)
        miss = Miss(row, source.form, expected, got, kind)
        raw_text = normalise((corpus / row["local_path"]).read_bytes().decode("utf-8", "replace"))
        others = expecting.get(normalise(got), [])
        miss.explained_by = _explanation(row["source_repo"], kind, raw_text, others)
        if miss.explained_by:
            tally.explained += 1
        misses.append(miss)

    rate = report(corpus, rows, tallies, misses, crashes, diff=diff)
    if crashes:
        return 1
    if fail_under is not None and rate < fail_under:
        print(f"exact-match rate {rate:.1f}% is below --fail-under {fail_under:g}%")
        return 1
    return 0


def _explanation(source: str, kind: str, raw_text: str, others: list[tuple[str, str]]) -> str:
    """Why the source's convention accounts for this miss; "" when it does not.

    `others` are the rows (source, input text) whose expected text is exactly what the
    reader extracted here: another source expecting it from the same fixture (ports
    share fixtures, re-wrapped or re-saved) means the sources disagree on this input.
    """
    by_source = CONVENTIONS.get(source, {})
    if kind in by_source:
        return by_source[kind]
    if kind == "reader-keeps-signoff":
        return SIGNOFF
    for other, other_text in others:
        if other != source and _same_fixture(raw_text, other_text):
            return f"sources disagree: {other} expects exactly this output from the same fixture"
    return ""


def _same_fixture(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= SAME_FIXTURE and matcher.ratio() >= SAME_FIXTURE


def report(
    corpus: Path,
    rows: list[dict[str, str]],
    tallies: dict[str, Tally],
    misses: list[Miss],
    crashes: list[str],
    *,
    diff: bool,
) -> float:
    total = sum(t.total for t in tallies.values())
    exact = sum(t.exact for t in tallies.values())
    explained = sum(t.explained for t in tallies.values())
    forms = sum((t.forms for t in tallies.values()), Counter())
    rate = 100 * exact / max(total, 1)
    print(f"reply text: {total} inputs with an expected text in {corpus}")
    print("  read as: " + ", ".join(f"{n} {form}" for form, n in forms.most_common()))
    print(f"exact match (whitespace-normalised): {exact}/{total} = {rate:.1f}%")
    print(
        f"exact, or a miss the source's convention explains: {exact + explained}/{total} = "
        f"{100 * (exact + explained) / max(total, 1):.1f}%"
    )
    print(f"crashes: {len(crashes)}")
    print()
    print(f"  {'source':<32} {'n':>4} {'exact':>6} {'rate':>7} {'explained':>10} {'unexpl.':>8}")
    for source in sorted(tallies):
        t = tallies[source]
        unexplained = t.total - t.exact - t.explained
        print(
            f"  {source:<32} {t.total:>4} {t.exact:>6} {100 * t.exact / max(t.total, 1):>6.1f}% "
            f"{t.explained:>10} {unexplained:>8}"
        )
    if misses:
        kinds = Counter(miss.kind for miss in misses)
        print()
        print(
            f"misses: {len(misses)}, of which explained by the source's convention: "
            f"{sum(1 for m in misses if m.explained_by)}"
        )
        for kind, count in kinds.most_common():
            print(f"  {count:>3}  {kind}: {CLASSES[kind]}")
    for miss in sorted(misses, key=lambda m: (not m.explained_by, m.row["local_path"])):
        verdict = "explained " if miss.explained_by else "UNEXPLAINED"
        print()
        print(f"[{verdict}] {miss.row['local_path']}  ({miss.form}, {miss.kind})")
        print(f"    {first_difference(miss.expected, miss.got)}")
        if miss.explained_by:
            print(f"    convention: {miss.explained_by}")
        if diff:
            for line in short_diff(miss.expected, miss.got):
                print(f"      {line}")
    for line in crashes:
        print(f"  CRASH {line}")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="the shared corpus (../shared/corpus)")
    parser.add_argument("--diff", action="store_true", help="print a short diff for each miss")
    parser.add_argument(
        "--fail-under", type=float, metavar="PCT", help="exit 1 when the exact rate is lower"
    )
    args = parser.parse_args()
    problem = corpus_missing(args.corpus)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    return run(args.corpus, diff=args.diff, fail_under=args.fail_under)


if __name__ == "__main__":
    sys.exit(main())
