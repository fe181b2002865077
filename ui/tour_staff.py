"""The clerk's and administrator's screens in ``gopy tour``, and the first-run setup of a fresh kiosk.

The staff screens are reached from the tour's kiosk (the demo consultation,
an administrator and a clerk added for it) by the hidden gesture and the PIN
pad, as staff reach them; the USB stick is a folder of the tour's throwaway
home. The setup wizard needs a kiosk with nothing in it: it gets its own
throwaway home and window.
"""

from __future__ import annotations

import contextlib
import csv
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

STAFF_SCREENS = (
    "staff_sign_in",
    "staff_sign_in_wait",
    "staff_home",
    "clerk_entry",
    "clerk_read_back",
    "clerk_sent",
    "clerk_paper",
    "clerk_import",
    "clerk_reprint",
    "clerk_documents",
    "admin_package",
    "admin_export",
    "admin_statistics",
    "admin_statistics_articles",
    "admin_accounts",
    "admin_backup",
    "admin_restore_confirm",
    "admin_audit",
    "setup_enrol",
    "setup_admin",
    "setup_printer",
)
ADMIN = ("lan", "482915", "Nguyễn Thị Lan")
CLERK = ("nam", "739104", "Trần Văn Nam")


@contextlib.contextmanager
def usb_stick(folder: Path) -> Iterator[Path]:
    """While inside: ``folder`` is the one USB stick the kiosk sees."""
    import ui.removable
    from kiosk.removable_drives import Drive

    folder.mkdir(parents=True, exist_ok=True)
    real = ui.removable.removable_drives
    ui.removable.removable_drives = lambda *, for_writing=False: [Drive(folder, "USB 16GB", True, 14_700_000_000)]
    try:
        yield folder
    finally:
        ui.removable.removable_drives = real


def _accounts_and_feedback(store, clock) -> None:
    """A clerk and an administrator, and a morning's feedback, for the charts to show something."""
    from kiosk.accounts import AccountService
    from kiosk.clerk_entry import articles, entry_consultations
    from kiosk.domain import Channel, Stance
    from kiosk.feedback import FeedbackForm, FeedbackItem
    from kiosk.submissions import SubmissionService

    service = AccountService(store)
    service.create("setup", ADMIN[0], "admin", ADMIN[2], ADMIN[1], clock())
    service.create(ADMIN[0], CLERK[0], "clerk", CLERK[2], CLERK[1], clock())
    code = entry_consultations(store)[0].code
    nodes = articles(store, code)
    stances = (Stance.AGREE, Stance.AGREE, Stance.DISAGREE, Stance.OTHER, Stance.AGREE, Stance.DISAGREE)
    now = clock()
    for n in range(14):
        # Over the last five days, so the chart of days has more than one column.
        when = now - timedelta(days=4 - (n * 5) // 14, hours=1)
        channel = (Channel.SELF, Channel.SELF, Channel.ASSISTED, Channel.PAPER)[n % 4]
        items = (FeedbackItem(nodes[(n * 5) % 7].id, stances[n % 6], ""), FeedbackItem(nodes[6 + n % 3].id, stances[(n + 2) % 6], ""))
        SubmissionService(store, lambda when=when: when).submit(
            FeedbackForm(
                code,
                items=items,
                channel=channel,
                clerk=CLERK[2] if channel != Channel.SELF else "",
                form_date=when.date() if channel == Channel.PAPER else None,
            )
        )


def _paper_sheet(path: Path, code: str, day: str) -> None:
    """Five transcribed forms, two with mistakes, as a commune's spreadsheet would have them."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã lấy ý kiến", "Điều", "Quan điểm", "Nội dung góp ý", "Ngày", "Số phiếu"])
        writer.writerow([code, "Điều 5", "Đồng ý", "", day, "P-001"])
        writer.writerow([code, "Điều 7", "Không đồng ý", "Nên bốc thăm theo từng ngành hàng", day, "P-002"])
        writer.writerow([code, "Điều 40", "Đồng ý", "", day, "P-003"])
        writer.writerow([code, "Điều 9", "có lẽ", "", day, "P-004"])
        writer.writerow([code, "Điều 12", "Ý kiến khác", "Thu phí vệ sinh theo tháng", day, "P-005"])


def tour_staff(ui, shot: Callable[[str], None], vm, window, store, home, scratch: Path, clock) -> None:
    """Every clerk and administrator screen, from the villagers' start and back to it."""
    from kiosk.clerk_entry import entry_consultations
    from sync.demo import DEMO_KIOSK, DemoIssuer, demo_consultation
    from ui.drive import find, items

    _accounts_and_feedback(store, clock)
    code = entry_consultations(store)[0].code
    with usb_stick(scratch / "usb") as stick:
        _paper_sheet(stick / f"phieu-gop-y-{clock():%d-%m}.csv", code, (clock() - timedelta(days=1)).strftime("%d/%m/%Y"))
        package = DemoIssuer(home.root / "demo-centre").package(DEMO_KIOSK, [demo_consultation(clock().date())], scratch / "packages")
        shutil.copy(package, stick)

        def sign_in(account: tuple[str, str, str], pin: str) -> None:
            find(window, "staffUserField").setProperty("text", account[0])
            for digit in pin:
                ui.tap(f"staffPin_{digit}")
            ui.tap("staffSignInButton")

        for _ in range(5):
            ui.tap("adminCorner")
        ui.screen("staffSignInScreen")
        for _ in range(3):
            sign_in(CLERK, "135790")
        ui.wait_until(lambda: vm("StaffViewModel").property("waitSeconds") > 0)
        shot("staff_sign_in_wait")
        vm("StaffViewModel").userNameEdited()
        find(window, "staffUserField").setProperty("text", ADMIN[0])
        for digit in ADMIN[1][:4]:
            ui.tap(f"staffPin_{digit}")
        shot("staff_sign_in")
        ui.tap("staffPinClear")
        sign_in(ADMIN, ADMIN[1])
        ui.screen("staffHomeScreen")
        shot("staff_home")

        ui.tap("staffAssisted")
        ui.screen("clerkEntryScreen")
        ui.tap("entryArticle_6")
        ui.tap("entryStance_disagree")
        find(window, "entryComment").setProperty("text", "Nên bốc thăm riêng cho người bán nông sản nhỏ lẻ, họ chỉ cần chỗ nhỏ.")
        ui.tap("entryArticle_4")
        ui.tap("entryStance_agree")
        find(window, "entryArticles").setProperty("contentY", 0)
        shot("clerk_entry")
        ui.tap("entryReview")
        ui.screen("clerkReadBackScreen")
        shot("clerk_read_back")
        ui.tap("readBackConfirm")
        ui.screen("clerkSentScreen")
        ui.tap("sentPrint")
        ui.wait_until(lambda: not vm("ClerkEntryViewModel").property("printing"))
        receipt = vm("ClerkEntryViewModel").property("sentCode").replace("-", "")
        shot("clerk_sent")
        ui.tap("sentDone")
        ui.screen("staffHomeScreen")

        ui.tap("staffPaper")
        ui.screen("clerkEntryScreen")
        ui.tap("formDate_day_minus")
        ui.tap("entryArticle_2")
        ui.tap("entryStance_other")
        find(window, "entryComment").setProperty("text", "Cần nói rõ thế nào là hàng rong.")
        shot("clerk_paper")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("staffImportSheet")
        ui.screen("clerkImportScreen")
        ui.tap("file_0")
        ui.wait_until(lambda: vm("PaperImportViewModel").property("outcome") != "", timeout=15000)
        shot("clerk_import")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("staffReprint")
        ui.screen("clerkReprintScreen")
        for symbol in receipt:
            ui.tap(f"reprintSymbol_{symbol}")
        ui.tap("reprintButton")
        ui.wait_until(lambda: vm("ReprintViewModel").property("printMessage") != "")
        shot("clerk_reprint")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("staffDocuments")
        ui.screen("clerkDocumentsScreen")
        ui.tap("printDailyReport")
        ui.wait_until(lambda: vm("DocumentsViewModel").property("outcome") != "", timeout=15000)
        # The path of a throwaway home says nothing to a reader: show where a real kiosk saves it.
        message = find(window, "documentsMessage")
        message.setProperty("text", message.property("text").replace(str(home.root), "…/gopy-kiosk"))
        shot("clerk_documents")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminImportPackage")
        ui.screen("adminPackageScreen")
        ui.tap("file_0")
        ui.wait_until(lambda: vm("PackageImportViewModel").property("outcome") != "", timeout=15000)
        shot("admin_package")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminExport")
        ui.screen("adminExportScreen")
        ui.tap("exportButton")
        ui.wait_until(lambda: vm("ExportViewModel").property("outcome") != "", timeout=15000)
        shot("admin_export")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminStatistics")
        ui.screen("adminStatisticsScreen")
        shot("admin_statistics")
        choices = [row["code"] for row in vm("StatisticsViewModel").property("choices").rows]
        ui.tap(f"statsChoice_{choices.index(code)}")
        ui.wait_until(lambda: find(window, "statsArticle_0") is not None)
        view = next(i for i in items(find(window, "adminStatisticsScreen")) if i.objectName() == "staffScroll")
        view.setProperty("contentY", max(0.0, view.property("contentHeight") - view.height()))
        shot("admin_statistics_articles")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminAccounts")
        ui.screen("adminAccountsScreen")
        ui.tap(f"accountPin_{CLERK[0]}")
        shot("admin_accounts")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminBackup")
        ui.screen("adminBackupScreen")
        ui.tap("backupButton")
        ui.wait_until(lambda: vm("BackupViewModel").property("outcome") != "", timeout=15000)
        ui.wait_until(lambda: find(window, "file_0") is not None)
        shot("admin_backup")
        ui.tap("file_0")
        shot("admin_restore_confirm")
        ui.tap("restoreCancel")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")

        ui.tap("adminAudit")
        ui.screen("adminAuditScreen")
        shot("admin_audit")
        ui.tap("backButton")
        ui.screen("staffHomeScreen")
        ui.tap("staffSignOut")
        ui.screen("homeScreen")


def tour_setup(shots, language: str) -> list[Path]:
    """The first-run setup of a kiosk with nothing in it: the enrolment file, the administrator, the printer."""
    import ui.viewmodels.setup_wizard as wizard
    from kiosk.clock import system_clock
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.demo import DemoIssuer
    from ui.app import load_engine
    from ui.drive import Driver, find

    written: list[Path] = []
    real_printers = wizard.available_printers
    # The tour shows the same queues on every machine: a commune office's laser and receipt printers.
    wizard.available_printers = lambda: ["HP_LaserJet_Pro_M404", "XP-80C"]
    with tempfile.TemporaryDirectory(prefix="gopy-tour-setup-") as tmp:
        root = Path(tmp)
        home = Home(root / "kiosk").ensure()
        store = open_store(home.database)
        issuer = DemoIssuer(root / "centre")
        engine, window = load_engine(home, store, system_clock(), language, print_receipt=lambda code: lambda: None, speech_engines=())
        try:
            with usb_stick(root / "usb") as stick:
                issuer.enrol("AP-01", "AP", "Xã An Phú", stick / "AP-01.enrol")
                window.setProperty("allowClose", True)
                shots.start(window)
                window.show()
                ui = Driver(window)
                shot = shots.taker(ui, window, engine, language, written)

                ui.screen("setupWizardScreen")
                ui.tap("driveRefresh")
                ui.wait_until(lambda: find(window, "file_0") is not None)
                shot("setup_enrol")
                ui.tap("file_0")
                ui.wait_until(lambda: find(window, "setupAdminName") is not None and find(window, "setupAdminName").isVisible())
                for name, value in (("setupAdminName", ADMIN[2]), ("setupAdminUser", ADMIN[0]), ("setupAdminPin", ADMIN[1]),
                                    ("setupAdminPinAgain", ADMIN[1])):
                    find(window, name).setProperty("text", value)
                shot("setup_admin")
                ui.tap("setupCreateAdmin")
                ui.wait_until(lambda: find(window, "setupFinish") is not None and find(window, "setupFinish").isVisible())
                shot("setup_printer")
        except Exception:
            window.grabWindow().save(str(shots.folder(language, shots.sizes[0]) / "failed-setup.png"))
            raise
        finally:
            wizard.available_printers = real_printers
            window.close()
            engine.deleteLater()
            store.close()
    return written
