"""Touching the kiosk's own screens from Python: for the tour, the self-test and the UI tests.

Items are found by ``objectName`` and touched at their centre, and text is
typed key by key on the on-screen keyboard, as a person would (pitfalls.md
§3, §8). Waiting runs a QEventLoop: ``QTest.qWait`` blocked for good here,
with a Qt thread waiting on the interpreter.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

_SHIFT_DOUBLE_TAP = 0.8  # seconds; more than the keyboard's double-tap interval
TIMEOUT = 10000  # ms; generous, for a loaded build machine


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: int = TIMEOUT) -> None:
    """Let Qt run until ``condition()`` holds; TimeoutError after ``timeout`` ms."""
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the expected state in time")
        wait(20)


def items(root: QQuickItem):
    """Every visual item under ``root``, depth first (delegates are not QObject children)."""
    yield root
    for child in root.childItems():
        yield from items(child)


def find(window, name: str) -> QQuickItem | None:
    """The item called ``name`` anywhere in the window, overlays included."""
    for item in items(window.contentItem()):
        if item.objectName() == name:
            return item
    return None


def shown(item: QQuickItem | None) -> bool:
    return item is not None and item.isVisible() and item.opacity() > 0


def _flickable(item: QQuickItem) -> QQuickItem | None:
    parent = item.parentItem()
    while parent is not None:
        if parent.inherits("QQuickFlickable"):
            return parent
        parent = parent.parentItem()
    return None


def scroll_into_view(item: QQuickItem) -> None:
    """Scroll the lists and pages holding ``item`` until it is within them, as a finger would."""
    flick = _flickable(item)
    while flick is not None:
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        view = flick.height()
        content_y = flick.property("contentY")
        if top < content_y or top + item.height() > content_y + view:
            wanted = top - max(0.0, (view - item.height()) / 2)
            limit = max(0.0, flick.property("contentHeight") - view)
            flick.setProperty("contentY", min(max(0.0, wanted), limit))
        flick = _flickable(flick)


def tap(window, item: QQuickItem) -> None:
    """A touch on the centre of ``item``."""
    scroll_into_view(item)
    centre = item.mapToScene(item.boundingRect().center())
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(centre.x()), int(centre.y())))


def current_screen(window) -> str:
    current = find(window, "stack").property("currentItem")
    return current.objectName() if current else ""


class Driver:
    """Drives one kiosk window; ``wait_until`` may be pytest-qt's ``qtbot.waitUntil``."""

    def __init__(self, window, wait_until: Callable[..., None] = wait_until, pause: Callable[[int], None] = wait) -> None:
        self.window = window
        self.wait_until = wait_until
        self.pause = pause
        # Main.qml loads the screens beyond home after its first frame; drive once they are there.
        self.wait_until(lambda: window.property("screensReady"), timeout=TIMEOUT)

    def find(self, name: str) -> QQuickItem | None:
        return find(self.window, name)

    def tap(self, name: str) -> QQuickItem:
        """Wait for ``name`` to be on screen and enabled, then touch it."""
        self.wait_until(lambda: shown(self.find(name)) and self.find(name).isEnabled(), timeout=TIMEOUT)
        item = self.find(name)
        scroll_into_view(item)
        self.pause(50)  # let the page settle where it scrolled to
        tap(self.window, item)
        return item

    def screen(self, name: str) -> None:
        """Wait until the screen called ``name`` is the current one."""
        self.wait_until(lambda: current_screen(self.window) == name, timeout=TIMEOUT)

    # -- the on-screen keyboard ---------------------------------------

    @property
    def panel(self) -> QQuickItem:
        return self.find("inputPanel")

    def _keys(self) -> list[QQuickItem]:
        return [k for k in items(self.panel) if k.property("key") is not None and k.isVisible() and k.width() > 0]

    def key_for(self, char: str) -> QQuickItem | None:
        if char == " ":
            return next((k for k in self._keys() if k.property("key") == int(Qt.Key.Key_Space)), None)
        code = int(getattr(Qt.Key, f"Key_{char.upper()}", Qt.Key.Key_unknown))
        return next((k for k in self._keys() if k.property("text") == char.lower() and k.property("key") == code), None)

    def keyboard_open(self) -> None:
        """Wait for the keyboard to be up, its layout loaded and its slide-in over."""
        self.wait_until(lambda: self.panel.property("active") is True, timeout=TIMEOUT)
        self.wait_until(lambda: self.key_for("a") is not None, timeout=TIMEOUT)
        # Key positions are stale until the slide-in ends: wait until a key stops moving.
        last = None
        deadline = time.monotonic() + TIMEOUT / 1000
        while time.monotonic() < deadline:
            self.pause(150)
            key = self.key_for("a")
            where = key.mapToScene(QPointF(0, 0)) if key is not None else None
            if where is not None and where == last:
                return
            last = where
        raise TimeoutError("the on-screen keyboard did not settle")

    def _uppercase(self) -> bool:
        return bool(self.key_for("a").property("uppercased"))

    def type(self, text: str) -> None:
        """Touch the keys for ``text`` (letters and spaces), with Shift where a capital needs it."""
        last_shift = 0.0
        for char in text:
            if char.isalpha() and char.isupper() != self._uppercase():
                # Two touches of Shift in quick succession lock the capitals.
                self.pause(max(0, int((last_shift + _SHIFT_DOUBLE_TAP - time.monotonic()) * 1000)))
                shift = next(k for k in self._keys() if k.property("key") == int(Qt.Key.Key_Shift))
                tap(self.window, shift)
                last_shift = time.monotonic()
                self.wait_until(lambda c=char: self._uppercase() == c.isupper(), timeout=TIMEOUT)
            key = self.key_for(char)
            if key is None:
                raise LookupError(f"no key for {char!r} on the keyboard")
            tap(self.window, key)
            self.pause(20)
