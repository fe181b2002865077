"""What parsing a draft produces."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain import DraftNode, NodeKind
from kiosk.drafts.parse_warnings import ParseWarning


@dataclass(frozen=True)
class ParsedDraft:
    """A parsed legal document: facts from its preamble and its tree, preamble node first.

    ``date`` is ISO 8601 (yyyy-mm-dd) or "" when the document leaves it blank.
    ``warnings`` are what a person must check before the structure is published
    (numbering that skips, repeats or goes back; a line read as text that looks
    like a heading; articles mentioned but none found); empty when none.
    """

    title: str
    issuer: str
    number: str
    date: str
    legal_bases: tuple[str, ...]
    nodes: tuple[DraftNode, ...]
    warnings: tuple[ParseWarning, ...] = ()

    def walk(self):
        """Every node, depth first, in document order."""
        for node in self.nodes:
            yield from node.walk()

    def articles(self) -> list[DraftNode]:
        """Every article, in document order."""
        return [node for node in self.walk() if node.kind == NodeKind.ARTICLE]

    def counts(self) -> dict[str, int]:
        """How many nodes of each kind, every kind listed."""
        counts = {kind.value: 0 for kind in NodeKind}
        for node in self.walk():
            counts[node.kind.value] += 1
        return counts
