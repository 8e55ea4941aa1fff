"""Whether a reply only thanks or acknowledges ("Thanks!", "Got it, thank you."): such a reply
asks and decides nothing, so nobody needs to read it (pure; its words come from phrases.toml).

Deliberately narrow: any word left over ("Thanks, the satin", "ok", "looks good") means a
person reads the reply, since it may be a decision."""

from __future__ import annotations

import re

from agent.parsers.phrases import fold, folded_words, word_pattern

PLAIN_WORD = re.compile(r"[^\W\d_]+")
# A name alone on the last line ("Laura") signs the reply; it says nothing.
SIGNED = re.compile(r"\n\s*[A-Z][^\W\d_]+[.!]?\s*$")
LONGEST = 160


def only_acknowledges(text: str) -> bool:
    """True when the text thanks or acknowledges and holds nothing else but courtesy words."""
    text = SIGNED.sub("", text.strip())
    if not text or len(text) > LONGEST or re.search(r"[?\d]", text):
        return False
    text, thanked = fold(text), 0
    for key in ("acknowledgement", "sign_offs"):
        text, found = word_pattern(key).subn(" ", text)
        thanked += found
    text = word_pattern("courtesy").sub(" ", text)
    filler = folded_words("filler")
    # "ok" or "yes please" alone may be a decision: only thanks make it an acknowledgement.
    return bool(thanked) and all(word in filler for word in PLAIN_WORD.findall(text))
