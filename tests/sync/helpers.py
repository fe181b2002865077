"""A centre and an enrolled kiosk made through the command line, and the small tools the sync tests share.

The centre runs on its home's SQLite file, or on PostgreSQL when the world
names a database (the second pass, CENTRE_TEST_DB=postgres): every ``central``
command then gets GOPY_CENTRE_DATABASE, and :func:`query` and :func:`dump`
read the centre through psycopg instead of sqlite3.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.receipt_code import new_code
from sync.batches import BATCH_FORMAT, EVENTS_MEMBER, batch_filename
from sync.container import write_container
from sync.enrolment_proof import PROOF_FIELD, SECRET_FIELD, proof
from sync.keys import KioskKey

CODE = "TN-DUONG"
KIOSK = "K1"
DRAFT = """ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM
DỰ THẢO
QUY CHẾ
Quản lý đường thôn

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc quản lý đường thôn.

Điều 2. Trách nhiệm
1. Trưởng thôn tổ chức thực hiện.
2. Người dân giữ gìn đường:
a) Không lấn chiếm lòng đường;
b) Không đổ rác.

Chương II
TỔ CHỨC THỰC HIỆN

Điều 3. Hiệu lực
Quy chế có hiệu lực kể từ ngày ký.
"""
STANCES = ("đồng ý", "không đồng ý", "ý kiến khác")
# What the ``gopy`` console script runs: ui.cli's main with sync's commands registered
# (ui/cli.py imports sync.cli for that; naming it here keeps these tests about sync).
GOPY = (sys.executable, "-m", "gopy")


def gopy(*args, home=None, check=True, fault=None, timeout=120, database=None) -> subprocess.CompletedProcess:
    """``gopy`` in its own process, as an operator runs it (a centre command on ``database`` when given)."""
    cmd = list(GOPY)
    if home:
        cmd += ["--home", str(home)]
    env = {**os.environ, "GOPY_CENTRE_DATABASE": database or ""}
    if fault:
        env["GOPY_FAULT"] = fault
    result = subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    """A refused command: non-zero, exactly one line on stderr, no traceback."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@dataclass(frozen=True)
class CentreDb:
    """Where a centre's data is: its home's SQLite file, or the PostgreSQL database ``url``."""

    home: Path
    url: str = ""

    @property
    def sqlite_file(self) -> Path:
        return self.home / "centre.sqlite3"


@dataclass(frozen=True)
class World:
    root: Path
    centre: Path
    kiosk: Path
    database: str = ""  # the centre's PostgreSQL URL; empty: its home's SQLite file

    @property
    def kiosk_db(self) -> Path:
        return self.kiosk / "kiosk.sqlite3"

    @property
    def centre_db(self) -> CentreDb:
        return CentreDb(self.centre, self.database)

    def central(self, verb: str, *args, check=True, fault=None) -> subprocess.CompletedProcess:
        return gopy("central", verb, "--home", self.centre, *args, check=check, fault=fault, database=self.database)

    def kiosk_cmd(self, *args, check=True, fault=None, home=None) -> subprocess.CompletedProcess:
        return gopy(*args, home=home or self.kiosk, check=check, fault=fault)

    def submit_paper(self, count: int, *, start: int = 0, home: Path | None = None, fault=None, check=True) -> subprocess.CompletedProcess:
        path = self.root / f"paper-{uuid.uuid4().hex[:8]}.csv"
        paper_csv(path, count, start=start)
        return self.kiosk_cmd("import-paper", path, home=home, fault=fault, check=check)

    def export(self, out: Path, *, home: Path | None = None, check=True, fault=None) -> list[Path]:
        result = self.kiosk_cmd("export-batch", "--out", out, "--json", home=home, check=check, fault=fault)
        if result.returncode != 0:
            return []
        return [Path(b["path"]) for b in json.loads(result.stdout)["batches"]]

    def ingest(self, *files: Path, check=True, fault=None) -> list[dict]:
        result = self.central("ingest", *files, "--json", check=False, fault=fault)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else []

    def package(self, *, home: Path | None = None) -> subprocess.CompletedProcess:
        path = self.central("package", "--kiosk-id", KIOSK, "--out", self.root / "packages").stdout.strip()
        return self.kiosk_cmd("import-package", path, home=home)

    def status(self) -> dict:
        return json.loads(self.central("status", "--json").stdout)

    def epoch_status(self, epoch: int = 1) -> dict:
        kiosk = next(k for k in self.status()["kiosks"] if k["kiosk_id"] == KIOSK)
        return next((e for e in kiosk["epochs"] if e["epoch"] == epoch), {"hwm": 0, "missing": [], "held": [], "quarantined": []})


def paper_csv(path: Path, count: int, *, start: int = 0) -> list[tuple[str, str]]:
    """``count`` paper forms (columns consultation, article, stance, comment, form_date); returns (article, stance) per row."""
    day = date.today().strftime("%d/%m/%Y")
    rows = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["consultation", "article", "stance", "comment", "form_date"])
        for n in range(start, start + count):
            article, stance = f"Điều {1 + n % 3}", STANCES[n % 3 if n % 7 else 1]
            writer.writerow([CODE, article, stance, f"Góp ý số {n}: đề nghị làm rõ.", day])
            rows.append((article, stance))
    return rows


def build_world(root: Path, database: str = "") -> World:
    """central init → enrol → kiosk setup → publish → package → import, all through ``gopy``."""
    world = World(root, root / "centre", root / "kiosk", database)
    world.central("init")
    world.central("enrol", "--kiosk-id", KIOSK, "--commune-code", "TN", "--commune-name", "Xã Thử Nghiệm", "--out", root / "K1.enrol")
    gopy("setup", root / "K1.enrol", home=world.kiosk)
    (root / "du-thao.md").write_text(DRAFT, encoding="utf-8")
    today = date.today()
    spec = {
        "code": CODE,
        "title": "Dự thảo Quy chế quản lý đường thôn",
        "agency": "UBND xã Thử Nghiệm",
        "opens": (today - timedelta(days=3)).isoformat(),
        "closes": (today + timedelta(days=20)).isoformat(),
        "questions": [{"text": "Có nên cấm xe tải?", "kind": "single", "options": ["Có", "Không"]}],
        "drafts": ["du-thao.md"],
    }
    (root / "tn.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    world.central("publish", root / "tn.json")
    world.package()
    return world


def copy_world(template: World, root: Path, database: str = "") -> World:
    """The template's files copied under ``root``; on PostgreSQL, ``database`` is already a copy of the template's."""
    for name in ("centre", "kiosk", "du-thao.md", "tn.json", "K1.enrol"):
        source = template.root / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return World(root, root / "centre", root / "kiosk", database)


def clone_database(template_url: str, name: str) -> str:
    """A new PostgreSQL database made from the template's (CREATE DATABASE … TEMPLATE …): a world's centre per test."""
    import psycopg

    server, _slash, template = template_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{server}/{name}"


# What a "nothing changed" dump of a centre leaves out: the records of the attempt itself
# (the audit log, refused files) and Django's own bookkeeping.
DUMP_SKIPS = ("audit_events", "refused_files")
DUMP_SKIP_PREFIXES = ("django_", "auth_", "axes_", "otp_", "sqlite_")


def _centre_connection(db: CentreDb):
    if db.url:
        import psycopg

        return psycopg.connect(db.url)
    return sqlite3.connect(db.sqlite_file)


def query(db: Path | CentreDb, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of a kiosk's SQLite file, or of a centre on either engine (``?`` placeholders for both)."""
    if isinstance(db, CentreDb) and db.url:
        sql = sql.replace("?", "%s")
    conn = _centre_connection(db) if isinstance(db, CentreDb) else sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def dump(db: Path | CentreDb, skip: tuple[str, ...] = ()) -> str:
    """Everything a database holds, to compare before and after; a centre's without DUMP_SKIPS and ``skip``."""
    if not isinstance(db, CentreDb):
        conn = sqlite3.connect(db)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()
    if db.url:
        tables_sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    else:
        tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    conn = _centre_connection(db)
    try:
        tables = sorted(
            name
            for (name,) in conn.execute(tables_sql).fetchall()
            if name not in DUMP_SKIPS + skip and not name.startswith(DUMP_SKIP_PREFIXES)
        )
        lines = []
        for table in tables:
            rows = sorted(repr(tuple(row)) for row in conn.execute(f'SELECT * FROM "{table}"').fetchall())
            lines.append(f"{table}: {len(rows)}")
            lines.extend(rows)
        return "\n".join(lines)
    finally:
        conn.close()


def backup(db: Path, to: Path) -> None:
    """A consistent copy of a live database, WAL included: what an administrator's backup holds."""
    source, target = sqlite3.connect(db), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def restore(backup_file: Path, db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy2(backup_file, db)


# The report's comment columns the sync tests read, by their (Vietnamese) headers: the columns move as the report grows.
SEQ_COLUMN, CLOCK_COLUMN, NODE_COLUMN, ARTICLE_COLUMN, COMMENT_COLUMN = (
    "Số thứ tự",
    "Đồng hồ",
    "Mã điều khoản",
    "Điều khoản",
    "Nội dung góp ý",
)


def report_comments(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV report's comments block, each by its column headers."""
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    at = next(i for i, row in enumerate(rows) if SEQ_COLUMN in row and COMMENT_COLUMN in row)
    header = rows[at]
    return [dict(zip(header, row, strict=True)) for row in rows[at + 1 :] if len(row) == len(header)]


def kiosk_key(world: World, epoch: int = 1) -> KioskKey:
    name = "kiosk-signing.key" if epoch == 1 else f"kiosk-signing-e{epoch}.key"
    return KioskKey.load(world.kiosk / "keys" / name)


def enrolment_proof(world: World, key: KioskKey | None = None) -> dict[str, str]:
    """The manifest field by which a batch of the world's kiosk proves its enrolment (its first batch needs it)."""
    [(secret,)] = query(world.kiosk_db, "SELECT value FROM sync_state WHERE key = ?", (SECRET_FIELD,))
    return {PROOF_FIELD: proof(secret, KIOSK, (key or kiosk_key(world)).public_key)}


def chain(kiosk_id: str, epoch: int, seq_from: int, prev: str, count: int, **extra) -> tuple[list[bytes], list[str]]:
    """``count`` canonical submission lines chained from ``prev``, and their hashes."""
    lines, hashes = [], []
    for seq in range(seq_from, seq_from + count):
        body = {
            "v": 1,
            "type": "submission",
            "kiosk_id": kiosk_id,
            "epoch": epoch,
            "seq": seq,
            "id": str(uuid.uuid4()),
            "consultation": CODE,
            "local_time": "2026-11-23T10:00:00+07:00",
            "channel": "self",
            "items": [{"node_key": "article:1", "stance": "agree", "comment": "Đồng ý."}],
            "answers": [],
            "prev": prev,
            "receipt_code": new_code(),
            "clock_state": "ok",
            **extra,
        }
        line = canonical.dumps(body)
        prev = canonical.event_hash(line)
        lines.append(line)
        hashes.append(prev)
    return lines, hashes


def craft_batch(
    folder: Path,
    key: KioskKey,
    lines: list[bytes],
    hashes: list[str],
    *,
    kiosk_id: str = KIOSK,
    epoch: int = 1,
    seq_from: int = 1,
    first_prev: str = GENESIS,
    batch_seq: int = 90,
    **manifest_fields,
) -> Path:
    """A batch signed by ``key`` around the given lines: what a kiosk (honest or not) could produce."""
    manifest = {
        "format": BATCH_FORMAT,
        "schema_version": 1,
        "app_version": "0.1.0",
        "kiosk_id": kiosk_id,
        "epoch": epoch,
        "batch_seq": batch_seq,
        "signing_key_id": key.key_id,
        "public_key": key.public_key,
        "key_endorsement": None,
        "prev_batch_manifest_sha256": None,
        "seq_from": seq_from,
        "seq_to": seq_from + len(lines) - 1,
        "first_prev_hash": first_prev,
        "last_event_hash": hashes[-1],
        "event_count": len(lines),
        "ack_seen": None,
        "last_package_seq_imported": 0,
        "time_floor": None,
        "created_local_time": "2026-11-23T10:00:00+07:00",
        "clock_state": "ok",
        **manifest_fields,
    }
    folder.mkdir(parents=True, exist_ok=True)
    return write_container(
        folder / batch_filename(kiosk_id, epoch, batch_seq), manifest, {EVENTS_MEMBER: b"".join(line + b"\n" for line in lines)}, key
    )
