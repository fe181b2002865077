"""A saved web page to lines: find the document's body, drop the site around it.

Pages saved from vbpl.vn and thuvienphapluat.vn carry menus, scripts, a
table of contents, an English translation and copyright notices around the
text. The body is the element the sites put it in; for other pages, the
smallest element that still holds nearly every "Điều N" of the page.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from kiosk.drafts.lines import Line, normalise, squeeze

# vbpl.vn: <div id="toanvancontent">; thuvienphapluat.vn: the first <div class="content1">
# (the second holds the English translation).
_BODY_IDS = ("toanvancontent", "divContentDoc", "ctl00_Content_ThongTinVB_divNoiDung")
_BODY_CLASSES = ("content1", "toanvan", "fulltext", "vbContent")
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select", "button", "form", "input"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_ARTICLE = re.compile(r"^[ĐÐ]i[êề]u\s+\d+")
_PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "dd", "div")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _find_body(root):
    for ident in _BODY_IDS:
        found = root.xpath("//*[@id=$v]", v=ident)
        if found:
            return found[0]
    for cls in _BODY_CLASSES:
        found = root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), $v)]", v=f" {cls} ")
        if found:
            return found[0]
    body = root.find("body")
    if body is None:
        body = root
    # The deepest element holding nearly every paragraph that starts "Điều N": menus,
    # sidebars and footers that merely mention an article stay outside it.
    tally: dict = {}
    headings = 0
    for el in body.iter(*_PARAGRAPHS):
        if el.find(".//p") is None and _ARTICLE.match(squeeze(el.text_content())):
            headings += 1
            for ancestor in el.iterancestors():
                tally[ancestor] = tally.get(ancestor, 0) + 1
                if ancestor is body:
                    break
    best, best_depth = body, 0
    for el, count in tally.items():
        if count * 10 >= headings * 9:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    return best


class _Collector:
    """Walks an element, joining inline text and breaking lines at block elements."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[str] = []

    def flush(self) -> None:
        text = squeeze("".join(self._parts))
        self._parts.clear()
        if text:
            self.lines.append(Line(text))

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag in _SKIP or not tag or _HIDDEN.search(el.get("style") or ""):
            return
        if tag == "table":
            self.flush()
            self._table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self._parts.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self._parts.append(child.tail)
        if block:
            self.flush()

    def _table(self, table) -> None:
        for row in table.iter("tr"):
            if _nearest_table(row) is not table:
                continue
            cells = [c for c in row if _tag(c) in ("td", "th")]
            texts = [_cell_text(c) for c in cells]
            filled = [(c, t) for c, t in zip(cells, texts, strict=True) if t]
            if len(filled) == 1:
                # A one-cell row is layout: its paragraphs are ordinary lines.
                self.walk(filled[0][0])
                self.flush()
            elif filled:
                self.lines.append(Line(" | ".join(t for _, t in filled), table=True))


def _nearest_table(row):
    parent = row.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _cell_text(cell) -> str:
    collector = _Collector()
    collector.walk(cell)
    collector.flush()
    return " ".join(line.text for line in collector.lines)


def html_lines(text: str) -> list[Line]:
    """The lines of the document held in a (saved) web page."""
    text = _XML_DECLARATION.sub("", normalise(text))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    collector = _Collector()
    collector.walk(_find_body(root))
    collector.flush()
    return collector.lines
