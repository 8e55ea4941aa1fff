"""`python run_agent.py demo`: the story runs on embedded servers and tells what happened."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo() -> subprocess.CompletedProcess[str]:
    """The demo, run once as a person would run it, for every test below to read."""
    return subprocess.run(
        [sys.executable, "run_agent.py", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def step(output: str, number: int) -> str:
    """The narration of one story step: from its numbered title to the next blank line."""
    found = re.search(rf"^{number}\. .*?(?=\n\n|\Z)", output, re.M | re.S)
    assert found, f"no step {number} in the demo's output:\n{output}"
    return found.group(0)


def test_demo_exits_zero_with_a_summary(demo: subprocess.CompletedProcess[str]) -> None:
    """The whole story runs without configuration and ends with a one-line summary."""
    assert demo.returncode == 0, demo.stdout + demo.stderr
    words = " ".join(demo.stdout.split())  # the summary is wrapped to the terminal width
    assert "Summary: 10 emails in" in words
    assert "all as expected" in words


def test_gmail_approval_is_applied_and_confirmed(demo: subprocess.CompletedProcess[str]) -> None:
    """Laura's Gmail "Approved" answers the sketches question and she gets a confirmation."""
    text = step(demo.stdout, 1)
    assert "decided   applied: approved design sketches" in text
    assert "Recorded: approved design sketches" in text


def test_iphone_fabric_choice_records_option_two(demo: subprocess.CompletedProcess[str]) -> None:
    """ "The second one please" from an iPhone records fabric 2."""
    text = step(demo.stdout, 2)
    assert "read as   choose 2" in text
    assert "applied: fabric 2, Duchess satin in champagne" in text
    assert "Q1        choice of fabric: fabric 2, Duchess satin in champagne" in demo.stdout


def test_fitting_slot_is_confirmed(demo: subprocess.CompletedProcess[str]) -> None:
    """ "Tuesday at 2 works" confirms the Tuesday 14:00 slot, and the client is told."""
    text = step(demo.stdout, 3)
    assert "applied: fitting on Tuesday 3 February 2026 at 14:00" in text
    assert "Recorded: fitting on Tuesday 3 February 2026 at 14:00" in text


def test_out_of_office_is_not_answered(demo: subprocess.CompletedProcess[str]) -> None:
    """An auto-reply is recorded and nothing is sent back."""
    text = step(demo.stdout, 4)
    assert "decided   auto-reply:" in text
    assert "sent      nothing" in text


def test_stranger_approval_is_not_applied(demo: subprocess.CompletedProcess[str]) -> None:
    """A stranger's "Approved!" changes nothing; only the account manager hears of it."""
    text = step(demo.stdout, 5)
    assert "decided   stranger:" in text
    assert "sent      to ana@atelier.example\n" in text
    assert "Not applied: mail from dani.ortega@freelance-costume.example" in text


def test_am_cc_email_is_adopted_silently(demo: subprocess.CompletedProcess[str]) -> None:
    """Ana's own email to Laura, the agent in copy, joins ORD-0001; nobody is emailed."""
    text = step(demo.stdout, 6)
    assert "decided   adopted:" in text and "via client-address" in text
    assert "sent      nothing" in text


def test_answer_on_the_am_thread_is_applied(demo: subprocess.CompletedProcess[str]) -> None:
    """Laura's reply-all to Ana picks the gold braid; she gets the usual confirmation."""
    text = step(demo.stdout, 7)
    assert "applied: trim 1, Gold braid" in text
    assert '"Re: [ORD-0001] Trim for the gala gowns"' in text
    assert "Q3        choice of trim: trim 1, Gold braid" in demo.stdout


def test_an_ams_command_email_adds_a_note_and_offers_the_client_two_slots(
    demo: subprocess.CompletedProcess[str],
) -> None:
    """Ana's note and fitting lines are done; Laura gets the slots, Ana the answer."""
    text = step(demo.stdout, 8)
    assert "decided   commands: 2 of 2 command(s) done" in text
    assert "| 2. Thursday 12 February 2026 at 10:00" in text
    assert "| Done: ORD-0001 note lead gown toile cut" in text


def test_the_am_settles_a_hand_off_in_one_line(demo: subprocess.CompletedProcess[str]) -> None:
    """Laura's unclear reply goes to Ana; her "Fitting 2" is applied and confirmed to Laura."""
    assert "decided   handed-off:" in step(demo.stdout, 9)
    text = step(demo.stdout, 10)
    assert "Recorded: fitting on Thursday 12 February 2026 at 10:00" in text
    assert (
        "Q4        fitting: fitting on Thursday 12 February 2026 at 10:00, by ana@" in demo.stdout
    )
