"""A change order's and an issue's lines, as staff type them, read without servers."""

from __future__ import annotations

import pytest

from agent.orders import OrderError
from agent.staff.command_text import read_commands
from agent.staff.proposal_form import change_form, issue_form, timeline_days

CHANGE = """Hi agent,

ORD-0042 change order
- Hand-beaded bodices: 2,400
Second cape = 1.200,50
* Lining: €350
Timeline: +5 days
Reason: the director asked for more sparkle

Best regards,
Ana"""

ISSUE = """ORD-0042 issue fabric delayed
Situation: the silk is stuck in customs
Impact: the first fitting moves a week

Plan: we chase the carrier daily
1. Wait for the silk
2) Use the duchess satin we have
Recommendation: option 2
Thanks,
Ana"""


def test_a_change_orders_items_timeline_and_reason_are_read() -> None:
    """Bulleted and `=` items in several number styles, the timeline and the reason."""
    [command] = read_commands(CHANGE, "").commands
    form = change_form(command.rest, command.block)
    assert form.items == ["Hand-beaded bodices=2400.00", "Second cape=1200.50", "Lining=350.00"]
    assert (form.days, form.reason) == (5, "the director asked for more sparkle")


def test_the_words_after_change_order_are_the_reason_when_no_line_gives_one() -> None:
    """ "change order extra act" with no reason line: the client reads "extra act"."""
    body = "ORD-1 change order extra act\nCape: 900\ntimeline: no change"
    [command] = read_commands(body, "").commands
    assert change_form(command.rest, command.block).reason == "extra act"


@pytest.mark.parametrize(
    ("text", "days"),
    [("+5 days", 5), ("5", 5), ("2 weeks", 14), ("3 working days", 3), ("No change.", 0)],
)
def test_timeline_impacts_as_people_write_them(text: str, days: int) -> None:
    """The delivery moves by the days (or weeks) given; "no change" keeps it."""
    assert timeline_days(text) == days


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("ORD-1 change order\ntimeline: +2 days\nreason: x", "list what changes"),
        ("ORD-1 change order\nCape: 900\nreason: x", "add the timeline impact"),
        ("ORD-1 change order\nCape: 900\ntimeline: +2 days", "add why the change is needed"),
        ("ORD-1 change order\nCape: nine hundred\ntimeline: 0\nreason: x", "has no amount"),
        ("ORD-1 change order\nCape: 900\ntimeline: -3 days\nreason: x", "write \\+5 days"),
    ],
)
def test_an_incomplete_change_order_says_what_is_missing(body: str, why: str) -> None:
    """Each missing or unreadable part is named, so the AM can fix that line."""
    [command] = read_commands(body, "").commands
    with pytest.raises(OrderError, match=why):
        change_form(command.rest, command.block)


def test_an_issues_situation_impact_plan_options_and_recommendation_are_read() -> None:
    """A blank line inside the block is fine; the signature after it is not part of it."""
    [command] = read_commands(ISSUE, "").commands
    form = issue_form(command.rest, command.block)
    assert form.about == "fabric delayed"
    assert form.details == {
        "situation": "the silk is stuck in customs",
        "impact": "the first fitting moves a week",
        "plan": "we chase the carrier daily",
    }
    assert form.options == ["Wait for the silk", "Use the duchess satin we have"]
    assert form.recommended == 2


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("ORD-1 issue\nsituation: late\n1. a\n2. b", "say what the issue is about"),
        ("ORD-1 issue late\n1. a\n2. b", "add what happened"),
        ("ORD-1 issue late\nsituation: late\n1. a", "at least two options"),
        ("ORD-1 issue late\nsituation: late\n1. a\n2. b\nrecommendation: 3", "1 to 2"),
        ("ORD-1 issue late\nsituation: late\nweather: rain\n1. a\n2. b", "an issue takes"),
    ],
)
def test_an_incomplete_issue_says_what_is_missing(body: str, why: str) -> None:
    """No subject, no situation, one option, a recommendation out of range, a stray field."""
    [command] = read_commands(body, "").commands
    with pytest.raises(OrderError, match=why):
        issue_form(command.rest, command.block)
