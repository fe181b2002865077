"""Which lines are quoted text: the articles an amending document quotes are not its own.

"Điều 5 được sửa đổi, bổ sung như sau: “Điều 5. …”" — everything between
the quotes, over as many lines as it runs, belongs to the amending article,
clause or point. Curly quotes nest; straight quotes (and ``&quot;`` after
unescaping) toggle. A quote still open at the end of the document was a
stray mark, not a quotation: it is ignored and the lines read again.
"""

from __future__ import annotations

import re

_OPENING = "“«"
_CLOSING = "”»"
_STRAIGHT = '"'
_MAX_REPAIRS = 8
_QUOTE = re.compile(r'[“«”»"]')
# Markup a conversion leaves before a quoted heading ("## “Điều 44a. …", "**“Điều 5"): not what a reader sees first.
_LEADING_MARKUP = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3}|>\s*)+")


def _scan(texts: list[str], ignored: set[int]) -> tuple[list[bool], int | None]:
    quoted = []
    depth = 0
    straight = False
    opened_at = None
    for i, text in enumerate(texts):
        inside = depth > 0 or straight
        first = text[:1]
        if first in "#*_>":
            first = _LEADING_MARKUP.sub("", text)[:1]
        quoted.append(inside or (i not in ignored and first in _OPENING + _STRAIGHT))
        if i in ignored:
            continue
        for m in _QUOTE.finditer(text):
            ch = m.group()
            if ch in _OPENING:
                if depth == 0 and not straight:
                    opened_at = i
                depth += 1
            elif ch in _CLOSING:
                depth = max(0, depth - 1)
            elif ch == _STRAIGHT:
                if not straight and depth == 0:
                    opened_at = i
                straight = not straight
    return quoted, (opened_at if depth > 0 or straight else None)


def quoted_lines(texts: list[str]) -> list[bool]:
    """For each line: whether it starts inside a quotation (or opens one)."""
    ignored: set[int] = set()
    quoted, stray = _scan(texts, ignored)
    for _ in range(_MAX_REPAIRS):
        if stray is None:
            break
        ignored.add(stray)
        quoted, stray = _scan(texts, ignored)
    return quoted
