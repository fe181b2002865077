"""Reading how a person cites a part of a draft: "khoản 3 Điều 12", "Đ.12 k.3", "dieu 5, khoan 2, diem a".

People write citations in every order and spelling: clause before article (the
standard order of Vietnamese legal writing, "điểm a khoản 2 Điều 5"), article
first ("Điều 5, khoản 2, điểm a"), abbreviated ("Đ.12 k.3", "K3 Đ12"), without
diacritics, in capitals, or as a bare number ("12", an article). Each part is
a keyword and a number; the parts may come in any order, once each, joined by
spaces, commas or "của".

    resolve_citation("khoản 3 Điều 12", keys)  ->  "article:12/clause:3"

Keys are the drafts' legal keys (kiosk.legal_key). A citation that cannot be
read, or names a part the draft does not have, is a CitationError whose
message names it exactly as the person wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from kiosk.errors import ValidationError
from kiosk.i18n import _
from kiosk.text import clean

# Each part: its keyword (full, without diacritics, abbreviated) and its number. Point letters keep
# their diacritic: "điểm đ" and "điểm d" are two different points, so the text is never folded.
# A number's letter ("12a") is one only when no digit or letter follows it: in "Đ12K3" the K opens a clause.
_SUFFIX = r"(?:[a-zđ](?![\w]))?"
_PARTS = (
    ("article", re.compile(rf"(?:điều|dieu|đ|d)\s*\.?\s*(?P<number>\d{{1,4}}{_SUFFIX}\+?)(?![\d+])")),
    ("clause", re.compile(rf"(?:khoản|khoan|k)\s*\.?\s*(?P<number>\d{{1,3}}{_SUFFIX})(?!\d)")),
    ("point", re.compile(r"(?:điểm|diem)\s*\.?\s*(?P<number>[a-zđ]\d?)(?!\w)")),
)
_BARE_ARTICLE = re.compile(rf"(?P<number>\d{{1,4}}{_SUFFIX}\+?)")
# What may stand between parts: spaces, commas, semicolons, dashes, and "của" ("of").
_BETWEEN = re.compile(r"(?:[\s,;:\-–/]|\b(?:của|cua|thuộc|thuoc)\b)*")


class CitationError(ValidationError):
    """A citation that names no part of the draft; the message quotes it as written."""

    code = "citation"


@dataclass(frozen=True)
class Citation:
    """An article, and optionally one of its clauses and a point (of the clause, or of the article)."""

    article: str
    clause: str = ""
    point: str = ""

    @property
    def key(self) -> str:
        """The legal key: ``article:12``, ``article:12/clause:3``, ``article:5/clause:2/point:a``."""
        key = f"article:{self.article}"
        if self.clause:
            key += f"/clause:{self.clause}"
        if self.point:
            key += f"/point:{self.point}"
        return key


def parse_citation(text: str) -> Citation | None:
    """The citation ``text`` writes, or None when it is not one (any order, case, diacritics)."""
    written = " ".join(clean(text).lower().split()).rstrip(".")
    found: dict[str, str] = {}
    at = _BETWEEN.match(written, 0).end()
    bare = _BARE_ARTICLE.fullmatch(written[at:])
    if bare:
        return Citation(bare.group("number"))
    while at < len(written):
        for kind, pattern in _PARTS:
            m = pattern.match(written, at)
            if m:
                if kind in found:
                    return None  # "Điều 5 Điều 6": two articles are not one citation
                found[kind] = m.group("number")
                at = _BETWEEN.match(written, m.end()).end()
                break
        else:
            return None
    if "article" not in found:
        return None
    return Citation(found["article"], found.get("clause", ""), found.get("point", ""))


def resolve_citation(text: str, keys: Collection[str]) -> str:
    """The key, among a draft's ``keys``, of the node that ``text`` cites; CitationError otherwise.

    :param text: what the person wrote ("khoản 3 Điều 12", "Đ.12 k.3", "12")
    :param keys: the legal keys of the draft's nodes
    """
    written = text.strip()
    citation = parse_citation(written)
    if citation is None:
        raise CitationError(
            _("“{text}” does not name an article: write it as “Điều 12”, “khoản 3 Điều 12” or “điểm a khoản 2 Điều 5”.").format(
                text=written
            )
        )
    if citation.key not in keys:
        raise CitationError(_("the draft has no {reference}").format(reference=written))
    return citation.key
