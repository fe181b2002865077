"""The composition root: builds the core's objects, the Qt application and the QML engine."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk import i18n
from kiosk.clock import Clock, system_clock
from kiosk.home import Home
from kiosk.resources import font_path
from kiosk.storage.db import Store

log = logging.getLogger(__name__)
QML_DIR = Path(__file__).resolve().parent / "qml"
RECEIPT_SIZE = "80mm"

PrintReceipt = Callable[[str], Callable[[], None]]


def prepare_environment() -> None:
    """Settings Qt reads once, before the application object exists.

    Shell Launcher, systemd and shortcuts start the app with different
    environments, so nothing here is left to the shell (pitfalls.md §1).
    """
    os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")


def prefer_offscreen() -> None:
    """Render without a display (the tour, the self-test), unless told otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")


def route_qt_messages() -> None:
    """Qt's warnings into the kiosk's log: a frozen app on Windows has no stderr to read them from."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("qt")

    def handler(kind, context, message: str) -> None:
        line = f"{context.category}: {message}" if context.category not in (None, "", "default") else message
        level = levels.get(kind, logging.WARNING)
        if level >= logging.WARNING:
            qt_log.log(level, "%s", line)
        if sys.stderr is not None:  # the journal; the start benchmark reads Qt's render-loop lines here
            sys.stderr.write(line + "\n")

    qInstallMessageHandler(handler)


def make_application(argv: list[str] | None = None):
    prepare_environment()
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtQuickControls2 import QQuickStyle
    from PySide6.QtWidgets import QApplication  # QtCharts (the statistics) draws through Graphics View: not a QGuiApplication

    if QApplication.instance() is None and sys.platform == "win32":
        # Windows' own touch keyboard must not open over the kiosk's (the attribute
        # means nothing elsewhere, and reading Qt's namespace costs 20 ms at start).
        from PySide6.QtCore import Qt

        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DisableNativeVirtualKeyboard)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
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


def receipt_printing(store: Store, home: Home) -> PrintReceipt:
    """The kiosk's printing: ``prepare(code)`` reads the receipt from the store (UI thread)
    and returns the work that renders and prints it (worker thread).

    The printer is the system printer named by the setting "printer"; without
    one, receipts are saved as PDF files in the home folder's receipts/.
    """

    def prepare(code: str) -> Callable[[], None]:
        from kiosk.printing import SaveAsPdf
        from kiosk.receipt_documents import receipt_content
        from kiosk.receipts import render_receipt

        content = receipt_content(store, code, i18n.current_language())
        name = (store.setting("printer") or "").strip()

        def work() -> None:
            if name:
                from ui.printing import QtPdfPrinter

                printer = QtPdfPrinter(name)
            else:
                printer = SaveAsPdf(home.receipts)
            printer.print_pdf(render_receipt(content, RECEIPT_SIZE), size=RECEIPT_SIZE)

        return work

    return prepare


def load_engine(
    home: Home,
    store: Store,
    clock: Clock,
    language: str,
    *,
    print_receipt: PrintReceipt | None = None,
    speech_engines: tuple[str, ...] | None = None,
):
    """A QQmlApplicationEngine with the kiosk's QML loaded; returns (engine, window).

    ``print_receipt`` and ``speech_engines`` replace the real printing and
    text-to-speech engines (tests, tour, self-test).
    """
    from PySide6.QtQml import QQmlApplicationEngine

    from ui import qml_translations
    from ui.context import AppContext, set_context
    from ui.qr_image import PROVIDER_ID, ReceiptQrProvider
    from ui.viewmodels import register_all

    register_all()
    set_context(
        AppContext(
            home=home,
            store=store,
            clock=clock,
            language=language,
            print_receipt=print_receipt or receipt_printing(store, home),
            speech_engines=speech_engines,
        )
    )
    qml_translations.use(language)
    engine = QQmlApplicationEngine()
    engine.addImageProvider(PROVIDER_ID, ReceiptQrProvider())
    engine.addImportPath(str(QML_DIR))
    engine.loadFromModule("Kiosk", "Main")
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError("the kiosk's QML failed to load; see the log")
    return engine, roots[0]


def show_full_screen(window) -> None:
    """Fill the screen, with or without a window manager or compositor.

    ``showFullScreen()`` only asks the window manager: under a bare X server
    (``xinit``, no manager) nobody answers and the window stays at its size in
    a corner. The window therefore also takes its screen's geometry itself,
    frameless, at once and whenever the screen changes (a monitor plugged in,
    a rotated totem). Under cage, a desktop or Windows Shell Launcher this is
    what full screen gives anyway.
    """
    def fit(*_args) -> None:
        screen = window.screen()
        if screen is not None and window.geometry() != screen.geometry():
            window.setGeometry(screen.geometry())

    def follow(screen) -> None:
        if screen is not None:
            screen.geometryChanged.connect(fit)
        fit()

    # Main.qml sets the flag: Python's Qt namespace would build its 95 enums (18 ms) before the first frame.
    window.setProperty("frameless", True)
    fit()
    window.showFullScreen()
    window.screenChanged.connect(follow)
    follow(window.screen())


def install_exception_hooks(engine) -> None:
    """Any exception nobody caught is logged with its traceback and the person sees a calm
    "please ask the commune staff" screen, then the start: never a traceback.

    Stored data is never touched: a submission is either durable or was never shown as sent.
    """
    kiosk = engine.singletonInstance("Kiosk.ViewModels", "KioskViewModel")

    def notify() -> None:
        from PySide6.QtCore import QMetaObject, Qt  # not at start: Qt's namespace costs 20 ms

        QMetaObject.invokeMethod(kiosk, "reportUnexpectedError", Qt.ConnectionType.QueuedConnection)

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        notify()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.error("unexpected error in thread %s", args.thread, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        notify()

    sys.excepthook = hook
    threading.excepthook = thread_hook


def open_kiosk_store(home: Home, clock: Clock) -> Store:
    """The kiosk's database, made fit for use: a damaged one replaced by its last good backup,
    a restored or cloned one moved to a new epoch.

    What happened is left for the administrator in the setting "admin_alert".
    """
    from kiosk.backup import open_for_use
    from kiosk.identity import startup_check

    store, recovery = open_for_use(home, clock())
    if recovery:
        log.warning("%s", recovery.message())
    change = startup_check(store, home, clock)
    if change:
        log.warning("%s", change.message())
        store.set_setting("admin_alert", change.message())
    return store


def take_daily_backup(store: Store, home: Home, clock: Clock) -> None:
    """Today's backup, once a day. Taken after the home screen's first frame: copying the
    database must not keep a villager waiting, and the first start of a day is the common one."""
    from kiosk.backup import automatic_backup

    try:
        automatic_backup(store, home, clock())
    except Exception:  # a full disk must not keep the kiosk from taking feedback
        log.exception("the daily backup failed")


def _start_network_rounds(window) -> None:
    from PySide6.QtQml import qmlEngine

    qmlEngine(window).singletonInstance("Kiosk.ViewModels", "NetworkSyncViewModel")


def run_kiosk(home: Home, *, demo: bool, windowed: bool, language: str) -> int:
    route_qt_messages()
    app = make_application()
    home.ensure()
    clock = system_clock()
    store = open_kiosk_store(home, clock)
    log.info(
        "gopy %s starts: frozen=%s home=%s platform=%s",
        __import__("kiosk").__version__,
        getattr(sys, "frozen", False),
        home.root,
        app.platformName(),
    )
    if demo:
        from sync.demo import load_demo

        load_demo(store, home)
    engine, window = load_engine(home, store, clock, language)
    install_exception_hooks(engine)
    kiosk = engine.singletonInstance("Kiosk.ViewModels", "KioskViewModel")
    kiosk.firstFrameShown.connect(lambda: take_daily_backup(store, home, clock))
    # Background network rounds (every few minutes, when a centre's address is set) start after the first frame, not at boot.
    # Through the window: the engine itself is let go first at exit (below), and a slot must not hold it.
    kiosk.firstFrameShown.connect(lambda: _start_network_rounds(window))
    if windowed:
        window.setProperty("allowClose", True)
        window.show()
    else:
        show_full_screen(window)
    code = app.exec()
    del engine  # QML objects go before the Python objects they bind to
    store.close()
    return code
