"""The centre's ingest of ONE batch of 1,000,000 events, on PostgreSQL and on SQLite, its peak memory, and the console's index of it.

Baselines, in the same run, into the same events table (a centre database made
by ``gopy central init``, with every constraint and index ingest meets):

- PostgreSQL: a raw ``COPY events FROM STDIN`` of the very rows ingest stores,
  streamed from a file in COPY's text format, in one transaction, on a
  throwaway cluster started by tests/pg.py (fsync off: ``durable=False``);
- SQLite: a raw ``executemany`` of the same rows, one transaction, with the
  centre's own pragmas (WAL, synchronous=FULL).

Ours is the wall time of ``gopy central ingest --no-index`` in its own process,
as an operator runs it (interpreter and Django start included): verify the
signature, every hash and link, bind the kiosk's key with its enrolment proof,
store, commit. Its peak memory is the process's maximum RSS (``wait4``'s rusage).

Then the agency console's comment index of the same batch, which a plain
``gopy central ingest`` builds right after committing the events, in its own
transaction: ``gopy central index`` in its own process (read each event, parse
it, normalise and hash each comment, store the rows, fill the word index)
against a raw ``COPY`` (PostgreSQL) or ``executemany`` (SQLite, followed by the
one statement that fills the FTS5 word index) of the very rows it stored, into
the same table of a copy of the same database.

The batch is what an enrolled kiosk would send: a real kiosk key (made by
``gopy setup`` with the centre's enrolment file), canonical chained submission
lines in the shape kiosk.submissions writes (the shape tests/sync/helpers.py
``chain()`` uses), a manifest carrying the enrolment proof, signed and sealed by
sync.container.write_container. The lines are formatted from a template
instead of ``canonical.dumps`` (ten times faster); the first thousand and a
sample of the rest are checked byte for byte against ``canonical.dumps``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import Figure
from centre.demo import consultation_spec  # the demo consultation, dated as the kiosk's demo dates it
from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.receipt_code import ALPHABET, RANDOM_SYMBOLS, _check_symbol
from sync.batches import BATCH_FORMAT, EVENTS_MEMBER, batch_filename
from sync.container import Limits, read_container, write_container
from sync.enrolment_proof import PROOF_FIELD, SECRET_FIELD, proof
from sync.keys import KioskKey, parse_verify_key

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("GOPY_BENCH_CENTRE_EVENTS", "1000000"))
RUNS = int(os.environ.get("GOPY_BENCH_CENTRE_RUNS", "3"))
MEMORY_BUDGET_MB = 300
CONSULTATION = "AP-2026-CHO"  # the demo consultation (assets/demo): 23 articles
ARTICLES = 23
KIOSK_ID = "BENCH-AN-PHU-01"
# Columns of the centre's events table (centre/ingest/models.py Event), in the order of the rows file.
EVENT_COLUMNS = (
    "kiosk_id", "epoch", "seq", "hash", "kind", "uuid", "receipt_code", "consultation_code",
    "channel", "local_time", "clock_state", "batch_id", "body", "revoked",
)  # fmt: skip
_COMMENTS = (
    "Đề nghị làm rõ giờ mở cửa chợ vào mùa mưa.",
    "Tôi đồng ý với dự thảo.",
    "Cần quy định rõ khoản thu vệ sinh, niêm yết công khai.",
    "Bốc thăm công khai là công bằng, nên giữ.",
    "Nên dành chỗ cho người bán nông sản nhỏ lẻ không thu phí.",
    "",
)
_STANCES = ("agree", "agree", "disagree", "other")
_CHANNELS = ("self", "self", "assisted", "paper")
# Big enough for one 1,000,000-event batch: the writer reads its file back with these.
BIG = Limits(max_file_size=2048 << 20, max_member_size=2048 << 20, max_total_size=4096 << 20)


def gopy(*args: object, timeout: float = 3600) -> subprocess.CompletedProcess:
    """``python -m gopy …`` in its own process; raises with its stderr when it fails."""
    result = subprocess.run([sys.executable, "-m", "gopy", *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"gopy {' '.join(map(str, args[:4]))}… failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


@dataclass(frozen=True)
class Measured:
    seconds: float
    max_rss_mb: float
    stdout: str


# Runs the command and writes its own rusage's ru_maxrss. The command cannot be measured by
# wait4 from this process: subprocess starts it with vfork, and exec records the high-water
# mark of the mm it leaves (this process's, gigabytes with a batch in memory) as the child's.
# The wrapper is small, so what it passes on to its child is small.
_MAXRSS_WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def timed_gopy(*args: object, timeout: float = 7200) -> Measured:
    """Wall time and peak RSS (KiB from ``ru_maxrss``, as MB) of one ``gopy`` process."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err, rss = Path(tmp) / "out", Path(tmp) / "err", Path(tmp) / "maxrss"
        command = [sys.executable, "-c", _MAXRSS_WRAPPER, str(rss), sys.executable, "-m", "gopy", *map(str, args)]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            start = time.perf_counter()
            result = subprocess.run(command, stdout=stdout, stderr=stderr, cwd=ROOT, timeout=timeout)
            seconds = time.perf_counter() - start
        text = out.read_text(encoding="utf-8")
        if result.returncode != 0:
            detail = err.read_text(encoding="utf-8").strip() or text.strip()
            raise RuntimeError(f"gopy {' '.join(map(str, args[:3]))} failed ({result.returncode}): {detail}")
        return Measured(seconds, int(rss.read_text()) / 1024, text)


def enrolment(enrolment_file: Path) -> tuple[str, str]:
    """The one-time secret the centre put in the enrolment file (what the kiosk proves in its first batch), and its root key id."""
    manifest = read_container(enrolment_file, verify_key=lambda m: parse_verify_key(m.get("root_public_key", ""))).manifest
    return manifest[SECRET_FIELD], manifest["root_key_id"]


# ---------------------------------------------------------------- the batch


def _codes(bits: Callable[[int], int]) -> Callable[[], str]:
    """Receipt codes as kiosk.receipt_code.new_code makes them (11 random symbols and the check symbol), faster.

    ``new_code`` draws each symbol from ``secrets``: half the time of making a million lines.
    These need to be unique and well-formed, not unguessable.
    """

    def code() -> str:
        n = bits(5 * RANDOM_SYMBOLS)
        payload = "".join(ALPHABET[n >> (5 * i) & 31] for i in range(RANDOM_SYMBOLS))
        return payload + _check_symbol(payload)

    return code


def _line_template() -> str:
    """A submission line with every value a placeholder, keys in canonical (sorted) order."""
    body = {
        "v": 1,
        "type": "submission",
        "kiosk_id": "@K",
        "epoch": 1,
        "seq": 0,
        "id": "@ID",
        "consultation": CONSULTATION,
        "local_time": "@TIME",
        "channel": "@CH",
        "items": [{"node_key": "@NODE", "stance": "@ST", "comment": "@COMMENT"}],
        "answers": [],
        "prev": "@PREV",
        "receipt_code": "@CODE",
        "clock_state": "ok",
    }
    text = canonical.dumps(body).decode("utf-8").replace("{", "{{").replace("}", "}}")
    for name in ("K", "ID", "TIME", "CH", "NODE", "ST", "PREV", "CODE"):
        text = text.replace(f'"@{name}"', f'"{{{name.lower()}}}"')
    return text.replace('"seq":0', '"seq":{seq}').replace('"@COMMENT"', "{comment}")


@dataclass(frozen=True)
class Events:
    data: bytes  # events.jsonl
    rows: Path  # the same rows as the events table holds them, in COPY's text format (tab-separated, batch_id 1)
    last_hash: str
    count: int


def make_events(kiosk_id: str, count: int, rows_path: Path | None, *, seq_from: int = 1, prev: str = GENESIS,
                start_day: date = date(2026, 11, 23)) -> Events:  # fmt: skip
    """``count`` chained submission lines of ``kiosk_id``, and (when ``rows_path`` is given) the rows file of what the centre stores."""
    template = _line_template()
    comments = [json.dumps(c, ensure_ascii=False) for c in _COMMENTS]
    chance = random.Random(f"{kiosk_id}/{seq_from}")
    pick, new_code = chance.random, _codes(chance.getrandbits)
    chunks: list[bytes] = []
    hash_of = canonical.event_hash
    rows = rows_path.open("w", encoding="utf-8", newline="\n") if rows_path else None
    out: list[str] = []
    for seq in range(seq_from, seq_from + count):
        n = int(pick() * 1_000_000)
        second = seq * 7 % (7 * 86400)
        day = start_day + timedelta(days=second // 86400)
        when = f"{day.isoformat()}T{8 + second % 86400 // 7200:02d}:{second // 60 % 60:02d}:{second % 60:02d}+07:00"
        event_id, code, channel = str(uuid.uuid4()), new_code(), _CHANNELS[n % 4]
        line = template.format(
            k=kiosk_id, seq=seq, id=event_id, time=when, ch=channel, node=f"article:{1 + n % ARTICLES}",
            st=_STANCES[n // 4 % 4], prev=prev, code=code, comment=comments[n // 16 % len(comments)],
        ).encode("utf-8")  # fmt: skip
        if (seq - seq_from < 1000 or n % 997 == 0) and canonical.dumps(json.loads(line)) != line:
            raise AssertionError(f"the line template is not canonical: {line!r}")
        prev = hash_of(line)
        chunks.append(line)
        if rows is not None:
            text = line.decode("utf-8")
            if "\\" in text or "\t" in text:
                raise AssertionError("a line that COPY's text format would need to escape")
            out.append(
                f"{kiosk_id}\t1\t{seq}\t{prev}\tsubmission\t{event_id}\t{code}\t{CONSULTATION}\t{channel}\t{when}\tok\t1\t{text}\tf\n"
            )
            if len(out) >= 10_000:
                rows.write("".join(out))
                out.clear()
    if rows is not None:
        rows.write("".join(out))
        rows.close()
    data = b"\n".join(chunks) + b"\n"
    return Events(data, rows_path or Path(), prev, count)


def write_batch(folder: Path, key: KioskKey, kiosk_id: str, events: Events, enrolled: tuple[str, str], *, batch_seq: int = 1,
                seq_from: int = 1, first_prev: str = GENESIS) -> Path:  # fmt: skip
    """The signed batch a kiosk would write around ``events`` (craft_batch's manifest), with its enrolment proof."""
    manifest = {
        "format": BATCH_FORMAT,
        "schema_version": 1,
        "app_version": "0.1.0",
        "kiosk_id": kiosk_id,
        "epoch": 1,
        "batch_seq": batch_seq,
        "signing_key_id": key.key_id,
        "public_key": key.public_key,
        "key_endorsement": None,
        "prev_batch_manifest_sha256": None,
        "seq_from": seq_from,
        "seq_to": seq_from + events.count - 1,
        "first_prev_hash": first_prev,
        "last_event_hash": events.last_hash,
        "event_count": events.count,
        "ack_seen": None,
        "last_package_seq_imported": 1,
        "time_floor": None,
        "created_local_time": "2026-11-30T17:00:00+07:00",
        "clock_state": "ok",
        "centre_root_key_id": enrolled[1],
    }
    if batch_seq == 1:  # until the centre acknowledges a batch, as sync.batches does
        manifest[PROOF_FIELD] = proof(enrolled[0], kiosk_id, key.public_key)
    folder.mkdir(parents=True, exist_ok=True)
    return write_container(folder / batch_filename(kiosk_id, 1, batch_seq), manifest, {EVENTS_MEMBER: events.data}, key, limits=BIG)


def _rows(path: Path) -> Iterator[tuple]:
    """The rows file as Python values, for executemany."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            f = line[:-1].split("\t")
            yield (f[0], 1, int(f[2]), f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], 1, f[12], False)


# ---------------------------------------------------------------- the centres


@dataclass
class Setup:
    folder: Path
    kiosk_id: str
    key: KioskKey
    centre: Path  # a centre home: keys, and the SQLite file when no database is given
    enrolment: Path


def enrolled_centre(folder: Path, kiosk_id: str, database: str = "", kiosk_home: Path | None = None) -> Setup:
    """A centre (SQLite, or ``database``) with the demo consultation published and ``kiosk_id`` enrolled; the kiosk set up."""
    centre = folder / "centre"
    db = ("--database", database) if database else ()
    gopy("central", "init", "--home", centre, *db)
    gopy("central", "publish", "--home", centre, *db, consultation_spec(folder))
    enrolment = folder / f"{kiosk_id}.enrol"
    gopy("central", "enrol", "--home", centre, *db, "--kiosk-id", kiosk_id, "--commune-code", "26734",
         "--commune-name", "Xã An Phú", "--province-code", "89", "--province-name", "An Giang", "--out", enrolment)  # fmt: skip
    if kiosk_home is None:
        kiosk_home = folder / "kiosk"
        gopy("--home", kiosk_home, "setup", enrolment)
    key = KioskKey.load(kiosk_home / "keys" / "kiosk-signing.key")
    return Setup(folder, kiosk_id, key, centre, enrolment)


def _raw_sqlite_rate(database: Path, events: Events) -> float:
    """Rows per second of a bare executemany into the centre's events table, centre pragmas, one transaction."""
    import sqlite3

    raw = sqlite3.connect(database, isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"):
        raw.execute(pragma)
    _baseline_batch(raw.execute, "?")
    marks = ", ".join("?" for _ in EVENT_COLUMNS)
    start = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", _rows(events.rows))
    raw.execute("COMMIT")
    seconds = time.perf_counter() - start
    raw.close()
    return events.count / seconds


def _baseline_batch(execute, mark: str) -> None:
    """The batch row (id 1) the baseline's events point to, as ingest writes one before its events."""
    columns = {
        "id": 1, "file_sha256": "0" * 64, "file_name": "baseline.zip", "manifest_sha256": "0" * 64, "kiosk_id": "baseline",
        "epoch": 1, "batch_seq": 1, "seq_from": 1, "seq_to": 1, "signing_key_id": "", "received_at": "2026-11-30T10:00:00+00:00",
        "status": "applied", "reason": "", "detail": "", "new_events": 0, "manifest": "{}", "kept_file": "", "source": "file",
        "comments_pending": False,
    }  # fmt: skip
    execute(f"INSERT INTO batches ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})", list(columns.values()))


def _raw_copy_rate(url: str, events: Events) -> float:
    """Rows per second of a bare ``COPY events FROM STDIN`` of the rows file, one transaction."""
    import psycopg

    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor:
            _baseline_batch(cursor.execute, "%s")
        conn.commit()
        start = time.perf_counter()
        copy_sql = f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        with conn.cursor() as cursor, cursor.copy(copy_sql) as copy, events.rows.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        seconds = time.perf_counter() - start
    return events.count / seconds


def _comment_rows_sqlite(database: Path) -> list[tuple]:
    """The rows the index stored, as the baseline inserts them."""
    import sqlite3

    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT {', '.join(_comment_columns(db))} FROM review_comments ORDER BY id").fetchall()


def _comment_columns(db) -> list[str]:
    """Every column of the comments table but its id, as the database (SQLite or psycopg) has it."""
    if hasattr(db, "pgconn"):
        query = "SELECT column_name FROM information_schema.columns WHERE table_name = 'review_comments' ORDER BY ordinal_position"
    else:
        query = "SELECT name FROM pragma_table_info('review_comments') ORDER BY cid"
    return [name for (name,) in db.execute(query).fetchall() if name != "id"]


def _raw_sqlite_comments_rate(database: Path, rows: list[tuple]) -> float:
    """Rows per second of a bare executemany of the stored comment rows, then the word index filled in one statement."""
    import sqlite3

    raw = sqlite3.connect(database, isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"):
        raw.execute(pragma)
    columns = _comment_columns(raw)
    marks = ", ".join("?" for _ in columns)
    start = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany(f"INSERT INTO review_comments ({', '.join(columns)}) VALUES ({marks})", rows)
    raw.execute("INSERT INTO review_comment_words(rowid, folded) SELECT id, folded FROM review_comments")
    raw.execute("COMMIT")
    seconds = time.perf_counter() - start
    raw.close()
    return len(rows) / seconds


def _dump_comments_pg(url: str, path: Path) -> int:
    """The comment rows the index stored, in COPY's text format; returns how many."""
    import psycopg

    count = 0
    with psycopg.connect(url) as conn, conn.cursor() as cursor, path.open("wb") as out:
        columns = ", ".join(_comment_columns(conn))
        with cursor.copy(f"COPY (SELECT {columns} FROM review_comments ORDER BY id) TO STDOUT") as copy:
            for chunk in copy:
                out.write(chunk)
                count += bytes(chunk).count(b"\n")
    return count


def _raw_copy_comments_rate(url: str, path: Path, count: int) -> float:
    """Rows per second of a bare ``COPY review_comments FROM STDIN`` of the stored rows, one transaction."""
    import psycopg

    with psycopg.connect(url) as conn:
        columns = ", ".join(_comment_columns(conn))
        start = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(f"COPY review_comments ({columns}) FROM STDIN") as copy, path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        seconds = time.perf_counter() - start
    return count / seconds


def _comments(database: str | Path) -> int:
    if isinstance(database, Path):
        import sqlite3

        with sqlite3.connect(database) as db:
            return db.execute("SELECT count(*) FROM review_comments").fetchone()[0]
    import psycopg

    with psycopg.connect(database) as conn:
        return conn.execute("SELECT count(*) FROM review_comments").fetchone()[0]


@dataclass
class Runs:
    """One engine's figures: ``runs`` of each."""

    ingest: list[float]  # seconds, events stored and committed
    raw: list[float]  # events/s of the raw baseline
    rss: list[float]  # MB, the worse of the ingest's and the index's processes
    index: list[float]  # seconds, the console's index of the batch
    raw_index: list[float]  # comments/s of the raw baseline
    comments: int


def _check_stored(stdout: str, count: int) -> None:
    results = json.loads(stdout)
    stored = sum(r.get("new_events", 0) for r in results)
    if stored != count or any(r.get("outcome") != "applied" for r in results):
        raise RuntimeError(f"ingest stored {stored} of {count} events: {stdout[:500]}")


# ---------------------------------------------------------------- the figures


def bench_sqlite(folder: Path, setup: Setup, events: Events, runs: int = RUNS) -> Runs:
    count = events.count
    batch = write_batch(folder / "usb-sqlite", setup.key, setup.kiosk_id, events, enrolment(setup.enrolment))
    out = Runs([], [], [], [], [], 0)
    rows: list[tuple] = []
    for run in range(runs):
        copy, before_index = folder / f"sqlite-{run}", folder / f"sqlite-{run}-raw-index"
        shutil.copytree(setup.centre, copy)
        measured = timed_gopy("central", "ingest", "--no-index", "--home", copy, batch, "--json")
        _check_stored(measured.stdout, count)
        shutil.copytree(copy, before_index)
        indexed = timed_gopy("central", "index", "--home", copy)
        out.ingest.append(measured.seconds)
        out.index.append(indexed.seconds)
        out.rss.append(max(measured.max_rss_mb, indexed.max_rss_mb))
        out.comments = _comments(copy / "centre.sqlite3")
        if not rows:
            rows = _comment_rows_sqlite(copy / "centre.sqlite3")
        shutil.rmtree(copy)
        out.raw_index.append(_raw_sqlite_comments_rate(before_index / "centre.sqlite3", rows))
        shutil.rmtree(before_index)
        baseline = folder / f"raw-{run}"
        shutil.copytree(setup.centre, baseline)
        out.raw.append(_raw_sqlite_rate(baseline / "centre.sqlite3", events))
        shutil.rmtree(baseline)
    batch.unlink()
    return out


def bench_postgresql(folder: Path, kiosk: Setup, events: Events, runs: int = RUNS) -> Runs:
    """The same on a throwaway PostgreSQL cluster: a template database, copied for each run."""
    sys.path.insert(0, str(ROOT))
    import psycopg

    from tests.pg import start_cluster

    cluster = start_cluster(durable=False)
    try:
        template = cluster.create_database("centre_template")
        setup = enrolled_centre(folder / "pg", kiosk.kiosk_id, template, kiosk_home=kiosk.folder / "kiosk")
        count = events.count
        batch = write_batch(folder / "usb-pg", setup.key, setup.kiosk_id, events, enrolment(setup.enrolment))
        comment_rows = folder / "comments.copy"
        out = Runs([], [], [], [], [], 0)
        for run in range(runs):
            ingest_db, raw_db, raw_index_db = f"ingest_{run}", f"raw_{run}", f"raw_index_{run}"
            with psycopg.connect(cluster.url(), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{ingest_db}" TEMPLATE "centre_template"')
                conn.execute(f'CREATE DATABASE "{raw_db}" TEMPLATE "centre_template"')
            database = ("--database", cluster.url(ingest_db))
            measured = timed_gopy("central", "ingest", "--no-index", "--home", setup.centre, *database, batch, "--json")
            _check_stored(measured.stdout, count)
            with psycopg.connect(cluster.url(), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{raw_index_db}" TEMPLATE "{ingest_db}"')
            indexed = timed_gopy("central", "index", "--home", setup.centre, *database)
            out.ingest.append(measured.seconds)
            out.index.append(indexed.seconds)
            out.rss.append(max(measured.max_rss_mb, indexed.max_rss_mb))
            out.comments = _comments(cluster.url(ingest_db))
            if not comment_rows.exists():
                _dump_comments_pg(cluster.url(ingest_db), comment_rows)
            out.raw_index.append(_raw_copy_comments_rate(cluster.url(raw_index_db), comment_rows, out.comments))
            out.raw.append(_raw_copy_rate(cluster.url(raw_db), events))
            with psycopg.connect(cluster.url(), autocommit=True) as conn:
                for name in (ingest_db, raw_db, raw_index_db):
                    conn.execute(f'DROP DATABASE "{name}"')
        batch.unlink()
        return out
    finally:
        cluster.stop()


def bench_centre(count: int = COUNT, runs: int = RUNS) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="gopy-bench-centre-") as tmp:
        folder = Path(tmp)
        setup = enrolled_centre(folder / "sqlite", KIOSK_ID)
        events = make_events(KIOSK_ID, count, folder / "rows.tsv")
        pg = bench_postgresql(folder, setup, events, runs)
        lite = bench_sqlite(folder, setup, events, runs)
    median = statistics.median
    spread = lambda values: f"{min(values):.1f}–{max(values):.1f} s"  # noqa: E731
    figures = []
    for engine, measured, raw, target in (
        ("PostgreSQL", pg, "raw COPY of the same rows into the same events table, one transaction; throwaway cluster, fsync off", "≥ 0.5×"),
        ("SQLite", lite, "raw executemany of the same rows into the same events table, WAL + FULL, one transaction", "≥ 0.6×"),
    ):
        figures.append(
            Figure(
                f"ingest on {engine}, one batch of {count:,} events",
                count / median(measured.ingest),
                median(measured.raw),
                "events/s",
                target,
                f"medians of {runs}; `gopy central ingest --no-index` wall time {median(measured.ingest):.1f} s "
                f"({spread(measured.ingest)}), process start included, events committed; baseline: {raw}",
            )
        )
    for engine, measured, raw in (
        ("PostgreSQL", pg, "raw COPY of the rows it stored into the same table"),
        ("SQLite", lite, "raw executemany of the rows it stored, then the one INSERT … SELECT that fills the FTS5 word index"),
    ):
        total = median([a + b for a, b in zip(measured.ingest, measured.index, strict=True)])
        figures.append(
            Figure(
                f"console's comment index of that batch, {measured.comments:,} comments ({engine})",
                measured.comments / median(measured.index),
                median(measured.raw_index),
                "comments/s",
                "≥ 0.3×",
                f"medians of {runs}; `gopy central index` wall time {median(measured.index):.1f} s ({spread(measured.index)}); "
                f"baseline: {raw}, one transaction; ingest and index together {total:.1f} s",
            )
        )
    for engine, measured in (("PostgreSQL", pg), ("SQLite", lite)):
        figures.append(
            Figure(
                f"peak memory, ingest of {count:,} events ({engine})",
                max(measured.rss),
                MEMORY_BUDGET_MB,
                "MB",
                "≤ 1×",
                f"max RSS of the ingest and the index processes, worst of {runs}; baseline: the issue's budget of {MEMORY_BUDGET_MB} MB",
            )
        )
    return figures


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(bench_centre()))
