"""Ideas calls and votes on the kiosk: what the submission service takes, refuses, seals and stores."""

import base64
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from nacl.public import PrivateKey, SealedBox

from kiosk import canonical, i18n
from kiosk.chain import verify_chain
from kiosk.citizen_id import is_citizen_id
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus, Stance, VoteOption
from kiosk.errors import SealingError, ValidationError
from kiosk.feedback import Answer, Consent, FeedbackForm, FeedbackItem, Idea, PersonalData
from kiosk.ideas import IdeaBoard, short_ref
from kiosk.receipt_documents import receipt_content
from kiosk.submissions import MAX_IDEA_TEXT, SubmissionService
from kiosk.visit import Visit
from tests.conftest import article_id

CATEGORIES = ("Giao thông, thủy lợi", "Trường học", "Y tế", "Chợ", "Dịch vụ công")
ID_NUMBER = "001090123456"


def add_call(store, code="YT-1", kind=ConsultationKind.IDEAS, *, max_choices=1, options=(), status=ConsultationStatus.OPEN):
    repo = ConsultationRepository(store)
    consultation = Consultation(
        code, "UBND xã Thử Nghiệm", f"Đợt {code}", "", date(2026, 11, 1), date(2026, 12, 31), status, None,
        kind=kind, categories=CATEGORIES if kind == ConsultationKind.IDEAS else (), max_choices=max_choices,
    )
    with store.write():
        repo.put_consultation(consultation, [], options)
    return code


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English: the Vietnamese catalogue is the translators'."""
    i18n.set_language("en")


@pytest.fixture
def key(store):
    private = PrivateKey.generate()
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?, sealing_key_id = 'k1'", [base64.b64encode(bytes(private.public_key)).decode()])
    return private


@pytest.fixture
def service(store, clock):
    return SubmissionService(store, clock)


@pytest.fixture
def call(store):
    return add_call(store)


@pytest.fixture
def vote(store):
    options = [VoteOption(n, f"Phương án {n}", "Mô tả") for n in (1, 2, 3, 4)]
    return add_call(store, "BQ-1", ConsultationKind.VOTE, max_choices=2, options=options)


def idea(**changes) -> Idea:
    return replace(Idea("Giao thông, thủy lợi", "Thôn Đông", "Đường ngập khi mưa", "Làm mương thoát nước"), **changes)


def _bodies(store, code):
    return [canonical.loads(r["body"]) for r in store.query("SELECT body FROM events WHERE consultation_code = ? ORDER BY seq", (code,))]


# ---------------------------------------------------------------- ideas


def test_an_idea_is_stored_with_a_stable_global_id_and_listed_at_once(service, store, call):
    receipt = service.submit(FeedbackForm(call, ideas=(idea(), idea(proposal="", problem="Chợ lấn đường")))).receipt
    [body] = _bodies(store, call)
    assert [i["id"] for i in body["ideas"]] == [f"{receipt.submission_id}/1", f"{receipt.submission_id}/2"]
    assert receipt.idea_ids == (f"{receipt.submission_id}/1", f"{receipt.submission_id}/2")
    assert receipt.item_count == 0 and not receipt.voted
    [first, second] = IdeaBoard(store).ideas(call)
    assert first.written_here and first.supports == 0 and first.ref == short_ref(first.id) and len(first.ref) == 10
    assert second.text == "Chợ lấn đường"
    assert verify_chain(store).ok


def test_an_idea_needs_a_category_of_the_call_and_a_hamlet(service, store, call):
    with pytest.raises(ValidationError, match="Trường học"):
        service.submit(FeedbackForm(call, ideas=(idea(category="Thể thao"),)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, ideas=(idea(category=""),)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, ideas=(idea(hamlet="  "),)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, ideas=(idea(problem=" ", proposal=""),)))
    assert _bodies(store, call) == []
    # Case and diacritics aside, the call's own spelling is kept.
    service.submit(FeedbackForm(call, ideas=(idea(category="giao thong, THUY LOI"),)))
    assert _bodies(store, call)[0]["ideas"][0]["category"] == "Giao thông, thủy lợi"


def test_a_category_the_commune_adds_is_accepted_and_kept_by_packages(service, store, call):
    repo = ConsultationRepository(store)
    assert repo.set_commune_categories(call, ["Nước sạch", "Y tế"]) == (*CATEGORIES, "Nước sạch")
    service.submit(FeedbackForm(call, ideas=(idea(category="Nước sạch"),)))
    add_call(store)  # the centre's next package
    assert repo.categories(call)[-1] == "Nước sạch"
    with pytest.raises(ValidationError):
        repo.set_commune_categories("TEST-1", ["Nước sạch"])


def test_idea_texts_are_cleaned_nfc_and_limited(service, store, call):
    decomposed = unicodedata.normalize("NFD", "Đường  ngập\r\nkhi mưa\x00")
    service.submit(FeedbackForm(call, ideas=(idea(problem=decomposed, hamlet=" Thôn\tĐông "),)))
    stored = _bodies(store, call)[0]["ideas"][0]
    assert stored["problem"] == "Đường  ngập\nkhi mưa" and unicodedata.is_normalized("NFC", stored["problem"])
    assert stored["hamlet"] == "Thôn Đông"
    with pytest.raises(ValidationError, match=str(MAX_IDEA_TEXT)):
        service.submit(FeedbackForm(call, ideas=(idea(proposal="x" * (MAX_IDEA_TEXT + 1)),)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, ideas=(idea(), idea())))


def test_supporting_an_idea_and_not_twice_in_one_visit(service, store, call):
    written = service.submit(FeedbackForm(call, ideas=(idea(),))).receipt.idea_ids[0]
    with pytest.raises(ValidationError, match="already"):
        service.submit(FeedbackForm(call, supports=(written, written)))
    receipt = service.submit(FeedbackForm(call, supports=(written,))).receipt
    assert receipt.support_count == 1
    assert IdeaBoard(store).idea(written).supports == 1
    visit = Visit()
    visit.start(call, [])
    visit.support(written)
    with pytest.raises(ValidationError):
        visit.support(written)
    assert visit.to_form("vi").supports == (written,)


def test_supporting_an_unknown_idea_or_one_of_another_call_is_refused(service, store, call):
    other = add_call(store, "YT-2")
    elsewhere = service.submit(FeedbackForm(other, ideas=(idea(),))).receipt.idea_ids[0]
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, supports=(elsewhere,)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, supports=("00000000-0000-4000-8000-000000000000/1",)))
    with pytest.raises(ValidationError, match="idea"):
        service.submit(FeedbackForm(call))


def test_each_kind_takes_only_its_own_feedback(service, store, call, vote, key):
    article = FeedbackItem(article_id(store, "article:1"), Stance.AGREE)
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm("TEST-1", items=(article,), ideas=(idea(),)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm("TEST-1", items=(article,), vote=(0,)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, items=(article,)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(call, ideas=(idea(),), vote=(0,)))
    with pytest.raises(ValidationError, match="only the vote"):
        service.submit(FeedbackForm(vote, vote=(0,), ideas=(idea(),)))
    with pytest.raises(ValidationError, match="only the vote"):
        service.submit(FeedbackForm(vote, vote=(0,), answers=(Answer(1, choices=(0,)),)))
    assert store.query("SELECT * FROM events") == []
    # A draft's submission keeps exactly the shape it had before ideas and votes.
    service.submit(FeedbackForm("TEST-1", items=(article,)))
    assert not {"ideas", "supports", "vote"} & _bodies(store, "TEST-1")[0].keys()


# ---------------------------------------------------------------- votes


def test_a_vote_is_sealed_and_its_receipt_never_shows_the_choice(service, store, vote, key):
    receipt = service.submit(FeedbackForm(vote, vote=(2,))).receipt
    assert receipt.voted and receipt.item_count == receipt.answer_count == 0
    [body] = _bodies(store, vote)
    assert body["vote"].keys() == {"key_id", "ct"}
    opened = canonical.loads(SealedBox(key).decrypt(base64.b64decode(body["vote"]["ct"])))
    assert opened == {"choices": [2], "submission": receipt.submission_id}
    content = receipt_content(store, receipt.code, "vi")
    assert content.voted and content.items == ()
    assert "Phương án 3" not in repr(content)


def test_choose_up_to_n(service, store, vote, key):
    service.submit(FeedbackForm(vote, vote=(0, 3)))
    with pytest.raises(ValidationError, match="2"):
        service.submit(FeedbackForm(vote, vote=(0, 1, 2)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(vote, vote=(1, 1)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(vote, vote=(4,)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(vote, vote=(-1,)))
    with pytest.raises(ValidationError):
        service.submit(FeedbackForm(vote))
    single = add_call(store, "BQ-2", ConsultationKind.VOTE, options=[VoteOption(1, "A"), VoteOption(2, "B")])
    with pytest.raises(ValidationError, match="one"):
        service.submit(FeedbackForm(single, vote=(0, 1)))
    assert len(_bodies(store, vote)) == 1


def test_a_vote_with_an_id_number_seals_it_and_refuses_a_malformed_one(service, store, vote, key):
    form = FeedbackForm(vote, vote=(1,), personal=PersonalData(id_number="001 090 123 456"), consent=Consent(personal_data=True))
    service.submit(form)
    [body] = _bodies(store, vote)
    assert ID_NUMBER not in canonical.dumps(body).decode()
    assert canonical.loads(SealedBox(key).decrypt(base64.b64decode(body["sealed"]["ct"])))["id_number"] == ID_NUMBER
    for wrong in ("12345", "0010901234567", "999090123456", "001590123456", "00109012345a"):
        with pytest.raises(ValidationError, match="12"):
            service.submit(replace(form, personal=PersonalData(id_number=wrong)))
    with pytest.raises(ValidationError):
        service.submit(replace(form, consent=Consent()))


def test_without_the_centre_key_a_vote_is_refused(service, store, vote):
    with pytest.raises(SealingError):
        service.submit(FeedbackForm(vote, vote=(0,)))
    assert store.query("SELECT * FROM events") == []


def test_citizen_id_numbers():
    assert is_citizen_id("001090123456") and is_citizen_id("079305000001")
    assert not any(map(is_citizen_id, ["", "00109012345", "003090123456", "001490123456", "００１090123456"]))


def test_a_visit_chooses_up_to_n_and_sends_the_id_number_only_with_consent(store, vote):
    visit = Visit()
    visit.start(vote, [], max_choices=2)
    visit.choose_option(2)
    visit.choose_option(0)
    with pytest.raises(ValidationError):
        visit.choose_option(1)
    visit.choose_option(2)  # tapped again: taken back
    assert visit.vote == (0,) and visit.has_feedback()
    visit.give_consent(True)
    visit.set_details(id_number=ID_NUMBER)
    assert visit.to_form("vi").personal.id_number == ID_NUMBER
    visit.give_consent(False)
    assert visit.to_form("vi").personal.id_number == ""
    visit.start(vote, [], max_choices=1)
    visit.choose_option(1)
    assert visit.vote == (1,)
    visit.reset()
    assert visit.is_empty() and visit.vote == ()


# ---------------------------------------------------------------- paper forms


def _csv(path, rows):
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_paper_ideas_and_supports_with_the_columns_of_an_ideas_form(service, store, call, tmp_path):
    from kiosk.paper_import import PaperImporter

    importer = PaperImporter(service)
    report = importer.import_file(_csv(tmp_path / "y-tuong.csv", [
        ["PHIẾU ĐỀ XUẤT Ý TƯỞNG"],
        ["Mã lấy ý kiến", "Lĩnh vực", "Thôn", "Vấn đề", "Đề xuất", "Ngày phiếu", "Mã phiếu"],
        [call, "trường học", "Thôn Nam", "Thiếu phòng học", "", "20/11/2026", "P1"],
        [call, "Y tế", "Thôn Bắc", "", "Trực đêm ở trạm y tế", "20/11/2026", "P2"],
        [call, "Thể thao", "Thôn Bắc", "Không có sân bóng", "", "20/11/2026", "P3"],
        [call, "Y tế", "", "Xa trạm y tế", "", "20/11/2026", "P4"],
    ]))
    assert [r.row for r in report.imported] == [3, 4] and [r.row for r in report.errors] == [5, 6]
    first, second = (b["ideas"][0] for b in _bodies(store, call))
    assert (first["category"], first["hamlet"], first["problem"]) == ("Trường học", "Thôn Nam", "Thiếu phòng học")
    assert second["proposal"] == "Trực đêm ở trạm y tế"
    assert all(b["demographics"] is None for b in _bodies(store, call))  # "Thôn" named the idea's hamlet, not the person's

    ref = short_ref(first["id"])
    report = importer.import_file(_csv(tmp_path / "ung-ho.csv", [
        ["consultation", "support_of", "village", "form_date"],
        [call, ref.lower(), "Thôn Đông", "21/11/2026"],
        [call, f"{second['id']}; {ref}", "", "21/11/2026"],
        [call, ref, "", "21/11/2026"],
        [call, "ABCDEF12-9", "", "21/11/2026"],
        [call, "không rõ", "", "21/11/2026"],
        [call, "", "", "21/11/2026"],
    ]))
    assert [r.row for r in report.imported] == [2, 3, 4] and [r.row for r in report.errors] == [5, 6, 7]
    bodies = _bodies(store, call)[2:]
    assert [b["supports"] for b in bodies] == [[first["id"]], [second["id"], first["id"]], [first["id"]]]
    assert bodies[0]["demographics"] is None  # on an ideas form, a lone hamlet column is always the idea's
    assert IdeaBoard(store).idea(first["id"]).supports == 3


def test_paper_ballots_by_number_or_title_with_id_numbers(service, store, vote, key, tmp_path):
    from kiosk.paper_import import PaperImporter

    report = PaperImporter(service).import_file(_csv(tmp_path / "phieu-bau.csv", [
        ["Mã lấy ý kiến", "Lựa chọn", "Số CCCD", "Ngày phiếu"],
        [vote, "2", "", "20/11/2026"],
        [vote, "PA 1 và PA 4", "001 090 123 456", "20/11/2026"],
        [vote, "phương án 3", "", "20/11/2026"],
        [vote, "1, 2, 3", "", "20/11/2026"],
        [vote, "7", "", "20/11/2026"],
        [vote, "không chọn", "", "20/11/2026"],
        [vote, "1", "12345", "20/11/2026"],
    ]))
    assert [r.row for r in report.imported] == [2, 3, 4] and [r.row for r in report.errors] == [5, 6, 7, 8]
    opened = [canonical.loads(SealedBox(key).decrypt(base64.b64decode(b["vote"]["ct"])))["choices"] for b in _bodies(store, vote)]
    assert opened == [[1], [0, 3], [2]]
    assert _bodies(store, vote)[1]["consent"]["personal_data"] is True
