"""Orders as a person reads them on the command line."""

from __future__ import annotations

from typing import Any

from agent.model import Order, Question


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
        f"  value:    {order.contract_value:,.2f}",
        "  questions:",
    ]
    lines += [f"    {_question_line(Question.from_dict(q))}" for q in order.questions] or [
        "    none"
    ]
    lines.append("  payments:")
    lines += [
        f"    {p['milestone']:<12} {p['amount']:>10,.2f}  {p['status']}" for p in order.payments
    ]
    lines.append("  history:")
    lines += [f"    {h['at']}  {h['event']}: {h['detail']} ({h['by']})" for h in order.history]
    return lines


def _question_line(question: Question) -> str:
    answer = question.answer or {}
    status = f"answered: {answer.get('summary', '')}" if answer else question.status
    return f"{question.id} {question.kind} {question.about}".rstrip() + f" — {status}"
