"""Every screen usable by touch and readable: targets at least 48 × 48 px, body text at least 20 px,
and text colours with at least 4.5:1 contrast (7:1 in high contrast), from the theme's own values."""

from __future__ import annotations

import pytest
from PySide6.QtQml import qmlEngine

from kiosk.kiosk_mode import hash_pin
from tests.ui.helpers import driver, find, items, shown

MIN_TARGET = 48
MIN_TEXT = 20
_INTERACTIVE = ("QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit", "QQuickMouseArea")


def _within(item, ancestor) -> bool:
    while item is not None:
        if item is ancestor:
            return True
        item = item.parentItem()
    return False


def _counted(window) -> tuple[int, int]:
    """How many targets and texts a screen shows: the check above must have looked at something."""
    shown_items = [i for i in items(window.contentItem()) if i.isVisible() and i.opacity() > 0]
    return (
        sum(1 for i in shown_items if any(i.inherits(kind) for kind in _INTERACTIVE)),
        sum(1 for i in shown_items if i.inherits("QQuickText") and i.property("text")),
    )


def _problems(window) -> list[str]:
    keyboard = find(window, "inputPanel")
    problems = []
    for item in items(window.contentItem()):
        if not item.isVisible() or item.opacity() == 0 or _within(item, keyboard):
            continue
        name = f"{item.metaObject().className()} {item.objectName() or ''} {str(item.property('text') or '')[:30]!r}"
        interactive = any(item.inherits(kind) for kind in _INTERACTIVE) and item.isEnabled()
        if interactive and (item.width() < MIN_TARGET or item.height() < MIN_TARGET):
            problems.append(f"target {item.width():.0f}×{item.height():.0f}: {name}")
        if item.inherits("QQuickText") and item.property("text"):
            size = item.property("font").pixelSize()
            if size < MIN_TEXT:
                problems.append(f"text {size}px: {name}")
    return problems


@pytest.fixture
def admin_pin(store):
    store.set_setting("admin_pin_hash", hash_pin("2468"))


def test_every_screen_has_large_targets_and_large_text(admin_pin, kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    seen: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        qtbot.wait(50)
        targets, texts = _counted(kiosk_window)
        assert targets >= 3 and texts >= 3, screen
        seen[screen] = _problems(kiosk_window)

    check("home")
    ui.tap("card_TEST-1")
    ui.tap("nextButton")
    check("reader")
    ui.tap("searchButton")
    ui.tap("searchField")
    ui.keyboard_open()
    ui.type("cho")
    qtbot.waitUntil(lambda: find(kiosk_window, "result_0") is not None)
    check("search")
    ui.tap("result_0")
    ui.tap("commentButton")
    ui.tap("stance_other")
    ui.tap("commentField")
    ui.keyboard_open()
    check("feedback with the keyboard and the tone row")
    ui.tap("saveComment")
    ui.tap("finishButton")
    ui.tap("option_1_0")
    check("questions")
    ui.tap("questionsContinue")
    ui.tap("consentYes")
    check("consent")
    ui.tap("consentNo")
    ui.tap("consentContinue")
    check("review")
    ui.tap("sendButton")
    ui.screen("receiptScreen")
    check("receipt")
    ui.tap("doneButton")
    ui.tap("checkReceiptButton")
    ui.tap("symbol_7")
    ui.tap("checkButton")
    check("status")
    for _ in range(5):
        ui.tap("adminCorner")
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "pinPad")))
    check("PIN pad")
    ui.tap("pinCancel")
    qtbot.waitUntil(lambda: not shown(find(kiosk_window, "pinPad")))
    ui.tap("homeButton")
    ui.tap("card_TEST-1")
    idle = qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "IdleViewModel")
    idle._on_idle()  # what two minutes without a touch would do
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "idleOverlay")))
    check("idle warning")
    idle.stillHere()
    qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").reportUnexpectedError()
    qtbot.waitUntil(lambda: shown(find(kiosk_window, "errorOverlay")))
    check("error")

    assert {screen: problems for screen, problems in seen.items() if problems} == {}
    assert len(seen) == 12


def _luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Every text colour on every background it is drawn on.
PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("text", "pressed"),
    ("mutedText", "background"),
    ("mutedText", "surface"),
    ("primary", "background"),
    ("primary", "surface"),
    ("primaryText", "primary"),
    ("selectedText", "selected"),
    ("selected", "surface"),
    ("done", "background"),
    ("danger", "background"),
    ("danger", "surface"),
    ("headerText", "header"),
]


@pytest.mark.parametrize(("high_contrast", "minimum"), [(False, 4.5), (True, 7.0)])
def test_theme_colours_have_enough_contrast(kiosk_window, high_contrast, minimum):
    theme = qmlEngine(kiosk_window).singletonInstance("Kiosk", "Theme")
    theme.setProperty("highContrast", high_contrast)
    low = {f"{fg} on {bg}": round(contrast(theme.property(fg), theme.property(bg)), 2) for fg, bg in PAIRS}
    assert {pair: ratio for pair, ratio in low.items() if ratio < minimum} == {}


def test_the_contrast_formula_matches_wcag():
    from PySide6.QtGui import QColor

    assert round(contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(contrast(QColor("#767676"), QColor("#ffffff")), 2) == 4.54
