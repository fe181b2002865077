"""``gopy tour``: every main screen rendered to PNG, offscreen, for the docs and for translators.

Each language gets a fresh temporary home with the demo consultation, and
the screens are reached the way a person reaches them: by touching the
cards, buttons and keyboard keys. Nothing of the kiosk's own home is used.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from ui.tour_staff import STAFF_SCREENS, tour_setup, tour_staff

log = logging.getLogger(__name__)

SCREENS = (
    "home",
    "reader",
    "search",
    "feedback",
    "questions",
    "consent",
    "review",
    "receipt",
    "status",
    "ideas",
    "idea_form",
    "vote",
    "results",
    "idle",
    "error",
    *STAFF_SCREENS,
)
WINDOW = (1280, 800)


# What the tour types, key by key: Telex on a Vietnamese keyboard, plain letters on an English one.
_TYPED = {
    "vi_VN": {
        "search": "boc tham",
        "comment": "Neen giuwx giowf mowr cuwar nhuw cux",
        "name": "Nguyeexn Thij Lan",
        "village": "Thoon Ddoongf",
        "idea": "Lawps ddieenj ra ddoongf",
    },
    "en_US": {
        "search": "boc tham",
        "comment": "Keep the opening hours as they are",
        "name": "Nguyen Thi Lan",
        "village": "Dong hamlet",
        "idea": "Bring power lines to the fields",
    },
}


def _tour_ideas_vote(ui, shot, find, window, typed, ideas_code: str, vote_code: str, closed_code: str) -> None:
    """An ideas call (the board, a new idea), a vote, and a closed vote's results; back at home after."""
    ui.tap(f"card_{ideas_code}")
    ui.screen("ideasScreen")
    ui.tap("support_0")
    shot("ideas")
    ui.tap("newIdeaButton")
    ui.screen("ideaFormScreen")
    ui.tap("category_0")
    ui.tap("hamlet_1")
    ui.tap("proposalField")
    ui.keyboard_open()
    ui.type(typed["idea"])
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.inputMethod().hide()
    ui.wait_until(lambda: not ui.panel.property("active"))
    ui.pause(400)
    find(window, "ideaFormView").setProperty("contentY", 0)  # from the top, as a person first sees it
    shot("idea_form")
    ui.tap("homeButton")
    ui.screen("homeScreen")

    ui.tap(f"card_{vote_code}")
    ui.screen("voteScreen")
    ui.tap("voteOption_0")
    ui.tap("voteOption_1")
    shot("vote")
    ui.tap("homeButton")
    ui.screen("homeScreen")

    ui.tap(f"resultsCard_{closed_code}")
    ui.screen("resultsScreen")
    shot("results")
    ui.tap("homeButton")
    ui.screen("homeScreen")


def _no_printing(code: str):
    return lambda: None


def _tour_one(out: Path, language: str, inspect: Callable[[str, object], None] | None = None) -> list[Path]:
    from kiosk.clock import system_clock
    from kiosk.consultations import ConsultationRepository
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.demo import load_demo
    from ui.app import load_engine
    from ui.demo_calls import add_demo_calls
    from ui.drive import Driver, find
    from ui.viewmodels.kiosk import keyboard_locale

    typed = _TYPED.get(keyboard_locale(language), _TYPED["en_US"])
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="gopy-tour-") as tmp:
        home = Home(Path(tmp)).ensure()
        store = open_store(home.database)
        code = load_demo(store, home)
        ideas_code, vote_code, closed_code = add_demo_calls(store, system_clock())
        engine, window = load_engine(home, store, system_clock(), language, print_receipt=_no_printing, speech_engines=())
        try:
            window.setProperty("allowClose", True)
            window.resize(*WINDOW)
            window.show()
            ui = Driver(window)

            def vm(name: str):
                return engine.singletonInstance("Kiosk.ViewModels", name)

            def shot(name: str) -> None:
                ui.pause(150)
                if inspect:
                    inspect(name, window)
                path = folder / f"{name}.png"
                if not window.grabWindow().save(str(path)):
                    raise OSError(f"could not write {path}")
                written.append(path)

            def hide_keyboard() -> None:
                from PySide6.QtGui import QGuiApplication

                QGuiApplication.inputMethod().hide()
                ui.wait_until(lambda: not ui.panel.property("active"))
                ui.pause(400)

            ui.wait_until(lambda: find(window, f"card_{code}") is not None)
            shot("home")

            ui.tap(f"card_{code}")
            ui.screen("readerScreen")
            repo = ConsultationRepository(store)
            article = repo.node_by_key(repo.current_draft_id(code), "article:7")
            if article is not None:
                vm("ReaderViewModel").openPage(article.id)
            shot("reader")

            ui.tap("searchButton")
            ui.screen("searchScreen")
            ui.tap("searchField")
            ui.keyboard_open()
            ui.type(typed["search"])
            ui.wait_until(lambda: find(window, "result_0") is not None)
            shot("search")
            ui.tap("result_0")
            ui.screen("readerScreen")

            ui.tap("commentButton")
            ui.screen("feedbackScreen")
            ui.tap("stance_other")
            ui.tap("commentField")
            ui.keyboard_open()
            ui.type(typed["comment"])
            shot("feedback")
            ui.tap("saveComment")
            ui.screen("readerScreen")

            ui.tap("finishButton")
            ui.screen("questionsScreen")
            for name in ("option_1_1", "option_2_0", "option_2_3", "option_3_3"):
                ui.tap(name)
            find(window, "questionsView").setProperty("contentY", 0)
            shot("questions")

            ui.tap("questionsContinue")
            ui.screen("consentScreen")
            ui.tap("consentYes")
            ui.tap("nameField")
            ui.keyboard_open()
            ui.type(typed["name"])
            ui.tap("villageField")
            ui.type(typed["village"])
            hide_keyboard()
            find(window, "consentView").setProperty("contentY", 0)  # from the top, as a person first sees it
            shot("consent")

            ui.tap("consentContinue")
            ui.screen("reviewScreen")
            shot("review")

            ui.tap("sendButton")
            ui.screen("receiptScreen")
            receipt = vm("ReceiptViewModel").property("code")
            shot("receipt")

            ui.tap("doneButton")
            ui.screen("homeScreen")
            ui.tap("checkReceiptButton")
            ui.screen("statusScreen")
            for symbol in receipt:
                ui.tap(f"symbol_{symbol}")
            ui.tap("checkButton")
            ui.wait_until(lambda: find(window, "statusMessage").property("text") != "")
            shot("status")

            ui.tap("backButton")
            ui.screen("homeScreen")
            _tour_ideas_vote(ui, shot, find, window, typed, ideas_code, vote_code, closed_code)
            tour_staff(ui, shot, vm, window, store, home, Path(tmp), system_clock())
            ui.tap(f"card_{code}")
            ui.screen("readerScreen")
            # The countdown appears after the idle time; the tour does not wait two minutes.
            vm("IdleViewModel")._on_idle()
            ui.wait_until(lambda: vm("IdleViewModel").property("warning"))
            shot("idle")
            vm("IdleViewModel").stillHere()

            vm("KioskViewModel").reportUnexpectedError()
            ui.wait_until(lambda: find(window, "errorOverlay").isVisible())
            shot("error")
        except Exception:
            # What the screen showed when the tour got stuck: the quickest way to see why.
            window.grabWindow().save(str(folder / "failed.png"))
            raise
        finally:
            window.close()
            engine.deleteLater()
            store.close()
    written += tour_setup(folder, language)
    return written


def render_tour(out: Path, languages: list[str], inspect: Callable[[str, object], None] | None = None) -> list[Path]:
    """Render every main screen in every language into ``out/<language>/<screen>.png``.

    :param inspect: called with each screen's name and the window before it is captured (tests)
    """
    from ui.app import make_application, prefer_offscreen

    prefer_offscreen()
    make_application()
    written = []
    for language in languages:
        written += _tour_one(out, language, inspect)
        log.info("tour: %s done", language)
    return written
