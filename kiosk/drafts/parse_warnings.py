"""What a parse could not settle, reported so that a person checks it before anyone reads the draft.

A parser meets documents it was never shown. When the structure it reads is
doubtful (article numbers that skip, repeat or go back; a line that starts
like an article heading but was read as text; articles mentioned but none
found) it says so, instead of being silently wrong. The warnings are data:
``parse-draft`` prints them, the centre's publish refuses on them unless a
person accepts them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain import NodeKind
from kiosk.i18n import _

# The document's own words, shown as written (legal terms, not translated).
_LABELS = {NodeKind.ARTICLE: "Điều", NodeKind.CHAPTER: "Chương"}
_QUOTED_CHARS = 80  # a line is quoted in a message up to this length


class WarningCode(enum.StrEnum):
    SKIPPED = "numbering_skipped"  # Điều 8 then Điều 11
    FIRST_NOT_ONE = "numbering_starts_late"  # the first article is Điều 3
    REPEATED = "numbering_repeated"  # Điều 5 twice
    WENT_BACK = "numbering_went_back"  # Điều 7 then Điều 3
    NOT_A_HEADING = "heading_read_as_text"  # "Điều 4. …" at a line start, read as text
    ARTICLES_MENTIONED = "no_article_but_mentioned"  # no article found, yet "Điều 1" in the text


@dataclass(frozen=True)
class ParseWarning:
    """One doubt about a parse. ``message`` is translated when read, in the current language.

    ``line`` is the line concerned as the document writes it ("" when none);
    ``number`` and ``previous`` are the numbers compared, for numbering warnings.
    """

    code: WarningCode
    kind: NodeKind = NodeKind.ARTICLE
    number: str = ""
    previous: str = ""
    line: str = ""

    @property
    def message(self) -> str:
        label = _LABELS.get(self.kind, "")
        line = self.line if len(self.line) <= _QUOTED_CHARS else self.line[: _QUOTED_CHARS - 1] + "…"
        if self.code == WarningCode.SKIPPED:
            return _("Numbering skips: {label} {number} comes right after {label} {previous}. Is something missing?").format(
                label=label, number=self.number, previous=self.previous
            )
        if self.code == WarningCode.FIRST_NOT_ONE:
            return _("The first {label} is {label} {number}, not {label} 1. Is the beginning missing?").format(
                label=label, number=self.number
            )
        if self.code == WarningCode.REPEATED:
            return _("{label} {number} appears twice. Is the second a quotation or a mistake?").format(label=label, number=self.number)
        if self.code == WarningCode.WENT_BACK:
            return _("Numbering goes back: {label} {number} comes after {label} {previous}.").format(
                label=label, number=self.number, previous=self.previous
            )
        if self.code == WarningCode.NOT_A_HEADING:
            return _("A line starts like an article heading but was read as text: “{line}”.").format(line=line)
        return _("No article was found, but the text mentions articles: “{line}”. Check the structure.").format(line=line)


def to_json(warning: ParseWarning) -> dict:
    """A warning as plain data, its message in the current language."""
    return {
        "code": warning.code.value,
        "kind": warning.kind.value,
        "number": warning.number,
        "previous": warning.previous,
        "line": warning.line,
        "message": warning.message,
    }
