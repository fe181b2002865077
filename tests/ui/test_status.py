"""Check my receipt: a keypad of the code's own symbols; a typo and an unknown code are said plainly."""

from __future__ import annotations

from kiosk.domain import Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.i18n import _
from kiosk.receipt_code import group, new_code
from kiosk.submissions import SubmissionService
from tests.conftest import article_id
from tests.ui.helpers import driver


def _type_code(ui, code: str) -> None:
    ui.tap("codeClear")
    for symbol in code:
        ui.tap(f"symbol_{symbol}")


def _open(qtbot, window):
    ui = driver(qtbot, window)
    ui.tap("checkReceiptButton")
    ui.screen("statusScreen")
    return ui


def test_a_code_with_a_typo_is_caught_by_its_check_character(kiosk_window, qtbot):
    ui = _open(qtbot, kiosk_window)
    code = new_code()
    wrong = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    _type_code(ui, wrong)
    assert ui.find("typedCode").property("text") == group(wrong)
    ui.tap("checkButton")
    typo = _("This receipt code has a typing mistake. Please check it against your receipt.")
    qtbot.waitUntil(lambda: ui.find("statusMessage").property("text") == typo)


def test_an_unknown_code_is_said_plainly(kiosk_window, qtbot):
    ui = _open(qtbot, kiosk_window)
    code = new_code()
    _type_code(ui, code)
    ui.tap("checkButton")
    qtbot.waitUntil(lambda: group(code) in ui.find("statusMessage").property("text"))


def test_a_stored_code_shows_its_progress_and_the_agencys_answer(kiosk_window, qtbot, store, clock):
    form = FeedbackForm("TEST-1", items=(FeedbackItem(article_id(store, "article:3"), Stance.AGREE, ""),))
    code = SubmissionService(store, clock).submit(form).receipt.code
    with store.write() as db:
        db["responses"].insert(
            {"consultation_code": "TEST-1", "legal_key": "article:3", "status": "accepted", "text": "Sẽ có hiệu lực sau 30 ngày."}
        )
    ui = _open(qtbot, kiosk_window)
    _type_code(ui, code)
    assert ui.find("symbol_A").isEnabled() is False  # twelve symbols typed: the keypad stops
    ui.tap("checkButton")
    qtbot.waitUntil(lambda: ui.find("statusMessage").property("text") != "")
    texts = [item.property("text") for item in _labels(kiosk_window)]
    assert "Sẽ có hiệu lực sau 30 ngày." in texts
    assert any("Điều 3" in (t or "") for t in texts)

    # The message follows the language.
    message_vi = ui.find("statusMessage").property("text")
    ui.tap("language_en")
    qtbot.waitUntil(lambda: ui.find("statusMessage").property("text") not in ("", message_vi))
    assert "drafting agency" in ui.find("statusMessage").property("text")


def _labels(window):
    from tests.ui.helpers import items

    return [i for i in items(window.contentItem()) if i.inherits("QQuickText") and i.isVisible()]
