"""Clerks at the kiosk: signing in (and the wait after wrong PINs), feedback entered with a resident and read
back, paper forms one by one and from a spreadsheet, reprints, the day's report and blank forms."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtQml import qmlEngine

from kiosk import canonical
from kiosk.audit import detail_text, entries
from kiosk.receipt_code import group
from kiosk.receipt_documents import receipt_content
from tests.ui.helpers import driver, find, shown
from tests.ui.staff_helpers import ADMIN, CLERK, add_accounts, plug_in, sign_in, submit, text_of


@pytest.fixture
def staff(store):
    add_accounts(store)


def _vm(window, name):
    return qmlEngine(window).singletonInstance("Kiosk.ViewModels", name)


def _actions(store) -> list[str]:
    return [e.action for e in reversed(entries(store))]


def test_a_clerk_signs_in_with_user_name_and_pin_and_sees_only_the_clerks_work(staff, kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    for _ in range(5):
        ui.tap("adminCorner")
    ui.screen("staffSignInScreen")
    field = ui.tap("staffUserField")
    ui.keyboard_open()
    ui.type("nam")
    qtbot.waitUntil(lambda: field.property("text") == "nam")
    for digit in CLERK[1]:
        ui.tap(f"staffPin_{digit}")
    assert text_of(kiosk_window, "staffPinDots") == "●" * 6  # never the digits
    ui.tap("staffSignInButton")
    ui.screen("staffHomeScreen")
    assert "Trần Văn Nam" in text_of(kiosk_window, "staffWelcome")
    assert shown(find(kiosk_window, "staffAssisted")) and not shown(find(kiosk_window, "adminExport"))
    assert not shown(find(kiosk_window, "adminLeaveKiosk"))
    ui.tap("staffSignOut")
    ui.screen("homeScreen")
    assert _actions(store)[-2:] == ["sign_in", "sign_out"]


def test_wrong_pins_make_the_sign_in_wait_and_then_lock_the_account(staff, kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    for _ in range(5):
        ui.tap("adminCorner")
    ui.screen("staffSignInScreen")
    find(kiosk_window, "staffUserField").setProperty("text", "nam")
    for attempt in range(3):
        for digit in "135790":
            ui.tap(f"staffPin_{digit}")
        ui.tap("staffSignInButton")
        qtbot.waitUntil(lambda: shown(find(kiosk_window, "staffSignInMessage")))
        assert find(kiosk_window, "staffPinDots").property("text") != "●" * 6  # the pad is cleared for the next try
        if attempt < 2:
            assert not shown(find(kiosk_window, "staffWaitLabel"))
    # The third wrong PIN: a wait, shown as a countdown, and the pad and the button wait with it.
    wait = find(kiosk_window, "staffWaitLabel")
    assert shown(wait) and "0:15" in wait.property("text")
    assert not find(kiosk_window, "staffPin_1").isEnabled()
    qtbot.waitUntil(lambda: "0:14" in wait.property("text"), timeout=2500)

    # Five more wrong PINs lock the account for an hour: even the right PIN is refused then.
    store.conn.execute("UPDATE accounts SET failed_attempts = 7, locked_until = NULL WHERE username = 'nam'")
    _vm(kiosk_window, "StaffViewModel").userNameEdited()
    for digit in "135790":
        ui.tap(f"staffPin_{digit}")
    ui.tap("staffSignInButton")
    qtbot.waitUntil(lambda: "1:00:00" in wait.property("text") or "0:59:59" in wait.property("text"))
    _vm(kiosk_window, "StaffViewModel").userNameEdited()
    for digit in CLERK[1]:
        ui.tap(f"staffPin_{digit}")
    ui.tap("staffSignInButton")
    qtbot.wait(100)
    assert ui.find("stack").property("currentItem").objectName() == "staffSignInScreen"
    assert shown(wait)
    assert _actions(store).count("sign_in.failed") == 4 and "sign_in" not in _actions(store)


def test_feedback_with_a_resident_is_read_back_then_sent_with_the_clerk_on_the_receipt(staff, kiosk_window, qtbot, store, printing):
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffAssisted")
    ui.screen("clerkEntryScreen")
    assert text_of(kiosk_window, "entryConsultationTitle") == "Dự thảo Quy chế chợ xã"
    ui.tap("entryArticle_1")
    qtbot.waitUntil(lambda: text_of(kiosk_window, "entryCurrentArticle") == "Điều 2. Giải thích từ ngữ")
    ui.tap("entryStance_disagree")
    find(kiosk_window, "entryComment").setProperty("text", "Cần định nghĩa rõ “chợ tạm”")
    ui.tap("entryArticle_0")
    ui.tap("entryStance_agree")
    qtbot.waitUntil(lambda: "2" in text_of(kiosk_window, "entryCount"))

    ui.tap("entryReview")
    ui.screen("clerkReadBackScreen")
    assert "Trần Văn Nam" in text_of(kiosk_window, "readBackChannel")
    assert [text_of(kiosk_window, f"readBackStance_{i}") for i in range(2)] == ["Đồng ý", "Không đồng ý"]
    assert text_of(kiosk_window, "readBackComment_1") == "Cần định nghĩa rõ “chợ tạm”"
    assert store.query_one("SELECT count(*) AS n FROM events")["n"] == 0  # nothing stored before the resident agrees

    ui.tap("readBackEdit")  # "Sửa lại": back to the entry, everything kept
    ui.screen("clerkEntryScreen")
    ui.tap("entryArticle_2")
    ui.tap("entryStance_other")
    ui.tap("entryReview")
    ui.screen("clerkReadBackScreen")
    assert shown(find(kiosk_window, "readBack_2"))
    ui.tap("readBackConfirm")  # "Đúng, gửi đi"

    ui.screen("clerkSentScreen")
    [event] = store.query("SELECT receipt_code, body FROM events")
    assert text_of(kiosk_window, "sentCode") == group(event["receipt_code"])
    body = canonical.loads(event["body"])
    assert (body["channel"], body["clerk"], body["form_date"]) == ("assisted", "Trần Văn Nam", None)
    stances = [(i["node_key"], i["stance"]) for i in body["items"]]
    assert stances == [("article:2", "disagree"), ("article:1", "agree"), ("article:3", "other")]
    assert receipt_content(store, event["receipt_code"], "vi").clerk_name == "Trần Văn Nam"
    ui.tap("sentPrint")
    qtbot.waitUntil(lambda: printing.printed == [event["receipt_code"]])
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "sentPrintMessage")))

    ui.tap("sentNext")  # the next resident starts from a clean entry
    ui.screen("clerkEntryScreen")
    assert "0" in text_of(kiosk_window, "entryCount")


def test_a_paper_form_is_entered_with_the_date_written_on_it(staff, kiosk_window, qtbot, store):
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffPaper")
    ui.screen("clerkEntryScreen")
    assert text_of(kiosk_window, "formDate_day") == "23"
    ui.tap("formDate_day_plus")  # never a date after today
    assert text_of(kiosk_window, "formDate_day") == "23"
    for _ in range(3):
        ui.tap("formDate_day_minus")
    ui.tap("formDate_day_plus")
    ui.tap("formDate_month_minus")
    qtbot.waitUntil(lambda: (text_of(kiosk_window, "formDate_day"), text_of(kiosk_window, "formDate_month")) == ("21", "10"))
    ui.tap("entryArticle_2")
    ui.tap("entryStance_other")
    find(kiosk_window, "entryComment").setProperty("text", "Hiệu lực sau 30 ngày")
    ui.tap("entryReview")
    ui.screen("clerkReadBackScreen")
    assert "21/10/2026" in text_of(kiosk_window, "readBackChannel")
    ui.tap("readBackConfirm")
    # The consultation opened on 1 November: a form dated in October is refused, with the reason.
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "readBackError")))
    assert "21/10/2026" in text_of(kiosk_window, "readBackError")
    ui.tap("readBackEdit")
    ui.screen("clerkEntryScreen")
    ui.tap("formDate_month_plus")
    ui.tap("entryReview")
    ui.tap("readBackConfirm")
    ui.screen("clerkSentScreen")
    body = canonical.loads(store.query_one("SELECT body FROM events")["body"])
    assert (body["channel"], body["form_date"], body["clerk"]) == ("paper", "2026-11-21", "Trần Văn Nam")
    assert body["items"][0]["comment"] == "Hiệu lực sau 30 ngày"


def _paper_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã lấy ý kiến", "Điều", "Quan điểm", "Nội dung góp ý", "Ngày", "Số phiếu"])
        writer.writerows(rows)


def test_a_spreadsheet_of_paper_forms_is_imported_and_every_bad_row_named(staff, kiosk_window, qtbot, store, tmp_path, monkeypatch):
    stick = tmp_path / "usb"
    plug_in(monkeypatch, stick)
    _paper_csv(
        stick / "phieu-gop-y.csv",
        [
            ["TEST-1", "Điều 1", "Đồng ý", "Tốt", "20/11/2026", "P-1"],
            ["TEST-1", "Điều 2", "có lẽ", "", "20/11/2026", "P-2"],
            ["TEST-1", "Điều 9", "Không đồng ý", "", "20/11/2026", "P-3"],
            ["TEST-1", "Điều 3", "Ý kiến khác", "Sớm hơn", "21/11/2026", "P-4"],
        ],
    )
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffImportSheet")
    ui.screen("clerkImportScreen")
    ui.tap("file_0")
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "importReport")))
    counts = [text_of(kiosk_window, name) for name in ("importImported", "importDuplicates", "importErrors")]
    assert counts == ["2", "0", "2"]
    problems = [text_of(kiosk_window, f"importRow_{i}") for i in range(2)]
    assert "3" in problems[0] and "có lẽ" in problems[0]  # row 3 of the sheet (the header is row 1)
    assert "4" in problems[1] and "Điều 9" in problems[1]
    assert store.query_one("SELECT count(*) AS n FROM events WHERE channel = 'paper'")["n"] == 2

    ui.tap("file_0")  # the same file again: nothing is imported twice
    qtbot.waitUntil(lambda: text_of(kiosk_window, "importDuplicates") == "2")
    assert text_of(kiosk_window, "importImported") == "0"
    assert store.query_one("SELECT count(*) AS n FROM events WHERE channel = 'paper'")["n"] == 2
    assert _actions(store).count("import.paper") == 2


def test_a_receipt_is_reprinted_from_its_code_and_the_reprint_recorded(staff, kiosk_window, qtbot, store, printing):
    [code] = submit(store)
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffReprint")
    ui.screen("clerkReprintScreen")
    for symbol in code:
        ui.tap(f"reprintSymbol_{symbol}")
    assert text_of(kiosk_window, "reprintCode") == group(code)
    ui.tap("reprintButton")
    qtbot.waitUntil(lambda: printing.printed == [code])
    qtbot.waitUntil(lambda: group(code) in text_of(kiosk_window, "reprintMessage"))
    [reprint] = [e for e in entries(store) if e.action == "reprint"]
    assert (reprint.actor, reprint.detail) == ("nam", group(code))


def test_the_days_report_and_blank_forms_are_saved_as_pdf_without_a_printer(staff, kiosk_window, qtbot, store, home):
    submit(store, 2)
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffDocuments")
    ui.screen("clerkDocumentsScreen")
    ui.tap("printDailyReport")
    qtbot.waitUntil(lambda: _vm(kiosk_window, "DocumentsViewModel").property("outcome") == "done", timeout=10000)
    ui.tap("printBlankForm_0")
    qtbot.waitUntil(lambda: len(list((home.root / "documents").glob("*.pdf"))) == 2, timeout=10000)
    qtbot.waitUntil(lambda: ".pdf" in text_of(kiosk_window, "documentsMessage"))
    saved = sorted((home.root / "documents").glob("*.pdf"))
    assert [p.name.split("-2")[0] for p in saved] == ["blank-form", "report"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in saved)
    assert [a for a in _actions(store) if a in ("daily_report", "blank_forms")] == ["daily_report", "blank_forms"]


def test_the_idle_timer_signs_the_staff_out(staff, kiosk_window, qtbot, store):
    sign_in(qtbot, kiosk_window, ADMIN)
    _vm(kiosk_window, "IdleViewModel").timedOut.emit()  # what the countdown ends with
    driver(qtbot, kiosk_window).screen("homeScreen")
    assert not _vm(kiosk_window, "StaffViewModel").property("signedIn")
    [last] = entries(store, limit=1)
    assert (last.action, detail_text(last.detail)) == ("sign_out", "ki-ốt không có ai dùng quá lâu")


def test_an_administrator_leaves_kiosk_mode_and_it_is_recorded(staff, kiosk_window, qtbot, store):
    kiosk_window.setProperty("allowClose", False)
    ui = sign_in(qtbot, kiosk_window, ADMIN)
    ui.tap("adminLeaveKiosk")
    ui.tap("adminLeaveKioskConfirm")
    qtbot.waitUntil(lambda: not kiosk_window.isVisible())
    assert _actions(store)[-1] == "kiosk.exit"
