"""The page both notice-board posters share: A4 or A3, embedded fonts, a footer line with an address.

The results poster (kiosk.receipts.poster) and the invitation poster
(kiosk.invitation_poster) differ in what they say, not in how a page is set
up: A3 is A4 scaled up, black and greys only for a monochrome laser, and a
footer that names where to read more, shrunk to fit the line when the
address is long.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from kiosk.receipts.fonts import REGULAR, register_fonts

POSTER_SIZES = {"a4": A4, "a3": A3}
GREY = "#595959"
RULE = "#8c8c8c"
FOOTER_SIZE = 9  # points on A4


def scaled_styles(scale: float) -> Callable[..., ParagraphStyle]:
    """``style(name, points, font=…, leading=…, **extra)``: a paragraph style whose sizes are A4's times ``scale``."""
    register_fonts()

    def style(name: str, size: float, *, font: str = REGULAR, leading: float = 1.3, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size * scale, leading=size * scale * leading, **extra)

    return style


@dataclass(frozen=True)
class PosterPage:
    """One poster size's geometry: ``scale`` is 1 for A4."""

    width: float
    height: float
    scale: float
    margin: float

    @property
    def printable(self) -> float:
        return self.width - 2 * self.margin


def poster_page(size: str, margin_a4: float) -> PosterPage:
    """The page for ``size`` ("a4" or "a3"), with ``margin_a4`` scaled like everything else.

    :raises ValueError: for another size
    """
    if size not in POSTER_SIZES:
        raise ValueError(f"unknown poster size {size!r}; expected one of {', '.join(POSTER_SIZES)}")
    width, height = POSTER_SIZES[size]
    scale = width / A4[0]
    return PosterPage(width, height, scale, margin_a4 * scale)


def render_poster_pdf(
    page: PosterPage,
    story: list[Flowable],
    *,
    title: str,
    author: str,
    language: str,
    footer: str,
    numbered: bool = False,
) -> bytes:
    """The PDF of ``story`` on ``page``, with ``footer`` (and the page number when ``numbered``) on every page."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        initialFontName=REGULAR,  # else every page declares reportlab's unembedded Helvetica
        pagesize=(page.width, page.height),
        title=title,
        author=author,
        creator="Gópý Kiosk",
        lang=language,
        invariant=True,
    )
    margin, scale = page.margin, page.scale
    frame = Frame(margin, margin, page.printable, page.height - 2 * margin, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    full_size = FOOTER_SIZE * scale

    def draw_footer(canvas, document) -> None:  # reportlab's onPage callback
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6 * scale)
        canvas.line(margin, margin * 0.8, page.width - margin, margin * 0.8)
        number = str(document.page) if numbered else ""
        room = page.printable - (stringWidth(f"  {number}", REGULAR, full_size) if number else 0)
        size = min(full_size, full_size * room / max(stringWidth(footer, REGULAR, full_size), 1))
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(GREY)
        canvas.drawString(margin, margin * 0.5, footer)
        if number:
            canvas.setFont(REGULAR, full_size)
            canvas.drawRightString(page.width - margin, margin * 0.5, number)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="poster", frames=[frame], onPage=draw_footer)])
    doc.build(story)
    return buffer.getvalue()
