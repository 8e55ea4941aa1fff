"""Commands that put a decision to the client: a change order and an issue with options,
reusing agent.change_orders and agent.orders like the CLI does."""

from __future__ import annotations

from dataclasses import replace

from agent.change_orders import parse_item, propose
from agent.config import Config
from agent.model import ChangeOrder, Order
from agent.orders import OrderError, ask
from agent.staff.command_text import Command
from agent.staff.desk import Desk
from agent.staff.proposal_form import ChangeForm, change_form, issue_form
from agent.staff.requests import not_asked_yet
from agent.templates import counted

WAITING = {"awaiting_sd": "the sales director", "sent": "the client"}


def change_order(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    form = change_form(command.rest, command.block)
    _not_proposed_yet(order, form)
    config = desk.config
    changed, drafts = propose(order, form.items, form.days, form.reason, config, desk.now, desk.by)
    desk.save(changed, *drafts)
    change = ChangeOrder.from_dict(changed.change_orders[-1])
    days = (
        f"delivery {counted(change.days, 'day')} later" if change.days else "no change to the date"
    )
    return [
        f"{order.id}: {change.id} proposed: {change.total:,.2f} for "
        f"{counted(len(change.items), 'item')}, {days}.",
        f"The contract value {order.contract_value:,.2f} becomes "
        f"{order.contract_value + change.total:,.2f} once {order.client_name} approves it.",
        _next_step(order, change, config),
    ]


def _next_step(order: Order, change: ChangeOrder, config: Config) -> str:
    if change.status == "sent":
        return f"Sent to {order.client_name}; their reply is kept as the written approval."
    director = config.sales_director.name
    percent = f"{config.policy.large_change_percent:g}"
    return (
        f"It raises the cost by more than {percent}% of the contract, so {director} must "
        f'approve it first: they were emailed and can reply "approve". The client gets it then.'
    )


def _not_proposed_yet(order: Order, form: ChangeForm) -> None:
    """The same change sent again (a resend, a second copy) must not be proposed twice."""
    total = round(sum(parse_item(item)["amount"] for item in form.items), 2)
    for change in map(ChangeOrder.from_dict, order.change_orders):
        same = change.total == total and change.reason.lower() == form.reason.lower()
        if same and change.status in WAITING:
            who = WAITING[change.status]
            raise OrderError(f"{change.id} is this change and still waits for {who}; nothing sent")


def issue(desk: Desk, command: Command) -> list[str]:
    order = desk.order(command)
    form = issue_form(command.rest, command.block)
    not_asked_yet(order, "choice", form.about)
    asked, draft = ask(
        order,
        "choice",
        desk.config,
        desk.now,
        about=form.about,
        options=form.options,
        by=desk.by,
        issue=form.details,
        recommended=form.recommended,
    )
    desk.save(asked, replace(draft, attachments=desk.mail.attachments))
    listed = "; ".join(f"{n}. {option}" for n, option in enumerate(form.options, 1))
    said = [f"{order.id}: told {order.client_name} about {form.about}; they choose: {listed}."]
    if form.recommended:
        said.append(f"The email recommends option {form.recommended}.")
    said.append("Their answer is recorded like any choice; reminders follow if they are silent.")
    return said
