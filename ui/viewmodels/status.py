"""Check my receipt: a keypad of the code's 32 symbols, then what became of the feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.errors import NotFoundError, ValidationError
from kiosk.receipt_code import ALPHABET, LENGTH, group
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel

if TYPE_CHECKING:
    from kiosk.receipt_status import ReceiptStatus


class ResponseListModel(RowListModel):
    ROLES = ("status", "statusText", "body", "about")


@QmlElement
@QmlSingleton
class StatusViewModel(QObject):
    """The code being typed and, once checked, its status or a plain message."""

    typedChanged = Signal()
    resultChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._typed = ""
        self._outcome = ""  # "", "invalid", "unknown" or a kiosk.receipt_status.Progress value
        self._message = ""
        self._status: ReceiptStatus | None = None
        self._responses = ResponseListModel(self)
        ctx = self._ctx
        ctx.on_visit_end.append(self.reset)
        ctx.on_language.append(self._retranslate)

    @staticmethod
    def create(engine):
        return StatusViewModel()

    symbols = Property(list, lambda self: list(ALPHABET), constant=True)
    length = Property(int, lambda self: LENGTH, constant=True)
    typed = Property(str, lambda self: group(self._typed), notify=typedChanged)
    complete = Property(bool, lambda self: len(self._typed) == LENGTH, notify=typedChanged)
    outcome = Property(str, lambda self: self._outcome, notify=resultChanged)
    message = Property(str, lambda self: self._message, notify=resultChanged)
    consultationTitle = Property(str, lambda self: self._status.consultation_title if self._status else "", notify=resultChanged)
    createdAt = Property(str, lambda self: self._status.created_at.strftime("%d/%m/%Y %H:%M") if self._status else "", notify=resultChanged)
    itemCount = Property(int, lambda self: self._status.item_count if self._status else 0, notify=resultChanged)
    answerCount = Property(int, lambda self: self._status.answer_count if self._status else 0, notify=resultChanged)
    responses = Property(QObject, lambda self: self._responses, constant=True)

    def _set_typed(self, typed: str) -> None:
        if typed != self._typed:
            self._typed = typed
            self.typedChanged.emit()
            self._show("", "", None)

    @Slot(str)
    def append(self, symbol: str) -> None:
        if symbol in ALPHABET and len(self._typed) < LENGTH:
            self._set_typed(self._typed + symbol)

    @Slot()
    def backspace(self) -> None:
        self._set_typed(self._typed[:-1])

    @Slot()
    def clear(self) -> None:
        self._set_typed("")

    def _show(self, outcome: str, message: str, status: ReceiptStatus | None) -> None:
        if (outcome, message, status) == (self._outcome, self._message, self._status):
            return
        from kiosk.receipt_status import response_status_text

        self._outcome, self._message, self._status = outcome, message, status
        self._responses.replace(
            [
                {"status": r.status, "statusText": response_status_text(r.status), "body": r.text, "about": r.about}
                for r in (status.responses if status else ())
            ]
        )
        self.resultChanged.emit()

    @Slot()
    def check(self) -> None:
        from kiosk.receipt_status import check_receipt, progress_text

        try:
            status = check_receipt(self._ctx.store, self._typed)
        except ValidationError as error:
            self._show("invalid", error.message, None)
        except NotFoundError as error:
            self._show("unknown", error.message, None)
        else:
            self._show(status.progress.value, progress_text(status.progress), status)

    def _retranslate(self) -> None:
        # The messages were translated when checked: check again in the new language.
        if self._outcome:
            self._outcome = ""
            self.check()

    @Slot()
    def reset(self) -> None:
        self._typed = ""
        self.typedChanged.emit()
        self._show("", "", None)
