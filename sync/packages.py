"""The formats that cross from the centre to a kiosk: enrolment files and packages.

Both are signed containers (sync.container). An enrolment file is signed by
the centre's root key and carries that key, which the kiosk pins. A package
is signed by the centre's package key, whose certificate the pinned root
signed; it carries a full snapshot of the consultations for its kiosk, so a
lost package does no harm: the next one carries everything.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain import DraftNode, NodeKind

ENROLMENT_FORMAT = "gopy-enrolment/1"
PACKAGE_FORMAT = "gopy-package/1"
CONSULTATIONS_MEMBER = "consultations.json"
RESPONSES_MEMBER = "responses.json"
# The ideas of every ideas call, with the centre's support counts: for kiosks to show and support.
IDEAS_MEMBER = "ideas.json"
# The results of closed consultations (vote tallies, idea and comment counts), for the notice board.
RESULTS_MEMBER = "results.json"


def node_to_dict(node: DraftNode) -> dict[str, Any]:
    return {
        "kind": node.kind.value,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "children": [node_to_dict(child) for child in node.children],
    }


def node_from_dict(data: dict[str, Any], depth: int = 0) -> DraftNode:
    if depth > 16:
        raise ValueError("draft tree nested too deeply")
    return DraftNode(
        kind=NodeKind(data["kind"]),
        number=str(data.get("number", "")),
        title=str(data.get("title", "")),
        text=str(data.get("text", "")),
        children=tuple(node_from_dict(child, depth + 1) for child in data.get("children", [])),
    )


def package_filename(kiosk_id: str, package_seq: int) -> str:
    return f"GOPY-PKG-{kiosk_id[:8]}-{package_seq:06d}.zip"
