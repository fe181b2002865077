"""The receipt screen: the code, its QR, printing by itself when a printer is set up, calm when it fails."""

from __future__ import annotations

from PySide6.QtQml import QQmlEngine, QQmlExpression

from kiosk.printing import PrinterError, printer_unavailable_message
from kiosk.receipt_code import group
from tests.ui.helpers import driver, find, shown


def _send(qtbot, window):
    ui = driver(qtbot, window)
    ui.tap("card_TEST-1")
    ui.tap("commentButton")
    ui.tap("stance_agree")
    ui.tap("saveComment")
    ui.tap("finishButton")
    ui.tap("questionsContinue")
    ui.tap("consentContinue")
    ui.tap("sendButton")
    ui.screen("receiptScreen")
    return ui


def test_with_a_printer_set_up_the_receipt_prints_by_itself(store, printing, kiosk_window, qtbot):
    store.set_setting("printer", "Thermal-80")
    ui = _send(qtbot, kiosk_window)
    [row] = store.query("SELECT receipt_code FROM events")
    qtbot.waitUntil(lambda: printing.printed == [row["receipt_code"]])
    qtbot.waitUntil(lambda: ui.find("printButton").isEnabled())
    assert ui.find("receiptCode").property("text") == group(row["receipt_code"])
    ui.tap("printButton")  # a second copy
    qtbot.waitUntil(lambda: len(printing.printed) == 2)


def test_without_a_printer_nothing_prints_until_asked(printing, kiosk_window, qtbot):
    ui = _send(qtbot, kiosk_window)
    qtbot.wait(100)
    assert printing.printed == []
    ui.tap("printButton")
    qtbot.waitUntil(lambda: len(printing.printed) == 1)


def test_a_printer_failure_is_one_calm_message_and_the_feedback_stays(store, printing, kiosk_window, qtbot):
    printing.error = PrinterError(detail="out of paper")
    store.set_setting("printer", "Thermal-80")
    ui = _send(qtbot, kiosk_window)
    qtbot.waitUntil(lambda: ui.find("printStatus").property("text") == printer_unavailable_message())
    assert len(store.query("SELECT * FROM events")) == 1
    assert ui.find("doneButton").isEnabled()
    ui.tap("doneButton")
    ui.screen("homeScreen")


def test_a_bug_in_a_printer_backend_is_shown_the_same_calm_way(store, printing, kiosk_window, qtbot):
    printing.error = OSError("device vanished")
    ui = _send(qtbot, kiosk_window)
    ui.tap("printButton")
    qtbot.waitUntil(lambda: ui.find("printStatus").property("text") == printer_unavailable_message())


def _screens_in_stack(window) -> list[str]:
    """The screens the stack holds, bottom first (a popped or replaced screen is destroyed)."""
    stack = find(window, "stack")
    names = [item.objectName() for item in stack.childItems() if item.objectName().endswith("Screen")]
    assert len(names) == stack.property("depth"), names
    return names


def test_after_sending_no_path_from_the_receipt_leads_to_an_empty_review(store, printing, kiosk_window, qtbot):
    ui = _send(qtbot, kiosk_window)
    [row] = store.query("SELECT receipt_code FROM events")
    # Nothing left under the receipt but home: no Back or Start in the header, "Done" and printing only.
    assert _screens_in_stack(kiosk_window) == ["homeScreen", "receiptScreen"]
    for name in ("backButton", "homeButton"):
        assert not shown(ui.find(name)), name
    assert shown(ui.find("doneButton")) and shown(ui.find("printButton"))
    # Even a review reached some other way says the feedback is stored, with its code.
    review = ui.find("reviewStored")
    assert review is None or not shown(review)
    stack = find(kiosk_window, "stack")
    QQmlExpression(QQmlEngine.contextForObject(stack), stack, "pop()").evaluate()  # as a stray Back would
    ui.screen("homeScreen")
    ui.tap("card_TEST-1")
    ui.tap("finishButton")
    ui.tap("questionsContinue")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    qtbot.waitUntil(lambda: shown(ui.find("reviewStored")))
    assert group(row["receipt_code"]) in ui.find("reviewStored").property("text")
    assert not ui.find("sendButton").isEnabled()


def test_done_ends_the_visit_and_forgets_the_code(store, printing, kiosk_window, qtbot):
    ui = _send(qtbot, kiosk_window)
    ui.tap("doneButton")
    ui.screen("homeScreen")
    assert _screens_in_stack(kiosk_window) == ["homeScreen"]
    ui.tap("card_TEST-1")
    ui.tap("finishButton")
    ui.tap("questionsContinue")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    assert not shown(ui.find("reviewStored"))
