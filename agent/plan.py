"""An order's plan: the day each milestone is due, from the studio's ten-week template.

Pure date arithmetic on plain values (the plan is {milestone name: ISO date}; what is
done is the order's {milestone name: ISO date} of `milestones`), so the model can derive
a plan for an order stored before plans existed: the template from signing to the
delivery date it has now.
"""

from __future__ import annotations

from datetime import date, timedelta

# The domain's template: each milestone by the end of its weeks in a ten-week order
# (design approval weeks 1-2, fabric approval 3-4, first fitting 4-5, final fitting 7-8);
# delivery closes week 10 and is the order's own delivery date, so it is not in the plan.
TEMPLATE_DAYS = 70
TEMPLATE = (
    ("design approval", 14),
    ("fabric approval", 28),
    ("first fitting", 35),
    ("final fitting", 56),
)
MILESTONES = tuple(name for name, _ in TEMPLATE)


def default_plan(signed: date, delivery: date) -> dict[str, str]:
    """The template scaled to the order's real span from signing to delivery.

    A milestone due at day D of the template's 70 falls at D/70 of the span: in a
    five-week order the first fitting is planned halfway, in a twelve-week one at
    day 42. Rounded to whole days; a delivery before signing plans all on signing.
    """
    span = max((delivery - signed).days, 0)
    return {
        name: (signed + timedelta(days=round(span * day / TEMPLATE_DAYS))).isoformat()
        for name, day in TEMPLATE
    }


def shift_plan(
    plan: dict[str, str], done: dict[str, str], days: int, today: date
) -> dict[str, str]:
    """The plan after the delivery date moved `days`: each milestone still ahead and not
    done moves with it (the work left keeps its pace before delivery), never into the
    past. Done ones keep their dates, and so do missed ones: they stay at risk until
    done or re-planned by a person."""
    moved = dict(plan)
    for name, day in plan.items():
        planned = date.fromisoformat(day)
        if name not in done and planned >= today:
            moved[name] = max(planned + timedelta(days=days), today).isoformat()
    return moved


def planned_between(
    plan: dict[str, str], done: dict[str, str], first: date, last: date
) -> list[tuple[date, str]]:
    """The milestones not done yet planned from `first` to `last` (inclusive), by date."""
    dated = [(date.fromisoformat(day), name) for name, day in plan.items() if name not in done]
    return sorted((day, name) for day, name in dated if first <= day <= last)


def missed(plan: dict[str, str], done: dict[str, str], today: date) -> list[tuple[date, str]]:
    """The milestones whose planned day has passed with the milestone not done."""
    return planned_between(plan, done, date.min, today - timedelta(days=1))


def plan_name(text: str, plan: dict[str, str]) -> str | None:
    """A milestone of the plan as a person writes it ("First  Fitting"), or None."""
    wanted = " ".join(text.lower().split())
    return wanted if wanted in plan else None
