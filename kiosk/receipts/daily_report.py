"""The day's report: every receipt issued by a kiosk on one day, with totals, to sign and file.

A4, as many pages as the day needs: the table's header row repeats on each
page and the signature block is never split from its date.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import Flowable

from kiosk.clock import DEFAULT_TIMEZONE
from kiosk.domain import Channel
from kiosk.receipt_code import group
from kiosk.receipts.content import DailyReportRow
from kiosk.receipts.fonts import BOLD, REGULAR, table_style
from kiosk.receipts.labels import channel_label
from kiosk.receipts.language import DATE_PATTERN, TIME_PATTERN, Translate, local_date, local_datetime, translator
from kiosk.receipts.markup import bold, italic, plain
from kiosk.receipts.paper import Styles, paper, styles
from kiosk.receipts.qr import compact_code
from kiosk.text import clean_line


def render_daily_report(
    commune_name: str,
    kiosk_name: str,
    day: date,
    rows: Iterable[DailyReportRow],
    language: str = "vi",
    tz: str = DEFAULT_TIMEZONE,
    *,
    signed_on: date | None = None,
) -> bytes:
    """The day's report as an A4 PDF.

    :param rows: the day's receipts, in the order they were issued
    :param language: the report's language, "vi" or "en"
    :param tz: the kiosk's time zone, in which times are shown
    :param signed_on: the date beside the signature line; ``day`` when not given
    :raises ValueError: on a naive ``created_at``
    """
    rows = tuple(rows)
    _ = translator(language)
    sheet = paper("a4")
    st = styles("a4")
    buffer = io.BytesIO()
    title = _("Daily feedback report")
    day_text = local_date(day, language)
    doc = BaseDocTemplate(
        buffer,
        initialFontName=REGULAR,  # else every page declares reportlab's unembedded Helvetica
        pagesize=(sheet.width, sheet.height),
        title=f"{title} {day_text}",
        author=clean_line(commune_name),
        creator="Gópý Kiosk",
        lang=language,
        invariant=True,
    )
    frame = Frame(
        sheet.side, sheet.bottom, sheet.printable, sheet.height - sheet.top - sheet.bottom,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="report",
    )
    footer = _("{kiosk} · report of {day} · page {page}")

    def draw_footer(canvas, document) -> None:  # reportlab's onPage callback
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(
            sheet.width / 2, sheet.bottom / 2,
            footer.format(kiosk=clean_line(kiosk_name), day=day_text, page=document.page),
        )
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="report", frames=[frame], onPage=draw_footer)])

    story: list[Flowable] = [
        Paragraph(plain(commune_name), st.heading),
        Paragraph(plain(_("Kiosk: {name}").format(name=clean_line(kiosk_name))), st.small_centre),
        Spacer(1, 4 * mm),
        Paragraph(plain(title.upper()), st.title),
        Paragraph(plain(_("Day: {date}").format(date=day_text)), st.centre),
        Spacer(1, 6 * mm),
    ]
    if rows:
        story.append(_receipts_table(rows, day, language, tz, sheet.printable, st, _))
    else:
        story.append(Paragraph(plain(_("No feedback was received on this day.")), st.body))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(bold(_("Total receipts: {count}").format(count=len(rows))), st.body),
        Spacer(1, 4 * mm),
        KeepTogether([_totals_by_channel(rows, sheet.printable, st, _)]),
        Spacer(1, 4 * mm),
        KeepTogether([_totals_by_consultation(rows, sheet.printable, st, _)]),
        Spacer(1, 10 * mm),
        _signature(signed_on or day, sheet.printable, st, _),
    ]
    doc.build(story)
    return buffer.getvalue()


_GRID = [
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
    ("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def _header(labels: list[str], st: Styles) -> list[Paragraph]:
    return [Paragraph(bold(label), st.small) for label in labels]


def _receipts_table(
    rows: tuple[DailyReportRow, ...], day: date, language: str, tz: str, width: float, st: Styles, _: Translate
) -> Table:
    zone = ZoneInfo(tz)
    data: list[list[Flowable]] = [
        _header([_("No."), _("Receipt code"), _("Time"), _("Consultation"), _("Channel"), _("Clerk")], st)
    ]
    codes = [group(compact_code(row.code)) for row in rows]
    for number, (row, code) in enumerate(zip(rows, codes, strict=True), start=1):
        # Another day's receipt (late sync, clock change) shows its date above its time.
        when = local_datetime(row.created_at, language, tz, f"{DATE_PATTERN}'<br/>'{TIME_PATTERN}")
        if row.created_at.astimezone(zone).date() == day:
            when = local_datetime(row.created_at, language, tz, TIME_PATTERN)
        data.append([
            Paragraph(str(number), st.small),
            Paragraph(bold(code), st.small),
            Paragraph(when, st.small),
            Paragraph(plain(row.consultation_title), st.small),
            Paragraph(plain(channel_label(row.channel, _)), st.small),
            Paragraph(plain(row.clerk), st.small),
        ])
    # A code must never wrap: its column is as wide as the widest code (W is wide) plus the padding.
    code_width = max(stringWidth(code, BOLD, st.small.fontSize) for code in codes) + 8
    fixed = [10 * mm, code_width, 22 * mm, 26 * mm, 28 * mm]
    widths = [fixed[0], fixed[1], fixed[2], width - sum(fixed), fixed[3], fixed[4]]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(_GRID))
    return table


def _totals_by_channel(rows: tuple[DailyReportRow, ...], width: float, st: Styles, _: Translate) -> Table:
    counts = Counter(Channel(row.channel) for row in rows)
    data = [_header([_("Channel"), _("Receipts")], st)]
    data += [[Paragraph(plain(channel_label(c, _)), st.small), Paragraph(str(counts[c]), st.small)] for c in Channel]
    data.append(_total_row(len(rows), st, _))
    return _totals_table(data, width)


def _totals_by_consultation(rows: tuple[DailyReportRow, ...], width: float, st: Styles, _: Translate) -> Table:
    counts = Counter(clean_line(row.consultation_title) for row in rows)
    data = [_header([_("Consultation"), _("Receipts")], st)]
    data += [
        [Paragraph(plain(title), st.small), Paragraph(str(count), st.small)]
        for title, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    data.append(_total_row(len(rows), st, _))
    return _totals_table(data, width)


def _total_row(total: int, st: Styles, _: Translate) -> list[Paragraph]:
    return [Paragraph(bold(_("Total")), st.small), Paragraph(bold(str(total)), st.small)]


def _totals_table(data: list[list[Paragraph]], width: float) -> Table:
    table = Table(data, colWidths=[width - 30 * mm, 30 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(_GRID))
    return table


def _signature(signed_on: date, width: float, st: Styles, _: Translate) -> Flowable:
    """The dated signature block, on the right as in Vietnamese administrative documents."""
    dated = _("Day {day} month {month} year {year}").format(
        day=f"{signed_on.day:02d}", month=f"{signed_on.month:02d}", year=signed_on.year)
    block = [
        Paragraph(italic(dated), st.centre),
        Paragraph(bold(_("Report prepared by")), st.centre),
        Paragraph(italic(_("(signature and full name)")), st.small_centre),
        Spacer(1, 22 * mm),
        Paragraph("." * 40, st.centre),
    ]
    table = Table([["", block]], colWidths=[width - 80 * mm, 80 * mm], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([table])

