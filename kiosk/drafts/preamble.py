"""What the preamble says about the document: issuing body, number, date, legal bases, title.

The preamble is kept whole as the first node's text; these are read from it
for display and search. Each is best effort: a blank draft number
("Luật số: /2025/QH15") is reported as written, a missing one as "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.drafts.headings import is_upper
from kiosk.drafts.lines import Line, squeeze

_TYPES = (
    "BỘ LUẬT", "LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ LIÊN TỊCH", "THÔNG TƯ", "NGHỊ QUYẾT LIÊN TỊCH", "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH", "PHÁP LỆNH", "HIẾN PHÁP", "SẮC LỆNH", "LỆNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH",
)  # fmt: skip
_MOTTO = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP)", re.IGNORECASE)
_GAZETTE_SECTION = re.compile(r"^VĂN BẢN\b")
_CONSOLIDATED = re.compile(r"^VĂN BẢN HỢP NHẤT\s*[-–]\s*(?P<issuer>.+)$")
_RULE = re.compile(r"^[\s\-_–—=*.]+$")
_NUMBER = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Quyết định|Pháp lệnh|Lệnh|Chỉ thị|Văn bản hợp nhất)\s+)?"
    r"Số\s*:?\s*(?P<number>[\w/.\-–…]*[\d/][\w/.\-–]*)",
    re.IGNORECASE,
)
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SHORT_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*ngày\b", re.IGNORECASE)
_DRAFT = re.compile(r"^Dự thảo\b", re.IGNORECASE)
_BASIS = re.compile(r"^Căn cứ\b", re.IGNORECASE)
_BASIS_END = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị)\b", re.IGNORECASE)
_PREFACE = {"LỜI NÓI ĐẦU"}


@dataclass(frozen=True)
class Preamble:
    title: str = ""
    issuer: str = ""
    number: str = ""
    date: str = ""
    legal_bases: tuple[str, ...] = ()


def _type_line(text: str) -> bool:
    upper = text.upper()
    starts = any(upper == t or upper.startswith(t + " ") for t in _TYPES)
    return starts and (is_upper(text) or upper in _TYPES)


def _iso(day: str, month: str, year: str) -> str:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _first_cell(line: Line) -> str:
    return line.text.split(" | ")[0] if line.table else line.text


def _issuer(lines: list[Line], end: int) -> str:
    for line in lines[:end]:
        text = squeeze(re.sub(r"[-_–—]{3,}", " ", _first_cell(line)))
        consolidated = _CONSOLIDATED.match(text)
        if consolidated:
            return consolidated.group("issuer").strip()
        if not text or _RULE.match(text) or _MOTTO.match(text) or _GAZETTE_SECTION.match(text) or _DRAFT.match(text):
            continue
        if is_upper(text) and len(text) <= 80 and not _NUMBER.match(text):
            return text
    return ""


def _number(lines: list[Line], end: int) -> str:
    for line in lines[:end]:
        for cell in line.text.split(" | "):
            m = _NUMBER.match(cell.strip())
            if m:
                return m.group("number").rstrip(".")
    return ""


def _date(lines: list[Line], end: int) -> str:
    candidates = [cell.strip() for line in lines[:end] for cell in line.text.split(" | ")]
    for text in candidates:
        if _PLACE_DATE.match(text):
            m = _LONG_DATE.search(text)
            if m and _iso(m.group(1), m.group(2), m.group(3)):
                return _iso(m.group(1), m.group(2), m.group(3))
    for text in candidates:
        if _NUMBER.match(text):
            m = _LONG_DATE.search(text) or _SHORT_DATE.search(text)
            if m and _iso(m.group(1), m.group(2), m.group(3)):
                return _iso(m.group(1), m.group(2), m.group(3))
    # A draft leaves its date blank; the "Dự thảo dd/mm/yyyy" stamp dates the version.
    for i, text in enumerate(candidates):
        if _DRAFT.match(text):
            m = _SHORT_DATE.search(" ".join(candidates[i : i + 2]))
            if m and _iso(m.group(1), m.group(2), m.group(3)):
                return _iso(m.group(1), m.group(2), m.group(3))
    return ""


def _title(lines: list[Line], end: int) -> str:
    start = None
    for i, line in enumerate(lines[:end]):
        if not line.table and _type_line(line.text):
            start = i
    if start is None:
        return ""
    parts = [lines[start].text]
    for line in lines[start + 1 : end]:
        text = line.text
        if line.table or _RULE.match(text) or _BASIS.match(text) or text.upper() in _PREFACE:
            break
        previous = parts[-1]
        if len(parts) == 1 or (text[:1].islower() and previous[-1:] not in ".;:") or (is_upper(previous) and is_upper(text)):
            parts.append(text)
        else:
            break
        if len(parts) > 5:
            break
    return squeeze(" ".join(parts))


def _bases(lines: list[Line], quoted: list[bool], wrapped: bool) -> tuple[str, ...]:
    bases = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.table or quoted[i - 1] or not _BASIS.match(line.text):
            continue
        parts = [line.text]
        while wrapped and i < len(lines) and parts[-1][-1:] not in ";." and len(parts) < 6:
            following = lines[i]
            if following.table or quoted[i] or _BASIS_END.match(following.text):
                break
            parts.append(following.text)
            i += 1
        bases.append(squeeze(" ".join(parts)).rstrip(" ;,"))
    return tuple(bases)


def read_preamble(lines: list[Line], quoted: list[bool], wrapped: bool) -> Preamble:
    """The facts stated by ``lines``, the preamble's lines (``quoted`` marks quotations)."""
    first_basis = next((i for i, line in enumerate(lines) if _BASIS.match(line.text)), len(lines))
    first_type = next((i for i, line in enumerate(lines) if not line.table and _type_line(line.text)), first_basis)
    return Preamble(
        title=_title(lines, first_basis),
        issuer=_issuer(lines, min(first_type, first_basis)),
        number=_number(lines, first_basis),
        date=_date(lines, first_basis),
        legal_bases=_bases(lines, quoted, wrapped),
    )
