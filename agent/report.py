"""Orders as a person reads them on the command line."""

from __future__ import annotations

from typing import Any

from agent.model import ChangeOrder, Order, Question
from agent.templates import counted


def order_summary(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "project": order.project,
        "client": order.client_name,
        "phase": order.phase,
        "delivery_date": order.delivery_date,
        "open_questions": len(order.open_questions()),
        "flags": order.flags,
    }


def order_lines(orders: list[Order], full: bool = False) -> list[str]:
    lines: list[str] = []
    for order in orders:
        waiting = len(order.open_questions())
        flags = f"  [{', '.join(order.flags)}]" if order.flags else ""
        lines.append(
            f"{order.id}  {order.phase:<12} due {order.delivery_date}  {order.project} "
            f"({order.client_name}){f', {waiting} open question(s)' if waiting else ''}{flags}"
        )
        if full:
            lines.extend(_details(order))
    return lines


def _details(order: Order) -> list[str]:
    lines = [
        f"  client:   {order.client_name} <{', '.join(order.client_emails)}>",
        f"  manager:  {order.am_name} <{order.am_email}>",
        f"  value:    {_value(order)}",
        "  questions:",
    ]
    lines += [f"    {_question_line(Question.from_dict(q))}" for q in order.questions] or [
        "    none"
    ]
    lines.append("  payments:")
    lines += [
        f"    {p['milestone']:<12} {p['amount']:>10,.2f}  {p['status']}" for p in order.payments
    ]
    lines.append("  plan:")
    lines += _plan_lines(order)
    lines.append("  change orders:")
    for raw in order.change_orders:
        lines += _change_lines(ChangeOrder.from_dict(raw))
    lines += [] if order.change_orders else ["    none"]
    lines.append("  history:")
    lines += [f"    {h['at']}  {h['event']}: {h['detail']} ({h['by']})" for h in order.history]
    return lines


def _plan_lines(order: Order) -> list[str]:
    """Each milestone's planned day and when it was done; delivery closes the plan."""
    lines = [
        f"    {name:<16} planned {day}  "
        + (f"done {order.milestones[name]}" if name in order.milestones else "not done")
        for name, day in sorted(order.plan.items(), key=lambda item: item[1])
    ]
    return [*lines, f"    {'delivery':<16} planned {order.delivery_date}"]


def _question_line(question: Question) -> str:
    answer = question.answer or {}
    status = f"answered: {answer.get('summary', '')}" if answer else question.status
    return f"{question.id} {question.kind} {question.about}".rstrip() + f" — {status}"


def _value(order: Order) -> str:
    if order.contract_value == order.original_contract_value:
        return f"{order.contract_value:,.2f}"
    changes = order.contract_value - order.original_contract_value
    return (
        f"{order.contract_value:,.2f} (contract {order.original_contract_value:,.2f}"
        f" + {changes:,.2f} approved changes)"
    )


def _change_lines(change: ChangeOrder) -> list[str]:
    days = f", +{counted(change.days, 'day')}" if change.days else ""
    lines = [f"    {change.id} {change.status:<11} {change.total:>10,.2f}{days}  {change.reason}"]
    lines += [f"      {i['description']}: {i['amount']:,.2f}" for i in change.items]
    if change.evidence:
        evidence = change.evidence
        by = evidence.get("decided_by")
        who = f"{by}, on the reply from {evidence['from']}" if by else evidence["from"]
        lines.append(f"      decided by {who} on {evidence['date']}: {evidence['message_id']}")
    return lines
