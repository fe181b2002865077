"""A kiosk's key is bound only with proof of its enrolment (DESIGN.md), never on trust of the first batch naming its id.

Each attack is refused whole: an alarm is raised, the file is recorded as
refused, nothing of its events or its key is stored, and the real kiosk's
batches still bind and apply (the bug was that the first batch to name a
kiosk bound its key, and the real kiosk was quarantined after it).
"""

from __future__ import annotations

import pytest

from centre.audit.models import AuditEvent, EventType
from centre.fleet.models import Alarm, Kiosk, KioskKey
from centre.ingest.models import Batch, Event, RefusedFile
from centre.ingest.services import EnrolmentRefused, Outcome, do_ingest_file
from sync.enrolment_proof import PROOF_FIELD, new_secret, proof
from sync.keys import CentreKeys
from sync.keys import KioskKey as KioskSigningKey
from tests.centre.ingest_helpers import FakeKiosk, centre_fixture  # noqa: F401  (the fixture)

pytestmark = pytest.mark.centre


def _refused(path, kind: str) -> None:
    """Refused with ``kind``, an alarm of that kind, the file recorded: and nothing else stored."""
    with pytest.raises(EnrolmentRefused) as refusal:
        do_ingest_file(path)
    assert refusal.value.code == kind
    assert list(Alarm.objects.values_list("kind", flat=True)) == [kind]
    refused = RefusedFile.objects.get()
    assert (refused.file_name, refused.reason) == (path.name, kind)
    assert AuditEvent.objects.filter(event_type=EventType.FILE_REFUSED).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.ALARM_RAISED).count() == 1
    assert not Batch.objects.exists() and not Event.objects.exists() and not KioskKey.objects.exists()


def test_the_first_batch_with_a_valid_proof_binds_the_key_and_spends_the_enrolment(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    result = do_ingest_file(kiosk.batch(3))
    assert (result.outcome, result.new_events) == (Outcome.APPLIED, 3)
    assert list(KioskKey.objects.values_list("epoch", "key_id")) == [(1, kiosk.key.key_id)]
    stored = Kiosk.objects.get(kiosk_id="K1")
    assert stored.enrolment_secret == "" and stored.enrolment_spent_at is not None
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {EventType.KIOSK_KEY_BOUND, EventType.ENROLMENT_SPENT, EventType.BATCH_APPLIED} <= events
    # Its later batches still carry the proof until acknowledged: signed by the bound key, they simply apply.
    assert do_ingest_file(kiosk.batch(2)).new_events == 2


def test_a_machine_enrolled_at_another_centre_under_the_same_id_is_refused(centre, tmp_path):
    real = centre.enrol("K1", tmp_path / "real")
    elsewhere = FakeKiosk("K1", tmp_path / "other", new_secret(), root_key_id=CentreKeys.generate().root_key_id)
    _refused(elsewhere.batch(3), "foreign_enrolment")
    assert do_ingest_file(real.batch(2)).outcome == Outcome.APPLIED  # the real kiosk is not touched


def test_a_machine_with_no_proof_at_all_is_refused_as_foreign(centre, tmp_path):
    real = centre.enrol("K1", tmp_path / "real")
    stranger = FakeKiosk("K1", tmp_path / "stranger")  # no secret: it never held this centre's enrolment file
    _refused(stranger.batch(2), "foreign_enrolment")
    assert do_ingest_file(real.batch(1)).outcome == Outcome.APPLIED


def test_a_proof_copied_onto_another_key_is_refused_and_the_real_kiosk_still_binds(centre, tmp_path):
    real = centre.enrol("K1", tmp_path / "real")
    thief = KioskSigningKey.generate()
    copied = proof(real.secret, "K1", real.key.public_key)  # read off the real kiosk's batch on a stick
    attacker = FakeKiosk("K1", tmp_path / "thief", key=thief, root_key_id=centre.keys.root_key_id)
    _refused(attacker.batch(4, **{PROOF_FIELD: copied}), "enrolment_replayed")
    assert Kiosk.objects.get(kiosk_id="K1").enrolment_secret == real.secret  # not spent by the attack
    result = do_ingest_file(real.batch(3))
    assert (result.outcome, result.new_events) == (Outcome.APPLIED, 3)
    assert list(KioskKey.objects.values_list("key_id", flat=True)) == [real.key.key_id]


def test_a_second_use_of_a_spent_enrolment_is_refused(centre, tmp_path):
    real = centre.enrol("K1", tmp_path / "real")
    assert do_ingest_file(real.batch(2)).outcome == Outcome.APPLIED
    # A second machine set up from the same enrolment file: its proof is valid for its own key, but spent.
    twin = FakeKiosk("K1", tmp_path / "twin", real.secret, root_key_id=centre.keys.root_key_id)
    path = twin.batch(2)
    with pytest.raises(EnrolmentRefused) as refusal:
        do_ingest_file(path)
    assert refusal.value.code == "enrolment_reused"
    assert list(Alarm.objects.values_list("kind", flat=True)) == ["enrolment_reused"]
    assert RefusedFile.objects.get().reason == "enrolment_reused"
    assert Event.objects.count() == 2 and Batch.objects.count() == 1
    assert list(KioskKey.objects.values_list("key_id", flat=True)) == [real.key.key_id]
    assert do_ingest_file(real.batch(1)).new_events == 1


def test_an_enrolment_without_a_secret_binds_nothing_on_trust(centre, tmp_path):
    """A kiosk row an older centre made (no secret): its first batch waits for an operator, quarantined."""
    kiosk = centre.enrol("K1", tmp_path)
    Kiosk.objects.filter(kiosk_id="K1").update(enrolment_secret="")
    result = do_ingest_file(kiosk.batch(2))
    assert (result.outcome, result.reason) == (Outcome.QUARANTINED, "unknown_key")
    assert not KioskKey.objects.exists() and not Event.objects.exists()
