"""`status`: the state of one order, or of every open order of the person asking."""

from __future__ import annotations

from agent.model import Order
from agent.report import order_lines
from agent.staff.command_text import Command, order_id_in
from agent.staff.desk import Desk


def status(desk: Desk, command: Command) -> list[str]:
    """The order named on the line; else (even when the subject names one) all of theirs."""
    if order_id_in(command.text):
        return status_lines(desk.order(command))
    director = desk.by == desk.config.sales_director.address.lower()
    mine = [o for o in desk.orders.values() if o.is_open and (director or o.am_email == desk.by)]
    if not mine:
        return ["You have no open orders."]
    return [line for order in sorted(mine, key=lambda o: o.id) for line in status_lines(order)]


def status_lines(order: Order) -> list[str]:
    lines = order_lines([order])
    if order.phase == "Paused":
        lines.append(f"  paused; it was in {order.paused_from or 'an unknown phase'}")
    if order.original_delivery_date and order.original_delivery_date != order.delivery_date:
        lines.append(
            f"  delivery moved from {order.original_delivery_date}: {order.delivery_reason}"
        )
    for question in order.open_questions():
        what = f"{question.kind} {question.about}".strip()
        lines.append(f"  waiting on the client since {question.asked_at[:10]}: {what}")
    payments = ", ".join(f"{p['milestone']} {p['status']}" for p in order.payments)
    lines.append(f"  payments: {payments}")
    if order.history:
        last = order.history[-1]
        lines.append(f"  last change {last['at'][:10]}: {last['event']}: {last['detail']}")
    return lines
