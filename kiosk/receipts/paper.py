"""The papers a receipt is printed on, and the text styles that suit each."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk.receipts.fonts import BOLD, REGULAR, register_fonts


@dataclass(frozen=True)
class Paper:
    """One paper: its width, the printable width within it, and its height.

    ``height`` is None for roll paper: the page is as tall as the receipt.
    Roll widths are those of 203 dpi heads: 72 mm (576 dots) on 80 mm paper,
    48 mm (384 dots) on 58 mm paper.
    """

    name: str
    width: float
    printable: float
    height: float | None
    top: float
    bottom: float
    font_size: float
    qr_width: float
    code_size: float  # the receipt code's largest size; smaller if it does not fit
    stack_items: bool  # stance under its article rather than beside it, on narrow paper

    @property
    def side(self) -> float:
        return (self.width - self.printable) / 2


PAPERS: dict[str, Paper] = {
    "80mm": Paper("80mm", 80 * mm, 72 * mm, None, 4 * mm, 6 * mm, 9, 32 * mm, 24, False),
    "58mm": Paper("58mm", 58 * mm, 48 * mm, None, 3 * mm, 6 * mm, 8, 30 * mm, 18, True),
    "a5": Paper("a5", A5[0], A5[0] - 28 * mm, A5[1], 14 * mm, 14 * mm, 11, 36 * mm, 28, False),
    "a4": Paper("a4", A4[0], A4[0] - 36 * mm, A4[1], 16 * mm, 18 * mm, 10, 36 * mm, 28, False),
}

RECEIPT_SIZES = ("80mm", "58mm", "a5")


def paper(size: str) -> Paper:
    """The paper called ``size`` ("80mm", "58mm", "a5", "a4").

    :raises ValueError: for any other name
    """
    try:
        return PAPERS[size.lower()]
    except KeyError:
        raise ValueError(f"unknown paper size {size!r}; expected one of {', '.join(PAPERS)}") from None


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    centre: ParagraphStyle
    small_centre: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    right: ParagraphStyle
    indented: ParagraphStyle
    bullet: ParagraphStyle


@functools.cache
def styles(size: str) -> Styles:
    """The paragraph styles of ``size``, built once."""
    register_fonts()
    base = paper(size).font_size
    # reportlab starts a bulleted first line at bullet width + 0.6 em: wrapped lines start there too.
    hanging = stringWidth("•", REGULAR, base) + 0.6 * base
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=base, leading=round(base * 1.35, 1))
    small = ParagraphStyle("small", parent=body, fontSize=base - 1, leading=round((base - 1) * 1.35, 1))
    return Styles(
        body=body,
        small=small,
        centre=ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        small_centre=ParagraphStyle("small_centre", parent=small, alignment=TA_CENTER),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD, fontSize=base + 1, leading=round((base + 1) * 1.35, 1),
            alignment=TA_CENTER,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=base + 4, leading=round((base + 4) * 1.3, 1),
            alignment=TA_CENTER, spaceBefore=base * 0.4, spaceAfter=base * 0.4,
        ),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        indented=ParagraphStyle("indented", parent=body, leftIndent=hanging),
        bullet=ParagraphStyle(
            "bullet", parent=body, bulletFontName=REGULAR, bulletFontSize=base, bulletIndent=0,
            leftIndent=hanging,
        ),
    )
