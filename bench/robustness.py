"""Every message file through the agent's real pipeline: nothing may crash or be lost.

    python bench/robustness.py ../shared/corpus  [more dirs or files …]
    python bench/robustness.py --cpython          # CPython's test_email/data too

Each file is handed to `Agent.handle` as if it had just arrived by IMAP (the
store, rules, routing, reader, workflow and templates are the real ones; only
the mailbox is replaced by the file list, and nothing is sent). It prints the
outcomes, the files that needed a person ("held"), any crash, and the time.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.clock import FixedClock  # noqa: E402
from agent.config import Config, ImapSettings, Person, ServerSettings  # noqa: E402
from agent.pipeline import Agent  # noqa: E402
from agent.store import Store  # noqa: E402

SKIP_SUFFIXES = {".tsv", ".md", ".json", ".py", ".rb", ".js", ".yml", ".yaml"}


class FileMailbox:
    """Stands in for IMAP: the pipeline only needs the UIDVALIDITY here."""

    uidvalidity = 1


class NoTransport:
    def send(self, raw: str, sender: str, recipients: list[str]) -> list[str]:
        raise AssertionError("the robustness run sends nothing")


def bench_config(folder: Path) -> Config:
    server = ServerSettings("127.0.0.1", 1, "agent", "unused", "none")
    return Config(
        studio_name="Atelier Lumen",
        address="orders@atelier.example",
        timezone=ZoneInfo("Europe/Madrid"),
        sales_director=Person("Sofia", "sofia@atelier.example"),
        account_managers=(Person("Ana", "ana@atelier.example"),),
        imap=ImapSettings(**server.__dict__),
        smtp=server,
        store_path=folder / "agent.json",
    )


def message_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
            continue
        if not path.is_dir():
            sys.exit(f"{path}: no such file or folder (the corpus sits at ../shared/corpus)")
        for file in sorted(path.rglob("*")):
            if file.is_file() and file.suffix not in SKIP_SUFFIXES and ".expected" not in file.name:
                found.append(file)
    return found


def cpython_email_data() -> Path:
    import test  # the standard library's own test package

    return Path(os.path.dirname(test.__file__)) / "test_email" / "data"


def run(files: list[Path]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        config = bench_config(Path(folder))
        clock = FixedClock(datetime(2026, 1, 26, 9, tzinfo=UTC))
        agent = Agent(config, Store(config.store_path), FileMailbox(), NoTransport(), clock)  # type: ignore[arg-type]
        outcomes: Counter[str] = Counter()
        crashes: list[str] = []
        started = time.perf_counter()
        for uid, file in enumerate(files, start=1):
            try:
                outcomes[agent.handle(uid, file.read_bytes(), clock.now())] += 1
            except Exception as exc:  # the whole point is to count these
                crashes.append(f"{file}: {type(exc).__name__}: {exc}")
            if uid % 100 == 0:
                print(f"  … {uid}/{len(files)}", file=sys.stderr)
        elapsed = time.perf_counter() - started
        held = [e for e in agent.store.ledger() if e["outcome"] == "held"]
    report(len(files), outcomes, crashes, held, elapsed)
    return 1 if crashes else 0


def report(
    total: int, outcomes: Counter[str], crashes: list[str], held: list, elapsed: float
) -> None:
    print(
        f"files: {total}   crashes: {len(crashes)}   time: {elapsed:.2f} s "
        f"({1000 * elapsed / max(total, 1):.1f} ms a message, store writes included)"
    )
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<12} {count}")
    for entry in held:
        print(f"  held: {entry['message_id']}: {entry['detail']}")
    for line in crashes:
        print(f"  CRASH {line}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--cpython", action="store_true", help="add CPython's test_email/data")
    args = parser.parse_args()
    # Each held file logs an error by design; the report below lists them once.
    logging.disable(logging.CRITICAL)
    paths = list(args.paths) + ([cpython_email_data()] if args.cpython else [])
    if not paths:
        parser.error("give a folder of messages (e.g. ../shared/corpus) and/or --cpython")
    return run(message_files(paths))


if __name__ == "__main__":
    sys.exit(main())
