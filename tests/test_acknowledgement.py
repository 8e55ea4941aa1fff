"""Which replies only say thanks (recorded, nobody emailed) and which may decide something."""

from __future__ import annotations

import pytest

from agent.parsers.acknowledgement import only_acknowledges


@pytest.mark.parametrize(
    "text",
    [
        "Thanks!",
        "Thanks for the update",
        "Got it, thanks.\n\nLaura",
        "Noted, thank you.",
        "Many thanks for the update!\nBest,\nLaura",
        "Danke!",
        "Merci beaucoup !",
        "¡Gracias!",
        "Grazie mille",
        "Obrigada!",
        "Tack!",
        "Dziękuję!",
    ],
)
def test_thanks_and_receipts_in_any_language_only_acknowledge(text: str) -> None:
    """A thank-you or "got it", signed or not, in any of the reader's languages."""
    assert only_acknowledges(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "Yes please",
        "Looks good!",
        "Approved, thanks",
        "Thanks, go ahead",
        "Thanks, we paid",
        "Thanks, the satin please",
        "Thanks, option 2",
        "Thanks! When is the fitting?",
        "Thanks but no",
        "Not happy, thanks",
        "Thanks, see you Tuesday",
        "",
    ],
)
def test_anything_that_may_decide_or_ask_is_not_a_mere_thank_you(text: str) -> None:
    """A word that may be a decision, a question, a number or a mood means a person reads it."""
    assert not only_acknowledges(text)
