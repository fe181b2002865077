"""The administrator: packages from a USB stick, the batch for the centre with progress, statistics drawn as
bars, accounts, backup and restore, the audit log, and the first-run setup of a fresh kiosk."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from PySide6.QtQml import qmlEngine

from kiosk.accounts import AccountService
from kiosk.audit import detail_text, entries
from kiosk.domain import Channel, Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.home import Home
from kiosk.resources import assets_dir
from kiosk.storage.db import open_store
from kiosk.submissions import SubmissionService
from sync.batches import EVENTS_MEMBER
from sync.container import read_container
from tests.conftest import NOW, article_id
from tests.ui.helpers import driver, find, shown
from tests.ui.staff_helpers import (
    ADMIN,
    CLERK,
    add_accounts,
    bar_sets,
    bar_value,
    central,
    centre_with_kiosk,
    chart_series,
    enrol,
    plug_in,
    sign_in,
    spoken,
    submit,
    text_of,
)
from ui.app import load_engine, make_application
from ui.viewmodels.admin import action_text


@pytest.fixture
def staff(store):
    add_accounts(store)


def _vm(window, name):
    return qmlEngine(window).singletonInstance("Kiosk.ViewModels", name)


def _publish_demo(centre, root) -> None:
    folder = assets_dir() / "demo"
    spec = json.loads((folder / "consultation.json").read_text(encoding="utf-8"))
    spec.update(opens="2026-11-01", closes="2026-12-31", drafts=[str(folder / name) for name in spec["drafts"]])
    path = root / "consultation.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    central(centre, "publish", path)


def test_a_package_is_applied_then_already_applied_and_a_damaged_file_is_refused(
    staff, kiosk_window, qtbot, store, home, tmp_path, monkeypatch
):
    centre = enrol(store, home, tmp_path)
    _publish_demo(centre, tmp_path)
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    package = shutil.copy(central(centre, "package", "--kiosk-id", "K1", "--out", tmp_path / "out").strip(), stick)
    (stick / "hong.zip").write_bytes(b"PK\x03\x04 not really a zip")
    os.utime(package, (2_000_000_000, 2_000_000_000))  # the newest: listed first
    vm = _vm(kiosk_window, "PackageImportViewModel")

    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminImportPackage")
    ui.screen("adminPackageScreen")
    ui.tap("file_0")
    qtbot.waitUntil(lambda: vm.property("outcome") == "applied")
    assert shown(find(kiosk_window, "packageResult"))
    assert "1" in text_of(kiosk_window, "packageMessage")
    assert store.query_one("SELECT 1 AS x FROM consultations WHERE code = 'AP-2026-CHO'")
    ui.tap("file_0")
    qtbot.waitUntil(lambda: vm.property("outcome") == "already")
    ui.tap("file_1")
    qtbot.waitUntil(lambda: vm.property("outcome") == "refused")
    assert "hong.zip" in text_of(kiosk_window, "packageMessage")
    details = [detail_text(e.detail) for e in reversed(entries(store)) if e.action == "import.package"]
    # Kept as data, read in the kiosk's language (Vietnamese here).
    assert [d.split(": ")[1] for d in details] == ["đã nạp gói số 1", "đã nạp trước đó (gói số 1)", "bị từ chối"]


def test_export_writes_a_verified_batch_with_progress_and_only_then_says_the_stick_can_be_removed(
    staff, kiosk_window, qtbot, store, home, tmp_path, monkeypatch
):
    enrol(store, home, tmp_path)
    submit(store, 3)
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    vm = _vm(kiosk_window, "ExportViewModel")
    seen: list[tuple[int, int]] = []
    vm.progressChanged.connect(lambda: seen.append((vm.property("done"), vm.property("total"))))

    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminExport")
    ui.screen("adminExportScreen")
    assert "3" in text_of(kiosk_window, "exportWaiting")
    assert not shown(find(kiosk_window, "exportSafe"))
    ui.tap("exportButton")
    qtbot.waitUntil(lambda: vm.property("outcome") == "done", timeout=10000)
    total = vm.property("total")
    assert total >= 3 and (0, total) in seen and seen[-1] == (total, total)
    assert text_of(kiosk_window, "exportCount").count(str(total)) == 2
    assert shown(find(kiosk_window, "exportSafe"))
    [batch] = stick.glob("GOPY-*.zip")
    assert batch.name in text_of(kiosk_window, "exportMessage")
    identity = store.query_one("SELECT kiosk_key_id FROM identity")
    from sync.batches import epoch_key

    key, _endorsement = epoch_key(home, "K1", 1)
    assert key.key_id == identity["kiosk_key_id"]
    events = read_container(batch, verify_key=key.verify_key).members[EVENTS_MEMBER]
    assert events.count(b"\n") == total
    assert store.query_one("SELECT count(*) AS n FROM events WHERE kind = 'submission' AND state = 'exported'")["n"] == 3
    [export] = [e for e in entries(store) if e.action == "export"]
    assert batch.name in export.detail


def test_export_to_a_stick_that_cannot_be_written_fails_and_does_not_say_safe(
    staff, kiosk_window, qtbot, store, home, tmp_path, monkeypatch
):
    enrol(store, home, tmp_path)
    submit(store)
    stick = tmp_path / "usb"
    stick.write_bytes(b"a file where the folder should be")
    import ui.removable
    from kiosk.removable_drives import Drive

    monkeypatch.setattr(ui.removable, "removable_drives", lambda *, for_writing=False: [Drive(stick, "USB", True, 0)])
    vm = _vm(kiosk_window, "ExportViewModel")
    ui_ = sign_in(qtbot, kiosk_window, ADMIN)
    ui_.tap("adminExport")
    ui_.tap("exportButton")
    qtbot.waitUntil(lambda: vm.property("outcome") == "failed", timeout=10000)
    assert not shown(find(kiosk_window, "exportSafe"))
    assert shown(find(kiosk_window, "exportMessage"))
    assert store.query_one("SELECT count(*) AS n FROM events WHERE state = 'exported'")["n"] == 0


def test_statistics_show_the_numbers_in_the_store(staff, kiosk_window, qtbot, store):
    submit(store, 3, Stance.AGREE, "article:1")
    submit(store, 2, Stance.DISAGREE, "article:2")
    service = SubmissionService(store, lambda: NOW)
    other = FeedbackItem(article_id(store, "article:2"), Stance.OTHER, "")
    service.submit(FeedbackForm("TEST-1", items=(other,), channel=Channel.ASSISTED, clerk="Nam"))
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminStatistics")
    ui.screen("adminStatisticsScreen")
    assert "6" in text_of(kiosk_window, "statsTotal")
    assert bar_value(kiosk_window, "statsDay", 0) == "6"
    assert bar_value(kiosk_window, "statsConsultation", 0) == "6"
    assert [bar_value(kiosk_window, "statsChannel", i) for i in range(3)] == ["5", "1", "0"]  # kiosk, clerk, paper
    assert [bar_value(kiosk_window, "statsStance", i) for i in range(3)] == ["3", "2", "1"]
    assert bar_sets(kiosk_window, "statsStance") == {"agree": [3, 0, 0], "disagree": [0, 2, 0], "other": [0, 0, 1]}  # a colour each
    # The value axis reaches a step past the longest bar, for the number drawn after it.
    axes = {axis.metaObject().className().split("_")[0]: axis for axis in chart_series(kiosk_window, "statsStance").attachedAxes()}
    assert (axes["StaffChartValueAxis"].min(), axes["StaffChartValueAxis"].max(), axes["StaffChartValueAxis"].tickInterval()) == (0, 4, 1)
    assert axes["StaffChartCategoryAxis"].categories() == ["Ý kiến khác", "Không đồng ý", "Đồng ý"]  # drawn bottom up
    # What QtCharts paints is a picture: each row is also read out.
    assert spoken(kiosk_window, "statsChannel_0") == "Tại máy: 5"

    ui.tap("statsChoice_1")  # the consultation itself: its articles, most commented first
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "statsArticle")))
    assert bar_sets(kiosk_window, "statsArticle") == {"agree": [3, 0], "disagree": [0, 2], "other": [0, 1]}
    assert re.findall(r"\d+", spoken(kiosk_window, "statsArticle_1"))[-3:] == ["0", "2", "1"]  # agree, disagree, other


def test_accounts_are_added_given_a_new_pin_and_removed(staff, kiosk_window, qtbot, store):
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminAccounts")
    ui.screen("adminAccountsScreen")
    assert shown(find(kiosk_window, "account_nam")) and not shown(find(kiosk_window, "accountRemove_lan"))  # not oneself
    typed = {"accountName": "Lê Văn Minh", "accountUser": "Minh.LV", "accountPin": "580317", "accountPinAgain": "580371"}
    for name, value in typed.items():
        find(kiosk_window, name).setProperty("text", value)
    ui.tap("accountAdd")
    qtbot.waitUntil(lambda: _vm(kiosk_window, "AccountsViewModel").property("outcome") == "refused")  # the PIN typed twice differs
    for name, value in (("accountPin", "580317"), ("accountPinAgain", "580317")):
        find(kiosk_window, name).setProperty("text", value)
    ui.tap("accountAdd")
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "account_minh.lv")))

    ui.tap("accountPin_nam")
    find(kiosk_window, "accountNewPin_nam").setProperty("text", "294816")
    find(kiosk_window, "accountNewPinAgain_nam").setProperty("text", "294816")
    ui.tap("accountPinSave_nam")
    qtbot.waitUntil(lambda: _vm(kiosk_window, "AccountsViewModel").property("outcome") == "done")
    assert AccountService(store).sign_in("nam", "294816", NOW).role == "clerk"

    ui.tap("accountRemove_minh.lv")
    ui.tap("accountRemoveConfirm_minh.lv")
    qtbot.waitUntil(lambda: find(kiosk_window, "account_minh.lv") is None)
    assert [a.username for a in AccountService(store).accounts()] == ["lan", "nam"]
    assert [e.action for e in reversed(entries(store)) if e.action.startswith("account.")][-3:] == [
        "account.create", "account.pin", "account.deactivate"
    ]


def test_a_backup_goes_to_the_stick_and_a_restore_asks_twice_and_starts_a_new_epoch(
    staff, kiosk_window, qtbot, store, tmp_path, monkeypatch
):
    before = submit(store, 2)
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    vm = _vm(kiosk_window, "BackupViewModel")
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminBackup")
    ui.screen("adminBackupScreen")
    ui.tap("backupButton")
    qtbot.waitUntil(lambda: vm.property("outcome") == "done", timeout=10000)
    [backup] = stick.glob("gopy-backup-*.sqlite3")
    assert backup.name in text_of(kiosk_window, "backupMessage")
    after = submit(store, 1)

    qtbot.waitUntil(lambda: shown(find(kiosk_window, "file_0")))
    ui.tap("file_0")
    assert shown(find(kiosk_window, "restoreConfirm")) and vm.property("confirmStep") == 1
    ui.tap("restoreYes")
    assert vm.property("confirmStep") == 2 and store.query_one("SELECT epoch FROM identity")["epoch"] == 1  # asked again
    ui.tap("restoreYes")
    qtbot.waitUntil(lambda: vm.property("outcome") == "done" and not vm.property("busy"), timeout=10000)
    assert store.query_one("SELECT epoch FROM identity")["epoch"] == 2
    codes = {r["receipt_code"] for r in store.query("SELECT receipt_code FROM events WHERE kind = 'submission'")}
    assert codes == set(before) and not codes & set(after)
    assert [e.action for e in entries(store)][:1] == ["restore"]


def test_a_restore_can_be_cancelled(staff, kiosk_window, qtbot, store, tmp_path, monkeypatch):
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    (stick / "gopy-backup-old.sqlite3").write_bytes(b"x")
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminBackup")
    ui.tap("file_0")
    ui.tap("restoreCancel")
    qtbot.waitUntil(lambda: not shown(find(kiosk_window, "restoreConfirm")))
    assert store.query_one("SELECT epoch FROM identity")["epoch"] == 1


def test_the_audit_log_lists_the_actions_and_tells_when_its_chain_was_broken(staff, kiosk_window, qtbot, store):
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminAudit")
    ui.screen("adminAuditScreen")
    vm = _vm(kiosk_window, "AuditLogViewModel")
    assert vm.property("outcome") == "ok"
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "auditEntry_0")))
    newest = find(kiosk_window, "auditEntry_0")
    assert (newest.property("actor"), newest.property("action")) == ("lan", action_text("sign_in"))
    store.conn.execute("UPDATE audit_events SET detail = 'sửa' WHERE seq = 1")
    ui.tap("backButton")
    ui.tap("adminAudit")
    qtbot.waitUntil(lambda: vm.property("outcome") == "broken")
    assert "1" in text_of(kiosk_window, "auditChain")


def test_a_clerk_cannot_reach_the_administrators_actions(staff, kiosk_window, qtbot, tmp_path):
    sign_in(qtbot, kiosk_window, CLERK)
    vm = _vm(kiosk_window, "ExportViewModel")
    vm.exportTo(str(tmp_path))
    assert vm.property("outcome") == "refused" and not list(tmp_path.glob("GOPY-*.zip"))
    assert not _vm(kiosk_window, "StaffViewModel").leaveKioskMode()


@pytest.fixture
def fresh_window(qapp, qtbot, tmp_path, clock, printing):
    """The kiosk on a home folder just installed: no consultation, no account, not enrolled."""
    make_application()
    home = Home(tmp_path / "fresh").ensure()
    store = open_store(home.database)
    engine, window = load_engine(home, store, clock, "vi", print_receipt=printing, speech_engines=())
    window.setProperty("allowClose", True)
    window.show()
    yield window, store
    window.close()
    engine.deleteLater()
    del engine
    qtbot.wait(10)
    store.close()


def test_a_fresh_kiosk_starts_with_the_setup_commune_administrator_printer(fresh_window, qtbot, tmp_path, monkeypatch):
    window, store = fresh_window
    ui = driver(qtbot, window)
    ui.screen("setupWizardScreen")
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    _centre, enrolment = centre_with_kiosk(tmp_path)
    shutil.copy(enrolment, stick)
    (stick / "other.enrol").write_bytes(b"not an enrolment file")
    os.utime(stick / enrolment.name, (2_000_000_000, 2_000_000_000))
    import ui.viewmodels.setup_wizard as wizard

    monkeypatch.setattr(wizard, "available_printers", lambda: ["Office-Laser", "Receipt-80mm"])

    ui.tap("driveRefresh")
    ui.tap("file_1")  # the wrong file first: one clear line, still on step 1
    qtbot.waitUntil(lambda: shown(find(window, "setupMessage")))
    assert _vm(window, "SetupWizardViewModel").property("step") == "enrol"
    ui.tap("file_0")
    qtbot.waitUntil(lambda: _vm(window, "SetupWizardViewModel").property("step") == "admin")
    assert "Xã Thử Nghiệm" in text_of(window, "setupCommune") and "K1" in text_of(window, "setupCommune")

    for name, value in (("setupAdminName", "Nguyễn Thị Lan"), ("setupAdminUser", "lan"), ("setupAdminPin", "482915"),
                        ("setupAdminPinAgain", "482915")):
        find(window, name).setProperty("text", value)
    ui.tap("setupCreateAdmin")
    qtbot.waitUntil(lambda: _vm(window, "SetupWizardViewModel").property("step") == "printer")
    ui.tap("setupPrinter_0")
    ui.tap("setupFinish")
    ui.screen("homeScreen")
    assert store.setting("printer") == "Office-Laser"
    assert [(a.username, a.role) for a in AccountService(store).accounts()] == [("lan", "admin")]
    assert store.query_one("SELECT commune_name FROM identity")["commune_name"] == "Xã Thử Nghiệm"
    sign_in(qtbot, window, ADMIN)  # the first administrator signs in by the hidden gesture
