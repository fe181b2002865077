"""The kiosk as a whole: its language, the end of a visit, and the calm screen after an unexpected error."""

from __future__ import annotations

import weakref

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n, staff
from ui import qml_translations
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)


def keyboard_locale(language: str) -> str:
    """The on-screen keyboard layout for ``language`` (locales/languages.json)."""
    for entry in i18n.languages():
        if entry["code"] == language:
            return entry.get("keyboard", "en_US")
    return "vi_VN" if language == "vi" else "en_US"


@QmlElement
@QmlSingleton
class KioskViewModel(QObject):
    """The kiosk's language (switched without restart), the end of a visit, unexpected errors."""

    languageChanged = Signal()
    visitEnded = Signal()
    unexpectedError = Signal()
    firstFrameShown = Signal()

    def __init__(self, engine=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        # Weak: the engine owns this object, and a strong reference back would keep both alive forever.
        self._engine = weakref.ref(engine) if engine is not None else lambda: None
        ctx = self._ctx
        self._language = i18n.current_language()
        self._default = ctx.language
        self._languages = [{"code": e["code"], "name": e["native_name"]} for e in i18n.languages()]
        self._setup_needed = staff.setup_needed(ctx.store)
        self._first_frame_of: QObject | None = None

    @staticmethod
    def create(engine):
        return KioskViewModel(engine)

    def _get_language(self) -> str:
        return self._language

    language = Property(str, _get_language, notify=languageChanged)

    def _get_keyboard_locale(self) -> str:
        return keyboard_locale(self._language)

    keyboardLocale = Property(str, _get_keyboard_locale, notify=languageChanged)

    def _get_default_language(self) -> str:
        return self._default

    defaultLanguage = Property(str, _get_default_language, constant=True)

    def _get_languages(self) -> list:
        return self._languages

    languages = Property("QVariantList", _get_languages, constant=True)

    def _get_setup_needed(self) -> bool:
        return self._setup_needed

    # Read once, for the first screen: the setup wizard on a new kiosk, otherwise home.
    setupNeeded = Property(bool, _get_setup_needed, constant=True)

    @Slot(QObject)
    def watchFirstFrame(self, window: QObject) -> None:
        """Emit ``firstFrameShown`` once ``window`` has drawn its first frame.

        What the home screen does not need (the other screens, the idle
        watcher) waits for it, so the kiosk shows its home screen sooner.
        """
        self._first_frame_of = window
        window.frameSwapped.connect(self._on_frame_swapped)

    @Slot()
    def _on_frame_swapped(self) -> None:
        # A slot of this object, so queued when a threaded render loop swaps the
        # frame; and emitted from the event loop, never from inside a frame.
        window, self._first_frame_of = self._first_frame_of, None
        if window is not None:
            window.frameSwapped.disconnect(self._on_frame_swapped)
            QTimer.singleShot(0, self.firstFrameShown.emit)
            from ui.warmup import Warmup

            Warmup(self._ctx.store, self).start()  # what the first receipt needs, while nobody is here yet

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        """Switch every visible string to ``language`` at once."""
        if language == self._language or language not in {e["code"] for e in self._languages} | {self._default}:
            return
        qml_translations.use(language)
        self._language = language
        engine = self._engine()
        if engine is not None:
            engine.retranslate()
        for hook in list(self._ctx.on_language):
            hook()
        self.languageChanged.emit()

    @Slot()
    def endVisit(self) -> None:
        """The person has gone: forget everything they did and start again in the kiosk's language."""
        ctx = self._ctx
        ctx.visit.reset()
        for hook in list(ctx.on_visit_end):
            hook()
        self.setLanguage(self._default)
        self.visitEnded.emit()

    @Slot()
    def reportUnexpectedError(self) -> None:
        """Called (queued, from any thread) by the exception hooks in ui.app."""
        self.unexpectedError.emit()
