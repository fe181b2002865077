"""Be Vietnam Pro, registered with reportlab once per process.

Both faces and the family must be registered: without ``registerFontFamily``
reportlab silently ignores ``<b>`` and the PDF carries the regular face only.
"""

from __future__ import annotations

import functools

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

from kiosk.resources import font_path

FAMILY = "BeVietnamPro"
REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"


@functools.cache
def register_fonts() -> str:
    """Register the regular and bold faces and their family; return the family name.

    Parsing a TTF costs milliseconds, so it happens once per process.
    """
    # ASCII85 only makes a PDF 7-bit clean for mail transport; binary streams are
    # standard PDF, 20 % smaller, and skip an encoding pass on every receipt.
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(REGULAR, str(font_path(400))))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path(700))))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return FAMILY


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose cells use the regular face.

    Without it reportlab sets its default Helvetica for every cell, even an empty
    or a flowable one, and the PDF declares that font unembedded.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])
