"""Vietnamese on the on-screen keyboard: Telex on its keys, and the row of tone and letter keys."""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QGuiApplication

from tests.ui.helpers import driver

NAME = "Nguyễn Văn Đức"


def _comment_field(qtbot, window):
    ui = driver(qtbot, window)
    ui.tap("card_TEST-1")
    ui.tap("commentButton")
    ui.screen("feedbackScreen")
    field = ui.tap("commentField")
    ui.keyboard_open()
    return ui, field


def test_the_keyboard_is_vietnamese_with_the_tone_row_above_it(kiosk_window, qtbot):
    ui, _field = _comment_field(qtbot, kiosk_window)
    assert QGuiApplication.inputMethod().locale().name() == "vi_VN"
    tone_row = ui.find("toneRow")
    assert tone_row.isVisible()
    assert tone_row.y() + tone_row.height() <= ui.panel.y() + 1  # just above the keys, not over them


def test_telex_on_the_keyboard_keys_types_a_vietnamese_name(kiosk_window, qtbot):
    ui, field = _comment_field(qtbot, kiosk_window)
    ui.type("Nguyeexn Vawn Dduwcs")
    qtbot.waitUntil(lambda: field.property("text") == NAME, timeout=3000)
    assert unicodedata.is_normalized("NFC", field.property("text"))


def test_the_tone_row_puts_marks_on_the_word_before_the_cursor(kiosk_window, qtbot):
    ui, field = _comment_field(qtbot, kiosk_window)
    ui.type("Nguyen")
    ui.tap("letter_ê")
    ui.tap("tone_tilde")
    ui.type(" Van")
    ui.tap("letter_ă")
    ui.type(" Duc")
    ui.tap("letter_đ")
    ui.tap("letter_ư")
    ui.tap("tone_acute")
    qtbot.waitUntil(lambda: field.property("text") == NAME, timeout=3000)
    assert unicodedata.is_normalized("NFC", field.property("text"))
    assert field.property("activeFocus") is True  # the tone keys never take the focus from the field
    ui.type("a")  # typing goes on after the marked word
    qtbot.waitUntil(lambda: field.property("text") == NAME + "a", timeout=3000)


def test_english_gets_the_english_keyboard_without_telex(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("language_en")
    ui, field = _comment_field(qtbot, kiosk_window)
    assert QGuiApplication.inputMethod().locale().name() == "en_US"
    ui.type("Keep")
    qtbot.waitUntil(lambda: field.property("text") == "Keep", timeout=3000)  # "ee" stays "ee"
