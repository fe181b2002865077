"""Results of closed consultations on the kiosk: what the home screen shows and the notice-board poster prints."""

from datetime import date

import pytest
from reportlab.lib.pagesizes import A3, A4

from kiosk import canonical, i18n
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus, VoteOption
from kiosk.errors import NotFoundError, ValidationError
from kiosk.receipt_documents import poster_pdf
from kiosk.results import has_results, results_for
from tests.conftest import add_consultation
from tests.kiosk.receipts import decode_qr, flat, page_size_points, pages, pdf_text, rasterise, write


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def _put(store, code, kind, *, options=(), max_choices=1, status=ConsultationStatus.CLOSED):
    consultation = Consultation(
        code, "UBND xã Thử Nghiệm", f"Kết quả {code}", "", date(2026, 10, 1), date(2026, 10, 31), status, None,
        kind=kind, categories=("Đường giao thông", "Trường học"), max_choices=max_choices,
    )
    with store.write():
        ConsultationRepository(store).put_consultation(consultation, [], options)


def _results(store, result):
    with store.write() as db:
        db.execute("INSERT INTO results (consultation_code, body) VALUES (?, ?)", [result["code"], canonical.dumps(result).decode()])


@pytest.fixture
def vote(store):
    options = [VoteOption(1, "Bê tông hóa đường liên thôn", "Từ Thôn Đông ra tỉnh lộ"), VoteOption(2, "Xây phòng học", "")]
    _put(store, "BQ", ConsultationKind.VOTE, options=options, max_choices=2)
    _results(store, {"code": "BQ", "kind": "vote", "submissions": 100, "verified": 35, "anonymous": 60, "duplicate": 5,
                     "invalid_id": 2, "spoilt": 0, "unreadable": 0,
                     "options": [{"position": 1, "verified": 20, "anonymous": 41}, {"position": 2, "verified": 15, "anonymous": 19}]})
    return "BQ"


@pytest.fixture
def ideas(store):
    _put(store, "YT", ConsultationKind.IDEAS)
    with store.write() as db:
        for n, supports in enumerate((0, 7, 3, 7)):
            db.execute(
                "INSERT INTO ideas (id, consultation_code, category, hamlet, problem, proposal, listed_by_centre, centre_supports,"
                " centre_rank) VALUES (?, 'YT', 'Trường học', 'Thôn Nam', ?, ?, 1, ?, ?)",
                [f"0000000{n}-0000-4000-8000-000000000000/1", f"Vấn đề {n}", f"Đề xuất {n}" if n != 3 else "", supports, n],
            )
    _results(store, {"code": "YT", "kind": "ideas", "submissions": 20, "ideas": 4, "supports": 17,
                     "categories": [{"category": "Trường học", "ideas": 4, "supports": 17}]})
    return "YT"


def test_a_vote_keeps_verified_and_unverified_counts_apart(store, vote):
    results = results_for(store, vote)
    assert results.heading == "Vote results"
    assert "Votes verified by a citizen ID number, one per person: 35. Votes without verification: 60." in results.summary[1]
    assert any("5 votes repeated an ID number" in line for line in results.summary)
    assert any("2 votes carried an ID number that is not valid" in line for line in results.summary)
    assert any("up to 2" in line for line in results.summary)
    [table] = results.tables
    assert [(r.label, r.text, r.figures) for r in table.rows] == [
        ("1", "Bê tông hóa đường liên thôn", ("20", "41")),
        ("2", "Xây phòng học", ("15", "19")),
    ]
    assert "1. Bê tông hóa đường liên thôn — Từ Thôn Đông ra tỉnh lộ — Verified: 20 · Not verified: 41" in results.lines()
    assert results.report_url == "https://gopy.gov.vn/r/ket-qua/BQ"


def test_an_ideas_call_shows_its_categories_and_its_most_supported_ideas(store, ideas):
    results = results_for(store, ideas)
    by_category, top = results.tables
    assert [r.figures for r in by_category.rows] == [("4", "17")]
    # Most supported first, equal counts in the order the centre received them; an idea nobody supported is left out.
    assert [(r.text, r.figures) for r in top.rows] == [("Đề xuất 1", ("7",)), ("Vấn đề 3", ("7",)), ("Đề xuất 2", ("3",))]
    assert top.rows[0].detail == "Trường học · Thôn Nam"


def test_a_closed_draft_shows_the_agency_response_article_by_article(store):
    with store.write() as db:
        db.execute("UPDATE consultations SET status = 'closed' WHERE code = 'TEST-1'")
        for key, status, text in (("article:3", "not_accepted", "Theo luật."), ("article:1", "accepted", "Đã sửa.")):
            db.execute("INSERT INTO responses (consultation_code, legal_key, status, text) VALUES ('TEST-1', ?, ?, ?)", [key, status, text])
        db.execute("INSERT INTO responses (consultation_code, receipt_code, status, text) VALUES ('TEST-1', 'ABC', 'accepted', 'x')")
    article = {"key": "article:1", "agree": 2, "disagree": 1, "other": 0}
    _results(store, {"code": "TEST-1", "kind": "draft", "submissions": 9, "articles": [article]})
    [table] = results_for(store, "TEST-1").tables
    assert [(r.label, r.text, r.detail, r.figures) for r in table.rows] == [
        ("Điều 1. Phạm vi điều chỉnh", "Accepted", "Đã sửa.", ("3",)),
        ("Điều 3. Hiệu lực thi hành", "Not accepted", "Theo luật.", ("0",)),
    ]


def test_results_wait_for_the_close_and_for_the_centre(store, vote):
    add_consultation(store, "OPEN")
    with pytest.raises(NotFoundError, match="not closed"):
        results_for(store, "OPEN")
    _put(store, "EMPTY", ConsultationKind.VOTE)
    with pytest.raises(NotFoundError, match="not arrived"):
        results_for(store, "EMPTY")
    with pytest.raises(NotFoundError):
        results_for(store, "NOPE")
    assert not has_results(store, "EMPTY") and has_results(store, vote)
    assert [c.code for c in ConsultationRepository(store).closed_with_results()] == [vote]


def test_the_poster_on_a4_and_a3_with_a_qr_code_to_the_full_report(store, vote, ideas, tmp_path):
    store.set_setting("portal_url", "https://gopy.example.gov.vn/r")
    a4 = write(tmp_path, poster_pdf(store, vote, size="a4", language="en"), "a4.pdf")
    a3 = write(tmp_path, poster_pdf(store, ideas, size="a3", language="vi"), "a3.pdf")
    assert pages(a4) == 1 and page_size_points(a4) == pytest.approx(A4, abs=1)
    assert pages(a3) == 1 and page_size_points(a3) == pytest.approx(A3, abs=1)
    text = flat(pdf_text(a4))
    assert "VOTE RESULTS" in text and "Bê tông hóa đường liên thôn" in text and "20 41" in text
    assert "Đề xuất 1" in flat(pdf_text(a3))
    [qr] = decode_qr(rasterise(a4, dpi=120))
    assert qr.text == "https://gopy.example.gov.vn/r/ket-qua/BQ"
    with pytest.raises(ValueError):
        poster_pdf(store, vote, size="a5")
    store.set_setting("portal_url", "gopy.example.gov.vn")
    with pytest.raises(ValidationError, match="portal"):
        results_for(store, vote)
