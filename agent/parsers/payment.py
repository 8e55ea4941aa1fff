"""A payment question's reply: a claim that the money was sent, a promise, or neither."""

from __future__ import annotations

import re
from functools import lru_cache

from agent.parsers.decision import DOUBT, HINT, NOTHING, SURE, Decision
from agent.parsers.phrases import fold, longest_first, merged_table
from agent.parsers.prepared_reply import WORD, Reply
from agent.staff.order_form import money

# Claims a person checks: (phrase key, what the claim does).
_CHECKED_CLAIMS = (
    ("payment_dispute", "disputing the request"),
    ("payment_partial", "for a part only"),
)
# A sum with its currency ("4.500 €", "EUR 9,800", "$1,200.50"), or one in thousands
# without it ("we've paid 5,000"): no date or clock time has three digits after a separator.
_SUM = re.compile(
    r"(?:[€$£]|\b(?:eur|euros?|usd|gbp)\b)\s?\d[\d.,' ]*\d"
    r"|\d(?:[\d.,' ]*\d)?\s?(?:[€$£]|\b(?:eur|euros?)\b)"
    r"|(?<![\w.,'])\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{2})?(?![\w.,']*\d)",
    re.IGNORECASE,
)
# Sums closer than this to the amount asked are that amount (a rounding, a cent).
SAME_SUM = 1.0


def read_payment(reply: Reply, milestone: str = "", amount: float = 0.0) -> Decision:
    # Promises and denials first, so "will be paid" and "haven't paid" are not read as "paid".
    not_sent = reply.find("payment_not_sent")
    promises = reply.find("payment_promise", avoid=not_sent)
    claims = reply.find("payment_claim", outside_questions=True, avoid=not_sent + promises)
    # Not negated ("never paid"), and not the studio's doing ("the invoice you sent today").
    claims = [m for m in claims if not reply.negated(m.start()) and not reply.by_studio(m)]
    if not claims:  # "Done!", "Sent.": a claim only as the whole answer
        done = reply.find("payment_done", outside_questions=True, avoid=not_sent + promises)
        claims = [m for m in done if reply.bare_sentence(m.start(), set(WORD.findall(m.group(0))))]
    belief = [m for m in reply.find("uncertain") if any(reply.same_sentence(m, c) for c in claims)]
    if belief:  # "I think our office paid it": someone has to check
        why = f'unsure: "{reply.quote(belief[0])}" … "{reply.quote(claims[0])}"'
        return Decision("unclear", DOUBT, why)
    other = _other_milestone(reply, milestone) if claims else ""
    if other:  # "we paid the deposit" when the mid-project payment is asked for
        why = (
            f'claims payment ("{reply.quote(claims[0])}") but names "{other}", not the {milestone}'
        )
        return Decision("payment_sent", HINT, why)
    sums = _other_sums(reply, amount) if claims else ""
    if sums:  # "paid, but only 4.500 €" when 4.900 € is asked: a person checks the books
        why = f'claims payment ("{reply.quote(claims[0])}") naming {sums}, not {amount:g}'
        return Decision("payment_sent", HINT, why)
    # "We paid this back in December" disputes the reminder; "we paid half, the rest next
    # month" pays a part: the claim may stand, but a person checks the books and answers.
    for key, kind in _CHECKED_CLAIMS:
        said = reply.first(key, outside_questions=True) if claims else ""
        if said:
            why = f'claims payment ("{reply.quote(claims[0])}") {kind}: "{said}"'
            return Decision("payment_sent", HINT, why)
    if claims and not (promises or not_sent):
        return Decision("payment_sent", SURE, f'matched "{reply.quote(claims[0])}"')
    if claims:
        doubt = reply.quote((promises or not_sent)[0])
        why = f'claims payment ("{reply.quote(claims[0])}") but also "{doubt}"'
        return Decision("payment_sent", HINT, why)
    if promises:
        promise = reply.quote(promises[0])
        return Decision("unclear", DOUBT, f'a promise, not a payment: "{promise}"')
    if not_sent:
        return Decision("unclear", DOUBT, f'says not paid: "{reply.quote(not_sent[0])}"')
    return Decision("unclear", NOTHING, "no payment claim found")


def _other_milestone(reply: Reply, milestone: str) -> str:
    """Words naming another payment than the one asked for, when the reply names only
    others ("the deposit" for a final payment); "" when it names the asked one, or none."""
    table = {fold(name): tuple(words) for name, words in merged_table("milestones").items()}
    asked = table.get(fold(milestone))
    if not asked or _words_pattern(asked).search(reply.folded):
        return ""
    for name, words in table.items():
        found = _words_pattern(words).search(reply.folded) if name != fold(milestone) else None
        if found and not reply.in_question(found.start()):
            return reply.quote(found)
    return ""


def _other_sums(reply: Reply, amount: float) -> str:
    """The sums the reply names other than the amount asked for, quoted, or ""."""
    if not amount:
        return ""
    named = [match.group(0).strip() for match in _SUM.finditer(reply.text)]
    other = [said for said in named if abs(money(said) - amount) >= SAME_SUM]
    return ", ".join(f'"{said}"' for said in other)


@lru_cache(maxsize=32)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{longest_first(list(words))})(?!\w)")
