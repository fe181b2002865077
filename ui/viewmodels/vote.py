"""A vote: the shortlist as options, one or up to N chosen. The choice is sealed when sent."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.errors import UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel
from ui.viewmodels.refusals import RefusalMessage


class VoteOptionListModel(RowListModel):
    ROLES = ("index", "position", "title", "description", "chosen")


@QmlElement
@QmlSingleton
class VoteViewModel(RefusalMessage):
    """The ballot of one vote and the options chosen in this visit."""

    ballotChanged = Signal()
    choiceChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._options = VoteOptionListModel(self)
        self._clear()
        self._ctx.visit.subscribe(self._on_visit)
        self._ctx.on_visit_end.append(self.reset)

    def _clear(self) -> None:
        self._code = ""
        self._title = ""
        self._agency = ""
        self._summary = ""
        self._max = 1
        self._ballot: list[dict] = []
        self._chosen: tuple[int, ...] = ()
        self._error = ""

    @staticmethod
    def create(engine):
        return VoteViewModel()

    code = Property(str, lambda self: self._code, notify=ballotChanged)
    title = Property(str, lambda self: self._title, notify=ballotChanged)
    agency = Property(str, lambda self: self._agency, notify=ballotChanged)
    summary = Property(str, lambda self: self._summary, notify=ballotChanged)
    maxChoices = Property(int, lambda self: self._max, notify=ballotChanged)
    options = Property(QObject, lambda self: self._options, constant=True)
    chosenCount = Property(int, lambda self: len(self._chosen), notify=choiceChanged)
    # The titles chosen, for the review: "Bạn đã chọn …". Never on the receipt.
    chosenTitles = Property(
        "QVariantList", lambda self: [self._ballot[i]["title"] for i in self._chosen if i < len(self._ballot)], notify=choiceChanged
    )
    def _can_verify(self) -> bool:
        from kiosk.visit import personal_data_accepted

        return personal_data_accepted(self._ctx.store)

    # An ID number (CCCD) makes it a verified vote: only where it can be sealed for the centre.
    canVerify = Property(bool, _can_verify, notify=ballotChanged)

    @Slot(str)
    def open(self, code: str) -> None:
        ctx = self._ctx
        repo = ConsultationRepository(ctx.store)
        consultation = repo.get(code)
        self._code = code
        self._title = consultation.title
        self._agency = consultation.agency
        self._summary = consultation.summary
        self._max = max(1, consultation.max_choices)
        self._ballot = [
            {"index": option.position - 1, "position": option.position, "title": option.title, "description": option.description}
            for option in repo.vote_options(code)
        ]
        ctx.visit.start(code, repo.questions(code), max_choices=self._max)
        self.ballotChanged.emit()
        self._set_error("")
        self._on_visit()

    @Slot(int)
    def choose(self, index: int) -> None:
        """Tap an option; with "up to N" a tap beyond N is refused with a message."""
        try:
            self._ctx.visit.choose_option(index)
        except UserFacingError as error:
            self._set_error(error.message)
            return
        self._set_error("")

    def _on_visit(self) -> None:
        chosen = self._ctx.visit.vote if self._code == self._ctx.visit.consultation_code else ()
        self._options.replace([{**row, "chosen": row["index"] in chosen} for row in self._ballot])
        if chosen != self._chosen:
            self._chosen = chosen
            self.choiceChanged.emit()

    @Slot()
    def reset(self) -> None:
        self._clear()
        self._options.replace([])
        self.ballotChanged.emit()
        self.choiceChanged.emit()
        self.errorChanged.emit()
