"""The review before sending: every comment and answer, each editable, then send."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from kiosk.consultations import ConsultationRepository
from kiosk.domain import ContributorType, QuestionKind, contributor_after_tap
from kiosk.errors import NotFoundError, UserFacingError
from kiosk.receipt_code import group
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.lists import RowListModel
from ui.viewmodels.refusals import RefusalMessage

log = logging.getLogger(__name__)


class ReviewItemListModel(RowListModel):
    ROLES = ("nodeId", "label", "heading", "stance", "comment")


class ReviewAnswerListModel(RowListModel):
    ROLES = ("questionId", "number", "question", "answer")


@QmlElement
@QmlSingleton
class ReviewViewModel(RefusalMessage):
    """What will be sent, and sending it."""

    changed = Signal()
    contributorChanged = Signal()
    sent = Signal(str, arguments=["code"])

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._items = ReviewItemListModel(self)
        self._answers = ReviewAnswerListModel(self)
        self._state: tuple = (0, 0, False, "", False, "draft")
        self._stored_code = ""
        # Who is giving the feedback, when they said (a ContributorType value); "" when they did not.
        # Kept here, not in the visit: it is asked only on this screen, and only this screen sends.
        self._contributor = ""
        self._consultation = ""
        self._ctx.visit.subscribe(self._refresh)
        self._ctx.on_visit_end.append(lambda: self._set_error(""))
        self._ctx.on_visit_end.append(lambda: self._set_stored_code(""))
        self._ctx.on_visit_end.append(lambda: self._set_contributor(""))
        self._refresh()

    @staticmethod
    def create(engine):
        return ReviewViewModel()

    items = Property(QObject, lambda self: self._items, constant=True)
    answers = Property(QObject, lambda self: self._answers, constant=True)
    itemCount = Property(int, lambda self: self._state[0], notify=changed)
    answerCount = Property(int, lambda self: self._state[1], notify=changed)
    hasFeedback = Property(bool, lambda self: self._state[4], notify=changed)
    # "draft", "ideas" or "vote": which parts the review shows
    kind = Property(str, lambda self: self._state[5], notify=changed)
    consent = Property(bool, lambda self: self._state[2], notify=changed)
    details = Property(str, lambda self: self._state[3], notify=changed)
    # The grouped code of what was just sent from this visit: a review reached after
    # sending says the feedback is stored rather than look as if nothing was sent.
    storedCode = Property(str, lambda self: self._stored_code, notify=changed)
    # The choices, in the order the legal report names them; QML gives each its words.
    contributorTypes = Property(list, lambda self: [t.value for t in ContributorType], constant=True)
    contributorType = Property(str, lambda self: self._contributor, notify=contributorChanged)

    def _set_contributor(self, value: str) -> None:
        if value != self._contributor:
            self._contributor = value
            self.contributorChanged.emit()

    @Slot(str)
    def chooseContributor(self, value: str) -> None:
        """Say who is giving the feedback; tapping the chosen one again takes it back (not said)."""
        chosen = contributor_after_tap(self._contributor, value)
        if chosen is None:
            log.warning("unknown contributor type %r ignored", value)
            return
        self._set_contributor(chosen)

    def _refresh(self) -> None:
        from kiosk.reader import heading, short_label

        ctx = self._ctx
        visit = ctx.visit
        if visit.consultation_code != self._consultation:
            # Another consultation, or the visit emptied (sent, or over): what was said goes with it.
            self._consultation = visit.consultation_code
            self._set_contributor("")
        repo = ConsultationRepository(ctx.store)
        items = []
        for item in visit.items:
            try:
                node = repo.node(item.node_id)
            except NotFoundError:
                continue
            items.append(
                (
                    node.position,
                    {
                        "nodeId": item.node_id,
                        "label": short_label(node),
                        "heading": heading(node),
                        "stance": item.stance.value,
                        "comment": item.comment,
                    },
                )
            )
        self._items.replace([row for _position, row in sorted(items, key=lambda pair: pair[0])])
        questions = {q.id: q for q in visit.questions}
        answers = []
        for answer in visit.answers:
            question = questions[answer.question_id]
            chosen = "; ".join(question.options[i] for i in answer.choices)
            text = answer.text if question.kind == QuestionKind.TEXT else chosen
            answers.append({"questionId": question.id, "number": question.position, "question": question.text, "answer": text})
        self._answers.replace(answers)
        details = " · ".join(v for v in (visit.details.name, visit.details.phone, visit.details.village) if v)
        try:
            kind = repo.get(visit.consultation_code).kind.value if visit.consultation_code else "draft"
        except NotFoundError:
            kind = "draft"
        state = (len(items), len(answers), visit.consent, details, visit.has_feedback(), kind)
        stale = bool(self._stored_code) and visit.has_feedback()  # new feedback: the review is about it now
        if stale:
            self._stored_code = ""
        if state != self._state or stale:
            self._state = state
            self.changed.emit()

    def _set_stored_code(self, code: str) -> None:
        if code != self._stored_code:
            self._stored_code = code
            self.changed.emit()

    @Slot(result=bool)
    def send(self) -> bool:
        """Store the visit's feedback; on success ``sent(code)`` is emitted and the visit is emptied."""
        from kiosk.submissions import SubmissionService  # here: its sealing (PyNaCl) is not needed before the first frame

        ctx = self._ctx
        try:
            form = replace(ctx.visit.to_form(i18n.current_language()), contributor_type=self._contributor)
            submitted = SubmissionService(ctx.store, ctx.clock).submit(form)
        except UserFacingError as error:
            self._set_error(error.message)
            return False
        self._set_error("")
        log.info("submission stored: seq %s", submitted.receipt.seq)
        # Stored and durable: the visit's copy has done its job and must not linger.
        ctx.visit.reset()
        self._set_stored_code(group(submitted.receipt.code))
        self.sent.emit(submitted.receipt.code)
        return True
