"""A choice question's reply: the option picked, from the places it names options (see
option_refs), weighing negations, corrections, conclusions and indifference."""

from __future__ import annotations

from dataclasses import replace

from agent.model import Question
from agent.parsers.decision import DOUBT, HINT, LIKELY, NOTHING, PLAIN, QUOTE_MAX, SURE, Decision
from agent.parsers.option_refs import OptionRef, option_refs
from agent.parsers.phrases import fold, folded_words, key_pattern
from agent.parsers.prepared_reply import WORD, Reply


def read_choice(reply: Reply, question: Question) -> Decision:
    named = option_refs(reply, question.options, question.recommended)
    refs = [replace(ref, polarity=_polarity(reply, ref)) for ref in named]
    refs = _alternatives_named(reply, refs)
    refs = [ref for ref in refs if ref.polarity or not reply.in_question(ref.start)]
    refs = [ref for ref in refs if not reply.supposed(ref.start)]  # "If we choose A, when…?"
    clash = _apposition_clash(reply, refs)
    if clash:
        return Decision("unclear", DOUBT, clash)
    picks = [ref for ref in refs if ref.polarity > 0]
    indifferent = reply.find("indifference", outside_questions=True)
    if indifferent and not any(ref.start > indifferent[-1].start() for ref in picks):
        return Decision("unclear", DOUBT, f'no choice made: "{reply.quote(indifferent[-1])}"')
    corrected = _corrected_pick(reply, refs)
    if corrected:
        return corrected
    ruled_out = _ruled_out(refs)
    picks = [ref for ref in picks if ref.option not in ruled_out]
    if picks:
        return _from_picks(reply, picks, refs)
    named = [ref for ref in refs if ref.polarity == 0 and ref.option not in ruled_out]
    return _from_mentions(reply, named, refs, ruled_out, question)


def _corrected_pick(reply: Reply, refs: list[OptionRef]) -> Decision | None:
    """ "Burgundy. Actually no, green.", "Number 2. Wait, no – make it 3.": after the
    writer's last correction of themselves opening a clause, the one option named (and not
    ruled out) is the answer; several named there leave it open. None without such a
    correction between named options."""
    for marker in reversed(reply.find("self_correction", outside_questions=True)):
        start, _ = reply.clause(marker.start())
        if WORD.findall(reply.folded[start : marker.start()]):
            continue  # "we can't wait for…": a word in a clause, not a correction
        before = [ref for ref in refs if ref.end <= marker.start() and ref.polarity >= 0]
        after = [ref for ref in refs if ref.start >= marker.end()]
        ruled_out = _ruled_out(after)
        kept = sorted({ref.option for ref in after if ref.polarity >= 0} - ruled_out)
        if not before or not kept:
            continue
        said = reply.text[marker.start() : reply.sentence(marker.start())[1]].strip()[:QUOTE_MAX]
        if len(kept) > 1:
            return Decision("unclear", DOUBT, f'corrects a pick to options {kept}: "{said}"')
        return Decision("choose", PLAIN, f'corrected to option {kept[0]}: "{said}"', choice=kept[0])
    return None


def _from_picks(reply: Reply, picks: list[OptionRef], refs: list[OptionRef]) -> Decision:
    chosen = picks[-1]
    said = reply.clause_quote(chosen.start)
    if len({ref.option for ref in picks}) == 1:
        others = {ref.option for ref in refs if ref.polarity >= 0} - {chosen.option}
        confidence = LIKELY if others else SURE
        # "We don't want to lose the overlay": an option's words picked under a negation
        # further back in the clause may be the option refused; a person reads it. So with
        # a reservation after the pick ("B please, but with a shorter hem").
        refused = not chosen.explicit and reply.clause_negated(chosen.start)
        if refused or _reserved_after(reply, chosen.end):
            confidence = HINT
        return Decision("choose", confidence, f'matched "{said}"', choice=chosen.option)
    earlier = next(ref for ref in reversed(picks) if ref.option != chosen.option)
    if reply.changes_mind_between(earlier.end, chosen.start):
        why = f'settled on option {chosen.option}: "{said}"'
        return Decision("choose", PLAIN, why, choice=chosen.option)
    numbers = sorted({ref.option for ref in picks})
    return Decision("unclear", DOUBT, f"picks more than one option: {numbers}")


def _from_mentions(
    reply: Reply,
    named: list[OptionRef],
    refs: list[OptionRef],
    ruled_out: set[int],
    question: Question,
) -> Decision:
    # "Option 1, although the original…": a number outranks an option's words in passing.
    explicit = [ref for ref in named if ref.explicit]
    if len({ref.option for ref in explicit}) == 1:
        named = explicit
    concluded = _concluded(reply, named, refs)
    named = concluded or _after_correction(reply, named)
    options = {ref.option for ref in named}
    if len(options) == 1:
        (option,) = options
        said = reply.clause_quote(named[0].start)
        # A bare answer: a short reply, "Option 1." standing as a clause of its own, or an
        # option's words making a sentence alone, maybe with what was asked about ("Fine, the
        # satin.", "Number 2 for the coats.").
        bare = named[0].explicit and reply.ends_clause(named[0].end)
        words = _option_words(reply, named) | set(WORD.findall(fold(question.about)))
        bare = bare or reply.bare_sentence(named[0].start, words)
        if not bare and reply.complaint:  # "the chiffon is nothing like the swatch!"
            return Decision("unclear", DOUBT, f'names option {option} in a complaint: "{said}"')
        plain = bare or reply.short or bool(concluded)
        confidence = PLAIN if plain and not _hesitant(reply, named, ruled_out) else HINT
        return Decision("choose", confidence, f'matched "{said}"', choice=option)
    if options:
        return Decision("unclear", DOUBT, f"names options {sorted(options)} without picking one")
    return _from_ruled_out(reply, refs, ruled_out, len(question.options))


def _from_ruled_out(
    reply: Reply, refs: list[OptionRef], ruled_out: set[int], count: int
) -> Decision:
    """No option named for itself: the one left when the others are ruled out, if one is."""
    left = set(range(1, count + 1)) - ruled_out
    if ruled_out and len(left) == 1:
        (option,) = left
        why = f"rules out option(s) {sorted(ruled_out)}, leaving option {option}"
        # "Not the cotton." is a choice of the other; "the cotton is too thin" is a remark.
        said_no = all(
            reply.negated(ref.start) or reply.excluded(ref.start)
            for ref in refs
            if ref.option in ruled_out and ref.polarity < 0
        )
        return Decision("choose", PLAIN if said_no else HINT, why, choice=option)
    if ruled_out:
        return Decision("unclear", DOUBT, f"only rules out option(s) {sorted(ruled_out)}")
    return Decision("unclear", NOTHING, "names no option")


def _hesitant(reply: Reply, named: list[OptionRef], ruled_out: set[int]) -> bool:
    """Whether the one option named comes with a doubt a person should weigh: a leaning ("we
    could go with the satin, I suppose"), a reservation after it ("the silk is gorgeous but
    way over budget"), an "or" left open after it ("ivory or something else"), or a negation
    that ruled nothing out ("please don't re-dye, we've had bad experiences with that
    supplier": perhaps the option refused)."""
    leaning = any(reply.has_before(ref.start, "tentative") for ref in named)
    leaning = leaning or bool(reply.first("uncertain"))
    reserved = _reserved_after(reply, max(ref.end for ref in named))
    or_after = key_pattern(r"[\s,]*(?:{words})(?!\w)", "alternatives")
    reserved = reserved or any(or_after.match(reply.folded, ref.end) for ref in named)
    echoed = any(ref.denied for ref in named)  # "without the hoods" quotes the option
    stray_no = not (ruled_out or named[0].explicit or echoed)
    stray_no = stray_no and reply.negation_in(named[0].start)
    return leaning or reserved or stray_no


def _reserved_after(reply: Reply, position: int) -> bool:
    """A "but" (not in a question) after a position: "the silk, but way over budget"."""
    return any(m.start() >= position for m in reply.find("contrastive", outside_questions=True))


def _concluded(reply: Reply, named: list[OptionRef], refs: list[OptionRef]) -> list[OptionRef]:
    """ "We went back and forth between the velvet and the crepe, but in the end: the crepe",
    "We can't lose the overlay, so the polyester one": the options named after a conclusion
    opening its clause (maybe after an "and"), when options were weighed before it; []
    without such a conclusion."""
    for marker in reversed(reply.find("conclusions", outside_questions=True)):
        start, _ = reply.clause(marker.start())
        opening = WORD.findall(reply.folded[start : marker.start()])
        if any(word not in folded_words("conjunctions") for word in opening):
            continue  # "we finally got the swatches": not a conclusion
        after = [ref for ref in named if ref.start >= marker.end()]
        if after and any(ref.end <= marker.start() for ref in refs):
            return after
    return []


def _after_correction(reply: Reply, named: list[OptionRef]) -> list[OptionRef]:
    """ "Midnight blue. Actually no – burgundy.": the options named after the writer's last
    correction of themselves replace those named before it."""
    if len({ref.option for ref in named}) < 2:
        return named
    for marker in reversed(reply.find("self_correction")):
        before = [ref for ref in named if ref.end <= marker.start()]
        after = [ref for ref in named if ref.start >= marker.end()]
        if before and after:
            return after
    return named


def _ruled_out(refs: list[OptionRef]) -> set[int]:
    """Options whose last clear mention rules them out ("not the taffeta")."""
    last: dict[int, int] = {}
    for ref in sorted(refs, key=lambda ref: ref.start):
        if ref.polarity:
            last[ref.option] = ref.polarity
    return {option for option, polarity in last.items() if polarity < 0}


def _polarity(reply: Reply, ref: OptionRef) -> int:
    if ref.denied and reply.negated(ref.start):
        return 0  # "without the hoods" echoes "send the capes without hoods": it names it
    if reply.excluded(ref.start) or reply.negated(ref.start) or reply.denied_after(ref.end):
        return -1
    if reply.picked_before(ref.start) and reply.has_before(ref.start, "tentative"):
        return 0  # "we could go with the satin": leaning, not choosing
    if reply.picked_before(ref.start) or reply.picked_after(ref.end):
        return 1
    if ref.action and reply.wills_before(ref.start):  # "we'll wait for the original velvet"
        return 1
    return 0


def _alternatives_named(reply: Reply, refs: list[OptionRef]) -> list[OptionRef]:
    """ "Either 2 or 3 is fine": options joined by "or" are named together, not picked."""
    ordered = sorted(refs, key=lambda ref: ref.start)
    joined: set[int] = set()
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.option != right.option and reply.joins_alternatives(left.end, right.start):
            joined.update((id(left), id(right)))
    return [
        replace(ref, polarity=0) if id(ref) in joined and ref.polarity > 0 else ref for ref in refs
    ]


def _apposition_clash(reply: Reply, refs: list[OptionRef]) -> str:
    """ "Option 2, the chiffon" when the chiffon is option 3: a slip a person must resolve."""
    ordered = sorted(refs, key=lambda ref: ref.start)
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.option == right.option or left.explicit == right.explicit:
            continue
        if min(left.polarity, right.polarity) < 0 or not reply.apposition(left.end, right.start):
            continue
        number, words = (left, right) if left.explicit else (right, left)
        said = reply.text[left.start : right.end]
        why = f'"{said}": option {number.option} by number, option {words.option} by its words'
        return why
    return ""


def _option_words(reply: Reply, refs: list[OptionRef]) -> set[str]:
    return {word for ref in refs for word in WORD.findall(reply.folded[ref.start : ref.end])}
