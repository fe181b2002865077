"""One visit from the first touch to the receipt, as a villager would make it."""

from __future__ import annotations

import unicodedata

from kiosk import canonical
from kiosk.receipt_code import group
from tests.conftest import article_id
from tests.ui.helpers import driver, find, shown


def test_read_comment_answer_review_send_and_get_a_receipt(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    qtbot.waitUntil(lambda: ui.find("articleHeading").property("text") == "Điều 1. Phạm vi điều chỉnh")
    ui.tap("nextButton")
    qtbot.waitUntil(lambda: ui.find("articleHeading").property("text") == "Điều 2. Giải thích từ ngữ")

    ui.tap("commentButton")
    ui.screen("feedbackScreen")
    ui.tap("stance_disagree")
    field = ui.tap("commentField")
    ui.keyboard_open()
    ui.type("Chowj mowr sowms")  # Telex for "Chợ mở sớm"
    qtbot.waitUntil(lambda: field.property("text") == "Chợ mở sớm", timeout=3000)
    ui.tap("saveComment")
    ui.screen("readerScreen")

    ui.tap("finishButton")
    ui.screen("questionsScreen")
    ui.tap("option_1_1")
    ui.tap("option_2_0")
    ui.tap("option_2_2")
    ui.tap("questionsContinue")
    ui.screen("consentScreen")
    assert ui.find("consentNo").property("chosen") is True  # no details unless the person says yes
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    qtbot.waitUntil(lambda: shown(ui.find("reviewItem_0")))
    ui.tap("sendButton")

    ui.screen("receiptScreen")
    [event] = store.query("SELECT * FROM events")
    assert ui.find("receiptCode").property("text") == group(event["receipt_code"])
    body = canonical.loads(event["body"])
    assert body["items"] == [
        {"node_id": article_id(store, "article:2"), "node_key": "article:2", "stance": "disagree", "comment": "Chợ mở sớm"}
    ]
    assert unicodedata.is_normalized("NFC", body["items"][0]["comment"])
    assert [(a["question"], a["choices"]) for a in body["answers"]] == [(1, [1]), (2, [0, 2])]
    assert body["sealed"] is None and body["demographics"] is None
    assert ui.find("receiptQr").property("implicitWidth") > 0  # the QR image was made

    ui.tap("doneButton")
    ui.screen("homeScreen")
    qtbot.waitUntil(lambda: find(kiosk_window, "card_TEST-1").property("comments") == 1)
