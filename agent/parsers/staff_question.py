"""What an account manager's own email asks the client, when it is something the agent tracks.

An AM writing to a client (the agent in copy) may ask for an approval, a choice among
listed options, or a fitting slot. Reading that lets the agent follow the question up
without asking again. Only clear requests count: when unsure this returns None, since
a question opened by mistake would send the client reminders nobody meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from agent.parsers.proposed_times import proposed_times

MAX_OPTIONS = 6
ABOUT_WORDS = 6

_OBJECT = r"(?P<about>[^.?!:;,\n]{3,80})"
_APPROVAL_REQUESTS = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        rf"\b(?:please|kindly|could you|can you|would you|will you)\s+(?:please\s+)?"
        rf"(?:review and\s+)?(?:approve|sign off on|sign off)\s+{_OBJECT}",
        rf"\b(?:need|needs|require|would like|would love|like to have|waiting for|waiting on|"
        rf"ask for)\s+"
        rf"your\s+(?:approval|sign[- ]off|go[- ]ahead|ok|okay)\s+(?:of|on|for)\s+{_OBJECT}",
        rf"\bdo you approve\s+{_OBJECT}\?",
        rf"\blet (?:me|us) know (?:if|whether) you approve\s+{_OBJECT}",
        rf"\b(?:find|see) attached\s+{_OBJECT}\s+for your (?:review and )?(?:approval|sign[- ]off)",
        rf"\b(?:attached|enclosed|here) (?:are|is)\s+{_OBJECT}\s+for your "
        rf"(?:review and )?(?:approval|sign[- ]off)",
    )
)
# "no need to approve", "you don't have to approve": the request is explicitly not made.
_NOT_ASKED = re.compile(
    r"\b(?:no need|not need|don't need|do not need|don't have|do not have|needn't|already)\b"
    r"[^.?!\n]{0,20}$",
    re.I,
)
_ABOUT_END = re.compile(
    r"\s+(?:by|before|so|when|if|as soon|today|tomorrow|this|next|and let|at your)\b.*$", re.I
)
# A long object keeps its head: "the first toile for Carmen's Act 2 dress" is "first toile".
_ABOUT_QUALIFIER = re.compile(r"\s*\(.*$|\s+(?:for|in|from|with)\s.*$", re.I)
_ABOUT_TAIL = re.compile(r"\s+(?:attached|enclosed|below|above|here)$", re.I)
_ABOUT_LEAD = re.compile(r"^(?:(?:the|these|those|our|my|attached|enclosed)\s+)+", re.I)

_NUMBERED = re.compile(
    r"^\s*(?:option\s+)?(?P<label>\d{1,2}|[a-f])\s*[.):]\s+(?P<text>\S.*)$", re.I
)
_BULLET = re.compile(r"^\s*[-*\u2022\u2013]\s+(?P<text>\S.*)$")
_CHOICE_CUE = re.compile(
    r"\b(?:choose|choice|options?|prefer|pick|decide|select|which (?:one|of|do you|would you))\b",
    re.I,
)
# Offering the options, not reporting a decision ("we looked at the options and decided:").
_CHOICE_ASK = re.compile(
    r"\?|\b(?:please|let (?:me|us) know|choose|pick|select|your (?:choice|preference|pick))\b",
    re.I,
)
_BULLET_LEAD = re.compile(r"\b(?:options?|choose|choice)\b", re.I)
_OPTION_MAX_CHARS = 100
_FOR_WHAT = re.compile(r"\b(?:options?|choices?) for (?:the |your )?(?P<about>[\w -]{3,40})", re.I)

_FITTING_CUE = re.compile(r"\b(?:fittings?|fit|try[- ]on|appointment|slots?)\b", re.I)
_BOOKED = re.compile(r"\b(?:confirmed|booked|see you)\b", re.I)
# Asking to pick, not telling a booked time ("the fitting is on Tuesday at 14:00").
_SLOT_ASK = re.compile(
    r"\b(?:which|pick|choose|prefer|works? best|suits? you)\b"
    r"|\blet (?:me|us) know (?:which|what)\b",
    re.I,
)


@dataclass(frozen=True)
class StaffQuestion:
    """A question the AM asked: its kind and what the agent needs to read the answer."""

    kind: str
    about: str = ""
    options: tuple[str, ...] = ()
    slots: tuple[datetime, ...] = field(default=())


def staff_question(text: str, sent_at: datetime, tz: ZoneInfo) -> StaffQuestion | None:
    """The one question the AM's new text asks, or None (nothing, or more than one kind)."""
    found = [
        q for q in (_fitting(text, sent_at, tz), _choice(text), _approval(text)) if q is not None
    ]
    if found and found[0].kind == "fitting":
        # Slot lines are often numbered too: as a fitting they are not also a choice.
        found = [q for q in found if q.kind != "choice"]
    return found[0] if len(found) == 1 else None


def _approval(text: str) -> StaffQuestion | None:
    for pattern in _APPROVAL_REQUESTS:
        for match in pattern.finditer(text):
            if _NOT_ASKED.search(text[: match.start()].rsplit("\n", 1)[-1]):
                continue
            about = _about(match["about"])
            if about:
                return StaffQuestion("approval", about=about)
    return None


def _about(raw: str) -> str:
    trimmed = _ABOUT_TAIL.sub("", _ABOUT_END.sub("", raw.strip()))
    words = _ABOUT_LEAD.sub("", trimmed).split()
    if len(words) > ABOUT_WORDS:
        words = _ABOUT_QUALIFIER.sub("", " ".join(words)).split()
    return " ".join(words) if 0 < len(words) <= ABOUT_WORDS else ""


def _choice(text: str) -> StaffQuestion | None:
    lines = text.splitlines()
    options = _numbered_options(lines) or _bulleted_options(lines)
    if len(options) < 2 or not (_CHOICE_CUE.search(text) and _CHOICE_ASK.search(text)):
        return None
    topic = _FOR_WHAT.search(text)
    about = _about(topic["about"]) if topic else ""
    return StaffQuestion("choice", about=about, options=tuple(options))


def _numbered_options(lines: list[str]) -> list[str]:
    """One run of lines labelled 1, 2, 3… or a, b, c… (blank lines between them allowed)."""
    options: list[str] = []
    for line in lines:
        match = _NUMBERED.match(line)
        if match and _label_index(match["label"]) == len(options):
            options.append(_option_text(match["text"]))
        elif options and line.strip():
            break
    return options if _usable(options) else []


def _label_index(label: str) -> int:
    return int(label) - 1 if label.isdigit() else ord(label.lower()) - ord("a")


def _bulleted_options(lines: list[str]) -> list[str]:
    """Bullet lines right after a line that speaks of options or choosing."""
    for index, line in enumerate(lines):
        if not _BULLET_LEAD.search(line):
            continue
        options: list[str] = []
        for following in lines[index + 1 :]:
            match = _BULLET.match(following)
            if match:
                options.append(_option_text(match["text"]))
            elif options or following.strip():
                break
        if _usable(options):
            return options
    return []


def _option_text(text: str) -> str:
    return text.strip().rstrip(".;,").strip()


def _usable(options: list[str]) -> bool:
    short = all(0 < len(o) <= _OPTION_MAX_CHARS for o in options)
    return 2 <= len(options) <= MAX_OPTIONS and short and len(set(options)) == len(options)


def _fitting(text: str, sent_at: datetime, tz: ZoneInfo) -> StaffQuestion | None:
    if not _FITTING_CUE.search(text) or _BOOKED.search(text):
        return None
    slots: list[datetime] = []
    asked_on_line = False  # "Does Tuesday at 14:00 work for the fitting?"
    for line in text.splitlines():
        found = [t for t in proposed_times(line, sent_at, tz) if t > sent_at]
        slots.extend(t for t in found if t not in slots)
        asked_on_line = asked_on_line or (bool(found) and "?" in line)
    # A choosing word alone ("the fitting, which is at 14:00") does not ask about one time.
    offered = len(slots) >= 2 and bool(_SLOT_ASK.search(text))
    return StaffQuestion("fitting", slots=tuple(slots)) if offered or asked_on_line else None
