"""Staff mail written to the agent: commands, and answers to hand-offs.

Staff mail with anyone outside the studio among its recipients is an account manager's
email to a client or a supplier with the agent in copy, handled elsewhere, whatever it
holds: "Paid final today" written to a supplier is not a command.
Every command email is answered, whatever it held, so the sender knows where things stand.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agent.config import Config
from agent.model import Order
from agent.orders import OrderError
from agent.outbox import Draft
from agent.parsers.envelope import InboundMail
from agent.parsers.reply_text import extract_reply
from agent.rules import Classification
from agent.sent import replied_to
from agent.staff.command_text import read_commands
from agent.staff.commands import Outcome, all_examples, apply_commands
from agent.staff.drafts import StaffDrafter
from agent.staff.handoff_answer import (
    HandoffAnswer,
    apply_handoff_answer,
    handoff_for,
    how_to_answer,
    read_answer,
)
from agent.staff.trust import forged_because
from agent.workflow import Decision

CHATTER_SHOWN = 5


def is_written_to_agent(mail: InboundMail, kind: Classification, config: Config) -> bool:
    """From a staff address, and addressed to nobody outside the studio (staff, finance,
    colleagues)."""
    return kind.kind == "staff" and all(map(config.is_insider, mail.to + mail.cc))


def decide_copied_staff_mail(
    mail: InboundMail, kind: Classification, orders: list[Order], config: Config, now: datetime
) -> Decision | None:
    """Staff mail with someone besides staff and the agent among its recipients is read as
    an email to a client (agent.staff.cc) unless it is written to the agent: commands with
    finance in copy, say. This decides it first; None for mail it leaves to the rest."""
    others = set(mail.to + mail.cc) - config.staff_addresses - {config.address.lower()}
    return decide_staff_mail(mail, kind, orders, config, now) if others else None


def refuse_forged(
    mail: InboundMail, kind: Classification, config: Config, now: datetime
) -> Decision | None:
    """Staff mail the receiving server judged forged does nothing, whatever it holds (a
    command, or an email to a client that would open a question); its address's owner is
    told. None for any other mail."""
    forged = forged_because(mail) if kind.kind == "staff" else ""
    if not forged:
        return None
    detail = f"refused: {forged}; {mail.from_addr} told"
    return Decision("refused", detail, drafts=[StaffDrafter(config, now).refused(mail, forged)])


def decide_staff_mail(
    mail: InboundMail, kind: Classification, orders: list[Order], config: Config, now: datetime
) -> Decision | None:
    """What a staff email to the agent does: a hand-off answer or commands, the answer to
    the sender in the same decision as the changes. None for mail not written to the agent."""
    if not is_written_to_agent(mail, kind, config):
        return None
    drafter = StaffDrafter(config, now)
    text = extract_reply(mail.text, mail.html)
    handoff = handoff_for(mail, orders)
    answer = read_answer(text) if handoff else None
    if handoff and answer:
        return _handoff_answer(mail, *handoff, answer, drafter)
    escalation = replied_to(mail.thread_ids, orders, "escalation")
    return _commands(mail, text, orders, drafter, bool(handoff), escalation)


def _handoff_answer(
    mail: InboundMail, order: Order, sent: dict, answer: HandoffAnswer, drafter: StaffDrafter
) -> Decision:
    changed: Order | None = None
    drafts: list[Draft] = []
    try:
        changed, drafts, said = apply_handoff_answer(
            order, sent, answer, mail, drafter.config, drafter.now
        )
        outcome = Outcome(answer.line, True, tuple(said))
    except OrderError as exc:
        outcome = Outcome(answer.line, False, (str(exc),), how_to_answer(order, sent))
    reply = drafter.answer(mail, [outcome.to_dict()], order.id)
    kind = "handoff-answered" if outcome.done else "handoff-not-applied"
    return Decision(kind, outcome.said[0], order=changed, drafts=[*drafts, reply])


def _commands(
    mail: InboundMail,
    text: str,
    orders: list[Order],
    drafter: StaffDrafter,
    handoff: bool,
    escalation: tuple[Order, dict[str, Any]] | None,
) -> Decision:
    """Commands; on an escalation's thread, a line without an order id is about its order."""
    thread_order, thread = escalation or (None, {})
    found = read_commands(text, mail.subject, thread_order.id if thread_order else "")
    desk, outcomes = apply_commands(
        found.commands, orders, mail, drafter.config, drafter.now, thread, found.chatter
    )
    changed = [desk.orders[order_id] for order_id in desk.changed]
    named = {c.order_id for c in found.commands if c.order_id} | set(desk.changed)
    order_id = named.pop() if len(named) == 1 else ""
    if outcomes:
        reply = drafter.answer(mail, [o.to_dict() for o in outcomes], order_id)
    else:
        chatter = list(found.chatter[:CHATTER_SHOWN])
        reply = drafter.answer(mail, [], order_id, chatter, all_examples(), handoff)
    done = sum(o.done for o in outcomes)
    return Decision(
        "commands" if outcomes else "no-command",
        f"{done} of {len(outcomes)} command(s) done",
        order=changed[0] if changed else None,
        others=changed[1:],
        drafts=[*desk.drafts, reply],
    )
