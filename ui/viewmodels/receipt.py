"""The receipt screen: the code in large type, its QR code, printing off the UI thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QThreadPool, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from kiosk.receipt_code import group
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

if TYPE_CHECKING:
    from kiosk.storage.db import Store

log = logging.getLogger(__name__)


def printer_configured(store: Store) -> bool:
    """A printer is set up (setting "printer"): the receipt prints by itself."""
    return bool((store.setting("printer") or "").strip())


class _PrintTask(QObject):
    """One print job on the thread pool; ``finished`` is delivered on the UI thread."""

    finished = Signal(bool, str)

    def __init__(self, work) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        from kiosk.printing import PrinterError, printer_unavailable_message

        try:
            self._work()
        except PrinterError as error:
            log.warning("printing failed: %s", error.detail or error.message)
            self.finished.emit(False, error.message)
        except Exception:
            # A bug in a printing backend: logged in full, shown as a printer failure,
            # because the person can do nothing else about it and their feedback is saved.
            log.exception("printing failed unexpectedly")
            self.finished.emit(False, printer_unavailable_message())
        else:
            self.finished.emit(True, "")


@QmlElement
@QmlSingleton
class ReceiptViewModel(QObject):
    """The receipt of the submission just stored."""

    codeChanged = Signal()
    printingChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._code = ""
        self._payload = ""
        self._ideas: list[str] = []
        self._supports = 0
        self._voted = False
        self._printing = False
        self._printed = False
        self._message = ""
        self._task: _PrintTask | None = None
        self._ctx.on_visit_end.append(self.reset)

    @staticmethod
    def create(engine):
        return ReceiptViewModel()

    code = Property(str, lambda self: self._code, notify=codeChanged)
    groupedCode = Property(str, lambda self: group(self._code) if self._code else "", notify=codeChanged)

    def _qr_source(self) -> str:
        from ui.qr_image import qr_source

        return qr_source(self._payload) if self._payload else ""

    qrSource = Property(str, _qr_source, notify=codeChanged)
    # An ideas call: each new idea's reference ("3F2A9C1B-1 · Trường học"), so others can support it.
    ideaRefs = Property("QVariantList", lambda self: self._ideas, notify=codeChanged)
    supportCount = Property(int, lambda self: self._supports, notify=codeChanged)
    # A vote: that it was recorded, never what was chosen (the choice is sealed).
    voted = Property(bool, lambda self: self._voted, notify=codeChanged)
    printing = Property(bool, lambda self: self._printing, notify=printingChanged)
    printed = Property(bool, lambda self: self._printed, notify=printingChanged)
    printMessage = Property(str, lambda self: self._message, notify=printingChanged)

    @Slot(str)
    def show(self, code: str) -> None:
        """Show the receipt of ``code``; print it at once when a printer is set up."""
        from kiosk.receipt_documents import receipt_content  # here: not needed before the first frame

        self._code = code
        content = receipt_content(self._ctx.store, code, i18n.current_language())
        self._payload = content.qr_payload
        self._ideas = [f"{ref} · {category}" for ref, category in content.ideas]
        self._supports = content.support_count
        self._voted = content.voted
        self._printed = False
        self._message = ""
        self.codeChanged.emit()
        self.printingChanged.emit()
        if printer_configured(self._ctx.store):
            self.print()

    @Slot()
    def print(self) -> None:
        """Print (again) on a worker thread; a failure is said calmly: the feedback is saved."""
        from kiosk.printing import PrinterError, printer_unavailable_message

        if not self._code or self._printing:
            return
        prepare = self._ctx.print_receipt
        if prepare is None:
            self._finish(False, printer_unavailable_message())
            return
        try:
            work = prepare(self._code)  # reads the store here, on the UI thread
        except PrinterError as error:
            self._finish(False, error.message)
            return
        self._printing = True
        self._message = ""
        self.printingChanged.emit()
        self._task = _PrintTask(work)
        self._task.finished.connect(self._finish)
        QThreadPool.globalInstance().start(self._task.run)

    @Slot(bool, str)
    def _finish(self, ok: bool, message: str) -> None:
        self._printing = False
        self._printed = ok
        self._message = message
        self._task = None
        self.printingChanged.emit()

    @Slot()
    def reset(self) -> None:
        self._code = ""
        self._payload = ""
        self._ideas = []
        self._supports = 0
        self._voted = False
        self._printed = False
        self._message = ""
        self.codeChanged.emit()
        self.printingChanged.emit()
