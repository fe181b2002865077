"""Every clerk and administrator screen usable by touch and readable: targets at least 48 px, text at least 20 px."""

from __future__ import annotations

from tests.ui.helpers import driver, find
from tests.ui.staff_helpers import ADMIN, add_accounts, plug_in, submit
from tests.ui.test_accessibility import _counted, _problems

SCREENS = [
    ("staffAssisted", "clerkEntryScreen"),
    ("staffPaper", "clerkEntryScreen"),
    ("staffImportSheet", "clerkImportScreen"),
    ("staffReprint", "clerkReprintScreen"),
    ("staffDocuments", "clerkDocumentsScreen"),
    ("adminImportPackage", "adminPackageScreen"),
    ("adminExport", "adminExportScreen"),
    ("adminStatistics", "adminStatisticsScreen"),
    ("adminAccounts", "adminAccountsScreen"),
    ("adminBackup", "adminBackupScreen"),
    ("adminAudit", "adminAuditScreen"),
]


def test_every_staff_screen_has_large_targets_and_large_text(kiosk_window, qtbot, store, tmp_path, monkeypatch):
    add_accounts(store)
    submit(store, 2)
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    (stick / "phieu.csv").write_text("consultation,article,stance\n", encoding="utf-8")
    seen: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        qtbot.wait(50)
        targets, texts = _counted(kiosk_window)
        assert targets >= 3 and texts >= 3, screen
        seen[screen] = _problems(kiosk_window)

    ui = driver(qtbot, kiosk_window)
    for _ in range(5):
        ui.tap("adminCorner")
    ui.screen("staffSignInScreen")
    check("sign-in")
    find(kiosk_window, "staffUserField").setProperty("text", ADMIN[0])
    for digit in ADMIN[1]:
        ui.tap(f"staffPin_{digit}")
    ui.tap("staffSignInButton")
    ui.screen("staffHomeScreen")
    check("staff home")
    for button, screen in SCREENS:
        ui.tap(button)
        ui.screen(screen)
        check(f"{button} ({screen})")
        if button == "staffAssisted":
            ui.tap("entryArticle_0")
            ui.tap("entryStance_agree")
            ui.tap("entryReview")
            ui.screen("clerkReadBackScreen")
            check("read back")
            ui.tap("readBackConfirm")
            ui.screen("clerkSentScreen")
            check("sent")
            ui.tap("sentDone")
            ui.screen("staffHomeScreen")
            continue
        ui.tap("backButton")
        ui.screen("staffHomeScreen")
    assert {screen: problems for screen, problems in seen.items() if problems} == {}
    assert len(seen) == len(SCREENS) + 4  # sign-in, staff home, read back, sent
