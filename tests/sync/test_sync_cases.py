"""The failure cases of notes/sync.md §4, each named by its number, with real files and real processes.

Cases 6-11 and 33 at the level of the container format are in test_container.py;
31-34 at the level of packages in test_packages.py. Here they are met as an
operator meets them: through ``gopy``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import unicodedata
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Stance
from kiosk.feedback import Consent, FeedbackForm, FeedbackItem, PersonalData
from kiosk.home import Home
from kiosk.identity import clock_warning
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from sync.batches import export_batches
from sync.keys import KioskKey
from sync.kiosk_side import import_package
from tests.sync.helpers import (
    CLOCK_COLUMN,
    CODE,
    COMMENT_COLUMN,
    GOPY,
    KIOSK,
    SEQ_COLUMN,
    backup,
    chain,
    craft_batch,
    dump,
    enrolment_proof,
    gopy,
    kiosk_key,
    one_line_refusal,
    paper_csv,
    query,
    report_comments,
    restore,
)

pytestmark = pytest.mark.centre


def _events(world, where: str = "1 = 1") -> int:
    return query(world.centre_db, f"SELECT count(*) FROM events WHERE {where}")[0][0]


def _states(world) -> dict[str, int]:
    return dict(query(world.kiosk_db, "SELECT state, count(*) FROM events GROUP BY state"))


def _refused_unchanged(world, path, *expected):
    """Ingest is refused with one line, and the centre's database is exactly as before."""
    before = dump(world.centre_db)
    line = one_line_refusal(world.central("ingest", path, check=False))
    for word in expected:
        assert word in line, line
    assert dump(world.centre_db) == before
    return line


# -- 1, 43: replays and overlapping cumulative batches


def test_case_01_the_same_batch_twice_is_success_and_changes_nothing(world):
    world.submit_paper(5)
    [batch] = world.export(world.root / "usb")
    assert world.ingest(batch)[0]["outcome"] == "applied"
    before = dump(world.centre_db)
    result = world.central("ingest", batch)
    assert result.returncode == 0 and batch.name in result.stdout
    assert dump(world.centre_db) == before
    assert _events(world) == 5


def test_case_43_overlapping_cumulative_batches_store_each_submission_once(world):
    world.submit_paper(4)
    [first] = world.export(world.root / "usb1")
    world.submit_paper(3, start=4)
    [second] = world.export(world.root / "usb2")  # not acknowledged yet: 1..7 again
    assert (first.name, second.name) == ("GOPY-K1-e1-b1.zip", "GOPY-K1-e1-b2.zip")
    outcomes = world.ingest(second, first)
    assert [o["outcome"] for o in outcomes] == ["applied", "already"]
    assert _events(world) == 7
    assert query(world.centre_db, "SELECT count(DISTINCT uuid), min(seq), max(seq) FROM events") == [(7, 1, 7)]


# -- 2, 16: a fork from a cloned disk


def test_case_02_and_16_a_cloned_kiosk_forks_and_is_quarantined_with_an_alarm(world):
    world.submit_paper(3)
    clone = world.root / "clone"
    shutil.copytree(world.kiosk, clone)  # the same disk image on a second machine
    world.submit_paper(2, start=100)
    world.submit_paper(2, start=200, home=clone)
    [original] = world.export(world.root / "usb-a")
    [copy] = world.export(world.root / "usb-b", home=clone)
    assert original.name == copy.name  # the same identity, the same numbering

    assert world.ingest(original)[0]["outcome"] == "applied"
    before = query(world.centre_db, "SELECT seq, hash FROM events ORDER BY seq")
    result = world.central("ingest", copy, "--json", check=False)
    assert result.returncode == 2
    [outcome] = json.loads(result.stdout)
    assert (outcome["outcome"], outcome["reason"], outcome["at_seq"]) == ("quarantined", "fork", 4)
    assert query(world.centre_db, "SELECT seq, hash FROM events ORDER BY seq") == before  # never overwritten
    epoch = world.epoch_status()
    assert epoch["hwm"] == 5 and [q["reason"] for q in epoch["quarantined"]] == ["fork"]
    assert [a["kind"] for a in world.status()["alarms"]] == ["fork"]
    line = one_line_refusal(world.central("ingest", copy, check=False))
    assert copy.name in line and "4" in line

    # The copy learns from the centre's acknowledgement that it is not the kiosk the centre knows.
    world.package(home=clone)
    assert query(clone / "kiosk.sqlite3", "SELECT epoch FROM identity") == [(2,)]
    assert query(clone / "kiosk.sqlite3", "SELECT count(*) FROM events WHERE state = 'acked'") == [(0,)]


# -- 3: two workers at once


def test_case_03_two_centre_workers_ingesting_one_batch_store_it_once(world):
    world.submit_paper(20)
    [batch] = world.export(world.root / "usb")
    command = [*GOPY, "central", "ingest", "--home", str(world.centre), str(batch), "--json"]
    env = {**os.environ, "GOPY_CENTRE_DATABASE": world.database}
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        outcomes += [o["outcome"] for o in json.loads(out)]
    assert sorted(outcomes) == ["already", "already", "applied"]
    assert _events(world) == 20
    assert query(world.centre_db, "SELECT count(*) FROM batches") == [(1,)]


# -- 4, 42: parts out of order, a gap held and filled


def test_case_04_and_42_a_later_part_is_held_with_its_missing_range_until_the_gap_fills(world):
    world.submit_paper(30)
    home = Home(world.kiosk)
    store = open_store(home.database)
    try:
        one_event = max(len(row["body"].encode()) + 1 for row in store.query("SELECT body FROM events"))
        # A size cap of ten events' worth splits the batch into chained parts of the same export.
        parts = export_batches(store, home, world.root / "usb", max_bytes=one_event * 10 + 5).batches
    finally:
        store.close()
    assert [(p.seq_from, p.seq_to) for p in parts] == [(1, 10), (11, 20), (21, 30)]
    third, second, first = (p.path for p in reversed(parts))

    [held] = world.ingest(third)
    assert (held["outcome"], held["missing"]) == ("held", [[1, 20]])
    assert "1–20" in held["message"] and KIOSK in held["message"]
    assert world.epoch_status()["missing"] == [[1, 20]]
    [held] = world.ingest(second)
    assert world.epoch_status()["missing"] == [[1, 10]]
    assert _events(world) == 0

    [applied] = world.ingest(first)
    assert (applied["outcome"], applied["new_events"], applied["released"], applied["hwm"]) == ("applied", 10, 2, 30)
    epoch = world.epoch_status()
    assert (epoch["hwm"], epoch["missing"], epoch["held"]) == (30, [], [])
    assert query(world.centre_db, "SELECT count(*), min(seq), max(seq) FROM events") == [(30, 1, 30)]
    assert world.ingest(third)[0]["outcome"] == "already"


# -- 5: a lost stick


def test_case_05_a_lost_stick_loses_nothing(world):
    world.submit_paper(6)
    [lost] = world.export(world.root / "usb")
    lost.unlink()  # the stick never reached the centre
    world.submit_paper(4, start=6)
    [carried] = world.export(world.root / "usb")
    assert world.ingest(carried)[0]["new_events"] == 10
    assert world.epoch_status()["hwm"] == 10


# -- 6: a chain break, validly signed


def test_case_06_a_batch_not_continuing_the_centres_head_is_refused_as_a_chain_break(world):
    world.submit_paper(5)
    [batch] = world.export(world.root / "usb")
    world.ingest(batch)
    head = query(world.centre_db, "SELECT head_hash FROM heads")[0][0]
    other = "ab" * 32
    lines, hashes = chain(KIOSK, 1, 6, other, 3)
    forged = craft_batch(world.root / "crafted", kiosk_key(world), lines, hashes, seq_from=6, first_prev=other)
    result = world.central("ingest", forged, "--json", check=False)
    assert result.returncode == 2
    assert json.loads(result.stdout)[0]["reason"] == "chain_break"
    assert _events(world) == 5 and world.epoch_status()["hwm"] == 5
    assert query(world.centre_db, "SELECT head_hash FROM heads") == [(head,)]
    # A genuine continuation still applies.
    world.submit_paper(1, start=5)
    [cumulative] = world.export(world.root / "usb")
    assert world.ingest(cumulative)[0]["new_events"] == 1


# -- 7, 9: damaged and hostile files


def test_case_07_one_flipped_byte_anywhere_refuses_the_whole_batch(world):
    world.submit_paper(8)
    [batch] = world.export(world.root / "usb")
    data = batch.read_bytes()
    with zipfile.ZipFile(batch) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    places = {
        "events": infos["events.jsonl"].header_offset + 30 + len("events.jsonl") + 40,
        "manifest": infos["manifest.json"].header_offset + 30 + len("manifest.json") + 20,
        "signature": infos["manifest.sig"].header_offset + 30 + len("manifest.sig") + 5,
    }
    for where, offset in places.items():
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        path = world.root / f"{where}-{batch.name}"
        path.write_bytes(bytes(damaged))
        _refused_unchanged(world, path, path.name)
    assert _events(world) == 0
    assert world.ingest(batch)[0]["new_events"] == 8


def test_case_07_an_event_edited_and_re_signed_by_someone_else_is_never_applied(world):
    world.submit_paper(3)
    [batch] = world.export(world.root / "usb")
    world.ingest(batch)  # the kiosk's first batch binds its key
    world.submit_paper(1, start=3)
    [batch] = world.export(world.root / "usb")
    with zipfile.ZipFile(batch) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = zf.read("events.jsonl").splitlines()
    lines[-1] = lines[-1].replace("Góp ý".encode(), "Phản đối".encode())  # the last: no later link to break
    hashes = [canonical.event_hash(line) for line in lines]
    forged = craft_batch(world.root / "forged", KioskKey.generate(), lines, hashes, first_prev=manifest["first_prev_hash"])
    [outcome] = world.ingest(forged, check=False)
    assert (outcome["outcome"], outcome["reason"]) == ("quarantined", "unknown_key")
    assert _events(world) == 3
    assert world.ingest(batch)[0]["new_events"] == 1


def test_case_09_unlisted_duplicate_and_traversal_members_are_refused_before_extraction(world):
    world.submit_paper(2)
    [batch] = world.export(world.root / "usb")
    for name, member in (("extra", "notes.txt"), ("dup", "events.jsonl"), ("traversal", "../../evil.sh")):
        path = world.root / f"{name}.zip"
        shutil.copy(batch, path)
        with zipfile.ZipFile(path, "a") as zf, __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            zf.writestr(member, b"echo owned\n")
        _refused_unchanged(world, path)
    assert not (world.root.parent / "evil.sh").exists()


# -- 10, 11: the USB stick


def test_case_10_a_stick_pulled_mid_write_leaves_only_a_partial_that_is_refused(world):
    world.submit_paper(4)
    usb = world.root / "usb"
    killed = world.kiosk_cmd("export-batch", "--out", usb, check=False, fault="export.before_rename")
    assert killed.returncode == -signal.SIGKILL
    [partial] = usb.iterdir()
    assert partial.name.endswith(".partial")
    line = _refused_unchanged(world, partial, partial.name)
    assert "Traceback" not in line
    assert _states(world) == {"sealed": 4}
    [batch] = world.export(usb)  # the next start resets the job; the export succeeds
    assert query(world.kiosk_db, "SELECT batch_seq, state, detail FROM export_jobs ORDER BY batch_seq") == [
        (1, "failed", "interrupted"),
        (2, "done", ""),
    ]
    assert world.ingest(batch)[0]["new_events"] == 4


def test_case_11_an_older_longer_file_of_the_same_name_is_never_written_over(world):
    world.submit_paper(2)
    usb = world.root / "usb"
    usb.mkdir()
    older = usb / "GOPY-K1-e1-b1.zip"
    older.write_bytes(b"PK\x03\x04" + b"\xff" * 2_000_000)
    [batch] = world.export(usb)
    # The new batch goes beside it, whole; the file that was there is left as it was (it may be another kiosk's: FAT32 ignores case).
    assert batch.name == "GOPY-K1-e1-b1-2.zip" and batch.stat().st_size < 100_000
    assert older.stat().st_size == 2_000_004
    assert world.ingest(batch)[0]["new_events"] == 2


# -- 12, 13, 14: crashes on the kiosk, and nothing deleted


def test_case_12_a_crash_inside_a_submission_leaves_no_gap_and_no_reused_number(world):
    world.submit_paper(3)
    killed = world.submit_paper(2, start=3, fault="submission.after_insert", check=False)
    assert killed.returncode == -signal.SIGKILL
    world.submit_paper(2, start=5)
    [batch] = world.export(world.root / "usb")
    assert world.ingest(batch)[0]["hwm"] == 5  # the centre verified every link of 1..5
    assert query(world.centre_db, "SELECT count(*), max(seq) FROM events") == [(5, 5)]


def test_case_13_a_kill_during_export_leaves_submissions_sealed_or_exported_never_acked(world):
    world.submit_paper(6)
    usb = world.root / "usb"
    for number, fault in enumerate(("export.before_write", "export.before_commit", "export.after_commit"), start=1):
        killed = world.kiosk_cmd("export-batch", "--out", usb, check=False, fault=fault)
        assert killed.returncode == -signal.SIGKILL
        assert "acked" not in _states(world)
        # The killed job is left running; the next start marks the one before as failed.
        jobs = query(world.kiosk_db, "SELECT batch_seq, state FROM export_jobs ORDER BY batch_seq")
        assert jobs == [*((n, "failed") for n in range(1, number)), (number, "done" if number == 3 else "running")]
    assert _states(world) == {"exported": 6}  # the last kill came after the commit
    world.export(world.root / "usb-again")
    files = sorted(usb.glob("*.zip")) + sorted((world.root / "usb-again").glob("*.zip"))
    assert [f.name for f in files] == ["GOPY-K1-e1-b2.zip", "GOPY-K1-e1-b3.zip", "GOPY-K1-e1-b4.zip"]
    outcomes = world.ingest(*files)
    assert [o["outcome"] for o in outcomes] == ["applied", "already", "already"]
    assert _events(world) == 6


def test_case_14_nothing_is_deleted_before_the_centres_acknowledgement(world):
    world.submit_paper(5)
    [batch] = world.export(world.root / "usb")
    assert _states(world) == {"exported": 5}
    world.ingest(batch)
    assert _states(world) == {"exported": 5}  # the centre has them, but the kiosk has not heard yet
    world.package()
    assert _states(world) == {"acked": 5}
    assert query(world.kiosk_db, "SELECT count(*) FROM events") == [(5,)]  # acknowledged, still kept


# -- 15, 29: a restored database, a new epoch and its new key


def test_case_15_and_29_a_restored_database_starts_an_endorsed_new_epoch_linked_to_its_last_head(world):
    world.submit_paper(5)
    [b1] = world.export(world.root / "usb")
    world.ingest(b1)
    world.package()
    backup(world.kiosk_db, world.root / "backup.sqlite3")
    world.submit_paper(5, start=5)
    [b2] = world.export(world.root / "usb")
    world.ingest(b2)

    restore(world.root / "backup.sqlite3", world.kiosk_db)
    # Opened for a kiosk command, the database is found behind its sidecar: epoch 2 begins.
    result = world.kiosk_cmd("export-batch", "--out", world.root / "usb2", "--json")
    assert result.stderr.strip()  # the administrator is told
    assert query(world.kiosk_db, "SELECT epoch FROM identity") == [(2,)]
    start = canonical.loads(query(world.kiosk_db, "SELECT body FROM events WHERE epoch = 2 AND seq = 1")[0][0])
    assert (start["type"], start["last_known"]["seq"], start["database_head"]["seq"]) == ("epoch.start", 10, 5)
    assert [b["epoch"] for b in json.loads(result.stdout)["batches"]] == [2]  # epoch 1 up to 5 was acknowledged
    world.submit_paper(3, start=10)
    batches = sorted((world.root / "usb2").iterdir()) + world.export(world.root / "usb3")
    assert [b.name for b in batches] == ["GOPY-K1-e2-b1.zip", "GOPY-K1-e2-b2.zip"]
    outcomes = world.ingest(*batches)
    assert [(o["epoch"], o["new_events"]) for o in outcomes] == [(2, 1), (2, 3)]
    status = world.status()["kiosks"][0]
    assert [(e["epoch"], e["hwm"], e["missing"]) for e in status["epochs"]] == [(1, 10, []), (2, 4, [])]
    assert [(k["epoch"], k["key_id"]) for k in status["keys"]] == [(1, kiosk_key(world).key_id), (2, kiosk_key(world, 2).key_id)]
    assert _events(world, "kind = 'submission'") == 13
    assert query(world.centre_db, "SELECT count(DISTINCT receipt_code) FROM events WHERE kind = 'submission'") == [(13,)]
    # The acknowledgements follow the restored database's own line: everything is acknowledged, nothing sent again.
    world.package()
    assert set(_states(world)) == {"acked"}
    assert world.export(world.root / "usb3") == []

    # Case 29: a key for epoch 2 that the enrolment key never endorsed is not accepted.
    head = query(world.centre_db, "SELECT head_hash FROM heads WHERE epoch = 2")[0][0]
    lines, hashes = chain(KIOSK, 2, 5, head, 1)
    stranger = KioskKey.generate()
    forged = craft_batch(
        world.root / "forged",
        stranger,
        lines,
        hashes,
        epoch=2,
        seq_from=5,
        first_prev=head,
        key_endorsement={"by_key_id": stranger.key_id, "by_public_key": stranger.public_key, "signature": "AAAA"},
    )
    result = world.central("ingest", forged, "--json", check=False)
    assert json.loads(result.stdout)[0]["reason"] == "unknown_key"


def test_case_15_events_lost_with_a_restore_are_reported_as_missing(world):
    world.submit_paper(5)
    [b1] = world.export(world.root / "usb")
    world.ingest(b1)
    world.package()
    backup(world.kiosk_db, world.root / "backup.sqlite3")
    world.submit_paper(5, start=5)
    [lost] = world.export(world.root / "usb")  # the sidecar now knows 1..10; the stick is lost
    lost.unlink()
    restore(world.root / "backup.sqlite3", world.kiosk_db)
    batches = world.export(world.root / "usb2")  # starts epoch 2
    world.submit_paper(2, start=20)
    batches += world.export(world.root / "usb2")
    world.ingest(*batches)
    status = world.central("status")
    assert "6–10" in status.stdout and KIOSK in status.stdout
    assert world.epoch_status(1)["missing"] == [[6, 10]]


def test_case_15_an_acknowledgement_beyond_the_database_also_reveals_a_restore(world):
    world.submit_paper(3)
    backup(world.kiosk_db, world.root / "backup.sqlite3")
    world.submit_paper(4, start=3)
    world.ingest(*world.export(world.root / "usb"))
    restore(world.root / "backup.sqlite3", world.kiosk_db)
    (world.kiosk / "identity.json").unlink()  # the record outside the database went with the old disk
    result = world.package()
    assert result.stderr.strip()
    assert query(world.kiosk_db, "SELECT epoch FROM identity") == [(2,)]
    start = canonical.loads(query(world.kiosk_db, "SELECT body FROM events WHERE epoch = 2")[0][0])
    assert (start["reason"], start["database_head"]["seq"]) == ("behind_centre", 3)
    assert _states(world) == {"sealed": 4}  # 1-3 of epoch 1 are not taken as acknowledged at 7; epoch 2 has begun
    world.ingest(*world.export(world.root / "usb2"))
    world.package()
    assert _states(world) == {"acked": 4}
    assert world.export(world.root / "usb3") == []


# -- 17, 18: wrong clocks


def test_case_17_and_18_wrong_clocks_still_accept_feedback_marked_suspect_and_bracketed(world):
    home = Home(world.kiosk)
    store = open_store(home.database)
    now = datetime.now(UTC)
    repo = ConsultationRepository(store)
    node = repo.node_by_key(repo.current_draft_id(CODE), "article:1").id

    def submit(when):
        form = FeedbackForm(CODE, items=(FeedbackItem(node, Stance.AGREE, "Đồng ý."),))
        return SubmissionService(store, lambda: when).submit(form).receipt

    first = submit(now)
    export_batches(store, home, world.root / "usb1")
    store.close()
    world.ingest(*(world.root / "usb1").iterdir())
    store = open_store(home.database)
    behind = now - timedelta(days=2)  # earlier than the last package: the clock was reset
    assert clock_warning(store, now + timedelta(minutes=1)) is None
    assert clock_warning(store, behind) is not None
    second = submit(behind)  # accepted, not refused
    third = submit(now + timedelta(days=10))  # years off would fail the consultation's own dates; days are enough here
    bodies = [canonical.loads(r["body"]) for r in store.query("SELECT body FROM events ORDER BY seq")]
    assert [b["clock_state"] for b in bodies] == ["ok", "suspect", "ok"]
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]  # ordered by sequence, whatever the clock said
    batches = export_batches(store, home, world.root / "usb2").batches
    store.close()
    world.ingest(*(b.path for b in batches))
    report = world.root / "report.csv"
    world.central("report", "--consultation", CODE, "--out", report)
    clocks = {int(row[SEQ_COLUMN]): row[CLOCK_COLUMN] for row in report_comments(report)}
    assert clocks[1] == ""
    assert "suspect" in clocks[2] and "before_floor" in clocks[2]
    assert "after_receipt" in clocks[3]


# -- 24, 27: sealed personal data


def test_case_24_personal_data_without_the_centres_key_is_refused_and_never_stored(tmp_path):
    fresh = tmp_path / "unenrolled"
    gopy("demo-data", home=fresh)
    store = open_store(fresh / "kiosk.sqlite3")
    code = store.query_one("SELECT code FROM consultations")["code"]
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = NULL, sealing_key_id = NULL")
    store.close()
    forms = tmp_path / "forms.csv"
    forms.write_text(
        f"consultation,article,stance,comment,name,phone\n{code},Điều 1,đồng ý,Tốt,Nguyễn Thị Bích Ngọc,0912345678\n", encoding="utf-8"
    )
    result = gopy("import-paper", forms, home=fresh, check=False)
    assert result.returncode == 1
    assert query(fresh / "kiosk.sqlite3", "SELECT count(*) FROM events") == [(0,)]
    for path in fresh.glob("kiosk.sqlite3*"):
        data = path.read_bytes()
        assert "Bích Ngọc".encode() not in data and b"0912345678" not in data


def test_case_27_one_undecryptable_record_is_reported_and_the_rest_are_opened(world):
    home = Home(world.kiosk)
    store = open_store(home.database)
    repo = ConsultationRepository(store)
    node = repo.node_by_key(repo.current_draft_id(CODE), "article:2").id
    right = store.query_one("SELECT sealing_key FROM identity")["sealing_key"]

    def submit(name):
        form = FeedbackForm(
            CODE,
            items=(FeedbackItem(node, Stance.OTHER, "Ý kiến."),),
            consent=Consent(personal_data=True),
            personal=PersonalData(name=name, phone="0900000000"),
        )
        return SubmissionService(store).submit(form).receipt

    submit("Trần Văn An")
    from nacl.public import PrivateKey

    from sync.keys import b64encode

    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?", [b64encode(bytes(PrivateKey.generate().public_key))])
    lost = submit("Lê Thị Bình")
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?", [right])
    submit("Phạm Văn Cường")
    export_batches(store, home, world.root / "usb")
    store.close()
    world.ingest(*(world.root / "usb").iterdir())

    plain = world.root / "plain.csv"
    world.central("report", "--consultation", CODE, "--out", plain)
    assert "Trần Văn An" not in plain.read_text(encoding="utf-8-sig")  # never by default
    personal = world.root / "personal.csv"
    result = world.central("report", "--consultation", CODE, "--out", personal, "--with-personal-data")
    assert result.returncode == 0
    [warning] = result.stderr.strip().splitlines()
    assert lost.code[:4] in warning and "1" in warning
    text = personal.read_text(encoding="utf-8-sig")
    assert "Trần Văn An" in text and "Phạm Văn Cường" in text and "Lê Thị Bình" not in text


# -- 28, 30: keys and kiosks the centre does not accept


def test_case_28_a_revoked_key_quarantines_later_positions_and_keeps_earlier_ones(world):
    world.submit_paper(5)
    [b1] = world.export(world.root / "usb")
    world.ingest(b1)
    key = kiosk_key(world).key_id
    world.central("revoke", "--kiosk-id", KIOSK, "--key-id", key, "--epoch", 1, "--from-seq", 8)
    world.submit_paper(5, start=5)
    [b2] = world.export(world.root / "usb")  # 1..10 (no acknowledgement yet), signed by the revoked key
    [outcome] = world.ingest(b2, check=False)
    assert (outcome["outcome"], outcome["reason"], outcome["at_seq"]) == ("quarantined", "revoked_key", 8)
    assert _events(world) == 5  # the earlier positions stay valid
    world.package()  # the kiosk learns of the revocation and stops exporting
    line = one_line_refusal(world.kiosk_cmd("export-batch", "--out", world.root / "usb3", check=False))
    assert key in line


def test_case_30_a_batch_from_a_kiosk_the_centre_never_enrolled_is_quarantined_for_review(world):
    other = world.root / "other-centre"
    gopy("central", "init", "--home", other)
    world.submit_paper(3)
    [batch] = world.export(world.root / "usb")
    result = gopy("central", "ingest", "--home", other, batch, "--json", check=False)
    assert result.returncode == 2
    assert json.loads(result.stdout)[0]["reason"] == "unknown_kiosk"
    status = json.loads(gopy("central", "status", "--home", other, "--json").stdout)
    assert [(b["kiosk_id"], b["status"]) for b in status["unknown_kiosk_batches"]] == [(KIOSK, "quarantined")]
    assert query(other / "centre.sqlite3", "SELECT count(*) FROM events") == [(0,)]  # this other centre runs on SQLite


# -- 31, 32: packages the kiosk refuses


def test_case_31_an_older_package_is_refused(world):
    old = world.central("package", "--kiosk-id", KIOSK, "--out", world.root / "p").stdout.strip()
    world.package()
    before = dump(world.kiosk_db)
    one_line_refusal(world.kiosk_cmd("import-package", old, check=False))
    assert dump(world.kiosk_db) == before


def test_case_32_a_package_failing_any_check_leaves_the_kiosks_trusted_state_unchanged(world):
    world.submit_paper(4)
    [batch] = world.export(world.root / "usb")
    world.ingest(batch)
    package = world.central("package", "--kiosk-id", KIOSK, "--out", world.root / "p").stdout.strip()
    with open(package, "rb") as fh:
        data = bytearray(fh.read())
    data[len(data) // 2] ^= 0x40
    tampered = world.root / "tampered.zip"
    tampered.write_bytes(bytes(data))
    before = dump(world.kiosk_db)
    one_line_refusal(world.kiosk_cmd("import-package", tampered, check=False))
    assert dump(world.kiosk_db) == before
    assert _states(world) == {"exported": 4}  # its acknowledgements were not taken either
    world.kiosk_cmd("import-package", package)
    assert _states(world) == {"acked": 4}


# -- 36, 37, 39: failures that are retried, many cycles, no re-sending


def test_case_36_a_failed_export_says_so_and_the_next_one_succeeds(world):
    world.submit_paper(3)
    usb = world.root / "usb"
    (usb / "GOPY-K1-e1-b1.zip.partial").mkdir(parents=True)  # the file it writes first is taken by a folder: the write fails
    one_line_refusal(world.kiosk_cmd("export-batch", "--out", usb, check=False))
    assert query(world.kiosk_db, "SELECT batch_seq, state FROM export_jobs") == [(1, "failed")]
    assert _states(world) == {"sealed": 3}
    [batch] = world.export(usb)
    assert batch.name == "GOPY-K1-e1-b2.zip"
    assert world.ingest(batch)[0]["new_events"] == 3


def test_case_37_and_39_repeated_cycles_lose_nothing_and_acknowledged_events_are_not_sent_again(world):
    home = Home(world.kiosk)
    repo_store = open_store(home.database)
    repo = ConsultationRepository(repo_store)
    node = repo.node_by_key(repo.current_draft_id(CODE), "article:3").id
    repo_store.close()
    for cycle in range(12):
        store = open_store(home.database)
        try:
            for n in range(3):
                SubmissionService(store).submit(FeedbackForm(CODE, items=(FeedbackItem(node, Stance.AGREE, f"{cycle}-{n}"),)))
            batches = export_batches(store, home, world.root / f"usb{cycle}").batches
            assert [(b.seq_from, b.seq_to) for b in batches] == [(3 * cycle + 1, 3 * cycle + 3)]  # only what is new
            assert [o["new_events"] for o in world.ingest(*(b.path for b in batches))] == [3]
            package = world.central("package", "--kiosk-id", KIOSK, "--out", world.root / "packages").stdout.strip()
            assert import_package(store, Path(package), home).acknowledged == 3
        finally:
            store.close()
    assert query(world.centre_db, "SELECT count(*), max(seq) FROM events") == [(36, 36)]
    assert _states(world) == {"acked": 36}
    assert world.export(world.root / "last") == []


# -- 40, 41: versions and encodings


def test_case_40_newer_fields_are_accepted_and_their_signed_bytes_kept(world):
    lines, hashes = chain(KIOSK, 1, 1, GENESIS, 3, future_field={"nested": [1, 2]}, v=2)
    batch = craft_batch(
        world.root / "future",
        kiosk_key(world),
        lines,
        hashes,
        schema_version=7,
        app_version="9.0.0",
        new_manifest_field="x",
        **enrolment_proof(world),  # the kiosk's first batch: it binds the key
    )
    assert world.ingest(batch)[0]["new_events"] == 3
    assert [r[0].encode() for r in query(world.centre_db, "SELECT body FROM events ORDER BY seq")] == lines


def test_case_41_hashes_are_over_the_stored_bytes_whatever_their_key_order_or_normal_form(world):
    lines = []
    prev = GENESIS
    for seq in (1, 2):
        text = (
            f'{{"seq":{seq},"prev":"{prev}","kiosk_id":"{KIOSK}","epoch":1,"type":"submission",'
            f'"consultation":"{CODE}","items":[{{"stance":"agree","node_key":"article:1",'
            f'"comment":"{unicodedata.normalize("NFD", "Đồng ý với Điều 1")}"}}],"id":"id-{seq}"}}'
        )
        line = text.encode("utf-8")
        lines.append(line)
        prev = canonical.event_hash(line)
    hashes = [canonical.event_hash(line) for line in lines]
    assert canonical.dumps(json.loads(lines[0])) != lines[0]  # a re-serialisation would not verify
    batch = craft_batch(world.root / "odd", kiosk_key(world), lines, hashes, **enrolment_proof(world))
    assert world.ingest(batch)[0]["new_events"] == 2
    stored = query(world.centre_db, "SELECT body, hash FROM events ORDER BY seq")
    assert [(body.encode(), digest) for body, digest in stored] == list(zip(lines, hashes, strict=True))


# -- kill -9 during ingest (case 35: an interrupted import is simply done again)


def test_case_35_a_kill_during_ingest_loses_and_doubles_nothing(world):
    world.submit_paper(25)
    [batch] = world.export(world.root / "usb")
    before = dump(world.centre_db)
    for fault in ("ingest.after_verify", "ingest.before_commit"):
        killed = world.central("ingest", batch, check=False, fault=fault)
        assert killed.returncode == -signal.SIGKILL
        assert dump(world.centre_db) == before
    assert world.ingest(batch)[0]["new_events"] == 25
    assert world.ingest(batch)[0]["outcome"] == "already"
    assert query(world.centre_db, "SELECT count(*), count(DISTINCT seq) FROM events") == [(25, 25)]


def test_every_refused_centre_command_says_one_line(world, tmp_path):
    assert "no-such" in one_line_refusal(world.central("ingest", tmp_path / "no-such.zip", check=False))
    one_line_refusal(world.central("report", "--consultation", "NOPE", "--out", tmp_path / "r.csv", check=False))
    one_line_refusal(world.central("report", "--consultation", CODE, "--out", tmp_path / "r.pdf", check=False))
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n", encoding="utf-8")
    one_line_refusal(world.central("respond", bad, check=False))
    one_line_refusal(gopy("central", "status", "--home", tmp_path / "nowhere", check=False))
    one_line_refusal(world.central("revoke", "--kiosk-id", KIOSK, "--key-id", "nope", "--epoch", 1, "--from-seq", 1, check=False))
    fresh = tmp_path / "fresh-kiosk"
    one_line_refusal(gopy("export-batch", "--out", tmp_path / "usb", home=fresh, check=False))
    paper_csv(tmp_path / "x.csv", 1)


def test_a_comment_written_as_a_formula_stays_text_in_both_report_formats(world):
    forms = world.root / "formula.csv"
    day = datetime.now().strftime("%d/%m/%Y")
    formula = '"=HYPERLINK(""http://x"",""bấm"")"'
    forms.write_text(f"consultation,article,stance,comment,form_date\n{CODE},Điều 1,đồng ý,{formula},{day}\n", "utf-8")
    world.kiosk_cmd("import-paper", forms)
    world.ingest(*world.export(world.root / "usb"))
    world.central("report", "--consultation", CODE, "--out", world.root / "r.csv")
    assert [row[COMMENT_COLUMN] for row in report_comments(world.root / "r.csv")] == ['\'=HYPERLINK("http://x","bấm")']
    world.central("report", "--consultation", CODE, "--out", world.root / "r.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(world.root / "r.xlsx")
    sheet = book.worksheets[2]
    column = [cell.value for cell in sheet[1]].index(COMMENT_COLUMN) + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","bấm")', "s")
