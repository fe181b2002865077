"""Noticing that nobody is using the kiosk: an application-wide event filter (pitfalls.md §2).

Every touch, click, key or input-method event restarts one single-shot timer.
The filter never consumes an event, and does not count them: one tap reaches
the filter once per receiver (window, then item).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_USER_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``seconds`` without input, and ``activity`` on the first input after that."""

    idle = Signal()
    activity = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self._on_timeout)
        self._idle = False

    def start(self) -> None:
        self._idle = False
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timeout(self) -> None:
        self._idle = True
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _USER_EVENTS and self._timer.interval() > 0:
            self._timer.start()
            if self._idle:
                self._idle = False
                self.activity.emit()
        return False
