"""Reply-text extraction: only what the client wrote now, from text or HTML bodies."""

from __future__ import annotations

import time

import pytest

from agent.parsers.html_text import html_to_text, strip_html_quotes
from agent.parsers.phrases import required_text
from agent.parsers.reply_text import extract_reply
from agent.parsers.signature_blocks import strip_contact_block, strip_signoff

STUDIO_QUOTE = """> Dear Ana,
>
> Please find attached the sketches for the Teatro Nuevo Gala gowns.
> Could you approve them, or tell us what to change?
>
> Kind regards,
> Lucia, Atelier Lumen"""

OUTLOOK_HISTORY = """Dear Ana,

Please find attached the sketches for the Teatro Nuevo Gala gowns.
Could you approve them, or tell us what to change?

Kind regards,
Lucia"""

TEXT_CASES = [
    pytest.param(
        "Approved, go ahead!\n\n"
        "On Mon, Jan 20, 2025 at 10:15 AM Atelier Lumen <studio@lumen.example> wrote:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Approved, go ahead!",
        id="gmail-top-posted",
    ),
    pytest.param(
        "Option 2 please.\n\n"
        "On Mon, Jan 20, 2025 at 10:15 AM Atelier Lumen Costume Studio <\n"
        "studio@lumen.example> wrote:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Option 2 please.",
        id="gmail-header-wrapped-over-two-lines",
    ),
    pytest.param(
        "Tuesday at 2 works for us.\n\n"
        "On 20 Jan 2025, at 10:15, Lucia Ferrer - Atelier Lumen\n"
        "<studio@lumen.example> wrote:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Tuesday at 2 works for us.",
        id="apple-mail-header-wrapped",
    ),
    pytest.param(
        "Looks great.\n\n> On 20 Jan 2025, at 10:15, Atelier Lumen <studio@lumen.example> wrote:\n"
        f"{STUDIO_QUOTE}\n",
        "Looks great.",
        id="apple-mail-header-inside-quote",
    ),
    pytest.param(
        "We approve the sketches.\n\n"
        "From: Lucia Ferrer <studio@lumen.example>\n"
        "Sent: Monday, January 20, 2025 10:15 AM\n"
        "To: Ana Ruiz <ana@teatronuevo.example>\n"
        "Subject: [ORD-0042] Design approval\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "We approve the sketches.",
        id="outlook-header-block",
    ),
    pytest.param(
        "Please proceed.\n\n"
        "________________________________\n"
        "From: Lucia Ferrer <studio@lumen.example>\n"
        "Sent: Monday, January 20, 2025 10:15\n"
        "To: Ana Ruiz\n"
        "Subject: RE: [ORD-0042] Design approval\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "Please proceed.",
        id="outlook-underscore-rule",
    ),
    pytest.param(
        "Paid this morning.\n\n"
        "-----Original Message-----\n"
        "From: Lucia Ferrer [mailto:studio@lumen.example]\n"
        "Sent: Monday, January 20, 2025 10:15 AM\n"
        "Subject: Invoice\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "Paid this morning.",
        id="outlook-original-message",
    ),
    pytest.param(
        "Thursday morning is best.\n\nSent from my iPhone\n\n"
        "On Jan 20, 2025, at 10:15 AM, Atelier Lumen <studio@lumen.example> wrote:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Thursday morning is best.",
        id="iphone-footer",
    ),
    pytest.param(
        "The satin, please.\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>\n"
        "________________________________\n"
        "From: Lucia Ferrer <studio@lumen.example>\n"
        "Sent: Monday, January 20, 2025 10:15:00 AM\n"
        "To: Ana Ruiz <ana@teatronuevo.example>\n"
        "Subject: [ORD-0042] Fabric choice\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "The satin, please.",
        id="outlook-android-footer",
    ),
    pytest.param(
        "Passt so, danke!\n\nVon meinem iPhone gesendet\n\n"
        "Am 20.01.2025 um 10:15 schrieb Atelier Lumen <studio@lumen.example>:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Passt so, danke!",
        id="german-quote-header-and-footer",
    ),
    pytest.param(
        "Freigegeben.\n\n"
        "Von: Lucia Ferrer <studio@lumen.example>\n"
        "Gesendet: Montag, 20. Januar 2025 10:15\n"
        "An: Jonas Weber <jonas@buehne.example>\n"
        "Betreff: [ORD-0042] Entwurf\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "Freigegeben.",
        id="german-outlook-header-block",
    ),
    pytest.param(
        "C'est parfait, merci.\n\nEnvoyé de mon iPhone\n\n"
        "Le lun. 20 janv. 2025 à 10:15, Atelier Lumen <studio@lumen.example> a écrit :\n\n"
        f"{STUDIO_QUOTE}\n",
        "C'est parfait, merci.",
        id="french-quote-header-and-footer",
    ),
    pytest.param(
        "Aprobado, gracias.\n\nEnviado desde mi iPhone\n\n"
        "El lun, 20 ene 2025 a las 10:15, Atelier Lumen (<studio@lumen.example>) escribió:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Aprobado, gracias.",
        id="spanish-quote-header-and-footer",
    ),
    pytest.param(
        "Va bene la seconda.\n\n"
        "Il giorno lun 20 gen 2025 alle ore 10:15 Atelier Lumen <studio@lumen.example> "
        "ha scritto:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Va bene la seconda.",
        id="italian-quote-header",
    ),
    pytest.param(
        "Akkoord.\n\nOp ma 20 jan. 2025 om 10:15 schreef Atelier Lumen <studio@lumen.example>:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Akkoord.",
        id="dutch-quote-header",
    ),
    pytest.param(
        "Aprovado.\n\nEm seg., 20 de jan. de 2025 às 10:15, Atelier Lumen <\n"
        "studio@lumen.example> escreveu:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Aprovado.",
        id="portuguese-quote-header-wrapped",
    ),
    pytest.param(
        "Det ser bra ut.\n\n"
        "Den mån 20 jan. 2025 kl 10:15 skrev Atelier Lumen <studio@lumen.example>:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Det ser bra ut.",
        id="swedish-quote-header",
    ),
    pytest.param(
        "Zatwierdzam.\n\n"
        "W dniu 20.01.2025 o 10:15, Atelier Lumen <studio@lumen.example> napisał:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Zatwierdzam.",
        id="polish-quote-header",
    ),
    pytest.param(
        "Looks right to me.\n\n2025-01-20 10:15 GMT+01:00 Atelier Lumen <studio@lumen.example>:\n\n"
        f"{STUDIO_QUOTE}\n",
        "Looks right to me.",
        id="unknown-language-attribution-before-quote",
    ),
    pytest.param(
        f"Sounds good.\n\nOn Monday, 20 January 2025, Atelier Lumen wrote:\n\n{OUTLOOK_HISTORY}\n",
        "Sounds good.",
        id="quote-header-with-unquoted-history",
    ),
    pytest.param(
        "On Mon, Jan 20, 2025 at 10:15 AM Atelier Lumen <studio@lumen.example> wrote:\n"
        "> Which fabric would you like: 1) duchess satin, 2) silk taffeta?\n\n"
        "The duchess satin, please.\n",
        "The duchess satin, please.",
        id="bottom-posted",
    ),
    pytest.param(
        "Answers below.\n\n"
        "> 1. Do you approve the sketches?\n"
        "Yes, approved.\n"
        "> 2. Which fabric do you prefer?\n"
        "The satin.\n"
        ">\n"
        "> 3. Which fitting slot suits you?\n\n"
        "Tuesday at 2.\n",
        "Answers below.\n\nYes, approved.\nThe satin.\n\nTuesday at 2.",
        id="inline-answers",
    ),
    pytest.param(
        "Option 1 for the gala gowns.\n\n-- \nAna Ruiz\nWardrobe Supervisor, Teatro Nuevo\n"
        "+34 612 345 678\n",
        "Option 1 for the gala gowns.",
        id="signature-with-phone",
    ),
    pytest.param(
        "Forwarding our director's note.\n\n---------- Forwarded message ---------\n"
        "From: Director <director@teatronuevo.example>\n"
        "Date: Mon, Jan 20, 2025 at 9:00 AM\n"
        "Subject: Gowns\n\nApproved.\n",
        "Forwarding our director's note.",
        id="forwarded-marker",
    ),
    pytest.param(
        "Here is the transfer receipt.\n\nSent from my desk, which is easier than my phone.\n",
        "Here is the transfer receipt.\n\nSent from my desk, which is easier than my phone.",
        id="sentence-that-is-not-a-footer",
    ),
    pytest.param(
        "Option 2.\n\nSent from my account manager's laptop? No: Sent from my iPad\n",
        "Option 2.\n\nSent from my account manager's laptop? No: Sent from my iPad",
        id="footer-words-inside-a-sentence",
    ),
    pytest.param(
        "Hi,\nOn the fabric, I agree with what Maria wrote\nOption 2 please.",
        "Hi,\nOn the fabric, I agree with what Maria wrote\nOption 2 please.",
        id="prose-that-is-not-a-quote-header",
    ),
    pytest.param(
        "Approved.\r\n\r\nOn Mon, Jan 20, 2025 at 10:15 AM Lucia <studio@lumen.example> wrote:\r\n"
        "> Could you approve?\r\n",
        "Approved.",
        id="crlf-line-endings",
    ),
]


# Quote headers without "wrote:", wrapped addresses, "|" quoting, posting styles, forwards.
HISTORY_CASES = [
    pytest.param(
        f"The taffeta, please.\n\n2025-01-20 10:15 GMT+01:00 Lucia Ferrer\n\n{OUTLOOK_HISTORY}\n",
        "The taffeta, please.",
        id="date-time-zone-and-name-without-wrote",
    ),
    pytest.param(
        f"Option 1 is fine.\n\n2025/1/20 Atelier Lumen <studio@lumen.example>\n\n{STUDIO_QUOTE}\n",
        "Option 1 is fine.",
        id="gmail-date-and-address-without-colon",
    ),
    pytest.param(
        "Approved.\n\nOn Mon, 20 Jan 2025 at 10:15 Lucia Ferrer\n\n<\n"
        f"mailto:studio@lumen.example>\n> wrote:\n\n\n{OUTLOOK_HISTORY}\n",
        "Approved.",
        id="header-with-wrapped-mailto-then-unquoted-history",
    ),
    pytest.param(
        "Approved.\n\nOn Mon, 20 Jan 2025 at 10:15 Lucia Ferrer\n\n<\n"
        f"mailto:studio@lumen.example>\n> wrote:\n\n{STUDIO_QUOTE}\n",
        "Approved.",
        id="header-with-wrapped-mailto-then-quote",
    ),
    pytest.param(
        "The duchess satin.\n\n2025/1/20 Atelier Lumen <studio@lumen.example>\n\n"
        "| Which fabric would you like for the gala gowns?\n"
        "| ------------------------------\n|\n| 1) duchess satin  2) silk taffeta\n",
        "The duchess satin.",
        id="pipe-quoting",
    ),
    pytest.param(
        "Our sizes:\n| Gown | Size |\n| Ivory | 38 |\nThanks",
        "Our sizes:\n| Gown | Size |\n| Ivory | 38 |\nThanks",
        id="a-table-is-not-pipe-quoting",
    ),
    pytest.param(
        "On Mon, Jan 20, 2025 at 10:15 AM Atelier Lumen <studio@lumen.example> wrote:\n"
        "| Which slot suits you?\n\nThursday at 10, please.\n",
        "Thursday at 10, please.",
        id="bottom-posted-below-pipe-quote",
    ),
    pytest.param(
        "On Mon, 20 Jan 2025 at 10:15, Atelier Lumen <studio@lumen.example> wrote:\n\n"
        "Thanks for the sketches, answers below.\n\n"
        "> 1. Do you approve the sleeves?\nYes.\n> 2. Which fabric?\nThe satin.\n",
        "Thanks for the sketches, answers below.\n\nYes.\nThe satin.",
        id="header-first-then-own-text-and-inline-answers",
    ),
    pytest.param(
        f"On Mon, 20 Jan 2025 at 10:15, Atelier Lumen <studio@lumen.example> wrote:\n\n"
        f"{OUTLOOK_HISTORY}\n",
        "",
        id="header-first-then-only-unquoted-history",
    ),
    pytest.param(
        "We can come on the 28th at 10:00 if that suits\nyou, see you then.\n"
        "Atelier Lumen <studio@lumen.example> wrote:\n> Which slot suits you?\n",
        "We can come on the 28th at 10:00 if that suits\nyou, see you then.",
        id="reply-running-into-header-without-blank-line",
    ),
    pytest.param(
        "On the fabric, we pick the satin\n"
        "On Mon, 20 Jan 2025 at 10:15, Atelier Lumen <studio@lumen.example> wrote:\n"
        "> Which fabric?\n",
        "On the fabric, we pick the satin",
        id="reply-starting-with-on-above-header",
    ),
    pytest.param(
        "Yes, approved.\n\nLucia Ferrer - Atelier Lumen Costume Studio\n"
        "<studio@lumen.example> wrote:\n\n> Could you approve?\n",
        "Yes, approved.",
        id="name-then-address-wrapped-header",
    ),
    pytest.param(
        "Booked:\n2025-01-28 14:00 Studio Visit\nSee you then.",
        "Booked:\n2025-01-28 14:00 Studio Visit\nSee you then.",
        id="a-date-line-of-the-client-is-not-a-header",
    ),
    pytest.param(
        "---------- Forwarded message ---------\n"
        "From: Marta Gil <marta@teatronuevo.example>\n"
        "Date: Mon, Jan 20, 2025 at 9:00 AM\nSubject: Gowns\n"
        "To: Ana Ruiz <ana@teatronuevo.example>\n\nApproved, go ahead.\n",
        "",
        id="forward-without-a-note-is-not-the-clients-word",
    ),
    pytest.param(
        "See Marta's answer below: she wants option 2.\n\nBegin forwarded message:\n\n"
        "From: Marta Gil <marta@teatronuevo.example>\nSubject: Gowns\n"
        "Date: 20 January 2025 at 09:00:00 CET\nTo: Ana Ruiz <ana@teatronuevo.example>\n\n"
        "Option 2.\n",
        "See Marta's answer below: she wants option 2.",
        id="apple-forward-keeps-the-note",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES + HISTORY_CASES)
def test_extract_reply_from_text(text: str, expected: str) -> None:
    """Plain-text replies keep the client's words and lose history, signatures and footers."""
    assert extract_reply(text) == expected


GMAIL_HTML = """<div dir="ltr">Approved, thank you!<div><br></div><div>Ana</div></div><br>
<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon,
Jan 20, 2025 at 10:15 AM Atelier Lumen
&lt;<a href="mailto:studio@lumen.example">studio@lumen.example</a>&gt; wrote:<br></div>
<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">
<div dir="ltr">Dear Ana, could you approve the sketches?</div></blockquote></div>"""

GMAIL_INLINE_HTML = """<div dir="ltr">See my answers below.</div><br>
<div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 20, 2025 at 10:15 AM Atelier Lumen
&lt;studio@lumen.example&gt; wrote:<br></div>
<blockquote class="gmail_quote">Which fabric do you prefer?</blockquote>
<div>The satin.</div>
<blockquote class="gmail_quote">Which fitting slot suits you?</blockquote>
<div>Thursday morning.</div></div>"""

OUTLOOK_WEB_HTML = """<html><head><style>p {margin:0}</style></head><body>
<div dir="ltr">Option 2 please.</div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%">
<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Lucia Ferrer &lt;studio@lumen.example&gt;<br>
<b>Sent:</b> Monday, January 20, 2025 10:15<br><b>Subject:</b> Fabric</div>
<div>Which fabric do you prefer? 1) satin 2) taffeta</div></body></html>"""

OUTLOOK_DESKTOP_HTML = """<html><head><style>p.MsoNormal {margin:0cm}</style></head>
<body><div class="WordSection1">
<p class="MsoNormal">We have sent the transfer today.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b>From:</b> Lucia Ferrer &lt;studio@lumen.example&gt;<br>
<b>Sent:</b> Monday, January 20, 2025 10:15 AM<br><b>To:</b> Ana Ruiz<br>
<b>Subject:</b> Invoice ORD-0042<o:p></o:p></p></div>
<p class="MsoNormal">Dear Ana, the deposit is due on Friday.<o:p></o:p></p></div></body></html>"""

APPLE_HTML = """<html><body style="word-wrap: break-word;"><div>Thursday at 10 works.</div>
<div><br><blockquote type="cite"><div>On 20 Jan 2025, at 10:15, Atelier Lumen
&lt;studio@lumen.example&gt; wrote:</div><br><div>Which slot suits you?</div>
</blockquote></div><br></body></html>"""

THUNDERBIRD_HTML = """<html><body>Not approved, the collar is too high.<br>
<div class="moz-cite-prefix">On 20/01/2025 10:15, Atelier Lumen wrote:<br></div>
<blockquote type="cite" cite="mid:abc@lumen.example">Could you approve the sketches?</blockquote>
</body></html>"""

YAHOO_HTML = """<div>We'll go with the taffeta.</div><div class="yahoo_quoted">
<div>On Monday, January 20, 2025, 10:15 AM, Atelier Lumen wrote:</div>
<blockquote>Which fabric?</blockquote></div>"""

HTML_CASES = [
    pytest.param(GMAIL_HTML, "Approved, thank you!\n\nAna", id="gmail"),
    pytest.param(
        GMAIL_INLINE_HTML,
        "See my answers below.\n\nThe satin.\nThursday morning.",
        id="gmail-inline",
    ),
    pytest.param(OUTLOOK_WEB_HTML, "Option 2 please.", id="outlook-web"),
    pytest.param(OUTLOOK_DESKTOP_HTML, "We have sent the transfer today.", id="outlook-desktop"),
    pytest.param(APPLE_HTML, "Thursday at 10 works.", id="apple-mail"),
    pytest.param(THUNDERBIRD_HTML, "Not approved, the collar is too high.", id="thunderbird"),
    pytest.param(YAHOO_HTML, "We'll go with the taffeta.", id="yahoo"),
]


# A name line above an <hr> that starts the quoted original, in the same block.
HR_HTML = """<html><body><div>Option 2, please.<div>Ana Ruiz<hr>
<b>From: </b>Atelier Lumen &lt;studio@lumen.example&gt;<br>
<b>Sent: </b>Monday, January 20, 2025 10:15 AM<br><b>To: </b>ana@teatronuevo.example<br>
<b>Subject: </b>Fabric<br><br><p>Which fabric would you like?</p></div></div></body></html>"""

HTML_CASES += [
    pytest.param(HR_HTML, "Option 2, please.", id="name-above-hr-before-header"),
    pytest.param(
        HR_HTML.replace("Ana Ruiz<hr>", "Approved<hr>").replace("Option 2, please.", "Hi,"),
        "Hi,\nApproved",
        id="decision-above-hr-is-kept",
    ),
    pytest.param(
        "<p>Approved.</p><hr><p>Ana Ruiz<br>Teatro Nuevo</p>",
        "Approved.\n\nAna Ruiz\nTeatro Nuevo",
        id="hr-without-header-cuts-nothing",
    ),
]


@pytest.mark.parametrize(("html", "expected"), HTML_CASES)
def test_extract_reply_from_html_only(html: str, expected: str) -> None:
    """HTML-only replies are read from their HTML with the quote containers removed first."""
    assert extract_reply("", html) == expected


def test_text_body_wins_over_html() -> None:
    """When a text part exists it is the one read; the HTML is only a fallback."""
    assert extract_reply("Option 1.", "<p>Option 2.</p>") == "Option 1."


def test_html_to_text_layout() -> None:
    """Blocks become lines, paragraphs keep one blank line, invisible parts and entities go."""
    html = (
        "<html><head><title>x</title><style>p{color:red}</style></head><body>"
        "<script>alert(1)</script><p>Dear studio,</p><p>Fish &amp; chips&nbsp;&lt;3<br>line two</p>"
        "<p></p><p></p><ul><li>one</li><li>two</li></ul></body></html>"
    )
    assert html_to_text(html) == "Dear studio,\n\nFish & chips <3\nline two\n\none\ntwo"


def test_strip_html_quotes_keeps_unquoted_text() -> None:
    """Only the quote containers go; the client's own blocks stay as they were."""
    stripped = strip_html_quotes(GMAIL_HTML)
    assert "could you approve" not in stripped
    assert "Approved, thank you!" in stripped


SIGNOFF_CASES = [
    pytest.param(
        "Option 2 please.\n\nBest regards,\nAna Ruiz\nWardrobe Supervisor\nTel. +34 612 345 678",
        "Option 2 please.",
        id="sign-off-name-title-phone",
    ),
    pytest.param("Approved.\n\nThanks, Ana", "Approved.", id="sign-off-with-name-on-line"),
    pytest.param("Thanks, approved", "Thanks, approved", id="thanks-carrying-the-decision"),
    pytest.param("Thanks!", "Thanks!", id="nothing-but-thanks"),
    pytest.param(
        "The satin.\n\nCheers,\nAna\nP.S. not the taffeta",
        "The satin.\n\nCheers,\nAna\nP.S. not the taffeta",
        id="postscript-is-kept",
    ),
    pytest.param(
        "Option 1.\n\nMit freundlichen Grüßen\nJonas Weber", "Option 1.", id="german-sign-off"
    ),
]


SIGNOFF_CASES += [
    pytest.param(
        "Looks lovely.\n\nKind regards,\nAna Ruiz\nOption 2",
        "Looks lovely.\n\nKind regards,\nAna Ruiz\nOption 2",
        id="choice-after-the-name-is-kept",
    ),
    pytest.param(
        "See you then.\n\nBest,\nAna\nTuesday at 2 works",
        "See you then.\n\nBest,\nAna\nTuesday at 2 works",
        id="slot-after-the-name-is-kept",
    ),
    pytest.param(
        "Thanks for the photos.\n\nCheers,\nAna\nthe second one",
        "Thanks for the photos.\n\nCheers,\nAna\nthe second one",
        id="ordinal-after-the-name-is-kept",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SIGNOFF_CASES)
def test_strip_signoff(text: str, expected: str) -> None:
    """A sign-off and its short name block go; anything that could carry a decision stays."""
    assert strip_signoff(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Option 2 please.\n\nBest regards,\nAna Ruiz\nWardrobe Supervisor, Teatro Nuevo\n"
            "+34 612 345 678\n",
            "Option 2 please.",
            id="sign-off-with-name-title-phone-block-goes",
        ),
        pytest.param(
            "Confirmed for Thursday.\n\nMit freundlichen Grüßen\nJonas Weber\nBühne Nord\n",
            "Confirmed for Thursday.",
            id="german-sign-off-with-name-and-company-goes",
        ),
        pytest.param(
            "Approved.\n\nThanks,\nAna\n",
            "Approved.\n\nThanks,\nAna",
            id="sign-off-with-a-bare-name-stays",
        ),
        pytest.param(
            "Looks lovely.\n\nKind regards,\nAna Ruiz\nOption 2\n",
            "Looks lovely.\n\nKind regards,\nAna Ruiz\nOption 2",
            id="block-holding-a-decision-stays",
        ),
    ],
)
def test_extract_reply_drops_signature_blocks(text: str, expected: str) -> None:
    """extract_reply drops a sign-off with a name/title/phone block (a signature), and keeps
    a bare "Thanks,\nAna" (the client's own close) and anything that could decide."""
    assert extract_reply(text) == expected


def test_html_quotes_are_found_without_css_selectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quote containers are found without CSS selectors: soupsieve compiles a selector on
    first use, which cost the first HTML reply of a process about 100 ms."""
    import soupsieve
    from bs4 import Tag

    def no_css(*args: object, **kwargs: object) -> None:
        raise AssertionError("a CSS selector was used")

    monkeypatch.setattr(soupsieve, "compile", no_css)
    monkeypatch.setattr(Tag, "select", no_css)
    monkeypatch.setattr(Tag, "select_one", no_css)
    for html, expected in [
        (HR_HTML, "Option 2, please."),
        (GMAIL_HTML, "Approved, thank you!\n\nAna"),
    ]:
        assert extract_reply("", html) == expected


def test_required_text_of_a_phrase_pattern() -> None:
    """The plain text every match of a pattern needs: what lets a costly pattern be skipped."""
    assert required_text(r"on\b.{1,250}\bwrote\s*:") == "wrote"
    assert required_text(r"w dniu\b.{1,250}\bnapisał(?:\(a\)|a)?\s*:") == "napisał"
    assert required_text(r"colou?r") == "colo"
    assert required_text(r"x{2}yz") == "yz"
    assert required_text(r"[ab]cd") == "cd"
    assert required_text(r"[\]x]+wrote") == "wrote"
    assert required_text(r"[]a]?schrieb") == "schrieb"
    assert required_text(r"wrote|schrieb") == ""


def test_long_text_is_extracted_quickly() -> None:
    """A 150 KB body with no history costs milliseconds, not a scan per line per pattern."""
    body = "\n".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do."] * 2500)
    start = time.perf_counter()
    assert extract_reply(f"Approved.\n\n{body}").startswith("Approved.")
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    "footer",
    [
        "Outlook für Android herunterladen",
        "Télécharger Outlook pour Android",
        "Scarica Outlook per iOS",
        "Outlook voor Android downloaden",
        "Skaffa Outlook för Android",
    ],
)
def test_localised_outlook_mobile_footers_are_dropped(footer: str) -> None:
    """Outlook's mobile footer is dropped in the client's own language too."""
    text = f"Option 2 please\n\n{footer}<https://aka.ms/x>\n\n{STUDIO_QUOTE}"
    assert extract_reply(text) == "Option 2 please"


def test_a_contact_block_without_sign_off_is_dropped_by_the_reader() -> None:
    """A closing name-and-contact block ("Name | Title / Office hours: … / phone") decides
    nothing; the reader drops it, while a block that carries a decision is kept."""
    block = "Marta Gil | Wardrobe\nOffice hours: Mon-Thu 8:00-15:00\n+34 600 111 222"
    assert strip_contact_block(f"Friday suits us.\n\n{block}") == "Friday suits us."
    kept = "Friday suits us.\n\nMarta Gil\nTuesday at 2 instead\n+34 600 111 222"
    assert strip_contact_block(kept) == kept
    assert strip_contact_block(block) == block  # nothing above it: not a signature


def test_an_inline_pointer_keeps_the_line_it_points_at() -> None:
    """ "^ this one" under a quoted line is an answer only with that line: it is kept as a
    quoted line above the pointer."""
    text = "> Pick a lining:\n> 1. Silk\n> 2. Cotton\n^ that one\n> Kind regards"
    assert extract_reply(text) == "> 2. Cotton\n^ that one"
    assert extract_reply("Sounds good ^^") == "Sounds good ^^"


def test_an_inline_pointer_below_a_greeting_keeps_the_line_it_points_at() -> None:
    """ "That's the one" or "<- this one" written under a quoted option, below the writer's
    own greeting, keeps that option's line; under the writer's own words it keeps nothing."""
    text = (
        "Hi Ana, see below.\n\nOn Thu, Mar 5, 2026 at 11:00 AM Ana <ana@studio.example> wrote:"
        "\n> Pick a trim:\n>   A. Gold braid\n\nThat's the one for us.\n\n>   B. Silk fringe\n"
    )
    assert extract_reply(text) == "Hi Ana, see below.\n\n> A. Gold braid\nThat's the one for us."
    apple = "Ana,\n\n> 1. Plum\n> 2. Teal\n\n<- this one!\n\n> 3. Mustard\n"
    assert extract_reply(apple) == "Ana,\n\n> 2. Teal\n<- this one!"
    assert extract_reply("Hi Ana,\n\nThat's the one for us.") == "Hi Ana,\n\nThat's the one for us."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola,\n\n> 1. Plum\n> 2. Teal\n\nEsta, por favor.\n\n> 3. Mustard\n", "> 2. Teal"),
        ("> A. Plum\n\nC'est celle-là, svp !\n\n> B. Teal\n", "> A. Plum"),
        ("> 1. Plum\n\nDeze graag.\n\n> 2. Teal\n", "> 1. Plum"),
        ("Ana,\n\n> 1. Plum\n> 2. Teal\n\n<- diese bitte\n\n> 3. Mustard\n", "> 2. Teal"),
    ],
)
def test_inline_pointers_in_other_languages_keep_the_line_they_point_at(
    text: str, expected: str
) -> None:
    """ "Esta, por favor", "c'est celle-là", "deze graag" under a quoted option keep it."""
    assert expected in extract_reply(text).split("\n")
