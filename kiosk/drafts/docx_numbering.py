"""Word's automatic numbering, replayed: the "1.", "2." a reader sees but the text lacks.

A paragraph carries ``w:numPr`` (a list instance ``numId`` and a level
``ilvl``), directly or through its style. numbering.xml maps the instance to
an abstract definition: per level a start value, a format and a pattern such
as ``%1.``. Instances of one abstract definition share its counters unless
they override the start (Word's behaviour); a level restarts when a higher
level is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

_LEVELS = 9


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str
    restart: bool


def _val(el, tag: str) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _letter(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """``n`` in one of Word's number formats (w:numFmt)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """The numbering state of one document, advanced paragraph by paragraph."""

    def __init__(self, numbering_el, styles_el) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._instances: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()
        if numbering_el is not None:
            self._read_numbering(numbering_el)
        if styles_el is not None:
            self._read_styles(styles_el)

    def _read_numbering(self, root) -> None:
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = _Level(
                    start=_int(_val(lvl, "w:start"), 1),
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                    restart=_val(lvl, "w:lvlRestart") != "0",
                )
            self._abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            overrides = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[_int(override.get(qn("w:ilvl")), 0)] = _int(start, 1)
            self._instances[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def _read_styles(self, root) -> None:
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            based_on = _val(style, "w:basedOn")
            if based_on:
                self._style_parent[style_id] = based_on
            ppr = style.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                ilvl = _val(numpr, "w:ilvl")
                self._style_numpr[style_id] = (_val(numpr, "w:numId"), int(ilvl) if ilvl is not None else None)

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self._style_numpr:
                return self._style_numpr[style_id]
            style_id = self._style_parent.get(style_id)
        return None, None

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` (a w:p element), "" if none; advances the counters."""
        ppr = paragraph.find(qn("w:pPr"))
        style_num, style_ilvl = self._from_style(_val(ppr, "w:pStyle"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(numpr, "w:numId") if numpr is not None else None
        ilvl_text = _val(numpr, "w:ilvl") if numpr is not None else None
        num_id = num_id if num_id is not None else style_num
        ilvl = _int(ilvl_text, style_ilvl if style_ilvl is not None else 0)
        if not num_id or num_id == "0" or num_id not in self._instances:
            return ""
        abstract_id, overrides = self._instances[num_id]
        levels = self._abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * _LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < _LEVELS:
                    counters[level] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            if deeper not in levels or levels[deeper].restart:
                counters[deeper] = None
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(_LEVELS):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                value = counters[k] if counters[k] is not None else levels.get(k, level).start
                text = text.replace(placeholder, format_number(value, levels.get(k, level).fmt))
        return text.strip()
