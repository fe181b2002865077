"""Searching the drafts a kiosk holds, with or without diacritics.

The index holds folded text (kiosk.text.fold: case, tone marks and đ → d), so
"dat dai", "đất đai" and "ĐẤT ĐAI" find the same articles. Results are ranked
by BM25 with titles weighted above body text, and each carries a snippet of
the original, unfolded text with the matched words marked.

A query that is a citation ("Điều 12", "khoản 3 Điều 12", "dieu 5 khoan 2",
see kiosk.citations) puts the part it names first, then the articles whose
text matches the words. A bare number ("15") stays a text search: people
search for "15 ngày" far more often than for an article by its number alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.citations import parse_citation
from kiosk.legal_key import label_for_key
from kiosk.storage.db import Store
from kiosk.text import fold

MARK_START, MARK_END = "«", "»"
_WORD = re.compile(r"\w+")
_SNIPPET_CHARS = 160
_CURRENT_DRAFTS = "SELECT d.id FROM drafts d JOIN consultations c ON c.code = d.consultation_code AND c.draft_version = d.version"


@dataclass(frozen=True)
class Hit:
    node_id: int
    draft_id: int
    legal_key: str
    label: str  # "Điều 12. Title" or "khoản 3 Điều 12"
    snippet: str  # original text around the first match, matches between « and »


def index_node(store: Store, node_id: int, draft_id: int, title: str, text: str) -> None:
    """Add one stored article (or appendix) to the index, with ``text`` its whole text (inside the caller's transaction)."""
    store.conn.execute(
        "INSERT INTO node_search (node_id, draft_id, original, title, body) VALUES (?, ?, ?, ?, ?)",
        # The body is folded character for character, so the snippet can find positions in it.
        (node_id, draft_id, text, fold(title), _fold_aligned(text)),
    )


def fts_query(query: str) -> str | None:
    """The FTS5 query for what a person typed: every word must appear, the last as a prefix.

    Words are quoted, so nothing a person types is read as FTS5 syntax
    ("dự-thảo", a stray quote, AND/OR/NEAR).
    """
    words = _WORD.findall(fold(query))
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class _FoldTable(dict):
    """A str.translate table filled on demand: each character folded to exactly one character."""

    def __missing__(self, code: int) -> str:
        folded = (fold(chr(code)) or " ")[0]
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_aligned(text: str) -> str:
    """fold() character by character, so positions in the result are positions in ``text``."""
    return text.translate(_FOLD_TABLE)


def _word_pattern(words: list[str]) -> re.Pattern:
    """Any of the query's words, the last one as a prefix (as it is typed)."""
    alternatives = [rf"{re.escape(w)}\b" for w in words[:-1]] + [rf"{re.escape(words[-1])}\w*"]
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


def snippet(text: str, query: str, folded: str | None = None) -> str:
    """The part of ``text`` around the first match of ``query``'s words, matches marked.

    :param folded: ``text`` folded character for character, if the caller has it
    """
    words = _WORD.findall(fold(query))
    if not words:
        return text[:_SNIPPET_CHARS]
    folded = folded if folded is not None and len(folded) == len(text) else _fold_aligned(text)
    # Centre on the words as typed together, else on the first of any of them.
    phrase = re.search(r"\b" + r"\W+".join(re.escape(w) for w in words), folded)
    pattern = _word_pattern(words)
    first = phrase or pattern.search(folded)
    if first is None:
        return text[:_SNIPPET_CHARS]
    start = max(0, first.start() - _SNIPPET_CHARS // 3)
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = min(len(text), start + _SNIPPET_CHARS)
    out, cursor = [], start
    # Only the window is scanned: an appendix can be a hundred thousand characters long.
    for match in pattern.finditer(folded, start, end):
        out += [text[cursor : match.start()], MARK_START, text[match.start() : match.end()], MARK_END]
        cursor = match.end()
    out.append(text[cursor:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def _cited(store: Store, query: str, draft_id: int | None) -> list[Hit]:
    """The parts a citation names, each hit opening its article (as every hit does)."""
    citation = parse_citation(query) if any(c.isalpha() for c in query) else None
    if citation is None:
        return []
    drafts = "c.draft_id = ?" if draft_id is not None else f"c.draft_id IN ({_CURRENT_DRAFTS})"
    rows = store.query(
        "SELECT a.id, c.draft_id, c.legal_key, a.title, c.text FROM nodes c"
        " JOIN nodes a ON a.draft_id = c.draft_id AND a.legal_key = ?"
        f" WHERE c.legal_key = ? AND {drafts} ORDER BY c.draft_id",
        (f"article:{citation.article}", citation.key, *(() if draft_id is None else (draft_id,))),
    )
    return [
        Hit(
            row["id"],
            row["draft_id"],
            row["legal_key"],
            label_for_key(row["legal_key"], row["title"]),
            row["text"][:_SNIPPET_CHARS] or row["title"],
        )
        for row in rows
    ]


def search(store: Store, query: str, *, draft_id: int | None = None, limit: int = 20) -> list[Hit]:
    """Nodes matching ``query`` in the current drafts (or in one draft), best first; a citation's part first of all."""
    cited = _cited(store, query, draft_id)[:limit]
    match = fts_query(query)
    if match is None:
        return cited
    params: list = [match]
    where = "node_search MATCH ?"
    if draft_id is not None:
        where += " AND s.draft_id = ?"
        params.append(draft_id)
    else:
        where += f" AND s.draft_id IN ({_CURRENT_DRAFTS})"
    params.append(limit)
    rows = store.query(
        f"SELECT n.id, n.draft_id, n.legal_key, n.title, s.original, s.body FROM node_search s JOIN nodes n ON n.id = s.node_id"
        f" WHERE {where} ORDER BY bm25(node_search, 0, 0, 0, 5.0, 1.0) LIMIT ?",
        tuple(params),
    )
    found = [
        Hit(
            row["id"],
            row["draft_id"],
            row["legal_key"],
            label_for_key(row["legal_key"], row["title"]),
            snippet(row["original"], query, row["body"]) if row["original"] else row["title"],
        )
        for row in rows
    ]
    seen = {(hit.node_id, hit.legal_key) for hit in cited}
    return (cited + [hit for hit in found if (hit.node_id, hit.legal_key) not in seen])[:limit]
