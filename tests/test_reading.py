"""Reading a reply against its question: typed decisions, confidence and hand-offs."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agent.model import Question
from agent.parsers.proposed_times import proposed_times
from agent.parsers.reading import read_reply
from agent.parsers.slot_match import local_slots, match_slot

TZ = ZoneInfo("Europe/Madrid")
SENT = datetime(2025, 1, 22, 9, 30, tzinfo=TZ)  # a Wednesday

APPROVAL = Question(id="q-design", kind="approval", asked_at="2025-01-20", about="gala sketches")
FABRIC = Question(
    id="q-fabric",
    kind="choice",
    asked_at="2025-01-20",
    options=[
        "Use the alternative duchess satin (ships now)",
        "Wait for the original silk taffeta (+2 weeks)",
    ],
)
COLOURS = Question(
    id="q-colour",
    kind="choice",
    asked_at="2025-01-20",
    options=["Ivory silk", "Champagne satin", "Blush chiffon"],
)
LETTERED = Question(
    id="q-lining",
    kind="choice",
    asked_at="2025-01-20",
    options=["A) Ivory silk", "B) Champagne satin", "C) Blush chiffon"],
)
SLOTS = ["2025-01-28T10:00:00+01:00", "2025-01-28T14:00:00+01:00", "2025-01-30T10:00:00+01:00"]
FITTING = Question(id="q-fitting", kind="fitting", asked_at="2025-01-20", slots=SLOTS)
ONE_SLOT = Question(id="q-final", kind="fitting", asked_at="2025-01-20", slots=[SLOTS[2]])
PAYMENT = Question(id="q-deposit", kind="payment", asked_at="2025-01-20", amount=6000.0)
LINING = Question(
    id="q-lining2",
    kind="choice",
    asked_at="2025-01-20",
    options=["Silk habotai lining", "Cotton batiste lining"],
)
TRIM = Question(
    id="q-trim",
    kind="choice",
    asked_at="2025-01-20",
    options=[
        "Option A: keep the original trim (ready in 3 weeks)",
        "Option B: switch to the stock trim (ready now)",
    ],
)
MID_PAYMENT = Question(
    id="q-mid", kind="payment", asked_at="2025-01-20", amount=4000.0, milestone="mid-project"
)
TWO_SLOTS = Question(
    id="q-two",
    kind="fitting",
    asked_at="2025-01-20",
    slots=["2025-01-27T11:00:00+01:00", "2025-01-31T17:00:00+01:00"],
)

BUTTONS = Question(
    id="q-buttons",
    kind="choice",
    asked_at="2025-01-20",
    options=["Brass buttons", "Horn buttons", "Fabric-covered buttons"],
)
COLLARS = Question(
    id="q-collar",
    kind="choice",
    asked_at="2025-01-20",
    options=["Ruff collar", "Falling lace collar", "Short puff sleeves"],
)
NO_COLLAR = Question(
    id="q-no-collar",
    kind="choice",
    asked_at="2025-01-20",
    options=["Ruff collar", "Standing Medici collar", "No collar"],
)

VELVETS = Question(
    id="q-velvet",
    kind="choice",
    asked_at="2025-01-20",
    options=["Bottle-green velvet", "Claret velvet", "Midnight-navy velvet"],
)
PLUMES = Question(
    id="q-plumes",
    kind="choice",
    asked_at="2025-01-20",
    options=["Wait for the ostrich plumes (+8 days)", "Use dyed goose feathers from stock"],
)


def case(
    question: Question | None,
    text: str,
    intent: str,
    *,
    choice: int | None = None,
    human: bool = False,
    proposed: tuple[str, ...] = (),
    upset: bool = False,
) -> object:
    """One labelled reply; the id is the reply itself so a failure names it."""
    return pytest.param(question, text, intent, choice, human, proposed, upset, id=text[:50])


APPROVAL_CASES = [
    case(APPROVAL, "Approved!", "approve"),
    case(APPROVAL, "Looks great, go ahead", "approve"),
    case(APPROVAL, "yes please proceed", "approve"),
    case(APPROVAL, "👍", "approve"),
    case(APPROVAL, "We're happy with it.", "approve"),
    case(APPROVAL, "Happy to sign off on these.", "approve"),
    case(APPROVAL, "We approve the design as shown.", "approve"),
    case(APPROVAL, "Yes", "approve"),
    case(APPROVAL, "I have no objections. Proceed.", "approve"),
    case(APPROVAL, "I approve, no changes needed.", "approve"),
    case(APPROVAL, "All good, you have our sign-off.", "approve"),
    case(APPROVAL, "What a lovely design, approved", "approve"),
    case(
        APPROVAL,
        "Hi Lucia,\n\nThe sketches look wonderful. Approved!\n\nBest,\nAna Ruiz\n"
        "Wardrobe Supervisor\n+34 612 345 678",
        "approve",
    ),
    case(APPROVAL, "Approved. Let me know if you need anything else.", "approve"),
    case(APPROVAL, "Genehmigt, vielen Dank!", "approve"),
    case(APPROVAL, "C'est parfait, allez-y.", "approve"),
    case(APPROVAL, "Aprobado, gracias.", "approve"),
    case(APPROVAL, "No.", "decline"),
    case(APPROVAL, "Not approved.", "decline"),
    case(APPROVAL, "Please change the neckline.", "decline"),
    case(APPROVAL, "We don't like the colour.", "decline"),
    case(APPROVAL, "I don't approve of the bodice shape.", "decline"),
    case(APPROVAL, "Not quite what we had in mind - please revise the skirt.", "decline"),
    case(APPROVAL, "Don't go ahead yet.", "decline"),
    case(APPROVAL, "Approved but change the collar", "unclear", human=True),
    case(APPROVAL, "Yes, if you can make the train shorter.", "unclear", human=True),
    case(APPROVAL, "Approved, with one small change: a deeper V neck.", "unclear", human=True),
    case(APPROVAL, "Go ahead as long as the price doesn't change.", "unclear", human=True),
    case(APPROVAL, "Can you make the collar higher? Otherwise approved.", "unclear", human=True),
    case(
        APPROVAL,
        "Approved - could you make the sleeves a bit longer though?",
        "unclear",
        human=True,
    ),
    case(APPROVAL, "I would approve if the price stays the same.", "unclear", human=True),
    case(APPROVAL, "Not yet, let me think", "unclear", human=True),
    case(APPROVAL, "I need to check with the director", "unclear", human=True),
    case(APPROVAL, "Will get back to you tomorrow.", "unclear", human=True),
    case(APPROVAL, "Please hold off on production.", "unclear", human=True),
    case(APPROVAL, "Yes, we got them. We'll review them with the director.", "unclear", human=True),
    case(APPROVAL, "Noch nicht, ich muss mit der Regie sprechen.", "unclear", human=True),
    case(APPROVAL, "Pas encore, je dois réfléchir.", "unclear", human=True),
    case(APPROVAL, "Todavía no, tengo que consultarlo.", "unclear", human=True),
    case(APPROVAL, "Do I need to approve anything else?", "question", human=True),
    case(APPROVAL, "Could you send a photo of the back view first?", "question", human=True),
    # A decision that also asks the studio something stands, and goes to a person who answers.
    case(APPROVAL, "Approved! Could you also send the invoice?", "approve", human=True),
    case(
        APPROVAL,
        "I'm very disappointed, this is not what we asked for.",
        "decline",
        human=True,
        upset=True,
    ),
    # A fault reported without a refusal in words: a decline, for a person to confirm.
    case(
        APPROVAL, "The colours are wrong. This is unacceptable.", "decline", human=True, upset=True
    ),
]

CHOICE_CASES = [
    case(FABRIC, "2", "choose", choice=2),
    case(FABRIC, "#2", "choose", choice=2),
    case(FABRIC, "option 2", "choose", choice=2),
    case(FABRIC, "Option two please", "choose", choice=2),
    case(FABRIC, "Number 1", "choose", choice=1),
    case(FABRIC, "the second one", "choose", choice=2),
    case(FABRIC, "The first", "choose", choice=1),
    case(FABRIC, "the satin", "choose", choice=1),
    case(FABRIC, "Let's wait for the original fabric", "choose", choice=2),
    case(FABRIC, "We'll take the satin.", "choose", choice=1),
    case(FABRIC, "We'd rather not wait — use the alternative", "choose", choice=1),
    case(FABRIC, "Go with the satin please, not the taffeta", "choose", choice=1),
    case(FABRIC, "The satin, definitely not the taffeta.", "choose", choice=1),
    case(FABRIC, "Not option 1. Option 2.", "choose", choice=2),
    case(
        FABRIC, "We'd love the taffeta but can't wait, so let's do the satin.", "choose", choice=1
    ),
    case(FABRIC, "I was torn between 1 and 2 but let's go with 2", "choose", choice=2),
    case(
        FABRIC,
        "Option 1, although I'm disappointed the original is late.",
        "choose",
        choice=1,
        human=True,
        upset=True,
    ),
    # Of two options, saying no to one is choosing the other (tests/replies agrees).
    case(FABRIC, "not the taffeta", "choose", choice=1),
    case(FABRIC, "anything but option 1", "choose", choice=2),
    case(FABRIC, "The satin is too shiny.", "choose", choice=2, human=True),
    case(FABRIC, "either is fine", "unclear", human=True),
    case(FABRIC, "Both options work for us.", "unclear", human=True),
    case(FABRIC, "whatever you think", "unclear", human=True),
    case(FABRIC, "We like both, you decide.", "unclear", human=True),
    case(FABRIC, "The satin looks cheap, the taffeta is worth the wait.", "unclear", human=True),
    case(FABRIC, "Hmm, not sure. What's the price difference?", "question", human=True),
    case(FABRIC, "Is option 2 more expensive?", "question", human=True),
    case(FABRIC, "The first option is more expensive, right?", "unclear", human=True),
    case(FABRIC, "Option 2 was my first thought, but let's go with 1.", "choose", choice=1),
    case(FABRIC, "Option 1 is out, go for 2.", "choose", choice=2),
    case(FABRIC, "Hmm, 1 or 2... let's say 2.", "choose", choice=2),
    case(FABRIC, "Please send samples of both before we decide.", "unclear", human=True),
    case(COLOURS, "I was torn between 1 and 3 but let's go with 3", "choose", choice=3),
    case(COLOURS, "Champagne please", "choose", choice=2),
    case(COLOURS, "the last one", "choose", choice=3),
    case(COLOURS, "Let's go for number three.", "choose", choice=3),
    case(COLOURS, "Option 3. Actually, make that option 2.", "choose", choice=2),
    case(COLOURS, "I like the ivory silk but we'll take the blush chiffon", "choose", choice=3),
    case(COLOURS, "anything but option 1", "unclear", human=True),
    case(COLOURS, "I like 1 and 2 equally.", "unclear", human=True),
    case(COLOURS, "Nous prenons la deuxième.", "choose", choice=2),
    case(COLOURS, "Preferimos la tercera opción.", "choose", choice=3),
    case(LETTERED, "B", "choose", choice=2),
    case(LETTERED, "Option C please", "choose", choice=3),
    case(LETTERED, "A lovely choice, we'll go with C", "choose", choice=3),
    case(LETTERED, "We choose B.", "choose", choice=2),
]

FITTING_CASES = [
    case(FITTING, "Tuesday at 2 works", "choose", choice=2),
    case(FITTING, "Thursday morning", "choose", choice=3),
    case(FITTING, "the 30th at 10", "choose", choice=3),
    case(FITTING, "Tue 10am", "choose", choice=1),
    case(FITTING, "Tuesday afternoon is perfect.", "choose", choice=2),
    case(FITTING, "The 28th at 10:00 please.", "choose", choice=1),
    case(FITTING, "See you on the 30th!", "choose", choice=3),
    case(FITTING, "Tuesday doesn't work, Thursday is great", "choose", choice=3),
    case(FITTING, "Tuesday is out, but Thursday works.", "choose", choice=3),
    case(FITTING, "the first one", "choose", choice=1),
    case(FITTING, "Donnerstag um 10 Uhr passt.", "choose", choice=3),
    case(FITTING, "Le jeudi à 10h, parfait.", "choose", choice=3),
    case(FITTING, "El martes a las 2 de la tarde, por favor.", "choose", choice=2),
    case(ONE_SLOT, "Yes, that works for us.", "choose", choice=1),
    case(FITTING, "Tuesday works", "unclear", human=True),
    case(FITTING, "Tuesday at 2 or Thursday at 10, either is fine.", "unclear", human=True),
    case(
        FITTING,
        "Can we do Friday the 31st at 3pm instead?",
        "reschedule",
        proposed=("2025-01-31T15:00:00+01:00",),
    ),
    case(FITTING, "next Monday at 11?", "reschedule", proposed=("2025-01-27T11:00:00+01:00",)),
    case(FITTING, "Jan 30 15:00", "reschedule", proposed=("2025-01-30T15:00:00+01:00",)),
    case(
        FITTING,
        "Tuesday at 2 is not possible, can we do Wednesday at 3?",
        "reschedule",
        proposed=("2025-01-29T15:00:00+01:00",),
    ),
    case(
        FITTING,
        "Could we move it to Monday 3 Feb at 2pm?",
        "reschedule",
        proposed=("2025-02-03T14:00:00+01:00",),
    ),
    case(
        FITTING,
        "Thursday works but could we start at 11 instead of 10?",
        "reschedule",
        proposed=("2025-01-30T11:00:00+01:00",),
    ),
    case(FITTING, "tomorrow at 10?", "reschedule", proposed=("2025-01-23T10:00:00+01:00",)),
    # A clear "none of these" is a reschedule, and with no time resolved it goes to a person
    # (only a person can offer new slots); ruling out one time leaves the others open.
    case(FITTING, "None of those times work, sorry.", "reschedule", human=True),
    case(FITTING, "We can't do Friday the 30th at 3pm.", "unclear", human=True),
    case(FITTING, "I need to check my diary first.", "unclear", human=True),
    case(FITTING, "We'll be there on Thursday at 10, with 3 dancers.", "choose", choice=3),
    case(FITTING, "Let's do the afternoon one.", "choose", choice=2),
    case(FITTING, "Morning please", "unclear", human=True),
    case(
        FITTING,
        "Tuesday at 2 works, or Friday at 10 if easier.",
        "choose",
        choice=2,
        human=True,
        proposed=("2025-01-24T10:00:00+01:00",),
    ),
]

PAYMENT_CASES = [
    case(PAYMENT, "I've sent the transfer", "payment_sent"),
    case(PAYMENT, "Paid today.", "payment_sent"),
    case(PAYMENT, "Payment has been made.", "payment_sent"),
    case(PAYMENT, "We wired the deposit this morning", "payment_sent"),
    case(PAYMENT, "Transfer done this morning.", "payment_sent"),
    case(PAYMENT, "Proof of payment attached.", "payment_sent"),
    case(PAYMENT, "Überwiesen, danke!", "payment_sent"),
    case(PAYMENT, "Virement effectué ce matin.", "payment_sent"),
    case(PAYMENT, "Hemos realizado el pago hoy.", "payment_sent"),
    case(
        PAYMENT,
        "Hi, I paid the invoice yesterday. Can you confirm you received it?",
        "payment_sent",
        human=True,
    ),
    case(PAYMENT, "We'll pay next week", "unclear", human=True),
    case(PAYMENT, "Will transfer on Monday.", "unclear", human=True),
    case(PAYMENT, "The payment is scheduled for Friday.", "unclear", human=True),
    case(PAYMENT, "Our accounts team will process the payment next week.", "unclear", human=True),
    case(PAYMENT, "I haven't paid yet", "unclear", human=True),
    case(PAYMENT, "Paid half today, the rest will be paid next week", "payment_sent", human=True),
    case(PAYMENT, "When is the payment due?", "question", human=True),
    case(PAYMENT, "Did you receive our payment?", "question", human=True),
    case(PAYMENT, "Payment of 6.000 EUR was made on 21.01.", "payment_sent"),
    case(
        PAYMENT,
        "We never paid the deposit because the contract wasn't signed.",
        "unclear",
        human=True,
    ),
    case(
        PAYMENT,
        "I paid the wrong amount, sorry - will send the rest tomorrow.",
        "payment_sent",
        human=True,
    ),
]

OTHER_CASES = [
    case(None, "Can you call me?", "question", human=True),
    case(None, "Approved", "unclear", human=True),
    case(None, "Where is my dress? This is a disaster.", "question", human=True, upset=True),
    case(APPROVAL, "", "unclear", human=True),
    case(
        APPROVAL,
        "We are frustrated with the delays, but the design is approved.",
        "approve",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "Looks good but the hem needs to be shorter.", "unclear", human=True),
    case(APPROVAL, "Love it, but can we see it in red?", "unclear", human=True),
    case(APPROVAL, "I was hesitant at first, but approved.", "approve"),
    case(APPROVAL, "Not ready to approve yet.", "unclear", human=True),
    case(APPROVAL, "Great, thanks for the update.", "unclear", human=True),
    case(APPROVAL, "Go ahead and cancel the order.", "unclear", human=True),
    case(APPROVAL, "The director approved the previous version only.", "unclear", human=True),
    case(APPROVAL, "I can't say I approve.", "decline", human=True),
    case(APPROVAL, "Approved by whom? We never saw the final sketches.", "question", human=True),
    # A decision written after the sign-off and name is read, never dropped as signature.
    case(FABRIC, "Looks lovely.\n\nKind regards,\nAna Ruiz\nOption 2", "choose", choice=2),
    case(FITTING, "Thanks!\n\nBest,\nAna\nTuesday at 2 works", "choose", choice=2),
    case(COLOURS, "Lovely work.\n\nCheers,\nAna\nthe second one", "choose", choice=2),
    case(
        COLOURS,
        "Thanks,\nAna Ruiz\nWardrobe Supervisor, Teatro Nuevo\nTel. +34 612 345 678",
        "unclear",
        human=True,
    ),
]

# Classes of error, one block each, in phrasings of our own: each rule is general, so
# readings like these hold for wording nobody wrote down here.
CLASS_CASES = [
    # Partial or conditional approvals go to a person.
    case(APPROVAL, "Approved for looks 1 to 4; we still need to discuss 5.", "unclear", human=True),
    case(APPROVAL, "All approved except the Prince's jacket.", "unclear", human=True),
    case(APPROVAL, "Go ahead with everything apart from look 3.", "unclear", human=True),
    case(APPROVAL, "Looks 2, 3 and 5 are approved - hold the rest.", "unclear", human=True),
    case(APPROVAL, "Yes to the gowns, no to the capes.", "unclear", human=True),
    case(
        APPROVAL, "The first six are fine, the last two need another pass.", "unclear", human=True
    ),
    case(APPROVAL, "Approved, pending the director's review.", "unclear", human=True),
    case(APPROVAL, "Approved in principle, let's talk details on Friday.", "unclear", human=True),
    case(APPROVAL, "Love them! Can the hems be taken up 3cm?", "unclear", human=True),
    # "Change order" is a thing, not a request to change something.
    case(APPROVAL, "The change order is approved.", "approve"),
    case(APPROVAL, "Happy to approve the change order as quoted.", "approve"),
    case(APPROVAL, "Don't alter a thing, they're perfect.", "approve"),
    # A later complaint or an unrelated question does not make an approval conditional.
    case(
        APPROVAL,
        "Approved - although I must say the delay has been frustrating.",
        "approve",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "Approved. Do you need anything else from us?", "approve", human=True),
    # Not a decline: not yet, cancelling, a new contact, a complaint. A person reads them.
    case(APPROVAL, "I can't sign off on this yet - the director is away.", "unclear", human=True),
    case(APPROVAL, "Not approved yet, waiting for the director.", "unclear", human=True),
    case(APPROVAL, "We'd rather you didn't go ahead until we've spoken.", "unclear", human=True),
    case(APPROVAL, "We need to cancel our order.", "unclear", human=True),
    case(APPROVAL, "Please stop all work on the gowns.", "unclear", human=True),
    case(APPROVAL, "I'm no longer on this project, please write to Pablo.", "unclear", human=True),
    case(
        APPROVAL,
        "I'm really not happy with the way this has been handled.",
        "unclear",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "No thank you, we'll keep the original design.", "decline"),
    case(APPROVAL, "The hem is uneven and a button is missing.", "decline", human=True),
    # Decision words one letter off still read; short words are never guessed at.
    case(APPROVAL, "aprove", "approve"),
    case(APPROVAL, "approvd, thanks", "approve"),
    case(APPROVAL, "Thsi", "unclear", human=True),
    # Approvals in more languages.
    case(APPROVAL, "Approvato, grazie!", "approve"),
    case(APPROVAL, "Goedgekeurd!", "approve"),
    # Options named together are not a choice.
    case(COLOURS, "2 or 3, whichever is quicker.", "unclear", human=True),
    case(COLOURS, "The satin or the chiffon is fine with us.", "unclear", human=True),
    case(COLOURS, "Option 1 or option 3 would both work.", "unclear", human=True),
    case(COLOURS, "Either 1 or 2.", "unclear", human=True),
    # A number and an option's words that disagree: a slip for a person to resolve.
    case(COLOURS, "Number 1 - the chiffon.", "unclear", human=True),
    case(COLOURS, "The satin (option 3)", "unclear", human=True),
    case(COLOURS, "Option 3, the chiffon", "choose", choice=3),
    # Numbers that count, price, date, label or place something are not option numbers.
    case(COLOURS, "We have 2 shows on Saturday, so go with the satin.", "choose", choice=2),
    case(COLOURS, "Deliver to Studio 3, Calle Mayor 1. We'll take the silk.", "choose", choice=1),
    case(COLOURS, "Our premiere is on 3 March, so the satin please.", "choose", choice=2),
    case(COLOURS, "We need about 3 metres extra. The chiffon please.", "choose", choice=3),
    case(COLOURS, "Please send samples to 12 Bow Street first.", "unclear", human=True),
    case(COLOURS, "Our office is at Via Roma 2, Milano.", "unclear", human=True),
    # The writer corrects themselves: the last word counts.
    case(COLOURS, "2 - sorry, I mean 3", "choose", choice=3),
    case(COLOURS, "The silk. No wait, the satin!", "choose", choice=2),
    case(COLOURS, "Option 2 - no, sorry, option 3.", "choose", choice=3),
    # Typos of an option's own words.
    case(COLOURS, "chifon", "choose", choice=3),
    case(LINING, "habotia please", "choose", choice=1),
    # Of two options, ruling one out picks the other; of three, it does not.
    case(LINING, "Definitely not the cotton one", "choose", choice=1),
    case(LINING, "Anything but the silk.", "choose", choice=2),
    case(COLOURS, "Not the chiffon.", "unclear", human=True),
    # Options written "Option A: …": letters, and the option's own leading verb.
    case(TRIM, "A please", "choose", choice=1),
    case(TRIM, "b)", "choose", choice=2),
    case(TRIM, "Definitely B!", "choose", choice=2),
    case(TRIM, "Not A", "choose", choice=2),
    case(TRIM, "We'll keep the original trim.", "choose", choice=1),
    case(TRIM, "Switch to the stock trim please", "choose", choice=2),
    case(TRIM, "B, but only if the colour matches.", "unclear", human=True),
    # A complaint that names an option does not choose it.
    case(
        COLOURS,
        "The satin swatch arrived torn, which is really disappointing.",
        "unclear",
        human=True,
        upset=True,
    ),
    # Earlier and later between two offered times.
    case(TWO_SLOTS, "The earlier one suits us better.", "choose", choice=1),
    case(TWO_SLOTS, "We'd prefer the later slot.", "choose", choice=2),
    case(FITTING, "Tuesday, the later one please", "choose", choice=2),
    case(FITTING, "The later one", "unclear", human=True),
    # Another time on an offered day is a reschedule.
    case(
        FITTING,
        "Tuesday's fine, but 3pm rather than 2 would be better",
        "reschedule",
        proposed=("2025-01-28T15:00:00+01:00",),
    ),
    case(
        FITTING,
        "Thursday works, but can we start at 10:30 rather than 10?",
        "reschedule",
        proposed=("2025-01-30T10:30:00+01:00",),
    ),
    # Ruling a time out is not a choice; "none of these" is a reschedule.
    case(FITTING, "Any day except Thursday.", "unclear", human=True),
    case(FITTING, "Tuesday doesn't work for us.", "unclear", human=True),
    case(
        FITTING,
        "We're away all week, sorry. Could we look at the week after?",
        "reschedule",
        human=True,
    ),
    # A condition on a time, with a question: the question goes to a person.
    case(
        FITTING,
        "Do the actors need to bring shoes? If not, Thursday is fine.",
        "question",
        human=True,
    ),
    case(
        FITTING, "If the fitting takes under an hour, Thursday works for us.", "unclear", human=True
    ),
    # A day named in passing is not an answer.
    case(FITTING, "Our stage manager says the show opens on Thursday.", "unclear", human=True),
    case(FITTING, "We have a rehearsal Tuesday morning, so Thursday please.", "choose", choice=3),
    case(FITTING, "Tuesday at 2. Sorry, I meant Thursday at 10.", "choose", choice=3),
    case(FITTING, "Thrusday at 10 please", "choose", choice=3),
    # German and Spanish requests for another time.
    case(
        FITTING,
        "Dienstag passt leider nicht, ginge auch Mittwoch um 11?",
        "reschedule",
        proposed=("2025-01-29T11:00:00+01:00",),
    ),
    case(
        FITTING,
        "El martes no podemos. ¿Podría ser el miércoles a las 11?",
        "reschedule",
        proposed=("2025-01-29T11:00:00+01:00",),
    ),
    # Payment claims, in several phrasings and languages, and beliefs that are not claims.
    case(PAYMENT, "Bank transfer completed, reference attached.", "payment_sent"),
    case(PAYMENT, "Our accounts team has settled the invoice.", "payment_sent"),
    case(PAYMENT, "payed it yesterday", "payment_sent"),
    case(PAYMENT, "All done.", "payment_sent"),
    case(PAYMENT, "Done, and thanks for the reminder.", "payment_sent"),
    case(PAYMENT, "Processed on our side this morning.", "payment_sent"),
    case(PAYMENT, "Überweisung ist raus.", "payment_sent"),
    case(PAYMENT, "Abbiamo pagato ieri.", "payment_sent"),
    case(PAYMENT, "Ya está pagado.", "payment_sent"),
    case(PAYMENT, "Paid - can you send a receipt?", "payment_sent", human=True),
    case(PAYMENT, "I'm fairly sure it was paid on Friday.", "unclear", human=True),
    case(PAYMENT, "I believe finance sent it last week, I'll double-check.", "unclear", human=True),
    case(
        PAYMENT, "The invoice you sent yesterday has the wrong VAT number.", "unclear", human=True
    ),
    case(PAYMENT, "Wir überweisen den Betrag Anfang nächster Woche.", "unclear", human=True),
    # Dissatisfaction in many words and languages, and shouting.
    case(
        APPROVAL,
        "This is the second time you've sent the wrong swatches.",
        "unclear",
        human=True,
        upset=True,
    ),
    case(
        APPROVAL, "Honestly, I expected more from your studio.", "unclear", human=True, upset=True
    ),
    case(APPROVAL, "Frankly this is poor workmanship.", "unclear", human=True, upset=True),
    case(APPROVAL, "Wir sind sehr enttäuscht.", "unclear", human=True, upset=True),
    case(APPROVAL, "C'est inadmissible.", "unclear", human=True, upset=True),
    case(
        FITTING,
        "What a waste of our time that last fitting was. Thursday at 10.",
        "choose",
        choice=3,
        human=True,
        upset=True,
    ),
    case(
        APPROVAL,
        "WHY HAS NOBODY ANSWERED OUR EMAILS???",
        "question",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "WE LOVE THEM ALL!!! APPROVED!!!", "approve"),
    # An approval still to come, or of something else, is not an approval.
    case(APPROVAL, "We'll approve them tomorrow after the meeting.", "unclear", human=True),
    case(APPROVAL, "The director wants to sign off in person.", "unclear", human=True),
    case(APPROVAL, "Yes - once the deposit is paid.", "unclear", human=True),
    case(APPROVAL, "We approved the earlier version, not this one.", "unclear", human=True),
    case(APPROVAL, "You may proceed.", "approve"),
    # A leaning, or a pick someone may overrule, is not a choice.
    case(COLOURS, "We could go with the satin, I suppose.", "choose", choice=2, human=True),
    case(COLOURS, "We prefer the satin, but the director may overrule it.", "unclear", human=True),
    case(COLOURS, "Option 1 is the one we don't want.", "unclear", human=True),
    # A time with a reservation after it goes to a person.
    case(FITTING, "Thursday is good for me but not for the actress.", "unclear", human=True),
    case(FITTING, "Tuesday at 2 is the only time we can't do.", "unclear", human=True),
    # A payment claimed for another milestone than the one asked for.
    case(
        MID_PAYMENT,
        "We paid the deposit, the balance is due next month.",
        "payment_sent",
        human=True,
    ),
    case(MID_PAYMENT, "Mid-project payment sent today.", "payment_sent"),
    # Inline answers pointing at the quoted line above them.
    case(COLOURS, "> 3. Blush chiffon\n^ this one", "choose", choice=3),
]

SHADES = Question(
    id="q-shade", kind="choice", asked_at="2025-01-20", options=["Plum", "Teal", "Mustard"]
)
NUMBERED = Question(
    id="q-num", kind="choice", asked_at="2025-01-20", options=["Option 1", "Option 2", "Option 3"]
)
WIGS = Question(
    id="q-wigs", kind="choice", asked_at="2025-01-20", options=["Real-hair wigs", "Synthetic wigs"]
)
PRINTS = Question(
    id="q-print",
    kind="choice",
    asked_at="2025-01-20",
    options=["Small floral print", "Large damask print", "Plain, no print"],
)
BOOTS = Question(
    id="q-boots",
    kind="choice",
    asked_at="2025-01-20",
    options=["Knee-high riding boots", "Ankle boots with spats", "Buckled court shoes"],
)
CHANGE_ORDER = Question(
    id="q-co7",
    kind="approval",
    asked_at="2025-01-20",
    about="change order CO-7 (detachable trains, +EUR 1,150)",
    change_order="CO-7",
)

BARE = Question(
    id="q-bare",
    kind="choice",
    asked_at="2025-01-20",
    options=["Deliver the bodices now without sleeves", "Deliver everything complete in March"],
)

SAFETY_CASES = [
    # A negation a few words before an approval word doubts it: a decline a person confirms.
    case(APPROVAL, "I don't feel we could sign off on these today.", "decline", human=True),
    case(APPROVAL, "We're really not at a point where we can approve.", "decline", human=True),
    case(APPROVAL, "There's no way we'd say yes to these.", "decline", human=True),
    case(APPROVAL, "Ich denke nicht, dass wir das genehmigen.", "decline", human=True),
    case(APPROVAL, "Nothing to add, approved.", "approve"),
    case(APPROVAL, "No objections from us, please go ahead.", "approve"),
    # An approval that was never given, or hangs on an unreal condition.
    case(APPROVAL, "We would have signed off had the hems been finished.", "decline", human=True),
    case(APPROVAL, "I'd gladly have approved them with the darker trim.", "decline", human=True),
    case(APPROVAL, "We could have accepted it if it had come last week.", "decline", human=True),
    case(APPROVAL, "I'd approve these if the sleeves were longer.", "unclear", human=True),
    # The writer corrects themselves: the pick after the last correction is the answer.
    case(SHADES, "Plum please. Hmm, no, teal.", "choose", choice=2),
    case(NUMBERED, "Option 3. Sorry, I meant option 1.", "choose", choice=1),
    case(SHADES, "Let's go with mustard. On second thoughts, plum.", "choose", choice=1),
    case(SHADES, "Teal. Correction: plum or mustard.", "unclear", human=True),
    case(NUMBERED, "Option 1 please, we can't wait for option 3.", "choose", choice=1),
    # Someone else's approval, reported, is not the client's: "approved by the board".
    case(APPROVAL, "The new budget was approved by our trustees on Monday.", "unclear", human=True),
    # An approval that waits for something is not given: before, until, without.
    case(
        APPROVAL, "We'd like to see the fabric swatches before we approve.", "unclear", human=True
    ),
    case(APPROVAL, "Nous voulons voir les toiles avant de valider.", "unclear", human=True),
    case(APPROVAL, "I can't sign off until the director is back.", "unclear", human=True),
    case(APPROVAL, "We cannot approve these without the cost breakdown.", "unclear", human=True),
    case(APPROVAL, "We can't approve these. The colours are wrong.", "decline"),
    # An option's words beside a negation: perhaps the option refused, so a person reads it.
    case(SHADES, "Please don't go for plum, it clashes with the set.", "unclear", human=True),
    case(COLOURS, "The blush chiffon, without a doubt.", "choose", choice=3),
    # Words an option itself negates, echoed: "without sleeves" names "…without sleeves".
    case(BARE, "Without the sleeves is fine by us.", "choose", choice=1),
    case(BARE, "Ship them without sleeves, we can't wait for the rest.", "choose", choice=1),
    # Approvals and refusals in other words: "you have my approval", "nous refusons"; "none
    # of them works" doubts an approval word, so a person confirms the decline.
    case(APPROVAL, "You've got our full approval on all four looks.", "approve"),
    case(APPROVAL, "None of the three versions works for us, sorry.", "decline", human=True),
    case(APPROVAL, "Nous refusons ces croquis en l'état.", "decline"),
    case(APPROVAL, "Rechazamos la propuesta tal como está.", "decline"),
    # An unhappy client's decision is read, but a person handles the reply.
    case(
        COLOURS,
        "Ivory silk. Frankly the wait has been unacceptable.",
        "choose",
        choice=1,
        human=True,
        upset=True,
    ),
    # A payment claim disputing the reminder stands, but a person checks the books.
    case(
        PAYMENT,
        "That invoice was settled months ago. Kindly check your books.",
        "payment_sent",
        human=True,
        upset=True,
    ),
    case(
        PAYMENT,
        "We transferred it last month - yet another reminder arrived today.",
        "payment_sent",
        human=True,
        upset=True,
    ),
    case(PAYMENT, "Our records show we paid it back in November.", "payment_sent", human=True),
    case(
        PAYMENT,
        "You've already received it, we paid the deposit in full.",
        "payment_sent",
        human=True,
    ),
]

CLOTHS = Question(
    id="q-cloth",
    kind="choice",
    asked_at="2025-01-20",
    options=["Midnight blue velvet", "Ivory silk", "Black lace"],
)
HEM = Question(
    id="q-hem", kind="choice", asked_at="2025-01-20", options=["Floor length", "Ankle length"]
)
REDS = Question(
    id="q-reds", kind="choice", asked_at="2025-01-20", options=["Red silk", "Green velvet"]
)

ISSUE = Question(
    id="q-issue",
    kind="choice",
    asked_at="2025-01-20",
    options=["Wait for the original lace (+3 weeks)", "Switch to the stock lace (ships now)"],
    recommended=2,
)

SPLIT_DELIVERY = Question(
    id="q-split",
    kind="choice",
    asked_at="2025-01-20",
    options=[
        "Option A: keep the 12 May delivery and send the capes without trims",
        "Option B: deliver everything complete on 20 May",
    ],
)
CAPE_LINING = Question(
    id="q-cape-lining",
    kind="choice",
    asked_at="2025-01-20",
    about="the lining for the capes",
    options=["Ivory silk", "Champagne satin", "Blush chiffon"],
)

NO_DELAY = Question(
    id="q-no-delay",
    kind="choice",
    asked_at="2025-01-20",
    options=["Switch to a stock satin (no delay)", "Re-weave the original silk (two weeks late)"],
)

PHRASING_CASES = [
    # "No" in an option negates its word too: "any delay" refused echoes "(no delay)".
    case(NO_DELAY, "We can't accept any delay.", "choose", choice=1),
    case(COLOURS, "Just 2 questions first: is it washable? And lined?", "question", human=True),
    # Letters joined by "or" are named together, not picked; a number word alone picks.
    case(LETTERED, "A or B, whatever is quicker.", "unclear", human=True),
    case(COLOURS, "Three.", "choose", choice=3),
    case(COLOURS, "Two, please.", "choose", choice=2),
    case(COLOURS, "The blue one.", "unclear", human=True),
    # A leaning is not a choice: a person confirms it.
    case(COLOURS, "We're leaning towards the chiffon.", "choose", choice=3, human=True),
    case(CLOTHS, "Nous penchons pour le velours.", "choose", choice=1, human=True),
    case(CLOTHS, "Wir tendieren zum Samt.", "choose", choice=1, human=True),
    # An approval believed, or given with reservations, goes to a person; so does "hard to say".
    case(APPROVAL, "I think it's approved.", "approve", human=True),
    case(APPROVAL, "It's fine, I suppose.", "approve", human=True),
    case(APPROVAL, "Freigegeben unter Vorbehalt.", "unclear", human=True),
    case(APPROVAL, "Validé sous réserve de la couleur.", "unclear", human=True),
    case(APPROVAL, "Approved, with some reservations.", "unclear", human=True),
    case(
        APPROVAL, "Hard to say. The silhouette is great, the fabric less so.", "unclear", human=True
    ),
    case(APPROVAL, "We're not convinced by the sleeves.", "decline"),
    case(APPROVAL, "Nothing to change.", "approve"),
    case(APPROVAL, "We love everything!", "approve"),
    # Passing the work on, or an approval "from my side" with someone else's to come, waits.
    case(APPROVAL, "Great, I'll forward them to the team.", "unclear", human=True),
    case(APPROVAL, "Perfect timing, I'm just about to meet the director.", "unclear", human=True),
    case(
        APPROVAL,
        "Gorgeous! Approved from my side, Carmen will confirm tomorrow.",
        "unclear",
        human=True,
    ),
    case(FITTING, "Tuesday at 2 works, we'll see you then!", "choose", choice=2),
    # A dislike rules the option out; a reservation after the one option named doubts it.
    case(COLOURS, "Our director hates satin.", "unclear", human=True),
    case(CLOTHS, "Unsere Regisseurin hasst Spitze.", "unclear", human=True),
    case(
        COLOURS, "The ivory silk is gorgeous but way over budget.", "choose", choice=1, human=True
    ),
    case(COLOURS, "Blush chiffon, however the hem worries me.", "choose", choice=3, human=True),
    case(LETTERED, "B bitte, aber mit kürzerem Saum.", "choose", choice=2, human=True),
    case(LETTERED, "Option A please, but with a narrower trim.", "choose", choice=1, human=True),
    case(NUMBERED, "Det andra alternativet.", "choose", choice=2),
    case(COLOURS, "La opción 3. ¿Nos podéis mandar más muestras?", "choose", choice=3, human=True),
    # Fitting and payment replies in Dutch, Portuguese and Swedish.
    # A weekday's day number, then its time: "vendredi 31 à 15h" is the 31st, not the 24th.
    case(
        FITTING,
        "Serait-il possible de décaler au vendredi 31 à 15h ?",
        "reschedule",
        proposed=("2025-01-31T15:00:00+01:00",),
    ),
    case(
        FITTING,
        "Können wir auf Freitag, den 31., um 15 Uhr verschieben?",
        "reschedule",
        proposed=("2025-01-31T15:00:00+01:00",),
    ),
    case(FITTING, "Thursday 30 at 10 works.", "choose", choice=3),
    case(FITTING, "Thursday at 10 – or earlier if possible.", "reschedule", human=True),
    case(FITTING, "Put us down for the Thursday.", "choose", choice=3),
    # "This Thursday" is the coming one (the 23rd), not the Thursday offered a week later.
    case(FITTING, "This Thursday 10am.", "reschedule", human=True),
    case(FITTING, "Diesen Donnerstag um 10.", "reschedule", human=True),
    case(FITTING, "Thursday 10am.", "choose", choice=3),
    # A change asked for beside an approval, in Swedish and Portuguese ("men", "mas").
    case(APPROVAL, "Godkänt, men korta ärmarna.", "unclear", human=True),
    case(APPROVAL, "Aprovado, mas encurtem as mangas.", "unclear", human=True),
    case(APPROVAL, "Goedgekeurd, de mouwen graag korter.", "unclear", human=True),
    case(APPROVAL, "Validé, les manches plus courtes svp.", "unclear", human=True),
    case(APPROVAL, "Aprobado, las mangas más cortas por favor.", "unclear", human=True),
    case(APPROVAL, "Approvato, le maniche più corte per favore.", "unclear", human=True),
    case(APPROVAL, "Approved, without the hat.", "unclear", human=True),
    case(APPROVAL, "Approved without any changes.", "approve"),
    # Polish: approvals, conditions, choices by words and ordinals, a time, a payment.
    case(APPROVAL, "Zatwierdzamy, dziękuję.", "approve"),
    case(APPROVAL, "Wygląda świetnie, ale proszę skrócić rękawy.", "unclear", human=True),
    case(CLOTHS, "Czarną koronkę poproszę.", "choose", choice=3),
    case(CLOTHS, "Druga opcja, proszę.", "choose", choice=2),
    case(FITTING, "Wtorek po południu.", "choose", choice=2),
    case(FITTING, "Czwartek o godzinie 10 nam pasuje.", "choose", choice=3),
    case(PAYMENT, "Zapłacimy w przyszłym tygodniu.", "unclear", human=True),
    # A time left to the studio, or accepted with a limit, goes to a person.
    case(FITTING, "Tuesday at 10 or 2, whichever you prefer.", "unclear", human=True),
    case(FITTING, "Dienstag um 10 passt, aber nur eine Stunde.", "unclear", human=True),
    case(FITTING, "Martes a las 10, pero solo una hora.", "unclear", human=True),
    case(FITTING, "Thursday at 10, both of us can come.", "choose", choice=3),
    case(FITTING, "Dinsdag om 14 uur is goed.", "choose", choice=2),
    case(FITTING, "Donderdag past ons niet.", "unclear", human=True),
    case(FITTING, "Quinta às 10 horas serve-nos.", "choose", choice=3),
    case(FITTING, "Tisdag kl. 14 går bra.", "choose", choice=2),
    case(PAYMENT, "Já fizemos a transferência.", "payment_sent"),
    case(PAYMENT, "Pago feito.", "payment_sent"),
    # A claim of part of the payment stands, but a person checks it.
    case(PAYMENT, "We paid 3000 of the 6000, the rest next month.", "payment_sent", human=True),
    case(PAYMENT, "Paid half today, the rest on delivery.", "payment_sent", human=True),
    case(PAYMENT, "Wir haben die Hälfte überwiesen.", "payment_sent", human=True),
    case(PAYMENT, "Hemos pagado la mitad.", "payment_sent", human=True),
    case(PAYMENT, "Vamos pagar na próxima semana.", "unclear", human=True),
    # An option's second verb, after "and", picks it when the reply opens with it.
    case(
        SPLIT_DELIVERY, "Send the capes as they are, we'll cope without trims.", "choose", choice=1
    ),
    case(SPLIT_DELIVERY, "Please send the capes first; trims can follow.", "choose", choice=1),
    case(SPLIT_DELIVERY, "Don't send the capes early, we'd rather wait.", "choose", choice=2),
    # An option's verb done to something else is not the option: "wait for the director".
    case(FABRIC, "Let's wait for the director.", "unclear", human=True),
    case(FABRIC, "We'll wait until Monday to decide.", "unclear", human=True),
    case(FABRIC, "Wir warten auf die Antwort der Regisseurin.", "unclear", human=True),
    case(FABRIC, "We'll wait for your quote for the original.", "unclear", human=True),
    case(FABRIC, "We can wait two weeks.", "choose", choice=2),
    case(FABRIC, "Nous préférons attendre.", "choose", choice=2),
    # An option named with what was asked about makes a sentence of its own.
    case(
        CAPE_LINING,
        "Thanks for the samples, they came this morning and we all had a look.\n\n"
        "Option 3 for the capes.",
        "choose",
        choice=3,
    ),
    case(
        CAPE_LINING,
        "Lovely to see the samples, such good work.\n\nThe satin for the lining, then.",
        "choose",
        choice=2,
    ),
    case(CAPE_LINING, "Option 3 for the capes is too pale.", "unclear", human=True),
    # A refusal after the option, as other languages put it, rules it out.
    case(CLOTHS, "Der Samt gefällt uns nicht.", "unclear", human=True),
    case(CLOTHS, "Le velours ne nous plaît pas.", "unclear", human=True),
    case(CLOTHS, "El terciopelo no nos convence.", "unclear", human=True),
    case(CLOTHS, "Il velluto non ci piace.", "unclear", human=True),
    case(CLOTHS, "Niente pizzo, il velluto.", "choose", choice=1),
    case(CLOTHS, "Il velluto, se arriva in tempo.", "unclear", human=True),
    # A fault later in the option's clause rules it out: never a bare pick.
    case(COLOURS, "The chiffon you sent is too pale.", "unclear", human=True),
    case(COLOURS, "The chiffon on the sketch looks wrong.", "unclear", human=True),
    case(LINING, "The habotai you sent is too thin.", "choose", choice=2, human=True),
    # "Your recommendation" names the option the question recommends; with none, nothing.
    case(ISSUE, "We'll follow your recommendation.", "choose", choice=2),
    case(ISSUE, "Wir folgen Ihrer Empfehlung.", "choose", choice=2),
    case(ISSUE, "Nous suivons votre recommandation, merci.", "choose", choice=2),
    case(ISSUE, "Seguimos su recomendación.", "choose", choice=2),
    case(COLOURS, "Go with what you recommend.", "unclear", human=True),
    # An option named in the reply's own language, by the glossary, also in a compound.
    case(CLOTHS, "Wir nehmen die schwarze Spitze, danke.", "choose", choice=3),
    case(CLOTHS, "Wir nehmen die Elfenbeinseide.", "choose", choice=2),
    case(CLOTHS, "Nous prenons le velours bleu nuit.", "choose", choice=1),
    case(CLOTHS, "Nos quedamos con el encaje negro.", "choose", choice=3),
    case(CLOTHS, "Prendiamo la seta color avorio.", "choose", choice=2),
    case(CLOTHS, "Wij kiezen het blauwe fluweel.", "choose", choice=1),
    case(CLOTHS, "Vi väljer svart spets.", "choose", choice=3),
    case(CLOTHS, "Ficamos com a seda cor de marfim.", "choose", choice=2),
    case(CLOTHS, "Nicht die schwarze Spitze, den Samt bitte.", "choose", choice=1),
    case(HEM, "Wir möchten die bodenlange Variante.", "choose", choice=1),
    case(HEM, "Hasta el tobillo, por favor.", "choose", choice=2),
    case(CLOTHS, "Optamos por el terciopelo azul marino.", "choose", choice=1),
    # A word naming two options (red and velvet) names neither; nor one all options share.
    case(REDS, "Wir nehmen den Rotsamt.", "unclear", human=True),
    case(CLOTHS, "Wir haben uns gegen die Spitze entschieden.", "unclear", human=True),
    # The middle one of an odd number of options; there is none of two.
    case(COLOURS, "The middle one, please.", "choose", choice=2),
    case(LETTERED, "Die mittlere bitte.", "choose", choice=2),
    case(NUMBERED, "De middelste graag.", "choose", choice=2),
    case(FABRIC, "The middle one.", "unclear", human=True),
    # An inline answer under a quoted option (as extract_reply keeps it) picks that option.
    case(LETTERED, "Hi,\n\n> B) Champagne satin\nThat's the one for us.", "choose", choice=2),
    case(COLOURS, "> 3. Blush chiffon\n<- this one!", "choose", choice=3),
    case(COLOURS, "That's the one for us.", "unclear", human=True),
    case(COLOURS, "Hola,\n\n> 2. Champagne satin\nEsta, por favor.", "choose", choice=2),
    # After going back and forth, the option named after "in the end" is the one settled on.
    case(
        COLOURS,
        "We went back and forth between the ivory silk and the blush chiffon, but in the "
        "end: the chiffon.",
        "choose",
        choice=3,
    ),
    case(SHADES, "Wir haben zwischen Plum und Teal geschwankt; am Ende: Teal.", "choose", choice=2),
    case(
        COLOURS,
        "The satin is too shiny and the chiffon too sheer, so the silk.",
        "choose",
        choice=1,
    ),
    case(CLOTHS, "Le velours est trop lourd, donc la dentelle noire.", "choose", choice=3),
    case(COLOURS, "The silk is lovely, so is the satin.", "unclear", human=True),
    case(COLOURS, "Dudamos entre la seda y el chiffon; al final, la seda.", "choose", choice=1),
    case(
        SHADES,
        "We liked the mustard, but in the end the plum and the teal are still tied.",
        "unclear",
        human=True,
    ),
    case(
        SHADES,
        "Between the plum and the teal, in the end we might go with the teal.",
        "choose",
        choice=2,
        human=True,
    ),
    # Two negations affirm; one still refuses.
    case(APPROVAL, "We see no reason not to proceed.", "approve"),
    case(APPROVAL, "I can't see any reason not to go ahead, so yes.", "approve"),
    case(SHADES, "We wouldn't say no to the teal.", "choose", choice=2),
    case(CLOTHS, "Je ne dirais pas non au velours.", "choose", choice=1),
    case(SHADES, "We'd say no to the teal.", "unclear", human=True),
    case(APPROVAL, "I can't see any reason to approve these.", "decline", human=True),
    # A refusal stressed by an approval word refuses; "not what we wanted" in other languages.
    case(APPROVAL, "Absolutely not.", "decline"),
    case(APPROVAL, "Definitely not, sorry.", "decline"),
    case(APPROVAL, "Auf keinen Fall, so geht das nicht.", "decline"),
    case(APPROVAL, "Absolument pas.", "decline"),
    case(APPROVAL, "Das ist leider nicht das, was wir wollten.", "decline"),
    case(APPROVAL, "No es lo que pedimos.", "decline"),
    # "None of them work" refuses, in several languages.
    case(APPROVAL, "None of the four designs work for us.", "decline"),
    case(APPROVAL, "Ninguno de los diseños nos convence.", "decline"),
    case(APPROVAL, "Aucune des propositions ne nous convient.", "decline"),
    # The change approved is what the approval is about, not a condition; a change asked
    # for beside it still is.
    case(APPROVAL, "We approve the change to the hem.", "approve"),
    case(APPROVAL, "Aprobamos el cambio.", "approve"),
    case(APPROVAL, "Wir genehmigen die Änderung.", "approve"),
    case(APPROVAL, "Approved, change the collar though.", "unclear", human=True),
    case(APPROVAL, "Approved and change the collar to satin.", "unclear", human=True),
    # A pick a question only supposes is no pick: the question goes to a person.
    case(NUMBERED, "If we go with option 2, when would it arrive?", "question", human=True),
    case(NUMBERED, "Si elegimos la opción 2, ¿cuándo llegaría?", "question", human=True),
    case(NUMBERED, "Wenn wir Variante 2 nehmen, wann käme sie?", "question", human=True),
    case(NUMBERED, "Option 2. When would it arrive?", "choose", choice=2, human=True),
    # A question without its question mark.
    case(APPROVAL, "are these the final sketches or the drafts", "question", human=True),
    case(APPROVAL, "Is the lining included in the price", "question", human=True),
    case(APPROVAL, "Sind das die endgültigen Entwürfe", "question", human=True),
    case(APPROVAL, "Wondering whether the collar can be higher.", "question", human=True),
    case(APPROVAL, "Kindly advise on the delivery date.", "question", human=True),
    case(APPROVAL, "Me podrían decir cuándo es la prueba", "question", human=True),
    case(COLOURS, "Option 2. Let me know if that's a problem.", "choose", choice=2),
    # Dissatisfaction in other languages' words.
    case(None, "Estamos muy descontentos con el retraso.", "unclear", human=True, upset=True),
    case(None, "Siamo scontenti del risultato.", "unclear", human=True, upset=True),
    case(None, "Nous sommes insatisfaits du service.", "unclear", human=True, upset=True),
    case(None, "We zijn niet blij met de vertraging.", "unclear", human=True, upset=True),
    case(None, "Still waiting for an answer to my last email!!", "unclear", human=True, upset=True),
    case(None, "The quality is poor.", "unclear", human=True, upset=True),
    # Italian "si" is no Spanish "sí"; "non li accettiamo" refuses.
    case(
        APPROVAL,
        "Sono deluso: si vedono delle macchie. Non li accettiamo.",
        "decline",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "Sí, adelante.", "approve"),
    # Unsure, unreal or still to come in other languages: not an approval given.
    case(APPROVAL, "Ich bin nicht sicher, ob wir das genehmigen können.", "unclear", human=True),
    case(APPROVAL, "Nous aurions validé si la couleur était juste.", "decline", human=True),
    case(APPROVAL, "Lo habríamos aprobado con otro cuello.", "decline", human=True),
    case(APPROVAL, "Wir genehmigen es morgen.", "unclear", human=True),
    case(APPROVAL, "We approve them tomorrow after the meeting.", "unclear", human=True),
    case(APPROVAL, "Nee, zo niet.", "decline"),
    # Someone else's approval, reported with the agent before the verb (German, Dutch).
    case(APPROVAL, "Der Entwurf wurde vom Vorstand genehmigt.", "unclear", human=True),
    case(APPROVAL, "Het budget is door de directie goedgekeurd.", "unclear", human=True),
    # Picks in other words: "va benissimo", "ce sera", "is what we'll go with", "voted for".
    case(NUMBERED, "La seconda opzione va benissimo.", "choose", choice=2),
    case(COLOURS, "Ce sera la soie ivoire.", "choose", choice=1),
    case(SHADES, "Teal is what we'll go with.", "choose", choice=2),
    case(SHADES, "The whole cast voted for the mustard.", "choose", choice=3),
    # Not decided yet, or on a condition: "run it past", "maar", "si elle…".
    case(SHADES, "I like the teal but need to run it past the director.", "unclear", human=True),
    case(APPROVAL, "Ziet er mooi uit, maar de mouwen moeten korter.", "unclear", human=True),
    case(COLOURS, "On prendrait la soie si elle reste dans le budget.", "unclear", human=True),
    # An approval on a condition, in every language: a person reads it.
    case(APPROVAL, "Approved, so long as the delivery date holds.", "unclear", human=True),
    case(APPROVAL, "Va bene, approvato a patto che il prezzo non cambi.", "unclear", human=True),
    case(APPROVAL, "Approvato, a meno che il regista non cambi idea.", "unclear", human=True),
    case(APPROVAL, "Genehmigt, solange der Termin hält.", "unclear", human=True),
    case(APPROVAL, "Aprobado, con la condición de que no suba el precio.", "unclear", human=True),
    case(APPROVAL, "Validé, tant que la livraison reste le 12.", "unclear", human=True),
    case(APPROVAL, "Aprovado, contanto que o prazo se mantenha.", "unclear", human=True),
    case(APPROVAL, "Godkänt, förutsatt att leveransen håller.", "unclear", human=True),
    case(APPROVAL, "Akkoord, zolang de prijs gelijk blijft.", "unclear", human=True),
    case(APPROVAL, "Zatwierdzone, chyba że reżyser zmieni zdanie.", "unclear", human=True),
    # An option in another language's words (the glossary maps them to the option's).
    case(WIGS, "Peruki syntetyczne.", "choose", choice=2),
    case(WIGS, "Echthaar bitte.", "choose", choice=1),
    case(WIGS, "Queremos as sintéticas.", "choose", choice=2),
    case(PRINTS, "Le petit imprimé fleuri, merci.", "choose", choice=1),
    case(BOOTS, "Die Stiefeletten mit Gamaschen, danke.", "choose", choice=2),
    # "S'il vous plaît", "por favor", "alstublieft" leave a bare answer bare.
    case(
        LINING,
        "Pour les manteaux, la doublure en soie habotai, s'il vous plaît.",
        "choose",
        choice=1,
    ),
    case(LINING, "Para los abrigos, el forro de seda habotai, por favor.", "choose", choice=1),
    case(LINING, "Voor de jassen de voering van zijde habotai, alstublieft.", "choose", choice=1),
    # Torn between two, "and in the end" the one settled on.
    case(
        LINING,
        "We went back and forth between the silk and the cotton, and in the end we settled on "
        "the cotton.",
        "choose",
        choice=2,
    ),
    case(
        LINING,
        "Wir haben lange zwischen Seide und Baumwolle geschwankt, und am Ende die Baumwolle.",
        "choose",
        choice=2,
    ),
    case(
        LINING,
        "Hemos dudado entre la seda y el algodón, y al final el algodón.",
        "choose",
        choice=2,
    ),
    # Annoyance at a repeat or a miss is dissatisfaction: a person answers it.
    case(
        APPROVAL,
        "This keeps happening – the hems are uneven again.",
        "decline",
        human=True,
        upset=True,
    ),
    case(
        SHADES,
        "Three swatches and not one of them is the shade we wanted.",
        "unclear",
        human=True,
        upset=True,
    ),
    case(APPROVAL, "We flagged the collar twice already.", "unclear", human=True, upset=True),
    # "On attend…", "we wachten…": a pick in the first person, as "we'll wait…" is.
    case(FABRIC, "On attend la soie d'origine, tant pis pour le retard.", "choose", choice=2),
    case(FABRIC, "We wachten op de zijde, jammer van de vertraging.", "choose", choice=2),
    # "Even if", "même si" concede; "if" alone makes a condition.
    case(FABRIC, "Nous attendons le taffetas, même si c'est long.", "choose", choice=2),
    case(FABRIC, "We'll wait for the taffeta, even if it takes longer.", "choose", choice=2),
    case(FABRIC, "We'll wait for the taffeta if it's under two weeks.", "unclear", human=True),
    # Approvals and refusals in everyday words (German, Dutch, English).
    case(APPROVAL, "Der Entwurf ist in Ordnung, bitte so umsetzen.", "approve"),
    case(APPROVAL, "Alles goed, jullie mogen beginnen.", "approve"),
    case(APPROVAL, "Sorry, no – far too dark. Please send a lighter version.", "decline"),
    case(APPROVAL, "Afraid no, the sleeves are wrong.", "decline"),
    case(APPROVAL, "Sorry, no rush on this, I'll look on Monday.", "unclear", human=True),
    # An approval of another document than the one asked about: a person reads it.
    case(CHANGE_ORDER, "CO-5 approved, thanks.", "unclear", human=True),
    case(CHANGE_ORDER, "INV-2041 has been signed off by us.", "unclear", human=True),
    case(CHANGE_ORDER, "El CO-3 está aprobado.", "unclear", human=True),
    case(
        CHANGE_ORDER,
        "Looks fine to me, but I still need to go through the costing.",
        "unclear",
        human=True,
    ),
    case(APPROVAL, "The sketches I still have to look at, sorry.", "unclear", human=True),
    case(CHANGE_ORDER, "CO-7 approved, thanks.", "approve"),
    case(CHANGE_ORDER, "Approved for ORD-2041.", "approve"),
    # A payment claim as a receipt, a sum sent, money on its way, in other words.
    case(PAYMENT, "Bank receipt attached.", "payment_sent"),
    case(PAYMENT, "Sent EUR 6,000 via Revolut.", "payment_sent"),
    case(PAYMENT, "The funds should be in your account.", "payment_sent"),
    case(PAYMENT, "Overboeking is onderweg.", "payment_sent"),
    case(PAYMENT, "Överföringen är på väg.", "payment_sent"),
    case(PAYMENT, "La transferencia ya está en camino.", "payment_sent"),
    case(PAYMENT, "Le virement est en route.", "payment_sent"),
    # A German or Dutch verb-first sentence with a full stop drops its "das": a statement.
    case(PAYMENT, "Haben wir heute überwiesen.", "payment_sent"),
    case(PAYMENT, "Hebben we vanochtend overgemaakt.", "payment_sent"),
    case(PAYMENT, "Haben Sie unsere Überweisung schon erhalten", "question", human=True),
    # A payment claim naming another sum than the one asked: a person checks the books.
    case(PAYMENT, "Transfer sent: €5,400 as agreed on the phone.", "payment_sent", human=True),
    case(PAYMENT, "Hemos pagado 5.600 €.", "payment_sent", human=True),
    case(MID_PAYMENT, "Virement effectué : 3 500 €.", "payment_sent", human=True),
    case(PAYMENT, "Wir haben 6.000 € überwiesen.", "payment_sent"),
    case(PAYMENT, "I've sent the transfer of EUR 6,000.00.", "payment_sent"),
    # The day of a slot at another hour weighed against its own: a move, not a booking.
    case(
        FITTING,
        "Thursday suits, but 11 would be easier than 10.",
        "reschedule",
        proposed=("2025-01-30T11:00:00+01:00",),
    ),
    case(
        FITTING,
        "Donnerstag passt, aber 11 wäre besser als 10.",
        "reschedule",
        proposed=("2025-01-30T11:00:00+01:00",),
    ),
    case(
        FITTING,
        "El jueves va bien, pero mejor 12 que 10.",
        "reschedule",
        proposed=("2025-01-30T12:00:00+01:00",),
    ),
    case(FITTING, "Thursday works; we'll be 2 rather than 3 people.", "choose", choice=3),
    # A day's short name that is a word too ("sexta": sixth, "wed") is a day before a time.
    case(FITTING, "Pode ser na terça de manhã.", "choose", choice=1),
    case(FITTING, "quinta às 10, obrigada", "choose", choice=3),
    case(FITTING, "thu at 10 works", "choose", choice=3),
    case(COLOURS, "A segunda opção, obrigada.", "choose", choice=2),
    # A chatty opening (an apology for the delay, a past show) is no hedge and no time.
    case(
        FITTING,
        "Sorry it took me so long to get back to you – busy week. Thursday works best for us.",
        "choose",
        choice=3,
    ),
    case(FITTING, "Apologies, I've only just seen this. Thursday is fine.", "choose", choice=3),
    case(FITTING, "We had the opening night on Tuesday; Thursday suits us.", "choose", choice=3),
    case(FITTING, "I'll try to get back to you tomorrow.", "unclear", human=True),
    # "The early Tuesday slot": the earlier of the two slots that day.
    case(FITTING, "The early Tuesday slot, please.", "choose", choice=1),
    case(FITTING, "The late Tuesday one works for us.", "choose", choice=2),
    case(FITTING, "Den frühen Termin am Dienstag, bitte.", "choose", choice=1),
    # "Freitag, der 31." is that date, after a weekday; "der 2. Termin" is a slot.
    case(
        FITTING,
        "Dienstag passt nicht. Wie wäre Freitag, der 31., um 11 Uhr?",
        "reschedule",
        proposed=("2025-01-31T11:00:00+01:00",),
    ),
    case(FITTING, "Der 2. Termin passt uns.", "choose", choice=2),
    # "dia 31", "día 31": that day of the month, not the next Friday.
    case(
        FITTING,
        "Nenhum serve. Pode ser sexta, dia 31, às 11h?",
        "reschedule",
        proposed=("2025-01-31T11:00:00+01:00",),
    ),
    case(
        FITTING,
        "Ninguno nos va bien. ¿El viernes, día 31, a las 11?",
        "reschedule",
        proposed=("2025-01-31T11:00:00+01:00",),
    ),
    # "The last one" picks the last slot; "the last one was…" is the previous fitting.
    case(FITTING, "The last one please", "choose", choice=3),
    case(FITTING, "the last one went well, thanks", "unclear", human=True),
    # "Tuesday is a no" rules Tuesday out; the day that works is the pick.
    case(FITTING, "Tuesday is a no, Thursday works.", "choose", choice=3),
    case(FITTING, "Thursday is a no-go; Tue at 2 works.", "choose", choice=2),
    # A day and its part in one word (German, Dutch).
    case(FITTING, "Dienstagnachmittag wäre ideal.", "choose", choice=2),
    case(FITTING, "Dinsdagochtend past ons goed.", "choose", choice=1),
    # "…nous convient" takes the slot it names.
    case(FITTING, "Le mardi à 14h nous convient.", "choose", choice=2),
    case(FITTING, "Le mardi à 14h ne nous convient pas.", "unclear", human=True),
    # Another event's time ("she flies out at lunchtime") is no time wanted.
    case(
        FITTING,
        "Tuesday morning is better for the director, she flies out at lunchtime.",
        "choose",
        choice=1,
    ),
    case(
        FITTING,
        "Thursday please – our rehearsal ends at 9:30 so we'll come straight over.",
        "choose",
        choice=3,
    ),
    case(FITTING, "Dienstag Vormittag ist besser, sie fliegt um 12 ab.", "choose", choice=1),
    case(
        FITTING,
        "Thursday, but could it be 11:00 instead? Her train gets in at 9.",
        "reschedule",
        proposed=("2025-01-30T11:00:00+01:00",),
    ),
    case(FITTING, "El martes por la mañana, el ensayo termina a las 9.", "choose", choice=1),
    case(FITTING, "Mardi matin, la répétition finit à 9h.", "choose", choice=1),
    # A bare 12 is noon, even beside a morning.
    case(
        FITTING,
        "Could we do Tuesday morning at 12 instead?",
        "reschedule",
        proposed=("2025-01-28T12:00:00+01:00",),
    ),
    # An option left open with "or" something else: a person reads it.
    case(COLOURS, "Ivory or something similar...", "choose", choice=1, human=True),
    case(COLOURS, "Marfil o algo parecido.", "choose", choice=1, human=True),
    case(COLOURS, "Elfenbein oder was Ähnliches.", "choose", choice=1, human=True),
    # An option, "or" something else, and a doubt: not a choice yet, in any language.
    case(COLOURS, "Ivory or something else... we're in two minds.", "unclear", human=True),
    case(COLOURS, "Ivoor of toch iets anders, we twijfelen nog.", "unclear", human=True),
    case(COLOURS, "L'ivoire ou autre chose, on hésite encore.", "unclear", human=True),
    case(COLOURS, "Elfenbein oder doch etwas anderes, wir schwanken noch.", "unclear", human=True),
    case(COLOURS, "Marfil u otra cosa, todavía dudamos.", "unclear", human=True),
    case(COLOURS, "Elfenben eller något annat, vi tvekar fortfarande.", "unclear", human=True),
    case(CHANGE_ORDER, "Approved. Go ahead with co-7.", "approve"),
    # Some parts approved while another still needs work: a partial approval, for a person.
    case(APPROVAL, "The coats are approved, the hats still need some work.", "unclear", human=True),
    case(
        APPROVAL,
        "Looks 1-3 approved. Look 4 needs more work, notes to follow.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL,
        "Die Mäntel sind genehmigt, die Hüte müssen noch überarbeitet werden.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL,
        "Les manteaux sont validés, les chapeaux sont encore à revoir.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL,
        "Los abrigos están aprobados, los sombreros todavía necesitan cambios.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL,
        "Os casacos estão aprovados, os chapéus ainda precisam de ajustes.",
        "unclear",
        human=True,
    ),
    case(APPROVAL, "Needs more work.", "decline"),
    # A dd.mm date before a clock time is the date ("22.10 o 10:00" is not 22:10).
    case(FITTING, "Czwartek 30.01 o 10:00, dziękuję.", "choose", choice=3),
    case(FITTING, "Wtorek 28.01 o 14:00 pasuje.", "choose", choice=2),
    case(FITTING, "Jeudi 30.01 à 10h, merci.", "choose", choice=3),
    case(FITTING, "Martes 28.01, 10:00.", "choose", choice=1),
    case(FITTING, "Donnerstag 30.01 um 10:00 passt.", "choose", choice=3),
    case(
        FITTING,
        "Możemy w piątek 31.01 o 11:00?",
        "reschedule",
        proposed=("2025-01-31T11:00:00+01:00",),
    ),
    case(FITTING, "Tuesday 14.00 works.", "choose", choice=2),
    # A part paid, the rest to follow, or a sum below the one asked: a person checks the books.
    case(
        PAYMENT,
        "We've paid 4,000 today; the remaining 2,000 follows next week.",
        "payment_sent",
        human=True,
    ),
    case(
        PAYMENT,
        "Transferred today, the remaining amount after the premiere.",
        "payment_sent",
        human=True,
    ),
    case(PAYMENT, "We paid 4,000 this morning.", "payment_sent", human=True),
    case(
        PAYMENT,
        "Wir haben heute 4.000 überwiesen, der Rest folgt später.",
        "payment_sent",
        human=True,
    ),
    case(
        PAYMENT,
        "Nous avons payé 4 000 aujourd'hui, le reste suivra.",
        "payment_sent",
        human=True,
    ),
    case(PAYMENT, "We've paid 6,000 today.", "payment_sent"),
    # A Spanish claim: a past day after "pagamos", or the proof of payment attached.
    case(PAYMENT, "Lo transferimos ayer, saludos.", "payment_sent"),
    case(PAYMENT, "Os adjunto el comprobante de pago.", "payment_sent"),
    case(PAYMENT, "Lo pagamos el lunes.", "unclear", human=True),
    # None of the slots, and no time of their own: only a person can offer new slots.
    case(
        FITTING,
        "Sorry, none of these suit us. Would you suggest a few other days?",
        "reschedule",
        human=True,
    ),
    case(
        FITTING, "Neither works, I'm afraid; we're touring until March.", "reschedule", human=True
    ),
    case(FITTING, "Keiner der Termine passt leider. Haben Sie andere?", "reschedule", human=True),
    case(
        FITTING,
        "Aucun de ces créneaux ne nous convient. Vous avez d'autres dates ?",
        "reschedule",
        human=True,
    ),
    # Options named in the client's language (the glossary).
    case(BUTTONS, "Nehmen wir die Messingknöpfe.", "choose", choice=1),
    case(BUTTONS, "Für die Jacken bitte Hornknöpfe.", "choose", choice=2),
    case(BUTTONS, "Les boutons en corne, merci.", "choose", choice=2),
    case(BUTTONS, "Prendiamo i bottoni in ottone.", "choose", choice=1),
    case(BUTTONS, "Hornknapparna, tack.", "choose", choice=2),
    case(BUTTONS, "Poprosimy guziki rogowe.", "choose", choice=2),
    case(BUTTONS, "Wij kiezen de messing knopen.", "choose", choice=1),
    case(BUTTONS, "Los botones de latón, gracias.", "choose", choice=1),
    case(BUTTONS, "Bottoni rivestiti in tessuto, grazie.", "choose", choice=3),
    case(COLLARS, "Halskrause, bitte.", "choose", choice=1),
    case(COLLARS, "La gorguera, por favor.", "choose", choice=1),
    case(COLLARS, "Kryza będzie najlepsza.", "choose", choice=1),
    case(COLLARS, "La fraise, merci.", "choose", choice=1),
    case(COLLARS, "Pösärmar, tack.", "choose", choice=3),
    case(VELVETS, "Le velours bordeaux pour les prêtres.", "choose", choice=2),
    case(VELVETS, "El terciopelo burdeos, gracias.", "choose", choice=2),
    case(VELVETS, "Nehmen wir den Samt in Bordeaux.", "choose", choice=2),
    case(PLUMES, "Wir nehmen die Gänsefedern.", "choose", choice=2),
    case(PLUMES, "On attend les plumes d'autruche.", "choose", choice=1),
    case(PLUMES, "Las plumas de ganso, por favor.", "choose", choice=2),
    case(PLUMES, "Aspettiamo le piume di struzzo.", "choose", choice=1),
    case(PLUMES, "Doe maar de ganzenveren.", "choose", choice=2),
    # "First thing" is the morning; Swedish "funkar" takes a slot, "funkar inte" rules it out.
    case(FITTING, "Tuesday first thing suits us.", "choose", choice=1),
    case(FITTING, "Torsdag 30.01 kl 10.00 funkar.", "choose", choice=3),
    case(FITTING, "Torsdag funkar fint!", "choose", choice=3),
    case(FITTING, "Torsdag funkar inte för oss.", "unclear", human=True),
    # The go-ahead for the next step approves; a redo or a condition does not.
    case(APPROVAL, "The toile looks right. You can cut the silk now.", "approve"),
    case(APPROVAL, "Looks right to me, you can start.", "approve"),
    case(APPROVAL, "You can cut it once the director has seen it.", "unclear", human=True),
    case(APPROVAL, "You can start again from the first sketch.", "unclear", human=True),
    case(APPROVAL, "You can make the sleeves longer.", "unclear", human=True),
    # Portuguese "none of these": a reschedule with no time, for a person.
    case(FITTING, "Nenhum destes horários nos serve. Têm outros?", "reschedule", human=True),
    case(FITTING, "Nenhum dos dias dá, lamento.", "reschedule", human=True),
    # "Si ça vous va" (if that suits you) is a courtesy, not a condition; "si elle…" is one.
    case(FITTING, "Plutôt le mardi après-midi, si cela vous convient.", "choose", choice=2),
    case(FITTING, "Le jeudi, si ça vous va.", "choose", choice=3),
    case(FITTING, "Jeudi, si elle est rentrée.", "unclear", human=True),
    # An option that is itself a "no …" is named by the same words in the reply.
    case(NO_COLLAR, "Let's go with no collar.", "choose", choice=3),
    case(NO_COLLAR, "No collar please, the wig is big enough.", "choose", choice=3),
    case(NO_COLLAR, "Kein Kragen, bitte.", "choose", choice=3),
    case(NO_COLLAR, "Geen kraag, dank je.", "choose", choice=3),
    # "Don't go ahead yet" while someone is away until a day: a wait, not a refusal.
    case(
        APPROVAL,
        "Please don't proceed yet, the director is travelling till Monday.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL, "Do not start until Friday please, she wants a last look.", "unclear", human=True
    ),
    case(
        APPROVAL,
        "No sigan todavía, nuestra diseñadora está fuera hasta el viernes.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL,
        "Non procedete ancora, la nostra costumista è via fino a venerdì.",
        "unclear",
        human=True,
    ),
    case(
        APPROVAL, "Não avancem ainda, a nossa designer está fora até sexta.", "unclear", human=True
    ),
]

ALL_CASES = (
    APPROVAL_CASES
    + CHOICE_CASES
    + FITTING_CASES
    + PAYMENT_CASES
    + OTHER_CASES
    + CLASS_CASES
    + SAFETY_CASES
    + PHRASING_CASES
)


@pytest.mark.parametrize(
    ("question", "text", "intent", "choice", "human", "proposed", "upset"), ALL_CASES
)
def test_labelled_readings(
    question: Question | None,
    text: str,
    intent: str,
    choice: int | None,
    human: bool,
    proposed: tuple[str, ...],
    upset: bool,
) -> None:
    """Each labelled reply reads as its label: intent, choice, proposed times, hand-off, mood."""
    reading = read_reply(question, text, SENT, TZ)
    assert (reading.intent, reading.choice) == (intent, choice), reading.why
    assert reading.proposed_times == proposed, reading.why
    assert reading.needs_human is human, reading.why
    assert reading.dissatisfied is upset, reading.why


@pytest.mark.parametrize(
    "text",
    [
        "Thursday – would it be a problem if we're 20 minutes late? Our rehearsal ends at 10:20.",
        "Thursday works. Do you need her measurements beforehand? She's free from 11:30.",
        "Jeudi – est-ce grave si nous avons 20 minutes de retard ? La répétition finit à 10h20.",
    ],
)
def test_a_time_from_a_statement_beside_another_question_goes_to_a_person(text: str) -> None:
    """A time read from a statement is no request to move while the reply asks something else."""
    reading = read_reply(FITTING, text, SENT, TZ)
    assert reading.needs_human, reading.why
    assert "asks" in reading.why


@pytest.mark.parametrize(
    "text",
    [
        "None of those work. Could we do Thursday at 11?",
        "Kan vi ta torsdag 30 januari kl. 11?",
    ],
)
def test_a_question_naming_the_time_is_the_request_to_move(text: str) -> None:
    """ "Could we do Thursday at 11?" asks to move: the reschedule is applied."""
    reading = read_reply(FITTING, text, SENT, TZ)
    assert reading.intent == "reschedule", reading.why
    assert reading.proposed_times == ("2025-01-30T11:00:00+01:00",)
    assert not reading.needs_human, reading.why


def test_there_are_enough_labelled_cases() -> None:
    """The labelled table covers every question kind with at least 80 replies."""
    kinds = {param.values[0].kind if param.values[0] else None for param in ALL_CASES}
    assert len(ALL_CASES) >= 80
    assert {"approval", "choice", "fitting", "payment", None} <= kinds


@pytest.mark.parametrize(
    ("question", "text", "intent", "choice", "human", "proposed", "upset"), ALL_CASES
)
def test_reading_contract(
    question: Question | None,
    text: str,
    intent: str,
    choice: int | None,
    human: bool,
    proposed: tuple[str, ...],
    upset: bool,
) -> None:
    """Every reading keeps the text, a confidence in [0, 1], a reason, and the hand-off rule:
    a person sees it when unsure, undecided, asked something by the client, the client is
    unhappy, or a move is wanted with no time resolved."""
    reading = read_reply(question, text, SENT, TZ)
    assert reading.reply_text == text
    assert 0.0 <= reading.confidence <= 1.0
    assert reading.why
    asked = "also asks" in reading.why and reading.intent != "reschedule"
    undecided = reading.intent in ("unclear", "question")
    unresolved = reading.intent == "reschedule" and not reading.proposed_times
    expected_human = reading.confidence < 0.75 or undecided or asked or reading.dissatisfied
    expected_human = expected_human or unresolved
    assert reading.needs_human is expected_human


def test_why_quotes_the_deciding_words() -> None:
    """The reason names the words that decided the reading."""
    assert read_reply(FABRIC, "Option 2 please", SENT, TZ).why == 'matched "Option 2 please"'


def test_question_is_mentioned_beside_a_confident_decision() -> None:
    """A confident decision stands, and the question the client also asked is kept in why."""
    reading = read_reply(APPROVAL, "Approved! When is the first fitting?", SENT, TZ)
    assert reading.intent == "approve"
    assert 'also asks "When is the first fitting?"' in reading.why


def test_garbled_text_is_not_read() -> None:
    """A binary part decoded as text is a clear "cannot read", handed to a person."""
    reading = read_reply(APPROVAL, "\x00\x01\ufffd\ufffd approved \x00\x02\ufffd\ufffd", SENT, TZ)
    assert (reading.intent, reading.needs_human) == ("unclear", True)
    assert reading.why.startswith("cannot read")


def test_arguments_in_another_order_are_refused_with_the_order_to_use() -> None:
    """A script passing the text before the question gets a TypeError naming the order,
    not an AttributeError from deep inside the reader."""
    with pytest.raises(TypeError, match=r"read_reply\(question, text, sent_at, tz\)"):
        read_reply("Approved", APPROVAL, SENT, TZ)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sent_at"):
        read_reply(APPROVAL, "Approved", "2025-01-22", TZ)  # type: ignore[arg-type]


def test_threshold_decides_the_hand_off() -> None:
    """A stricter threshold hands off readings that would pass the default one."""
    assert not read_reply(FABRIC, "2", SENT, TZ).needs_human
    assert read_reply(FABRIC, "2", SENT, TZ, threshold=0.95).needs_human


SLOT_TIMES = local_slots(SLOTS, TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday at 2", 2),
        ("Tue 10am", 1),
        ("the 29th", None),
        ("on 1/30 please", 3),
        ("30 Jan", 3),
        ("Thursday morning", 3),
        ("Tuesday", None),
        ("14:00", 2),
        ("Mardi après-midi", 2),  # the afternoon, not "midi" (noon)
        ("jeudi matin", 3),
        ("no day named", None),
    ],
)
def test_match_slot(text: str, expected: int | None) -> None:
    """match_slot resolves weekday, date, time and part of day against the offered slots."""
    index, words = match_slot(text, SLOT_TIMES, TZ)
    assert index == expected, words
    assert words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can we do Friday the 31st at 3pm?", ["2025-01-31T15:00:00+01:00"]),
        ("next Monday at 11", ["2025-01-27T11:00:00+01:00"]),
        ("Jan 30 15:00", ["2025-01-30T15:00:00+01:00"]),
        ("Can we do Friday the 31st? At 3pm if possible.", ["2025-01-31T15:00:00+01:00"]),
        ("Friday morning at 7", ["2025-01-24T07:00:00+01:00"]),
        ("Thursday at 3 or at 4", ["2025-01-23T15:00:00+01:00", "2025-01-23T16:00:00+01:00"]),
        ("am 31. Januar um 15 Uhr", ["2025-01-31T15:00:00+01:00"]),
        ("Dec 3 at 10", ["2025-12-03T10:00:00+01:00"]),
        ("Friday the 30th at 3pm", []),  # the 30th is a Thursday: ask, do not guess
        ("some time next week", []),
    ],
)
def test_proposed_times(text: str, expected: list[str]) -> None:
    """proposed_times resolves a requested time from the message date in the studio timezone."""
    assert [moment.isoformat() for moment in proposed_times(text, SENT, TZ)] == expected


def test_a_long_reply_is_read_from_its_start_and_handed_to_a_person() -> None:
    """A document-length reply gets a best reading from its start, goes to a person, and
    costs milliseconds however long it is (the day-and-time scan skips plain prose)."""
    prose = "We went over the rehearsal schedule and the lighting plan for the gala.\n" * 2000
    start = time.perf_counter()
    reading = read_reply(FITTING, f"Tuesday at 2 works for us.\n\n{prose}", SENT, TZ)
    elapsed = time.perf_counter() - start
    assert (reading.intent, reading.choice, reading.needs_human) == ("choose", 2, True)
    assert "only its start was read" in reading.why
    assert elapsed < 0.5


def test_day_and_time_deep_in_a_long_reply_are_found() -> None:
    """Skipping clauses without a digit or a day word loses no slot: the one named after
    a hundred lines of prose is still found."""
    prose = "The embroidery on the bodice is coming along nicely.\n" * 100
    assert match_slot(f"{prose}So: Thursday morning.", SLOT_TIMES, TZ)[0] == 3
    assert match_slot(f"{prose}So: jeudi 30 janvier à 10h.", SLOT_TIMES, TZ)[0] == 3
