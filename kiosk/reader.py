"""Reading a draft on the kiosk: its table of contents, one article at a time, next and previous.

A person reads an article (or an appendix) as one page: its title, then its
clauses and points, indented. The table of contents lists the parts,
chapters and sections as headings and the articles under them. Searching
is :func:`kiosk.search.search`; a hit on a clause or a point opens the
article that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.consultations import StoredNode
from kiosk.domain import NodeKind

# What a person reads as one page, and what they comment on.
PAGE_KINDS = frozenset({NodeKind.ARTICLE, NodeKind.APPENDIX})
_HEADING_KINDS = frozenset({NodeKind.PART, NodeKind.CHAPTER, NodeKind.SECTION, NodeKind.SUBSECTION})
# The words of Vietnamese legal writing: a draft is read in Vietnamese whatever the screen language.
_KIND_WORD = {
    NodeKind.PART: "Phần",
    NodeKind.CHAPTER: "Chương",
    NodeKind.SECTION: "Mục",
    NodeKind.SUBSECTION: "Tiểu mục",
    NodeKind.ARTICLE: "Điều",
    NodeKind.APPENDIX: "Phụ lục",
}


def heading(node: StoredNode) -> str:
    """``Chương I. NHỮNG QUY ĐỊNH CHUNG``, ``Điều 3. Hiệu lực thi hành``, ``Phụ lục``."""
    word = _KIND_WORD.get(node.kind, "")
    name = f"{word} {node.number}".strip()
    if node.title and name:
        return f"{name}. {node.title}"
    return node.title or name


def short_label(node: StoredNode) -> str:
    """``Điều 3``: how a page is named on a button or in a list of comments."""
    return f"{_KIND_WORD.get(node.kind, '')} {node.number}".strip() or node.title


def _marker(node: StoredNode) -> str:
    if node.kind == NodeKind.CLAUSE:
        return f"{node.number}." if node.number else ""
    if node.kind == NodeKind.POINT:
        return f"{node.number})" if node.number else ""
    return ""


@dataclass(frozen=True)
class TocEntry:
    node_id: int
    kind: NodeKind
    level: int  # 0 for the outermost heading; articles one below their heading
    text: str
    is_page: bool  # an article or appendix: opens when touched


@dataclass(frozen=True)
class Block:
    """One paragraph of a page: the article's own text, a clause or a point."""

    node_id: int
    kind: NodeKind
    level: int  # 0 for the article's own text, 1 for clauses, 2 for points
    marker: str  # "1." or "a)"
    text: str


@dataclass(frozen=True)
class Page:
    node_id: int
    label: str  # "Điều 3"
    heading: str  # "Điều 3. Hiệu lực thi hành"
    path: str  # the headings above it: "Chương II. TỔ CHỨC THỰC HIỆN"
    blocks: tuple[Block, ...]
    number: int  # 1-based position among the pages
    count: int
    previous_id: int | None
    next_id: int | None


class DraftReader:
    """One draft's tree, as stored, read page by page."""

    def __init__(self, nodes: Sequence[StoredNode]) -> None:
        self._nodes = sorted(nodes, key=lambda n: n.position)
        self._by_id = {n.id: n for n in self._nodes}
        self._children: dict[int | None, list[StoredNode]] = {}
        for node in self._nodes:
            self._children.setdefault(node.parent_id, []).append(node)
        self._pages = [n for n in self._nodes if n.kind in PAGE_KINDS]
        self._page_index = {n.id: i for i, n in enumerate(self._pages)}

    @property
    def pages(self) -> tuple[StoredNode, ...]:
        return tuple(self._pages)

    def node(self, node_id: int) -> StoredNode:
        """:raises KeyError: for a node not in this draft"""
        return self._by_id[node_id]

    def first_page(self) -> int | None:
        return self._pages[0].id if self._pages else None

    def page_of(self, node_id: int) -> int | None:
        """The article or appendix that holds ``node_id`` (itself when it is one)."""
        node = self._by_id.get(node_id)
        while node is not None and node.kind not in PAGE_KINDS:
            node = self._by_id.get(node.parent_id) if node.parent_id is not None else None
        return node.id if node else None

    def toc(self) -> list[TocEntry]:
        """Headings and pages in document order; the preamble and clauses are left out."""
        entries = []

        def visit(node: StoredNode, level: int) -> None:
            if node.kind in _HEADING_KINDS:
                entries.append(TocEntry(node.id, node.kind, level, heading(node), False))
                for child in self._children.get(node.id, []):
                    visit(child, level + 1)
            elif node.kind in PAGE_KINDS:
                entries.append(TocEntry(node.id, node.kind, level, heading(node), True))

        for root in self._children.get(None, []):
            visit(root, 0)
        return entries

    def page(self, node_id: int) -> Page:
        """The page holding ``node_id``.

        :raises KeyError: for a node that is not in a page of this draft
        """
        page_id = self.page_of(node_id)
        if page_id is None:
            raise KeyError(node_id)
        node = self._by_id[page_id]
        blocks = []
        if node.text:
            blocks.append(Block(node.id, node.kind, 0, "", node.text))

        def visit(parent: StoredNode, level: int) -> None:
            for child in self._children.get(parent.id, []):
                blocks.append(Block(child.id, child.kind, level, _marker(child), child.text or child.title))
                visit(child, level + 1)

        visit(node, 1)
        index = self._page_index[page_id]
        path = []
        parent = self._by_id.get(node.parent_id) if node.parent_id is not None else None
        while parent is not None:
            if parent.kind in _HEADING_KINDS:
                path.append(heading(parent))
            parent = self._by_id.get(parent.parent_id) if parent.parent_id is not None else None
        return Page(
            node_id=page_id,
            label=short_label(node),
            heading=heading(node),
            path=" › ".join(reversed(path)),
            blocks=tuple(blocks),
            number=index + 1,
            count=len(self._pages),
            previous_id=self._pages[index - 1].id if index > 0 else None,
            next_id=self._pages[index + 1].id if index + 1 < len(self._pages) else None,
        )

    def position(self, node_id: int) -> int:
        """Document order, for sorting comments the way the draft reads."""
        node = self._by_id.get(node_id)
        return node.position if node else 0
