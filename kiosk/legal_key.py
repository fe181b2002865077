"""Naming a node of a draft by its legal numbering: ``article:12/clause:3/point:a``.

The key is stable across versions of a draft ("Điều 12" stays "Điều 12" when
chapters are renumbered), so feedback given on one version can be found on
the next, and it is what paper forms and the centre's reports refer to.
"""

from __future__ import annotations

import re

_KIND_LABEL = {
    "article": "Điều",
    "clause": "khoản",
    "point": "điểm",
    "chapter": "Chương",
    "part": "Phần",
    "section": "Mục",
    "subsection": "Tiểu mục",
    "appendix": "Phụ lục",
    "preamble": "",
}


def label_for_key(legal_key: str, title: str = "") -> str:
    """``article:12/clause:3`` → ``khoản 3 Điều 12``; with a title for articles."""
    parts = []
    for segment in legal_key.split("/"):
        kind, _sep, number = segment.partition(":")
        parts.append(f"{_KIND_LABEL.get(kind, kind)} {number}".strip())
    text = " ".join(reversed(parts))
    if title and legal_key.count("/") == 0:
        text = f"{text}. {title}"
    return text


_ARTICLE = re.compile(
    r"^(?:điều|dieu)?\s*(?P<article>\d+[a-z+]?)"
    r"(?:\s*,?\s*(?:khoản|khoan)\s*(?P<clause>\d+[a-z]?))?"
    r"(?:\s*,?\s*(?:điểm|diem)\s*(?P<point>[a-zđ]))?\s*\.?$"
)


def key_for_reference(reference: str) -> str | None:
    """``Điều 12``, ``12``, ``Điều 12 khoản 3``, ``điều 2, khoản 2, điểm đ`` → a legal key."""
    match = _ARTICLE.match(" ".join(reference.lower().split()))
    if not match:
        return None
    key = f"article:{match['article']}"
    if match["clause"]:
        key += f"/clause:{match['clause']}"
    if match["point"]:
        key += f"/point:{match['point']}"
    return key
