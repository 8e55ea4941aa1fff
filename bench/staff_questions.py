"""How well staff_question reads the studio's own requests as the question they ask.

    python bench/staff_questions.py                  # the presets of tests/replies/
    python bench/staff_questions.py --replies DIR    # and those of a held-out set

Each question preset of the labelled reply sets is a request the studio sent (built by
tests/reply_mail.py as the client received it: greeting, the ask, a signature, sometimes
the client's earlier mail quoted). Its new text goes through staff_question, as an AM's
email with the agent in copy would. Correct: the same kind, and for a choice the same
options, for a fitting the same slots; a payment notice and an update must open nothing.
Exit status: 1 when any request is misread.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reply_mail import LETTERED, REPLIES, TZ, Case, load_cases, request_lines, request_sent  # noqa: E402

from agent.parsers.reply_text import extract_reply  # noqa: E402
from agent.parsers.slot_match import local_slots  # noqa: E402
from agent.parsers.staff_question import staff_question  # noqa: E402


def correct(case: Case) -> bool:
    question = case.question
    text = extract_reply("\n".join(request_lines(case)))
    got = staff_question(text, request_sent(case), TZ)
    tracked = question is not None and question.kind != "payment"
    if got is None or not tracked:
        return got is None and not tracked
    assert question is not None
    if got.kind != question.kind:
        return False
    if got.kind == "choice":
        return list(got.options) == [LETTERED.sub("", o).strip() for o in question.options]
    return got.kind != "fitting" or list(got.slots) == local_slots(question.slots, TZ)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=Path, action="append", default=[])
    args = parser.parse_args()
    presets: dict[str, Case] = {}
    for folder in (REPLIES, *args.replies):
        for case in load_cases(folder):
            presets.setdefault(f"{folder.name}/{case.preset.name}", case)
    tally: Counter[tuple[str, bool]] = Counter()
    for name, case in sorted(presets.items()):
        ok = correct(case)
        tally[(case.kind, ok)] += 1
        if not ok:
            print(f"MISREAD {name} ({case.kind})")
    for kind in sorted({kind for kind, _ in tally}):
        right, total = tally[(kind, True)], tally[(kind, True)] + tally[(kind, False)]
        print(f"  {kind:<10} {right}/{total} requests read as asked")
    return 0 if not any(not ok for _, ok in tally) else 1


if __name__ == "__main__":
    sys.exit(main())
