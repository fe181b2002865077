"""The administrator's "Đồng bộ qua mạng" screen, and the round that runs by itself every few minutes.

A round (sync.network.sync_round) runs on the thread pool with its own
database connection, so the villager's screens never wait for the network.
The background round is skipped while a person is typing (a key or an
input-method event in the last ``TYPING_QUIET`` seconds), and tried again a
little later: a villager writing feedback never shares the machine with a sync.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.i18n import _
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.admin import _AdminScreen, _staff
from ui.viewmodels.background import own_store

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from ui.viewmodels.staff import StaffViewModel

# A round every few minutes when an address is set; configurable for tests and for a slow line.
INTERVAL_SECONDS = float(os.environ.get("GOPY_SYNC_INTERVAL", "300"))
TYPING_QUIET = float(os.environ.get("GOPY_SYNC_TYPING_QUIET", "30"))
RETRY_WHEN_TYPING = 5.0  # seconds until a round put off by typing looks again


def _typing_events() -> frozenset:
    # Imported here: building QEvent's Type enum costs 2.5 ms, and this module is
    # imported before the home screen's first frame; the rounds start after it.
    from PySide6.QtCore import QEvent

    return frozenset({QEvent.Type.KeyPress, QEvent.Type.InputMethod})


@QmlElement
@QmlSingleton
class NetworkSyncViewModel(_AdminScreen):
    """The centre's address, the last round and its result, "sync now" with progress, and the background round."""

    progressChanged = Signal()
    roundChanged = Signal()
    # Emitted on the worker thread; Qt delivers it on the UI thread (the view-model lives there).
    _reported = Signal(str, int, int)

    def __init__(self, staff_model: StaffViewModel, parent: QObject | None = None) -> None:
        super().__init__(staff_model, parent)
        self._stage, self._done, self._total = "", 0, 0
        self._url = ""
        self._last = ""
        self._last_ok = True
        self._offline = False
        self._paused = False
        self._background = False  # the round running was started by the timer
        self._last_typed = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._reported.connect(self._set_progress)
        self._typing_events = _typing_events()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # only notes the time of typing; never consumes an event
        self._load()
        self._schedule(INTERVAL_SECONDS)

    @staticmethod
    def create(engine):
        return NetworkSyncViewModel(_staff(engine))

    centreUrl = Property(str, lambda self: self._url, notify=roundChanged)
    lastRound = Property(str, lambda self: self._last, notify=roundChanged)
    lastOk = Property(bool, lambda self: self._last_ok, notify=roundChanged)
    offline = Property(bool, lambda self: self._offline, notify=roundChanged)
    paused = Property(bool, lambda self: self._paused, notify=roundChanged)
    stage = Property(str, lambda self: self._stage, notify=progressChanged)
    done = Property(int, lambda self: self._done, notify=progressChanged)
    total = Property(int, lambda self: self._total, notify=progressChanged)

    # ------------------------------------------------------------ typing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._typing_events:
            self._last_typed = time.monotonic()
        return False

    def typing(self) -> bool:
        return time.monotonic() - self._last_typed < TYPING_QUIET

    # ------------------------------------------------------------ state

    def _load(self) -> None:
        from sync.network import centre_url, last_round

        store = self._ctx.store
        self._url = centre_url(store)
        last = last_round(store)
        if last:
            self._last_ok = bool(last.get("ok"))
            self._last = _("{at}: {result}").format(
                at=last.get("at", ""), result=_("done") if self._last_ok else last.get("error") or _("failed")
            )
        self.roundChanged.emit()

    @Slot()
    def refresh(self) -> None:
        self._load()

    @Slot(str)
    def setCentre(self, url: str) -> None:
        """An administrator's change of address, audited in the kiosk's log like ``gopy sync --centre``."""
        from kiosk import staff
        from kiosk.errors import UserFacingError
        from sync.network import set_centre_url

        if not self._allowed(staff.Action.EXPORT):
            return
        account = self._staff.account
        try:
            set_centre_url(self._ctx.store, url, actor=account.username if account else "?", now=self._ctx.clock())
        except UserFacingError as error:
            self._show("failed", error.message)
            return
        self._load()
        self._show("saved", _("The centre's address is saved.") if url.strip() else _("No address: this kiosk syncs by USB stick only."))
        self._schedule(INTERVAL_SECONDS)

    # ------------------------------------------------------------ rounds

    @Slot()
    def syncNow(self) -> None:
        from kiosk import staff

        if self._busy or not self._allowed(staff.Action.EXPORT):
            return
        self._start(background=False)

    def _schedule(self, seconds: float) -> None:
        if self._url and seconds > 0:
            self._timer.start(int(seconds * 1000))
        else:
            self._timer.stop()

    @Slot()
    def _tick(self) -> None:
        """The timer's round: put off while someone types or another round runs."""
        if self._busy:
            self._schedule(INTERVAL_SECONDS)
            return
        if self.typing():
            self._set_paused(True)
            self._schedule(RETRY_WHEN_TYPING)
            return
        self._set_paused(False)
        self._start(background=True)

    def _set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.roundChanged.emit()

    def _start(self, *, background: bool) -> None:
        store, home, clock = self._ctx.store, self._ctx.home, self._ctx.clock
        self._background = background

        def work(_progress):
            from sync.network import sync_round  # here: sync is not needed before the first frame

            with own_store(store) as own:
                return sync_round(own, home, clock=clock, progress=self._reported.emit)

        self._set_progress("time", 0, 0)
        self._run(work, self._finished, self._failed)

    @Slot(str, int, int)
    def _set_progress(self, stage: str, done: int, total: int) -> None:
        if (stage, done, total) != (self._stage, self._done, self._total):
            self._stage, self._done, self._total = stage, done, total
            self.progressChanged.emit()

    @Slot(object)
    def _finished(self, result) -> None:
        self._offline = result.error_code == "network"  # unreachable, or no address: the USB stick is the way
        if result.ok:
            self._show("done", "\n".join(result.lines))
        elif self._offline:
            self._show("offline", _("There is no connection to the centre right now. Nothing was lost; you can use a USB stick instead."))
        else:
            self._show("failed", result.error)
        self._set_progress("", 0, 0)
        self._load()
        self._schedule(INTERVAL_SECONDS)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._show("failed", message)
        self._set_progress("", 0, 0)
        self._schedule(INTERVAL_SECONDS)
