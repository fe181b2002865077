"""Ingesting batches at the centre: verify everything, then apply in one transaction, idempotently.

Stages (notes/sync.md §3.5):

1. the container's shape and signature (by the key the manifest carries) are
   checked before anything in the file is used; a file that fails is refused,
   and only the refusal is recorded (``refused_files``, in its own transaction);
2. under the kiosk's lock, in one transaction: a file whose SHA-256 was seen
   before is answered from the record of that first time (a replay is
   success, and changes nothing); the key is judged (the one bound to the
   kiosk; an epoch-1 key is bound only with a valid, unspent proof of
   enrolment; a later epoch's key only when the enrolment key endorsed it);
   ``events.jsonl`` is streamed into a staging table, every line checked
   (count, contiguous sequence, every link, every hash over the stored
   bytes, the member's SHA-256 against the signed manifest);
3. classified against the centre's head of that kiosk and epoch: all known
   (a replay of content), continuing (applied), after a gap (held, the
   missing range reported, applied when the gap fills), or contradicting
   what is stored (a fork or a chain break: quarantined, with an alarm);
4. applied by ``INSERT … SELECT`` from staging into ``events`` under UNIQUE
   constraints; a refused insert is never ignored: the stored content is
   compared and the batch quarantined if it differs.

A held or quarantined batch's file is kept in the centre's home
(``batches/<sha256>.zip``) and read again, and verified again, when its gap
fills or when an operator releases it. A kill at any moment leaves the
transaction whole or absent: ingesting the file again then does what the
killed run did not.

Called by others: :func:`do_ingest_file`, :func:`do_release_batch`,
:func:`mark_revoked` (fleet's ``revoke``), :func:`gap_text` and
:func:`quarantine_text` (the status).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.exceptions
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from centre.audit import services as audit
from centre.audit.models import EventType
from centre.core import clock, public_cache
from centre.core.database import drop_staging, lock
from centre.fleet.models import Alarm, Kiosk, KioskKey, Package
from centre.ingest import reading
from centre.ingest.ideas import index_ideas
from centre.ingest.models import Batch, BatchStatus, Event, Head, RefusedFile
from centre.review.services import index_pending
from kiosk import canonical, faults
from kiosk.chain import GENESIS
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from sync.batches import endorsement_bytes
from sync.container import StreamedContainer
from sync.enrolment_proof import PROOF_FIELD, proof_holds
from sync.errors import SyncError
from sync.keys import CentreKeys, b64decode, key_id, parse_verify_key

log = logging.getLogger(__name__)
EPOCH_START = "epoch.start"
ROOT_KEY_FIELD = "centre_root_key_id"  # which centre's enrolment the kiosk holds (sync.batches export)
_NO_REVOCATION = 2**62
KEYS_FOLDER = "keys"  # the centre's keys in its home (centre.cli)


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


class AlarmKind(enum.StrEnum):
    """Why a file was refused as an attack on enrolment: each raises an alarm of this kind."""

    FOREIGN_ENROLMENT = "foreign_enrolment"  # a machine enrolled elsewhere (another centre, or never here) under this id
    ENROLMENT_REPLAYED = "enrolment_replayed"  # a proof that does not hold for the key presented (copied from the real kiosk)
    ENROLMENT_REUSED = "enrolment_reused"  # a second key claiming an enrolment already spent


class EnrolmentRefused(SyncError):
    """A batch whose key would be bound on a claim of enrolment that does not hold: refused whole, an alarm raised."""

    def __init__(self, kind: AlarmKind, message: str, kiosk_id: str, epoch: int) -> None:
        super().__init__(message)
        self.code = kind.value
        self.kind = kind
        self.kiosk_id = kiosk_id
        self.epoch = epoch


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
    batch_id: int | None = None

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


def _enrolment_refused(kind: AlarmKind, label: str, kiosk_id: str, epoch: int) -> EnrolmentRefused:
    texts = {
        AlarmKind.FOREIGN_ENROLMENT: _(
            "{file}: refused: it comes from a machine that does not hold this centre's enrolment of kiosk {kiosk} "
            "(enrolled at another centre, or never enrolled). Nothing was stored; an alarm was raised."
        ),
        AlarmKind.ENROLMENT_REPLAYED: _(
            "{file}: refused: its proof of enrolment for kiosk {kiosk} does not hold for the key that signed it "
            "(a proof copied from another machine). Nothing was stored; an alarm was raised."
        ),
        AlarmKind.ENROLMENT_REUSED: _(
            "{file}: refused: the enrolment of kiosk {kiosk} was already used by another key. Nothing was stored; an alarm was raised."
        ),
    }
    return EnrolmentRefused(kind, texts[kind].format(file=label, kiosk=kiosk_id), kiosk_id, epoch)


# ---------------------------------------------------------------- trust


@dataclass
class _Trust:
    """What judging the batch's key decided, under the kiosk's lock."""

    reason: str = ""  # a Reason when the batch is to be quarantined
    signer: KioskKey | None = None  # the bound key that signed it
    bind: list[tuple[int, str, str]] = field(default_factory=list)  # (epoch, key_id, public key) to bind
    spend: Kiosk | None = None  # the kiosk whose enrolment the batch proved


def _centre_root_key_id() -> str | None:
    try:
        return CentreKeys.load(Path(settings.HOME) / KEYS_FOLDER).root_key_id
    except (OSError, SyncError):
        return None  # a centre without keys (tests of ingest alone): the proof still decides


def _prove(kiosk: Kiosk, manifest: dict[str, Any], label: str, public_key: str) -> None:
    """The batch proves that its machine holds this centre's enrolment file, for ``public_key``.

    :raises EnrolmentRefused: when it does not. Nothing is bound then, and the real kiosk is not touched.
    """
    kiosk_id, epoch = manifest["kiosk_id"], manifest["epoch"]
    root = manifest.get(ROOT_KEY_FIELD)
    ours = _centre_root_key_id()
    if isinstance(root, str) and ours is not None and root != ours:
        raise _enrolment_refused(AlarmKind.FOREIGN_ENROLMENT, label, kiosk_id, epoch)
    claimed = manifest.get(PROOF_FIELD)
    if kiosk.enrolment_spent_at is not None:
        raise _enrolment_refused(AlarmKind.ENROLMENT_REUSED, label, kiosk_id, epoch)
    if claimed is None:
        raise _enrolment_refused(AlarmKind.FOREIGN_ENROLMENT, label, kiosk_id, epoch)
    if not proof_holds(kiosk.enrolment_secret, kiosk_id, public_key, claimed):
        raise _enrolment_refused(AlarmKind.ENROLMENT_REPLAYED, label, kiosk_id, epoch)


def _refuse_claims(kiosk: Kiosk, manifest: dict[str, Any], label: str) -> None:
    """A batch signed by a key other than the bound one: an enrolment claim in it is an attack, else it awaits review."""
    root = manifest.get(ROOT_KEY_FIELD)
    ours = _centre_root_key_id()
    if isinstance(root, str) and ours is not None and root != ours:
        raise _enrolment_refused(AlarmKind.FOREIGN_ENROLMENT, label, kiosk.kiosk_id, manifest["epoch"])
    claimed = manifest.get(PROOF_FIELD)
    if claimed is None:
        return
    if kiosk.enrolment_spent_at is not None or not kiosk.enrolment_secret:
        raise _enrolment_refused(AlarmKind.ENROLMENT_REUSED, label, kiosk.kiosk_id, manifest["epoch"])
    if not proof_holds(kiosk.enrolment_secret, kiosk.kiosk_id, manifest["public_key"], claimed):
        raise _enrolment_refused(AlarmKind.ENROLMENT_REPLAYED, label, kiosk.kiosk_id, manifest["epoch"])
    # A valid proof of a fresh enrolment, for an epoch whose key is already bound: a kiosk enrolled
    # again (--replace). Its key cannot take that epoch's place; an operator reviews it.


def _endorsed(manifest: dict[str, Any], enrolment: KioskKey | None, first: int) -> list[tuple[int, str, str]] | None:
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
    keys = [(manifest["epoch"], manifest["signing_key_id"], manifest["public_key"])]
    if enrolment is None:
        keys.insert(0, (first, by_id, by_public))
    return keys


def _judge(manifest: dict[str, Any], label: str) -> _Trust:
    """Whether the key that signed the batch may sign for its kiosk and epoch. Runs under the kiosk's lock.

    :raises EnrolmentRefused: for a claim of enrolment that does not hold.
    """
    kiosk_id, epoch, signing, public = manifest["kiosk_id"], manifest["epoch"], manifest["signing_key_id"], manifest["public_key"]
    kiosk = Kiosk.objects.filter(kiosk_id=kiosk_id).first()
    if kiosk is None:
        return _Trust(reason=Reason.UNKNOWN_KIOSK)  # verified against its own key, kept for enrolment review
    keys = {key.epoch: key for key in KioskKey.objects.filter(kiosk=kiosk)}
    bound = keys.get(epoch)
    if bound is not None:
        if bound.key_id == signing and bound.public_key == public:
            return _Trust(signer=bound)
        _refuse_claims(kiosk, manifest, label)
        return _Trust(reason=Reason.UNKNOWN_KEY)
    # The enrolled machine's epochs start at its first epoch (above an old machine's after a replacement).
    first = kiosk.first_epoch
    if epoch < first:
        _refuse_claims(kiosk, manifest, label)
        return _Trust(reason=Reason.UNKNOWN_KEY)  # the replaced machine's epochs take no new key
    own = [e for e in keys if e >= first]
    if epoch == first:
        if not own and not kiosk.enrolment_secret and kiosk.enrolment_spent_at is None:
            return _Trust(reason=Reason.UNKNOWN_KEY)  # enrolled with no secret (an older centre): nothing to prove against
        if own:
            _refuse_claims(kiosk, manifest, label)
            return _Trust(reason=Reason.UNKNOWN_KEY)
        _prove(kiosk, manifest, label, public)
        return _Trust(bind=[(first, signing, public)], spend=kiosk)
    endorsed = _endorsed(manifest, keys.get(first), first)
    if endorsed is None:
        _refuse_claims(kiosk, manifest, label)
        return _Trust(reason=Reason.UNKNOWN_KEY)
    if first not in keys:  # the enrolment key arrives with a later epoch's first batch: proven the same way
        if not kiosk.enrolment_secret and kiosk.enrolment_spent_at is None:
            return _Trust(reason=Reason.UNKNOWN_KEY)
        _prove(kiosk, manifest, label, endorsed[0][2])
        return _Trust(bind=endorsed, spend=kiosk)
    return _Trust(bind=endorsed)


def _bind(trust: _Trust, kiosk_id: str, actor: Any, batch: Batch) -> bool:
    """Bind the keys the batch proved; False when an epoch's place was taken meanwhile by another key."""
    now = clock.now().replace(microsecond=0)
    for epoch, signing, public in trust.bind:
        try:
            with transaction.atomic():
                key = KioskKey.objects.create(kiosk_id=kiosk_id, epoch=epoch, key_id=signing, public_key=public, bound_at=now)
        except IntegrityError:
            if not KioskKey.objects.filter(kiosk_id=kiosk_id, epoch=epoch, key_id=signing).exists():
                return False
            continue
        audit.record(
            EventType.KIOSK_KEY_BOUND,
            actor=actor,
            target_type="kiosk",
            target_id=kiosk_id,
            extra={"epoch": epoch, "key_id": signing, "batch": batch.pk},
        )
        if epoch == batch.epoch:
            trust.signer = key
    if trust.spend is not None:
        trust.spend.enrolment_secret = ""
        trust.spend.enrolment_spent_at = now
        trust.spend.save(update_fields=["enrolment_secret", "enrolment_spent_at"])
        audit.record(EventType.ENROLMENT_SPENT, actor=actor, target_type="kiosk", target_id=kiosk_id, extra={"batch": batch.pk})
    return True


# ---------------------------------------------------------------- refusals and alarms


def _raise_alarm(kiosk_id: str, epoch: int | None, kind: str, detail: str, batch: Batch | None, actor: Any) -> None:
    alarm = Alarm.objects.create(
        raised_at=clock.now().replace(microsecond=0), kiosk_id=kiosk_id, epoch=epoch, kind=kind, detail=detail, batch=batch
    )
    audit.record(
        EventType.ALARM_RAISED,
        actor=actor,
        target_type="kiosk",
        target_id=kiosk_id,
        extra={"alarm": alarm.pk, "kind": kind, "epoch": epoch, "detail": detail},
    )


def _file_facts(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a refused file, as far as it can be read."""
    import hashlib

    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return "", 0
    return digest.hexdigest(), size


def record_refusal(path: Path, error: SyncError, *, actor: Any = None, source: str = "file", name: str = "") -> RefusedFile:
    """A refused file in ``refused_files`` (its own transaction, audited), with an alarm when it attacked an enrolment.

    Nothing of the file's content is stored: the refusal is the record. ``name`` is the file's own
    name when ``path`` is the centre's kept copy of it.
    """
    sha256, size = _file_facts(path)
    name = name or path.name
    with transaction.atomic():
        refused = RefusedFile.objects.create(
            file_sha256=sha256,
            file_name=name[:255],
            size=size,
            reason=str(getattr(error, "code", "error"))[:40],
            message=error.message,
            refused_at=clock.now().replace(microsecond=0),
            source=source,
        )
        audit.record(
            EventType.FILE_REFUSED,
            actor=actor,
            target_type="refused_file",
            target_id=refused.pk,
            extra={"file": refused.file_name, "sha256": sha256, "reason": refused.reason},
        )
        if isinstance(error, EnrolmentRefused):
            _raise_alarm(error.kiosk_id, error.epoch, error.kind.value, f"{name}: {sha256}", None, actor)
    return refused


# ---------------------------------------------------------------- ingest


def do_ingest_file(path: Path, *, actor: Any = None, source: str = "file", index: bool = True) -> IngestResult:
    """Verify and store one batch file; then, unless ``index`` is false, put its comments into the console's index.

    The events are committed first, on their own: the index is derived from them and
    takes longer to build than they take to store. Comments not indexed yet (a process
    stopped in between, or ``index=False``) are indexed by the next ingest or by
    ``gopy central index``.

    :raises SyncError: (DamagedFile, BadSignature, IncompleteCopy, EnrolmentRefused) when the
        file itself cannot be trusted; nothing is stored then but the record of the refusal.
    """
    path = Path(path)
    try:
        container = reading.open_batch(path)
        for _attempt in range(3):
            try:
                result = _ingest(container, path, actor=actor, source=source)
                break
            except IntegrityError:
                # Another worker stored this file or bound these keys first: look again, under the lock.
                log.info("ingest of %s met a concurrent worker; trying again", path.name)
        else:
            result = _ingest(container, path, actor=actor, source=source)
    except SyncError as error:
        record_refusal(path, error, actor=actor, source=source)
        raise
    if index:
        faults.point("ingest.before_index")
        _index_after(actor)
    return result


def _index_after(actor: Any) -> None:
    """The console's index of what was just committed. Its failure never turns a stored batch into a refused
    one (the kiosk would send it again and again): logged, and left for the next ingest or ``gopy central index``."""
    try:
        index_pending(actor=actor)
    except Exception:
        log.exception("the console's comment index could not be brought up to date; the next ingest or `gopy central index` will")


def _ingest(container: StreamedContainer, path: Path, *, actor: Any, source: str) -> IngestResult:
    manifest, label = container.manifest, container.label
    with transaction.atomic():
        lock(f"kiosk:{manifest['kiosk_id'].casefold()}")
        seen = Batch.objects.filter(file_sha256=container.file_sha256).first()
        if seen is not None:
            result = _seen_before(label, seen)
            audit.record(
                EventType.BATCH_ALREADY, actor=actor, target_type="batch", target_id=seen.pk, extra={"file": label, "replay": True}
            )
            return result
        trust = _judge(manifest, label)
        try:
            staged = reading.stage_events(container, label)
            faults.point("ingest.after_verify")
            batch = _add_batch(container, source)
            result = _judge_and_apply(batch, staged, trust, path, actor=actor)
            faults.point("ingest.before_commit")
            return result
        finally:
            drop_staging(reading.STAGING)


def _add_batch(container: StreamedContainer, source: str) -> Batch:
    manifest = container.manifest
    batch = Batch.objects.create(
        file_sha256=container.file_sha256,
        file_name=container.label[:255],
        manifest_sha256=canonical.sha256_hex(container.manifest_bytes),
        kiosk_id=manifest["kiosk_id"],
        epoch=manifest["epoch"],
        batch_seq=manifest["batch_seq"],
        seq_from=manifest["seq_from"],
        seq_to=manifest["seq_to"],
        signing_key_id=manifest["signing_key_id"],
        received_at=clock.now().replace(microsecond=0),
        status=BatchStatus.HELD,
        manifest=container.manifest_bytes.decode("utf-8"),
        source=source,
    )
    ack_seen = manifest.get("ack_seen")
    Kiosk.objects.filter(kiosk_id=batch.kiosk_id).update(
        last_ack_seen=canonical.dumps(ack_seen).decode() if isinstance(ack_seen, dict) else None, last_heard_at=batch.received_at
    )
    return batch


def _judge_and_apply(
    batch: Batch,
    staged: reading.Staged,
    trust: _Trust,
    path: Path,
    *,
    actor: Any,
    accept_revoked: bool = False,
    release_held: bool = True,
) -> IngestResult:
    """Quarantine for the key, bind what it proved, check revocation, then classify; held batches that now follow are applied."""
    if trust.reason:
        return _quarantine(batch, path, trust.reason, None, actor)
    if not _bind(trust, batch.kiosk_id, actor, batch):
        return _quarantine(batch, path, Reason.UNKNOWN_KEY, None, actor)
    signer = trust.signer
    revoked_from = _NO_REVOCATION
    if signer is not None and signer.revoked_for(batch.epoch, batch.seq_to):
        at = max(batch.seq_from, signer.revoked_from_seq or 1) if signer.revoked_epoch == batch.epoch else batch.seq_from
        if not accept_revoked:
            return _quarantine(batch, path, Reason.REVOKED_KEY, at, actor)
        revoked_from = at  # released by an operator: stored, marked revoked, never counted
    result = _classify(batch, staged, path, actor, revoked_from)
    if result.outcome != Outcome.APPLIED or not release_held:
        return result
    released = _release_held(batch.kiosk_id, batch.epoch, actor)
    head = Head.objects.get(kiosk_id=batch.kiosk_id, epoch=batch.epoch)
    return _result(batch, Outcome.APPLIED, new_events=result.new_events, hwm=head.hwm_seq, released=released)


def _manifest(batch: Batch) -> dict[str, Any]:
    """The batch's signed manifest, parsed once per row object."""
    parsed = getattr(batch, "_parsed_manifest", None)
    if parsed is None:
        parsed = canonical.loads(batch.manifest)
        batch._parsed_manifest = parsed  # type: ignore[attr-defined]
    return parsed


def _result(batch: Batch, outcome: Outcome, **fields: Any) -> IngestResult:
    return IngestResult(batch.file_name, outcome, batch.kiosk_id, batch.epoch, batch.seq_from, batch.seq_to, batch_id=batch.pk, **fields)


def _seen_before(label: str, seen: Batch) -> IngestResult:
    """The answer for a file already ingested: success for a replay, the same verdict otherwise."""
    fields = {"file": label, "kiosk_id": seen.kiosk_id, "epoch": seen.epoch, "seq_from": seen.seq_from, "seq_to": seen.seq_to}
    head = Head.objects.filter(kiosk_id=seen.kiosk_id, epoch=seen.epoch).first()
    hwm = head.hwm_seq if head else 0
    if seen.status in (BatchStatus.APPLIED, BatchStatus.DUPLICATE):
        return IngestResult(outcome=Outcome.ALREADY, hwm=hwm, batch_id=seen.pk, **fields)
    if seen.status == BatchStatus.HELD:
        return IngestResult(outcome=Outcome.HELD, hwm=hwm, missing=((hwm + 1, seen.seq_from - 1),), batch_id=seen.pk, **fields)
    at_seq = int(seen.detail) if seen.detail.isdigit() else None
    return IngestResult(
        outcome=Outcome.QUARANTINED, reason=seen.reason, at_seq=at_seq, key_id=seen.signing_key_id, batch_id=seen.pk, **fields
    )


def _set_status(batch: Batch, status: str, *, reason: str = "", detail: str = "", new_events: int = 0, kept_file: str = "") -> None:
    batch.status, batch.reason, batch.detail, batch.new_events, batch.kept_file = status, reason, detail, new_events, kept_file
    batch.save(update_fields=["status", "reason", "detail", "new_events", "kept_file", "t_floor", "comments_pending"])


def _quarantine(batch: Batch, path: Path, reason: str, at_seq: int | None, actor: Any) -> IngestResult:
    detail = "" if at_seq is None else str(at_seq)
    kept = batch.kept_file or reading.keep_file(path, batch.file_sha256)
    _set_status(batch, BatchStatus.QUARANTINED, reason=reason, detail=detail, kept_file=kept)
    where = f"{batch.file_name}: seq {batch.seq_from}-{batch.seq_to}, at {detail or '-'}"
    _raise_alarm(batch.kiosk_id, batch.epoch, reason, where, batch, actor)
    audit.record(
        EventType.BATCH_QUARANTINED,
        actor=actor,
        target_type="batch",
        target_id=batch.pk,
        extra={"file": batch.file_name, "reason": reason, "at_seq": at_seq, "kept_file": kept},
    )
    return _result(batch, Outcome.QUARANTINED, reason=reason, at_seq=at_seq, key_id=batch.signing_key_id)


def _stored_hash(kiosk_id: str, position: Any) -> tuple[int, str] | None:
    """(seq, stored hash) at a position an ``epoch.start`` names, when the centre holds it."""
    if not isinstance(position, dict):
        return None
    try:
        epoch, seq = int(position["epoch"]), int(position["seq"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (0 < epoch < 2**31 and 0 < seq < 2**63):
        return None
    stored = Event.objects.filter(kiosk_id=kiosk_id, epoch=epoch, seq=seq).values_list("hash", flat=True).first()
    return (seq, stored) if stored is not None else None


def _first_epoch(kiosk_id: str) -> int:
    """Where the enrolled machine's chain begins, from nothing (1 unless it replaced another machine)."""
    return Kiosk.objects.filter(kiosk_id=kiosk_id).values_list("first_epoch", flat=True).first() or 1


def _check_epoch_start(batch: Batch, first: dict[str, Any]) -> tuple[str, int] | None:
    """A new epoch must begin with ``epoch.start``, linked to positions the centre does not contradict."""
    if first.get("type") != EPOCH_START:
        return Reason.CHAIN_BREAK, batch.seq_from
    database_head = first.get("database_head")
    expected_prev = database_head.get("hash") if isinstance(database_head, dict) else GENESIS
    if first.get("prev") != expected_prev:
        return Reason.CHAIN_BREAK, batch.seq_from
    for position in (database_head, first.get("last_known")):
        stored = _stored_hash(batch.kiosk_id, position)
        if stored is not None and stored[1] != position.get("hash"):
            return Reason.FORK, stored[0]
    return None


def _claim(kiosk_id: str, position: Any) -> None:
    """Remember how far an earlier epoch went, as the kiosk says: what is missing below it is reported."""
    if not isinstance(position, dict) or type(position.get("epoch")) is not int or type(position.get("seq")) is not int:
        return
    epoch, seq = position["epoch"], position["seq"]
    if not (0 < epoch < 2**31 and 0 < seq < 2**63):
        return
    head, _created = Head.objects.get_or_create(kiosk_id=kiosk_id, epoch=epoch)
    if seq > head.claimed_seq:
        head.claimed_seq = seq
        head.save(update_fields=["claimed_seq"])


def _first_fork(batch: Batch, hwm: int) -> int | None:
    """The first staged position at or below the head whose stored event differs (or is missing)."""
    staging = connection.ops.quote_name(reading.STAGING)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(s.seq) FROM {staging} s LEFT JOIN events e ON e.kiosk_id = %s AND e.epoch = %s AND e.seq = s.seq"
            " WHERE s.seq <= %s AND (e.hash IS NULL OR e.hash <> s.hash)",
            [batch.kiosk_id, batch.epoch, hwm],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None else None


def _insert_fresh(batch: Batch, hwm: int, revoked_from: int) -> None:
    """Staged events above the head into ``events``; a UNIQUE constraint refusing one raises IntegrityError."""
    columns = ", ".join(reading.COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO events ({columns}, batch_id, revoked) SELECT {columns}, %s, seq >= %s"
            f" FROM {connection.ops.quote_name(reading.STAGING)} WHERE seq > %s ORDER BY seq",
            [batch.pk, revoked_from, hwm],
        )


def _all_stored(batch: Batch, hwm: int) -> bool:
    """Whether every staged event above ``hwm`` is stored at its position with the same hash (a concurrent worker's)."""
    staging = connection.ops.quote_name(reading.STAGING)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {staging} s LEFT JOIN events e ON e.kiosk_id = %s AND e.epoch = %s AND e.seq = s.seq"
            " WHERE s.seq > %s AND (e.hash IS NULL OR e.hash <> s.hash)",
            [batch.kiosk_id, batch.epoch, hwm],
        )
        return cursor.fetchone()[0] == 0


def _classify(batch: Batch, staged: reading.Staged, path: Path, actor: Any, revoked_from: int) -> IngestResult:
    """Hold, apply, or quarantine one verified, staged batch."""
    head = Head.objects.filter(kiosk_id=batch.kiosk_id, epoch=batch.epoch).first() or Head(kiosk_id=batch.kiosk_id, epoch=batch.epoch)
    hwm = head.hwm_seq  # a head is saved only when events are applied
    if batch.seq_from > hwm + 1:
        missing = ((hwm + 1, batch.seq_from - 1),)
        kept = batch.kept_file or reading.keep_file(path, batch.file_sha256)
        _set_status(batch, BatchStatus.HELD, kept_file=kept)
        audit.record(
            EventType.BATCH_HELD,
            actor=actor,
            target_type="batch",
            target_id=batch.pk,
            extra={"file": batch.file_name, "missing": [list(r) for r in missing], "kept_file": kept},
        )
        return _result(batch, Outcome.HELD, hwm=hwm, missing=missing)
    if batch.seq_from <= hwm:
        fork = _first_fork(batch, min(batch.seq_to, hwm))
        if fork is not None:
            return _quarantine(batch, path, Reason.FORK, fork, actor)
    elif hwm:
        if _manifest(batch)["first_prev_hash"] != head.head_hash:
            return _quarantine(batch, path, Reason.CHAIN_BREAK, batch.seq_from, actor)
    elif batch.epoch == _first_epoch(batch.kiosk_id):
        if _manifest(batch)["first_prev_hash"] != GENESIS:
            return _quarantine(batch, path, Reason.CHAIN_BREAK, batch.seq_from, actor)
    else:
        broken = _check_epoch_start(batch, staged.first.body)
        if broken is not None:
            return _quarantine(batch, path, broken[0], broken[1], actor)
    if batch.seq_to <= hwm:
        _set_status(batch, BatchStatus.DUPLICATE)
        audit.record(EventType.BATCH_ALREADY, actor=actor, target_type="batch", target_id=batch.pk, extra={"file": batch.file_name})
        reading.forget_after_commit(batch.kept_file)
        return _result(batch, Outcome.ALREADY, hwm=hwm)
    # Positions above the head are free (the head is read under the kiosk's lock), so a refused
    # insert is a submission id or receipt code stored elsewhere, unless a concurrent worker
    # stored these very events: their stored content decides.
    try:
        with transaction.atomic():
            _insert_fresh(batch, hwm, revoked_from)
    except IntegrityError:
        if _all_stored(batch, hwm):
            raise  # stored by another worker: the caller looks again
        return _quarantine(batch, path, Reason.DUPLICATE_ID, None, actor)
    index_ideas(batch)
    if hwm == 0 and batch.epoch > 1:
        start = staged.first.body
        _claim(batch.kiosk_id, start.get("last_known"))
        _claim(batch.kiosk_id, start.get("database_head"))
    # The claims above may have saved this very head (an epoch.start naming its own epoch): read it as stored.
    head, _created = Head.objects.get_or_create(kiosk_id=batch.kiosk_id, epoch=batch.epoch)
    package_seq = _manifest(batch).get("last_package_seq_imported") or 0
    issued = Package.objects.filter(kiosk_id=batch.kiosk_id, package_seq=package_seq).values_list("issued_at", flat=True).first()
    batch.t_floor = head.t_floor  # the central time no event above the old head can be older than
    floors = [t for t in (head.t_floor, issued) if t is not None]
    head.hwm_seq, head.head_hash = batch.seq_to, _manifest(batch)["last_event_hash"]
    head.t_floor = max(floors) if floors else None
    head.claimed_seq = max(head.claimed_seq, batch.seq_to)
    head.save()
    new_events = batch.seq_to - hwm
    old_kept = batch.kept_file
    batch.comments_pending = True  # for the console's index, once these events are committed (index_pending)
    _set_status(batch, BatchStatus.APPLIED, new_events=new_events)
    public_cache.bump()  # new receipts, counts and places on the portal's pages
    reading.forget_after_commit(old_kept)
    audit.record(
        EventType.BATCH_APPLIED,
        actor=actor,
        target_type="batch",
        target_id=batch.pk,
        extra={"file": batch.file_name, "new_events": new_events, "hwm": batch.seq_to},
    )
    return _result(batch, Outcome.APPLIED, new_events=new_events, hwm=batch.seq_to)


def _release_held(kiosk_id: str, epoch: int, actor: Any) -> int:
    """Apply, in order, every held batch that now follows on the head; returns how many were applied."""
    released = 0
    while True:
        head = Head.objects.get(kiosk_id=kiosk_id, epoch=epoch)
        ready = list(
            Batch.objects.filter(kiosk_id=kiosk_id, epoch=epoch, status=BatchStatus.HELD, seq_from__lte=head.hwm_seq + 1).order_by(
                "seq_from", "id"
            )
        )
        if not ready:
            return released
        for held in ready:
            path = reading.kept_path(held.kept_file)
            try:
                container = reading.open_batch(path, held.file_name)
                if container.file_sha256 != held.file_sha256:
                    raise SyncError(f"{path} is not the file that was held")
                trust = _judge(container.manifest, held.file_name)
                staged = reading.stage_events(container, held.file_name)
            except SyncError:
                # The kept file is gone or damaged on the centre's disk: the batch stays held, its range reported missing.
                log.exception("the held batch %s cannot be read again from %s", held.pk, path)
                return released
            if trust.reason:
                _quarantine(held, path, trust.reason, None, actor)
                continue
            result = _judge_and_apply(held, staged, trust, path, actor=actor, release_held=False)
            released += result.outcome == Outcome.APPLIED


def mark_revoked(kiosk_id: str, key_id: str, epoch: int, from_seq: int) -> int:
    """Mark revoked the stored events signed by ``key_id`` at position (epoch, from_seq) or later: kept, shown, never counted.

    Runs in the caller's transaction (fleet's ``do_revoke_key``). Returns how many events were marked.
    """
    position = Q(epoch__gt=epoch) | Q(epoch=epoch, seq__gte=from_seq)
    public_cache.bump()  # revoked submissions leave the portal's counts
    return Event.objects.filter(position, kiosk_id=kiosk_id, batch__signing_key_id=key_id, revoked=False).update(revoked=True)


# ---------------------------------------------------------------- release


def find_batch(reference: str) -> Batch:
    """A batch by its number, its file name (the latest of that name) or its file's SHA-256."""
    reference = reference.strip()
    query = Batch.objects.filter(Q(file_name=Path(reference).name) | Q(file_sha256=reference.lower()))
    if reference.isdigit():
        query = Batch.objects.filter(Q(pk=int(reference)) | Q(file_name=reference))
    batch = query.order_by("-id").first()
    if batch is None:
        raise NotFoundError(_("No batch {batch} is known at this centre.").format(batch=reference))
    return batch


def do_release_batch(reference: str, *, actor: Any = None) -> IngestResult:
    """Judge a quarantined batch again from its kept file, once what quarantined it may have changed.

    The batch's row is judged again in place (its file SHA-256 is unique, so no second row
    can hold it): the same rules as a new file (its key is judged now: a kiosk enrolled or
    a key bound since counts), so it becomes applied, held, a duplicate, or stays
    quarantined. One operator decision differs from a new file: a batch quarantined for a
    revoked key is applied when released, its events from the revocation on stored marked
    revoked (kept, shown, never counted). Audited BATCH_RELEASED with the old and new verdicts;
    the batch's alarms are resolved unless it is quarantined again.

    :raises NotFoundError: when no batch matches ``reference``.
    :raises ValidationError: when the batch is not quarantined.
    :raises SyncError: when the kept file no longer verifies (recorded as refused).
    """
    batch = find_batch(reference)
    if batch.status != BatchStatus.QUARANTINED or not batch.kept_file:
        raise ValidationError(
            _("Batch {batch} ({file}) is {status}: only a quarantined batch is released.").format(
                batch=batch.pk, file=batch.file_name, status=batch.status
            )
        )
    path = reading.kept_path(batch.kept_file)
    try:
        container = reading.open_batch(path, batch.file_name)
    except SyncError as error:
        record_refusal(path, error, actor=actor, name=batch.file_name)
        raise
    try:
        result = _release(batch, container, path, actor)
    except SyncError as error:  # an enrolment claim that does not hold, or content refused: nothing changed but this record
        record_refusal(path, error, actor=actor, name=batch.file_name)
        raise
    _index_after(actor)
    return result


def _release(batch: Batch, container: StreamedContainer, path: Path, actor: Any) -> IngestResult:
    with transaction.atomic():
        lock(f"kiosk:{batch.kiosk_id.casefold()}")
        batch = Batch.objects.get(pk=batch.pk)
        if batch.status != BatchStatus.QUARANTINED:
            return _seen_before(batch.file_name, batch)
        old = {"status": batch.status, "reason": batch.reason, "detail": batch.detail}
        accept_revoked = batch.reason == Reason.REVOKED_KEY
        try:
            trust = _judge(container.manifest, batch.file_name)
            staged = reading.stage_events(container, batch.file_name)
            result = _judge_and_apply(batch, staged, trust, path, actor=actor, accept_revoked=accept_revoked)
        finally:
            drop_staging(reading.STAGING)
        if result.outcome != Outcome.QUARANTINED:
            Alarm.objects.filter(batch=batch, resolved_at__isnull=True).update(resolved_at=clock.now().replace(microsecond=0))
        audit.record(
            EventType.BATCH_RELEASED,
            actor=actor,
            target_type="batch",
            target_id=batch.pk,
            extra={"file": batch.file_name, "old": old, "new": result.as_dict()},
        )
        return result
