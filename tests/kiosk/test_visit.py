import unicodedata

import pytest

from kiosk.consultations import ConsultationRepository
from kiosk.domain import Channel, Stance
from kiosk.errors import ValidationError
from kiosk.feedback import Answer, FeedbackItem
from kiosk.submissions import MAX_COMMENT, SubmissionService
from kiosk.visit import Visit, personal_data_accepted
from tests.conftest import article_id


@pytest.fixture
def questions(store):
    return ConsultationRepository(store).questions("TEST-1")


@pytest.fixture
def visit(questions):
    v = Visit()
    v.start("TEST-1", questions)
    return v


def test_a_new_visit_is_empty(visit):
    assert visit.is_empty() and not visit.has_feedback()
    assert visit.to_form("vi").items == () and visit.to_form("vi").answers == ()


def test_commenting_again_on_an_article_edits_the_comment(visit):
    visit.set_item(7, Stance.AGREE, "Tốt")
    visit.set_item(9, "disagree", "Không ổn")
    visit.set_item(7, Stance.OTHER, "Nên sửa")
    assert visit.items == (FeedbackItem(7, Stance.OTHER, "Nên sửa"), FeedbackItem(9, Stance.DISAGREE, "Không ổn"))
    visit.remove_item(7)
    assert [i.node_id for i in visit.items] == [9]


def test_typed_text_is_kept_as_nfc(visit):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    visit.set_item(7, Stance.AGREE, decomposed)
    assert visit.item(7).comment == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", visit.item(7).comment)


def test_a_comment_longer_than_the_store_accepts_is_refused(visit):
    with pytest.raises(ValidationError):
        visit.set_item(7, Stance.AGREE, "a" * (MAX_COMMENT + 1))
    assert visit.item(7) is None


def test_single_choice_takes_the_last_tap_and_a_second_tap_clears_it(visit, questions):
    single = questions[0]
    visit.choose(single.id, 0)
    visit.choose(single.id, 1)
    assert visit.answer(single.id) == Answer(single.id, choices=(1,))
    visit.choose(single.id, 1)
    assert visit.answer(single.id) is None


def test_multiple_choice_toggles(visit, questions):
    multiple = questions[1]
    visit.choose(multiple.id, 2)
    visit.choose(multiple.id, 0)
    assert visit.answer(multiple.id).choices == (0, 2)
    visit.choose(multiple.id, 2)
    assert visit.answer(multiple.id).choices == (0,)


def test_open_questions_take_text_and_empty_text_clears(visit, questions):
    text = questions[2]
    visit.write_answer(text.id, "Cần thêm đèn")
    assert visit.answer(text.id).text == "Cần thêm đèn"
    visit.write_answer(text.id, "   ")
    assert visit.answer(text.id) is None
    with pytest.raises(ValidationError):
        visit.write_answer(questions[0].id, "text for a choice")
    with pytest.raises(ValidationError):
        visit.choose(questions[0].id, 9)


def test_personal_details_need_consent_and_withdrawing_it_wipes_them(visit):
    with pytest.raises(ValidationError):
        visit.set_details(name="Lan")
    visit.give_consent(True)
    visit.set_details(name="  Nguyễn  Thị Lan ", village="Thôn 3")
    assert visit.details.name == "Nguyễn Thị Lan"
    form = visit.to_form("vi")
    assert form.personal.name == "Nguyễn Thị Lan" and form.demographics.village == "Thôn 3"
    assert form.consent.personal_data and form.consent.demographics
    visit.give_consent(False)
    assert visit.details.is_empty()
    assert visit.to_form("vi").personal.is_empty()


def test_by_default_nothing_personal_is_sent(visit):
    visit.set_item(7, Stance.AGREE)
    form = visit.to_form("en")
    assert form.locale == "en" and form.channel == Channel.SELF
    assert not form.consent.personal_data and not form.consent.demographics
    assert form.personal.is_empty() and form.demographics.is_empty()


def test_switching_consultation_or_resetting_forgets_everything(visit, questions):
    visit.set_item(7, Stance.AGREE)
    visit.choose(questions[0].id, 0)
    visit.start("TEST-1", questions)  # the same consultation again: kept
    assert visit.has_feedback()
    visit.start("OTHER", [])
    assert visit.is_empty() and visit.consultation_code == "OTHER"
    visit.set_item(7, Stance.AGREE)
    visit.reset()
    assert visit.is_empty() and visit.consultation_code == ""


def test_listeners_hear_every_change_and_only_changes(visit, questions):
    calls = []
    visit.subscribe(lambda: calls.append(1))
    visit.set_item(7, Stance.AGREE, "x")
    visit.set_item(7, Stance.AGREE, "x")  # no change
    visit.choose(questions[0].id, 0)
    visit.reset()
    assert len(calls) == 3


def test_the_form_is_accepted_by_the_submission_service(store, clock, visit, questions):
    visit.set_item(article_id(store, "article:1"), Stance.AGREE, "Đồng ý")
    visit.set_item(article_id(store, "article:3"), Stance.DISAGREE, "Hiệu lực sau 30 ngày")
    visit.choose(questions[1].id, 1)
    visit.write_answer(questions[2].id, "Không")
    receipt = SubmissionService(store, clock).submit(visit.to_form("vi")).receipt
    assert receipt.item_count == 2 and receipt.answer_count == 2


def test_personal_details_are_offered_only_when_they_can_be_sealed(store):
    assert not personal_data_accepted(store)
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = 'a2V5'")
    assert personal_data_accepted(store)
