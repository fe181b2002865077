"""The fleet's services and selectors: the centre's keys, enrolment, packages, revocation, status."""

from __future__ import annotations

import pytest

from centre.audit.models import AuditEvent, EventType
from centre.consultations import selectors as consultation_selectors
from centre.consultations.services import do_close_consultation, do_publish
from centre.fleet import selectors
from centre.fleet.models import Kiosk, KioskKey, Package
from centre.fleet.services import do_build_package, do_enrol_kiosk, do_init_centre, do_revoke_key
from centre.ingest.models import Event, RefusedFile
from kiosk import canonical, i18n
from kiosk.errors import NotFoundError, UserFacingError, ValidationError
from sync.batches import batch_filename
from sync.container import read_container
from sync.enrolment_proof import SECRET_FIELD
from sync.keys import parse_verify_key
from sync.packages import CONSULTATIONS_MEMBER, package_filename
from tests.centre.fleet_seed import CODE, batch, bind_key, comment, consultation_file

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def centre(tmp_path, settings):
    """An initialised centre in tmp_path/centre, the configured one."""
    settings.HOME = tmp_path / "centre"
    do_init_centre(settings.HOME)
    return settings.HOME


def events(event_type: EventType) -> list[dict]:
    return [canonical.loads(e.extra) | {"target": e.target_id} for e in AuditEvent.objects.filter(event_type=event_type).order_by("seq")]


def read_enrolment(path):
    return read_container(path, verify_key=lambda manifest: parse_verify_key(manifest["root_public_key"]))


def read_package(path):
    from centre.fleet.services import load_keys

    return read_container(path, root_key=load_keys().root.verify_key)


def enrol(centre, kiosk_id: str = "K1", **options):
    options = {"commune_code": "TN", "commune_name": "Xã Thử Nghiệm"} | options
    code, name = options.pop("commune_code"), options.pop("commune_name")
    return do_enrol_kiosk(kiosk_id, code, name, centre.parent / f"{kiosk_id}.enrol", **options)


def test_init_is_audited_and_a_second_init_is_refused(centre):
    [made] = events(EventType.CENTRE_INITIALISED)
    assert made["root_key_id"] == made["target"]
    with pytest.raises(UserFacingError):
        do_init_centre(centre)
    assert len(events(EventType.CENTRE_INITIALISED)) == 1


def test_the_enrolment_file_carries_a_one_time_secret_the_centre_keeps(centre):
    path = enrol(centre, province_code="79", province_name="TP. Hồ Chí Minh", centre_url="https://gopy.example.vn")
    manifest = read_enrolment(path).manifest
    kiosk = Kiosk.objects.get(kiosk_id="K1")
    assert manifest[SECRET_FIELD] == kiosk.enrolment_secret and len(kiosk.enrolment_secret) == 64
    assert (manifest["province_code"], manifest["province_name"], manifest["centre_url"]) == (
        "79",
        "TP. Hồ Chí Minh",
        "https://gopy.example.vn",
    )
    assert (manifest["commune_code"], manifest["commune_name"]) == ("TN", "Xã Thử Nghiệm")
    assert events(EventType.KIOSK_ENROLLED)[0]["target"] == "K1"


@pytest.mark.parametrize("kiosk_id", ["", "-K1", "K 1", "K/1", "K" * 65])
def test_a_bad_kiosk_id_is_refused(centre, kiosk_id):
    with pytest.raises(ValidationError, match="kiosk id"):
        enrol(centre, kiosk_id)
    assert not Kiosk.objects.exists()


def test_defect_5b_enrolling_an_enrolled_id_again_is_refused_without_replace_and_a_reason(centre):
    enrol(centre)
    bind_key("K1")
    first_secret = Kiosk.objects.get().enrolment_secret
    with pytest.raises(ValidationError, match="already enrolled") as refused:
        enrol(centre, commune_code="XB", commune_name="Xã Bên")
    assert "--replace" in refused.value.message
    with pytest.raises(ValidationError, match="reason"):
        enrol(centre, commune_code="XB", commune_name="Xã Bên", replace=True, reason="  ")
    kiosk = Kiosk.objects.get()
    assert (kiosk.commune_name, kiosk.enrolment_secret) == ("Xã Thử Nghiệm", first_secret)

    path = enrol(centre, commune_code="XB", commune_name="Xã Bên", replace=True, reason="máy thay thế sau hỏa hoạn")
    kiosk = Kiosk.objects.get()
    assert kiosk.commune_name == "Xã Bên" and kiosk.enrolment_secret not in ("", first_secret)
    assert read_enrolment(path).manifest[SECRET_FIELD] == kiosk.enrolment_secret
    assert KioskKey.objects.filter(kiosk=kiosk).count() == 1  # the old key stays, for its old events
    [again] = events(EventType.KIOSK_REENROLLED)
    assert (again["old"]["commune_name"], again["new"]["commune_name"], again["reason"]) == (
        "Xã Thử Nghiệm",
        "Xã Bên",
        "máy thay thế sau hỏa hoạn",
    )


def test_an_id_differing_only_in_case_is_refused(centre):
    enrol(centre, "XA-PHUOC-01")
    with pytest.raises(ValidationError, match="capital letters"):
        enrol(centre, "xa-phuoc-01")


def test_defect_5e_file_names_carry_the_whole_kiosk_id():
    assert package_filename("XA-PHUOC-01", 3) != package_filename("XA-PHUOC-02", 3)
    assert batch_filename("XA-PHUOC-01", 1, 2) != batch_filename("XA-PHUOC-02", 1, 2)
    assert package_filename("XA-PHUOC-01", 3) == "GOPY-PKG-XA-PHUOC-01-000003.zip"
    assert batch_filename("XA-PHUOC-01", 1, 2) == "GOPY-XA-PHUOC-01-e1-b2.zip"


def test_defect_5e_two_kiosks_packaged_into_one_folder_keep_both_files_and_nothing_is_overwritten(centre, tmp_path):
    enrol(centre, "XA-PHUOC-01")
    enrol(centre, "XA-PHUOC-02")
    stick = tmp_path / "usb"
    stick.mkdir()
    stranger = stick / package_filename("XA-PHUOC-01", 1)
    stranger.write_bytes(b"a file someone left here")
    first = do_build_package("XA-PHUOC-01", stick)
    second = do_build_package("XA-PHUOC-02", stick)
    assert stranger.read_bytes() == b"a file someone left here"
    assert len({first, second, stranger}) == 3 and first.name == "GOPY-PKG-XA-PHUOC-01-000001-2.zip"
    assert read_package(first).manifest["kiosk_id"] == "XA-PHUOC-01"
    assert read_package(second).manifest["kiosk_id"] == "XA-PHUOC-02"
    assert Package.objects.get(kiosk_id="XA-PHUOC-01").file_name == first.name


def test_a_package_records_the_draft_versions_it_carries_and_is_audited(centre, tmp_path):
    enrol(centre)
    do_publish(consultation_file(tmp_path / "spec"))
    path = do_build_package("K1", tmp_path / "out")
    package = Package.objects.get()
    assert (package.package_seq, canonical.loads(package.draft_versions)) == (1, {CODE: 1})
    assert package.sha256 == canonical.sha256_hex(path.read_bytes())
    [issued] = events(EventType.PACKAGE_ISSUED)
    assert (issued["package_seq"], issued["draft_versions"]) == (1, {CODE: 1})
    assert do_build_package("K1", tmp_path / "out").name.endswith("-000002.zip")
    with pytest.raises(NotFoundError):
        do_build_package("K9", tmp_path / "out")


def test_a_closed_consultation_is_closed_in_the_next_package(centre, tmp_path):
    enrol(centre)
    do_publish(consultation_file(tmp_path / "spec"))
    assert do_close_consultation(CODE) is True
    assert do_close_consultation(CODE) is False
    [closed] = events(EventType.CONSULTATION_CLOSED)
    assert closed["target"] == CODE
    [carried] = canonical.loads(read_package(do_build_package("K1", tmp_path / "out")).members[CONSULTATIONS_MEMBER])
    assert carried["status"] == "closed"


def test_defect_5f_a_revoked_key_s_events_leave_every_count_and_stay_listed(centre, tmp_path):
    enrol(centre)
    bind_key("K1")
    do_publish(consultation_file(tmp_path / "spec"))
    batch("K1", [comment(stance="agree"), comment(stance="disagree"), comment(stance="disagree")])
    assert consultation_selectors.submission_count(CODE) == 3

    assert do_revoke_key("K1", "key-e1", 1, 2) == 2
    assert consultation_selectors.submission_count(CODE) == 1
    assert Event.objects.filter(revoked=True).count() == 2
    assert [r["seq"] for r in consultation_selectors.submissions(CODE)] == [1]
    assert [r["revoked"] for r in consultation_selectors.submissions(CODE, include_revoked=True)] == [False, True, True]
    assert selectors.centre_status().kiosks[0].submissions == 1
    [revoked] = events(EventType.KIOSK_KEY_REVOKED)
    assert (revoked["key_id"], revoked["new"]) == ("key-e1", {"epoch": 1, "from_seq": 2})
    manifest = read_package(do_build_package("K1", tmp_path / "out")).manifest
    assert manifest["revocations"] == [{"key_id": "key-e1", "epoch": 1, "from_seq": 2}]
    with pytest.raises(NotFoundError):
        do_revoke_key("K1", "no-such-key", 1, 1)
    with pytest.raises(ValidationError):
        do_revoke_key("K1", "key-e1", 0, 1)


def test_defect_5g_status_names_the_place_the_silence_the_package_held_and_refused_files(centre, tmp_path):
    from datetime import timedelta

    from centre.core import clock

    enrol(centre, province_code="79", province_name="TP. Hồ Chí Minh")
    enrol(centre, "K2", commune_code="XB", commune_name="Xã Bên")
    bind_key("K1")
    do_publish(consultation_file(tmp_path / "spec"))
    do_build_package("K1", tmp_path / "out")
    do_build_package("K1", tmp_path / "out")
    batch("K1", [comment(), comment()], manifest={"last_package_seq_imported": 1}, received_at=clock.now() - timedelta(days=3))
    RefusedFile.objects.create(
        file_sha256="f" * 64, file_name="hong.zip", size=12, reason="damaged", message="hong.zip is damaged.", refused_at=clock.now()
    )

    status = selectors.status_json(selectors.centre_status())
    k1, k2 = status["kiosks"]
    assert (k1["commune_code"], k1["commune_name"], k1["province_code"], k1["province_name"]) == (
        "TN",
        "Xã Thử Nghiệm",
        "79",
        "TP. Hồ Chí Minh",
    )
    assert k1["days_since_heard"] == 3 and k1["last_heard"].count("/") == 2
    assert (k1["package_issued"]["package_seq"], k1["package_held"]["package_seq"]) == (2, 1)
    assert k1["package_held"]["draft_versions"] == {CODE: 1}
    assert k1["epochs"][0]["epoch"] == 1 and k1["submissions"] == 2
    assert (k2["last_heard"], k2["days_since_heard"], k2["package_held"]) == ("", None, None)
    assert status["totals"] == {
        "kiosks": 2,
        "kiosks_never_heard": 1,
        "submissions": 2,
        "missing_ranges": 0,
        "held_batches": 0,
        "quarantined_batches": 0,
        "alarms": 0,
        "refused_files": 1,
    }
    assert [r["file_name"] for r in status["refused_files"]] == ["hong.zip"]
    text = "\n".join(selectors.status_lines(selectors.centre_status()))
    assert "2 kiosks (1 never heard from)" in text and "TP. Hồ Chí Minh" in text and "3 days ago" in text
    assert "it holds package 1" in text and "hong.zip is damaged." in text


def test_kiosks_lists_place_enrolment_and_keys(centre):
    enrol(centre, province_name="Hà Tĩnh")
    bind_key("K1")
    [kiosk] = selectors.kiosks_json()
    assert (kiosk["kiosk_id"], kiosk["province_name"], kiosk["last_heard"]) == ("K1", "Hà Tĩnh", "")
    assert [k["key_id"] for k in kiosk["keys"]] == ["key-e1"]


def test_defect_5e_the_kiosk_applies_its_package_whatever_name_it_got_on_the_stick(centre, tmp_path):
    """The kiosk's import reads the signed manifest, never the file name: a ``-2`` name is the same package."""
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.kiosk_side import import_package, setup

    home = Home(tmp_path / "kiosk").ensure()
    store = open_store(home.database)
    try:
        setup(store, home, enrol(centre, "XA-PHUOC-01", province_name="Đồng Nai"))
        do_publish(consultation_file(tmp_path / "spec"))
        stick = tmp_path / "usb"
        stick.mkdir()
        (stick / package_filename("XA-PHUOC-01", 1)).write_bytes(b"left by someone")
        path = do_build_package("XA-PHUOC-01", stick)
        assert path.name == "GOPY-PKG-XA-PHUOC-01-000001-2.zip"
        applied = import_package(store, path, home)
        assert (applied.package_seq, applied.consultations) == (1, 1)
    finally:
        store.close()


def test_free_path_never_names_a_file_that_is_there(tmp_path):
    from sync.container import free_path

    assert free_path(tmp_path, "GOPY-K1-e1-b1.zip") == tmp_path / "GOPY-K1-e1-b1.zip"
    (tmp_path / "GOPY-K1-e1-b1.zip").touch()
    (tmp_path / "GOPY-K1-e1-b1-2.zip").touch()
    assert free_path(tmp_path, "GOPY-K1-e1-b1.zip") == tmp_path / "GOPY-K1-e1-b1-3.zip"


def test_every_change_above_is_in_one_unbroken_audit_chain(centre, tmp_path):
    from centre.audit.services import verify_chain

    enrol(centre)
    do_publish(consultation_file(tmp_path / "spec"))
    do_build_package("K1", tmp_path / "out")
    do_close_consultation(CODE)
    check = verify_chain()
    assert check.ok and check.events == 5
