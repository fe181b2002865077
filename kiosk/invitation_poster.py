"""The invitation poster: an open consultation for the commune's notice board, A4 or A3, with a QR code to read it.

Outreach, not only results: what is consulted on, by whom, from when to when,
where the kiosks are, how to take part, and a QR code to the consultation's
page on the portal (``<portal>/r/lay-y-kien/<code>``), so a phone can read
the draft at home. Printed from the kiosk (``gopy poster --invitation``) and
downloaded at the centre (the portal's consultation page): both fill an
:class:`Invitation` and call :func:`render_invitation`, so they print the same.
Black and greys only, as the results poster (kiosk.receipts.poster); A3 is A4
scaled up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable, HRFlowable

from kiosk.i18n import N_, translator
from kiosk.receipts.fonts import BOLD, table_style
from kiosk.receipts.markup import bold, plain
from kiosk.receipts.poster_page import GREY, poster_page, render_poster_pdf, scaled_styles
from kiosk.receipts.qr import QrFlowable
from kiosk.text import clean_line

SUMMARY_MAX = 700  # characters: the poster invites; the draft itself is at the kiosk and behind the QR code
PLACES_MAX = 12  # more kiosks than this: "and N more", the full list is on the portal
_MARGIN = 16 * mm
_GREY = GREY

# The steps, in the poster's language (translated when printed).
_STEPS = (
    N_("Come to the kiosk at the commune office. It needs no internet and no account."),
    N_("Read the draft article by article, or have it read aloud."),
    N_("Give your opinion on any article: agree, disagree or another opinion, with your comment."),
    N_("Take your printed receipt: its code shows later what the agency answered."),
)


@dataclass(frozen=True)
class Invitation:
    title: str
    agency: str
    summary: str
    opens: date | None
    closes: date | None
    places: tuple[str, ...]  # where the kiosks are, one line each
    url: str  # the QR code's address: <portal>/r/lay-y-kien/<code>
    question_count: int = 0
    article_count: int = 0
    language: str = "vi"
    commune_name: str = ""  # the heading of a commune's own poster; empty at the centre


def invitation_for(store, code: str, *, language: str = "vi") -> Invitation:
    """The invitation for ``code`` as this kiosk prints it: its own commune is where to take part."""
    from kiosk.blank_forms import consultation_payload
    from kiosk.consultations import ConsultationRepository
    from kiosk.qr_code import DEFAULT_PORTAL

    repo = ConsultationRepository(store)
    consultation = repo.get(code)
    identity = store.query_one("SELECT * FROM identity")
    draft_id = repo.current_draft_id(consultation.code)
    articles = sum(1 for node in repo.nodes(draft_id) if node.kind == "article") if draft_id is not None else 0
    here = ", ".join(part for part in (identity["kiosk_name"], identity["commune_name"]) if part)
    return Invitation(
        title=consultation.title,
        agency=consultation.agency,
        summary=consultation.summary,
        opens=consultation.opens_on,
        closes=consultation.closes_on,
        places=(here,) if here else (),
        url=consultation_payload(store.setting("portal_url", DEFAULT_PORTAL) or DEFAULT_PORTAL, consultation.code),
        question_count=len(repo.questions(consultation.code)),
        article_count=articles,
        language=language,
        commune_name=identity["commune_name"] or "",
    )


class _Styles:
    def __init__(self, scale: float) -> None:
        style = scaled_styles(scale)
        self.commune = style("commune", 16, font=BOLD, alignment=TA_CENTER)
        self.agency = style("agency", 14, alignment=TA_CENTER, textColor=_GREY)
        self.heading = style("heading", 40, font=BOLD, alignment=TA_CENTER, leading=1.15, spaceBefore=6 * scale, spaceAfter=4 * scale)
        self.title = style("title", 22, font=BOLD, alignment=TA_CENTER, leading=1.25)
        self.period = style("period", 18, font=BOLD, alignment=TA_CENTER, spaceBefore=6 * scale, spaceAfter=2 * scale)
        self.facts = style("facts", 13.5, alignment=TA_CENTER, textColor=_GREY)
        self.summary = style("summary", 15, leading=1.38, spaceAfter=2 * scale)
        self.section = style("section", 19, font=BOLD, spaceBefore=12 * scale, spaceAfter=4 * scale)
        self.text = style("text", 16, leading=1.38, spaceAfter=3.5 * scale)
        self.qr_caption = style("qr_caption", 13, font=BOLD, alignment=TA_CENTER, leading=1.25)


def _date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "…"


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def render_invitation(invitation: Invitation, size: str = "a4") -> bytes:
    """The invitation poster as a PDF.

    :param size: "a4" or "a3"
    :raises ValueError: for another size
    """
    page = poster_page(size, _MARGIN)
    _ = translator(invitation.language)
    heading = _("Have your say")
    st = _Styles(page.scale)
    return render_poster_pdf(
        page,
        _story(invitation, heading, st, page.printable, page.scale, _),
        title=f"{heading}: {clean_line(invitation.title)}",
        author=clean_line(invitation.agency),
        language=invitation.language,
        footer=" ".join((_("Read the draft and the results:"), invitation.url)),
    )


def _story(inv: Invitation, heading: str, st: _Styles, width: float, scale: float, _) -> list[Flowable]:
    story: list[Flowable] = []
    if inv.commune_name:
        story.append(Paragraph(plain(inv.commune_name.upper()), st.commune))
    story += [
        Paragraph(plain(inv.agency), st.agency),
        HRFlowable(width="40%", thickness=1.2 * scale, color="black", spaceBefore=4 * scale, spaceAfter=4 * scale),
        Paragraph(plain(heading.upper()), st.heading),
        Paragraph(plain(inv.title), st.title),
        Paragraph(plain(_("From {opens} to {closes}").format(opens=_date(inv.opens), closes=_date(inv.closes))), st.period),
    ]
    facts = []
    if inv.article_count:
        facts.append(_("{count} articles").format(count=inv.article_count))
    if inv.question_count:
        facts.append(_("{count} questions").format(count=inv.question_count))
    if facts:
        story.append(Paragraph(plain(" · ".join(facts)), st.facts))
    story.append(Spacer(1, 8 * scale))
    story.append(_lead(inv, st, width, scale, _))
    story.append(Paragraph(plain(_("How to take part")), st.section))
    story += [Paragraph(f"{bold(f'{n}.')} {plain(_(step))}", st.text) for n, step in enumerate(_STEPS, start=1)]
    if inv.places:
        lines = [Paragraph(plain(_("Where the kiosks are")), st.section)]
        lines += [Paragraph(plain(f"• {place}"), st.text) for place in inv.places[:PLACES_MAX]]
        if len(inv.places) > PLACES_MAX:
            more = _("and {count} more communes: see the address below").format(count=len(inv.places) - PLACES_MAX)
            lines.append(Paragraph(plain(more), st.text))
        story.append(KeepTogether(lines))
    story.append(Paragraph(plain(_("Every opinion is counted, and the drafting agency answers in public.")), st.section))
    return story


def _lead(inv: Invitation, st: _Styles, width: float, scale: float, _) -> Flowable:
    """The summary, with the QR code of the consultation's page beside it."""
    qr = QrFlowable(inv.url, 58 * mm * scale, 64 * mm * scale)
    side = max(qr.side, 58 * mm * scale)
    gap = 8 * scale
    summary = [Paragraph(plain(_shortened(inv.summary, SUMMARY_MAX)), st.summary)] if inv.summary.strip() else [Spacer(1, 1)]
    code = [qr, Paragraph(plain(_("Scan to read the draft on a phone")), st.qr_caption)]
    lead = Table([[summary, code]], colWidths=[width - side - gap, side + gap], hAlign="LEFT")
    lead.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), gap),
            ]
        )
    )
    return lead
