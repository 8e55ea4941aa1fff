"""Client replies as real mail clients send them, built from the labelled set in tests/replies/.

Each TOML file holds question presets (`[questions.NAME]`) and cases (`[[case]]`). A case
names its question, the client's new text, the mail client that sent it, how it posted
(top, bottom, inline), the language of the client's mail program (quote header, mobile
footer, Outlook's From/Sent block), an optional signature, and the label a careful
account manager would give it. `build(case)` returns the raw bytes that client would
put on the wire: the studio's request (rendered from the question) is quoted the way
that client quotes, with the localised attribution, and the threading headers point at
the request.
"""

from __future__ import annotations

import hashlib
import html
import re
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from agent.model import Question

REPLIES = Path(__file__).resolve().parent / "replies"
TZ = ZoneInfo("Europe/Madrid")
ORDER = "ORD-0001"
PROJECT = "Teatro Nuevo Gala"
STUDIO_NAME, STUDIO_ADDR = "Ana Ruiz", "ana@atelier.example"
ORDERS_ADDR = "orders@atelier.example"

CLIENTS = ("gmail", "outlook", "apple_mail", "iphone", "android", "html_only", "outlook_web")
STYLES = {
    "gmail": ("top", "bottom", "inline"),
    "apple_mail": ("top", "bottom", "inline"),
    "html_only": ("top", "bottom", "inline"),
    "outlook": ("top",),
    "outlook_web": ("top",),
    "iphone": ("top",),
    "android": ("top",),
}
LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl")
INTENTS = ("approve", "decline", "choose", "reschedule", "payment_sent", "question", "unclear")
KINDS = ("approval", "choice", "fitting", "payment")

# Who writes from a mail program set to each language (English has several clients).
PEOPLE = {
    "en": (
        ("Laura Méndez", "laura.mendez@teatronuevo.example"),
        ("Oliver Grant", "o.grant@royalopera.example"),
        ("Hannah Cole", "hannah@northlightfilms.example"),
    ),
    "de": (("Jonas Weber", "j.weber@staatstheater.example"),),
    "fr": (("Claire Dubois", "claire.dubois@operalyon.example"),),
    "es": (("Sofía Navarro", "sofia.navarro@teatronuevo.example"),),
    "it": (("Marco Bianchi", "marco.bianchi@teatroregio.example"),),
    "nl": (("Sanne de Vries", "sanne@stadsschouwburg.example"),),
    "pt": (("Inês Costa", "ines.costa@teatrosaoluiz.example"),),
    "sv": (("Elin Lindqvist", "elin.lindqvist@dramaten.example"),),
    "pl": (("Marta Nowak", "m.nowak@teatrwielki.example"),),
}


# --- the labelled cases ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    intent: str
    choice: int | None
    proposed_times: tuple[str, ...] | None  # None: not labelled, not checked
    dissatisfied: bool
    needs_human: bool


@dataclass(frozen=True)
class Preset:
    """A question as the studio asked it, and how its request mail looked."""

    name: str
    question: Question | None
    subject: str
    date: datetime | None  # default Date of replies to it
    note: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    preset: Preset
    date: datetime
    text: str
    client: str
    style: str
    lang: str
    signature: str
    variant: str
    inline_after: str
    preface: str
    thread: bool
    expected: Expected

    @property
    def question(self) -> Question | None:
        return self.preset.question

    @property
    def kind(self) -> str:
        return self.question.kind if self.question is not None else "none"

    @property
    def person(self) -> tuple[str, str]:
        people = PEOPLE[self.lang]
        return people[_hash_int(self.id) % len(people)]


def load_cases(folder: Path = REPLIES) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        presets = {name: _preset(name, raw) for name, raw in data.get("questions", {}).items()}
        presets["none"] = Preset("none", None, "Your order", None)
        for raw in data.get("case", []):
            cases.append(_case(path.stem, raw, presets))
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {duplicates}")
    return cases


def _preset(name: str, raw: dict) -> Preset:
    question = Question(
        id=f"q-{name}",
        kind=raw["kind"],
        asked_at=raw["asked_at"],
        about=raw.get("about", ""),
        options=list(raw.get("options", [])),
        recommended=raw.get("recommended", 0),
        slots=list(raw.get("slots", [])),
        milestone=raw.get("milestone", ""),
        amount=float(raw.get("amount", 0.0)),
        due=raw.get("due", ""),
    )
    if question.kind not in KINDS:
        raise ValueError(f"question {name}: unknown kind {question.kind}")
    date = datetime.fromisoformat(raw["date"]) if "date" in raw else None
    return Preset(name, question, raw["subject"], date, raw.get("note", ""))


def _case(file: str, raw: dict, presets: dict[str, Preset]) -> Case:
    where = f"{file}:{raw.get('id')}"
    preset = presets[raw["question"]]
    date = datetime.fromisoformat(raw["date"]) if "date" in raw else preset.date
    if date is None or date.tzinfo is None:
        raise ValueError(f"{where}: needs an aware Date")
    expect = raw["expect"]
    proposed = expect.get("proposed_times")
    expected = Expected(
        intent=expect["intent"],
        choice=expect.get("choice"),
        proposed_times=tuple(proposed) if proposed is not None else None,
        dissatisfied=bool(expect.get("dissatisfied", False)),
        needs_human=bool(expect.get("needs_human", False)),
    )
    if expected.intent not in INTENTS:
        raise ValueError(f"{where}: unknown intent {expected.intent}")
    if expected.intent == "reschedule" and expected.proposed_times is None:
        raise ValueError(f"{where}: a reschedule must label its proposed_times")
    if expected.intent == "unclear" and not expected.needs_human:
        raise ValueError(f"{where}: an unclear reading always goes to a person")
    case = Case(
        id=raw["id"],
        file=file,
        preset=preset,
        date=date,
        text=raw["text"].strip("\n"),
        client=raw["client"],
        style=raw.get("style", "top"),
        lang=raw.get("lang", "en"),
        signature=raw.get("signature", "").strip("\n"),
        variant=raw.get("variant", ""),
        inline_after=raw.get("inline_after", ""),
        preface=raw.get("preface", "").strip("\n"),
        thread=bool(raw.get("thread", False)),
        expected=expected,
    )
    if case.client not in CLIENTS:
        raise ValueError(f"{where}: unknown client {case.client}")
    if case.style not in STYLES[case.client]:
        raise ValueError(f"{where}: {case.client} does not post {case.style}")
    if case.lang not in LANGS:
        raise ValueError(f"{where}: unknown language {case.lang}")
    return case


# --- the studio's request, as the client received it ------------------------------------------

ENUMERATED = re.compile(r"^\s*(\d+\.|Option [A-Z]:|[A-Z][.):])\s")
LETTERED = re.compile(r"^(Option\s+)?[A-Z][.:)]\s")


def request_lines(case: Case) -> list[str]:
    """The studio's request mail, as plain lines (what the client quotes)."""
    question, first = case.question, case.person[0].split()[0]
    lines = [f"Dear {first},", ""]
    if question is None:
        lines += [
            f"Here is this week's update on {PROJECT}: pattern work on the principal",
            "gowns is complete and construction starts on Monday.",
            "",
            "We are on track for delivery on Friday 13 March 2026.",
        ]
    elif question.kind == "approval":
        lines += [
            f"We would like your approval of {question.about} for {PROJECT}.",
            "",
            'Please reply "approved" to go ahead, or tell us what you would like changed.',
        ]
    elif question.kind == "choice":
        lines += _choice_lines(case.preset)
    elif question.kind == "fitting":
        about = f" ({question.about})" if question.about else ""
        lines += [f"It is time for a fitting for {PROJECT}{about}. These times are free:", ""]
        lines += [f"  {n}. {_slot(s)}" for n, s in enumerate(question.slots, 1)]
        lines += ["", "Reply with the number of the time that suits you, or suggest another."]
    else:
        due = _day(datetime.fromisoformat(question.due)) if question.due else "soon"
        lines += [
            f"This is a friendly reminder that the {question.milestone} payment of "
            f"EUR {question.amount:,.2f} for {PROJECT} is due on {due} (invoice INV-0042).",
            "",
            "Bank transfer to: Atelier Ruiz S.L., IBAN ES12 3456 7890 1234 5678 9012,",
            "reference ORD-0001.",
            "",
            "Please reply once the transfer has been made.",
        ]
    lines += ["", "Kind regards,", STUDIO_NAME, "Atelier Ruiz", "+34 910 000 123"]
    if case.thread:
        name, addr = case.person
        lines += [
            "",
            f"On 20 Jan 2026, at 18:02, {name} <{addr}> wrote:",
            "",
            "> Hi Ana, thanks for the call. Yes, please send everything over by mail;",
            "> option 2 from the last production was lovely and the budget is approved.",
            "> Best,",
            f"> {first}",
        ]
    return lines


def _choice_lines(preset: Preset) -> list[str]:
    question = preset.question
    assert question is not None
    lettered = all(LETTERED.match(o) for o in question.options)
    lines = [f"Please choose {question.about or 'one of these options'} for {PROJECT}:", ""]
    if preset.note:
        lines = [*textwrap.wrap(preset.note, 76), "", *lines]
    if lettered:
        lines += [f"  {option}" for option in question.options]
        lines += ["", "Reply with the letter of your choice."]
    else:
        lines += [f"  {n}. {option}" for n, option in enumerate(question.options, 1)]
        lines += [
            "",
            f'Reply with the number of your choice (for example "{len(question.options)}").',
        ]
    return lines


def _slot(slot: str) -> str:
    local = datetime.fromisoformat(slot).astimezone(TZ)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


def _day(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def request_html(lines: list[str]) -> str:
    """The request's HTML part: paragraphs, with enumerated lines as a list."""
    out: list[str] = []
    for block in _blocks(lines):
        if block[0].startswith(">"):
            inner = [re.sub(r"^> ?", "", line) for line in block]
            out.append(
                f'<blockquote type="cite">{"<br>".join(map(html.escape, inner))}</blockquote>'
            )
        elif all(ENUMERATED.match(line) for line in block):
            items = "".join(f"<li>{html.escape(_strip_number(line))}</li>" for line in block)
            first = block[0].strip().split(".")[0]
            tag = f'ol start="{first}"' if first.isdigit() else "ul"
            out.append(f"<{tag}>{items}</{tag.split()[0]}>")
        else:
            out.append(f"<p>{'<br>'.join(html.escape(line) for line in block)}</p>")
    return "\n".join(out)


def _strip_number(line: str) -> str:
    return re.sub(r"^\s*\d+\.\s", "", line).strip()


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def request_subject(case: Case) -> str:
    return f"[{ORDER}] {case.preset.subject}"


def request_message_id(case: Case) -> str:
    return f"<{case.preset.name}.{ORDER.lower()}@atelier.example>"


def request_sent(case: Case) -> datetime:
    """When the studio sent the request, in the client's own UTC offset."""
    if case.question is not None:
        sent = datetime.fromisoformat(case.question.asked_at)
    else:
        sent = datetime(2026, 1, 23, 16, 0, tzinfo=TZ)
    return sent.astimezone(case.date.tzinfo)


# --- localisation: what each client writes around the quote ------------------------------------

DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "sv": "måndag tisdag onsdag torsdag fredag lördag söndag",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
}
SHORT_DAYS = {
    "en": "Mon Tue Wed Thu Fri Sat Sun",
    "de": "Mo. Di. Mi. Do. Fr. Sa. So.",
    "fr": "lun. mar. mer. jeu. ven. sam. dim.",
    "es": "lun mar mié jue vie sáb dom",
    "it": "lun mar mer gio ven sab dom",
    "nl": "ma di wo do vr za zo",
    "pt": "seg. ter. qua. qui. sex. sáb. dom.",
    "sv": "mån tis ons tors fre lör sön",
    "pl": "pon. wt. śr. czw. pt. sob. niedz.",
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
}
SHORT_MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "es": "ene feb mar abr may jun jul ago sept oct nov dic",
    "it": "gen feb mar apr mag giu lug ago set ott nov dic",
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
    "sv": "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec.",
    "pl": "sty lut mar kwi maj cze lip sie wrz paź lis gru",
}


def _names(table: dict[str, str], lang: str, index: int) -> str:
    return table[lang].split()[index]


def _fields(moment: datetime, lang: str) -> dict[str, str]:
    hour12 = moment.hour % 12 or 12
    return {
        "day": _names(DAYS, lang, moment.weekday()),
        "dy": _names(SHORT_DAYS, lang, moment.weekday()),
        "month": _names(MONTHS, lang, moment.month - 1),
        "mon": _names(SHORT_MONTHS, lang, moment.month - 1),
        "d": str(moment.day),
        "dd": f"{moment.day:02d}",
        "mm": f"{moment.month:02d}",
        "y": str(moment.year),
        "yy": f"{moment.year % 100:02d}",
        "hm": f"{moment:%H:%M}",
        "h12": f"{hour12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}",
        "gmt": f"GMT{moment:%z}"[:-2].replace("+0", "+").replace("-0", "-"),
        "name": STUDIO_NAME,
        "addr": STUDIO_ADDR,
    }


NB = "\u00a0"
GMAIL_ATTRIBUTION = {
    "en": "On {dy}, {d} {mon} {y} at {hm}, {name} <{addr}> wrote:",
    "en-us": "On {dy}, {mon} {d}, {y} at {h12} {name} <{addr}> wrote:",
    "de": "Am {dy}, {d}. {mon} {y} um {hm} Uhr schrieb {name} <{addr}>:",
    "fr": "Le {dy} {d} {mon} {y} à {hm}, {name} <{addr}> a écrit" + NB + ":",
    "es": "El {dy}, {d} {mon} {y} a las {hm}, {name} (<{addr}>) escribió:",
    "it": "Il giorno {dy} {d} {mon} {y} alle ore {hm} {name} <{addr}> ha scritto:",
    "nl": "Op {dy} {d} {mon} {y} om {hm} schreef {name} <{addr}>:",
    "pt": "Em {dy}, {d} de {mon} de {y} às {hm}, {name} <{addr}> escreveu:",
    "sv": "Den {dy} {d} {mon} {y} kl {hm} skrev {name} <{addr}>:",
    "pl": "{dy}, {d} {mon} {y} o {hm} {name} <{addr}> napisał(a):",
}
APPLE_ATTRIBUTION = {
    "en": "On {d} {mon} {y}, at {hm}, {name} <{addr}> wrote:",
    "en-us": "On {mon} {d}, {y}, at {h12}, {name} <{addr}> wrote:",
    "de": "Am {dd}.{mm}.{y} um {hm} schrieb {name} <{addr}>:",
    "fr": "Le {d} {mon} {y} à {hm}, {name} <{addr}> a écrit :",
    "es": "El {d} {mon} {y}, a las {hm}, {name} <{addr}> escribió:",
    "it": "Il giorno {d} {mon} {y}, alle ore {hm}, {name} <{addr}> ha scritto:",
    "nl": "Op {d} {mon} {y}, om {hm} heeft {name} <{addr}> het volgende geschreven:",
    "pt": "Em {d} de {mon} de {y}, à(s) {hm}, {name} <{addr}> escreveu:",
    "sv": "{d} {mon} {y} kl. {hm} skrev {name} <{addr}>:",
    "pl": "Wiadomość napisana przez {name} <{addr}> w dniu {dd}.{mm}.{y}, o godz. {hm}:",
}
THUNDERBIRD_ATTRIBUTION = {
    "en": "On {dd}/{mm}/{y} {hm}, {name} wrote:",
    "de": "Am {dd}.{mm}.{yy} um {hm} schrieb {name}:",
    "fr": "Le {dd}/{mm}/{y} à {hm}, {name} a écrit :",
    "es": "El {d}/{mm}/{yy} a las {hm}, {name} escribió:",
    "it": "Il {dd}/{mm}/{yy} {hm}, {name} ha scritto:",
    "nl": "Op {dd}-{mm}-{y} om {hm} schreef {name}:",
    "pt": "Em {dd}/{mm}/{y} {hm}, {name} escreveu:",
    "sv": "{y}-{mm}-{dd} kl. {hm}, skrev {name}:",
    "pl": "W dniu {dd}.{mm}.{y} o {hm}, {name} pisze:",
}
YAHOO_ATTRIBUTION = "On {day}, {month} {d}, {y} at {h12} {gmt}, {name} <{addr}> wrote:"
OUTLOOK_LABELS = {  # From, Sent, To, Subject
    "en": ("From:", "Sent:", "To:", "Subject:"),
    "de": ("Von:", "Gesendet:", "An:", "Betreff:"),
    "fr": ("De :", "Envoyé :", "À :", "Objet :"),
    "es": ("De:", "Enviado:", "Para:", "Asunto:"),
    "it": ("Da:", "Inviato:", "A:", "Oggetto:"),
    "nl": ("Van:", "Verzonden:", "Aan:", "Onderwerp:"),
    "pt": ("De:", "Enviado:", "Para:", "Assunto:"),
    "sv": ("Från:", "Skickat:", "Till:", "Ämne:"),
    "pl": ("Od:", "Wysłane:", "Do:", "Temat:"),
}
OUTLOOK_DATE = {
    "en": "{day}, {month} {d}, {y} {h12}",
    "de": "{day}, {d}. {month} {y} {hm}",
    "fr": "{day} {d} {month} {y} {hm}",
    "es": "{day}, {d} de {month} de {y} {hm}",
    "it": "{day} {d} {month} {y} {hm}",
    "nl": "{day} {d} {month} {y} {hm}",
    "pt": "{day}, {d} de {month} de {y} {hm}",
    "sv": "den {d} {month} {y} {hm}",
    "pl": "{day}, {d} {month} {y} {hm}",
}
REPLY_PREFIX = {"de": "AW:", "sv": "SV:", "it": "R:", "fr": "RE :", "es": "RE:", "pl": "Odp:"}
IPHONE_FOOTER = {
    "en": "Sent from my iPhone",
    "de": "Von meinem iPhone gesendet",
    "fr": "Envoyé de mon iPhone",
    "es": "Enviado desde mi iPhone",
    "it": "Inviato da iPhone",
    "nl": "Verstuurd vanaf mijn iPhone",
    "pt": "Enviado do meu iPhone",
    "sv": "Skickat från min iPhone",
    "pl": "Wysłane z iPhone'a",
}
OUTLOOK_ANDROID_FOOTER = {
    "en": "Get Outlook for Android",
    "de": "Outlook für Android herunterladen",
    "fr": "Télécharger Outlook pour Android",
    "es": "Obtener Outlook para Android",
    "it": "Scarica Outlook per Android",
    "nl": "Outlook voor Android downloaden",
    "pt": "Obter o Outlook para Android",
    "sv": "Skaffa Outlook för Android",
    "pl": "Pobierz aplikację Outlook dla systemu Android",
}
GALAXY_FOOTER = {
    "en": "Sent from my Galaxy",
    "de": "Von meinem Galaxy gesendet",
    "fr": "Envoyé depuis mon Galaxy",
    "es": "Enviado desde mi Galaxy",
    "it": "Inviato dal mio Galaxy",
    "nl": "Verzonden vanaf mijn Galaxy",
    "pt": "Enviado do meu Galaxy",
    "sv": "Skickat från min Galaxy",
    "pl": "Wysłane z mojego Galaxy",
}
GALAXY_HEADER = {  # separator, From, Date, To, Subject
    "en": ("Original message", "From:", "Date:", "To:", "Subject:"),
    "de": ("Ursprüngliche Nachricht", "Von:", "Datum:", "An:", "Betreff:"),
    "fr": ("Message d'origine", "De :", "Date :", "À :", "Objet :"),
    "es": ("Mensaje original", "De:", "Fecha:", "Para:", "Asunto:"),
    "it": ("Messaggio originale", "Da:", "Data:", "A:", "Oggetto:"),
    "nl": ("Oorspronkelijk bericht", "Van:", "Datum:", "Aan:", "Onderwerp:"),
    "pt": ("Mensagem original", "De:", "Data:", "Para:", "Assunto:"),
    "sv": ("Originalmeddelande", "Från:", "Datum:", "Till:", "Ämne:"),
    "pl": ("Oryginalna wiadomość", "Od:", "Data:", "Do:", "Temat:"),
}


def _variant(case: Case, choices: tuple[str, ...]) -> str:
    if case.variant:
        if case.variant not in choices:
            raise ValueError(f"{case.id}: {case.client} has no variant {case.variant}")
        return case.variant
    return choices[_hash_int(case.id + case.client) % len(choices)]


def _attribution(table: dict[str, str], case: Case, us: bool) -> str:
    key = "en-us" if case.lang == "en" and us and "en-us" in table else case.lang
    return table[key].format(**_fields(request_sent(case), case.lang))


def _outlook_block(case: Case, time_style: str = "desktop") -> list[tuple[str, str]]:
    labels = OUTLOOK_LABELS[case.lang]
    fields = _fields(request_sent(case), case.lang)
    sent = OUTLOOK_DATE[case.lang].format(**fields)
    if time_style == "android" and case.lang == "en":
        sent = sent.replace(" AM", ":00 AM").replace(" PM", ":00 PM")
    name, addr = case.person
    return [
        (labels[0], f"{STUDIO_NAME} <{STUDIO_ADDR}>"),
        (labels[1], sent),
        (labels[2], f"{name} <{addr}>"),
        (labels[3], request_subject(case)),
    ]


# --- the client's own words -----------------------------------------------------------------


LTR, AUTO = ' dir="ltr"', ' dir="auto"'


def _own_lines(case: Case) -> list[str]:
    return case.text.splitlines()


def _signature_lines(case: Case, dashes: bool) -> list[str]:
    if not case.signature:
        return []
    return (["-- "] if dashes else []) + case.signature.splitlines()


def _div_lines(lines: list[str], attrs: str = "") -> str:
    return "".join(
        f"<div{attrs}>{html.escape(line) if line.strip() else '<br>'}</div>" for line in lines
    )


def _quote_plain(lines: list[str]) -> list[str]:
    return [f"> {line}" if line else ">" for line in lines]


def _wrap(lines: list[str], width: int = 78) -> list[str]:
    """Gmail's text/plain part hard-wraps long lines."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        prefix = "> " if line.startswith("> ") else ""
        body = line[len(prefix) :]
        out += [prefix + part for part in textwrap.wrap(body, width - len(prefix))]
    return out


def _inline_split(case: Case, lines: list[str]) -> int:
    """Where an inline answer goes: after the named quoted line, else after the list."""
    if case.inline_after:
        for index, line in enumerate(lines):
            if case.inline_after in line:
                return index + 1
        raise ValueError(f"{case.id}: inline_after {case.inline_after!r} not in the request")
    enumerated = [i for i, line in enumerate(lines) if ENUMERATED.match(line)]
    if enumerated:
        return enumerated[-1] + 1
    asks = [i for i, line in enumerate(lines) if line.startswith("Please reply")]
    return (asks or [len(lines) - 5])[0] + 1


# --- each client ------------------------------------------------------------------------------


def _gmail(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    us = _hash_int(case.id) % 2 == 0
    attribution = _attribution(GMAIL_ATTRIBUTION, case, us)
    own, sig = _own_lines(case), _signature_lines(case, dashes=True)
    quote_html = (
        f'<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
        f"{html.escape(attribution)}<br></div>"
        f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        f'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        f"{request_html(request)}</blockquote></div>"
    )
    sig_html = (
        f'<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>'
        f'<div dir="ltr" class="gmail_signature">{_div_lines(case.signature.splitlines())}</div>'
        if case.signature
        else ""
    )
    if case.style == "top":
        text = [*own, "", *sig, "", *_wrap([attribution]), "", *_quote_plain(request)]
        body = f'<div dir="ltr">{_div_lines(own)}{sig_html}</div><br>{quote_html}'
    elif case.style == "bottom":
        text = [*_wrap([attribution]), "", *_quote_plain(request), "", *own, "", *sig]
        body = f'{quote_html}<div dir="ltr">{_div_lines(own)}{sig_html}</div>'
    else:
        at = _inline_split(case, request)
        pre = case.preface.splitlines()
        text = [*pre, "", *_wrap([attribution]), ""]
        text += [*_quote_plain(request[:at]), "", *own, "", *_quote_plain(request[at:])]
        text += ["", *sig]
        body = (
            f'<div dir="ltr">{_div_lines(pre)}</div><br>'
            f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            f"{html.escape(attribution)}<br></div>"
            f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
            f'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
            f"{request_html(request[:at])}</blockquote><div>{_div_lines(own)}</div>"
            f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
            f'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
            f"{request_html(request[at:])}</blockquote></div>{sig_html}"
        )
    return _plain(_wrap(text)), body


def _outlook(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    block = _outlook_block(case)
    own, sig = _own_lines(case), _signature_lines(case, dashes=False)
    text = [*own, "", *sig, "", "_" * 32]
    text += [f"{label} {value}" for label, value in block] + ["", *request]
    variant = _variant(case, ("word", "m365"))
    fields = "<br>".join(
        f"<b>{html.escape(label)}</b> {html.escape(value)}" for label, value in block
    )
    own_html = "".join(
        f'<p class="MsoNormal">{html.escape(line) if line.strip() else "<o:p>&nbsp;</o:p>"}'
        "<o:p></o:p></p>"
        for line in [*own, "", *case.signature.splitlines()]
    )
    original = "".join(
        f'<p class="MsoNormal">{html.escape(line) if line.strip() else "&nbsp;"}</p>'
        for line in request
    )
    if variant == "word":
        quote = (
            '<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;'
            'padding:3.0pt 0cm 0cm 0cm">'
            f'<p class="MsoNormal">{fields}<o:p></o:p></p></div></div>'
            f'<p class="MsoNormal"><o:p>&nbsp;</o:p></p>{original}'
        )
    else:
        quote = (
            '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
            '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" '
            f'style="font-size:11pt" color="#000000">{fields}</font><div>&nbsp;</div></div>'
            f"<div>{original}</div>"
        )
    head = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">'
        "<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:Calibri} --></style>"
        '</head><body lang="EN-US" link="#0563C1" vlink="#954F72">'
    )
    body = f'{head}<div class="WordSection1">{own_html}{quote}</div></body></html>'
    return _plain(text), body


def _outlook_web(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    block = _outlook_block(case)
    own, sig = _own_lines(case), _signature_lines(case, dashes=False)
    text = [*own, "", *sig, "", "_" * 32]
    text += [f"{label} {value}" for label, value in block] + ["", *request]
    style = ' class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Calibri, '
    style += 'Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);"'
    sig_html = (
        f'<div id="Signature"><div{style}>{"<br>".join(map(html.escape, sig))}</div></div>'
        if sig
        else ""
    )
    fields = "<br>".join(
        f"<b>{html.escape(label)}</b> {html.escape(value)}" for label, value in block
    )
    body = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f'<style type="text/css" style="display:none;"> P {{margin-top:0;margin-bottom:0;}}'
        f'</style></head><body dir="ltr">{_div_lines(own, style)}{sig_html}'
        '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt"'
        f' color="#000000">{fields}</font><div>&nbsp;</div></div>'
        f"<div>{request_html(request)}</div></body></html>"
    )
    return _plain(text), body


def _apple(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    attribution = _attribution(APPLE_ATTRIBUTION, case, _hash_int(case.id) % 3 == 0)
    own, sig = _own_lines(case), _signature_lines(case, dashes=False)
    quote_text = [attribution, "", *_quote_plain(request)]
    cite = (
        f'<blockquote type="cite"><div>{html.escape(attribution)}</div>'
        f'<br class="Apple-interchange-newline"><div>{request_html(request)}</div></blockquote>'
    )
    sig_html = f"<div><br></div>{_div_lines(sig)}" if sig else ""
    if case.style == "top":
        text = [*own, "", *sig, "", *quote_text]
        body = f"{_div_lines(own)}{sig_html}<div><br>{cite}</div>"
    elif case.style == "bottom":
        text = [*quote_text, "", *own, "", *sig]
        body = f"<div>{cite}</div><br>{_div_lines(own)}{sig_html}"
    else:
        at = _inline_split(case, request)
        pre = case.preface.splitlines()
        text = [*pre, "", attribution, "", *_quote_plain(request[:at]), "", *own, ""]
        text += [*_quote_plain(request[at:]), "", *sig]
        body = (
            f'{_div_lines(pre)}<div><br><blockquote type="cite"><div>{html.escape(attribution)}'
            f'</div><br class="Apple-interchange-newline">{request_html(request[:at])}'
            f'</blockquote></div>{_div_lines(own)}<blockquote type="cite">'
            f"{request_html(request[at:])}</blockquote>{sig_html}"
        )
    doc = (
        '<html aria-label="message body"><head><meta http-equiv="content-type" '
        'content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; '
        '-webkit-nbsp-mode: space; line-break: after-white-space;">'
        f"{body}</body></html>"
    )
    return _plain(text), doc


def _iphone(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    attribution = _attribution(APPLE_ATTRIBUTION, case, _hash_int(case.id) % 2 == 0)
    own, sig = _own_lines(case), _signature_lines(case, dashes=False)
    footer = IPHONE_FOOTER[case.lang]
    text = [*own, "", *sig, "", footer, "", *_quote_plain([attribution, "", *request])]
    sig_html = _div_lines(["", *sig]) if sig else ""
    body = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
        f'<body dir="auto">{_div_lines(own, LTR)}{sig_html}'
        f'<div dir="ltr"><br><div dir="ltr">{html.escape(footer)}</div><div dir="ltr"><br>'
        f'<blockquote type="cite">{html.escape(attribution)}<br><br></blockquote></div>'
        f'<blockquote type="cite"><div dir="ltr">{request_html(request)}</div></blockquote>'
        "</div></body></html>"
    )
    return _plain(text), body


def _android(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    own, sig = _own_lines(case), _signature_lines(case, dashes=False)
    own_sig = [*own, "", *sig] if sig else own
    if _variant(case, ("outlook", "galaxy")) == "outlook":
        footer = OUTLOOK_ANDROID_FOOTER[case.lang]
        block = _outlook_block(case, "android")
        text = [*own, "", *sig, "", f"{footer}<https://aka.ms/AAb9ysg>", "_" * 32]
        text += [f"{label} {value}" for label, value in block] + ["", *request]
        fields = "<br>".join(
            f"<b>{html.escape(label)}</b> {html.escape(value)}" for label, value in block
        )
        body = (
            f"<html><head></head><body>{_div_lines(own_sig, AUTO)}"
            f'<div dir="auto" id="ms-outlook-mobile-signature"><div><br></div>'
            f'<a href="https://aka.ms/AAb9ysg">{html.escape(footer)}</a></div>'
            '<div id="mail-editor-reference-message-container" dir="auto"><br>'
            '<hr style="display:inline-block;width:98%" tabindex="-1">'
            f'<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" '
            f'style="font-size:11pt" color="#000000">{fields}</font><div>&nbsp;</div></div>'
            f"{request_html(request)}</div></body></html>"
        )
        return _plain(text), body
    footer = GALAXY_FOOTER[case.lang]
    separator, *labels = GALAXY_HEADER[case.lang]
    sent = request_sent(case)
    offset = f"{sent:%z}"
    stamp = f"{sent:%d/%m/%Y %H:%M} (GMT{offset[:3]}:{offset[3:]})"
    name, addr = case.person
    values = (f"{STUDIO_NAME} <{STUDIO_ADDR}>", stamp, f"{name} <{addr}>", request_subject(case))
    header = [f"-------- {separator} --------"]
    header += [f"{label} {value} " for label, value in zip(labels, values, strict=True)]
    text = [*own, "", *sig, "", "", "", footer, "", *header, "", *request]
    body = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>'
        f"<body>{_div_lines(own_sig, AUTO)}"
        '<div dir="auto"><br></div><div dir="auto"><br></div>'
        f'<div id="composer_signature" dir="auto"><div style="font-size:85%;color:#575757" '
        f'dir="auto">{html.escape(footer)}</div></div><div dir="auto"><br></div>'
        '<div align="left" dir="auto" style="font-size:100%;color:#000000">'
        + "".join(f"<div>{html.escape(line)}</div>" for line in header)
        + f"</div><br>{request_html(request)}</body></html>"
    )
    return _plain(text), body


def _html_only(case: Case) -> tuple[str | None, str]:
    request = request_lines(case)
    own, sig = _own_lines(case), _signature_lines(case, dashes=True)
    choices = ("thunderbird", "yahoo") if case.lang == "en" else ("thunderbird",)
    variant = _variant(case, choices)
    fields = _fields(request_sent(case), case.lang)
    if variant == "yahoo":
        attribution = YAHOO_ATTRIBUTION.format(**fields)

        def quoted(lines: list[str]) -> str:
            return (
                f'<div class="yahoo_quoted" id="yahoo_quoted_{_hash_int(case.id) % 10**10}">'
                f'<div style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;'
                f'font-size:13px;color:#26282a;"><div>{html.escape(attribution)}</div>'
                f'<div><br></div><div><br></div><div><div dir="ltr">{request_html(lines)}'
                "</div></div></div></div>"
            )

        own_html = f'<div class="ydp-own">{_div_lines(own)}</div>'
        sig_html = f'<div class="signature">{_div_lines(sig)}</div>' if sig else ""
    else:
        attribution = THUNDERBIRD_ATTRIBUTION[case.lang].format(**fields)

        def quoted(lines: list[str]) -> str:
            return (
                f'<div class="moz-cite-prefix">{html.escape(attribution)}<br></div>'
                f'<blockquote type="cite" cite="mid:{request_message_id(case)[1:-1]}">'
                f"{request_html(lines)}</blockquote>"
            )

        own_html = "".join(f"<p>{html.escape(line)}</p>" for line in own if line.strip())
        sig_html = (
            f'<pre class="moz-signature" cols="72">{html.escape(chr(10).join(sig))}</pre>'
            if sig
            else ""
        )
    if case.style == "top":
        body = f"{own_html}{sig_html}<br>{quoted(request)}"
    elif case.style == "bottom":
        body = f"{quoted(request)}{own_html}<br>{sig_html}"
    else:
        at = _inline_split(case, request)
        pre = "".join(f"<p>{html.escape(line)}</p>" for line in case.preface.splitlines())
        rest = f'<blockquote type="cite">{request_html(request[at:])}</blockquote>'
        body = f"{pre}{quoted(request[:at])}{own_html}{rest}{sig_html}"
    doc = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        f'content="text/html; charset=UTF-8"></head><body>{body}</body></html>'
    )
    return None, doc


BUILDERS = {
    "gmail": _gmail,
    "outlook": _outlook,
    "outlook_web": _outlook_web,
    "apple_mail": _apple,
    "iphone": _iphone,
    "android": _android,
    "html_only": _html_only,
}
MAILERS = {
    "outlook": ("X-Mailer", "Microsoft Outlook 16.0"),
    "apple_mail": ("X-Mailer", "Apple Mail (2.3826.400.131.1.6)"),
    "iphone": ("X-Mailer", "iPhone Mail (22D82)"),
}
TRANSFER = {"android": "base64", "iphone": "quoted-printable", "outlook": "quoted-printable"}


def _plain(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n") + "\n"


def _hash_int(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _message_id(case: Case) -> str:
    token = hashlib.sha256(f"{case.id}/{case.client}".encode()).hexdigest()
    domain = case.person[1].split("@")[1]
    exchange = f"{token[:40].upper()}@AM9PR04MB{token[40:44].upper()}"
    return {
        "gmail": f"<CAJ{token[:28]}+{token[28:40]}@mail.gmail.com>",
        "outlook": f"<{exchange}.eurprd04.prod.outlook.com>",
        "outlook_web": f"<{exchange.replace('AM9PR04', 'DB9PR02')}.eurprd02.prod.outlook.com>",
        "android": f"<{token[:20]}@email.android.com>",
    }.get(
        case.client, f"<{token[:8]}-{token[8:12]}-{token[12:16]}-{token[16:28]}@{domain}>".upper()
    )


def build(case: Case) -> bytes:
    """The raw bytes the client's mail program sends for this case."""
    text, body = BUILDERS[case.client](case)
    name, addr = case.person
    message = EmailMessage()
    prefix = REPLY_PREFIX.get(case.lang, "RE:") if case.client == "outlook" else "Re:"
    message["Subject"] = f"{prefix} {request_subject(case)}"
    message["From"] = f"{name} <{addr}>"
    message["To"] = f"Atelier Ruiz Orders <{ORDERS_ADDR}>"
    message["Date"] = format_datetime(case.date)
    message["Message-ID"] = _message_id(case)
    message["In-Reply-To"] = request_message_id(case)
    message["References"] = request_message_id(case)
    if case.client in MAILERS:
        message[MAILERS[case.client][0]] = MAILERS[case.client][1]
    if case.client in ("outlook", "outlook_web"):
        message["Thread-Topic"] = request_subject(case)
        message["Content-Language"] = {"en": "en-US"}.get(case.lang, case.lang)
    cte = TRANSFER.get(case.client, "quoted-printable")
    if text is None:
        message.set_content(body, subtype="html", cte=cte)
    else:
        message.set_content(text, cte=cte)
        message.add_alternative(body, subtype="html", cte=cte)
    return message.as_bytes()
