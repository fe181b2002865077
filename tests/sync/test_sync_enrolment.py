"""Through ``gopy`` on both ends: the proof of enrolment, refused files, and releasing a quarantined batch."""

from __future__ import annotations

import json
import zipfile

import pytest

from sync.container import read_container, write_container
from sync.enrolment_proof import PROOF_FIELD, SECRET_FIELD
from sync.keys import CentreKeys
from tests.sync.helpers import KIOSK, dump, gopy, kiosk_key, one_line_refusal, query

pytestmark = pytest.mark.centre


def _manifest(batch) -> dict:
    with zipfile.ZipFile(batch) as zf:
        return json.loads(zf.read("manifest.json"))


def test_the_kiosk_proves_its_enrolment_until_the_centre_acknowledges_it(world):
    world.submit_paper(3)
    [batch] = world.export(world.root / "usb")
    manifest = _manifest(batch)
    assert PROOF_FIELD in manifest
    assert manifest["centre_root_key_id"] == CentreKeys.load(world.centre / "keys").root_key_id
    assert query(world.centre_db, "SELECT enrolment_spent_at IS NULL, enrolment_secret <> '' FROM kiosks") == [(True, True)]
    assert world.ingest(batch)[0]["outcome"] == "applied"
    [(spent, secret)] = query(world.centre_db, "SELECT enrolment_spent_at, enrolment_secret FROM kiosks")
    assert spent is not None and secret == ""
    assert query(world.centre_db, "SELECT epoch, key_id FROM kiosk_keys") == [(1, kiosk_key(world).key_id)]
    world.package()  # acknowledged: the proof has done its work
    world.submit_paper(1, start=3)
    [later] = world.export(world.root / "usb2")
    assert PROOF_FIELD not in _manifest(later)
    assert world.ingest(later)[0]["new_events"] == 1


def _enrol_elsewhere(world, kiosk_home) -> None:
    """A machine set up as K1 by another centre, with the same consultation: what arrives on a mixed-up stick."""
    other = world.root / "other-centre"
    gopy("central", "init", "--home", other)
    enrol = world.root / "other-K1.enrol"
    gopy("central", "enrol", "--home", other, "--kiosk-id", KIOSK, "--commune-code", "X", "--commune-name", "Xã Khác", "--out", enrol)
    gopy("setup", enrol, home=kiosk_home)
    gopy("central", "publish", "--home", other, world.root / "tn.json")
    package = gopy("central", "package", "--home", other, "--kiosk-id", KIOSK, "--out", world.root / "other-packages").stdout.strip()
    gopy("import-package", package, home=kiosk_home)


def test_a_kiosk_enrolled_at_another_centre_under_the_same_id_is_refused_and_alarmed(world):
    stranger = world.root / "stranger"
    _enrol_elsewhere(world, stranger)
    world.submit_paper(2, home=stranger)
    [foreign] = world.export(world.root / "usb-foreign", home=stranger)
    before = dump(world.centre_db, skip=("alarms",))
    line = one_line_refusal(world.central("ingest", foreign, check=False))
    assert foreign.name in line
    [outcome] = world.ingest(foreign, check=False)
    assert (outcome["outcome"], outcome["reason"]) == ("refused", "foreign_enrolment")
    assert dump(world.centre_db, skip=("alarms",)) == before  # no batch, no event, no key; the enrolment unspent
    assert query(world.centre_db, "SELECT kind FROM alarms") == [("foreign_enrolment",), ("foreign_enrolment",)]
    assert query(world.centre_db, "SELECT file_name, reason FROM refused_files") == [(foreign.name, "foreign_enrolment")] * 2
    # The real kiosk is not harmed by it.
    world.submit_paper(3)
    [real] = world.export(world.root / "usb")
    assert world.ingest(real)[0]["new_events"] == 3


def test_an_old_enrolment_file_without_a_secret_still_sets_a_kiosk_up_and_it_proves_nothing(world):
    keys = CentreKeys.load(world.centre / "keys")
    genuine = read_container(world.root / "K1.enrol", verify_key=keys.root.verify_key).manifest
    old = {name: value for name, value in genuine.items() if name not in ("files", SECRET_FIELD)}
    old_file = write_container(world.root / "old.enrol", old, {}, keys.root)
    home = world.root / "old-kiosk"
    gopy("setup", old_file, home=home)
    assert query(home / "kiosk.sqlite3", "SELECT count(*) FROM sync_state WHERE key = ?", (SECRET_FIELD,)) == [(0,)]
    world.package(home=home)
    world.submit_paper(2, home=home)
    [batch] = world.export(world.root / "usb-old", home=home)
    assert PROOF_FIELD not in _manifest(batch)
    # This centre issued K1 a secret: a machine that cannot prove it binds nothing.
    [outcome] = world.ingest(batch, check=False)
    assert (outcome["outcome"], outcome["reason"]) == ("refused", "foreign_enrolment")


def test_every_refused_file_is_recorded(world):
    world.submit_paper(2)
    [batch] = world.export(world.root / "usb")
    damaged = world.root / "damaged.zip"
    damaged.write_bytes(batch.read_bytes()[:-30])
    one_line_refusal(world.central("ingest", damaged, check=False))
    rows = query(world.centre_db, "SELECT file_name, size, reason, source FROM refused_files")
    assert rows == [("damaged.zip", damaged.stat().st_size, "damaged", "file")]
    assert query(world.centre_db, "SELECT count(*) FROM audit_events WHERE event_type = 305") == [(1,)]


def test_release_applies_a_batch_quarantined_for_a_revoked_key_with_its_events_marked(world):
    world.submit_paper(5)
    [b1] = world.export(world.root / "usb")
    world.ingest(b1)
    world.central("revoke", "--kiosk-id", KIOSK, "--key-id", kiosk_key(world).key_id, "--epoch", 1, "--from-seq", 8)
    world.submit_paper(5, start=5)
    [b2] = world.export(world.root / "usb")
    assert world.ingest(b2, check=False)[0]["reason"] == "revoked_key"
    [(kept,)] = query(world.centre_db, "SELECT kept_file FROM batches WHERE status = 'quarantined'")
    assert (world.centre / kept).is_file()

    released = world.central("release", b2.name)
    assert b2.name in released.stdout
    assert query(world.centre_db, "SELECT status, kept_file FROM batches ORDER BY id") == [("applied", ""), ("applied", "")]
    revoked = query(world.centre_db, "SELECT seq FROM events WHERE revoked ORDER BY seq")
    assert revoked == [(8,), (9,), (10,)]
    assert not (world.centre / kept).exists()
    assert b2.name in one_line_refusal(world.central("release", b2.name, check=False))  # applied now: nothing to release


def test_release_of_an_unknown_batch_says_one_line(world):
    one_line_refusal(world.central("release", "GOPY-NOPE-e1-b1.zip", check=False))


def test_a_replacement_machine_starts_above_the_old_epochs_and_its_batches_apply(world):
    """A kiosk PC dies and a new one is enrolled under the same id (``enrol --replace``): before, the new
    machine began again at epoch 1, where the old key is bound, and every batch it sent was quarantined."""
    world.submit_paper(3)
    [old_batch] = world.export(world.root / "usb-old")
    assert world.ingest(old_batch)[0]["outcome"] == "applied"

    enrol = world.root / "K1-new.enrol"
    world.central(
        "enrol",
        "--kiosk-id",
        KIOSK,
        "--commune-code",
        "TN",
        "--commune-name",
        "Xã Thử Nghiệm",
        "--out",
        enrol,
        "--replace",
        "--reason",
        "máy cũ hỏng ổ cứng",
    )
    assert read_container(enrol, verify_key=lambda m: m["root_public_key"]).manifest["first_epoch"] == 2
    new_machine = world.root / "new-machine"
    gopy("setup", enrol, home=new_machine)
    world.package(home=new_machine)
    world.submit_paper(2, start=10, home=new_machine)
    [new_batch] = world.export(world.root / "usb-new", home=new_machine)
    assert _manifest(new_batch)["epoch"] == 2
    [result] = world.ingest(new_batch)
    assert (result["outcome"], result["new_events"]) == ("applied", 2)
    assert query(world.centre_db, "SELECT epoch FROM kiosk_keys ORDER BY epoch") == [(1,), (2,)]
    assert world.epoch_status(2)["hwm"] == 2 and world.epoch_status(1)["hwm"] == 3

    # A stick the old machine wrote before it died still counts: its epoch-1 key stays bound.
    world.submit_paper(1, start=20)
    [late] = world.export(world.root / "usb-late")
    assert world.ingest(late)[0]["outcome"] == "applied"
