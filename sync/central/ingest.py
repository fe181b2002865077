"""Ingesting batches at the centre: verify everything, then apply in one transaction, idempotently.

Stages (notes/sync.md §3.5):

1. a file whose SHA-256 was seen before is answered from the record of
   that first time: a replay is success, and changes nothing;
2. the signature and every member's hash are verified before anything in
   the file is used (the key is the one bound to the kiosk, or on a kiosk's
   first batch the key its manifest carries: bound only for a kiosk the
   centre enrolled); then ``events.jsonl``: count, contiguous sequence,
   every link, every hash over the stored bytes;
3. classified against the centre's head of that kiosk and epoch: all known
   (a replay of content), continuing (applied), after a gap (held, the
   missing range reported, applied when the gap fills), or contradicting
   what is stored (a fork or a chain break: quarantined, with an alarm);
4. applied in one transaction. Events are inserted plainly under UNIQUE
   constraints; a refused insert is never ignored: the stored content is
   compared and the batch quarantined if it differs.

A kill at any moment leaves the transaction whole or absent: ingesting the
file again then does what the killed run did not.
"""

from __future__ import annotations

import contextlib
import enum
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nacl.exceptions

from kiosk import canonical, faults
from kiosk.chain import GENESIS
from kiosk.i18n import _
from sync.batches import EVENTS_MEMBER, EventLine, check_manifest, endorsement_bytes, verify_events
from sync.central.store import BoundKey, CentreBackend, Conflict, Head
from sync.container import read_container
from sync.errors import DamagedFile, SyncError
from sync.keys import b64decode, key_id, parse_verify_key

EPOCH_START = "epoch.start"


class Outcome(enum.StrEnum):
    APPLIED = "applied"  # new events stored (and perhaps held batches released)
    ALREADY = "already"  # this file, or every event in it, was already stored: nothing changed
    HELD = "held"  # verified, waiting for the events before it
    QUARANTINED = "quarantined"  # verified but contradicting the centre, or from an unknown kiosk or key


class Reason(enum.StrEnum):
    FORK = "fork"
    CHAIN_BREAK = "chain_break"
    UNKNOWN_KIOSK = "unknown_kiosk"
    UNKNOWN_KEY = "unknown_key"
    REVOKED_KEY = "revoked_key"
    DUPLICATE_ID = "duplicate_id"


@dataclass(frozen=True)
class IngestResult:
    file: str
    outcome: Outcome
    kiosk_id: str
    epoch: int
    seq_from: int
    seq_to: int
    new_events: int = 0
    hwm: int = 0
    missing: tuple[tuple[int, int], ...] = ()
    released: int = 0
    reason: str = ""
    at_seq: int | None = None
    key_id: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.APPLIED, Outcome.ALREADY, Outcome.HELD)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "outcome": self.outcome.value,
            "kiosk_id": self.kiosk_id,
            "epoch": self.epoch,
            "seq_from": self.seq_from,
            "seq_to": self.seq_to,
            "new_events": self.new_events,
            "hwm": self.hwm,
            "missing": [list(r) for r in self.missing],
            "released": self.released,
            "reason": self.reason,
            "at_seq": self.at_seq,
        }

    def message(self) -> str:
        if self.outcome == Outcome.APPLIED:
            text = _("{file}: kiosk {kiosk}, epoch {epoch}: {count} new events stored; complete up to sequence {hwm}.").format(
                file=self.file, kiosk=self.kiosk_id, epoch=self.epoch, count=self.new_events, hwm=self.hwm
            )
            if self.released:
                text += " " + _("{count} held batches were applied too.").format(count=self.released)
            return text
        if self.outcome == Outcome.ALREADY:
            return _("{file}: already imported; nothing changed.").format(file=self.file)
        if self.outcome == Outcome.HELD:
            return _("{file}: held until the missing events arrive ({gap}).").format(
                file=self.file, gap="; ".join(gap_text(self.kiosk_id, self.epoch, a, b) for a, b in self.missing)
            )
        return quarantine_text(self.reason, self.file, self.kiosk_id, self.epoch, self.at_seq, self.key_id)


def gap_text(kiosk_id: str, epoch: int, first: int, last: int) -> str:
    """The missing range as the operator reads it: "kiosk K, epoch 1: sequence 101–140 missing"."""
    return _("kiosk {kiosk}, epoch {epoch}: sequence {first}–{last} missing").format(kiosk=kiosk_id, epoch=epoch, first=first, last=last)


def quarantine_text(reason: str, file: str, kiosk_id: str, epoch: int, seq: int | None, key: str) -> str:
    texts = {
        Reason.FORK: _(
            "{file}: quarantined: kiosk {kiosk}, epoch {epoch}, sequence {seq} is already stored with other content (a fork). "
            "Nothing was applied; an administrator must review it."
        ),
        Reason.CHAIN_BREAK: _(
            "{file}: refused as a chain break: kiosk {kiosk}, epoch {epoch}, sequence {seq} does not continue the chain the centre holds. "
            "Nothing was applied."
        ),
        Reason.UNKNOWN_KIOSK: _("{file}: quarantined for enrolment review: kiosk {kiosk} is not enrolled at this centre."),
        Reason.UNKNOWN_KEY: _(
            "{file}: quarantined: kiosk {kiosk}, epoch {epoch} is signed by the key {key}, which this centre has not bound to that kiosk."
        ),
        Reason.REVOKED_KEY: _(
            "{file}: quarantined: it is signed by the revoked key {key} and covers kiosk {kiosk}, epoch {epoch}, sequence {seq}."
        ),
        Reason.DUPLICATE_ID: _(
            "{file}: quarantined: kiosk {kiosk}, epoch {epoch}: a submission in it has an id or receipt code "
            "that the centre already holds at another position."
        ),
    }
    return texts[Reason(reason)].format(file=file, kiosk=kiosk_id, epoch=epoch, seq=seq if seq is not None else "?", key=key)


# ---------------------------------------------------------------- trust


@dataclass
class _Trust:
    """What the key lookup decided while the container was being verified."""

    reason: str = ""  # a Reason when the batch is to be quarantined
    bind: list[BoundKey] = field(default_factory=list)
    bound: BoundKey | None = None


def _endorsed(manifest: dict[str, Any], enrolment: BoundKey | None) -> list[BoundKey] | None:
    """The keys to bind when the enrolment key vouches for this epoch's key, else ``None``."""
    endorsement = manifest.get("key_endorsement")
    if not isinstance(endorsement, dict):
        return None
    try:
        by_public = endorsement["by_public_key"]
        by_id = key_id(bytes(parse_verify_key(by_public)))
        if by_id != endorsement.get("by_key_id") or (enrolment is not None and enrolment.key_id != by_id):
            return None
        signer = parse_verify_key(enrolment.public_key if enrolment else by_public)
        vouched = endorsement_bytes(manifest["kiosk_id"], manifest["epoch"], manifest["public_key"])
        signer.verify(vouched, b64decode(endorsement["signature"]))
    except (KeyError, TypeError, ValueError, SyncError, nacl.exceptions.BadSignatureError):
        return None
    keys = [BoundKey(manifest["kiosk_id"], manifest["epoch"], manifest["signing_key_id"], manifest["public_key"])]
    if enrolment is None:
        keys.insert(0, BoundKey(manifest["kiosk_id"], 1, by_id, by_public))
    return keys


def _resolver(backend: CentreBackend, label: str, trust: _Trust) -> Callable[[dict[str, Any]], Any]:
    """The verify_key function: picks the key a manifest must be signed with."""

    def resolve(manifest: dict[str, Any]) -> Any:
        check_manifest(manifest, label)
        kiosk_id, epoch, signing = manifest["kiosk_id"], manifest["epoch"], manifest["signing_key_id"]
        carried = parse_verify_key(manifest["public_key"])
        if key_id(bytes(carried)) != signing:
            raise DamagedFile(_("The batch {file} names a signing key that is not the key it carries.").format(file=label))
        if backend.kiosk(kiosk_id) is None:
            trust.reason = Reason.UNKNOWN_KIOSK  # verified against its own key, kept for enrolment review
            return carried
        keys = backend.keys(kiosk_id)
        bound = keys.get(epoch)
        if bound is not None:
            if bound.key_id == signing:
                trust.bound = bound
                return parse_verify_key(bound.public_key)
            trust.reason = Reason.UNKNOWN_KEY
            return carried
        if epoch == 1 and not keys:
            trust.bind = [BoundKey(kiosk_id, 1, signing, manifest["public_key"])]  # the kiosk's first batch
            return carried
        endorsed = _endorsed(manifest, keys.get(1)) if epoch > 1 and (not keys or 1 in keys) else None
        if endorsed is None:
            trust.reason = Reason.UNKNOWN_KEY
        else:
            trust.bind = endorsed
        return carried

    return resolve


# ---------------------------------------------------------------- ingest


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class _Batch:
    """A verified batch, from a file or from the held store."""

    label: str
    manifest: dict[str, Any]
    events: list[EventLine]
    raw: bytes  # events.jsonl as received: kept while the batch is held or quarantined
    batch_id: int

    @property
    def kiosk_id(self) -> str:
        return self.manifest["kiosk_id"]

    @property
    def epoch(self) -> int:
        return self.manifest["epoch"]

    @property
    def seq_from(self) -> int:
        return self.manifest["seq_from"]

    @property
    def seq_to(self) -> int:
        return self.manifest["seq_to"]


def _result(batch: _Batch, outcome: Outcome, **fields: Any) -> IngestResult:
    return IngestResult(batch.label, outcome, batch.kiosk_id, batch.epoch, batch.seq_from, batch.seq_to, **fields)


def ingest_file(backend: CentreBackend, path: Path) -> IngestResult:
    """Verify and store one batch file.

    :raises SyncError: (DamagedFile, BadSignature, IncompleteCopy) when the file
        itself cannot be trusted; nothing is stored then.
    """
    path = Path(path)
    label = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DamagedFile(_("The file {file} does not exist.").format(file=label)) from error
    except OSError as error:
        raise DamagedFile(_("The file {file} cannot be read from its disk or stick.").format(file=label)) from error
    seen = backend.batch_by_file(canonical.sha256_hex(data))
    if seen is not None and not path.name.endswith(".partial"):
        return _seen_before(backend, label, seen)
    trust = _Trust()
    container = read_container(path, verify_key=_resolver(backend, label, trust))
    manifest = container.manifest
    if EVENTS_MEMBER not in container.members:
        raise DamagedFile(_("The file {file} has no {member}.").format(file=label, member=EVENTS_MEMBER))
    with _no_gc():
        events = verify_events(manifest, container.members[EVENTS_MEMBER], label)
    faults.point("ingest.after_verify")
    record = {
        "file_sha256": container.file_sha256,
        "file_name": label,
        "manifest_sha256": canonical.sha256_hex(container.manifest_bytes),
        "kiosk_id": manifest["kiosk_id"],
        "epoch": manifest["epoch"],
        "batch_seq": manifest["batch_seq"],
        "seq_from": manifest["seq_from"],
        "seq_to": manifest["seq_to"],
        "signing_key_id": manifest["signing_key_id"],
        "received_at": _now(),
        "status": "held",
        "manifest": container.manifest_bytes.decode("utf-8"),
    }
    raw = container.members[EVENTS_MEMBER]
    for _attempt in range(3):
        try:
            with backend.transaction(), _no_gc():
                return _apply_file(backend, record, _Batch(label, manifest, events, raw, 0), trust)
        except Conflict:
            # Another worker stored this file or these keys first: look again, under the lock.
            continue
    with backend.transaction():
        seen = backend.batch_by_file(record["file_sha256"])
        if seen is not None:
            return _seen_before(backend, label, seen)
        batch = _Batch(label, manifest, events, raw, backend.add_batch(record))
        return _quarantine(backend, batch, Reason.DUPLICATE_ID, None)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector off while 100,000 parsed events are alive: they hold no cycles, and scanning them halves the speed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _seen_before(backend: CentreBackend, label: str, seen: dict[str, Any]) -> IngestResult:
    """The answer for a file already ingested: success for a replay, the same verdict otherwise."""
    fields = {"file": label, "kiosk_id": seen["kiosk_id"], "epoch": seen["epoch"], "seq_from": seen["seq_from"], "seq_to": seen["seq_to"]}
    head = backend.head(seen["kiosk_id"], seen["epoch"])
    hwm = head.hwm_seq if head else 0
    if seen["status"] in ("applied", "duplicate"):
        return IngestResult(outcome=Outcome.ALREADY, hwm=hwm, **fields)
    if seen["status"] == "held":
        return IngestResult(outcome=Outcome.HELD, hwm=hwm, missing=((hwm + 1, seen["seq_from"] - 1),), **fields)
    at_seq = int(seen["detail"]) if seen["detail"].isdigit() else None
    return IngestResult(outcome=Outcome.QUARANTINED, reason=seen["reason"], at_seq=at_seq, key_id=seen["signing_key_id"], **fields)


def _apply_file(backend: CentreBackend, record: dict[str, Any], batch: _Batch, trust: _Trust) -> IngestResult:
    seen = backend.batch_by_file(record["file_sha256"])
    if seen is not None:
        return _seen_before(backend, batch.label, seen)
    batch.batch_id = backend.add_batch(record)
    ack_seen = batch.manifest.get("ack_seen")
    backend.note_ack_seen(batch.kiosk_id, canonical.dumps(ack_seen).decode() if isinstance(ack_seen, dict) else None)
    if trust.reason:
        return _quarantine(backend, batch, trust.reason, None)
    for key in trust.bind:
        try:
            backend.bind_key(key, _now())
        except Conflict:
            # Bound by a concurrent batch: the same key is fine, any other is not.
            if backend.keys(key.kiosk_id).get(key.epoch, key).key_id != key.key_id:
                return _quarantine(backend, batch, Reason.UNKNOWN_KEY, None)
    signer = trust.bound or next((k for k in trust.bind if k.epoch == batch.epoch), None)
    if signer is not None and signer.revoked_for(batch.epoch, batch.seq_to):
        at = max(batch.seq_from, signer.revoked_from_seq or 1) if signer.revoked_epoch == batch.epoch else batch.seq_from
        return _quarantine(backend, batch, Reason.REVOKED_KEY, at)
    result = _classify_and_apply(backend, batch)
    faults.point("ingest.before_commit")
    return result


def _quarantine(backend: CentreBackend, batch: _Batch, reason: str, at_seq: int | None) -> IngestResult:
    detail = "" if at_seq is None else str(at_seq)
    backend.update_batch(batch.batch_id, "quarantined", reason=reason, detail=detail, events=batch.raw)
    where = f"{batch.label}: seq {batch.seq_from}-{batch.seq_to}, at {detail or '-'}"
    backend.raise_alarm(batch.kiosk_id, batch.epoch, reason, where, batch.batch_id, _now())
    return _result(batch, Outcome.QUARANTINED, reason=reason, at_seq=at_seq, key_id=batch.manifest["signing_key_id"])


def _empty_head(kiosk_id: str, epoch: int) -> Head:
    return Head(kiosk_id, epoch, 0, None, None, 0)


def _stored_hash(backend: CentreBackend, kiosk_id: str, position: Any) -> tuple[int, str] | None:
    """(seq, stored hash) at a position an ``epoch.start`` names, when the centre holds it."""
    if not isinstance(position, dict):
        return None
    try:
        epoch, seq = int(position["epoch"]), int(position["seq"])
    except (KeyError, TypeError, ValueError):
        return None
    stored = backend.event_hashes(kiosk_id, epoch, seq, seq).get(seq)
    return (seq, stored) if stored is not None else None


def _check_epoch_start(backend: CentreBackend, batch: _Batch) -> tuple[str, int] | None:
    """A new epoch must begin with ``epoch.start``, linked to positions the centre does not contradict."""
    first = batch.events[0]
    body = first.body
    if body.get("type") != EPOCH_START:
        return Reason.CHAIN_BREAK, first.seq
    database_head = body.get("database_head")
    expected_prev = database_head.get("hash") if isinstance(database_head, dict) else GENESIS
    if body.get("prev") != expected_prev:
        return Reason.CHAIN_BREAK, first.seq
    for position in (database_head, body.get("last_known")):
        stored = _stored_hash(backend, batch.kiosk_id, position)
        if stored is not None and stored[1] != position.get("hash"):
            return Reason.FORK, stored[0]
    return None


def _claim(backend: CentreBackend, kiosk_id: str, position: Any) -> None:
    """Remember how far an earlier epoch went, as the kiosk says: what is missing below it is reported."""
    if not isinstance(position, dict) or not isinstance(position.get("epoch"), int) or not isinstance(position.get("seq"), int):
        return
    head = backend.head(kiosk_id, position["epoch"]) or _empty_head(kiosk_id, position["epoch"])
    if position["seq"] > head.claimed_seq:
        backend.save_head(Head(head.kiosk_id, head.epoch, head.hwm_seq, head.head_hash, head.t_floor, position["seq"]))


def _classify_and_apply(backend: CentreBackend, batch: _Batch) -> IngestResult:
    """Hold, apply, or quarantine ``batch``; then apply any held batch that now follows on."""
    result = _classify_one(backend, batch)
    if result.outcome != Outcome.APPLIED:
        return result
    released = 0
    while True:
        head = backend.head(batch.kiosk_id, batch.epoch)
        ready = [h for h in backend.held_batches(batch.kiosk_id, batch.epoch) if h["seq_from"] <= head.hwm_seq + 1]
        if not ready:
            break
        for held in ready:
            manifest = canonical.loads(held["manifest"])
            raw = bytes(held["events"])
            events = verify_events(manifest, raw, held["file_name"])
            outcome = _classify_one(backend, _Batch(held["file_name"], manifest, events, raw, held["id"]))
            released += outcome.outcome == Outcome.APPLIED
    head = backend.head(batch.kiosk_id, batch.epoch)
    return _result(batch, Outcome.APPLIED, new_events=result.new_events, hwm=head.hwm_seq, released=released)


def _classify_one(backend: CentreBackend, batch: _Batch) -> IngestResult:
    head = backend.head(batch.kiosk_id, batch.epoch) or _empty_head(batch.kiosk_id, batch.epoch)
    hwm = head.hwm_seq
    if batch.seq_from > hwm + 1:
        backend.update_batch(batch.batch_id, "held", events=batch.raw)
        return _result(batch, Outcome.HELD, hwm=hwm, missing=((hwm + 1, batch.seq_from - 1),))
    if batch.seq_from <= hwm:
        overlap_to = min(batch.seq_to, hwm)
        stored = backend.event_hashes(batch.kiosk_id, batch.epoch, batch.seq_from, overlap_to)
        for event in batch.events[: overlap_to - batch.seq_from + 1]:
            if stored.get(event.seq) != event.hash:
                return _quarantine(backend, batch, Reason.FORK, event.seq)
    elif hwm:
        if batch.manifest["first_prev_hash"] != head.head_hash:
            return _quarantine(backend, batch, Reason.CHAIN_BREAK, batch.seq_from)
    elif batch.epoch == 1:
        if batch.manifest["first_prev_hash"] != GENESIS:
            return _quarantine(backend, batch, Reason.CHAIN_BREAK, batch.seq_from)
    else:
        broken = _check_epoch_start(backend, batch)
        if broken is not None:
            return _quarantine(backend, batch, broken[0], broken[1])
    if batch.seq_to <= hwm:
        backend.update_batch(batch.batch_id, "duplicate")
        return _result(batch, Outcome.ALREADY, hwm=hwm)
    fresh = batch.events[hwm + 1 - batch.seq_from :]
    # Positions above the head are free (the head is read under the write lock), so a
    # Conflict here is a submission id or receipt code stored elsewhere: it rolls back
    # the whole transaction, and the batch is quarantined (see ingest_file).
    backend.insert_events(batch.kiosk_id, batch.epoch, batch.batch_id, fresh)
    if hwm == 0 and batch.epoch > 1:
        start = batch.events[0].body
        _claim(backend, batch.kiosk_id, start.get("last_known"))
        _claim(backend, batch.kiosk_id, start.get("database_head"))
    issued = backend.package_issued_at(batch.kiosk_id, batch.manifest.get("last_package_seq_imported") or 0)
    floor = max(filter(None, (head.t_floor, issued)), default=None)
    current = backend.head(batch.kiosk_id, batch.epoch) or head
    backend.save_head(Head(batch.kiosk_id, batch.epoch, batch.seq_to, fresh[-1].hash, floor, max(current.claimed_seq, batch.seq_to)))
    backend.update_batch(batch.batch_id, "applied", new_events=len(fresh), t_floor=head.t_floor)
    return _result(batch, Outcome.APPLIED, new_events=len(fresh), hwm=batch.seq_to)
