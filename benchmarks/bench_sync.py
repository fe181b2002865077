"""The kiosk's side of a sync: export of 100,000 submissions, and the size of the batch it writes.

The submissions are made here directly as valid chained events (the same
body fields as kiosk.submissions, hashed and linked the same way), since
100,000 durable one-by-one submissions would measure the submission path,
which bench_submission already does. The centre's ingest of batches is
bench_centre's (1,000,000 events, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.harness import Figure
from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.home import Home
from kiosk.receipt_code import new_code
from kiosk.storage.db import Store, open_store
from sync.batches import EVENTS_MEMBER, export_batches
from sync.demo import DemoIssuer
from sync.kiosk_side import setup

COUNT = 100_000
RUNS = 3
_COMMENTS = (
    "Đề nghị làm rõ trách nhiệm của trưởng thôn trong việc duy tu đường.",
    "Cần quy định cụ thể thời gian đổ rác và nơi tập kết.",
    "Tôi đồng ý với dự thảo.",
)


def fill_events(store: Store, count: int) -> None:
    """``count`` valid submissions, chained from the store's current head, in one transaction."""
    identity = store.query_one("SELECT * FROM identity")
    head = store.query_one("SELECT * FROM chain_head")
    seq, prev = (head["seq"], head["hash"]) if head else (0, GENESIS)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    rows = []
    for n in range(count):
        seq += 1
        when = (start + timedelta(seconds=20 * n)).isoformat(timespec="seconds")
        code = new_code()
        body = {
            "v": 1,
            "type": "submission",
            "kiosk_id": identity["kiosk_id"],
            "epoch": identity["epoch"],
            "seq": seq,
            "id": str(uuid.uuid4()),
            "consultation": "BENCH",
            "draft_version": 1,
            "local_time": when,
            "locale": "vi",
            "channel": "self",
            "clerk": "",
            "form_date": None,
            "row_key": None,
            "items": [{"node_id": 3 + n % 17, "node_key": f"article:{1 + n % 17}", "stance": "agree", "comment": _COMMENTS[n % 3]}],
            "answers": [{"question": 1, "choices": [n % 2], "text": ""}],
            "consent": {"demographics": True, "personal_data": False},
            "demographics": {"age_band": "30-44", "gender": "nữ", "ethnicity": "Kinh", "village": f"Thôn {1 + n % 9}"},
            "sealed": None,
            "prev": prev,
            "receipt_code": code,
            "clock_state": "ok",
        }
        line = canonical.dumps(body)
        prev = canonical.event_hash(line)
        rows.append(
            (identity["kiosk_id"], identity["epoch"], seq, "submission", body["id"], code, "BENCH", "self", when, line.decode(), prev)
        )
    with store.write() as db:
        db.conn.executemany(
            "INSERT INTO events (kiosk_id, epoch, seq, kind, uuid, receipt_code, consultation_code, channel, created_at, body, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute(
            "INSERT INTO chain_head (id, epoch, seq, hash) VALUES (1, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, hash = excluded.hash",
            [identity["epoch"], seq, prev],
        )


def _raw_export_rate(store: Store, count: int) -> float:
    """Rows per second of reading the same events and writing them as one uncompressed file: what any export must do."""
    folder = Path(tempfile.mkdtemp())
    try:
        start = time.perf_counter()
        rows = store.query("SELECT body FROM events ORDER BY seq")
        with (folder / "events.jsonl").open("wb") as fh:
            fh.write("".join(row["body"] + "\n" for row in rows).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        return count / (time.perf_counter() - start)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_sync(count: int = COUNT) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issuer = DemoIssuer(folder / "issuer")
        issuer.enrol("BENCH-KIOSK", "X", "Xã Thử", folder / "kiosk.enrol")
        home = Home(folder / "kiosk").ensure()
        store = open_store(home.database)
        setup(store, home, folder / "kiosk.enrol")
        fill_events(store, count)
        baseline = statistics.median(_raw_export_rate(store, count) for _run in range(RUNS))
        seconds = []
        for run in range(RUNS):
            with store.write() as db:  # each run exports the same 100,000 again
                db.execute("UPDATE events SET state = 'sealed'")
            start = time.perf_counter()
            exported = export_batches(store, home, folder / f"usb-{run}").batches
            seconds.append(time.perf_counter() - start)
        store.close()
        batch = exported[0].path
        batch_bytes = batch.stat().st_size
        with zipfile.ZipFile(batch) as zf:
            raw_bytes = len(zf.read(EVENTS_MEMBER))
    per_thousand = 1000 / count
    return [
        Figure(
            f"export rate, {count:,} submissions (signed, compressed, written, read back)",
            count / statistics.median(seconds),
            baseline,
            "events/s",
            "≥ 0.2×",
            f"medians of {RUNS}; baseline: reading the same rows and writing them uncompressed with one fsync",
        ),
        Figure(
            "batch size per 1,000 submissions",
            batch_bytes * per_thousand / 1024,
            raw_bytes * per_thousand / 1024,
            "KiB",
            "≤ 1×",
            "the signed ZIP (deflate) against the raw events.jsonl bytes it carries",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(bench_sync()))
