"""Searching the draft with or without marks, and changing what was written before sending."""

from __future__ import annotations

from PySide6.QtQml import qmlEngine

from tests.ui.helpers import driver, find


def test_search_finds_with_or_without_marks_and_a_result_opens_its_article(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.tap("searchButton")
    ui.tap("searchField")
    ui.keyboard_open()
    ui.type("truong ban")  # "Trưởng ban;" is point a) of clause 2 of Điều 2
    qtbot.waitUntil(lambda: find(kiosk_window, "result_0") is not None)
    search = qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "SearchViewModel")
    folded = [r["nodeId"] for r in search.property("results").rows]
    for query in ("Trưởng ban", "TRƯỞNG BAN"):
        search.search("TEST-1", query)
        assert [r["nodeId"] for r in search.property("results").rows] == folded
    assert folded  # found without marks, and the same with marks and in capitals
    ui.tap("result_0")
    ui.screen("readerScreen")
    assert ui.find("articleHeading").property("text") == "Điều 2. Giải thích từ ngữ"


def test_nothing_found_is_said(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.tap("searchButton")
    ui.tap("searchField")
    ui.keyboard_open()
    ui.type("xyzw")
    qtbot.waitUntil(lambda: ui.find("nothingFound").isVisible())


def test_the_review_lists_every_comment_and_each_can_be_changed_or_removed(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    for stance in ("stance_agree", "stance_disagree"):
        ui.tap("commentButton")
        ui.tap(stance)
        ui.tap("saveComment")
        ui.screen("readerScreen")
        ui.tap("nextButton")
    ui.tap("finishButton")
    ui.tap("questionsContinue")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    qtbot.waitUntil(lambda: find(kiosk_window, "reviewItem_1") is not None)

    ui.tap("editItem_0")  # Điều 1: change agree to other
    ui.screen("feedbackScreen")
    assert ui.find("stance_agree").property("selected") is True
    ui.tap("stance_other")
    ui.tap("saveComment")
    ui.screen("reviewScreen")
    ui.tap("editItem_1")  # Điều 2: remove it
    ui.tap("removeComment")
    ui.screen("reviewScreen")
    qtbot.waitUntil(lambda: find(kiosk_window, "reviewItem_1") is None)
    ui.tap("sendButton")
    ui.screen("receiptScreen")
    [row] = store.query("SELECT body FROM events")
    assert '"stance":"other"' in row["body"] and '"node_key":"article:2"' not in row["body"]
