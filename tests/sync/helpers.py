"""A centre and an enrolled kiosk made through the command line, and the small tools the sync tests share."""

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


def gopy(*args, home=None, check=True, fault=None, timeout=120) -> subprocess.CompletedProcess:
    """``gopy`` in its own process, as an operator runs it."""
    cmd = list(GOPY)
    if home:
        cmd += ["--home", str(home)]
    env = {**os.environ, "GOPY_FAULT": fault} if fault else None
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
class World:
    root: Path
    centre: Path
    kiosk: Path

    @property
    def kiosk_db(self) -> Path:
        return self.kiosk / "kiosk.sqlite3"

    @property
    def centre_db(self) -> Path:
        return self.centre / "centre.sqlite3"

    def central(self, verb: str, *args, check=True, fault=None) -> subprocess.CompletedProcess:
        return gopy("central", verb, "--home", self.centre, *args, check=check, fault=fault)

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


def build_world(root: Path) -> World:
    """central init → enrol → kiosk setup → publish → package → import, all through ``gopy``."""
    world = World(root, root / "centre", root / "kiosk")
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


def copy_world(template: World, root: Path) -> World:
    for name in ("centre", "kiosk", "du-thao.md", "tn.json", "K1.enrol"):
        source = template.root / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return World(root, root / "centre", root / "kiosk")


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
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


def kiosk_key(world: World, epoch: int = 1) -> KioskKey:
    name = "kiosk-signing.key" if epoch == 1 else f"kiosk-signing-e{epoch}.key"
    return KioskKey.load(world.kiosk / "keys" / name)


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
