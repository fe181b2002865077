"""Read aloud ("Đọc to") through Qt TextToSpeech, where the system has a voice for the language.

Without a voice for the current language the button is hidden, never
broken. Loading an engine whose system library is missing makes Qt print an
error; engines are therefore probed once, quietly, and what Qt said is
logged. Qt's "mock" engine (a test double that never speaks) is never used
unless asked for by name.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot, qInstallMessageHandler
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)
_TEST_ENGINES = {"mock"}


def _probe(names: tuple[str, ...] | None, parent: QObject) -> list[QTextToSpeech]:
    from PySide6.QtTextToSpeech import QTextToSpeech

    if names is None:
        names = tuple(n for n in QTextToSpeech.availableEngines() if n not in _TEST_ENGINES)
    said: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _context, message: said.append(message))
    try:
        engines = [QTextToSpeech(name, parent) for name in names]
    finally:
        qInstallMessageHandler(previous)
    for message in said:
        log.info("text to speech: %s", message)
    working = []
    for engine in engines:
        if engine.state() == QTextToSpeech.State.Error:
            log.info("text to speech: engine %s unusable: %s", engine.engine(), engine.errorString())
            engine.deleteLater()
        else:
            working.append(engine)
    return working


@QmlElement
@QmlSingleton
class SpeechViewModel(QObject):
    """Speaks a text in the current language, if some engine has a voice for it."""

    availableChanged = Signal()
    speakingChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = context()  # this engine's own: never another engine's
        ctx = self._ctx
        self._engines = _probe(ctx.speech_engines, self)
        self._current: QTextToSpeech | None = None
        self._available = False
        self._speaking = False
        for engine in self._engines:
            engine.stateChanged.connect(self._on_state)
        ctx.on_language.append(self._update)
        ctx.on_visit_end.append(self.stop)
        self._update()

    @staticmethod
    def create(engine):
        return SpeechViewModel()

    available = Property(bool, lambda self: self._available, notify=availableChanged)
    speaking = Property(bool, lambda self: self._speaking, notify=speakingChanged)

    def _locale(self) -> QLocale:
        return QLocale(i18n.babel_locale(i18n.current_language()))

    def _engine_for(self, locale: QLocale) -> QTextToSpeech | None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        for engine in self._engines:
            if engine.state() == QTextToSpeech.State.Error:
                continue
            if any(loc.language() == locale.language() for loc in engine.availableLocales()):
                return engine
        return None

    def _update(self) -> None:
        self.stop()
        self._current = self._engine_for(self._locale())
        available = self._current is not None
        if available != self._available:
            self._available = available
            self.availableChanged.emit()

    def _on_state(self, _state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = any(e.state() == QTextToSpeech.State.Speaking for e in self._engines)
        if speaking != self._speaking:
            self._speaking = speaking
            self.speakingChanged.emit()
        if self._current is None:
            self._update()  # an engine that initialises late has just become ready

    @Slot(str)
    def say(self, text: str) -> None:
        if self._current is None or not text.strip():
            return
        locale = self._locale()
        matching = [loc for loc in self._current.availableLocales() if loc.language() == locale.language()]
        if matching:
            self._current.setLocale(locale if locale in matching else matching[0])
        self._current.say(text)

    @Slot()
    def stop(self) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        for engine in self._engines:
            if engine.state() == QTextToSpeech.State.Speaking:
                engine.stop()
