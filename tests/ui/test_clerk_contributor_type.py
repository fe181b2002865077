"""Who is giving feedback a clerk enters (issue 18, item 5): asked of the resident, or copied from the paper form,
on the read-back before sending; optional, one tap, and never carried to the next form."""

from __future__ import annotations

import os
from typing import NamedTuple

import pytest
from PySide6.QtQml import qmlEngine

from kiosk import canonical
from tests.ui.helpers import find, shown
from tests.ui.layout_check import problems
from tests.ui.staff_helpers import CLERK, add_accounts, sign_in, text_of

TYPES = ("individual", "organisation", "business", "expert", "state_agency")  # kiosk.domain.ContributorType, in order


@pytest.fixture
def staff(store):
    add_accounts(store)


def _vm(window):
    return qmlEngine(window).singletonInstance("Kiosk.ViewModels", "ClerkEntryViewModel")


def _submissions(store) -> list[dict]:
    return [canonical.loads(e["body"]) for e in store.query("SELECT body FROM events WHERE kind = 'submission' ORDER BY seq")]


def _choices(window) -> dict:
    return {name: find(window, f"readBackContributor_{name}") for name in TYPES}


def _chosen(window) -> list[str]:
    return [name for name, choice in _choices(window).items() if choice.property("chosen")]


def _to_read_back(ui, article: int = 0) -> None:
    """One stance on one article, then the read-back."""
    ui.screen("clerkEntryScreen")
    ui.tap(f"entryArticle_{article}")
    ui.tap("entryStance_agree")
    ui.tap("entryReview")
    ui.screen("clerkReadBackScreen")


class Mode(NamedTuple):
    name: str
    button: str
    channel: str


MODES = [Mode("with a resident", "staffAssisted", "assisted"), Mode("from a paper form", "staffPaper", "paper")]


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
def test_doanh_nghiep_chosen_on_the_read_back_is_stored_and_the_next_form_starts_unsaid(staff, kiosk_window, qtbot, store, mode):
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap(mode.button)
    _to_read_back(ui)
    assert shown(find(kiosk_window, "readBackContributor"))
    choices = _choices(kiosk_window)
    assert [c.property("text") for c in choices.values()] == ["Cá nhân", "Tổ chức", "Doanh nghiệp", "Chuyên gia", "Cơ quan nhà nước"]
    assert _chosen(kiosk_window) == []  # nothing said until the resident (or the form) says it
    assert all(c.height() >= 48 for c in choices.values())

    ui.tap("readBackContributor_business")  # "Doanh nghiệp"
    qtbot.waitUntil(lambda: _chosen(kiosk_window) == ["business"])
    ui.tap("readBackEdit")  # going back to change something keeps the answer: it is the same form
    ui.screen("clerkEntryScreen")
    ui.tap("entryReview")
    ui.screen("clerkReadBackScreen")
    assert _chosen(kiosk_window) == ["business"]
    ui.tap("readBackConfirm")
    ui.screen("clerkSentScreen")
    [body] = _submissions(store)
    assert (body["channel"], body["contributor_type"]) == (mode.channel, "business")

    ui.tap("sentNext")  # the next resident or paper form
    ui.screen("clerkEntryScreen")
    assert _vm(kiosk_window).property("contributorType") == ""
    _to_read_back(ui, article=1)
    assert _chosen(kiosk_window) == []
    ui.tap("readBackConfirm")
    ui.screen("clerkSentScreen")
    first, second = _submissions(store)
    assert first["contributor_type"] == "business"
    assert second["channel"] == mode.channel
    assert "contributor_type" not in second  # not said: left out, the centre counts an individual


def test_tapping_the_chosen_one_again_takes_it_back_and_signing_out_forgets_it(staff, kiosk_window, qtbot, store):
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap("staffAssisted")
    _to_read_back(ui)
    vm = _vm(kiosk_window)
    ui.tap("readBackContributor_expert")
    ui.tap("readBackContributor_expert")
    assert vm.property("contributorType") == ""
    vm.chooseContributor("neighbour")  # not a type the report knows: ignored
    assert vm.property("contributorType") == ""
    ui.tap("readBackContributor_state_agency")
    assert vm.property("contributorType") == "state_agency"
    qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").setLanguage("en")
    qtbot.waitUntil(lambda: text_of(kiosk_window, "readBackContributor_business") == "Business")  # the words follow the language
    assert _chosen(kiosk_window) == ["state_agency"]  # the answer does not
    qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").endVisit()  # the kiosk is left
    assert vm.property("contributorType") == ""
    assert _submissions(store) == []


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
def test_the_words_say_whom_to_ask(staff, kiosk_window, qtbot, mode):
    qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").setLanguage("en")
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap(mode.button)
    _to_read_back(ui)
    section = find(kiosk_window, "readBackContributor")
    said = " ".join(str(child.property("text")) for child in section.childItems() if child.property("text"))
    # From paper, the clerk copies what the form says; with a resident, the clerk asks.
    assert ("form" in said) == (mode.channel == "paper") and ("resident" in said) == (mode.channel == "assisted"), said


class Size(NamedTuple):
    name: str
    width: int
    height: int
    language: str
    mode: str


SIZES = [
    Size("1024x768 vi", 1024, 768, "vi", "staffAssisted"),
    Size("800x1280 vi", 800, 1280, "vi", "staffPaper"),
    Size("1024x768 en", 1024, 768, "en", "staffPaper"),
    Size("800x1280 en", 800, 1280, "en", "staffAssisted"),
]


@pytest.mark.parametrize("size", SIZES, ids=[s.name for s in SIZES])
def test_the_choices_fit_landscape_and_portrait(staff, kiosk_window, qtbot, size):
    if size.language != "vi":
        qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").setLanguage(size.language)
    ui = sign_in(qtbot, kiosk_window, CLERK)
    ui.tap(size.mode)
    _to_read_back(ui)
    kiosk_window.resize(size.width, size.height)
    qtbot.wait(100)
    ui.tap("readBackContributor_state_agency")  # scrolled to, and touched
    if size.language == "en":
        assert text_of(kiosk_window, "readBackContributor_state_agency") == "State agency"
    image = kiosk_window.grabWindow()  # laid out now, as a frame would
    if os.environ.get("GOPY_SHOTS"):
        image.save(os.path.join(os.environ["GOPY_SHOTS"], f"clerk_contributor_{size.name.replace(' ', '_')}.png"))
    assert problems(kiosk_window) == []
    buttons = list(_choices(kiosk_window).values())
    assert all(b.height() >= 48 and b.width() >= 48 for b in buttons)
    rows = sorted({round(b.mapToScene(b.boundingRect().topLeft()).y()) for b in buttons})
    assert len(rows) <= 3  # never one long column of five
