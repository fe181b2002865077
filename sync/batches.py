"""Batches from a kiosk to the centre: the format, its verification, and the kiosk's export.

A batch is a signed container (sync.container) holding ``events.jsonl``: the
kiosk's stored event bodies, byte for byte, one per line, in sequence order.
It carries every event of an epoch that the centre has not acknowledged
yet, so a lost USB stick loses nothing: the next batch carries the same
events again (notes/sync.md §3.4). The manifest states where the events
continue from (``first_prev_hash``) and where they end (``last_event_hash``).

Each epoch has its own signing key: epoch 1 uses the key made at enrolment;
a later epoch (a restored or copied database) gets a new key, endorsed by
the enrolment key, which the centre binds on the epoch's first batch.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import kiosk
from kiosk import canonical, faults
from kiosk.clock import Clock, system_clock
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.identity import reset_stale_exports
from kiosk.storage.db import Store
from sync.container import MANIFEST, free_path, safe_filename, write_container
from sync.enrolment_proof import FIRST_EPOCH_FIELD, PROOF_FIELD, SECRET_FIELD, proof
from sync.errors import DamagedFile, SyncError
from sync.keys import KioskKey, b64encode
from sync.kiosk_side import kiosk_key_path

BATCH_FORMAT = "gopy-batch/1"
SCHEMA_VERSION = 1
EVENTS_MEMBER = "events.jsonl"
ENDORSEMENT_KIND = "gopy-kiosk-key"
# A batch above this many bytes of events is split into consecutive, chained parts:
# each part stays far below the container's limits and FAT32's 4 GiB.
MAX_BATCH_BYTES = 128 << 20
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
# raw_decode skips json.loads' two whitespace scans per line: a line is one JSON value, nothing around it.
_DECODER = json.JSONDecoder()
# SQLite's largest integer: a number above it in a manifest could not be stored.
_MAX_INTEGER = 2**63 - 1


def batch_filename(kiosk_id: str, epoch: int, batch_seq: int) -> str:
    """``GOPY-<kiosk id>-e<epoch>-b<batch_seq>.zip``, safe on a FAT32 stick.

    The whole id: kiosks "XA-PHUOC-01" and "XA-PHUOC-02" share a stick at the district office.
    """
    return safe_filename(f"GOPY-{kiosk_id}-e{epoch}-b{batch_seq}.zip")


# ---------------------------------------------------------------- keys


def epoch_key_path(home: Home, epoch: int, first: int = 1) -> Path:
    """Where the signing key of ``epoch`` lives: the enrolment's first epoch uses the key made at enrolment."""
    return kiosk_key_path(home) if epoch <= first else home.keys / f"kiosk-signing-e{epoch}.key"


def first_epoch(store: Store) -> int:
    """The epoch this kiosk's enrolment started at: 1, or above an old machine's epochs for a replacement."""
    value = _sync_value(store, FIRST_EPOCH_FIELD)
    return int(value) if value else 1


def endorsement_bytes(kiosk_id: str, epoch: int, public_key: str) -> bytes:
    """What the enrolment key signs to vouch for the key of a later epoch."""
    return canonical.dumps({"kind": ENDORSEMENT_KIND, "kiosk_id": kiosk_id, "epoch": epoch, "public_key": public_key})


def epoch_key(home: Home, kiosk_id: str, epoch: int, first: int = 1) -> tuple[KioskKey, dict[str, str] | None]:
    """The key that signs batches of ``epoch`` (made on first use) and its endorsement by the enrolment key.

    ``first`` is the enrolment's first epoch (:func:`first_epoch`), signed by the enrolment key itself.
    """
    enrolment = KioskKey.load(epoch_key_path(home, first, first))
    if epoch <= first:
        return enrolment, None
    path = epoch_key_path(home, epoch, first)
    if path.exists():
        key = KioskKey.load(path)
    else:
        key = KioskKey.generate()
        key.save(path)
    endorsement = {
        "by_key_id": enrolment.key_id,
        "by_public_key": enrolment.public_key,
        "signature": b64encode(enrolment.sign(endorsement_bytes(kiosk_id, epoch, key.public_key))),
    }
    return key, endorsement


# ---------------------------------------------------------------- verification


class EventLine(NamedTuple):
    """One verified line of ``events.jsonl``: its exact text, the hash of its bytes, and the fields kept in columns.

    The parsed body is not kept (100,000 live dicts would double the cost of a
    large batch); :attr:`body` parses the text again when a caller needs all of it.
    A field of the wrong type is ``None``: it is never trusted as a column.
    """

    seq: int
    hash: str
    text: str
    kind: str | None
    uuid: str | None
    receipt_code: str | None
    consultation: str | None
    channel: str | None
    local_time: str | None
    clock_state: str | None

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.text)


def _positive(manifest: dict, field: str, smallest: int = 1) -> int:
    value = manifest.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or not smallest <= value <= _MAX_INTEGER:
        raise ValueError(field)
    return value


def check_manifest(manifest: dict[str, Any], label: str) -> None:
    """The batch fields a verifier relies on are present and well-typed.

    :raises DamagedFile: naming the first field that is not.
    """
    try:
        if manifest.get("format") != BATCH_FORMAT:
            raise DamagedFile(_("The file {file} is not a Gópý batch.").format(file=label))
        if not isinstance(manifest.get("kiosk_id"), str) or not manifest["kiosk_id"]:
            raise ValueError("kiosk_id")
        for field in ("epoch", "batch_seq", "seq_from", "seq_to", "event_count"):
            _positive(manifest, field)
        for field in ("first_prev_hash", "last_event_hash"):
            if not isinstance(manifest.get(field), str) or not _HEX64.match(manifest[field]):
                raise ValueError(field)
        if manifest["seq_to"] - manifest["seq_from"] + 1 != manifest["event_count"]:
            raise ValueError("event_count")
        if manifest.get("last_package_seq_imported") is not None:
            _positive(manifest, "last_package_seq_imported", smallest=0)
        if not isinstance(manifest.get("signing_key_id"), str) or not isinstance(manifest.get("public_key"), str):
            raise ValueError("signing_key_id")
    except ValueError as error:
        raise DamagedFile(
            _("The batch {file} has a manifest with a missing or wrong field: {field}.").format(file=label, field=str(error))
        ) from error


def _encodable(body: dict[str, Any]) -> bool:
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):
        return False
    return True


def _broken(label: str, index: int, reason: str) -> DamagedFile:
    return DamagedFile(_("The batch {file} is damaged at line {line}: {reason}.").format(file=label, line=index + 1, reason=reason))


class EventChecker:
    """Checks ``events.jsonl`` one line at a time: contiguous sequence, every link, every hash, then the count and the end.

    Hashes are computed over the stored bytes of each line, never over a
    re-serialisation (ka-lite#3592). The centre streams a batch through this
    (a line at a time, whatever the batch's size); :func:`verify_events` runs
    it over a member held in memory.
    """

    def __init__(self, manifest: dict[str, Any], label: str) -> None:
        check_manifest(manifest, label)
        self.label = label
        self.kiosk_id, self.epoch = manifest["kiosk_id"], manifest["epoch"]
        self.prev, self.seq_from = manifest["first_prev_hash"], manifest["seq_from"]
        self.expected, self.last = manifest["event_count"], manifest["last_event_hash"]
        self.count = 0

    def line(self, line: bytes) -> EventLine:
        """The verified event of the next line (without its ``\\n``).

        :raises DamagedFile: naming the line when it does not hold, or when there are more lines than the manifest says.
        """
        index = self.count
        self.count += 1
        if index >= self.expected:
            raise self._count_error(self.count)
        seq = self.seq_from + index
        try:
            text = line.decode("utf-8")
            body, end = _DECODER.raw_decode(text)
        except (ValueError, RecursionError) as error:
            raise _broken(self.label, index, _("the line is not valid JSON")) from error
        if end != len(text):
            raise _broken(self.label, index, _("the line is not valid JSON"))
        if type(body) is not dict:
            raise _broken(self.label, index, _("the line is not an event"))
        # JSON can escape half of a UTF-16 pair (\ud800): text holding one cannot be stored or shown.
        # Only a line with an escape can hold one, and a kiosk escapes nothing but control characters.
        if b"\\u" in line and not _encodable(body):
            raise _broken(self.label, index, _("the line is not valid JSON"))
        get = body.get
        if get("kiosk_id") != self.kiosk_id or get("epoch") != self.epoch:
            raise _broken(self.label, index, _("the event belongs to another kiosk or epoch"))
        if get("seq") != seq:
            raise _broken(self.label, index, _("the sequence numbers are not contiguous"))
        if get("prev") != self.prev:
            raise _broken(self.label, index, _("the event does not link to the one before it"))
        self.prev = canonical.event_hash(line)
        kind, uuid, receipt = get("type"), get("id"), get("receipt_code")
        consultation, channel, local_time, clock = get("consultation"), get("channel"), get("local_time"), get("clock_state")
        return EventLine(
            seq,
            self.prev,
            text,
            kind if type(kind) is str else None,
            uuid if type(uuid) is str else None,
            receipt if type(receipt) is str else None,
            consultation if type(consultation) is str else None,
            channel if type(channel) is str else None,
            local_time if type(local_time) is str else None,
            clock if type(clock) is str else None,
        )

    def finish(self, extra_lines: int = 0) -> None:
        """After the last line: as many lines as the manifest says, ending with the event it names.

        :param extra_lines: lines counted but not checked after the count was exceeded (for the message).
        :raises DamagedFile: when the count or the last hash does not hold.
        """
        if self.count + extra_lines != self.expected:
            raise self._count_error(self.count + extra_lines)
        if self.prev != self.last:
            raise DamagedFile(_("The batch {file} does not end with the event its manifest names.").format(file=self.label))

    def _count_error(self, count: int) -> DamagedFile:
        return DamagedFile(
            _("The batch {file} holds {count} events, but its manifest says {expected}.").format(
                file=self.label, count=count, expected=self.expected
            )
        )


def verify_events(manifest: dict[str, Any], data: bytes, label: str) -> list[EventLine]:
    """Check ``events.jsonl`` held in memory against its manifest (see :class:`EventChecker`).

    :raises DamagedFile: naming the first line that does not hold.
    """
    checker = EventChecker(manifest, label)
    if not data.endswith(b"\n"):
        raise DamagedFile(_("The batch {file} has an events list that does not end with a complete line.").format(file=label))
    lines = data[:-1].split(b"\n")
    if len(lines) != checker.expected:
        raise checker._count_error(len(lines))
    out = [checker.line(line) for line in lines]
    checker.finish()
    return out


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportedBatch:
    path: Path
    epoch: int
    batch_seq: int
    seq_from: int
    seq_to: int

    @property
    def event_count(self) -> int:
        return self.seq_to - self.seq_from + 1


@dataclass(frozen=True)
class ExportResult:
    batches: tuple[ExportedBatch, ...]
    acknowledged: dict[int, int]  # epoch → the highest sequence number the centre acknowledged

    @property
    def empty(self) -> bool:
        return not self.batches


class ExportRefused(SyncError):
    """The kiosk cannot export (not enrolled, or its key was revoked)."""

    code = "export"


def _sync_value(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return row["value"] if row else None


def _ack_seen(store: Store) -> dict[str, Any] | None:
    row = store.query_one("SELECT epoch, seq, head_hash FROM acks ORDER BY epoch DESC LIMIT 1")
    return {"epoch": row["epoch"], "seq": row["seq"], "head_hash": row["head_hash"]} if row else None


def _enrolment_proof(store: Store, kiosk_id: str, public_key: str) -> str | None:
    """The proof that this kiosk holds its enrolment file, for every batch until the centre has acknowledged one.

    It binds the enrolment (epoch 1) key; an enrolment file without a secret (an older centre's) proves nothing.
    """
    secret = _sync_value(store, SECRET_FIELD)
    if not secret or store.query_one("SELECT 1 AS x FROM acks LIMIT 1"):
        return None
    return proof(secret, kiosk_id, public_key)


def _parts(rows: list[dict], max_bytes: int) -> list[list[dict]]:
    parts: list[list[dict]] = [[]]
    size = 0
    for row in rows:
        length = len(row["body"].encode("utf-8")) + 1
        if parts[-1] and size + length > max_bytes:
            parts.append([])
            size = 0
        parts[-1].append(row)
        size += length
    return parts


@dataclass(frozen=True)
class Unacknowledged:
    """One epoch's events the centre has not acknowledged, and the key that signs them."""

    epoch: int
    key: KioskKey
    endorsement: dict | None
    rows: list[dict]


def unacknowledged(store: Store, home: Home) -> list[Unacknowledged]:
    """Per epoch, what every batch, on a stick or over the network, must carry.

    :raises ExportRefused: when the centre revoked the key that would sign them.
    """
    identity = store.query_one("SELECT * FROM identity")
    kiosk_id = identity["kiosk_id"]
    acks = {row["epoch"]: row["seq"] for row in store.query("SELECT epoch, seq FROM acks")}
    revoked = set(canonical.loads(_sync_value(store, "revoked_keys") or "[]"))
    first = first_epoch(store)
    out = []
    for row in store.query("SELECT DISTINCT epoch FROM events WHERE kiosk_id = ? ORDER BY epoch", (kiosk_id,)):
        epoch = row["epoch"]
        rows = store.query(
            "SELECT seq, body, hash FROM events WHERE kiosk_id = ? AND epoch = ? AND seq > ? ORDER BY seq",
            (kiosk_id, epoch, acks.get(epoch, 0)),
        )
        if not rows:
            continue
        key, endorsement = epoch_key(home, kiosk_id, epoch, first)
        if epoch == identity["epoch"] and key.key_id != identity["kiosk_key_id"]:
            with store.write() as db:
                db.execute("UPDATE identity SET kiosk_key_id = ?", [key.key_id])  # a new epoch, a new key: shown to the administrator
        if key.key_id in revoked:
            raise ExportRefused(
                _("The centre revoked this kiosk's signing key {key}; the kiosk must be enrolled again before it can export.").format(
                    key=key.key_id
                )
            )
        out.append(Unacknowledged(epoch, key, endorsement, rows))
    return out


def export_batches(
    store: Store,
    home: Home,
    out_dir: Path,
    *,
    clock: Clock | None = None,
    max_bytes: int = MAX_BATCH_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write one signed batch per epoch holding everything the centre has not acknowledged.

    Submissions move from ``sealed`` to ``exported`` only after the file was
    written and read back intact from ``out_dir``; nothing is ever deleted.

    :param progress: called with (events written and read back, events to write):
        once before the first file, then after each file is verified

    :raises ExportRefused: when the kiosk is not enrolled or its key was revoked.
    :raises WriteFailed: when the stick is full, removed or read-only (the job is marked failed).
    """
    identity = store.query_one("SELECT * FROM identity")
    if not identity["enrolled_at"]:
        raise ExportRefused(_("This kiosk is not enrolled yet: run the setup with the centre's enrolment file first."))
    reset_stale_exports(store)
    kiosk_id = identity["kiosk_id"]
    now = (clock or system_clock(store.setting("timezone") or "Asia/Ho_Chi_Minh"))()
    written: list[ExportedBatch] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportRefused(_("The folder {folder} cannot be created ({detail}).").format(folder=out_dir, detail=error.strerror)) from error
    pending = unacknowledged(store, home)
    total, done = sum(len(part.rows) for part in pending), 0
    if progress is not None:
        progress(0, total)
    for part in pending:
        for rows in _parts(part.rows, max_bytes):
            written.append(_export_part(store, kiosk_id, part.epoch, rows, part.key, part.endorsement, out_dir, now))
            done += len(rows)
            if progress is not None:
                progress(done, total)
    acks = {row["epoch"]: row["seq"] for row in store.query("SELECT epoch, seq FROM acks")}
    return ExportResult(tuple(written), acks)


@dataclass(frozen=True)
class WrittenBatch:
    """A batch file written and read back, its export job still running until :func:`mark_batch_sent`."""

    path: Path
    job: int
    epoch: int
    batch_seq: int
    seq_from: int
    seq_to: int
    manifest_sha256: str
    file_sha256: str

    @property
    def event_count(self) -> int:
        return self.seq_to - self.seq_from + 1


def write_batch_file(
    store: Store,
    kiosk_id: str,
    epoch: int,
    rows: list[dict],
    key: KioskKey,
    endorsement: dict | None,
    out_dir: Path,
    now: datetime,
    *,
    target: str | None = None,
) -> WrittenBatch:
    """One signed batch file of ``rows`` in ``out_dir``, numbered in an export job; no submission changes state here.

    The same file for a USB stick and for the network (sync.network): only when
    its submissions count as sent differs, so that is :func:`mark_batch_sent`'s.
    """
    seq_from, seq_to = rows[0]["seq"], rows[-1]["seq"]
    with store.write() as db:
        # Numbered before anything is written: a killed export burns its number,
        # so one batch number never names two different files.
        last = store.query_one("SELECT max(batch_seq) AS n FROM export_jobs WHERE epoch = ?", (epoch,))
        batch_seq = (last["n"] or 0) + 1
        name = batch_filename(kiosk_id, epoch, batch_seq)
        job = db.execute(
            "INSERT INTO export_jobs (epoch, batch_seq, state, pid, target, file_name, seq_from, seq_to, started_at)"
            " VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)",
            [epoch, batch_seq, os.getpid(), target or str(out_dir), name, seq_from, seq_to, now.isoformat(timespec="seconds")],
        ).lastrowid
    previous = store.query_one(
        "SELECT manifest_sha256 FROM export_jobs WHERE epoch = ? AND state = 'done' ORDER BY batch_seq DESC LIMIT 1", (epoch,)
    )
    floor = _sync_value(store, "time_floor")
    manifest = {
        "format": BATCH_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": kiosk.__version__,
        "kiosk_id": kiosk_id,
        "epoch": epoch,
        "batch_seq": batch_seq,
        "signing_key_id": key.key_id,
        "public_key": key.public_key,
        "key_endorsement": endorsement,
        "prev_batch_manifest_sha256": previous["manifest_sha256"] if previous else None,
        "seq_from": seq_from,
        "seq_to": seq_to,
        "first_prev_hash": canonical.loads(rows[0]["body"])["prev"],
        "last_event_hash": rows[-1]["hash"],
        "event_count": len(rows),
        "ack_seen": _ack_seen(store),
        "last_package_seq_imported": int(_sync_value(store, "last_package_seq") or 0),
        "time_floor": floor,
        "created_local_time": now.isoformat(timespec="seconds"),
        "clock_state": "suspect" if floor and now < datetime.fromisoformat(floor) else "ok",
        # Which centre enrolled this kiosk: another centre's kiosk under the same id is told apart by it.
        "centre_root_key_id": store.query_one("SELECT root_key_id FROM identity")["root_key_id"],
    }
    # A later epoch's key is vouched for by the enrolment key, which is the key the proof binds.
    enrolment_public_key = endorsement["by_public_key"] if endorsement else key.public_key
    enrolment_proof = _enrolment_proof(store, kiosk_id, enrolment_public_key)
    if enrolment_proof is not None:
        manifest[PROOF_FIELD] = enrolment_proof
    events = "".join(row["body"] + "\n" for row in rows).encode("utf-8")
    path = free_path(out_dir, name)  # never over another file, whatever made it
    try:
        faults.point("export.before_write")
        write_container(path, manifest, {EVENTS_MEMBER: events}, key, before_replace=lambda _partial: faults.point("export.before_rename"))
        with zipfile.ZipFile(path) as zf:
            manifest_sha256 = canonical.sha256_hex(zf.read(MANIFEST))
        file_sha256 = canonical.sha256_hex(path.read_bytes())
    except BaseException as error:
        detail = error.message if isinstance(error, SyncError) else type(error).__name__
        with store.write() as db:
            db.execute("UPDATE export_jobs SET state = 'failed', detail = ? WHERE id = ?", [detail, job])
        raise
    return WrittenBatch(path, job, epoch, batch_seq, seq_from, seq_to, manifest_sha256, file_sha256)


def mark_batch_sent(store: Store, kiosk_id: str, batch: WrittenBatch, now: datetime) -> None:
    """``batch`` reached where it goes (read back from the stick, or confirmed by the centre): its submissions are ``exported``."""
    with store.write() as db:
        db.execute(
            "UPDATE events SET state = 'exported' WHERE kiosk_id = ? AND epoch = ? AND seq BETWEEN ? AND ? AND state = 'sealed'",
            [kiosk_id, batch.epoch, batch.seq_from, batch.seq_to],
        )
        db.execute(
            "UPDATE export_jobs SET state = 'done', manifest_sha256 = ?, file_sha256 = ?, finished_at = ? WHERE id = ?",
            [batch.manifest_sha256, batch.file_sha256, now.isoformat(timespec="seconds"), batch.job],
        )


def _export_part(
    store: Store,
    kiosk_id: str,
    epoch: int,
    rows: list[dict],
    key: KioskKey,
    endorsement: dict | None,
    out_dir: Path,
    now: datetime,
) -> ExportedBatch:
    written = write_batch_file(store, kiosk_id, epoch, rows, key, endorsement, out_dir, now)
    faults.point("export.before_commit")
    mark_batch_sent(store, kiosk_id, written, now)
    faults.point("export.after_commit")
    return ExportedBatch(written.path, epoch, written.batch_seq, written.seq_from, written.seq_to)
