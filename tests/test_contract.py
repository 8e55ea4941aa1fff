"""The money rule for change orders and its escalation thresholds, as pure table tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from agent.contract import collect_change, is_large, over_budget
from agent.model import ChangeOrder, Payment
from agent.policy import Policy

POLICY = Policy()
APPROVED = (datetime(2026, 2, 2, 15, tzinfo=UTC), date(2026, 2, 2))


def plan(*received: str) -> list[Payment]:
    """The 18,000 contract's 50/25/25 plan, with the named milestones already received."""
    payments = [Payment("deposit", 50, 9000.0), Payment("mid-project", 25, 4500.0),
                Payment("final", 25, 4500.0)]  # fmt: skip
    for payment in payments:
        payment.status = "received" if payment.milestone in received else "due"
    return payments


def change(total: float, change_id: str = "CO-1") -> ChangeOrder:
    items = [{"description": "Hand-beaded bodices", "amount": total}]
    return ChangeOrder(change_id, items, total, 0, "beading", "2026-02-01T10:00:00+00:00")


@pytest.mark.parametrize(
    ("total", "large"),
    [(3599.99, False), (3600.00, False), (3600.01, True), (9000.00, True)],
)
def test_a_change_is_large_only_beyond_twenty_percent(total: float, large: bool) -> None:
    """Exactly 20% of the 18,000 contract does not need the sales director; a cent more does."""
    assert is_large(total, 18000.0, POLICY) is large


@pytest.mark.parametrize(
    ("approved", "over"),
    [(1799.99, False), (1800.00, False), (1800.01, True), (0.0, False)],
)
def test_budget_overrun_only_beyond_ten_percent(approved: float, over: bool) -> None:
    """Approved changes of exactly 10% of the contract are within budget; a cent more is not."""
    assert over_budget(approved, 18000.0, POLICY) is over


def test_thresholds_follow_the_policy() -> None:
    """A studio that sets 5% and 15% escalates sooner."""
    strict = Policy(budget_overrun_percent=5, large_change_percent=15)
    assert over_budget(901.0, 18000.0, strict) and is_large(2701.0, 18000.0, strict)


@pytest.mark.parametrize(
    ("received", "total", "expected"),
    [
        # Small change, nothing received: spread 50/25/25.
        ((), 2700.0, {"deposit": 10350.0, "mid-project": 5175.0, "final": 5175.0}),
        # Deposit received: it never changes; mid-project and final share equally.
        (("deposit",), 2700.0, {"deposit": 9000.0, "mid-project": 5850.0, "final": 5850.0}),
        # A cent that does not split evenly goes to the last open milestone.
        (("deposit",), 0.01, {"deposit": 9000.0, "mid-project": 4500.0, "final": 4500.01}),
        # Large change: half is its own deposit, the other half goes to the open milestones.
        (("deposit",), 6000.0,
         {"deposit": 9000.0, "mid-project": 6000.0, "final": 6000.0, "CO-1 deposit": 3000.0}),
        # Everything received: the cost is one more payment of its own.
        (("deposit", "mid-project", "final"), 1000.0,
         {"deposit": 9000.0, "mid-project": 4500.0, "final": 4500.0, "CO-1": 1000.0}),
    ],
)  # fmt: skip
def test_approved_change_is_collected_from_the_open_milestones(
    received: tuple[str, ...], total: float, expected: dict[str, float]
) -> None:
    """Received payments stay; the cost is spread by percentage; a large change has a deposit."""
    payments = collect_change(plan(*received), change(total), 18000.0, POLICY, APPROVED)
    assert {p.milestone: p.amount for p in payments} == expected


def test_a_large_change_deposit_is_due_on_the_day_of_approval() -> None:
    """The CO deposit names its change, is due that day and exists from the approval moment."""
    payments = collect_change(plan("deposit"), change(6000.0), 18000.0, POLICY, APPROVED)
    deposit = payments[-1]
    assert (deposit.change_order, deposit.due, deposit.percent) == ("CO-1", "2026-02-02", 50)
    assert deposit.created_at == "2026-02-02T15:00:00+00:00"


@pytest.mark.parametrize("totals", [(2700.0,), (6000.0, 333.33), (0.01, 7777.77, 1234.56)])
def test_payments_always_add_up_to_the_contract_plus_approved_changes(
    totals: tuple[float, ...],
) -> None:
    """Invariant: sum of payments == original contract + approved change totals, to the cent."""
    payments = plan("deposit")
    for number, total in enumerate(totals, 1):
        payments = collect_change(payments, change(total, f"CO-{number}"), 18000.0, POLICY,
                                  APPROVED)  # fmt: skip
        payments[1].status = "received" if number == 2 else payments[1].status
    assert round(sum(p.amount for p in payments), 2) == round(18000.0 + sum(totals), 2)


@pytest.mark.parametrize(
    ("claimed", "invoiced", "expected"),
    [
        # The client says mid-project is paid: it stays 4,500; final carries the cost.
        ("mid-project", frozenset(), {"mid-project": 4500.0, "final": 5500.0}),
        # Mid-project's invoice went: the client was asked for 4,500, so final carries it.
        ("", frozenset({"mid-project"}), {"mid-project": 4500.0, "final": 5500.0}),
        # Both asked for already: the cost is a payment of its own, invoiced on approval.
        ("mid-project", frozenset({"final"}),
         {"mid-project": 4500.0, "final": 4500.0, "CO-1": 1000.0}),
    ],
)  # fmt: skip
def test_a_change_never_lands_on_a_payment_already_asked_for_or_claimed(
    claimed: str, invoiced: frozenset[str], expected: dict[str, float]
) -> None:
    """No part of the change's cost hides in an amount the client was already asked to pay."""
    payments = plan("deposit")
    for payment in payments:
        payment.status = "claimed" if payment.milestone == claimed else payment.status
    after = collect_change(payments, change(1000.0), 18000.0, POLICY, APPROVED, invoiced)
    amounts = {p.milestone: p.amount for p in after if p.milestone != "deposit"}
    assert amounts == expected
