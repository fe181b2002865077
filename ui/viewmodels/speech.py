"""Read aloud ("Đọc to") through Qt TextToSpeech, where the system has a voice for the language.

Without a voice for the current language the button is hidden, never
broken. Building an engine can be slow: Qt's speechd engine lists every
voice of espeak-ng (13,363 of them) when it is made, 1 to 2 s. Engines are
therefore built after the first frame, on a thread of their own, in Qt
alone (``setEngine`` queued to that thread: no Python runs there, so the GUI
thread never waits for the interpreter), then handed back to the GUI
thread; the button appears when the answer is known. What Qt prints about
an engine whose system library is missing is logged, quietly. Qt's "mock"
engine (a test double that never speaks) is never used unless asked for
by name.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Q_ARG,
    Property,
    QCoreApplication,
    QLocale,
    QMetaObject,
    QObject,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk import i18n
from ui.context import context
from ui.viewmodels import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)
_TEST_ENGINES = {"mock"}
# Built at once on the GUI thread and then switched to the wanted engine on the probe thread.
_PLACEHOLDER = "mock"


class _HandBack(QObject):
    """Lives on the probe thread: hands each engine back to the GUI thread once Qt has built it."""

    handedBack = Signal(QObject)

    def __init__(self, engines: list[QTextToSpeech], gui: QThread) -> None:
        super().__init__()
        self._engines = list(engines)  # the probe keeps them alive; this list only says which is next
        self._gui = gui

    @Slot()
    def next(self) -> None:
        engine = self._engines.pop(0)
        engine.moveToThread(self._gui)  # only the object's own thread may give it away
        self.handedBack.emit(engine)


class _Probe(QObject):
    """One run of building engines on their own thread; ``done`` once every one is back."""

    found = Signal(QObject)
    done = Signal()

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._names = names
        self._left = len(names)
        self._thread = QThread()
        self._thread.setObjectName("speech-probe")
        engines = [QTextToSpeech(_PLACEHOLDER) for _ in names]
        gui = QCoreApplication.instance().thread()
        self._hand_back = _HandBack(engines, gui)
        self._hand_back.handedBack.connect(self._on_handed_back)  # queued: delivered on the GUI thread
        for engine in engines:
            engine.moveToThread(self._thread)
        self._hand_back.moveToThread(self._thread)
        self._engines = engines  # held here until given a parent: Python owns them before that

    def start(self) -> None:
        # Here, not at the top: the first use of Qt's namespace builds its 95 enums, 18 ms the first frame would wait for.
        from PySide6.QtCore import Qt

        self._thread.start()
        for engine, name in zip(self._engines, self._names, strict=True):
            QMetaObject.invokeMethod(engine, "setEngine", Qt.ConnectionType.QueuedConnection, Q_ARG(str, name))
            QMetaObject.invokeMethod(self._hand_back, "next", Qt.ConnectionType.QueuedConnection)

    @Slot(QObject)
    def _on_handed_back(self, engine: QObject) -> None:
        self.found.emit(engine)
        self._left -= 1
        if self._left == 0:
            self.finish()
            self.done.emit()

    def finish(self) -> None:
        """Stop the thread (waiting for an engine still being built) and give Qt's messages back."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None


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
        self._engines: list[QTextToSpeech] = []
        self._probe: _Probe | None = None
        self._current: QTextToSpeech | None = None
        self._available = False
        self._speaking = False
        ctx.on_language.append(self._update)
        ctx.on_visit_end.append(self.stop)

    @staticmethod
    def create(engine):
        return SpeechViewModel()

    @Slot()
    def probe(self) -> None:
        """Build the engines off the GUI thread (called once, after the first frame)."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._probe is not None:
            return
        names = self._ctx.speech_engines
        if names is None:
            names = tuple(n for n in QTextToSpeech.availableEngines() if n not in _TEST_ENGINES)
        if not names:
            return
        probe = self._probe = _Probe(tuple(names))
        probe.found.connect(self._on_found)
        # The engine (and this object) may go first: never leave a thread running behind.
        self.destroyed.connect(lambda *_: probe.finish())
        probe.start()

    def _on_found(self, engine: QTextToSpeech) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if engine.state() == QTextToSpeech.State.Error:
            log.info("text to speech: engine %s unusable: %s", engine.engine(), engine.errorString())
            engine.deleteLater()
            return
        log.info("text to speech: engine %s ready with %d locales", engine.engine(), len(engine.availableLocales()))
        engine.setParent(self)
        engine.stateChanged.connect(self._on_state)
        self._engines.append(engine)
        if self._current is None:
            self._update()

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
