"""A parsed draft as a readable outline and as JSON."""

from __future__ import annotations

from kiosk.domain import DraftNode, NodeKind
from kiosk.drafts import parse_warnings
from kiosk.drafts.model import ParsedDraft
from kiosk.i18n import _

# The document's own words for its parts: they are legal terms, shown as written.
LABELS = {
    NodeKind.PART: "Phần",
    NodeKind.CHAPTER: "Chương",
    NodeKind.SECTION: "Mục",
    NodeKind.SUBSECTION: "Tiểu mục",
    NodeKind.ARTICLE: "Điều",
    NodeKind.CLAUSE: "khoản",
    NodeKind.POINT: "điểm",
    NodeKind.APPENDIX: "Phụ lục",
}


def heading(node: DraftNode) -> str:
    """ "Chương I. NHỮNG QUY ĐỊNH CHUNG", "Điều 5+. Ứng dụng …", "khoản 2", "Phụ lục"."""
    if node.kind == NodeKind.PREAMBLE:
        return _("Preamble")
    label = " ".join(part for part in (LABELS[node.kind], node.number) if part)
    return f"{label}. {node.title}" if node.title else label


def outline(parsed: ParsedDraft) -> str:
    """One line per node, indented two spaces per level; then the warnings, if any, for a person to check."""
    lines = []

    def add(node: DraftNode, depth: int) -> None:
        lines.append("  " * depth + heading(node))
        for child in node.children:
            add(child, depth + 1)

    for node in parsed.nodes:
        add(node, 0)
    if parsed.warnings:
        lines += ["", _("Check before publishing:")]
        lines += [f"! {warning.message}" for warning in parsed.warnings]
    return "\n".join(lines)


def _node_json(node: DraftNode) -> dict:
    return {
        "kind": node.kind.value,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "children": [_node_json(child) for child in node.children],
    }


def to_json(parsed: ParsedDraft) -> dict:
    """The draft as plain data: its facts and its tree."""
    return {
        "title": parsed.title,
        "issuer": parsed.issuer,
        "number": parsed.number,
        "date": parsed.date,
        "legal_bases": list(parsed.legal_bases),
        "nodes": [_node_json(node) for node in parsed.nodes],
        "warnings": [parse_warnings.to_json(warning) for warning in parsed.warnings],
    }
