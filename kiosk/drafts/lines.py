"""The unit every reader produces: one line of the document's body, NFC, markup removed."""

from __future__ import annotations

import re
from typing import NamedTuple

from kiosk.text import clean

# Vietnamese has no eth: "Ð" (U+00D0) in legal texts is a legacy converter's
# stand-in for "Đ" (U+0110), and it hides headings such as "Ðiều 413.".
# Soft hyphens and zero-width characters split words for search.
_LOOKALIKES = (("\u00d0", "\u0110"), ("\u00f0", "\u0111"), ("\u00ad", ""), ("\u200b", ""), ("\u200c", ""), ("\u200d", ""), ("\ufeff", ""))
_SPACES = re.compile(r"\s+")


class Line(NamedTuple):
    """One line of a document body; ``table`` marks a table row, its cells joined by " | "."""

    text: str
    table: bool = False


def normalise(text: str) -> str:
    """NFC, no control characters, Unix line ends, the lookalikes above fixed."""
    text = clean(text)
    for lookalike, letter in _LOOKALIKES:  # str.replace: far faster than str.translate on a whole page
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text


def squeeze(text: str) -> str:
    """One line with its whitespace runs (including no-break spaces) made single spaces."""
    return _SPACES.sub(" ", text).strip()


_LONE_KEYWORD = re.compile(r"^(Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)$")
_NUMBER_FIRST = re.compile(r"^(\d+[a-zđ]?\+?|[IVXLC]+)(\W|$)")


def rejoin_split_headings(lines: list[Line]) -> list[Line]:
    """Put back together a heading split after its keyword ("Điều" <br> "79. Title")."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous and not (previous.table or line.table) and _LONE_KEYWORD.match(previous.text) and _NUMBER_FIRST.match(line.text):
            out[-1] = Line(f"{previous.text} {line.text}")
        else:
            out.append(line)
    return out


def text_lines(text: str) -> list[Line]:
    """A plain text's non-blank lines."""
    out = []
    for raw in normalise(text).split("\n"):
        line = squeeze(raw)
        if line:
            out.append(Line(line))
    return out
