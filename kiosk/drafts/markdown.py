"""Markdown to lines: headings, emphasis, escapes, links, inline HTML and tables stripped.

Conversions of legal texts (pandoc, markitdown, VuePress pages) put the
structure in markup: ``### Điều 1.``, ``**Chương I**``, ``1\\.`` escapes,
``&quot;`` around amended text and the header as a table. What a reader sees
is kept; the markup goes.
"""

from __future__ import annotations

import html
import re

from kiosk.drafts.lines import Line, normalise, squeeze

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_QUOTE_BLOCK = re.compile(r"^\s*(>\s?)+")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"\*\*|__")
# A single * or _ is emphasis only at a word's edge: "_Căn cứ_", not "a_b".
_EMPHASIS = re.compile(r"(?<![\w\\])[*_](?=\S)|(?<=\S)(?<!\\)[*_](?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'])")
# A bullet in front of a clause or point number ("- 1.  Việc ...") is list markup.
_BULLET_BEFORE_NUMBER = re.compile(r"^(?:[-*+]\s+)+(?=\d+\\?\.|[a-zđ]\))")


def _inline(text: str) -> str:
    text = _TAG.sub("", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _STRONG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return squeeze(html.unescape(text))


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells = re.split(r"(?<!\\)\|", _BR.sub(" ", row))
    return [c for c in (_inline(cell) for cell in cells) if c]


def markdown_lines(text: str) -> list[Line]:
    """The visible lines of a Markdown document."""
    raw = normalise(text).split("\n")
    table = [False] * len(raw)
    for i, line in enumerate(raw):
        if _SEPARATOR_ROW.match(line) and "-" in line:
            # The header row above a separator, and the rows below it, are a table.
            if i and "|" in raw[i - 1]:
                table[i - 1] = True
            j = i + 1
            while j < len(raw) and raw[j].strip() and "|" in raw[j]:
                table[j] = True
                j += 1
        elif line.lstrip().startswith("|"):
            table[i] = True

    out: list[Line] = []
    for i, line in enumerate(raw):
        if _SEPARATOR_ROW.match(line) and "-" in line and "|" in line:
            continue
        if table[i]:
            cells = _cells(line)
            if len(cells) > 1:
                out.append(Line(" | ".join(cells), table=True))
            elif cells:
                out.append(Line(cells[0]))
            continue
        line = _HEADING.sub("", _QUOTE_BLOCK.sub("", line))
        for part in _BR.split(line):
            part = _BULLET_BEFORE_NUMBER.sub("", part.strip())
            part = _inline(part)
            if part:
                out.append(Line(part))
    return out
