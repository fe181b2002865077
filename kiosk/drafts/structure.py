"""Lines to a tree: which lines are headings, given where they stand.

A line that looks like a heading (headings.py) is one only if it is not
quoted, not a table row, and, for the forms a line alone cannot settle,
in sequence: clause 3 follows clause 2, point đ follows point d, a bare
"Điều 12" comes after article 11.

Text extracted from PDFs is *wrapped*: every printed line is a line, so a
sentence that mentions "Điều 10 Nghị định số …" may put "Điều 10" at the
start of a line. In wrapped text a heading must also start a paragraph
(the line before it ends a sentence, or is a heading) and must not run on
into a line that starts in lower case. A wrapped article title continues on
the next line when that line starts in lower case.

Inside an appendix (Phụ lục), forms and sample texts ("Điều 1. …" in a
template, "Điều tra …" rows) are text: only appendices and their parts are
headings there.

Conversions put markup around headings ("**1.  Điều 1. …**", "## 42. Điều 3.
…"): it is peeled off (headings.peel) and a stray list number set aside, but
only a heading that is sure of itself (keyword, number, separator) and moves
the numbering forward is taken so. A strong heading that is next in sequence
starts an article even where the line before ends mid-sentence, unless that
line ends in words that lead into a reference ("… tại khoản 3 của"), so a
reference wrapped to a line start never swallows the heading that follows.
Whatever stays in doubt is reported (parse_warnings.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.domain import DraftNode, NodeKind
from kiosk.drafts import headings
from kiosk.drafts.headings import Heading, is_upper
from kiosk.drafts.lines import Line
from kiosk.drafts.parse_warnings import ParseWarning, WarningCode

_RANK = {
    NodeKind.PART: 1,
    NodeKind.CHAPTER: 2,
    NodeKind.SECTION: 3,
    NodeKind.SUBSECTION: 4,
    NodeKind.ARTICLE: 5,
    NodeKind.CLAUSE: 6,
    NodeKind.POINT: 7,
}
_DIVISIONS = {NodeKind.PART, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.SUBSECTION, NodeKind.APPENDIX}
_PARAGRAPH_END = ".;:!?…)\"”»'’"
_LIST_START = re.compile(r"^([-+•*–]\s|\(\d+\)|\d+[.)]\s|[a-zđ]\)\s)")
_TITLE_END = ".;:!?)"
_NUMBERED = re.compile(r"^([IVXLC]+|\d+|[a-zđ])[.)]\s")
_MAX_TITLE_LINES = 4
# A line ending so leads into a reference: what follows on the next line ("Điều 5. …") continues it.
_LEADS_TO_REFERENCE = re.compile(
    r"(?:\b(?:tại|theo|của|và|hoặc|đến|từ|với|thuộc|trong|các|những|quy định|khoản\s+\w+|điểm\s+\w+|Điều|điều)|[,(])$"
)
# "Điều 4." or "Điều 4:" at a line start: what a reader takes for a heading, reported when it is not one.
_LOOKS_LIKE_ARTICLE = re.compile(r"^[ĐÐ]i[ềê]u\s*\d{1,3}[a-zđ]?\+?\s*[.:]", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _looks_like_title(text: str) -> bool:
    """A short line that does not end like a sentence."""
    return len(text) <= 150 and text[-1] not in ".;:,!?…" and text[:1].isupper()


def ends_paragraph(text: str) -> bool:
    return text.rstrip()[-1:] in _PARAGRAPH_END


def is_wrapped(lines: list[Line]) -> bool:
    """Whether the text is hard-wrapped (PDF extraction): many long lines end mid-sentence."""
    long = [line.text for line in lines if not line.table and len(line.text) >= 40]
    if len(long) < 10:
        return False
    open_ends = sum(1 for text in long if text[-1].isalnum())
    return open_ends * 10 > len(long) * 3


@dataclass
class _Node:
    kind: NodeKind
    number: str = ""
    title: str = ""
    lines: list[Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    title_lines: int = 0  # lines read into the title; 0 once the title is closed

    def last_child(self, kind: NodeKind) -> str | None:
        numbers = [c.number for c in self.children if c.kind == kind]
        return numbers[-1] if numbers else None


@dataclass(frozen=True)
class Tree:
    nodes: tuple[DraftNode, ...]
    preamble: list[Line]
    set_aside: list[tuple[int, str]]  # (line index, footnote mark or stray list number taken off a heading)
    warnings: tuple[ParseWarning, ...] = ()


def chapter_value(number: str) -> int | None:
    """A chapter's number as an integer ("IV" → 4, "3" → 3), None when it is neither."""
    if number.isdigit():
        return int(number)
    if not number or any(c not in _ROMAN_VALUES for c in number):
        return None
    values = [_ROMAN_VALUES[c] for c in number]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


class _Builder:
    def __init__(self, lines: list[Line], quoted: list[bool], wrapped: bool) -> None:
        self.lines = lines
        self.quoted = quoted
        self.wrapped = wrapped
        self.preamble = _Node(NodeKind.PREAMBLE)
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.in_appendix = False
        self.last_article: str | None = None
        self.set_aside: list[tuple[int, str]] = []
        self.paragraph_ended = True
        self.warnings: list[ParseWarning] = []
        self.last_chapter: int | None = None
        self.chapter_numbers: list[str] = []
        self.part_opened = False
        # Each line with its heading markup peeled, once: every rule below looks at it.
        self.peeled = [headings.peel(line.text) for line in lines]
        # Where strong article headings stand (line index, number key): an appendix heading
        # followed by the next article is a mention inside an article, not an appendix.
        self.strong_articles = self._strong_articles()

    def _strong_articles(self) -> list[tuple[int, tuple[int, str]]]:
        found = []
        for i, line in enumerate(self.lines):
            if self.quoted[i] or line.table or not _LOOKS_LIKE_ARTICLE.match(self.peeled[i].text):
                continue
            heading = headings.article(self.peeled[i].text)
            if heading is not None and heading.form == "strong" and not heading.typo:
                found.append((i, headings.number_key(heading.number)))
        return found

    # -- reading ---------------------------------------------------------

    def run(self) -> None:
        for i, line in enumerate(self.lines):
            if not self.quoted[i] and not line.table:
                heading = self._heading(i, line.text)
                if heading is not None:
                    self._open(heading)
                    self.paragraph_ended = True
                    continue
                top = self.stack[-1] if self.stack else None
                if top is not None and top.title_lines:
                    if self._continues_title(top, line.text):
                        top.title = f"{top.title} {line.text}" if top.title else line.text
                        top.title_lines += 1
                        self.paragraph_ended = True
                        continue
                    top.title_lines = 0
                if not self.in_appendix and _LOOKS_LIKE_ARTICLE.match(self.peeled[i].text):
                    self.warnings.append(ParseWarning(WarningCode.NOT_A_HEADING, line=line.text))
            elif self.stack:
                self.stack[-1].title_lines = 0
            node = self.stack[-1] if self.stack else self.preamble
            node.lines.append(line)
            self.paragraph_ended = line.table or ends_paragraph(line.text)

    def _next_starts_lower(self, i: int) -> bool:
        return i + 1 < len(self.lines) and self.lines[i + 1].text[:1].islower()

    def _starts_paragraph(self) -> bool:
        return not self.wrapped or self.paragraph_ended

    def _heading(self, i: int, text: str) -> Heading | None:
        peeled = self.peeled[i]
        found = headings.division(peeled.text)
        if found is not None:
            if self.in_appendix and found.kind not in (NodeKind.APPENDIX, NodeKind.PART):
                return None
            if peeled.list_number and found.form != "strong":
                return None  # "2. Chương II" under markup: only a sure heading loses its list number
            if found.form == "bare" and self.wrapped:
                if self._next_starts_lower(i):
                    return None
                if found.kind != NodeKind.APPENDIX and not self.paragraph_ended:
                    return None
            if found.kind == NodeKind.APPENDIX and not self.in_appendix and self._article_follows(i):
                return None  # "PHỤ LỤC …" between articles: a mention, the articles go on after it
            return self._peeled(i, peeled, found)
        if self.in_appendix:
            return None
        found = headings.article(peeled.text)
        if found is not None:
            found = self._article(i, found, peeled)
            return self._peeled(i, peeled, found) if found is not None else None
        found = headings.clause(text)
        if found is not None:
            article = self._open_article()
            if article is not None and self._starts_paragraph() and headings.follows(article.last_child(NodeKind.CLAUSE), found.number):
                return found
            return None
        found = headings.point(text)
        if found is not None:
            container = self._point_container()
            if (
                container is not None
                and self._starts_paragraph()
                and headings.follows_letter(container.last_child(NodeKind.POINT), found.number)
            ):
                return found
        return None

    def _peeled(self, i: int, peeled: headings.Peeled, found: Heading) -> Heading:
        """``found``, its stray list number set aside (nothing a document holds disappears silently)."""
        if peeled.list_number:
            self.set_aside.append((i, peeled.list_number))
        return found

    def _next_key(self, key: tuple[int, str]) -> bool:
        """Whether article number ``key`` continues the numbering read so far."""
        if self.last_article is None:
            return key[0] == 1
        last = headings.number_key(self.last_article)
        return key[0] == last[0] + 1 or (key[0] == last[0] and key[1] > last[1])

    def _article_follows(self, i: int) -> bool:
        if self.last_article is None:
            return False  # a document of appendices alone may hold sample articles
        # The first sure article heading after it tells: the numbering goes on (the appendix
        # was a line inside an article), or starts again (a sample form in a real appendix).
        following = next((key for at, key in self.strong_articles if at > i), None)
        return following is not None and self._next_key(following)

    def _leads_to_reference(self, i: int) -> bool:
        return i > 0 and bool(_LEADS_TO_REFERENCE.search(self.lines[i - 1].text))

    def _article(self, i: int, found: Heading, peeled: headings.Peeled) -> Heading | None:
        key = headings.number_key(found.number)
        last = headings.number_key(self.last_article) if self.last_article else None
        next_in_sequence = self._next_key(key)
        if peeled.list_number and not (found.form == "strong" and (last is None or key > last)):
            return None  # under a list number, only a sure heading that moves forward
        if not self._starts_paragraph():
            # A strong heading next in sequence is one even after a line that ends mid-sentence
            # (a reference wrapped to the line before, "Điều 5 Nghị định số 134/2015/NĐ-CP"),
            # unless that line leads into it ("… quy định tại").
            sure = found.form == "strong" and not found.typo and next_in_sequence and found.title[:1].isupper()
            if not sure or self._leads_to_reference(i):
                return None
        if found.typo and not (found.form == "strong" and next_in_sequence):
            return None
        if found.form == "bare" and last is not None and key <= last:
            return None  # "Điều 12" alone, out of order: a reference carried to its own line
        if found.form == "bare" and self.wrapped and self._next_starts_lower(i):
            return None
        if found.form == "weak" and not next_in_sequence:
            return None
        if self.wrapped and found.title:
            title, mark = headings.split_footnote(found.title)
            if mark:
                self.set_aside.append((i, mark))
                found = Heading(found.kind, found.number, title, found.form)
        return found

    def _open_article(self) -> _Node | None:
        for node in reversed(self.stack):
            if node.kind == NodeKind.ARTICLE:
                return node
            if node.kind not in (NodeKind.CLAUSE, NodeKind.POINT):
                return None
        return None

    def _point_container(self) -> _Node | None:
        for node in reversed(self.stack):
            if node.kind in (NodeKind.CLAUSE, NodeKind.ARTICLE):
                return node
            if node.kind != NodeKind.POINT:
                return None
        return None

    def _continues_title(self, node: _Node, text: str) -> bool:
        if node.title_lines > _MAX_TITLE_LINES:
            return False
        if node.kind == NodeKind.ARTICLE and node.title:
            # A title wrapped mid-phrase: "Điều 1. Phạm" / "vi điều chỉnh".
            return node.title[-1] not in _TITLE_END and text[:1].islower()
        if _NUMBERED.match(text) or headings.point(text):
            return False  # "I. QUY ĐỊNH CHUNG" under a part: the part's first item, not its title
        if not node.title:
            # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG"; "Điều 2." / "Nhiệm vụ của Bộ luật" (its own paragraph)
            if is_upper(text) and node.kind != NodeKind.ARTICLE:
                return True
            return node.kind != NodeKind.APPENDIX and not self.wrapped and _looks_like_title(text)
        return is_upper(node.title) and is_upper(text)

    # -- building --------------------------------------------------------

    def _open(self, heading: Heading) -> None:
        node = _Node(heading.kind, heading.number, heading.title)
        kind = heading.kind
        if kind in _DIVISIONS or kind == NodeKind.ARTICLE:
            node.title_lines = 1
        if kind == NodeKind.APPENDIX:
            self.stack.clear()
            self.in_appendix = True
        elif kind == NodeKind.PART and self.in_appendix:
            del self.stack[1:]
        else:
            while self.stack and _RANK.get(self.stack[-1].kind, 0) >= _RANK[kind]:
                self.stack.pop()
        if kind in (NodeKind.CLAUSE, NodeKind.POINT):
            # The clause's or point's first line is its text, not a title.
            node.title = ""
            if heading.title:
                node.lines.append(Line(heading.title))
        if kind == NodeKind.ARTICLE:
            self._check_article_number(heading.number)
            self.last_article = heading.number
        elif kind == NodeKind.CHAPTER:
            self._check_chapter_number(heading.number)
        elif kind == NodeKind.PART and not self.in_appendix:
            self.part_opened = True
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def _check_article_number(self, number: str) -> None:
        key = headings.number_key(number)
        if self.last_article is None:
            if key[0] != 1:
                self.warnings.append(ParseWarning(WarningCode.FIRST_NOT_ONE, NodeKind.ARTICLE, number))
            return
        last = headings.number_key(self.last_article)
        code = None
        if key == last:
            code = WarningCode.REPEATED
        elif key < last:
            code = WarningCode.WENT_BACK
        elif not self._next_key(key):
            code = WarningCode.SKIPPED
        if code is not None:
            self.warnings.append(ParseWarning(code, NodeKind.ARTICLE, number, self.last_article))

    def _check_chapter_number(self, number: str) -> None:
        value = chapter_value(re.sub(r"[a-z]$", "", number))
        if value is None or self.in_appendix:
            return
        last = self.last_chapter
        code = None
        if self.part_opened and value == 1:
            code = None  # chapters may start again in each part (Phần thứ hai, Chương I)
        elif last is None:
            code = WarningCode.FIRST_NOT_ONE if value != 1 else None
        elif value == last:
            code = WarningCode.REPEATED
        elif value < last:
            code = WarningCode.WENT_BACK
        elif value > last + 1:
            code = WarningCode.SKIPPED
        if code is not None:
            previous = self.chapter_numbers[-1] if self.chapter_numbers else ""
            self.warnings.append(ParseWarning(code, NodeKind.CHAPTER, number, previous))
        self.last_chapter = value
        self.part_opened = False
        self.chapter_numbers.append(number)

    def tree(self) -> Tree:
        nodes = [self._freeze(n) for n in self.roots]
        if self.preamble.lines:
            nodes.insert(0, self._freeze(self.preamble))
        return Tree(tuple(nodes), self.preamble.lines, sorted(self.set_aside), tuple(self.warnings))

    def _freeze(self, node: _Node) -> DraftNode:
        return DraftNode(
            kind=node.kind,
            number=node.number,
            title=node.title,
            text=self._join(node.lines),
            children=tuple(self._freeze(c) for c in node.children),
        )

    def _join(self, lines: list[Line]) -> str:
        if not self.wrapped:
            return "\n".join(line.text for line in lines)
        out = ""
        previous: Line | None = None
        for line in lines:
            if previous is None:
                out = line.text
            elif previous.table or line.table or ends_paragraph(previous.text) or _LIST_START.match(line.text):
                out += "\n" + line.text
            else:
                out += " " + line.text
            previous = line
        return out


def build_tree(lines: list[Line], quoted: list[bool], wrapped: bool) -> Tree:
    """The nodes of a document whose body is ``lines`` (``quoted`` marks quotations)."""
    builder = _Builder(lines, quoted, wrapped)
    builder.run()
    return builder.tree()
