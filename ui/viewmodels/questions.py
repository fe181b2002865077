"""The consultation's questions: single and multiple choice, scales and open questions."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.errors import UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel
from ui.viewmodels.refusals import RefusalMessage


class QuestionListModel(RowListModel):
    ROLES = ("questionId", "number", "kind", "question", "options", "chosen", "answer")


@QmlElement
@QmlSingleton
class QuestionsViewModel(RefusalMessage):
    """The questions with the visit's answers; every tap or keystroke goes straight into the visit."""

    answeredChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._model = QuestionListModel(self)
        self._answered = 0
        self._ctx.visit.subscribe(self._refresh)
        self._refresh()

    @staticmethod
    def create(engine):
        return QuestionsViewModel()

    questions = Property(QObject, lambda self: self._model, constant=True)
    answered = Property(int, lambda self: self._answered, notify=answeredChanged)

    def _refresh(self) -> None:
        visit = self._ctx.visit
        rows = []
        for question in visit.questions:
            answer = visit.answer(question.id)
            rows.append(
                {
                    "questionId": question.id,
                    "number": question.position,
                    "kind": question.kind.value,
                    "question": question.text,
                    "options": list(question.options),
                    "chosen": list(answer.choices) if answer else [],
                    "answer": answer.text if answer else "",
                }
            )
        self._model.replace(rows)
        answered = len(visit.answers)
        if answered != self._answered:
            self._answered = answered
            self.answeredChanged.emit()

    @Slot(int, int)
    def choose(self, question_id: int, option: int) -> None:
        try:
            self._ctx.visit.choose(question_id, option)
            self._set_error("")
        except UserFacingError as error:
            self._set_error(error.message)

    @Slot(int, str)
    def writeAnswer(self, question_id: int, text: str) -> None:
        try:
            self._ctx.visit.write_answer(question_id, text)
            self._set_error("")
        except UserFacingError as error:
            self._set_error(error.message)
