"""The receipt a person takes home: a one-page PDF with the receipt code and its QR.

Roll paper has no fixed height, so the receipt is laid out twice: once to
measure it at the printable width, once onto a page exactly that tall. The
frame has no padding (SimpleDocTemplate's 6 pt padding made the measured
receipt spill onto a second page). Every text is NFC before layout: reportlab
does not shape, and decomposed marks collide with the letters they sit on.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable, HRFlowable

from kiosk.domain import Channel, Stance
from kiosk.receipt_code import group
from kiosk.receipts.content import ReceiptContent
from kiosk.receipts.fonts import BOLD, REGULAR, table_style
from kiosk.receipts.labels import stance_label
from kiosk.receipts.language import Translate, local_date, local_datetime, translator
from kiosk.receipts.markup import bold, plain
from kiosk.receipts.paper import RECEIPT_SIZES, Paper, Styles, paper, styles
from kiosk.receipts.qr import QrFlowable, compact_code
from kiosk.text import clean_line


class _Paragraph(Paragraph):
    """A paragraph that breaks its lines once per width.

    A roll receipt is measured and then laid out at the same width; breaking
    every line twice was a tenth of the rendering time.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        if getattr(self, "_wrapped", None) and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def render_receipt(content: ReceiptContent, size: str = "80mm") -> bytes:
    """The receipt as a PDF: exactly one page on a roll; one A5 sheet unless dozens of articles run it onto more.

    :param content: what to print
    :param size: "80mm" or "58mm" (thermal rolls, the page as tall as the receipt) or "a5"
    :raises ValueError: for an unknown size or a naive ``created_at``
    """
    if size not in RECEIPT_SIZES:
        raise ValueError(f"unknown receipt size {size!r}; expected one of {', '.join(RECEIPT_SIZES)}")
    sheet = paper(size)
    story = _story(content, sheet, styles(size), translator(content.language))
    page_height = sheet.height
    if page_height is None:  # roll paper: pass 1 measures, with 2 pt to spare for rounding
        page_height = _measure(story, sheet.printable) + sheet.top + sheet.bottom + 2
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        initialFontName=REGULAR,  # else every page declares reportlab's unembedded Helvetica
        pagesize=(sheet.width, page_height),
        leftMargin=sheet.side,
        rightMargin=sheet.side,
        topMargin=sheet.top,
        bottomMargin=sheet.bottom,
        title=_title(content),
        author=clean_line(content.commune_name),
        creator="Gópý Kiosk",
        lang=content.language,
        invariant=True,  # the same receipt gives the same bytes: reprints can be compared
    )
    frame = Frame(
        sheet.side, sheet.bottom, sheet.printable, page_height - sheet.top - sheet.bottom,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="receipt",
    )
    doc.addPageTemplates([PageTemplate(id="receipt", frames=[frame])])
    doc.build(story)  # pass 2
    return buffer.getvalue()


def _measure(story: list[Flowable], width: float) -> float:
    """The height ``story`` takes in a frame of ``width``, spaces collapsed as reportlab's Frame does."""
    height, previous_after = 0.0, None
    for flowable in story:
        height += flowable.wrap(width, 1e6)[1]
        if previous_after is not None:
            height += max(flowable.getSpaceBefore() - previous_after, 0)  # at the top, space before is dropped
            height += previous_after
        previous_after = flowable.getSpaceAfter()
    return height


def _title(content: ReceiptContent) -> str:
    return _heading(content, translator(content.language)) + " " + group(compact_code(content.code))


def _heading(content: ReceiptContent, _: Translate) -> str:
    return _("Vote receipt") if content.voted else _("Feedback receipt")


def _story(content: ReceiptContent, sheet: Paper, st: Styles, _: Translate) -> list[Flowable]:
    lang, tz = content.language, content.timezone
    rule = HRFlowable(width="100%", thickness=0.7, color="black", dash=(2, 2),
                      spaceBefore=st.body.fontSize * 0.5, spaceAfter=st.body.fontSize * 0.5)
    story: list[Flowable] = [
        _Paragraph(plain(content.commune_name), st.heading),
        _Paragraph(plain(_("Kiosk: {name}").format(name=clean_line(content.kiosk_name))), st.small_centre),
        rule,
        _Paragraph(plain(_heading(content, _).upper()), st.title),
        _Paragraph(plain(_("Time: {time}").format(time=local_datetime(content.created_at, lang, tz))), st.centre),
        Spacer(1, st.body.fontSize * 0.6),
        _Paragraph(plain(_("Consultation:")), st.small),
        _Paragraph(bold(content.consultation_title), st.body),
    ]
    if content.items:
        story += [Spacer(1, st.body.fontSize * 0.5), _Paragraph(plain(_("Your opinions:")), st.small)]
        story += _items(content.items, sheet, st, _)
    if content.ideas:
        story += [Spacer(1, st.body.fontSize * 0.5), _Paragraph(plain(_("Your ideas:")), st.small)]
        story += [
            _Paragraph(f"{bold(ref)} · {plain(category)}", st.bullet, bulletText="•") for ref, category in content.ideas
        ]
        story.append(_Paragraph(plain(_("Others can support your idea by its reference.")), st.small))
    if content.support_count:
        story.append(Spacer(1, st.body.fontSize * 0.3))
        story.append(_Paragraph(plain(_("Ideas you support: {count}").format(count=content.support_count)), st.body))
    if content.voted:
        story += [
            Spacer(1, st.body.fontSize * 0.5),
            _Paragraph(bold(_("Your vote has been recorded.")), st.body),
            _Paragraph(plain(_("This receipt does not show your choice: it is sealed for the centre.")), st.small),
        ]
    if content.question_count:
        story.append(Spacer(1, st.body.fontSize * 0.3))
        story.append(_Paragraph(
            plain(_("Questions answered: {count}").format(count=content.question_count)), st.body))
    story.append(Spacer(1, st.body.fontSize * 0.3))
    story += [_Paragraph(plain(line), st.small) for line in _channel_lines(content, _)]
    code = group(compact_code(content.code))
    code_size = min(sheet.code_size, sheet.printable / stringWidth(code, BOLD, 1) * 0.92)
    code_style = st.title.clone("code", fontSize=code_size, leading=code_size * 1.2, spaceBefore=2, spaceAfter=2)
    block: list[Flowable] = [
        HRFlowable(width="100%", thickness=0.7, color="black", dash=(2, 2),
                   spaceBefore=st.body.fontSize * 0.5, spaceAfter=st.body.fontSize * 0.3),
        _Paragraph(plain(_("Receipt code")), st.small_centre),
        _Paragraph(plain(code), code_style),
        QrFlowable(content.qr_payload, sheet.qr_width, sheet.printable),
        _Paragraph(plain(content.status_hint), st.small_centre),
        Spacer(1, st.body.fontSize * 0.4),
        _Paragraph(bold(_("Thank you for voting.") if content.voted else _("Thank you for your feedback.")), st.small_centre),
    ]
    if sheet.height is None:
        return story + block  # roll paper: one page, nothing to keep together (and measured as it is)
    # On a sheet, a long receipt moves the code and its QR to the next sheet together.
    return [*story, KeepTogether(block)]


def _items(items: tuple[tuple[str, Stance], ...], sheet: Paper, st: Styles, _: Translate) -> list[Flowable]:
    """Each article with the stance taken on it: side by side, or stacked on narrow paper."""
    labelled = [(plain(label), plain(stance_label(stance, _))) for label, stance in items]
    if sheet.stack_items:
        flowables: list[Flowable] = []
        for label, stance in labelled:
            flowables.append(_Paragraph(label, st.bullet, bulletText="•"))
            flowables.append(_Paragraph(f"<b>→ {stance}</b>", st.indented))
        return flowables
    stance_width = max(stringWidth(stance, BOLD, st.body.fontSize) for _label, stance in labelled) + 3 * mm
    rows = [[_Paragraph(label, st.bullet, bulletText="•"), _Paragraph(f"<b>{stance}</b>", st.right)] for label, stance in labelled]
    table = Table(rows, colWidths=[sheet.printable - stance_width, stance_width], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return [table]


def _channel_lines(content: ReceiptContent, _: Translate) -> list[str]:
    """How the feedback reached the kiosk: at the kiosk, with a clerk, or from a paper form."""
    clerk = clean_line(content.clerk_name)
    channel = Channel(content.channel)
    if channel is Channel.ASSISTED:
        if clerk:
            return [_("Entered with the help of clerk {name}.").format(name=clerk)]
        return [_("Entered with the help of a clerk.")]
    if channel is Channel.PAPER:
        if content.form_date:
            lines = [_("From the paper form of {date}.").format(date=local_date(content.form_date, content.language))]
        else:
            lines = [_("From a paper form.")]
        if clerk:
            lines.append(_("Entered by clerk {name}.").format(name=clerk))
        return lines
    return [_("Given at the kiosk.")]
