"""The legally required summary, as .docx: "Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo …".

In the form Vietnamese agencies use: landscape A4, Times New Roman 13, the agency
and the draft, the totals, a four-column table, the head of the agency's
signature block. The same data gives the same bytes: fixed core properties and
fixed dates inside the zip.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from centre.audit.models import EventType
from centre.audit.services import record
from centre.consultations.models import Consultation
from centre.consultations.selectors import draft_trees, spec_of
from centre.review.models import Comment, DuplicateGroup, GroupState
from centre.review.report import article_titles
from centre.review.selectors import answer_map
from centre.review.services import counted
from kiosk.legal_key import label_for_key

CONTRIBUTOR_LABELS = {
    "individual": "cá nhân",
    "organisation": "tổ chức",
    "business": "doanh nghiệp",
    "expert": "chuyên gia",
    "state_agency": "cơ quan nhà nước",
}
CHANNEL_LABELS = {"self": "tự góp ý tại ki-ốt", "assisted": "có người hỗ trợ", "paper": "phiếu giấy"}
OUTCOME_LABELS = {
    "accepted": "Tiếp thu",
    "partly_accepted": "Tiếp thu một phần",
    "not_accepted": "Không tiếp thu",
    "explained": "Giải trình",
}
_FIXED = datetime(2000, 1, 1)  # core properties: never the time of the run
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DocxSummary:
    path: Path
    contributors: int
    opinions: int
    rows: int


@dataclass
class _Row:
    key: str
    count: int
    types: Counter
    text: str
    answer: str


def _types_cell(types: Counter) -> str:
    return "; ".join(f"{CONTRIBUTOR_LABELS.get(t, t)}: {n}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))


def report_rows(consultation: Consultation) -> tuple[list[_Row], dict[str, Any]]:
    """The table's rows in the draft's order (one per duplicate group, one per other comment), and the totals."""
    answers = answer_map(consultation.pk)
    comments = list(counted(consultation).order_by("pk"))
    live = {g.pk: g for g in DuplicateGroup.objects.filter(consultation=consultation).exclude(state=GroupState.DISMISSED)}
    titles = article_titles(draft_trees(consultation.code))
    by_group: dict[int, list[Comment]] = defaultdict(list)
    rows: list[_Row] = []
    for comment in comments:
        if comment.group_id in live:
            by_group[comment.group_id].append(comment)  # type: ignore[index]
            continue
        if not comment.text:
            continue  # a stance without words: counted in the totals, nothing to quote
        answer = answers.for_comment(comment)
        rows.append(_Row(comment.legal_key, 1, Counter([comment.contributor_type]), comment.text, _answer_text(answer)))
    for group_id, members in by_group.items():
        group = live[group_id]
        representative = next((m for m in members if m.pk == group.representative_id), members[0])
        answer = answers.for_comment(representative)
        rows.append(
            _Row(group.article_key, len(members), Counter(m.contributor_type for m in members), representative.text, _answer_text(answer))
        )
    rows.sort(key=lambda r: (titles.get(r.key.split("/")[0], (10**9, ""))[0], titles.get(r.key, (10**9, ""))[0], r.key, -r.count, r.text))
    submissions = {c.event_id: c for c in comments}
    totals = {
        "contributors": len(submissions),
        "opinions": len(comments),
        "channels": Counter(c.channel for c in submissions.values()),
        "types": Counter(c.contributor_type for c in submissions.values()),
        "titles": titles,
    }
    return rows, totals


def _answer_text(answer: Any) -> str:
    if answer is None:
        return ""
    return f"{OUTCOME_LABELS.get(answer.outcome, answer.outcome)}: {answer.text}"


def _document(consultation: Consultation, rows: list[_Row], totals: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    spec = spec_of(consultation)
    agency = consultation.agency.name if consultation.agency else spec.get("agency", "")
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def centred(text: str, *, bold: bool = False, italic: bool = False) -> None:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic

    centred(agency.upper(), bold=True)
    centred("BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý", bold=True)
    centred(f"đối với dự thảo {spec.get('title', consultation.code)}", bold=True)
    channels = "; ".join(f"{CHANNEL_LABELS.get(c, c)}: {n}" for c, n in sorted(totals["channels"].items()))
    doc.add_paragraph(f"Tổng số người góp ý: {totals['contributors']}. Tổng số ý kiến: {totals['opinions']}.")
    doc.add_paragraph(f"Theo hình thức góp ý: {channels or '—'}.")
    doc.add_paragraph(f"Theo đối tượng góp ý: {_types_cell(totals['types']) or '—'}.")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    headers = ("Điều, khoản hoặc nhóm vấn đề", "Đối tượng góp ý (loại và số lượng)", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    titles = totals["titles"]
    body = table._tbl  # rows as plain WordprocessingML: python-docx's add_row costs ~5 ms a row, this ~0.05 ms
    for row in rows:
        label = label_for_key(row.key, titles.get(row.key, (0, ""))[1])
        content = row.text if row.count == 1 else f"{row.text} ({row.count} ý kiến giống hoặc gần giống)"
        body.append(_table_row((label, _types_cell(row.types), content, row.answer)))
    # Widths on the grid and the header row only: Word and LibreOffice carry them down (setting every cell is O(n²) here).
    for column, width in zip(table.columns, (Cm(4.5), Cm(4.5), Cm(8.5), Cm(8.2)), strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, (Cm(4.5), Cm(4.5), Cm(8.5), Cm(8.2)), strict=True):
        cell.width = width
    doc.add_paragraph()
    signature = doc.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run(f"THỦ TRƯỞNG {agency.upper()}").bold = True
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("(Ký, ghi rõ họ tên và đóng dấu)").italic = True
    props = doc.core_properties
    props.title = f"Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý: {consultation.code}"
    props.author = props.last_modified_by = agency
    props.created = props.modified = props.last_printed = _FIXED
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _table_row(texts: tuple[str, ...]) -> Any:
    """<w:tr> with one paragraph per cell, a line break for each newline (as python-docx's ``cell.text`` does)."""
    from docx.oxml.ns import qn
    from lxml import etree

    tr = etree.Element(qn("w:tr"))
    for text in texts:
        tc = etree.SubElement(tr, qn("w:tc"))
        run = etree.SubElement(etree.SubElement(tc, qn("w:p")), qn("w:r"))
        for n, line in enumerate(text.split("\n")):
            if n:
                etree.SubElement(run, qn("w:br"))
            t = etree.SubElement(run, qn("w:t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return tr


def _fixed_zip(data: bytes) -> bytes:
    """The same parts, in the same order, with a fixed date on each: python-docx stamps the time of the run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def docx_bytes(consultation: Consultation) -> tuple[bytes, list[_Row], dict[str, Any]]:
    rows, totals = report_rows(consultation)
    return _document(consultation, rows, totals), rows, totals


def build_docx(consultation: Consultation, out: Path, *, actor: Any = None) -> DocxSummary:
    """Write the summary to ``out``, audited like every report."""
    from centre.review.report import _write

    data, rows, totals = docx_bytes(consultation)
    _write(Path(out), lambda fh: fh.write(data))
    with transaction.atomic():
        record(
            EventType.REPORT_WRITTEN, actor=actor, target_type="consultation", target_id=consultation.code, extra={"file": Path(out).name}
        )
    return DocxSummary(Path(out), totals["contributors"], totals["opinions"], len(rows))
