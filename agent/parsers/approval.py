"""An approval question's reply: approve, decline, or a person reads it (conditions, doubts,
someone else's approval, one still to come)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.model import Question
from agent.orders import ORDER_ID
from agent.parsers.decision import DOUBT, HINT, NOTHING, PLAIN, SURE, Decision
from agent.parsers.phrases import fold, folded_words, word_pattern
from agent.parsers.prepared_reply import WORD, Reply

# A negator this close before an approval refuses plainly ("don't approve", "not approved");
# one further back in its clause, up to the wider reach, doubts it ("I don't think we can
# approve", "not in a position to sign off"): read as a decline for a person to confirm.
PLAIN_REFUSAL_WORDS = 1
# How many words before an approval a modal ("we'll approve", "wants to sign off") may stand.
MODAL_WORDS = 3
# A document's reference in folded text: "CO-7", "inv-2041". An approval naming only
# references the question does not name approves something else.
_REFERENCE = re.compile(r"(?<![\w-])[a-z]{1,5}-\d{1,6}(?![\w-])")


@dataclass(frozen=True)
class _Found:
    """The reply's approval words, sorted by what stands around them."""

    strong: list[re.Match[str]]
    given: list[re.Match[str]]  # none of the below
    doubted: list[re.Match[str]]  # "I don't think we can approve"
    unreal: list[re.Match[str]]  # "I would have approved"
    hanging: list[re.Match[str]]  # "we'd sign off if…"
    reported: list[re.Match[str]]  # "approved by the board"
    intended: list[re.Match[str]]  # "we'll approve", "wir genehmigen es morgen"


def read_approval(reply: Reply, question: Question) -> Decision:
    found = _find_approvals(reply)
    other = _other_object(reply, found.given, question)
    if other:  # "The CO-6 invoice is approved" when CO-7 was asked about
        said = reply.clause_quote(other.start())
        return Decision("unclear", DOUBT, f'approves something not asked about: "{said}"')
    return _not_given(reply, found) or _verdict(reply, found)


def _other_object(
    reply: Reply, given: list[re.Match[str]], question: Question
) -> re.Match[str] | None:
    """The first approval whose sentence names references (CO-6) but none the question names."""
    asked = set(_REFERENCE.findall(fold(f"{question.about} {question.change_order}")))
    for match in given:
        start, end = reply.sentence(match.start())
        named = set(_REFERENCE.findall(reply.folded[start:end]))
        named = {ref for ref in named if not ORDER_ID.fullmatch(ref.upper())}  # the order itself
        if named and not named & asked:
            return match
    return None


def _find_approvals(reply: Reply) -> _Found:
    strong = reply.find("approve_strong")
    # "Absolutely not", "of course not": an approval word that only stresses a refusal.
    weak = reply.find("approve_weak", avoid=strong + reply.find("flat_refusals"))
    # "I don't think we can approve", "no way we can sign off": a negation further back in
    # the clause doubts the approval; it refuses plainly only right before it.
    doubted = [m for m in strong + weak if reply.clause_negated(m.start())]
    rest = [m for m in strong + weak if m not in doubted]
    unreal = [m for m in rest if reply.has_before(m.start(), "counterfactual", MODAL_WORDS)]
    rest = [m for m in rest if m not in unreal]
    # "The budget was approved by the board": someone else's approval, of something else.
    # "Vom Vorstand genehmigt": in a verb-final language the agent stands before it.
    reported = [
        m
        for m in rest
        if reply.words_after(m.end(), "passive_agents", 1)
        or reply.has_before(m.start(), "agents_before", MODAL_WORDS)
    ]
    # "We'll approve them", "before we sign off", "wir genehmigen es morgen": not given yet.
    intended = [
        m
        for m in rest
        if m not in reported
        and (
            reply.has_before(m.start(), "modals", MODAL_WORDS)
            or reply.words_after(m.end(), "future_times", MODAL_WORDS)
        )
    ]
    given = [m for m in rest if m not in reported + intended]
    hanging = [m for m in rest if _unreal_condition(reply, m)]
    return _Found(strong, given, doubted, unreal, hanging, reported, intended)


def _not_given(reply: Reply, found: _Found) -> Decision | None:
    """An approval that hangs on a condition, is someone else's, is held back, was never
    given or is negated; None when none of these decides."""
    if found.hanging:
        said = reply.clause_quote(found.hanging[0].start())
        return Decision("unclear", DOUBT, f'an approval on a condition: "{said}"', conditional=True)
    if found.reported and not (found.given or found.intended):
        said = reply.clause_quote(found.reported[0].start())
        return Decision("unclear", DOUBT, f'reports an approval by someone else: "{said}"')
    plain = _plain_refusals(reply, found)
    # "I can't approve without the back views": not yet, on a condition; not a refusal.
    waiting = [m for m in plain if reply.words_after(m.end(), "refusal_conditions", 3)]
    if waiting:
        said = reply.clause_quote(waiting[0].start())
        return Decision("unclear", DOUBT, f'an approval held back: "{said}"', conditional=True)
    if found.unreal or len(plain) < len(found.doubted):
        said = reply.clause_quote((found.unreal or found.doubted)[0].start())
        kind = "an approval that was not given" if found.unreal else "a negated approval"
        return Decision("decline", HINT, f'{kind}: "{said}"')
    return None


def _plain_refusals(reply: Reply, found: _Found) -> list[re.Match[str]]:
    """Approval words negated right before them: "don't approve", "not approved"."""
    return [m for m in found.doubted if reply.negated(m.start(), PLAIN_REFUSAL_WORDS)]


def _verdict(reply: Reply, found: _Found) -> Decision:
    """Approved, approved on a condition, refused, still to come, a fault, or nothing."""
    approvals, intended = found.given, found.intended
    refusals = [
        match
        for key in ("decline", "flat_refusals")
        for match in reply.find(
            key, outside_questions=True, avoid=approvals + intended + found.unreal
        )
    ]
    # "I don't approve" refuses; "we're not happy with the way…" complains (a person reads it).
    feeling = word_pattern("feelings")
    refusals += [m for m in _plain_refusals(reply, found) if not feeling.search(m.group(0))]
    faults = reply.find(
        "decline_weak", outside_questions=True, avoid=approvals + intended + refusals
    )
    faults = [m for m in faults if not reply.negated(m.start())]
    catch = _approval_catch(reply, approvals, refusals + faults) if approvals else None
    if catch:
        said, condition = reply.quote(approvals[0]), reply.quote(catch)
        return Decision(
            "unclear", DOUBT, f'conditional: "{said}" with "{condition}"', conditional=True
        )
    # Only a statement approves: "Do I need to approve anything else?" does not.
    approvals = [m for m in approvals if not reply.in_question(m.start())]
    if approvals:
        return _approval(reply, [m for m in approvals if m in found.strong], approvals)
    if refusals:
        return Decision("decline", SURE, f'matched "{reply.clause_quote(refusals[0].start())}"')
    if intended:
        said = reply.clause_quote(intended[0].start())
        return Decision("unclear", DOUBT, f'an approval to come, not given: "{said}"')
    if faults:  # "one zip is already broken": a rejection in fact, for a person to confirm
        said = reply.clause_quote(faults[0].start())
        return Decision("decline", HINT, f'reports a fault: "{said}"')
    return Decision("unclear", NOTHING, "no approval or refusal found")


def _unreal_condition(reply: Reply, match: re.Match[str]) -> bool:
    """ "We'd sign off if…", "I would approve had…": an approval in an unreal mood with a
    condition in its sentence."""
    if not reply.has_before(match.start(), "unreal_modals", MODAL_WORDS):
        return False
    start, end = reply.sentence(match.start())
    return bool(word_pattern("if_words").search(reply.folded[start:end]))


def _approval_catch(
    reply: Reply, approvals: list[re.Match[str]], refusals: list[re.Match[str]]
) -> re.Match[str] | None:
    """What makes an approval conditional or partial, if anything.

    Conditions count even inside a question ("Approved - could you make it longer?"),
    except when negated ("Don't change a thing"). A "but" qualifies what came before
    it in its sentence, or a later sentence that asks for something; not a later
    complaint ("Approved. I have to say though, I'm disappointed…") or a later
    question that changes nothing ("Quick question though: when is the invoice due?").
    """
    if refusals:
        return refusals[0]
    for key in ("conditional", "partial", "change_request"):
        found = [
            m
            for m in reply.find(key, avoid=approvals)
            if not reply.negated(m.start())
            and not (key == "change_request" and _approved_thing(reply, m, approvals))
        ]
        if found:
            return found[0]
    first = min(match.start() for match in approvals)
    for match in reply.find("contrastive"):
        if match.start() > first and not reply.aside(
            (match.start(), reply.sentence(match.start())[1])
        ):
            return match
    return None


def _approved_thing(reply: Reply, match: re.Match[str], approvals: list[re.Match[str]]) -> bool:
    """ "We approve the change", "damos el visto bueno al cambio": the change is what is
    approved, right after the approval with only an article between, not a condition."""
    for approval in approvals:
        gap = reply.folded[approval.end() : match.start()]
        if approval.end() > match.start() or re.search(r"[^\w\s']", gap):
            continue
        if all(word in folded_words("articles") for word in WORD.findall(gap)):
            return True
    return False


def _approval(reply: Reply, strong: list[re.Match[str]], found: list[re.Match[str]]) -> Decision:
    said = reply.quote(found[0])
    # "I think it's approved", "I guess it's fine": a belief, for a person to confirm.
    belief = [m for m in reply.find("uncertain") if reply.same_sentence(m, found[0])]
    if belief:
        return Decision("approve", HINT, f'unsure: "{reply.quote(belief[0])}" … "{said}"')
    if strong:
        return Decision("approve", SURE, f'matched "{reply.quote(strong[0])}"')
    receipt = reply.first("acknowledgement")
    if receipt:  # "Great, thanks for the update" acknowledges; it does not approve
        return Decision("unclear", DOUBT, f'acknowledges "{receipt}" without approving')
    if reply.short:
        return Decision("approve", PLAIN, f'matched "{said}" in a short reply')
    return Decision("approve", HINT, f'only "{said}": not an explicit approval')
