"""Searching the drafts a kiosk holds, with or without diacritics.

The index holds folded text (kiosk.text.fold: case, tone marks and đ → d), so
"dat dai", "đất đai" and "ĐẤT ĐAI" find the same articles. Results are ranked
by BM25 with titles weighted above body text, and each carries a snippet of
the original, unfolded text with the matched words marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        (node_id, draft_id, text, fold(title), fold(text)),
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


def _fold_aligned(text: str) -> str:
    """fold() character by character, so positions in the result are positions in ``text``."""
    return "".join((fold(c) or " ")[:1] if len(fold(c)) != 1 else fold(c) for c in text)


def snippet(text: str, query: str) -> str:
    """The part of ``text`` around the first match of ``query``'s words, matches marked."""
    words = _WORD.findall(fold(query))
    folded = _fold_aligned(text)
    spans = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        pattern = rf"\b{re.escape(word)}\w*" if last else rf"\b{re.escape(word)}\b"
        spans += [m.span() for m in re.finditer(pattern, folded)]
    if not spans:
        return text[:_SNIPPET_CHARS]
    spans.sort()
    # Centre on the words as typed together, else on the first word, else on any match.
    phrase = re.search(r"\b" + r"\W+".join(re.escape(w) for w in words), folded)
    first_word = re.search(rf"\b{re.escape(words[0])}", folded)
    first = (phrase or first_word).start() if (phrase or first_word) else spans[0][0]
    start = max(0, first - _SNIPPET_CHARS // 3)
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = min(len(text), start + _SNIPPET_CHARS)
    out, cursor = [], start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        out += [text[cursor:s], MARK_START, text[s:e], MARK_END]
        cursor = e
    out.append(text[cursor:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def search(store: Store, query: str, *, draft_id: int | None = None, limit: int = 20) -> list[Hit]:
    """Nodes matching ``query`` in the current drafts (or in one draft), best first."""
    match = fts_query(query)
    if match is None:
        return []
    params: list = [match]
    where = "node_search MATCH ?"
    if draft_id is not None:
        where += " AND s.draft_id = ?"
        params.append(draft_id)
    else:
        where += f" AND s.draft_id IN ({_CURRENT_DRAFTS})"
    params.append(limit)
    rows = store.query(
        f"SELECT n.id, n.draft_id, n.legal_key, n.title, s.original FROM node_search s JOIN nodes n ON n.id = s.node_id"
        f" WHERE {where} ORDER BY bm25(node_search, 0, 0, 0, 5.0, 1.0) LIMIT ?",
        tuple(params),
    )
    return [
        Hit(
            row["id"],
            row["draft_id"],
            row["legal_key"],
            label_for_key(row["legal_key"], row["title"]),
            snippet(row["original"] or row["title"], query),
        )
        for row in rows
    ]
