"""``gopy self-test``: one submission end to end, offscreen, in a throwaway home folder.

It proves that what a packaged kiosk needs is really there: the QML and its
view-models, the Vietnamese keyboard with Telex (a word is typed on its
keys), the translations, the store, the hash chain, the receipt PDF and the
printing thread. Exit status 0 when everything held, 1 otherwise.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

TYPED = "Chowj mowr sowms"  # Telex, key by key
EXPECTED = "Chợ mở sớm"


def _steps(report: Callable[[str], None]) -> None:
    from PySide6.QtGui import QGuiApplication

    from kiosk import canonical
    from kiosk.chain import verify_chain
    from kiosk.clock import system_clock
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.demo import load_demo
    from ui.app import load_engine
    from ui.drive import Driver

    with tempfile.TemporaryDirectory(prefix="gopy-self-test-") as tmp:
        home = Home(Path(tmp)).ensure()
        store = open_store(home.database)
        code = load_demo(store, home)
        engine, window = load_engine(home, store, system_clock(), "vi", speech_engines=())
        try:
            window.setProperty("allowClose", True)
            window.show()
            ui = Driver(window)
            ui.tap(f"card_{code}")
            ui.screen("readerScreen")
            report("QML and view-models loaded")
            ui.tap("commentButton")
            ui.screen("feedbackScreen")
            ui.tap("stance_agree")
            field = ui.tap("commentField")
            ui.keyboard_open()
            locale = QGuiApplication.inputMethod().locale().name()
            if locale != "vi_VN":
                raise AssertionError(f"the on-screen keyboard is in {locale}, not vi_VN")
            ui.type(TYPED)
            ui.wait_until(lambda: field.property("text") == EXPECTED)
            report(f"typed “{EXPECTED}” on the Vietnamese keyboard with Telex")
            ui.tap("saveComment")
            ui.screen("readerScreen")
            ui.tap("finishButton")
            ui.screen("questionsScreen")
            ui.tap("questionsContinue")
            ui.screen("consentScreen")
            ui.tap("consentContinue")
            ui.screen("reviewScreen")
            ui.tap("sendButton")
            ui.screen("receiptScreen")
            receipt = engine.singletonInstance("Kiosk.ViewModels", "ReceiptViewModel")
            stored = store.query_one("SELECT receipt_code, body FROM events")
            if stored is None or stored["receipt_code"] != receipt.property("code"):
                raise AssertionError("the receipt shown is not the submission stored")
            if canonical.loads(stored["body"])["items"][0]["comment"] != EXPECTED:
                raise AssertionError("the stored comment is not what was typed")
            chain = verify_chain(store)
            if not chain.ok:
                raise AssertionError(f"the hash chain is broken: {chain.reason}")
            report("submission stored, receipt shown, hash chain intact")
            ui.tap("printButton")
            ui.wait_until(lambda: not receipt.property("printing"), timeout=30000)
            if not receipt.property("printed") or not list(home.receipts.glob("*.pdf")):
                raise AssertionError(f"the receipt was not printed: {receipt.property('printMessage')}")
            report("receipt PDF rendered and saved by the printing thread")
        finally:
            window.close()
            engine.deleteLater()
            store.close()


def self_test(write: Callable[[str], None]) -> int:
    """Run the self-test, writing one line per step; 0 when it passed, 1 when not."""
    from ui.app import make_application, prefer_offscreen

    prefer_offscreen()
    make_application()
    try:
        _steps(lambda line: write(f"self-test: {line}"))
    except Exception as error:
        log.exception("self-test failed")
        write(f"self-test: FAILED: {error}")
        return 1
    write("self-test: passed")
    return 0
