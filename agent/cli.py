"""The command line: builds the real objects from config and runs one command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent import cli_records
from agent.clock import FixedClock, SystemClock
from agent.config import ConfigError, load_config
from agent.daemon import StopFlag, install_signal_handlers, serve
from agent.mailbox import MailboxError, SettingsRefused
from agent.model import Question
from agent.orders import OrderError, ask, load_order_file, new_order
from agent.outbox import compose
from agent.parsers.envelope import UnreadableMail, parse_envelope
from agent.pipeline import PassReport
from agent.report import order_lines, order_summary
from agent.runner import build_agent, check_servers, only_runner
from agent.store import Commit, Store, StoreError
from agent.templates import Templates
from agent.understand import understand

log = logging.getLogger("agent.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run_agent.py", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("agent.toml"),
        help="settings file (default: agent.toml)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    commands = parser.add_subparsers(dest="command", required=True)
    cli_records.add_parsers(commands, _orders_parser(commands))
    _ask_parser(commands)
    commands.add_parser("run", help="watch the mailbox until stopped (SIGTERM/SIGINT)")
    once = commands.add_parser("once", help="one pass: read new mail, send the outbox, exit")
    once.add_argument(
        "--now",
        type=cli_records.parse_moment,
        help="act as if it were this time, e.g. 2026-01-30T09:59+01:00",
    )
    interpret = commands.add_parser("interpret", help="show how replies are read, as JSON lines")
    interpret.add_argument("--question", type=Path, required=True, help="question JSON file")
    interpret.add_argument("--timezone", help="studio time zone (default: from config, or UTC)")
    interpret.add_argument("messages", nargs="+", type=Path)
    demo = commands.add_parser("demo", help="embedded mail servers, sample orders, a short story")
    demo.add_argument("--keep", type=Path, help="keep the demo's store in this folder")
    return parser


def _orders_parser(commands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    orders = commands.add_parser("orders", help="add, list and show orders")
    actions = orders.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an order from a TOML or JSON file")
    add.add_argument("file", type=Path)
    cli_records.add_by_option(add)
    listing = actions.add_parser("list", help="one line per order")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="one order in full")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    return actions


def _ask_parser(commands: argparse._SubParsersAction) -> None:
    asking = commands.add_parser("ask", help="email the client a question and track the answer")
    asking.add_argument("id")
    asking.add_argument("kind", choices=("approval", "choice", "fitting"))
    asking.add_argument("--about", default="", help="what is asked about, e.g. 'design sketches'")
    asking.add_argument("--option", action="append", default=[], help="a choice (repeat)")
    asking.add_argument(
        "--recommend",
        type=int,
        metavar="N",
        help="the option the studio recommends, by its number (a reply may say 'go with your "
        "recommendation')",
    )
    asking.add_argument(
        "--slot",
        action="append",
        default=[],
        help="a fitting time in studio time, e.g. 2026-01-27T14:00 (repeat)",
    )
    cli_records.add_by_option(asking)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # mail-parser warns about every multipart it does not itself decode: noise to a person.
    logging.getLogger("mailparser").setLevel(logging.ERROR)
    try:
        return COMMANDS[args.command](args)
    except (ConfigError, OrderError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SettingsRefused as exc:
        print(f"error: IMAP {exc}", file=sys.stderr)
        return 2
    except MailboxError as exc:
        print(f"error: IMAP {exc}; is the server up and [imap] host/port right?", file=sys.stderr)
        return 3


def _orders(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = Store(config.store_path)
    if args.action == "update":
        return cli_records.update(args)
    if args.action == "add":
        with store.lock():
            data = load_order_file(args.file)
            by = cli_records.who(args)
            order = new_order(data, store.next_order_id(), config, SystemClock().now(), by)
            if store.order(order.id):
                raise OrderError(f"{order.id} exists already; remove the id to get a new one")
            store.commit(Commit(orders=[order]))
        print(f"added {order.id}: {order.project} for {order.client_name}")
        return 0
    if args.action == "list":
        orders = store.orders()
        if args.json:
            print(json.dumps([order_summary(o) for o in orders], indent=1))
        else:
            print("\n".join(order_lines(orders)) or "no orders yet; add one with: orders add FILE")
        return 0
    order = store.order(args.id.upper())
    if order is None:
        raise OrderError(f"no order {args.id}; `orders list` shows the ids")
    print(
        json.dumps(order.to_dict(), indent=1, ensure_ascii=False)
        if args.json
        else "\n".join(order_lines([order], full=True))
    )
    return 0


def _ask(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = Store(config.store_path)
    now = SystemClock().now()
    with store.lock():
        order = store.order(args.id.upper())
        if order is None:
            raise OrderError(f"no order {args.id}; `orders list` shows the ids")
        order, draft = ask(
            order,
            args.kind,
            config,
            now,
            args.about,
            args.option,
            args.slot,
            cli_records.who(args),
            recommended=args.recommend or 0,
        )
        store.commit(Commit(orders=[order], outbox=[compose(draft, config, Templates(), now)]))
    print(f"queued to {', '.join(draft.to)}: {draft.subject}")
    print("the agent sends it on its next pass (`run` does so within a minute; or run `once`)")
    return 0


def _once(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    clock = FixedClock(args.now) if args.now else SystemClock()
    agent = build_agent(config, clock)
    with only_runner(config.store_path):
        check_servers(agent)
        print(describe_pass(agent.run_once()))
    return 0


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    agent = build_agent(config, SystemClock())
    with only_runner(config.store_path):
        check_servers(agent)
        stop = StopFlag()
        install_signal_handlers(stop)
        serve(agent, agent.mailbox, config.poll_seconds, stop)  # type: ignore[arg-type]
    return 0


def describe_pass(report: PassReport) -> str:
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(report.outcomes.items()))
    sent = report.sent
    problem = f"; NOT SENDING: {sent.server_problem}" if sent.server_problem else ""
    held = f", {sent.deferred} held back by the hourly limit" if sent.deferred else ""
    return (
        f"read {report.read} new message(s){f' ({outcomes})' if outcomes else ''}; "
        f"sent {sent.sent} email(s), {sent.retrying} to retry, {sent.failed} failed{held}{problem}"
    )


def _interpret(args: argparse.Namespace) -> int:
    tz = _interpret_timezone(args)
    question = _load_question(args.question)
    now = SystemClock().now()
    for path in args.messages:
        print(json.dumps(_interpret_one(path, question, tz, now), ensure_ascii=False), flush=True)
    return 0


def _interpret_one(path: Path, question: Question, tz: ZoneInfo, now: datetime) -> dict:
    try:
        mail = parse_envelope(path.read_bytes())
    except OSError as exc:
        return {"file": str(path), "error": f"cannot read file: {exc.strerror}"}
    except UnreadableMail as exc:
        return {"file": str(path), "error": f"cannot read message: {exc}"}
    try:
        reading = understand(mail, question, tz, 0.75, now)
    except Exception as exc:  # one bad file must not stop the batch
        log.exception("reader failed on %s", path)
        return {"file": str(path), "error": f"reader failed: {type(exc).__name__}: {exc}"}
    return {"file": str(path), "message_id": mail.message_id, **reading.to_dict()}


def _interpret_timezone(args: argparse.Namespace) -> ZoneInfo:
    if args.timezone:
        try:
            return ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f'--timezone "{args.timezone}": use an IANA name') from exc
    try:
        return load_config(args.config).timezone
    except ConfigError:
        return ZoneInfo("UTC")


def _load_question(path: Path) -> Question:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OrderError(f"{path}: cannot read the question JSON ({exc})") from exc
    if data.get("kind") not in ("approval", "choice", "fitting", "payment"):
        raise OrderError(f'{path}: "kind" must be approval, choice, fitting or payment')
    return Question.from_dict({"id": "Q", "asked_at": "", **data})


def _demo(args: argparse.Namespace) -> int:
    from agent.demo import run_demo

    return run_demo(args.keep)


COMMANDS = {
    "orders": _orders,
    "ask": _ask,
    "once": _once,
    "run": _run,
    "interpret": _interpret,
    "demo": _demo,
    **cli_records.COMMANDS,
}
