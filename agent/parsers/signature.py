"""Lines that belong to a sender's signature: a name, a title, a company, contact details.

Text may only be dropped as a signature when it cannot carry a decision, so every
test here refuses a line holding the reader's decision vocabulary (phrases.toml),
a day or a time, or a bare answer such as "2" or "B".
"""

from __future__ import annotations

import re
from functools import cache

from agent.parsers.phrases import fold, longest_first, merged, merged_table, word_pattern
from agent.parsers.time_mentions import names_day_or_time

# A signature line has at most this many words besides its contact details.
SIGNATURE_WORDS = 6
# A name on its own: one to three capitalised words ("Bob", "Ana Ruiz", "J. R. Smith").
_NAME = re.compile(r"\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}\s*")
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|(?:https?://|www\.)\S+|\+?\(?\d[\d\s().-]{6,}\d")
# An answer on its own line: "2", "#3", "B)", "No. 2".
_BARE_ANSWER = re.compile(r"\W*(?:(?:no\.?|nr\.?|#)\s*)?(?:\d{1,2}|[A-Ea-e])\W*", re.IGNORECASE)
# The reader's vocabulary that makes a short line a decision, not a name or a title.
_DECISION_KEYS = (
    "approve_strong", "approve_weak", "decline", "hedge", "conditional", "change_request",
    "dissatisfied", "payment_claim", "payment_promise", "payment_not_sent", "negators",
    "choice_verbs", "choice_after", "indifference", "none_work", "reschedule", "available",
    "unavailable", "option_nouns", "decline_weak", "not_an_answer",
)  # fmt: skip
_DECISION_TABLES = ("ordinals", "number_words")


def is_signature_line(line: str) -> bool:
    """A name, title, company or contact line; never a question or a possible decision."""
    line = line.strip()
    if line.endswith("?") or line.lower().startswith(("p.s", "ps ", "ps:")):
        return False
    if is_contact_field(line):
        return True
    rest = _CONTACT.sub(" ", line)  # phone numbers, addresses and links decide nothing
    return len(rest.split()) <= SIGNATURE_WORDS and not may_decide(rest)


def is_contact_field(line: str) -> bool:
    """A labelled contact line: "Office hours: Mon-Fri 9:00-17:00", "Tel. +34 915 123 456"."""
    return bool(_contact_field().match(fold(line)))


def has_contact(line: str) -> bool:
    """Whether a line holds an address, a link or a phone number."""
    return bool(_CONTACT.search(line))


def is_name(text: str) -> bool:
    """A person's name on its own ("Bob", "Ana Ruiz"), not a word that could decide."""
    return bool(_NAME.fullmatch(text)) and not may_decide(text)


def may_decide(text: str) -> bool:
    """Whether the text could carry a decision: decision words, a day or time, "2", "B"."""
    if _BARE_ANSWER.fullmatch(text):
        return True
    folded = fold(text)
    if any(word_pattern(key).search(folded) for key in _DECISION_KEYS):
        return True  # the reader's own compiled patterns, shared through word_pattern
    return bool(_number_words().search(folded)) or names_day_or_time(text)


@cache
def _number_words() -> re.Pattern[str]:
    words = [word for key in _DECISION_TABLES for word in merged_table(key)]
    return re.compile(rf"(?<!\w)(?:{longest_first(words)})(?!\w)", re.IGNORECASE)


@cache
def _contact_field() -> re.Pattern[str]:
    labels = longest_first(merged("contact_labels"))
    return re.compile(rf"\s*(?:{labels})\s*[:.]\s*\S")
