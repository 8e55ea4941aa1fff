"""Staff commands read from the new text of an email (pure: text in, commands out).

A command line starts with a verb ("phase", "paid", "ask approval"…; the phrasings
are data in commands.toml), with the order id before or after it or in the subject.
A line with neither a verb nor an order id is the email's greeting or chat: left alone.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from agent.parsers.signature import is_name, is_signature_line

COMMANDS_PATH = Path(__file__).with_name("commands.toml")
ORDER_ID = re.compile(r"\bORD[- ]?(\d{1,8})\b", re.I)
BULLET = re.compile(r"^(?:[-*•]|\d{1,2}[.)]|[a-e][.)])\s+", re.I)
FIELD_LINE = re.compile(r"^([^\W\d][\w .-]{0,30}?)\s*:\s*(\S.*)$")
OPTION_LINE = re.compile(r"^(?:[-*•]|\d{1,2}[.)]|[a-e][.)])\s+\S", re.I)
# A change order's item or field: "- Hand-beaded bodices: 2,400", "Bodices = 2400".
ITEM_LINE = re.compile(r"^(?:[-*•]\s+)?[^=:]*\w[^=:]*[=:]\s*\S")
EDGE = " :;,.-"
# The verbs whose command goes on over the lines below it, and what those lines look like.
BLOCK_LINES = {
    "new_order": FIELD_LINE,
    "choice": OPTION_LINE,
    "fitting": OPTION_LINE,
    "change_order": ITEM_LINE,
    "issue": re.compile(f"{FIELD_LINE.pattern}|{OPTION_LINE.pattern}", re.I),
}


@dataclass(frozen=True)
class Command:
    """One command as typed. `verb` is a key of commands.toml's [verbs], or "" when a
    line names an order but no command the agent knows."""

    verb: str
    text: str
    order_id: str = ""
    rest: str = ""
    block: tuple[str, ...] = ()
    # The line opens with the order id, or with its command then the id: written as a
    # command, not a sentence that happens to start with a command's word.
    id_first: bool = False


@dataclass(frozen=True)
class CommandText:
    commands: tuple[Command, ...]
    chatter: tuple[str, ...]


@cache
def command_tables() -> dict[str, dict[str, Any]]:
    with COMMANDS_PATH.open("rb") as handle:
        return tomllib.load(handle)


def phrase_pattern(phrases: list[str], whole: bool = False) -> re.Pattern[str]:
    """Literal phrases as one case-insensitive regex, longest first ("ask approval of"
    wins over "ask approval"); `whole` makes it match a whole text only."""
    words = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    end = r"\s*[.!]*\s*$" if whole else r"(?![\w-])"
    return re.compile(rf"^(?:{words}){end}", re.I)


@cache
def _verbs() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, list[str]] = command_tables()["verbs"]
    names = {phrase.lower(): verb for verb, phrases in table.items() for phrase in phrases}
    return phrase_pattern(list(names)), names


def example(verb: str) -> str:
    return str(command_tables()["examples"].get(verb, ""))


def order_id_in(text: str) -> str:
    """The first order id in `text`, as the agent writes it (ORD-42 -> ORD-0042)."""
    found = ORDER_ID.search(text)
    return f"ORD-{int(found.group(1)):04d}" if found else ""


def read_commands(text: str, subject: str, thread_order: str = "") -> CommandText:
    """Every command in `text`; where a line has no order id, the order of the agent's
    email this one replies to stands in, else the subject's."""
    default_id = thread_order or order_id_in(subject)
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    commands: list[Command] = []
    chatter: list[str] = []
    index = 0
    while index < len(lines):
        line, index = lines[index], index + 1
        if not line:
            continue
        command = _read_line(line, default_id)
        if command is None:
            chatter.append(line)
            continue
        block, index = _block(lines, index, BLOCK_LINES.get(command.verb))
        commands.append(replace(command, block=block))
    return CommandText(tuple(commands), tuple(chatter))


def _read_line(line: str, default_id: str = "") -> Command | None:
    """One line as a command, or None when it names neither a command nor an order."""
    own_id = order_id_in(line)
    words = " ".join(BULLET.sub("", ORDER_ID.sub(" ", line, count=1)).split()).strip(EDGE)
    pattern, names = _verbs()
    found = pattern.match(words)
    if found is None:
        return Command("", line, own_id, words) if own_id else None
    rest = words[found.end() :].strip(EDGE)
    verb = names[found.group(0).lower()]
    return Command(verb, line, own_id or default_id, rest, id_first=_id_first(line, found[0]))


def _id_first(line: str, phrase: str) -> bool:
    bare = " ".join(BULLET.sub("", line).split())
    after_verb = bare[len(phrase) :].lstrip(EDGE) if bare.lower().startswith(phrase.lower()) else ""
    return bool(ORDER_ID.match(bare) or ORDER_ID.match(after_verb))


def _block(
    lines: list[str], index: int, shape: re.Pattern[str] | None
) -> tuple[tuple[str, ...], int]:
    """The lines that belong to the command above them (blank lines between are fine)."""
    block: list[str] = []
    end = index
    while shape is not None and index < len(lines):
        if lines[index] and not shape.match(lines[index]):
            break
        if lines[index]:
            block.append(lines[index])
            end = index + 1
        index += 1
    return tuple(block), end


def without_courtesy(text: str) -> str:
    """The text without the "please", "thanks" around it ("Option 2, please" -> "Option 2")."""
    return _courtesy().sub("", text.strip()).strip()


def beyond_courtesy(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The lines that say something: not a greeting or close ("Thanks!", "Best, Ana", "Hi
    Sofia,"), nor, below a name, the title, company or phone of a signature."""
    said: list[str] = []
    signed = False
    for line in lines:
        rest = without_courtesy(line).strip(" ,.!")
        if not rest or is_name(rest):
            signed = signed or bool(rest)
        elif not (signed and is_signature_line(line)):
            said.append(line)
    return said


@cache
def _courtesy() -> re.Pattern[str]:
    words = "|".join(
        re.escape(word)
        for word in sorted(command_tables()["answers"]["courtesy"], key=len, reverse=True)
    )
    return re.compile(rf"^(?:(?:{words})(?:\W+|$))+|(?:\W+(?:{words}))+\W*$", re.I)
