"""Print noise that text extracted from the Official Gazette's PDFs carries, set aside.

Công báo pages repeat a running header ("CÔNG BÁO/Số 851 + 852/Ngày
01-7-2025") and a page number, and the digital signature's stamp ("Ký bởi:
…", "Email: …", "Cơ quan: …", "Thời gian ký: …") lands wherever the page
break fell, often mid-sentence. None of it belongs to the text; all of it is
returned so that nothing disappears silently.
"""

from __future__ import annotations

import re

from kiosk.drafts.lines import Line

_GAZETTE_HEADER = re.compile(r"^CÔNG BÁO\s*/\s*Số\s*[\d +]+\s*/\s*Ngày\s*[\d\-./]+$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_STAMP_START = re.compile(r"^(Ký bởi|Người ký)\s*:", re.IGNORECASE)
_STAMP_FIELD = re.compile(r"^(Email|Cơ quan|Thời gian ký|Ngày ký)\s*:", re.IGNORECASE)


def split_noise(lines: list[Line]) -> tuple[list[int], list[int]]:
    """The indexes of the lines that belong to the document, and of the noise set aside."""
    header = [not line.table and bool(_GAZETTE_HEADER.match(line.text)) for line in lines]
    noise = list(header)
    for i, line in enumerate(lines):
        # A page number sits right above or below a running header.
        beside_header = (i > 0 and header[i - 1]) or (i + 1 < len(lines) and header[i + 1])
        if beside_header and not line.table and _PAGE_NUMBER.match(line.text):
            noise[i] = True
    in_stamp = False
    for i, line in enumerate(lines):
        if line.table:
            in_stamp = False
            continue
        if _STAMP_START.match(line.text):
            in_stamp = True
            noise[i] = True
        elif in_stamp and _STAMP_FIELD.match(line.text):
            noise[i] = True
        else:
            in_stamp = False
    kept = [i for i, drop in enumerate(noise) if not drop]
    set_aside = [i for i, drop in enumerate(noise) if drop]
    return kept, set_aside
