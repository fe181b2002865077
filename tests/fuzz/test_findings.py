"""What the fuzzing of the readers found, built in code: each file is now refused with the reader's clear error.

Found by the atheris harness (tests/fuzz/harness.py) or while writing it;
each test names the crash the reader had before.
"""

from __future__ import annotations

import io
import re
import struct
import uuid
import zipfile

import openpyxl
import pytest
from nacl.signing import SigningKey

from kiosk import canonical, i18n
from kiosk.chain import GENESIS
from kiosk.drafts import DraftFormatError, parse_file
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.paper_import import PaperImporter
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from sync.container import read_container, write_container
from sync.errors import InvalidKey
from sync.keys import CentreKeys, KioskKey, b64encode, key_id
from sync.kiosk_side import import_package, setup
from sync.packages import CONSULTATIONS_MEMBER, PACKAGE_FORMAT, RESPONSES_MEMBER
from tests.conftest import CENTRE_ON_POSTGRES
from tests.sync.helpers import KIOSK, build_world, chain, clone_database, copy_world, craft_batch, dump, enrolment_proof, kiosk_key, query


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture(scope="module")
def template(request, tmp_path_factory):
    database = ""
    if CENTRE_ON_POSTGRES:
        database = request.getfixturevalue("pg_cluster").create_database(f"findings_{uuid.uuid4().hex[:12]}")
    return build_world(tmp_path_factory.mktemp("template"), database)


@pytest.fixture
def world(template, tmp_path):
    database = clone_database(template.database, f"centre_{uuid.uuid4().hex[:12]}") if template.database else ""
    return copy_world(template, tmp_path, database)


# ---------------------------------------------------------------- drafts and spreadsheets


def _zip_of_version(version: int) -> bytes:
    """A ZIP whose directory says it needs zipfile ``version`` (x10) to be read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    at = data.index(b"PK\x01\x02")
    data[at + 6 : at + 8] = struct.pack("<H", version)  # "version needed to extract"
    return bytes(data)


def test_a_zip_newer_than_zipfile_reads_is_refused_as_a_draft(tmp_path):
    path = tmp_path / "du-thao.docx"
    path.write_bytes(_zip_of_version(126))  # was NotImplementedError: zip file version 12.6

    with pytest.raises(DraftFormatError, match=r"du-thao\.docx"):
        parse_file(path)


def test_a_zip_newer_than_zipfile_reads_is_refused_as_a_spreadsheet(tmp_path, store, clock):
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(_zip_of_version(214))  # was NotImplementedError: zip file version 21.4

    with pytest.raises(ValidationError, match=r"phieu\.xlsx"):
        PaperImporter(SubmissionService(store, clock)).import_file(path)
    assert store.query("SELECT 1 FROM events") == []


def test_a_workbook_without_a_worksheet_is_refused(tmp_path, store, clock):
    book = openpyxl.Workbook()
    book.active.append(["consultation", "article", "stance"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "phieu.xlsx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            # The sheet the workbook names is not where it says: openpyxl loads no worksheet at all.
            target.writestr(info.filename.replace("worksheets", "elsewhere"), source.read(info))

    with pytest.raises(ValidationError, match=r"phieu\.xlsx"):  # was AttributeError: 'NoneType' ... 'merged_cells'
        PaperImporter(SubmissionService(store, clock)).import_file(path)
    assert store.query("SELECT 1 FROM events") == []


def test_a_csv_refused_half_way_imports_none_of_its_rows(tmp_path, store, clock):
    path = tmp_path / "phieu.csv"
    header, good = "consultation,article,stance,comment,form_date\n", "TEST-1,Điều 1,đồng ý,Đồng ý.,20/11/2026\n"
    path.write_text(header + good + f"TEST-1,Điều 2,đồng ý,{'x' * 200_000},20/11/2026\n", encoding="utf-8")

    with pytest.raises(ValidationError, match=r"phieu\.csv"):
        PaperImporter(SubmissionService(store, clock)).import_file(path)
    assert store.query("SELECT 1 FROM events") == []  # was: the first row stored, then the file refused


# ---------------------------------------------------------------- enrolment files


def _enrolment(world, tmp_path, key: SigningKey | None = None, **fields):
    """An enrolment file like the centre's, with ``fields`` changed, signed by ``key`` (the centre's root by default)."""
    keys = CentreKeys.load(world.centre / "keys")
    genuine = read_container(world.root / "K1.enrol", verify_key=keys.root.verify_key).manifest
    manifest = {name: value for name, value in genuine.items() if name != "files"}
    if key is not None:
        manifest["root_public_key"] = b64encode(bytes(key.verify_key))
    manifest.update(fields)
    return write_container(tmp_path / "forged.enrol", {n: v for n, v in manifest.items() if v is not None}, {}, key or keys.root)


@pytest.fixture
def fresh_kiosk(tmp_path):
    store = open_store(None)
    yield store, Home(tmp_path / "fresh").ensure()
    store.close()


def test_an_enrolment_file_without_its_fields_is_refused(world, tmp_path, fresh_kiosk):
    store, home = fresh_kiosk
    path = _enrolment(world, tmp_path, commune_code=None)

    with pytest.raises(ValidationError, match=r"forged\.enrol"):  # was KeyError: 'commune_code'
        setup(store, home, path)
    assert store.query_one("SELECT enrolled_at FROM identity")["enrolled_at"] is None


def test_an_enrolment_file_with_a_number_for_a_key_is_refused_before_anything_is_allocated(world, tmp_path, fresh_kiosk):
    store, home = fresh_kiosk
    for number in (10**20, 2**62):  # were OverflowError and MemoryError, from bytes(number)
        path = _enrolment(world, tmp_path, root_public_key=number)
        with pytest.raises(InvalidKey):
            setup(store, home, path)


def test_an_enrolment_file_showing_the_centres_fingerprint_for_another_key_is_refused(world, tmp_path, fresh_kiosk):
    store, home = fresh_kiosk
    genuine = CentreKeys.load(world.centre / "keys").root_key_id
    path = _enrolment(world, tmp_path, key=SigningKey.generate(), root_key_id=genuine)

    # Before, the kiosk pinned the other key and showed the genuine fingerprint to compare.
    with pytest.raises(ValidationError, match=r"forged\.enrol"):
        setup(store, home, path)
    assert store.query_one("SELECT root_key FROM identity")["root_key"] is None


def test_an_enrolment_file_with_a_sealing_key_that_is_not_its_fingerprint_is_refused(world, tmp_path, fresh_kiosk):
    store, home = fresh_kiosk
    path = _enrolment(world, tmp_path, sealing_public_key=b64encode(bytes(32)))

    with pytest.raises(ValidationError, match=r"forged\.enrol"):
        setup(store, home, path)


def test_the_centres_own_enrolment_file_is_still_accepted(world, fresh_kiosk):
    store, home = fresh_kiosk
    keys = CentreKeys.load(world.centre / "keys")

    enrolment = setup(store, home, world.root / "K1.enrol")

    assert enrolment.root_key_id == keys.root_key_id == key_id(bytes(keys.root.verify_key))


# ---------------------------------------------------------------- packages signed by the centre


def _signed_package(world, tmp_path, *, members=None, **manifest):
    keys = CentreKeys.load(world.centre / "keys")
    fields = {"format": PACKAGE_FORMAT, "kiosk_id": KIOSK, "package_seq": 2, "base_seq": 0, "issued_at": "2026-11-24T00:00:00+00:00"}
    fields.update(manifest)
    contents = {CONSULTATIONS_MEMBER: b"[]"} if members is None else members
    return write_container(
        tmp_path / "GOPY-PKG-K1-000002.zip", {n: v for n, v in fields.items() if v is not None}, contents, keys.package, cert=keys.cert
    )


@pytest.mark.parametrize(
    ("members", "manifest"),
    [
        ({CONSULTATIONS_MEMBER: b""}, {}),  # was JSONDecodeError
        ({CONSULTATIONS_MEMBER: b"[" * 100_000}, {}),  # was RecursionError
        ({}, {}),  # was KeyError: 'consultations.json'
        (None, {"package_seq": None}),  # was KeyError: 'package_seq'
        (None, {"package_seq": "3"}),  # was TypeError: '<=' not supported
        (None, {"base_seq": [1]}),  # was TypeError
        (None, {"issued_at": 20261124}),  # was TypeError in max(), inside the transaction
        (None, {"acks": [{"epoch": 10**30, "hwm_seq": 1, "head_hash": "0" * 64}]}),  # was OverflowError, from SQLite
        ({CONSULTATIONS_MEMBER: b"[]", RESPONSES_MEMBER: b'[{"consultation_code":null,"status":"accepted"}]'}, {}),  # was IntegrityError
        (None, {"sealing_key": {"public_key": b64encode(bytes(32)), "key_id": [1]}}),  # was ProgrammingError: type 'list'
    ],
)
def test_a_signed_package_this_kiosk_cannot_read_is_refused_whole(world, tmp_path, members, manifest):
    path = _signed_package(world, tmp_path, members=members, **manifest)
    store = open_store(world.kiosk_db)
    before = dump(world.kiosk_db)

    with pytest.raises(ValidationError, match=re.escape(path.name)):
        import_package(store, path, Home(world.kiosk))
    store.close()
    assert dump(world.kiosk_db) == before


def test_a_signed_package_the_kiosk_can_read_is_still_applied(world, tmp_path):
    store = open_store(world.kiosk_db)

    applied = import_package(store, _signed_package(world, tmp_path), Home(world.kiosk))

    assert applied.package_seq == 2
    store.close()


# ---------------------------------------------------------------- batches at the centre


def _ingest(world, path) -> dict:
    """``gopy central ingest`` on one file: its outcome as --json says it."""
    [outcome] = world.ingest(path, check=False)
    return outcome


def _refused(outcome: dict, *words: str) -> None:
    assert (outcome["outcome"], outcome["reason"]) == ("refused", "damaged"), outcome
    assert all(word in outcome["message"] for word in words), outcome["message"]


@pytest.mark.centre
def test_a_batch_with_a_number_beyond_sqlite_is_refused(world, tmp_path):
    # Anyone can sign a batch for a kiosk the centre does not know: it is kept for review, so it is read.
    lines, hashes = chain("K9", 2**70, 1, GENESIS, 1)
    path = craft_batch(tmp_path, KioskKey.generate(), lines, hashes, kiosk_id="K9", epoch=2**70)
    before = dump(world.centre_db)

    _refused(_ingest(world, path), "epoch")  # was OverflowError: Python int too large to convert to SQLite INTEGER
    assert dump(world.centre_db) == before


@pytest.mark.centre
@pytest.mark.parametrize("epoch", [2**31, 2**40])
def test_a_batch_with_an_epoch_beyond_a_32_bit_column_is_refused(world, tmp_path, epoch):
    """PostgreSQL's integer columns end at 2**31 - 1: such an epoch was a DataError there, an unexpected error."""
    lines, hashes = chain("K9", epoch, 1, GENESIS, 1)
    path = craft_batch(tmp_path, KioskKey.generate(), lines, hashes, kiosk_id="K9", epoch=epoch)
    before = dump(world.centre_db)
    _refused(_ingest(world, path), "epoch")
    assert dump(world.centre_db) == before


@pytest.mark.centre
@pytest.mark.parametrize("imported", [[1], 2**63, -1, "1"])
def test_a_batch_naming_a_package_number_that_is_no_number_is_refused(world, tmp_path, imported):
    lines, hashes = chain(KIOSK, 1, 1, GENESIS, 1)
    path = craft_batch(tmp_path, kiosk_key(world), lines, hashes, last_package_seq_imported=imported, **enrolment_proof(world))
    before = dump(world.centre_db)

    # The list and 2**63 were a ProgrammingError and an OverflowError from SQLite; -1 and "1" were taken as they were.
    _refused(_ingest(world, path), "last_package_seq_imported")
    assert dump(world.centre_db) == before


@pytest.mark.centre
def test_a_batch_with_half_a_utf16_pair_in_an_event_is_refused(world, tmp_path):
    lines, _hashes = chain(KIOSK, 1, 1, GENESIS, 1)
    line = lines[0].replace(b'"id":"', b'"id":"\\ud800', 1)
    path = craft_batch(tmp_path, kiosk_key(world), [line], [canonical.event_hash(line)], **enrolment_proof(world))
    before = dump(world.centre_db)

    _refused(_ingest(world, path), " 1")  # was UnicodeEncodeError: surrogates not allowed, from SQLite
    assert dump(world.centre_db) == before


@pytest.mark.centre
def test_a_batch_with_a_whole_utf16_pair_is_still_applied(world, tmp_path):
    lines, _hashes = chain(KIOSK, 1, 1, GENESIS, 1)
    line = lines[0].replace(b'"comment":"', b'"comment":"\\ud83d\\ude00 ', 1)  # an emoji, escaped as JSON may
    path = craft_batch(tmp_path, kiosk_key(world), [line], [canonical.event_hash(line)], **enrolment_proof(world))

    assert _ingest(world, path)["new_events"] == 1


@pytest.mark.centre
def test_a_batch_whose_fields_are_too_wide_or_hold_a_nul_is_stored_without_trusting_them_as_columns(world, tmp_path):
    """PostgreSQL refuses a NUL in text and a value wider than its column: those fields are simply not columns."""
    lines, _hashes = chain(KIOSK, 1, 1, GENESIS, 1, consultation="X" * 100, channel="a\u0000b", receipt_code="R" * 30)
    path = craft_batch(tmp_path, kiosk_key(world), lines, [canonical.event_hash(lines[0])], **enrolment_proof(world))
    assert _ingest(world, path)["new_events"] == 1
    assert query(world.centre_db, "SELECT consultation_code, channel, receipt_code FROM events") == [(None, None, None)]
