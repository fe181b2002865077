"""Clerks and administrators: signing in with user name and PIN, the wait after wrong PINs, signing out.

The account signed in is what every staff screen acts as (``account``);
each of them records its privileged actions through :meth:`StaffViewModel.record`.
The end of a visit (idle, or the start screen) signs out.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.domain import Account
from kiosk.errors import UserFacingError
from kiosk.i18n import N_
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

if TYPE_CHECKING:
    from kiosk import staff

log = logging.getLogger(__name__)


def wait_text(seconds: int) -> str:
    """A wait as a clock shows it: "0:45", "59:59", "1:00:00"."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@QmlElement
@QmlSingleton
class StaffViewModel(QObject):
    """Who is signed in; the sign-in's message and the seconds left to wait; the administrator's alerts."""

    sessionChanged = Signal()
    messageChanged = Signal()
    waitChanged = Signal()
    alertsChanged = Signal()
    kioskExitApproved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        from kiosk.accounts import AccountService

        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._accounts = AccountService(self._ctx.store)
        self._account: Account | None = None
        self._message = ""
        self._wait = 0
        self._clock_warning = ""
        self._admin_alert = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._ctx.on_visit_end.append(self._visit_ended)

    @staticmethod
    def create(engine):
        return StaffViewModel()

    # -- the session --------------------------------------------------

    @property
    def account(self) -> Account | None:
        return self._account

    signedIn = Property(bool, lambda self: self._account is not None, notify=sessionChanged)
    userName = Property(str, lambda self: self._account.username if self._account else "", notify=sessionChanged)
    displayName = Property(str, lambda self: self._account.display_name if self._account else "", notify=sessionChanged)
    isAdmin = Property(bool, lambda self: bool(self._account and self._account.role == "admin"), notify=sessionChanged)
    message = Property(str, lambda self: self._message, notify=messageChanged)
    waitSeconds = Property(int, lambda self: self._wait, notify=waitChanged)
    waitText = Property(str, lambda self: wait_text(self._wait) if self._wait else "", notify=waitChanged)
    clockWarning = Property(str, lambda self: self._clock_warning, notify=alertsChanged)
    adminAlert = Property(str, lambda self: self._admin_alert, notify=alertsChanged)

    def _set_message(self, message: str) -> None:
        if message != self._message:
            self._message = message
            self.messageChanged.emit()

    def _set_wait(self, seconds: int) -> None:
        seconds = max(0, seconds)
        if seconds != self._wait:
            self._wait = seconds
            self.waitChanged.emit()
        if seconds and not self._timer.isActive():
            self._timer.start()
        elif not seconds:
            self._timer.stop()

    def _tick(self) -> None:
        self._set_wait(self._wait - 1)

    @Slot(str, str, result=bool)
    def signIn(self, username: str, pin: str) -> bool:
        """Check the user name and PIN (a slow hash: a fraction of a second); on a wrong PIN say how long to wait."""
        from kiosk.accounts import SignInError

        if self._wait:
            return False
        try:
            account = self._accounts.sign_in(username, pin, self._ctx.clock())
        except SignInError as error:
            self._set_message(error.message)
            self._set_wait(error.wait_seconds)
            return False
        self._account = account
        self._set_message("")
        self.refreshAlerts()
        self.sessionChanged.emit()
        return True

    @Slot()
    def userNameEdited(self) -> None:
        """Another user name: the wait of the one before does not apply to it."""
        self._set_wait(0)
        self._set_message("")

    @Slot()
    def signOut(self) -> None:
        self._end(N_("with the sign-out button"))

    def _visit_ended(self) -> None:
        self._end(N_("the kiosk was left idle"))
        self._set_wait(0)
        self._set_message("")

    def _end(self, reason: str) -> None:
        from kiosk import audit, staff

        if self._account is None:
            return
        try:
            self.record(staff.Action.SIGN_OUT, audit.detail(reason))  # translated when the log is read
        except UserFacingError:
            log.exception("the sign-out could not be recorded")
        self._account = None
        self.sessionChanged.emit()

    def record(self, action: staff.Action, detail: str) -> None:
        """Add a privileged action of the account signed in to the audit log.

        :raises kiosk.staff.NotAllowed: when nobody is signed in or the account may not do it
        """
        from kiosk import staff

        staff.record(self._ctx.store, self._account, action, detail, self._ctx.clock())

    def allowed(self, action: staff.Action) -> bool:
        from kiosk import staff

        return self._account is not None and staff.may(self._account.role, action)

    # -- what the administrator must know --------------------------------

    @Slot()
    def refreshAlerts(self) -> None:
        from kiosk.identity import clock_warning

        store = self._ctx.store
        warning = clock_warning(store, self._ctx.clock()) or ""
        alert = store.setting("admin_alert") or ""
        if (warning, alert) != (self._clock_warning, self._admin_alert):
            self._clock_warning, self._admin_alert = warning, alert
            self.alertsChanged.emit()

    @Slot()
    def dismissAdminAlert(self) -> None:
        from kiosk import staff

        if self.allowed(staff.Action.SETTINGS) and self._admin_alert:
            self._ctx.store.set_setting("admin_alert", "")
            self.refreshAlerts()

    # -- leaving kiosk mode -------------------------------------------

    @Slot(result=bool)
    def leaveKioskMode(self) -> bool:
        """An administrator closes the kiosk (recorded first); QML then closes the window."""
        from kiosk import staff

        try:
            self.record(staff.Action.KIOSK_EXIT, "")
        except UserFacingError as error:
            self._set_message(error.message)
            return False
        log.info("kiosk mode left by %s", self._account.username if self._account else "?")
        self.kioskExitApproved.emit()
        return True
