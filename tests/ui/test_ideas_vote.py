"""An ideas call, a vote and the results of a closed vote, touched through the real QML."""

from __future__ import annotations

import base64

import pytest
from nacl.public import PrivateKey

from kiosk import canonical
from kiosk.ideas import IdeaBoard
from tests.ui.helpers import driver, shown
from ui.demo_calls import CLOSED_CODE, IDEAS_CODE, OPTIONS, VOTE_CODE, add_demo_calls


@pytest.fixture(autouse=True)
def calls(store, clock):
    """The demo calls, before the window reads the home screen; and the centre's key, so votes can be sealed."""
    private = PrivateKey.generate()
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?, sealing_key_id = 'k1'", [base64.b64encode(bytes(private.public_key)).decode()])
    return add_demo_calls(store, clock)


def _events(store, code):
    rows = store.query("SELECT body FROM events WHERE consultation_code = ? ORDER BY seq", (code,))
    return [canonical.loads(row["body"]) for row in rows]


def test_support_an_idea_and_send_a_new_one(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    before = len(_events(store, IDEAS_CODE))
    most_supported = IdeaBoard(store).ideas(IDEAS_CODE)[0]
    ui.tap(f"card_{IDEAS_CODE}")
    ui.screen("ideasScreen")
    ui.tap("support_0")  # "Tôi cũng gặp vấn đề này" on the most supported idea
    qtbot.waitUntil(lambda: ui.find("support_0").property("selected") is True)
    assert ui.find("ideasContinue").property("enabled") is True

    ui.tap("newIdeaButton")
    ui.screen("ideaFormScreen")
    assert ui.find("saveIdea").property("enabled") is False
    ui.tap("category_3")  # Chợ
    ui.tap("hamlet_0")
    field = ui.tap("proposalField")
    ui.keyboard_open()
    ui.type("Lafm mais chowj")  # Telex for "Làm mái chợ"
    qtbot.waitUntil(lambda: field.property("text") == "Làm mái chợ", timeout=3000)
    ui.tap("saveIdea")
    ui.screen("ideasScreen")
    qtbot.waitUntil(lambda: "1" in ui.find("ideasTally").property("text"))

    ui.tap("ideasContinue")
    ui.screen("consentScreen")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    qtbot.waitUntil(lambda: shown(ui.find("reviewIdea_0")) and shown(ui.find("reviewSupport_0")))
    assert not shown(ui.find("readMoreButton"))  # no articles to comment on in an ideas call
    ui.tap("sendButton")

    ui.screen("receiptScreen")
    events = _events(store, IDEAS_CODE)
    assert len(events) == before + 1
    body = events[-1]
    assert body["supports"] == [most_supported.id]
    [idea] = body["ideas"]
    assert (idea["category"], idea["proposal"]) == ("Chợ", "Làm mái chợ")
    stored = IdeaBoard(store).idea(idea["id"])
    assert stored.written_here and stored.proposal == "Làm mái chợ"
    assert stored.ref in ui.find("receiptIdeas").property("text")  # others can support it by its reference
    assert IdeaBoard(store).idea(most_supported.id).supports == most_supported.supports + 1


def test_a_vote_keeps_to_its_maximum_and_the_receipt_does_not_show_the_choice(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    ui.tap(f"card_{VOTE_CODE}")
    ui.screen("voteScreen")
    assert ui.find("voteContinue").property("enabled") is False
    ui.tap("voteOption_0")
    ui.tap("voteOption_2")
    ui.tap("voteOption_3")  # up to 2: the third is refused
    qtbot.waitUntil(lambda: shown(ui.find("voteError")))
    assert ui.find("voteOption_3").property("chosen") is False
    assert "2" in ui.find("voteCounter").property("text")
    ui.tap("voteOption_2")  # taken back; another one may be chosen now
    ui.tap("voteOption_1")
    qtbot.waitUntil(lambda: not shown(ui.find("voteError")))

    ui.tap("voteContinue")
    ui.screen("consentScreen")
    ui.tap("consentYes")
    qtbot.waitUntil(lambda: shown(ui.find("idNumberField")))
    assert not shown(ui.find("nameField"))  # a vote asks for the ID number, not a name
    ui.tap("consentNo")
    ui.tap("consentContinue")
    ui.screen("reviewScreen")
    choice = ui.find("reviewVoteChoice").property("text")
    assert OPTIONS[0].title in choice and OPTIONS[1].title in choice
    ui.tap("sendButton")

    ui.screen("receiptScreen")
    [body] = _events(store, VOTE_CODE)
    assert body["vote"]["ct"] and "choices" not in body["vote"]  # sealed for the centre
    headline = ui.find("receiptHeadline").property("text")
    assert headline != "" and shown(ui.find("receiptCode"))
    texts = " ".join(str(item.property("text") or "") for item in _texts(kiosk_window))
    for option in OPTIONS:
        assert option.title not in texts


def _texts(window):
    from ui.drive import items

    return [item for item in items(window.contentItem()) if item.isVisible() and item.property("text") is not None]


def test_the_results_of_a_closed_vote(kiosk_window, qtbot, store):
    ui = driver(qtbot, kiosk_window)
    qtbot.waitUntil(lambda: ui.find(f"resultsCard_{CLOSED_CODE}") is not None)
    ui.tap(f"resultsCard_{CLOSED_CODE}")
    ui.screen("resultsScreen")
    qtbot.waitUntil(lambda: ui.find("resultFigure_0_0_0") is not None)
    assert "412" in ui.find("resultsSummary_0").property("text")
    assert [ui.find(f"resultFigure_0_0_{n}").property("text") for n in (0, 1)] == ["92", "121"]
    assert [ui.find(f"resultFigure_0_2_{n}").property("text") for n in (0, 1)] == ["25", "35"]
    assert ui.find("resultsQr").property("implicitWidth") > 0
