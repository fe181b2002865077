from datetime import timedelta

import pytest

from kiosk import canonical
from kiosk.backup import automatic_backup, backup_to, open_for_use, restore_from
from kiosk.chain import verify_chain
from kiosk.domain import Stance
from kiosk.errors import StoreError
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.submissions import SubmissionService
from tests.conftest import NOW, article_id


def _submit(store, n=1):
    service = SubmissionService(store, lambda: NOW)
    form = FeedbackForm("TEST-1", items=(FeedbackItem(article_id(store, "article:1"), Stance.AGREE, "x"),))
    return [service.submit(form).receipt.code for _ in range(n)]


def test_a_backup_on_a_stick_is_checked_and_a_restore_starts_a_new_epoch(store, home, tmp_path):
    before = _submit(store, 3)
    stick = tmp_path / "usb"
    path = backup_to(store, stick, NOW, actor="lan")
    assert path.exists() and not list(stick.glob("*.partial"))
    after = _submit(store, 2)
    change = restore_from(store, home, path, NOW + timedelta(hours=1), actor="lan")
    assert change.new_epoch == 2
    codes = {r["receipt_code"] for r in store.query("SELECT receipt_code FROM events WHERE receipt_code IS NOT NULL")}
    assert codes == set(before) and not codes & set(after)
    assert verify_chain(store).ok
    new = _submit(store)[0]
    row = store.query_one("SELECT epoch, seq FROM events WHERE receipt_code = ?", (new,))
    assert (row["epoch"], row["seq"]) == (2, 2)  # epoch.start is seq 1: (kiosk, epoch, seq) never reused
    actions = [canonical.loads(r["body"])["type"] for r in store.query("SELECT body FROM events WHERE epoch = 2 ORDER BY seq")]
    assert actions == ["epoch.start", "submission"]


def test_a_damaged_database_at_start_is_replaced_by_the_last_good_backup(store, home):
    _submit(store, 2)
    assert automatic_backup(store, home, NOW) is not None
    assert automatic_backup(store, home, NOW) is None  # one a day
    store.close()
    data = bytearray(home.database.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    home.database.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        home.database.with_name(home.database.name + side).unlink(missing_ok=True)
    recovered, recovery = open_for_use(home, NOW)
    assert recovery is not None and recovery.damaged_copy.exists()
    assert recovered.setting("admin_alert")  # the administrator is told
    assert verify_chain(recovered).ok
    assert recovered.query_one("SELECT epoch FROM identity")["epoch"] == 2
    _submit(recovered)  # the kiosk keeps taking feedback


def test_a_damaged_database_without_a_backup_is_one_clear_error(home):
    home.database.write_bytes(b"\x00" * 8192)
    with pytest.raises(StoreError):
        open_for_use(home, NOW)


def test_a_backup_of_another_kiosk_is_refused(store, home, tmp_path):
    from kiosk.errors import ValidationError
    from kiosk.storage.db import open_store

    other = open_store(tmp_path / "other.sqlite3")
    path = backup_to(other, tmp_path / "usb", NOW)
    with pytest.raises(ValidationError):
        restore_from(store, home, path, NOW, actor="lan")
