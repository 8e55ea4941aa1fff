"""The emails about change orders: to the client, and to the sales director and the AM."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from agent.contract import deposit_cents
from agent.drafts import Drafter, tagged
from agent.model import ChangeOrder, Order
from agent.outbox import Draft


class ChangeOrderDrafter(Drafter):
    def _change(self, order: Order, change: ChangeOrder) -> dict[str, Any]:
        """What a reader of any change-order email needs: the lines, the money, the date."""
        delivery = date.fromisoformat(order.delivery_date) + timedelta(days=change.days)
        policy = self.config.policy
        return {
            "order": self._order(order),
            "change": change.to_dict(),
            "contract_value": order.contract_value,
            "new_value": order.contract_value + change.total,
            "delivery": delivery.strftime("%d %B %Y").lstrip("0"),
            "deposit": deposit_cents(change, order.original_contract_value, policy) / 100,
            "deposit_percent": f"{policy.change_order_deposit_percent:g}",
        }

    def to_client(self, order: Order, change: ChangeOrder) -> Draft:
        return self._draft(
            f"{order.id}/change-order/{change.id}",
            template="client/change_order",
            to=tuple(order.client_emails[:1]),
            cc=(order.am_email,),
            subject=tagged(f"Change order {change.id}: your approval", order.id),
            context=self._change(order, change),
            order_id=order.id,
        )

    def needs_director(self, order: Order, change: ChangeOrder) -> Draft:
        context = {
            **self._change(order, change),
            "percent": f"{self.config.policy.large_change_percent:g}",
            "command": f"python run_agent.py change-order {order.id} {change.id} --sd-approve",
        }
        return self._staff(
            f"{order.id}/escalate/change-order/{change.id}",
            "staff/change_order_approval",
            (self.config.sales_director.address,),
            f"Escalation: change order {change.id} needs your approval",
            context,
            order.id,
            cc=(order.am_email,),
        )

    def declined(self, order: Order, change: ChangeOrder, director: str = "") -> Draft:
        """To the AM: the client declined, or the sales director (`director`) did."""
        return self._staff(
            f"{order.id}/change-order/{change.id}/declined",
            "staff/change_order_declined",
            (order.am_email,),
            f"Change order {change.id} declined by {director or order.client_name}",
            {**self._change(order, change), "director": director},
            order.id,
        )

    def budget_overrun(self, order: Order, approved: float) -> Draft:
        original = order.original_contract_value
        context = {
            "order": self._order(order),
            "original": original,
            "value": order.contract_value,
            "approved": approved,
            "percent": f"{100 * approved / original:.0f}",
            "limit": f"{self.config.policy.budget_overrun_percent:g}",
            "changes": [c for c in order.change_orders if c["status"] == "approved"],
        }
        return self._staff(
            f"{order.id}/escalate/budget",
            "staff/budget_overrun",
            (self.config.sales_director.address,),
            f"Escalation: approved changes are {context['percent']}% over the contract",
            context,
            order.id,
            cc=(order.am_email,),
        )
