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
# The text sizes a visitor can choose between, as far apart as they go: the normal one and the largest.
TEXT_SIZES = ("normal", "largest")
# inspect(screen name, window, text size): called at each size and text size before the picture is taken.
Inspect = Callable[[str, object, str], None]


def parse_size(text: str) -> Size:
    """``"1024x768"`` → ``(1024, 768)``.

    :raises ValueError: for anything else, or a size too small for a kiosk
    """
    width, sep, height = text.strip().lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or int(width) < 640 or int(height) < 480:
        raise ValueError(text)
    return int(width), int(height)


def check_text_sizes(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` if each is one of :data:`TEXT_SIZES` (and there is one at least).

    :raises ValueError: naming those that are not
    """
    unknown = [name for name in names if name not in TEXT_SIZES]
    if unknown or not names:
        raise ValueError(", ".join(unknown) or "''")
    return names


def size_name(size: Size) -> str:
    return f"{size[0]}x{size[1]}"


def lay_out(window):
    """Lay the window out now, as its next frame would, and then once more.

    A frame polishes every item that asked to be (layouts, lists); what that
    polish changes (a list's rows taking their new heights, a ``Qt.callLater``)
    is posted and needs the events run and a second pass. Nothing in the kiosk
    waits on a timer to lay itself out, so no time has to pass. Returns the
    window's picture as laid out.
    """
    from PySide6.QtCore import QCoreApplication

    picture = None
    for _ in range(2):
        QCoreApplication.processEvents()
        picture = window.grabWindow()  # polishes everything at once, as a frame would, and draws it
    return picture


def at_rest(ui, window, limit_ms: int = 1000) -> None:
    """Wait until two frames 20 ms apart are the same picture (or ``limit_ms``, for a caret blinking)."""
    last = window.grabWindow()
    for _ in range(limit_ms // 20):
        ui.pause(20)
        now = window.grabWindow()
        if now == last:
            return
        last = now


class Shots:
    """Takes each screen's picture at every size and text size asked for.

    With one size the pictures go to ``out/<language>/``; with several, to
    ``out/<WxH>/<language>/``; at the largest text size, as ``<screen>-largest.png``
    (``<screen>.png`` when it is the only text size asked for). The tour itself is
    driven at :data:`WINDOW` and the normal text size; each screen is then laid
    out at every text size and window size in turn, without going through the
    tour again.
    """

    def __init__(self, out: Path | None, sizes: tuple[Size, ...] = (WINDOW,), inspect: Inspect | None = None,
                 text_sizes: tuple[str, ...] = ("normal",)) -> None:
        self.text_sizes = check_text_sizes(text_sizes)
        self.out = out  # None: only inspected (tests), no pictures written
        self.sizes = sizes
        self.inspect = inspect

    def folder(self, language: str, size: Size) -> Path:
        root = self.out if self.out is not None else Path(tempfile.gettempdir())
        folder = root / language if len(self.sizes) == 1 else root / size_name(size) / language
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def file_name(self, name: str, text_size: str) -> str:
        return f"{name}.png" if text_size == "normal" or len(self.text_sizes) == 1 else f"{name}-{text_size}.png"

    def start(self, window) -> None:
        window.resize(*WINDOW)  # the tour is driven at the size it was written for; the pictures at every size

    def taker(self, ui, window, engine, language: str, written: list[Path]) -> Callable[[str], None]:
        theme = engine.singletonInstance("Kiosk", "Theme")

        def shot(name: str) -> None:
            step = theme.property("textStep")
            if self.out is not None:
                # What the last tap started comes to rest for the picture (a list's highlight sliding
                # to the row touched, a scroll indicator fading). The checks find the same with or
                # without the wait, at every size and text size: they read no animated geometry.
                at_rest(ui, window)
            for n, text_size in enumerate(self.text_sizes):
                if n and (window.width(), window.height()) != WINDOW:
                    window.resize(*WINDOW)  # each text size starts where the tour left the screen
                    lay_out(window)
                wanted = theme.property("maxTextStep") if text_size == "largest" else step
                if theme.property("textStep") != wanted:
                    theme.setProperty("textStep", wanted)
                for size in self.sizes:
                    if (window.width(), window.height()) != size:
                        window.resize(*size)
                    picture = lay_out(window)
                    if self.inspect:
                        self.inspect(name, window, text_size)
                    if self.out is not None:
                        path = self.folder(language, size) / self.file_name(name, text_size)
                        if not picture.save(str(path)):
                            raise OSError(f"could not write {path}")
                        written.append(path)
            if (window.width(), window.height()) != WINDOW:
                window.resize(*WINDOW)
            if theme.property("textStep") != step:
                theme.setProperty("textStep", step)  # the tour goes on as it was written
            lay_out(window)

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
    at_rest(ui, window)  # the keyboard has slid away
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
                at_rest(ui, window)  # the keyboard has slid away

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
    text_sizes: tuple[str, ...] = ("normal",),
) -> list[Path]:
    """Render every main screen in every language into ``out/<language>/<screen>.png`` (None: inspect only).

    :param inspect: called with each screen's name, the window and the text size before it is captured (tests)
    :param sizes: the window sizes, each screen taken at every one; several go to ``out/<WxH>/<language>/``
    :param text_sizes: of :data:`TEXT_SIZES`: "largest" is the largest text size a visitor can choose
    """
    from ui.app import make_application, prefer_offscreen

    prefer_offscreen()
    make_application()
    written = []
    for language in languages:
        written += _tour_one(Shots(out, sizes, inspect, text_sizes), language)
        log.info("tour: %s done", language)
    return written
