"""The hidden way in: five taps in the top-left corner (rules in kiosk.kiosk_mode).

They open the staff sign-in once the kiosk has accounts; before that, the
PIN pad of the setting "admin_pin_hash", whose PIN leaves kiosk mode.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.kiosk_mode import CornerTaps, admin_pin_set, check_admin_pin
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

log = logging.getLogger(__name__)


@QmlElement
@QmlSingleton
class AdminViewModel(QObject):
    """Five taps in the top-left corner open the staff sign-in (when there are accounts) or the PIN pad
    (when only a PIN is set); the right PIN leaves kiosk mode."""

    pinPadChanged = Signal()
    pinRejectedChanged = Signal()
    leaveKioskMode = Signal()
    staffSignInRequested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._taps = CornerTaps()
        self._pin_pad = False
        self._rejected = False
        self._ctx.on_visit_end.append(self.closePinPad)

    @staticmethod
    def create(engine):
        return AdminViewModel()

    pinPadOpen = Property(bool, lambda self: self._pin_pad, notify=pinPadChanged)
    pinRejected = Property(bool, lambda self: self._rejected, notify=pinRejectedChanged)

    def _set_pin_pad(self, value: bool) -> None:
        if value != self._pin_pad:
            self._pin_pad = value
            self.pinPadChanged.emit()

    def _set_rejected(self, value: bool) -> None:
        if value != self._rejected:
            self._rejected = value
            self.pinRejectedChanged.emit()

    @Slot()
    def cornerTapped(self) -> None:
        from kiosk.accounts import AccountService

        accounts = bool(AccountService(self._ctx.store).accounts())
        if not accounts and not admin_pin_set(self._ctx.store):
            self._taps.reset()
            return
        if self._taps.tap(time.monotonic()):
            if accounts:
                self.staffSignInRequested.emit()
                return
            self._set_rejected(False)
            self._set_pin_pad(True)

    @Slot(str, result=bool)
    def submitPin(self, pin: str) -> bool:
        if check_admin_pin(self._ctx.store, pin):
            log.info("kiosk mode left with the administrator's PIN")
            self._set_pin_pad(False)
            self.leaveKioskMode.emit()
            return True
        log.warning("wrong administrator PIN at the kiosk")
        self._set_rejected(True)
        return False

    @Slot()
    def closePinPad(self) -> None:
        self._set_pin_pad(False)
        self._set_rejected(False)
        self._taps.reset()
