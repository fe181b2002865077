"""The notice-board poster: a closed consultation's results in large type, A4 or A3, with a QR code to the full report.

It prints a :class:`kiosk.results.Results` as it is: the screen and the
poster say the same. Black and greys only, since a commune office prints
on a monochrome laser; A3 is A4 scaled up, so one layout serves both.
"""

from __future__ import annotations

import math

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable, HRFlowable

from kiosk.receipts.fonts import BOLD, table_style
from kiosk.receipts.markup import bold, plain
from kiosk.receipts.poster_page import GREY, RULE, poster_page, render_poster_pdf, scaled_styles
from kiosk.receipts.qr import QrFlowable
from kiosk.results import Results, ResultTable
from kiosk.text import clean_line

_MARGIN = 14 * mm
_GREY = GREY
_DARK = "#262626"
_RULE = RULE


class _Styles:
    """The poster's paragraph styles at one scale (1 for A4)."""

    def __init__(self, scale: float) -> None:
        style = scaled_styles(scale)
        self.commune = style("commune", 16, font=BOLD, alignment=TA_CENTER)
        self.agency = style("agency", 13, alignment=TA_CENTER, textColor=_GREY)
        self.heading = style("heading", 34, font=BOLD, alignment=TA_CENTER, leading=1.2, spaceBefore=4 * scale, spaceAfter=2 * scale)
        self.title = style("title", 21, font=BOLD, alignment=TA_CENTER, leading=1.25)
        self.period = style("period", 14, alignment=TA_CENTER, textColor=_GREY, spaceBefore=2 * scale)
        self.summary = style("summary", 16, leading=1.32, spaceAfter=3 * scale)
        self.table_heading = style("table_heading", 18, font=BOLD, spaceBefore=8 * scale, spaceAfter=4 * scale)
        self.header = style("header", 12.5, font=BOLD, leading=1.2)
        self.header_right = style("header_right", 12.5, font=BOLD, leading=1.2, alignment=TA_RIGHT)
        self.label = style("label", 16, font=BOLD, leading=1.25)
        self.text = style("text", 16, font=BOLD, leading=1.25)
        self.plain_text = style("plain_text", 16, leading=1.25)
        self.detail = style("detail", 13.5, textColor=_DARK, leading=1.3, spaceBefore=1.5 * scale)
        self.figure = style("figure", 22, font=BOLD, alignment=TA_RIGHT, leading=1.1)
        self.note = style("note", 13.5, textColor=_GREY, spaceBefore=4 * scale)
        self.qr_caption = style("qr_caption", 11, font=BOLD, alignment=TA_CENTER, leading=1.25)


def render_poster(results: Results, size: str = "a4") -> bytes:
    """The poster of ``results`` as a PDF.

    :param size: "a4" or "a3"
    :raises ValueError: for another size
    """
    page = poster_page(size, _MARGIN)
    st = _Styles(page.scale)
    return render_poster_pdf(
        page,
        _story(results, st, page.printable, page.scale),
        title=f"{results.heading}: {clean_line(results.title)}",
        author=clean_line(results.commune_name),
        language=results.language,
        # Where the full report is, on every page: the QR code is on the first one only.
        footer=f"{clean_line(results.report_hint)} {results.report_url}",
        numbered=True,
    )


def _story(results: Results, st: _Styles, width: float, scale: float) -> list[Flowable]:
    story: list[Flowable] = []
    if results.commune_name:
        story.append(Paragraph(plain(results.commune_name.upper()), st.commune))
    story += [
        Paragraph(plain(results.agency), st.agency),
        HRFlowable(width="40%", thickness=1.2 * scale, color="black", spaceBefore=4 * scale, spaceAfter=4 * scale),
        Paragraph(plain(results.heading.upper()), _fitted(st.heading, results.heading.upper(), width)),
        Paragraph(plain(results.title), st.title),
        Paragraph(plain(results.period), st.period),
        Spacer(1, 8 * scale),
        _lead(results, st, width, scale),
    ]
    for table in results.tables:
        # The heading, the column names and two rows stay together; the rest may run onto the next page.
        story.append(CondPageBreak(st.table_heading.leading + st.header.leading + 4 * st.label.leading + 40 * scale))
        story.append(Paragraph(plain(table.heading), st.table_heading))
        story += _table(table, st, width, scale)
    return story


def _fitted(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """``style``, made smaller (to two thirds at most) so that ``text`` fits on one line."""
    natural = stringWidth(text, style.fontName, style.fontSize)
    if natural <= width:
        return style
    size = max(style.fontSize * width / natural * 0.98, style.fontSize * 2 / 3)
    return ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size, leading=size * 1.2)


def _table(table: ResultTable, st: _Styles, width: float, scale: float) -> list[Flowable]:
    """The table, header repeated on every page; a row never splits."""
    figures = len(table.columns) - 2
    pad = 3.6 * scale
    widest_figure = max([stringWidth(v, BOLD, st.figure.fontSize) for row in table.rows for v in row.figures] + [0])
    # A figure column is as wide as its figures, or its header's longest word: the header may take two lines.
    words = [word for name in table.columns[2:] for word in name.split()]
    figure_width = max([stringWidth(word, BOLD, st.header.fontSize) for word in words] + [widest_figure, 20 * mm * scale])
    figure_width += 2 * pad + 4 * scale
    label_width = _label_width(table, st, width)
    text_width = width - label_width - figures * figure_width
    top = max([_number(v) for row in table.rows for v in row.figures] + [1])
    data: list[list] = [
        [Paragraph(bold(table.columns[0]), st.header), Paragraph(bold(table.columns[1]), st.header)]
        + [Paragraph(bold(name), _shade(st.header_right, n, table.bars)) for n, name in enumerate(table.columns[2:])]
    ]
    for row in table.rows:
        text_style = st.text if label_width else st.plain_text
        cell: list[Flowable] = [Paragraph(plain(row.text), text_style)]
        if row.detail:
            cell += [Paragraph(plain(line), st.detail) for line in row.detail.splitlines() if line.strip()]
        if table.bars:
            cell.append(_Bars([_number(v) for v in row.figures], top, text_width - 2 * pad, scale))
        data.append(
            [Paragraph(plain(row.label), st.label), cell]
            + [Paragraph(plain(value), _shade(st.figure, n, table.bars)) for n, value in enumerate(row.figures)]
        )
    widths = [label_width, text_width] + [figure_width] * figures
    if not label_width:  # no label column: the text takes its place
        data = [r[1:] for r in data]
        widths = widths[1:]
        data[0][0] = Paragraph(bold(table.columns[1]), st.header)
    grid = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.25),
        ("BACKGROUND", (0, 0), (-1, 0), "#d9d9d9"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2 * scale, "black"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5 * scale, _RULE),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), "#f2f2f2") for r in range(2, len(data), 2)]
    # A row with a detail under its text reads from the top: its number sits by the text's first line.
    style += [("VALIGN", (0, r), (-1, r), "TOP") for r, row in enumerate(table.rows, start=1) if row.detail]
    grid.setStyle(table_style(style))
    flowables: list[Flowable] = [grid]
    if table.note:
        flowables.append(Paragraph(plain(table.note), st.note))
    return flowables


# With bars, each figure column has its shade, and its bars the same: black, then grey.
_SHADES = ("#000000", "#737373", "#b3b3b3")


def _shade(style: ParagraphStyle, column: int, bars: bool) -> ParagraphStyle:
    if not bars:
        return style
    return ParagraphStyle(f"{style.name}-{column}", parent=style, textColor=_SHADES[column % len(_SHADES)])


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


class _Bars(Flowable):
    """One bar per figure, side by side under each other, as long as the figure against the table's largest."""

    def __init__(self, values: list[int], top: int, width: float, scale: float) -> None:
        super().__init__()
        self.values, self.top, self.width = values, max(top, 1), width
        self.bar, self.gap = 7 * scale, 2.5 * scale
        self.space = 5 * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab's names
        return self.width, self.space + len(self.values) * (self.bar + self.gap)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        y = len(self.values) * (self.bar + self.gap) - self.bar
        for n, value in enumerate(self.values):
            canvas.setFillColor(_SHADES[n % len(_SHADES)])
            canvas.rect(0, y, max(self.width * value / self.top, 0.5), self.bar, stroke=0, fill=1)
            y -= self.bar + self.gap
        canvas.restoreState()


def _label_width(table: ResultTable, st: _Styles, width: float) -> float:
    """As wide as the widest label needs (a number, or an article's name), within a third of the page; none when no row has one."""
    labels = [row.label for row in table.rows if row.label]
    if not labels and not table.columns[0]:
        return 0
    widest = max(
        [stringWidth(label, BOLD, st.label.fontSize) for label in labels] + [stringWidth(table.columns[0], BOLD, st.header.fontSize)]
    )
    return min(math.ceil(widest) + 12, width / 3)


def _lead(results: Results, st: _Styles, width: float, scale: float) -> Flowable:
    """The summary, with the QR code of the full report beside it."""
    qr = QrFlowable(results.report_url, 32 * mm * scale, 40 * mm * scale)
    side = max(qr.side, 34 * mm * scale)
    gap = 6 * scale
    summary = [Paragraph(plain(line), st.summary) for line in results.summary]
    code = [qr, Paragraph(plain(results.qr_caption), st.qr_caption)]
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
