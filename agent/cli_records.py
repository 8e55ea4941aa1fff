"""Commands that record what people did, and `upcoming`, which shows what the agent will send."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from agent.change_orders import director_approves, propose
from agent.clock import SystemClock
from agent.config import Config, ConfigError, load_config
from agent.due import DueItem, daily_digest, due, since_last_digest
from agent.model import Order
from agent.orders import OrderError
from agent.outbox import compose
from agent.records import (
    add_note,
    mark_paid,
    milestone_done,
    move_delivery,
    plan_milestone,
    set_phase,
)
from agent.scheduled import Action, ScheduleDrafter, act
from agent.store import Commit, Store
from agent.templates import Templates, counted

STEP = timedelta(minutes=15)


def add_parsers(commands: argparse._SubParsersAction, orders: argparse._SubParsersAction) -> None:
    update = orders.add_parser("update", help="record a phase, a new delivery date or a note")
    update.add_argument("id")
    change = update.add_mutually_exclusive_group(required=True)
    change.add_argument("--phase", help="Design, Pattern, Construction, Fitting, Final, …")
    change.add_argument("--delivery", type=_day, help="new delivery date (needs --reason)")
    change.add_argument("--note", help="a progress note for the client's weekly update")
    update.add_argument("--reason", default="", help="why the delivery date moves")
    add_by_option(update)
    milestone = commands.add_parser("milestone", help="record a milestone as done, or re-plan it")
    milestone.add_argument("id")
    milestone.add_argument("name", help='e.g. "first fitting", "design approval"')
    milestone.add_argument("state", nargs="?", choices=("done",), help="it is done")
    milestone.add_argument("--date", type=_day, help="when it was done (default: today)")
    milestone.add_argument("--planned", type=_day, help="the new day it is planned for")
    add_by_option(milestone)
    paid = commands.add_parser("paid", help="record a payment as received")
    paid.add_argument("id")
    paid.add_argument("milestone", help="deposit, mid-project or final")
    paid.add_argument("--date", type=_day, help="when it arrived (default: today)")
    add_by_option(paid)
    _change_order_parser(commands)
    digest = commands.add_parser("digest", help="the sales director's daily digest")
    digest.add_argument(
        "--preview",
        action="store_true",
        required=True,
        help="print it instead of sending (sending is the agent's job)",
    )
    digest.add_argument("--now", type=parse_moment, help="act as if it were this ISO time")
    digest.add_argument("--html", type=Path, help="also write the HTML version to this file")
    upcoming = commands.add_parser("upcoming", help="every email due in the next days; sends none")
    upcoming.add_argument("--days", type=int, default=7)
    upcoming.add_argument("--now", type=parse_moment, help="act as if it were this ISO time")


def _change_order_parser(commands: argparse._SubParsersAction) -> None:
    change = commands.add_parser(
        "change-order",
        help="propose a change order to the client (large ones go to the sales director first)",
    )
    change.add_argument("id")
    change.add_argument("change", nargs="?", help="an existing change order, e.g. CO-1")
    change.add_argument(
        "--item", action="append", default=[], help='"Hand-beaded bodices=2400" (repeat)'
    )
    change.add_argument("--days", type=int, default=0, help="days the delivery moves (default 0)")
    change.add_argument("--reason", default="", help="why the change; the client reads it")
    change.add_argument(
        "--sd-approve",
        action="store_true",
        help="the sales director agreed to CHANGE: send it to the client",
    )
    add_by_option(change)


def add_by_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by", default="", help="who did it, for the history (default: cli:YOUR-LOGIN)"
    )


def who(args: argparse.Namespace) -> str:
    """The person a command-line change is recorded as: --by, else the login it ran under."""
    if args.by.strip():
        return args.by.strip().lower()
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in this environment
        return "cli"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date like 2026-03-12') from exc


def parse_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f'"{text}": give a date, time and offset, e.g. 2026-01-30T09:59+01:00'
        )
    return moment


def _change(args: argparse.Namespace, edit: Callable[[Order, Config, datetime], Commit]) -> int:
    config = load_config(args.config)
    store = Store(config.store_path)
    with store.lock():
        order = store.order(args.id.upper())
        if order is None:
            raise OrderError(f"no order {args.id}; `orders list` shows the ids")
        change = edit(order, config, SystemClock().now())
        store.commit(change)
    [changed] = change.orders
    # Every entry the change made: a payment received may also resume paused work.
    for entry in changed.history[len(order.history) :]:
        print(f"{changed.id}: {entry['event']}: {entry['detail']}")
    for row in change.outbox:
        print(f"queued to {', '.join(row['to'])}: {row['subject']}")
    return 0


def update(args: argparse.Namespace) -> int:
    def edit(order: Order, config: Config, now: datetime) -> Commit:
        if args.phase:
            return Commit(orders=[set_phase(order, args.phase, now, who(args))])
        if args.note:
            return Commit(orders=[add_note(order, args.note, now, who(args))])
        order, drafts = move_delivery(order, args.delivery, args.reason, config, now, who(args))
        rows = [compose(d, config, Templates(), now) for d in drafts]
        return Commit(orders=[order], outbox=rows)

    return _change(args, edit)


def milestone(args: argparse.Namespace) -> int:
    if bool(args.state) == bool(args.planned):
        raise OrderError(
            f'say done or --planned DATE, e.g. milestone {args.id} "first fitting" done, '
            f'or milestone {args.id} "first fitting" --planned 2026-02-20'
        )

    def edit(order: Order, config: Config, now: datetime) -> Commit:
        if args.planned:
            return Commit(orders=[plan_milestone(order, args.name, args.planned, now, who(args))])
        day = args.date or now.astimezone(config.timezone).date()
        return Commit(orders=[milestone_done(order, args.name, day, now, who(args))])

    return _change(args, edit)


def paid(args: argparse.Namespace) -> int:
    def edit(order: Order, config: Config, now: datetime) -> Commit:
        day = args.date or now.astimezone(config.timezone).date()
        return Commit(orders=[mark_paid(order, args.milestone, day, now, who(args))])

    return _change(args, edit)


def change_order(args: argparse.Namespace) -> int:
    if bool(args.change) != args.sd_approve:
        raise OrderError(
            "name a change order only with --sd-approve, e.g. "
            f"change-order {args.id} CO-1 --sd-approve; a new one takes --item, --days, --reason"
        )

    def edit(order: Order, config: Config, now: datetime) -> Commit:
        by = who(args)
        if args.sd_approve:
            order, drafts = director_approves(order, args.change, config, now, by)
        else:
            order, drafts = propose(order, args.item, args.days, args.reason, config, now, by)
        return Commit(orders=[order], outbox=[compose(d, config, Templates(), now) for d in drafts])

    return _change(args, edit)


def upcoming(args: argparse.Namespace) -> int:
    """Walk the coming days in small steps and list each email the first time it is due."""
    if args.days < 1:
        raise ConfigError("--days: at least 1")
    config = load_config(args.config)
    store = Store(config.store_path)
    start = args.now or SystemClock().now()
    orders = {o.id: o for o in store.orders()}
    seen = {d["key"] for d in store.done()}
    lines = []
    moment = start
    while moment <= start + timedelta(days=args.days):
        for item in due(list(orders.values()), moment, config.policy, config.timezone):
            if item.key not in seen:
                seen.add(item.key)
                # Shown at its own moment, not the step that found it (08:00, not 08:04).
                at = max(item.at, start)
                action = act(item, orders, config, at)
                # What the agent would record (a pause, say) changes what follows it.
                orders.update({o.id: o for o in action.orders})
                lines += _describe(action, item, config, at)
        moment += STEP
    print("\n".join(lines) or f"nothing due in the next {counted(args.days, 'day')}")
    return 0


def _describe(action: Action, item: DueItem, config: Config, moment: datetime) -> list[str]:
    when = moment.astimezone(config.timezone).strftime("%a %d %b %H:%M")
    if not action.drafts:
        return [f"{when}  {item.kind:<18} (no email: {action.detail})"]
    return [f"{when}  {item.kind:<18} to {', '.join(d.to)}: {d.subject}" for d in action.drafts]


def digest(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    now = args.now or SystemClock().now()
    store = Store(config.store_path)
    item = since_last_digest(daily_digest(now, config.policy, config.timezone), store.done())
    draft = ScheduleDrafter(config, now).digest(item, store.orders())
    text, html = Templates().render(draft.template, {"studio": config.studio_name, **draft.context})
    print(f"To: {', '.join(draft.to)}\nSubject: {draft.subject}\n\n{text}")
    if args.html:
        args.html.write_text(html, encoding="utf-8")
        print(f"(HTML written to {args.html})")
    return 0


COMMANDS = {
    "milestone": milestone,
    "paid": paid,
    "change-order": change_order,
    "upcoming": upcoming,
    "digest": digest,
}
