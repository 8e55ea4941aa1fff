"""A fitting question's reply: an offered slot chosen, another time asked for, or neither."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from agent.parsers.decision import DOUBT, HINT, LIKELY, NOTHING, PLAIN, QUOTE_MAX, SURE, Decision
from agent.parsers.option_refs import number_refs
from agent.parsers.phrases import fold, longest_first, merged_table
from agent.parsers.prepared_reply import Reply
from agent.parsers.proposed_times import proposed_times
from agent.parsers.slot_match import fitting_slots, local_slots


def read_fitting(reply: Reply, slots: list[str], sent_at: datetime, tz: ZoneInfo) -> Decision:
    offered = local_slots(slots, tz)
    today = sent_at.astimezone(tz).date() if sent_at.tzinfo else sent_at.date()
    wanted = reply.times_wanted()
    corrected = _corrected_slot(reply, wanted, offered, tz, today)
    if corrected:
        return corrected
    indifferent = reply.first("indifference", outside_questions=True)
    if indifferent:  # "Tuesday at 10 or 2, whichever you prefer"
        return Decision("unclear", DOUBT, f'no choice made: "{indifferent}"')
    found = fitting_slots(wanted, offered, tz, today=today)
    asked = proposed_times(wanted, sent_at, tz, offered=offered)
    asked = [moment for moment in asked if moment not in offered]
    times = tuple(moment.isoformat() for moment in asked)
    moved = reply.first("reschedule") or _same_day(asked, found.indexes, offered)
    if found.unmatched and asked and moved:
        # "Thursday works, but could we start at 11 instead?" asks to move, not to book.
        return Decision("reschedule", LIKELY, f'asks for "{found.unmatched}"', proposed=times)
    ordered = _by_order(reply, found.indexes or tuple(range(1, len(offered) + 1)), offered)
    if ordered:
        return ordered
    shift = reply.first("time_shift", outside_questions=False)
    if len(found.indexes) == 1 and shift:  # "Thursday, but could it be an hour later?"
        return Decision("reschedule", LIKELY, f'slot {found.indexes[0]} moved: "{shift}"')
    if len(found.indexes) == 1:
        why = f'slot {found.indexes[0]}: matched "{found.words}"'
        if found.unmatched:  # "Tuesday at 2, or Friday at 10 if easier"
            why += f'; also mentions "{found.unmatched}"'
            return Decision("choose", HINT, why, choice=found.indexes[0], proposed=times)
        reservation = reply.reservation()
        if reservation:  # "Tuesday is good for me, but not for the actress"
            why = f'slot {found.indexes[0]} with a reservation: "{reservation[:QUOTE_MAX]}"'
            return Decision("unclear", DOUBT, why, conditional=True)
        if not reply.answers_with_time(wanted):  # "THE SHOW OPENS FRIDAY.": a mention
            return Decision("unclear", DOUBT, f"names slot {found.indexes[0]} in passing ({why})")
        return Decision("choose", SURE, why, choice=found.indexes[0])
    if found.indexes:
        return Decision("unclear", DOUBT, f'"{found.words}" fits slots {list(found.indexes)}')
    by_number = number_refs(reply, len(offered)) if not found.unmatched else []
    by_number = [ref for ref in by_number if wanted[ref.start : ref.end].strip()]
    if len({ref.option for ref in by_number}) == 1:
        said = reply.clause_quote(by_number[0].start)
        return Decision("choose", PLAIN, f'matched "{said}"', choice=by_number[0].option)
    return _reschedule_or_confirm(reply, found.unmatched, times, len(offered))


def _same_day(asked: list[datetime], found: tuple[int, ...], offered: list[datetime]) -> bool:
    """ "Tuesday's fine, but 3pm rather than 2": another time on a day the reply accepts."""
    days = {offered[index - 1].date() for index in found}
    return any(moment.date() in days for moment in asked)


def _corrected_slot(
    reply: Reply, wanted: str, offered: list[datetime], tz: ZoneInfo, today: date
) -> Decision | None:
    """ "Thursday at 10 – oh wait, we have a rehearsal. Make it Tuesday at 2.": the slot
    named after the writer's last correction of themselves."""
    for marker in reversed(reply.find("self_correction")):
        if reply.negated(marker.start()):
            continue
        tail = " " * marker.start() + wanted[marker.start() :]
        found = fitting_slots(tail, offered, tz, today=today)
        if len(found.indexes) == 1 and not found.unmatched:
            earlier = fitting_slots(wanted[: marker.start()], offered, tz, today=today)
            if earlier.indexes or earlier.unmatched:
                why = f'slot {found.indexes[0]}: corrected to "{found.words}"'
                return Decision("choose", PLAIN, why, choice=found.indexes[0])
        return None
    return None


def _by_order(reply: Reply, pool: tuple[int, ...], offered: list[datetime]) -> Decision | None:
    """ "The later one": the later (or earlier) of exactly two slots the reply leaves open."""
    match = _comparative_pattern().search(reply.folded)
    if not match or len(pool) != 2 or reply.in_question(match.start()):
        return None
    earlier, later = sorted(pool, key=lambda index: offered[index - 1])
    choice = later if _folded_comparatives()[match["c"]] == 0 else earlier
    said = reply.clause_quote(match.start())
    confidence = SURE if reply.marked() else PLAIN
    return Decision("choose", confidence, f'slot {choice}: "{said}"', choice=choice)


@cache
def _folded_comparatives() -> dict[str, int]:
    return {fold(word): value for word, value in merged_table("comparatives").items()}


def _reschedule_or_confirm(
    reply: Reply, unmatched: str, times: tuple[str, ...], offered: int
) -> Decision:
    if times:
        return Decision("reschedule", LIKELY, f'asks for "{unmatched}"', proposed=times)
    refusal = reply.first("reschedule") or reply.general_refusal()
    if unmatched:  # "Friday the 30th" when the 30th is a Thursday: ask, do not guess
        why = f'wants another time: "{unmatched}", none resolved'
        return Decision("reschedule", LIKELY if refusal else DOUBT, why)
    if refusal:
        return Decision("reschedule", LIKELY, f'wants another time: "{refusal}"')
    ruled_out = reply.first("unavailable")
    if ruled_out:  # "Tuesday doesn't work": the other slots are still open
        return Decision("unclear", DOUBT, f'rules a time out: "{reply.clause_quote_of(ruled_out)}"')
    agreement = reply.first("approve_strong") or reply.first("available")
    if not agreement and reply.short:
        agreement = reply.first("approve_weak")
    if offered == 1 and agreement:
        return Decision("choose", PLAIN, f'accepts the only slot: "{agreement}"', choice=1)
    return Decision("unclear", NOTHING, "names no offered slot")


@cache
def _comparative_pattern() -> re.Pattern[str]:
    words = longest_first(list(_folded_comparatives()))
    nouns = "one|slot|time|appointment|option|fitting|session|termin|creneau|cita"
    return re.compile(
        rf"(?<!\w)(?:the|der|den|die|das|le|la|el)\s+(?P<c>{words})(?:\s+(?:{nouns}))?(?!\w)"
    )
