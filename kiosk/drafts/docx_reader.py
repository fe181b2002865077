"""A Word .docx to lines: paragraphs with their automatic numbers, tables as rows.

python-docx opens the package; the body is then read from its XML so that
text boxes, content controls and the numbering Word adds on screen are not
lost. A drawing's text box is written twice (``mc:Choice`` and the
``mc:Fallback`` for old readers): only the first copy is read.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from kiosk.drafts.docx_numbering import Numbering
from kiosk.drafts.lines import Line, normalise, squeeze

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_T, _TAB, _BR, _CR, _NB_HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _TXBX = (
    qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"), qn("w:txbxContent"),
)  # fmt: skip
_PPR = qn("w:pPr")
# Paragraph properties, the old readers' copy of a drawing, and text deleted or moved away.
_SKIPPED = {_MC_FALLBACK, _PPR, qn("w:del"), qn("w:moveFrom")}


class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering

    def block(self, el, out: list[Line]) -> None:
        """Append the lines of a body-level element (paragraph, table, content control)."""
        if el.tag == _P:
            self.paragraph(el, out)
        elif el.tag == _TBL:
            self.table(el, out)
        elif el.tag == _SDT:
            content = el.find(_SDT_CONTENT)
            for child in content if content is not None else ():
                self.block(child, out)

    def paragraph(self, p, out: list[Line]) -> None:
        parts: list[str] = []
        boxes: list[Line] = []
        self._runs(p, parts, boxes)
        out.extend(boxes)
        label = self.numbering.label(p)
        text = "".join(parts)
        if label:
            text = f"{label} {text}"
        for piece in normalise(text).split("\n"):
            piece = squeeze(piece)
            if piece:
                out.append(Line(piece))

    def _runs(self, el, parts: list[str], boxes: list[Line]) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NB_HYPHEN:
                parts.append("-")
            elif tag == _TXBX:
                for inner in child:
                    self.block(inner, boxes)
            elif tag in (_P, _TBL):
                # A paragraph or table nested in a run-level container (rare): its own lines.
                self.block(child, boxes)
            elif isinstance(tag, str):
                self._runs(child, parts, boxes)

    def table(self, tbl, out: list[Line]) -> None:
        for row in tbl.iter(_TR):
            if _nearest(row, _TBL) is not tbl:
                continue
            cells = [c for c in row.iter(_TC) if _nearest(c, _TR) is row]
            contents = []
            for cell in cells:
                lines: list[Line] = []
                for child in cell:
                    self.block(child, lines)
                contents.append(lines)
            filled = [lines for lines in contents if lines]
            if len(filled) == 1:
                # A one-cell row is a layout box: its paragraphs are ordinary lines.
                out.extend(filled[0])
            elif filled:
                out.append(Line(" | ".join(" ".join(line.text for line in lines) for lines in filled), table=True))


def _nearest(el, tag):
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def docx_lines(path: Path) -> list[Line]:
    """The lines of a Word document. Raises what python-docx raises for a file that is not one."""
    document = docx.Document(str(path))
    try:
        numbering_el = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_el = None
    numbering = Numbering(numbering_el, document.styles.element)
    reader = _Reader(numbering)
    out: list[Line] = []
    for child in document.element.body:
        reader.block(child, out)
    return out
