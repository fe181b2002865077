"""Personal details: skipped by default, asked for only after an explicit "yes"."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.consultations import ConsultationRepository
from kiosk.errors import NotFoundError, UserFacingError
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from ui.viewmodels.refusals import RefusalMessage


@QmlElement
@QmlSingleton
class ConsentViewModel(RefusalMessage):
    """Consent, and the name, phone and hamlet given with it."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        self._state = self._snapshot()
        self._ctx.visit.subscribe(self._refresh)

    @staticmethod
    def create(engine):
        return ConsentViewModel()

    def _snapshot(self) -> tuple:
        visit = self._ctx.visit
        return (visit.consent, visit.details.name, visit.details.phone, visit.details.village, visit.details.id_number, self._is_vote())

    def _is_vote(self) -> bool:
        code = self._ctx.visit.consultation_code
        if not code:
            return False
        try:
            return ConsultationRepository(self._ctx.store).get(code).kind.value == "vote"
        except NotFoundError:
            return False

    def _refresh(self) -> None:
        state = self._snapshot()
        if state != self._state:
            self._state = state
            self.changed.emit()

    consent = Property(bool, lambda self: self._state[0], notify=changed)
    name = Property(str, lambda self: self._state[1], notify=changed)
    phone = Property(str, lambda self: self._state[2], notify=changed)
    village = Property(str, lambda self: self._state[3], notify=changed)
    # A vote: the ID number (CCCD) that makes it a verified vote, instead of a name and phone.
    idNumber = Property(str, lambda self: self._state[4], notify=changed)
    isVote = Property(bool, lambda self: self._state[5], notify=changed)

    def _personal_accepted(self) -> bool:
        from kiosk.visit import personal_data_accepted

        return personal_data_accepted(self._ctx.store)

    # Name and phone only where they can be sealed to the centre; the hamlet is kept in clear.
    personalAccepted = Property(bool, _personal_accepted, constant=True)

    @Slot(bool)
    def setConsent(self, given: bool) -> None:
        self._ctx.visit.give_consent(given)
        self._set_error("")

    def _details(self, **values: str) -> None:
        try:
            self._ctx.visit.set_details(**values)
            self._set_error("")
        except UserFacingError as error:
            self._set_error(error.message)

    @Slot(str)
    def setName(self, name: str) -> None:
        self._details(name=name)

    @Slot(str)
    def setPhone(self, phone: str) -> None:
        self._details(phone=phone)

    @Slot(str)
    def setVillage(self, village: str) -> None:
        self._details(village=village)

    @Slot(str)
    def setIdNumber(self, id_number: str) -> None:
        self._details(id_number=id_number)
