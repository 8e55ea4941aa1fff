"""What a reading decided, how sure it is, and the words behind it (shared by the readers)."""

from __future__ import annotations

from dataclasses import dataclass

# How sure each kind of evidence makes a reading.
SURE = 0.9  # an explicit decision: "approved", "option 2 please", "Tuesday at 2"
LIKELY = 0.85  # explicit, with something else named too
PLAIN = 0.8  # a bare answer in a short reply: "2", "the satin", "👍"
HINT = 0.65  # a lean, not a decision: "looks great" in a long reply
DOUBT = 0.35  # hedged, conditional or conflicting
NOTHING = 0.2  # no evidence either way
ASKING = 0.8  # sure that the reply asks the studio something
# Why-texts quote at most this much of the reply.
QUOTE_MAX = 60


@dataclass(frozen=True)
class Decision:
    intent: str
    confidence: float
    why: str
    choice: int | None = None
    proposed: tuple[str, ...] = ()
    conditional: bool = False  # a condition or reservation decided it ("approved, but…")
    asks: bool = False  # the reply also asks the studio something: a person answers it
