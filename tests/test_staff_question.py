"""What an account manager's email to a client asks, as the agent reads it (pure)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.parsers.staff_question import staff_question

TZ = ZoneInfo("Europe/Madrid")
SENT = datetime(2026, 1, 26, 9, 0, tzinfo=UTC)


def local(day: int, hour: int) -> datetime:
    return datetime(2026, 1, day, hour, 0, tzinfo=TZ)


APPROVALS = [
    ("Please approve the design sketches by Friday.", "design sketches"),
    ("Hi Laura, could you approve the attached sketches?", "sketches"),
    ("We need your approval on the lead gown toile before we cut the silk.", "lead gown toile"),
    ("Please find attached the final sketches for your approval.", "final sketches"),
    ("Attached are the revised embroidery samples for your review and approval.",
     "revised embroidery samples"),
    ("Let us know whether you approve the colour palette.", "colour palette"),
    ("Can you sign off on the fabric swatches so we can order?", "fabric swatches"),
    ("Please review and approve the attached toile photos.", "toile photos"),
    ("We would love your approval on the embroidery motif this week.", "embroidery motif"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "about"), APPROVALS)
def test_request_for_approval_opens_an_approval(text: str, about: str) -> None:
    """An AM asking the client to approve something opens an approval about that thing."""
    asked = staff_question(text, SENT, TZ)
    assert asked is not None and asked.kind == "approval"
    assert asked.about == about


CHOICES = [
    ("Here are the fabric options for the cape:\n1. Silk taffeta\n2. Duchess satin\n\n"
     "Which do you prefer?", ("Silk taffeta", "Duchess satin"), "cape"),
    ("Please choose one:\na) Wait for the original fabric (2 weeks)\n"
     "b) Use the alternative now", ("Wait for the original fabric (2 weeks)",
                                    "Use the alternative now"), ""),
    ("Two options for the trim, your choice:\n\n- Gold braid\n- Silver piping\n- No trim\n\n"
     "Thanks!",
     ("Gold braid", "Silver piping", "No trim"), "trim"),
    ("Which one would you like?\n1) Navy\n2) Bottle green\n3) Burgundy.",
     ("Navy", "Bottle green", "Burgundy"), ""),
    ("Let me know which you prefer.\nOption A: wait for the original fabric\n"
     "Option B: use the alternative", ("wait for the original fabric", "use the alternative"), ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "options", "about"), CHOICES)
def test_listed_options_with_a_choosing_word_open_a_choice(
    text: str, options: tuple[str, ...], about: str
) -> None:
    """Options listed 1., 2. / a), b) / bullets after "options" become a tracked choice."""
    asked = staff_question(text, SENT, TZ)
    assert asked is not None and asked.kind == "choice"
    assert asked.options == options
    assert asked.about == about


FITTINGS = [
    ("For the first fitting, which slot works best?\n- Tue 27 Jan 14:00\n- Thu 29 Jan 10:00",
     (local(27, 14), local(29, 10))),
    ("Would Tuesday 27 January at 14:00 or Thursday 29 January at 10:00 work for the fitting?",
     (local(27, 14), local(29, 10))),
    ("Could you come in for your fitting on Thursday 29 January at 10:00?", (local(29, 10),)),
    ("Can you come in for the first fitting? I have Tuesday 27 January at 2pm or "
     "Thursday 29 January at 10am.", (local(27, 14), local(29, 10))),
    ("It is time for a fitting. These times are free:\n  1. Tuesday 27 January 2026 at 12:00\n"
     "  2. Thursday 29 January 2026 at 10:00\n\nReply with the number that suits you.",
     (local(27, 12), local(29, 10))),
    ("Fitting slots, please pick one:\n1. 27/01 at 2pm\n2. 29/01 at 10am",
     (local(27, 14), local(29, 10))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "slots"), FITTINGS)
def test_offered_fitting_times_open_a_fitting(text: str, slots: tuple[datetime, ...]) -> None:
    """Slots offered for a fitting, asked as a question or a pick, open a fitting question."""
    asked = staff_question(text, SENT, TZ)
    assert asked is not None and asked.kind == "fitting"
    assert asked.slots == slots


NOTHING = [
    "Thanks for approving the sketches, we start cutting on Monday.",
    "Once you approve the sketches we will order the fabric.",
    "There is no need to approve anything yet, I'll send the sketches next week.",
    "Sofia already approved the budget.",
    "Quick update:\n1. Pattern done\n2. Fabric ordered\n3. Embroidery next week",
    "Your fitting is confirmed for Tuesday 27 January at 14:00. See you then!",
    "The fitting, which is on Tuesday 27 January at 14:00, takes about an hour.",
    "Thanks for coming in on Monday. Any questions, just ask?",
    "Options:\nWe can talk on the phone tomorrow.",
    "We looked at the options and decided:\n1. Silk for the cape\n2. Satin for the skirt",
    "Fittings booked: Tuesday 27 January at 14:00 and Thursday 5 February at 10:00. Questions?",
    "Please approve the sketches, and choose:\n1. Silk\n2. Satin",
    "",
]


@pytest.mark.parametrize("text", NOTHING)
def test_statements_updates_and_mixed_requests_open_nothing(text: str) -> None:
    """Thanks, updates, booked times and two questions at once are not tracked questions."""
    assert staff_question(text, SENT, TZ) is None
