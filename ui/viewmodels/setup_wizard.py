"""The first-run setup: the commune (from the centre's enrolment file on a USB stick), the first
administrator, and the printer. Shown at start instead of the villagers' screens while the kiosk
has no administrator and no consultation (kiosk.staff.setup_needed).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.errors import UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.drives import DriveBrowser

STEPS = ("enrol", "admin", "printer", "done")


def available_printers() -> list[str]:
    """The computer's print queues; ui.printing (and reportlab with it) loads only when the setup asks."""
    from ui.printing import available_printers as queues

    return queues()


@QmlElement
@QmlSingleton
class SetupWizardViewModel(QObject):
    """Which step the setup is at, what the enrolment file said, and what went wrong, if anything."""

    stepChanged = Signal()
    messageChanged = Signal()
    printersChanged = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        from kiosk import staff
        from kiosk.removable_drives import ENROLMENT_SUFFIXES

        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        store = self._ctx.store
        self._needed = staff.setup_needed(store)
        self._browser = DriveBrowser(ENROLMENT_SUFFIXES, parent=self)
        self._step = "admin" if staff.is_enrolled(store) else "enrol"
        self._message = ""
        self._printers: list[str] = []
        self._printer = (store.setting("printer") or "").strip()

    @staticmethod
    def create(engine):
        return SetupWizardViewModel()

    needed = Property(bool, lambda self: self._needed, constant=True)
    step = Property(str, lambda self: self._step, notify=stepChanged)
    stepNumber = Property(int, lambda self: STEPS.index(self._step) + 1, notify=stepChanged)
    browser = Property(QObject, lambda self: self._browser, constant=True)
    message = Property(str, lambda self: self._message, notify=messageChanged)
    printers = Property(list, lambda self: self._printers, notify=printersChanged)
    printer = Property(str, lambda self: self._printer, notify=printersChanged)

    def _identity(self) -> dict:
        return self._ctx.store.query_one("SELECT kiosk_id, commune_name, root_key_id FROM identity") or {}

    communeName = Property(str, lambda self: self._identity().get("commune_name") or "", notify=stepChanged)
    kioskId = Property(str, lambda self: self._identity().get("kiosk_id") or "", notify=stepChanged)
    rootKeyId = Property(str, lambda self: self._identity().get("root_key_id") or "", notify=stepChanged)

    def _set_step(self, step: str) -> None:
        self._set_message("")
        if step != self._step:
            self._step = step
            self.stepChanged.emit()

    def _set_message(self, message: str) -> None:
        if message != self._message:
            self._message = message
            self.messageChanged.emit()

    @Slot(str, result=bool)
    def enrol(self, path: str) -> bool:
        """Enrol with the centre's file: the commune, the centre's keys, this kiosk's own key."""
        from kiosk import audit
        from sync.kiosk_side import setup  # here: sync is not needed before the first frame

        store = self._ctx.store
        try:
            enrolment = setup(store, self._ctx.home, Path(path))
        except UserFacingError as error:
            self._set_message(error.message)
            return False
        audit.record(store, "setup", "enrol", f"{enrolment.kiosk_id} ({enrolment.commune_name})", self._ctx.clock())
        self._set_step("admin")
        self.stepChanged.emit()  # the commune and keys are read again
        return True

    @Slot(str, str, str, str, result=bool)
    def createAdmin(self, display_name: str, username: str, pin: str, again: str) -> bool:
        from kiosk import staff
        from kiosk.accounts import AccountService

        try:
            staff.check_new_pin(pin, again)
            AccountService(self._ctx.store).create("setup", username, "admin", display_name, pin, self._ctx.clock())
        except UserFacingError as error:
            self._set_message(error.message)
            return False
        self._printers = available_printers()
        self.printersChanged.emit()
        self._set_step("printer")
        return True

    @Slot(str)
    def choosePrinter(self, name: str) -> None:
        """A print queue by name, or "" to save receipts and documents as PDF files."""
        if name != self._printer and (not name or name in self._printers):
            self._printer = name
            self.printersChanged.emit()

    @Slot()
    def finish(self) -> None:
        self._ctx.store.set_setting("printer", self._printer)
        self._needed = False
        self._set_step("done")
        self.finished.emit()
