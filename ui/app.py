"""The composition root: builds the core's objects, the Qt application and the QML engine."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk import i18n
from kiosk.clock import Clock, system_clock
from kiosk.home import Home
from kiosk.resources import font_path
from kiosk.storage.db import Store, open_store

log = logging.getLogger(__name__)
QML_DIR = Path(__file__).resolve().parent / "qml"


def prepare_environment() -> None:
    """Settings Qt reads once, before the application object exists.

    Shell Launcher, systemd and shortcuts start the app with different
    environments, so nothing here is left to the shell (pitfalls.md §1).
    """
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")


def make_application(argv: list[str] | None = None):
    prepare_environment()
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
    from PySide6.QtQuickControls2 import QQuickStyle

    app = QGuiApplication.instance() or QGuiApplication(argv or sys.argv[:1])
    if app.property("gopyReady"):
        return app
    app.setProperty("gopyReady", True)
    QQuickStyle.setStyle("Basic")  # the same style on every OS, and one a trimmed bundle keeps
    for weight in (400, 500, 600, 700):
        QFontDatabase.addApplicationFont(str(font_path(weight)))
    font = QFont("Be Vietnam Pro")
    font.setPixelSize(22)
    app.setFont(font)
    return app


def load_engine(home: Home, store: Store, clock: Clock, language: str):
    """A QQmlApplicationEngine with the kiosk's QML loaded; returns (engine, window)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtQml import QQmlApplicationEngine

    import ui.viewmodels.home  # noqa: F401 (registers the view-models with QML)
    from ui.context import AppContext, set_context
    from ui.translator import GettextTranslator

    set_context(AppContext(home=home, store=store, clock=clock))
    i18n.set_language(language)
    app = QCoreApplication.instance()
    translator = GettextTranslator(app)
    app.installTranslator(translator)
    engine = QQmlApplicationEngine()
    engine.addImportPath(str(QML_DIR))
    engine.loadFromModule("Kiosk", "Main")
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError("the kiosk's QML failed to load; see the log")
    return engine, roots[0]


def run_kiosk(home: Home, *, demo: bool, windowed: bool, language: str) -> int:
    app = make_application()
    home.ensure()
    store = open_store(home.database)
    if demo:
        from sync.demo import load_demo

        load_demo(store, home)
    engine, window = load_engine(home, store, system_clock(), language)
    if windowed:
        window.setProperty("allowClose", True)
        window.show()
    else:
        window.showFullScreen()
    code = app.exec()
    del engine  # QML objects go before the Python objects they bind to
    store.close()
    return code
