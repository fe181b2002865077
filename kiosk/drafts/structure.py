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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.domain import DraftNode, NodeKind
from kiosk.drafts import headings
from kiosk.drafts.headings import Heading, is_upper
from kiosk.drafts.lines import Line

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
    set_aside: list[tuple[int, str]]  # (line index, footnote mark taken off a heading)


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
        found = headings.division(text)
        if found is not None:
            if self.in_appendix and found.kind not in (NodeKind.APPENDIX, NodeKind.PART):
                return None
            if found.form == "bare" and self.wrapped:
                if self._next_starts_lower(i):
                    return None
                if found.kind != NodeKind.APPENDIX and not self.paragraph_ended:
                    return None
            return found
        if self.in_appendix:
            return None
        found = headings.article(text)
        if found is not None:
            return self._article(i, found)
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

    def _article(self, i: int, found: Heading) -> Heading | None:
        key = headings.number_key(found.number)
        last = headings.number_key(self.last_article) if self.last_article else None
        next_in_sequence = key[0] == 1 if last is None else (key[0] == last[0] + 1 or (key[0] == last[0] and key[1] > last[1]))
        if not self._starts_paragraph():
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
            self.last_article = heading.number
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def tree(self) -> Tree:
        nodes = [self._freeze(n) for n in self.roots]
        if self.preamble.lines:
            nodes.insert(0, self._freeze(self.preamble))
        return Tree(tuple(nodes), self.preamble.lines, self.set_aside)

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
