"""The ingest's rules at the service level, on either engine: refused files recorded, release, revoked events, ideas."""

from __future__ import annotations

import json
import zipfile

import pytest

from centre.audit.models import AuditEvent, EventType
from centre.core import clock
from centre.fleet.models import Alarm, Kiosk, KioskKey
from centre.ingest import reading
from centre.ingest.models import Batch, BatchStatus, Event, Head, Idea, RefusedFile, Support
from centre.ingest.services import EnrolmentRefused, Outcome, do_ingest_file, do_release_batch, mark_revoked
from kiosk import canonical
from kiosk.errors import NotFoundError, ValidationError
from sync.errors import DamagedFile, IncompleteCopy
from tests.centre.ingest_helpers import FakeKiosk, centre_fixture  # noqa: F401  (the fixture)
from tests.sync.helpers import chain, craft_batch

pytestmark = pytest.mark.centre


def _stored() -> tuple:
    return (
        list(Batch.objects.values_list("id", "status")),
        list(Event.objects.values_list("seq", "hash")),
        list(Head.objects.values_list("hwm_seq", "head_hash")),
        list(KioskKey.objects.values_list("key_id", flat=True)),
    )


# -- refused files (defect d)


def test_a_damaged_file_is_refused_and_only_its_refusal_is_recorded(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    path = kiosk.batch(3)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("events.jsonl")
    data[info.header_offset + 30 + len("events.jsonl") + 10] ^= 0x01
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    before = _stored()
    with pytest.raises(DamagedFile):
        do_ingest_file(damaged)
    assert _stored() == before
    refused = RefusedFile.objects.get()
    assert (refused.file_name, refused.size, refused.reason, refused.source) == ("damaged.zip", len(data), "damaged", "file")
    assert refused.file_sha256 == canonical.sha256_hex(bytes(data)) and "damaged.zip" in refused.message
    audit = AuditEvent.objects.get(event_type=EventType.FILE_REFUSED)
    assert json.loads(audit.extra)["sha256"] == refused.file_sha256
    assert do_ingest_file(path).new_events == 3  # the genuine file still applies


def test_a_missing_file_and_a_partial_copy_are_refused_and_recorded(centre, tmp_path):
    with pytest.raises(DamagedFile):
        do_ingest_file(tmp_path / "no-such.zip")
    partial = tmp_path / "GOPY-K1-e1-b1.zip.partial"
    partial.write_bytes(b"PK\x03\x04")
    with pytest.raises(IncompleteCopy):
        do_ingest_file(partial)
    assert list(RefusedFile.objects.values_list("file_name", "reason", "size")) == [
        ("no-such.zip", "damaged", 0),
        ("GOPY-K1-e1-b1.zip.partial", "incomplete", 4),
    ]


def test_a_truncated_events_list_rolls_back_every_staged_row(centre, tmp_path):
    """The last line fails its check after the others were staged: nothing of them is stored."""
    kiosk = centre.enrol("K1", tmp_path)
    good = kiosk.batch(50)
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = zf.read("events.jsonl").splitlines()
    lines[-1] = lines[-1].replace(b'"seq":50', b'"seq":51')
    hashes = [canonical.event_hash(line) for line in lines]
    forged = craft_batch(tmp_path / "forged", kiosk.key, lines, hashes, batch_seq=7, enrolment_proof=manifest["enrolment_proof"])
    with pytest.raises(DamagedFile, match=" 50"):
        do_ingest_file(forged)
    assert not Event.objects.exists() and not Batch.objects.exists() and not KioskKey.objects.exists()
    assert Kiosk.objects.get().enrolment_secret == kiosk.secret


# -- held batches, kept as files


def test_a_held_batch_is_kept_as_a_file_and_applied_from_it_when_the_gap_fills(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    first, second, third = kiosk.batch(4), kiosk.batch(4), kiosk.batch(4)
    held = do_ingest_file(third)
    assert (held.outcome, held.missing) == (Outcome.HELD, ((1, 8),))
    batch = Batch.objects.get()
    assert batch.kept_file == f"batches/{batch.file_sha256}.zip"
    assert reading.kept_path(batch.kept_file).read_bytes() == third.read_bytes()
    third.unlink()  # the stick went home: the centre's own copy is what is applied
    assert do_ingest_file(second).outcome == Outcome.HELD
    applied = do_ingest_file(first)
    assert (applied.new_events, applied.released, applied.hwm) == (4, 2, 12)
    assert list(Batch.objects.order_by("seq_from").values_list("status", "kept_file")) == [("applied", "")] * 3
    assert not list((centre.home / "batches").glob("*.zip"))  # removed once applied
    assert Event.objects.count() == 12


def test_a_quarantined_fork_keeps_its_file_and_raises_an_alarm(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    do_ingest_file(kiosk.batch(3))
    clone = FakeKiosk("K1", tmp_path / "clone", key=kiosk.key)
    result = do_ingest_file(clone.batch(5))
    assert (result.outcome, result.reason, result.at_seq) == (Outcome.QUARANTINED, "fork", 1)
    batch = Batch.objects.get(status=BatchStatus.QUARANTINED)
    assert reading.kept_path(batch.kept_file).exists()
    assert list(Alarm.objects.values_list("kind", "batch_id")) == [("fork", batch.pk)]
    assert Event.objects.count() == 3


# -- release (defect c)


def test_release_applies_a_batch_quarantined_before_its_kiosk_was_enrolled(centre, tmp_path):
    kiosk = FakeKiosk("K2", tmp_path, "ab" * 32, root_key_id=centre.keys.root_key_id)
    path = kiosk.batch(3)
    assert do_ingest_file(path).reason == "unknown_kiosk"
    # The kiosk is enrolled (the stand-in of fleet's enrol, with the secret its file carried).
    Kiosk.objects.create(kiosk_id="K2", commune_code="X", commune_name="Xã", enrolled_at=clock.now(), enrolment_secret=kiosk.secret)
    result = do_release_batch(path.name)
    assert (result.outcome, result.new_events) == (Outcome.APPLIED, 3)
    batch = Batch.objects.get()
    assert (batch.status, batch.kept_file) == (BatchStatus.APPLIED, "")
    assert Alarm.objects.get().resolved_at is not None
    released = AuditEvent.objects.get(event_type=EventType.BATCH_RELEASED)
    extra = json.loads(released.extra)
    assert (extra["old"]["reason"], extra["new"]["outcome"]) == ("unknown_kiosk", "applied")
    assert list(KioskKey.objects.values_list("key_id", flat=True)) == [kiosk.key.key_id]
    with pytest.raises(ValidationError):
        do_release_batch(str(batch.pk))  # applied now: nothing to release
    with pytest.raises(NotFoundError):
        do_release_batch("GOPY-NOPE-e1-b1.zip")


def test_a_release_refused_for_its_enrolment_claim_is_recorded_like_a_refused_file(centre, tmp_path):
    kiosk = FakeKiosk("K2", tmp_path, "ab" * 32, root_key_id=centre.keys.root_key_id)
    path = kiosk.batch(2)
    assert do_ingest_file(path).reason == "unknown_kiosk"
    # Enrolled meanwhile, but with another secret: the batch's proof no longer holds.
    Kiosk.objects.create(kiosk_id="K2", commune_code="X", commune_name="Xã", enrolled_at=clock.now(), enrolment_secret="cd" * 32)
    with pytest.raises(EnrolmentRefused):
        do_release_batch(path.name)
    refused = RefusedFile.objects.get()
    assert (refused.file_name, refused.reason) == (path.name, "enrolment_replayed")
    assert AuditEvent.objects.filter(event_type=EventType.FILE_REFUSED).count() == 1
    assert Batch.objects.get().status == BatchStatus.QUARANTINED and not Event.objects.exists()


def test_release_keeps_a_fork_quarantined(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    do_ingest_file(kiosk.batch(3))
    clone = FakeKiosk("K1", tmp_path / "clone", key=kiosk.key)
    do_ingest_file(clone.batch(5))
    batch = Batch.objects.get(status=BatchStatus.QUARANTINED)
    result = do_release_batch(str(batch.pk))
    assert (result.outcome, result.reason) == (Outcome.QUARANTINED, "fork")
    assert Event.objects.count() == 3


# -- revoked keys (defect f)


def _revoke(kiosk_id: str, key_id: str, epoch: int, from_seq: int) -> None:
    KioskKey.objects.filter(kiosk_id=kiosk_id, key_id=key_id).update(revoked_epoch=epoch, revoked_from_seq=from_seq, revoked_at=clock.now())


def test_mark_revoked_marks_the_stored_events_from_the_position_on(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    do_ingest_file(kiosk.batch(10))
    _revoke("K1", kiosk.key.key_id, 1, 8)
    assert mark_revoked("K1", kiosk.key.key_id, 1, 8) == 3
    assert list(Event.objects.filter(revoked=True).order_by("seq").values_list("seq", flat=True)) == [8, 9, 10]
    assert mark_revoked("K1", kiosk.key.key_id, 1, 8) == 0  # marked once


def test_a_revoked_key_quarantines_and_a_release_stores_its_events_marked_revoked(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    do_ingest_file(kiosk.batch(5))
    _revoke("K1", kiosk.key.key_id, 1, 8)
    path = kiosk.batch(5)
    result = do_ingest_file(path)
    assert (result.outcome, result.reason, result.at_seq) == (Outcome.QUARANTINED, "revoked_key", 8)
    assert Event.objects.count() == 5
    released = do_release_batch(path.name)  # an operator reviewed it: kept, shown as revoked, never counted
    assert (released.outcome, released.new_events) == (Outcome.APPLIED, 5)
    assert list(Event.objects.order_by("seq").values_list("seq", "revoked")) == [(n, n >= 8) for n in range(1, 11)]


# -- ideas and supports


def test_ideas_and_supports_are_indexed_from_the_submissions(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    idea = {"id": "abc/1", "category": "Đường", "hamlet": "Thôn 1", "problem": "Ổ gà", "proposal": "Vá đường"}
    do_ingest_file(kiosk.batch(2))
    lines, hashes = chain("K1", 1, 3, kiosk.head, 2, ideas=[idea, {"id": 5}], supports=["abc/1", "x" * 100])
    batch = craft_batch(tmp_path / "ideas", kiosk.key, lines, hashes, seq_from=3, first_prev=kiosk.head, batch_seq=9)
    assert do_ingest_file(batch).new_events == 2
    assert list(Idea.objects.values_list("id", "seq", "problem")) == [("abc/1", 3, "Ổ gà")]  # the second, a number, skipped
    assert sorted(Support.objects.values_list("seq", "idea_id")) == [(3, "abc/1"), (4, "abc/1")]


# -- the console's index, built after the events commit


def test_a_failing_comment_index_never_refuses_a_stored_batch(centre, tmp_path, monkeypatch):
    """The events are the record; the index is derived: its failure is logged and the batch stays applied, to be indexed later."""
    from centre.review import services as review

    kiosk = centre.enrol("K1", tmp_path)

    def broken(batch_id, *, actor=None):
        raise RuntimeError("the index is broken")

    monkeypatch.setattr(review, "index_comments", broken)
    result = do_ingest_file(kiosk.batch(3))
    assert (result.outcome, result.new_events) == (Outcome.APPLIED, 3)
    assert Batch.objects.get().comments_pending
    monkeypatch.undo()
    review.index_pending()
    assert not Batch.objects.get().comments_pending
