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
# The screens communes buy: touch monitors, all-in-ones, and portrait totems.
SIZES = ((1024, 768), (1280, 800), (1366, 768), (1920, 1080), (800, 1280), (1080, 1920))
Size = tuple[int, int]
# inspect(screen name, window): called at each size (and text size) before the picture is taken.
Inspect = Callable[[str, object], None]


def parse_size(text: str) -> Size:
    """``"1024x768"`` → ``(1024, 768)``.

    :raises ValueError: for anything else, or a size too small for a kiosk
    """
    width, sep, height = text.strip().lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or int(width) < 640 or int(height) < 480:
        raise ValueError(text)
    return int(width), int(height)


def size_name(size: Size) -> str:
    return f"{size[0]}x{size[1]}"


class Shots:
    """Takes each screen's picture at every size asked for, and at the largest text size if asked.

    With one size the pictures go to ``out/<language>/``; with several, to
    ``out/<WxH>/<language>/``. The tour itself is driven at :data:`WINDOW`.
    """

    def __init__(self, out: Path | None, sizes: tuple[Size, ...] = (WINDOW,), inspect: Inspect | None = None,
                 largest_text: bool = False) -> None:
        self.out = out  # None: only inspected (tests), no pictures written
        self.sizes = sizes
        self.inspect = inspect
        self.largest_text = largest_text

    def folder(self, language: str, size: Size) -> Path:
        root = self.out if self.out is not None else Path(tempfile.gettempdir())
        folder = root / language if len(self.sizes) == 1 else root / size_name(size) / language
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def start(self, window) -> None:
        window.resize(*WINDOW)  # the tour is driven at the size it was written for; the pictures at every size

    def taker(self, ui, window, engine, language: str, written: list[Path]) -> Callable[[str], None]:
        theme = engine.singletonInstance("Kiosk", "Theme")

        def settle(ms: int) -> None:
            for _ in range(2):  # a list lays out again once its rows have their new heights
                ui.pause(ms)
                window.grabWindow()  # polishes and lays out everything now, as a frame would

        def shot(name: str) -> None:
            step = theme.property("textStep")
            if self.largest_text:
                theme.setProperty("textStep", theme.property("maxTextStep"))
            ui.pause(150)  # what the last tap started (a scroll, a keyboard) comes to rest
            for size in self.sizes:
                if (window.width(), window.height()) != size:
                    window.resize(*size)
                settle(30)
                if self.inspect:
                    self.inspect(name, window)
                if self.out is not None:
                    path = self.folder(language, size) / f"{name}.png"
                    if not window.grabWindow().save(str(path)):
                        raise OSError(f"could not write {path}")
                    written.append(path)
            if (window.width(), window.height()) != WINDOW:
                window.resize(*WINDOW)
            if theme.property("textStep") != step:
                theme.setProperty("textStep", step)  # the tour goes on as it was written
            settle(30)

        return shot


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


def _tour_one(shots: Shots, language: str) -> list[Path]:
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
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="gopy-tour-") as tmp:
        home = Home(Path(tmp)).ensure()
        store = open_store(home.database)
        code = load_demo(store, home)
        ideas_code, vote_code, closed_code = add_demo_calls(store, system_clock())
        engine, window = load_engine(home, store, system_clock(), language, print_receipt=_no_printing, speech_engines=())
        try:
            window.setProperty("allowClose", True)
            shots.start(window)
            window.show()
            ui = Driver(window)

            def vm(name: str):
                return engine.singletonInstance("Kiosk.ViewModels", name)

            shot = shots.taker(ui, window, engine, language, written)

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
            window.grabWindow().save(str(shots.folder(language, shots.sizes[0]) / "failed.png"))
            raise
        finally:
            window.close()
            engine.deleteLater()
            store.close()
    written += tour_setup(shots, language)
    return written


def render_tour(
    out: Path | None,
    languages: list[str],
    inspect: Inspect | None = None,
    *,
    sizes: tuple[Size, ...] = (WINDOW,),
    largest_text: bool = False,
) -> list[Path]:
    """Render every main screen in every language into ``out/<language>/<screen>.png`` (None: inspect only).

    :param inspect: called with each screen's name and the window before it is captured (tests)
    :param sizes: the window sizes, each screen taken at every one; several go to ``out/<WxH>/<language>/``
    :param largest_text: every screen at the largest text size a visitor can choose
    """
    from ui.app import make_application, prefer_offscreen

    prefer_offscreen()
    make_application()
    written = []
    for language in languages:
        written += _tour_one(Shots(out, sizes, inspect, largest_text), language)
        log.info("tour: %s done", language)
    return written
