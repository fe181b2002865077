import pytest

from kiosk.domain import Stance
from kiosk.errors import NotFoundError, ValidationError
from kiosk.feedback import Answer, FeedbackForm, FeedbackItem
from kiosk.i18n import _
from kiosk.receipt_code import group
from kiosk.receipt_status import Progress, check_receipt, progress_text, response_status_text
from kiosk.submissions import SubmissionService
from tests.conftest import article_id


@pytest.fixture
def code(store, clock):
    form = FeedbackForm(
        "TEST-1",
        items=(FeedbackItem(article_id(store, "article:2"), Stance.DISAGREE, "Thêm phó ban"),),
        answers=(Answer(1, choices=(0,)),),
    )
    return SubmissionService(store, clock).submit(form).receipt.code


def _set_state(store, code, state):
    with store.write() as db:
        db.execute("UPDATE events SET state = ? WHERE receipt_code = ?", [state, code])


def _respond(store, **row):
    with store.write() as db:
        db["responses"].insert({"consultation_code": "TEST-1", "status": "accepted", "text": "", **row})


def test_a_fresh_submission_is_stored_here(store, code):
    status = check_receipt(store, group(code).lower())
    assert status.progress == Progress.STORED
    assert status.code == group(code)
    assert status.consultation_title == "Dự thảo Quy chế chợ xã"
    assert (status.item_count, status.answer_count) == (1, 1)
    assert status.responses == ()


def test_sent_then_received_follow_the_sync_state(store, code):
    _set_state(store, code, "exported")
    assert check_receipt(store, code).progress == Progress.SENT
    _set_state(store, code, "acked")
    assert check_receipt(store, code).progress == Progress.RECEIVED


def test_a_response_to_the_submission_or_to_its_article_is_shown(store, code):
    _respond(store, receipt_code=group(code), status="partly_accepted", text="Sẽ bổ sung phó ban.")
    _respond(store, legal_key="article:2", status="explained", text="Điều 2 được viết lại.")
    _respond(store, legal_key="article:3", text="Không liên quan.")
    _respond(store, receipt_code="0000-0000-0000", text="Người khác.")
    status = check_receipt(store, code)
    assert status.progress == Progress.ANSWERED
    assert [(r.status, r.text, r.about) for r in status.responses] == [
        ("partly_accepted", "Sẽ bổ sung phó ban.", ""),
        ("explained", "Điều 2 được viết lại.", "Điều 2"),
    ]


def test_a_typo_is_caught_by_the_check_character(store, code):
    wrong = ("1" if code[3] != "1" else "2").join((code[:3], code[4:]))
    with pytest.raises(ValidationError) as error:
        check_receipt(store, wrong)
    assert error.value.message == _("This receipt code has a typing mistake. Please check it against your receipt.")


def test_an_unknown_code_is_said_plainly(store, code):
    from kiosk.receipt_code import new_code

    other = new_code()
    with pytest.raises(NotFoundError) as error:
        check_receipt(store, other)
    assert group(other) in error.value.message


def test_every_progress_and_decision_has_words():
    assert all(progress_text(p) for p in Progress)
    assert response_status_text("accepted") and response_status_text("something new") == "something new"
