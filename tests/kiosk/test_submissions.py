import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from kiosk import canonical
from kiosk.chain import verify_chain
from kiosk.domain import Channel, Stance
from kiosk.errors import SealingError, ValidationError
from kiosk.feedback import Answer, Consent, Demographics, FeedbackForm, FeedbackItem, PersonalData
from kiosk.submissions import MAX_COMMENT, SubmissionService
from tests.conftest import add_consultation, article_id


@pytest.fixture
def service(store, clock):
    return SubmissionService(store, clock)


@pytest.fixture
def form(store):
    return FeedbackForm(
        consultation_code="TEST-1",
        items=(FeedbackItem(article_id(store, "article:1"), Stance.AGREE, "Nên họp chợ từ 5 giờ sáng."),),
        answers=(Answer(1, choices=(0,)),),
    )


def _events(store):
    return store.query("SELECT * FROM events ORDER BY seq")


def test_a_submission_is_stored_chained_and_gets_a_receipt(service, store, form):
    receipt = service.submit(form).receipt
    assert len(receipt.code) == 12
    assert receipt.seq == 1 and receipt.item_count == 1 and receipt.answer_count == 1
    [row] = _events(store)
    body = canonical.loads(row["body"])
    assert body["items"] == [
        {"node_id": form.items[0].node_id, "node_key": "article:1", "stance": "agree", "comment": "Nên họp chợ từ 5 giờ sáng."}
    ]
    assert body["local_time"] == "2026-11-23T10:00:00+07:00"
    assert row["state"] == "sealed"
    assert verify_chain(store).ok


def test_sequence_numbers_have_no_gaps(service, store, form):
    for _ in range(5):
        service.submit(form)
    with pytest.raises(ValidationError):
        service.submit(replace(form, items=(), answers=()))
    service.submit(form)
    assert [r["seq"] for r in _events(store)] == [1, 2, 3, 4, 5, 6]


def test_comments_on_clauses_and_points(service, store, form):
    items = (
        FeedbackItem(article_id(store, "article:2/clause:2"), Stance.DISAGREE, "Thêm phó ban."),
        FeedbackItem(article_id(store, "article:2/clause:2/point:đ"), Stance.OTHER, ""),
    )
    receipt = service.submit(replace(form, items=items)).receipt
    assert receipt.item_count == 2


def test_a_closed_consultation_is_refused(service, store, form):
    add_consultation(store, "OLD", opens=date(2026, 1, 1), closes=date(2026, 2, 1))
    with pytest.raises(ValidationError, match="01/02/2026"):
        service.submit(replace(form, consultation_code="OLD", items=(), answers=(Answer(1, choices=(0,)),)))
    assert _events(store) == []


def test_an_article_of_another_draft_is_refused(service, store, form):
    add_consultation(store, "OTHER")
    foreign = article_id(store, "article:1", code="OTHER")
    with pytest.raises(ValidationError):
        service.submit(replace(form, items=(FeedbackItem(foreign, Stance.AGREE),)))
    with pytest.raises(ValidationError):
        service.submit(replace(form, items=(FeedbackItem(999_999, Stance.AGREE),)))
    assert _events(store) == []


def test_empty_feedback_is_refused(service, form):
    with pytest.raises(ValidationError, match="Chưa có"):
        service.submit(replace(form, items=(), answers=()))


def test_a_50000_character_comment_is_one_clear_message(service, store, form):
    long = replace(form, items=(FeedbackItem(form.items[0].node_id, Stance.OTHER, "ý" * 50_000),))
    with pytest.raises(ValidationError) as error:
        service.submit(long)
    assert "50000" in error.value.message and str(MAX_COMMENT) in error.value.message
    assert _events(store) == []


def test_nul_bytes_lone_surrogates_and_nfd_are_normalised(service, store, form):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức góp ý")
    dirty = "a\x00b\ud800c " + nfd
    receipt = service.submit(replace(form, items=(FeedbackItem(form.items[0].node_id, Stance.OTHER, dirty),))).receipt
    body = canonical.loads(store.query_one("SELECT body FROM events WHERE receipt_code = ?", (receipt.code,))["body"])
    comment = body["items"][0]["comment"]
    assert comment == "ab\ufffdc Nguyễn Văn Đức góp ý"
    assert unicodedata.is_normalized("NFC", comment)


def test_personal_data_is_refused_without_a_centre_key(service, store, form):
    personal = replace(form, consent=Consent(personal_data=True), personal=PersonalData(name="Nguyễn Thị Hoa", phone="0912345678"))
    with pytest.raises(SealingError):
        service.submit(personal)
    assert _events(store) == []
    assert service.submit(form).receipt.seq == 1  # anonymous feedback still works


def test_personal_data_is_sealed_never_in_clear(service, store, form, home):
    from nacl.public import PrivateKey, SealedBox

    key = PrivateKey.generate()
    import base64

    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?, sealing_key_id = 'k1'", [base64.b64encode(bytes(key.public_key)).decode()])
    personal = replace(form, consent=Consent(personal_data=True), personal=PersonalData(name="Nguyễn Thị Hoa", phone="0912345678"))
    receipt = service.submit(personal).receipt
    body = canonical.loads(store.query_one("SELECT body FROM events WHERE receipt_code = ?", (receipt.code,))["body"])
    assert body["sealed"]["key_id"] == "k1"
    opened = canonical.loads(SealedBox(key).decrypt(base64.b64decode(body["sealed"]["ct"])))
    assert opened["name"] == "Nguyễn Thị Hoa"
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in home.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "Nguyễn Thị Hoa".encode() not in data and b"0912345678" not in data, path


def test_personal_data_needs_consent(service, form):
    with pytest.raises(ValidationError):
        service.submit(replace(form, personal=PersonalData(name="Hoa")))


def test_demographics_need_consent(service, store, form):
    with pytest.raises(ValidationError):
        service.submit(replace(form, demographics=Demographics(village="Thôn 3")))
    receipt = service.submit(replace(form, consent=Consent(demographics=True), demographics=Demographics(village="Thôn 3"))).receipt
    body = canonical.loads(store.query_one("SELECT body FROM events WHERE receipt_code = ?", (receipt.code,))["body"])
    assert body["demographics"]["village"] == "Thôn 3"


def test_channels(service, form):
    with pytest.raises(ValidationError):
        service.submit(replace(form, channel=Channel.ASSISTED))
    assisted = service.submit(replace(form, channel=Channel.ASSISTED, clerk="Trần Văn Nam")).receipt
    assert assisted.clerk == "Trần Văn Nam"
    with pytest.raises(ValidationError):
        service.submit(replace(form, channel=Channel.PAPER))
    with pytest.raises(ValidationError):
        service.submit(replace(form, channel=Channel.PAPER, form_date=date(2026, 12, 1)))  # in the future
    paper = service.submit(replace(form, channel=Channel.PAPER, form_date=date(2026, 11, 20))).receipt
    assert paper.form_date == date(2026, 11, 20)


def test_answers_are_checked_against_their_questions(service, form):
    for bad in (Answer(1, choices=(5,)), Answer(1, choices=(0, 1)), Answer(2, choices=()), Answer(3), Answer(99, choices=(0,))):
        with pytest.raises(ValidationError):
            service.submit(replace(form, answers=(bad,)))
    ok = (Answer(1, choices=(1,)), Answer(2, choices=(0, 2)), Answer(3, text="Cần thêm đèn."))
    assert service.submit(replace(form, answers=ok)).receipt.answer_count == 3


def test_a_clock_behind_the_last_event_marks_it_suspect_and_still_accepts(store, form):
    from datetime import timedelta

    from tests.conftest import NOW

    times = iter([NOW, NOW - timedelta(hours=3)])
    service = SubmissionService(store, lambda: next(times))
    service.submit(form)
    service.submit(form)
    states = [canonical.loads(r["body"])["clock_state"] for r in _events(store)]
    assert states == ["ok", "suspect"]


def test_a_clock_years_behind_the_last_package_still_takes_feedback(store, form):
    from datetime import datetime

    from tests.conftest import VN

    with store.write() as db:
        db.execute("INSERT INTO sync_state (key, value) VALUES ('time_floor', '2026-11-20T03:00:00+00:00')")
    reset_clock = datetime(2020, 1, 1, 8, 0, tzinfo=VN)  # a dead CMOS battery
    receipt = SubmissionService(store, lambda: reset_clock).submit(form).receipt
    body = canonical.loads(store.query_one("SELECT body FROM events WHERE receipt_code = ?", (receipt.code,))["body"])
    assert body["clock_state"] == "suspect" and body["local_time"].startswith("2020-01-01")
