"""Out-of-office replies: the date the client is back, in the languages clients write."""

from __future__ import annotations

from datetime import date

import pytest

from agent.parsers.return_date import return_date

SENT = date(2026, 2, 2)


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("I am out of the office until 4 February and will reply on my return.", date(2026, 2, 4)),
        (
            "I'll be back on Monday, February 9th, 2026. For urgent matters call Ana.",
            date(2026, 2, 9),
        ),
        ("Je suis absente jusqu'au 9 février inclus.", date(2026, 2, 9)),
        ("Ich bin bis 12.02.2026 nicht im Büro.", date(2026, 2, 12)),
        ("Estaré fuera de la oficina hasta el 16 de febrero.", date(2026, 2, 16)),
        ("On leave 3 Feb - 20 Feb. Reachable at +34 612 345 678.", date(2026, 2, 20)),
        ("Away until 2 January", None),  # eleven months ahead: not an absence
        ("Thank you for your email. I will reply as soon as I can.", None),
        ("Back next week.", None),
        ("Away until 31/02.", None),
    ],
)
def test_return_date(text: str, back: date | None) -> None:
    """The latest date named ahead of the reply (day-first numerals); none when there is none."""
    assert return_date(text, SENT) == back


def test_a_date_early_next_year_counts_in_december() -> None:
    """Written on 20 December, "back on 5 January" is next year."""
    assert return_date("Closed for the holidays, back on 5 January.", date(2026, 12, 20)) == date(
        2027, 1, 5
    )
