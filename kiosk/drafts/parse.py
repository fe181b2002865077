"""From a file or a text to a ParsedDraft: read, set noise aside, find quotations, build the tree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain import NodeKind
from kiosk.drafts.errors import DraftFormatError
from kiosk.drafts.lines import Line, rejoin_split_headings
from kiosk.drafts.model import ParsedDraft
from kiosk.drafts.noise import split_noise
from kiosk.drafts.parse_warnings import ParseWarning, WarningCode
from kiosk.drafts.preamble import read_preamble
from kiosk.drafts.quotes import quoted_lines
from kiosk.drafts.readers import FORMATS, lines_from_text, read_file
from kiosk.drafts.structure import build_tree, is_wrapped
from kiosk.i18n import _

# "Điều 5." or "Điều 5:" in running text: how a heading the parser missed still reads.
_MENTION = re.compile(r"\b[ĐÐ]iều\s*\d{1,3}[a-zđ]?\+?\s*[.:]")


@dataclass(frozen=True)
class Analysis:
    """A parse and what it set aside as print noise (running headers, page numbers, stamps, footnote marks)."""

    draft: ParsedDraft
    set_aside: tuple[str, ...]


def analyse(lines: list[Line], name: str) -> Analysis:
    """Parse body ``lines``; ``name`` names the source in messages."""
    lines = rejoin_split_headings(lines)
    kept_at, noise_at = split_noise(lines)
    kept = [lines[i] for i in kept_at]
    wrapped = is_wrapped(kept)
    quoted = quoted_lines([line.text for line in kept])
    tree = build_tree(kept, quoted, wrapped)
    kinds = {node.kind for root in tree.nodes for node in root.walk()}
    if NodeKind.ARTICLE not in kinds and NodeKind.APPENDIX not in kinds:
        raise DraftFormatError(
            _(
                'No articles found in {name}: no line reads as an article heading ("Điều 1. …"). '
                "If it came from a scanned PDF, its text was not extracted; import the .docx or a text copy."
            ).format(name=name)
        )
    warnings = list(tree.warnings)
    if NodeKind.ARTICLE not in kinds:
        # Appendices alone are a document (a decree's annex), but one that mentions
        # articles may be a draft whose headings were not recognised.
        mention = next((line.text for line in kept if not line.table and _MENTION.search(line.text)), None)
        if mention is not None:
            warnings.append(ParseWarning(WarningCode.ARTICLES_MENTIONED, line=mention))
    facts = read_preamble(tree.preamble, quoted[: len(tree.preamble)], wrapped)
    title = facts.title or _appendix_title(tree.nodes)
    draft = ParsedDraft(
        title=title,
        issuer=facts.issuer,
        number=facts.number,
        date=facts.date,
        legal_bases=facts.legal_bases,
        nodes=tree.nodes,
        warnings=tuple(warnings),
    )
    pieces = [(i, lines[i].text) for i in noise_at] + [(kept_at[i], mark) for i, mark in tree.set_aside]
    return Analysis(draft, tuple(text for _at, text in sorted(pieces, key=lambda p: p[0])))


def _appendix_title(nodes) -> str:
    for node in nodes:
        if node.kind == NodeKind.APPENDIX:
            return " ".join(part for part in ("Phụ lục", node.number, node.title) if part)
    return ""


def parse_file(path: Path) -> ParsedDraft:
    """Parse the draft at ``path`` (.txt, .md, .html/.htm, .docx; .pdf with a text layer; .doc, .rtf, .odt through LibreOffice)."""
    path = Path(path)
    lines, _format = read_file(path)
    return analyse(lines, path.name).draft


def parse_text(text: str, *, source_format: str = "txt") -> ParsedDraft:
    """Parse a draft given as text in ``source_format``: "txt", "md" or "html"."""
    if source_format not in FORMATS or source_format == "docx":
        raise DraftFormatError(_("Cannot parse text given as {format}: use txt, md or html.").format(format=source_format))
    if not text.strip():
        raise DraftFormatError(_("The text is empty. A draft must be a .txt, .md, .html or .docx file with the text of the draft."))
    return analyse(lines_from_text(text, source_format), _("the text")).draft
