"""Who is giving the feedback (issue 18, item 5): an optional, one-tap choice on the review before sending,
stored in the submission and carried in the batch to the centre; not said, it is left out."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest
from PySide6.QtQml import qmlEngine

from kiosk import canonical
from sync.batches import EVENTS_MEMBER, epoch_key, export_batches
from sync.container import read_container
from tests.conftest import NOW
from tests.ui.helpers import driver, find, shown
from tests.ui.layout_check import problems
from tests.ui.staff_helpers import enrol

TYPES = ("individual", "organisation", "business", "expert", "state_agency")  # kiosk.domain.ContributorType, in order


def _to_review(ui) -> None:
    """One comment on Điều 1, no answers, no details: the shortest way to the review."""
    ui.tap("card_TEST-1")
    ui.screen("readerScreen")
    ui.tap("commentButton")
    ui.screen("feedbackScreen")
    ui.tap("stance_agree")
    ui.tap("saveComment")
    ui.screen("readerScreen")
    ui.tap("finishButton")
    ui.screen("questionsScreen")
    ui.tap("questionsContinue")
    ui.screen("consentScreen")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")


def _submissions(store) -> list[dict]:
    return [canonical.loads(e["body"]) for e in store.query("SELECT body FROM events WHERE kind = 'submission' ORDER BY seq")]


def _review(window):
    return qmlEngine(window).singletonInstance("Kiosk.ViewModels", "ReviewViewModel")


def test_choosing_an_organisation_is_stored_and_carried_in_the_batch(kiosk_window, qtbot, store, home, tmp_path):
    enrol(store, home, tmp_path)  # first: a kiosk holding feedback is not enrolled
    ui = driver(qtbot, kiosk_window)
    _to_review(ui)
    assert tuple(_review(kiosk_window).property("contributorTypes")) == TYPES
    choices = {name: find(kiosk_window, f"contributor_{name}") for name in TYPES}
    assert not any(c.property("chosen") for c in choices.values())  # nothing said until the person says it
    assert all(c.height() >= 48 for c in choices.values())

    ui.tap("contributor_organisation")
    qtbot.waitUntil(lambda: choices["organisation"].property("chosen") is True)
    assert [n for n, c in choices.items() if c.property("chosen")] == ["organisation"]
    ui.tap("sendButton")
    ui.screen("receiptScreen")

    [body] = _submissions(store)
    assert body["contributor_type"] == "organisation"

    result = export_batches(store, home, tmp_path / "usb", clock=lambda: NOW)
    [batch] = result.batches
    key, _endorsement = epoch_key(home, "K1", 1)
    lines = read_container(batch.path, verify_key=key.verify_key).members[EVENTS_MEMBER].decode().splitlines()
    [line] = [json.loads(text) for text in lines if json.loads(text).get("type") == "submission"]
    assert line["contributor_type"] == "organisation"


def test_the_choices_read_as_the_legal_report_names_them(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    _to_review(ui)
    texts = [find(kiosk_window, f"contributor_{name}").property("text") for name in TYPES]
    assert texts == ["Cá nhân", "Tổ chức", "Doanh nghiệp", "Chuyên gia", "Cơ quan nhà nước"]


def test_not_choosing_leaves_it_unsaid_and_a_choice_never_reaches_the_next_person(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    _to_review(ui)
    ui.tap("contributor_expert")
    ui.tap("contributor_expert")  # tapped again: taken back
    assert _review(kiosk_window).property("contributorType") == ""
    ui.tap("contributor_business")
    ui.tap("sendButton")
    ui.screen("receiptScreen")
    ui.tap("doneButton")
    ui.screen("homeScreen")

    _to_review(ui)  # the next person, in as many taps as before: the choice is not in the way
    assert not any(find(kiosk_window, f"contributor_{n}").property("chosen") for n in TYPES)
    ui.tap("sendButton")
    ui.screen("receiptScreen")

    first, second = _submissions(store)
    assert first["contributor_type"] == "business"
    assert "contributor_type" not in second  # not said: left out, the centre counts an individual


def test_the_choice_is_not_offered_after_sending(kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    _to_review(ui)
    assert shown(find(kiosk_window, "contributorSection"))
    review = _review(kiosk_window)
    review.chooseContributor("neighbour")  # not a type the report knows: ignored
    assert review.property("contributorType") == ""
    assert review.send() is True
    qtbot.waitUntil(lambda: not shown(find(kiosk_window, "contributorSection")))
    assert review.property("contributorType") == ""


class Size(NamedTuple):
    name: str
    width: int
    height: int
    language: str


SIZES = [
    Size("1024x768 vi", 1024, 768, "vi"),
    Size("800x1280 vi", 800, 1280, "vi"),
    Size("1024x768 en", 1024, 768, "en"),
    Size("800x1280 en", 800, 1280, "en"),
]


@pytest.mark.parametrize("size", SIZES, ids=[s.name for s in SIZES])
def test_the_choices_fit_landscape_and_portrait(kiosk_window, qtbot, size):
    if size.language != "vi":
        qmlEngine(kiosk_window).singletonInstance("Kiosk.ViewModels", "KioskViewModel").setLanguage(size.language)
    ui = driver(qtbot, kiosk_window)
    _to_review(ui)
    kiosk_window.resize(size.width, size.height)
    qtbot.wait(100)
    ui.tap("contributor_state_agency")  # scrolled to, and touched
    kiosk_window.grabWindow()  # laid out now, as a frame would
    assert problems(kiosk_window) == []
    buttons = [find(kiosk_window, f"contributor_{n}") for n in TYPES]
    rows = sorted({round(b.mapToScene(b.boundingRect().topLeft()).y()) for b in buttons})
    assert len(rows) <= 3  # never one long column of five
