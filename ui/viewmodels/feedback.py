"""Commenting on one article: a stance and a comment, added to the visit."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.domain import Stance
from kiosk.errors import UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.refusals import RefusalMessage


@QmlElement
@QmlSingleton
class FeedbackViewModel(RefusalMessage):
    """The comment being written on one article. Saving puts it in the visit; nothing is sent yet."""

    articleChanged = Signal()
    stanceChanged = Signal()
    commentChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._clear()
        self._ctx.on_visit_end.append(self.reset)

    def _clear(self) -> None:
        self._node_id = -1
        self._label = ""
        self._heading = ""
        self._stance = ""
        self._comment = ""
        self._existing = False
        self._error = ""

    @staticmethod
    def create(engine):
        return FeedbackViewModel()

    nodeId = Property(int, lambda self: self._node_id, notify=articleChanged)
    label = Property(str, lambda self: self._label, notify=articleChanged)
    heading = Property(str, lambda self: self._heading, notify=articleChanged)
    # The article already has a comment in this visit: saving changes it.
    existing = Property(bool, lambda self: self._existing, notify=articleChanged)
    stance = Property(str, lambda self: self._stance, notify=stanceChanged)
    comment = Property(str, lambda self: self._comment, notify=commentChanged)
    canSave = Property(bool, lambda self: bool(self._stance), notify=stanceChanged)

    @Slot(int)
    def edit(self, node_id: int) -> None:
        """Start writing on an article, from what the visit already holds for it."""
        from kiosk.reader import heading, short_label

        node = ConsultationRepository(self._ctx.store).node(node_id)
        item = self._ctx.visit.item(node_id)
        self._node_id = node_id
        self._label = short_label(node)
        self._heading = heading(node)
        self._existing = item is not None
        self.articleChanged.emit()
        self.setStance(item.stance.value if item else "")
        self.setComment(item.comment if item else "")
        self._set_error("")

    @Slot(str)
    def setStance(self, stance: str) -> None:
        if stance and stance not in {s.value for s in Stance}:
            return
        if stance != self._stance:
            self._stance = stance
            self.stanceChanged.emit()

    @Slot(str)
    def setComment(self, comment: str) -> None:
        if comment != self._comment:
            self._comment = comment
            self.commentChanged.emit()

    @Slot(result=bool)
    def save(self) -> bool:
        """Put the comment in the visit; False (with a message) when it cannot be kept."""
        if self._node_id < 0 or not self._stance:
            return False
        try:
            self._ctx.visit.set_item(self._node_id, self._stance, self._comment)
        except UserFacingError as error:
            self._set_error(error.message)
            return False
        self._set_error("")
        if not self._existing:
            self._existing = True
            self.articleChanged.emit()
        return True

    @Slot()
    def remove(self) -> None:
        """Take this article's comment out of the visit."""
        if self._node_id >= 0:
            self._ctx.visit.remove_item(self._node_id)
        self.reset()

    @Slot()
    def reset(self) -> None:
        self._clear()
        self.articleChanged.emit()
        self.stanceChanged.emit()
        self.commentChanged.emit()
        self.errorChanged.emit()
