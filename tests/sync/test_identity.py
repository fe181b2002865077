"""Epochs for restored, copied and replaced databases; stale export jobs; the clock warning."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import datetime, timedelta

import pytest

from kiosk import canonical, identity
from kiosk.chain import verify_chain
from kiosk.domain import Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from tests.conftest import NOW, article_id
from tests.sync.helpers import backup, restore


@pytest.fixture
def enrolled(store):
    with store.write() as db:
        db.execute("UPDATE identity SET kiosk_id = 'K1', enrolled_at = '2026-11-01T00:00:00+00:00'")
    return store


def _submit(store, clock=lambda: NOW):
    node = article_id(store, "article:1")
    return SubmissionService(store, clock).submit(FeedbackForm("TEST-1", items=(FeedbackItem(node, Stance.AGREE, "Đồng ý."),))).receipt


def _sidecar(home) -> dict:
    return json.loads(identity.sidecar_path(home).read_bytes())


def test_an_unenrolled_kiosk_is_left_alone(store, home):
    assert identity.check_epoch(store, home) is None
    assert not identity.sidecar_path(home).exists()


def test_the_sidecar_follows_a_database_that_moves_forward(enrolled, home):
    assert identity.check_epoch(enrolled, home) is None
    assert _sidecar(home)["head"] is None
    receipts = [_submit(enrolled) for _ in range(3)]
    assert identity.check_epoch(enrolled, home) is None
    side = _sidecar(home)
    assert (side["kiosk_id"], side["epoch"], side["head"]["seq"]) == ("K1", 1, 3)
    assert [r.seq for r in receipts] == [1, 2, 3]


def test_a_database_restored_from_an_older_backup_starts_a_new_epoch(enrolled, home, tmp_path):
    _submit(enrolled)
    identity.check_epoch(enrolled, home)
    backup(home.database, tmp_path / "backup.sqlite3")
    for _ in range(4):
        _submit(enrolled)
    identity.check_epoch(enrolled, home)
    old_head = _sidecar(home)["head"]
    enrolled.close()

    restore(tmp_path / "backup.sqlite3", home.database)
    store = open_store(home.database)
    change = identity.check_epoch(store, home, clock=lambda: NOW)
    assert (change.old_epoch, change.new_epoch, change.reason) == (1, 2, identity.Reason.RESTORED)
    start = canonical.loads(store.query_one("SELECT body FROM events WHERE epoch = 2 AND seq = 1")["body"])
    assert start["type"] == "epoch.start"
    assert start["last_known"] == old_head  # (1, 5, …): what the kiosk last saw
    assert start["database_head"]["seq"] == 1  # what the restored database holds
    assert start["prev"] == start["database_head"]["hash"]
    assert _submit(store).seq == 2 and _submit(store).epoch == 2  # never (1, 2) again
    assert verify_chain(store).ok
    assert identity.check_epoch(store, home) is None  # settled: no second epoch
    store.close()


def test_a_copy_of_the_database_in_another_home_starts_a_new_epoch(enrolled, home, tmp_path):
    _submit(enrolled)
    identity.check_epoch(enrolled, home)
    enrolled.close()
    # A reinstall: a fresh database under the same home takes over the kiosk's identity.
    os.remove(home.database)
    store = open_store(home.database)
    with store.write() as db:
        db.execute("UPDATE identity SET kiosk_id = 'K1', enrolled_at = '2026-11-02T00:00:00+00:00'")
    change = identity.check_epoch(store, home)
    assert (change.new_epoch, change.reason) == (2, identity.Reason.OTHER_DATABASE)
    assert change.last_known.seq == 1 and change.database_head is None
    first = canonical.loads(store.query_one("SELECT body FROM events WHERE epoch = 2")["body"])
    assert first["prev"] == "0" * 64
    store.close()


def test_two_copies_of_one_database_part_ways(enrolled, home, tmp_path):
    _submit(enrolled)
    identity.check_epoch(enrolled, home)
    enrolled.close()
    clone_home = type(home)(tmp_path / "clone").ensure()
    shutil.copy2(home.database, clone_home.database)
    shutil.copy2(identity.sidecar_path(home), identity.sidecar_path(clone_home))
    original = open_store(home.database)
    # The second machine's home remembers the database it had before the copy came in.
    identity.sidecar_path(clone_home).write_text(json.dumps({**_sidecar(home), "db_uuid": str(uuid.uuid4())}), encoding="utf-8")
    clone = open_store(clone_home.database)
    assert identity.check_epoch(original, home) is None
    change = identity.check_epoch(clone, clone_home)
    assert change.reason == identity.Reason.OTHER_DATABASE
    assert clone.query_one("SELECT db_uuid FROM identity")["db_uuid"] != original.query_one("SELECT db_uuid FROM identity")["db_uuid"]
    original.close()
    clone.close()


def test_a_damaged_sidecar_starts_a_new_epoch_rather_than_risk_a_reused_sequence(enrolled, home):
    identity.check_epoch(enrolled, home)
    identity.sidecar_path(home).write_bytes(b"\x00garbage")
    change = identity.check_epoch(enrolled, home)
    assert change.reason == identity.Reason.SIDECAR_DAMAGED
    assert _sidecar(home)["epoch"] == 2


def test_a_stale_running_export_job_is_marked_failed_at_startup(enrolled, home):
    with enrolled.write() as db:
        for pid in (999_999_999, os.getpid()):
            db.execute(
                "INSERT INTO export_jobs (epoch, batch_seq, state, pid, target, file_name, seq_from, seq_to, started_at)"
                " VALUES (1, ?, 'running', ?, '/media/usb', 'x.zip', 1, 1, '2026-11-23')",
                [pid % 1000, pid],
            )
    identity.startup_check(enrolled, home)
    assert {row["state"] for row in enrolled.query("SELECT state FROM export_jobs")} == {"failed"}


def test_the_clock_warning_names_a_clock_behind_the_centre_or_the_newest_feedback(enrolled):
    assert identity.clock_warning(enrolled, NOW) is None
    floor = NOW + timedelta(days=2)
    with enrolled.write() as db:
        db.execute("INSERT INTO sync_state (key, value) VALUES ('time_floor', ?)", [floor.isoformat()])
    warning = identity.clock_warning(enrolled, NOW)
    assert warning and floor.strftime("%d/%m/%Y") in warning
    receipt = _submit(enrolled)  # feedback is still accepted, marked suspect
    body = canonical.loads(enrolled.query_one("SELECT body FROM events WHERE seq = ?", (receipt.seq,))["body"])
    assert body["clock_state"] == "suspect"
    with enrolled.write() as db:
        db.execute("DELETE FROM sync_state WHERE key = 'time_floor'")
    assert identity.clock_warning(enrolled, NOW) is None
    assert identity.clock_warning(enrolled, NOW - timedelta(hours=3)) is not None  # behind the newest feedback
    assert identity.clock_warning(enrolled, datetime.fromisoformat(NOW.isoformat()) + timedelta(minutes=1)) is None
