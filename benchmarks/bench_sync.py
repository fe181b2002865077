"""Export and ingest of 100,000 submissions, against a raw executemany of the same rows in the same run.

The submissions are made here directly as valid chained events (the same
body fields as kiosk.submissions, hashed and linked the same way), since
100,000 durable one-by-one submissions would measure the submission path,
which bench_submission already does. Ingest verifies every one of them.

Ingest and the raw baseline are each timed three times (ingest into fresh
copies of the same centre) and the medians compared: one commit of 100,000
rows with synchronous=FULL varies by 15 % from run to run on this machine.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.harness import Figure
from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.home import Home
from kiosk.receipt_code import new_code
from kiosk.storage.db import _PRAGMAS, Store, open_store
from sync.batches import EVENTS_MEMBER, export_batches
from sync.central import service
from sync.central.ingest import ingest_file
from sync.central.store import SqliteCentre
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


def _raw_rate(database: Path, rows: list[tuple]) -> float:
    """Rows per second of a bare executemany into the centre's events table, same pragmas, one transaction."""
    raw = sqlite3.connect(database, isolation_level=None)
    for pragma in _PRAGMAS:
        raw.execute(pragma)
    raw.execute(
        "CREATE TABLE events (kiosk_id TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL,"
        " kind TEXT NOT NULL, uuid TEXT UNIQUE, receipt_code TEXT UNIQUE, consultation_code TEXT, channel TEXT, local_time TEXT,"
        " clock_state TEXT, batch_id INTEGER NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (kiosk_id, epoch, seq))"
    )
    raw.execute("CREATE INDEX events_by_consultation ON events (consultation_code, kind)")
    start = time.perf_counter()
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    raw.execute("COMMIT")
    seconds = time.perf_counter() - start
    raw.close()
    return len(rows) / seconds


def bench_sync(count: int = COUNT) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        centre = folder / "centre"
        service.init_centre(centre)
        service.enrol_kiosk(centre, "BENCH-KIOSK", "X", "Xã Thử", folder / "kiosk.enrol")
        home = Home(folder / "kiosk").ensure()
        store = open_store(home.database)
        setup(store, home, folder / "kiosk.enrol")
        fill_events(store, count)

        start = time.perf_counter()
        exported = export_batches(store, home, folder / "usb").batches
        export_seconds = time.perf_counter() - start
        store.close()
        batch = exported[0].path
        batch_bytes = batch.stat().st_size

        ingest_seconds = []
        for run in range(RUNS):
            copy = folder / f"centre-{run}"
            shutil.copytree(centre, copy)
            backend = SqliteCentre.open(copy)
            start = time.perf_counter()
            result = ingest_file(backend, batch)
            ingest_seconds.append(time.perf_counter() - start)
            if result.new_events != count:
                raise RuntimeError(f"ingest stored {result.new_events} of {count} events")
            if run == 0:  # the baseline's rows: what ingest stored
                rows = [tuple(r.values()) for r in backend.store.db.query("SELECT * FROM events ORDER BY seq")]
            backend.close()

        import zipfile

        with zipfile.ZipFile(batch) as zf:
            raw_bytes = len(zf.read(EVENTS_MEMBER))
        baseline = statistics.median(_raw_rate(folder / f"raw-{run}.sqlite3", rows) for run in range(RUNS))
        ingest = statistics.median(ingest_seconds)
    per_thousand = 1000 / count
    return [
        Figure(
            f"ingest rate, {count:,} submissions (verify signature, hashes, chain; store)",
            count / ingest,
            baseline,
            "events/s",
            "≥ 0.5×",
            f"medians of {RUNS}; baseline: raw executemany of the same rows, same table, WAL + FULL, one transaction; "
            f"export of the same {count:,}: {export_seconds:.1f} s, ingest {ingest:.1f} s",
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
