"""Blank paper feedback forms for a consultation: for people who would rather write than touch a screen.

One A4 form lists every article of the current draft with three boxes for
the stance and lines for a comment, then the consultation's questions and
an optional block for the person's details. It carries the consultation's
code on every page (pages of a long form get separated) and a QR code to
the consultation on the portal. A clerk later enters each form through the
paper entry screen or a spreadsheet (kiosk.paper_import); a paper form gets
no receipt code when it is handed in, and the form says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit, urlunsplit

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable

from kiosk.clerk_entry import articles
from kiosk.consultations import ConsultationRepository
from kiosk.domain import ConsultationKind, Question, QuestionKind, Stance
from kiosk.errors import ValidationError
from kiosk.i18n import _
from kiosk.qr_code import DEFAULT_PORTAL
from kiosk.receipts.fonts import REGULAR, table_style
from kiosk.receipts.labels import stance_label
from kiosk.receipts.language import Translate, local_date, translator
from kiosk.receipts.markup import bold, italic, plain
from kiosk.receipts.paper import Styles, paper, styles
from kiosk.receipts.qr import QrFlowable
from kiosk.storage.db import Store
from kiosk.text import clean_line

COMMENT_LINES = 3
ANSWER_LINES = 3
_BOX = 4.2 * mm
_LINE_GAP = 8 * mm


def consultation_payload(base_url: str, code: str) -> str:
    """The QR code's text: the consultation's page on the portal, ``base_url`` + ``/lay-y-kien/`` + the code.

    The same portal setting as receipts and results (kiosk.receipts.qr).

    :raises ValueError: when ``base_url`` is not an http(s) address
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"not an http(s) base address: {base_url!r}")
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), f"{path}/lay-y-kien/{quote(code, safe='')}", "", ""))


@dataclass(frozen=True)
class BlankForm:
    """What a blank form for one consultation shows."""

    commune_name: str
    code: str
    title: str
    agency: str
    opens_on: date
    closes_on: date
    articles: tuple[str, ...]  # "Điều 1. Phạm vi điều chỉnh", in document order
    questions: tuple[Question, ...]
    qr_payload: str


def blank_form_content(store: Store, code: str) -> BlankForm:
    """The blank form of the consultation ``code``.

    :raises NotFoundError: for an unknown consultation
    :raises ValidationError: for a consultation that is not a draft (ideas calls and votes have their own forms)
    """
    repo = ConsultationRepository(store)
    consultation = repo.get(code)
    if ConsultationKind(consultation.kind) != ConsultationKind.DRAFT:
        raise ValidationError(_("Blank forms are printed for consultations on a draft."))
    identity = store.query_one("SELECT commune_name FROM identity")
    portal = store.setting("portal_url", DEFAULT_PORTAL) or DEFAULT_PORTAL
    return BlankForm(
        commune_name=identity["commune_name"] if identity else "",
        code=consultation.code,
        title=consultation.title,
        agency=consultation.agency,
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        articles=tuple(node.label() for node in articles(store, code)),
        questions=tuple(repo.questions(code)),
        qr_payload=consultation_payload(portal, consultation.code),
    )


def blank_form_pdf(store: Store, code: str, *, language: str = "vi") -> bytes:
    """The blank paper form of the consultation ``code`` as an A4 PDF."""
    return render_blank_form(blank_form_content(store, code), language)


class _Boxes(Flowable):
    """Empty tick boxes, each followed by its label, on one line (wrapping onto more when they do not fit)."""

    def __init__(self, labels: list[str], size: float) -> None:
        super().__init__()
        self.labels = labels
        self.size = size
        self._rows: list[list[tuple[float, str]]] = []

    def _cell_width(self, label: str) -> float:
        return _BOX + 2 * mm + stringWidth(label, REGULAR, self.size) + 8 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        self._rows, x = [[]], 0.0
        for label in self.labels:
            width = self._cell_width(label)
            if self._rows[-1] and x + width > availWidth:
                self._rows.append([])
                x = 0.0
            self._rows[-1].append((x, label))
            x += width
        self.width = availWidth
        self.height = len(self._rows) * (_BOX + 3 * mm)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(1)
        canvas.setFont(REGULAR, self.size)
        row_height = _BOX + 3 * mm
        for index, row in enumerate(self._rows):
            y = self.height - (index + 1) * row_height + 1.5 * mm
            for x, label in row:
                canvas.rect(x, y, _BOX, _BOX, stroke=1, fill=0)
                canvas.drawString(x + _BOX + 2 * mm, y + (_BOX - self.size * 0.7) / 2, label)
        canvas.restoreState()


class _WritingLines(Flowable):
    """Dotted lines to write on, the width of the column."""

    def __init__(self, count: int, label: str = "", size: float = 10) -> None:
        super().__init__()
        self.count = count
        self.label = label
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        self.width = availWidth
        self.height = self.count * _LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.setDash(1, 2)
        start = 0.0
        if self.label:
            canvas.setFont(REGULAR, self.size)
            canvas.drawString(0, self.height - _LINE_GAP + 1.5, self.label)
            start = stringWidth(self.label, REGULAR, self.size) + 2 * mm
        for index in range(self.count):
            y = self.height - (index + 1) * _LINE_GAP + 1
            canvas.line(start if index == 0 else 0, y, self.width, y)
        canvas.restoreState()


def render_blank_form(form: BlankForm, language: str = "vi") -> bytes:
    """The blank form as an A4 PDF, in ``language`` ("vi" or "en")."""
    _ = translator(language)
    sheet = paper("a4")
    st = styles("a4")
    buffer = io.BytesIO()
    heading = _("Feedback form")
    doc = BaseDocTemplate(
        buffer,
        initialFontName=REGULAR,  # else every page declares reportlab's unembedded Helvetica
        pagesize=(sheet.width, sheet.height),
        title=f"{heading}: {clean_line(form.title)}",
        author=clean_line(form.commune_name),
        creator="Gópý Kiosk",
        lang=language,
        invariant=True,
    )
    frame = Frame(
        sheet.side, sheet.bottom, sheet.printable, sheet.height - sheet.top - sheet.bottom,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="form",
    )
    footer = _("Feedback form {code} · page {page}")

    def draw_footer(canvas, document) -> None:  # reportlab's onPage callback
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(sheet.width / 2, sheet.bottom / 2, footer.format(code=form.code, page=document.page))
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=draw_footer)])
    width = sheet.printable
    story: list[Flowable] = [
        *_top(form, heading, width, st, language, _),
        Spacer(1, 3 * mm),
        _instructions(form, width, st, language, _),
        Spacer(1, 3 * mm),
        _office_fields(width, st, _),
        Spacer(1, 4 * mm),
        Paragraph(bold(_("Your opinion on each article").upper()), st.heading),
        Spacer(1, 2 * mm),
    ]
    stances = [stance_label(stance, _) for stance in Stance]
    for label in form.articles:
        story.append(
            KeepTogether([
                Paragraph(bold(label), st.body),
                Spacer(1, 1 * mm),
                _Boxes(stances, st.body.fontSize),
                _WritingLines(COMMENT_LINES, _("Comment:"), st.body.fontSize),
                Spacer(1, 3 * mm),
            ])
        )
    if form.questions:
        story += [Spacer(1, 2 * mm), Paragraph(bold(_("Questions").upper()), st.heading), Spacer(1, 2 * mm)]
        story += [_question(question, st, _) for question in form.questions]
    story += [Spacer(1, 3 * mm), _details(st, _)]
    doc.build(story)
    return buffer.getvalue()


def _top(form: BlankForm, heading: str, width: float, st: Styles, language: str, _: Translate) -> list[Flowable]:
    """The commune, the form's title and the consultation beside the QR code to it."""
    qr_width = 30 * mm
    period = _("Feedback is taken from {opens} to {closes}.").format(
        opens=local_date(form.opens_on, language), closes=local_date(form.closes_on, language)
    )
    left = [
        Paragraph(bold(form.commune_name.upper()), st.body),
        Spacer(1, 2 * mm),
        Paragraph(plain(heading.upper()), st.title),
        Paragraph(bold(form.title), st.centre),
        Paragraph(plain(form.agency), st.small_centre),
        Paragraph(plain(period), st.small_centre),
        Paragraph(plain(_("Consultation code: {code}").format(code=form.code)), st.small_centre),
    ]
    right = [
        QrFlowable(form.qr_payload, qr_width, qr_width),
        Paragraph(plain(_("Scan to read the draft")), st.small_centre),
    ]
    table = Table([[left, right]], colWidths=[width - qr_width - 4 * mm, qr_width + 4 * mm], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


def _instructions(form: BlankForm, width: float, st: Styles, language: str, _: Translate) -> Flowable:
    lines = [
        _("For each article you want to comment on, tick one box: Agree, Disagree or Other opinion, "
          "and write your comment on the lines. You may leave out any article."),
        _("Answer the questions at the end if you wish. Write clearly, in ink."),
        _("Hand in the form at the commune office by {closes}. A paper form gets no receipt code when you hand it in: "
          "the commune staff enter it into the kiosk. Ask them if you want a receipt to follow your feedback.").format(
            closes=local_date(form.closes_on, language)
        ),
    ]
    cells = [[Paragraph(bold(_("How to fill in this form")), st.body)]]
    cells += [[Paragraph(plain(line), st.bullet, bulletText="•")] for line in lines]
    table = Table(cells, colWidths=[width], hAlign="LEFT")
    table.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), 0.8, "black"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _office_fields(width: float, st: Styles, _: Translate) -> Flowable:
    """Where the form's date and the office's number go: the date is what the clerk enters."""
    date_line = _("Date written: ......../......../................")
    number_line = _("Form number (for the office): ..................")
    table = Table([[Paragraph(plain(date_line), st.body), Paragraph(plain(number_line), st.body)]], colWidths=[width / 2, width / 2])
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _question(question: Question, st: Styles, _: Translate) -> Flowable:
    parts: list[Flowable] = [
        Paragraph(bold(_("Question {number}.").format(number=question.position)) + " " + plain(question.text), st.body),
        Spacer(1, 1 * mm),
    ]
    if question.kind == QuestionKind.TEXT:
        parts.append(_WritingLines(ANSWER_LINES))
    else:
        hint = _("(tick as many as you wish)") if question.kind == QuestionKind.MULTIPLE else _("(tick one)")
        parts += [Paragraph(italic(hint), st.small), _Boxes(list(question.options), st.body.fontSize)]
    parts.append(Spacer(1, 3 * mm))
    return KeepTogether(parts)


def _details(st: Styles, _: Translate) -> Flowable:
    size = st.body.fontSize
    return KeepTogether([
        Paragraph(bold(_("About you (optional)")), st.body),
        Paragraph(
            plain(_("Your name and phone are sealed for the centre and never printed on a receipt. "
                    "Writing them here means you agree to leave them.")),
            st.small,
        ),
        Spacer(1, 1 * mm),
        _WritingLines(1, _("Full name:"), size),
        _WritingLines(1, _("Phone:"), size),
        _WritingLines(1, _("Hamlet / village:"), size),
    ])
