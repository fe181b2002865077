"""The idle warning: "Are you still using the kiosk?" with a countdown, then back to the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from kiosk.kiosk_mode import COUNTDOWN_SECONDS, idle_seconds
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

if TYPE_CHECKING:
    from ui.idle import IdleWatcher


@QmlElement
@QmlSingleton
class IdleViewModel(QObject):
    """Watches for idleness; warns with a countdown unless the kiosk is already at its start."""

    warningChanged = Signal()
    secondsLeftChanged = Signal()
    atHomeChanged = Signal()
    timedOut = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._watcher: IdleWatcher | None = None  # made by the first start(), after the first frame
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._warning = False
        self._seconds_left = COUNTDOWN_SECONDS
        self._at_home = True
        self._installed = False

    @staticmethod
    def create(engine):
        model = IdleViewModel()
        # A watcher must not outlive its screens: tests and the tour load one engine after another.
        engine.destroyed.connect(model.stop)
        return model

    def _get_warning(self) -> bool:
        return self._warning

    warning = Property(bool, _get_warning, notify=warningChanged)

    def _get_seconds_left(self) -> int:
        return self._seconds_left

    secondsLeft = Property(int, _get_seconds_left, notify=secondsLeftChanged)

    def _get_at_home(self) -> bool:
        return self._at_home

    def _set_at_home(self, value: bool) -> None:
        if value != self._at_home:
            self._at_home = value
            self.atHomeChanged.emit()

    atHome = Property(bool, _get_at_home, _set_at_home, notify=atHomeChanged)

    def _set_warning(self, value: bool) -> None:
        if value != self._warning:
            self._warning = value
            self.warningChanged.emit()

    def _set_seconds_left(self, value: int) -> None:
        if value != self._seconds_left:
            self._seconds_left = value
            self.secondsLeftChanged.emit()

    @Slot()
    def start(self) -> None:
        """Start watching (again); Main.qml starts it after the first frame.

        Loading is not idleness; and the watcher's first events each make
        PySide build a Python type for a new kind of event (50 ms in all),
        which must not delay the first picture of the home screen.
        """
        if self._watcher is None:
            from ui.idle import IdleWatcher  # builds Qt's event types: not before the first frame

            self._watcher = IdleWatcher(idle_seconds(self._ctx.store), self)
            self._watcher.idle.connect(self._on_idle)
            self._watcher.activity.connect(self.stillHere)
        if not self._installed:
            QGuiApplication.instance().installEventFilter(self._watcher)
            self._installed = True
        self._watcher.start()

    @Slot()
    def stop(self) -> None:
        self._countdown.stop()
        if self._watcher is not None:
            self._watcher.stop()
        if self._installed:
            QGuiApplication.instance().removeEventFilter(self._watcher)
            self._installed = False

    def _pristine(self) -> bool:
        ctx = self._ctx
        return self._at_home and ctx.visit.is_empty() and i18n.current_language() == ctx.language

    def _on_idle(self) -> None:
        if self._pristine():
            self.timedOut.emit()
            self.start()
            return
        self._set_seconds_left(COUNTDOWN_SECONDS)
        self._set_warning(True)
        self._countdown.start()

    def _tick(self) -> None:
        self._set_seconds_left(self._seconds_left - 1)
        if self._seconds_left <= 0:
            self._countdown.stop()
            self._set_warning(False)
            self.timedOut.emit()
            self.start()

    @Slot()
    def stillHere(self) -> None:
        """Any touch during the countdown: the person is still there."""
        self._countdown.stop()
        self._set_warning(False)
        self._set_seconds_left(COUNTDOWN_SECONDS)
        self.start()
