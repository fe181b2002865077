"""Search over every corpus document imported together, against a plain FTS5 MATCH on the same table."""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

from benchmarks.harness import Figure
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationStatus
from kiosk.errors import UserFacingError
from kiosk.search import fts_query, search
from kiosk.storage.db import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
QUERIES = [
    "đất đai",
    "dat dai",
    "ĐẤT ĐAI",
    "cư trú",
    "cu tru",
    "thư viện",
    "thu vien",
    "trí tuệ nhân tạo",
    "tri tue nhan tao",
    "xây dựng",
    "xay dung",
    "bảo hiểm xã hội",
    "bao hiem xa hoi",
    "quyền",
    "nghĩa vụ",
    "nghia vu",
    "Ủy ban nhân dân",
    "uy ban nhan dan",
    "hiệu lực thi hành",
    "hieu luc",
    "rượu bia",
    "ruou",
    "công nghệ thông tin",
    "cong nghe",
    "đường",
    "duong",
    "điều khoản",
    "dieu khoan",
    "tố tụng",
    "to tung",
    "hiến pháp",
    "hien phap",
    "xử phạt",
    "xu phat",
    "giấy phép",
]
RUNS = 5


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def _time(fn, queries) -> list[float]:
    times = []
    for _ in range(RUNS):
        for query in queries:
            start = time.perf_counter()
            fn(query)
            times.append((time.perf_counter() - start) * 1000)
    return times


def bench_search(tmp: Path) -> list[Figure]:
    from kiosk.drafts import parse_file

    store = open_store(tmp / "search.sqlite3")
    repo = ConsultationRepository(store)
    articles = 0
    with store.write():
        for number, path in enumerate(sorted(CORPUS.iterdir())):
            try:
                parsed = parse_file(path)
            except UserFacingError:
                continue  # the negative file, MANIFEST.md
            code = f"C{number:02d}"
            repo.put_consultation(
                Consultation(code, "—", parsed.title or path.stem, "", date(2000, 1, 1), date(2100, 1, 1), ConsultationStatus.OPEN, 1), []
            )
            repo.add_draft(code, 1, parsed.title or path.stem, parsed.nodes)
            articles += len(parsed.articles())
    ours = _time(lambda q: search(store, q, limit=20), QUERIES)
    plain = _time(
        lambda q: store.conn.execute(
            "SELECT rowid FROM node_search WHERE node_search MATCH ? ORDER BY rank LIMIT 20", (fts_query(q),)
        ).fetchall(),
        QUERIES,
    )
    store.close()
    note = f"{articles} articles from the whole corpus; {len(QUERIES)} queries × {RUNS}"
    return [
        Figure(
            "search, median",
            statistics.median(ours),
            statistics.median(plain),
            "ms",
            "≤ 8×",
            note + "; baseline: plain FTS5 MATCH, same table",
        ),
        Figure(
            "search, p95",
            _percentile(ours, 0.95),
            _percentile(plain, 0.95),
            "ms",
            "≤ 8×",
            "ranked, joined, with marked snippets; the issue sets no target",
        ),
    ]
