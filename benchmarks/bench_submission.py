"""A durable submission against a raw SQLite insert of the same row, same pragmas, same disk."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.harness import Figure, median_ms
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationStatus, DraftNode, NodeKind, QuestionKind, Stance
from kiosk.feedback import Answer, FeedbackForm, FeedbackItem
from kiosk.storage.db import _PRAGMAS, open_store
from kiosk.submissions import SubmissionService

RUNS = 200


def _store(folder: Path):
    store = open_store(folder / "kiosk.sqlite3")
    repo = ConsultationRepository(store)
    today = date.today()
    with store.write():
        repo.put_consultation(
            Consultation(
                "B-1", "UBND xã", "Dự thảo", "", date(today.year - 1, 1, 1), date(today.year + 1, 12, 31), ConsultationStatus.OPEN, 1
            ),
            [(QuestionKind.SINGLE, "Câu hỏi?", ["Có", "Không"])],
        )
        repo.add_draft("B-1", 1, "Dự thảo", [DraftNode(NodeKind.ARTICLE, str(n), "Điều", "Nội dung.") for n in range(1, 21)])
    return store


def bench_submission() -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp))
        repo = ConsultationRepository(store)
        node = repo.node_by_key(repo.current_draft_id("B-1"), "article:5").id
        zone = ZoneInfo("Asia/Ho_Chi_Minh")
        service = SubmissionService(store, lambda: datetime.now(zone))
        form = FeedbackForm(
            "B-1", items=(FeedbackItem(node, Stance.DISAGREE, "Đề nghị sửa khoản 2 cho rõ hơn. " * 4),), answers=(Answer(1, choices=(0,)),)
        )
        ours = median_ms(lambda: service.submit(form), RUNS)
        row = store.query_one("SELECT * FROM events ORDER BY seq DESC LIMIT 1")
        store.close()

        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        for pragma in _PRAGMAS:
            raw.execute(pragma)
        raw.execute(
            "CREATE TABLE events (kiosk_id TEXT, epoch INT, seq INT, kind TEXT, uuid TEXT UNIQUE, receipt_code TEXT UNIQUE,"
            " consultation_code TEXT, channel TEXT, created_at TEXT, row_key TEXT, state TEXT, body TEXT, hash TEXT,"
            " PRIMARY KEY (kiosk_id, epoch, seq))"
        )
        counter = iter(range(1, 10**9))

        def insert() -> None:
            n = next(counter)
            raw.execute(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    row["kiosk_id"],
                    1,
                    n,
                    "submission",
                    f"u{n}",
                    f"c{n}",
                    "B-1",
                    "self",
                    row["created_at"],
                    None,
                    "sealed",
                    row["body"],
                    row["hash"],
                ),
            )

        baseline = median_ms(insert, RUNS)
        raw.close()
    return Figure(
        "durable submission (validate, chain, store)",
        ours,
        baseline,
        "ms",
        "≤ 3×",
        "raw INSERT of the same row, WAL + synchronous=FULL, one commit each",
    )
