"""The portal's pages through Django's test client: what each shows, and what no page ever does (cookies, scripts, personal data)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.receipt_code import group, new_code
from tests.centre.portal.conftest import AGENCY, CONSULTATION, answer, publish, store_kiosk_events, submit

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


def _typo(code: str) -> str:
    """``code`` with its fourth symbol changed: the check character catches it."""
    return code[:3] + ("1" if code[3] != "1" else "2") + code[4:]


@pytest.fixture
def received(centre_seed):
    """One submission received at the centre: article 2 disagreed with a comment, its clause 1 agreed."""
    code = submit(centre_seed, [("article:2", "disagree", "Thêm phó ban"), ("article:2/clause:1", "agree", "")])
    store_kiosk_events(centre_seed)
    return code


def test_a_received_code_shows_its_status_in_any_case_with_or_without_dashes(client, received):
    for typed in (received, group(received), group(received).lower(), received.lower()):
        response = client.get(f"/r/{typed}?lang=en")
        assert response.status_code == 200, typed
        text = response.content.decode()
        assert "Received at the centre" in text
        assert "Xã Thử Nghiệm" in text and "at the kiosk" in text
        assert "Điều 2. Giải thích từ ngữ" in text and "khoản 1 Điều 2" in text
        assert "Disagree" in text and "Agree" in text
        assert f"/r/ket-qua/{CONSULTATION}" in text


def test_vietnamese_is_the_default(client, received):
    text = client.get(f"/r/{received}").content.decode()
    assert '<html lang="vi">' in text
    assert "Trung tâm đã nhận" in text and "Không đồng ý" in text


def test_no_personal_data_and_not_even_the_comment_is_shown(client, received, centre_seed):
    text = client.get(f"/r/{received}?lang=en").content.decode()
    assert "Thêm phó ban" not in text  # the comment's words may name people: only its article and stance are public
    body = json.loads(centre_seed.query_one("SELECT body FROM events")["body"])
    for key in ("sealed", "demographics", "clerk", "row_key"):
        assert key in body
    assert "sealed" not in text and "demographics" not in text


def test_a_typo_says_so_and_an_unknown_code_says_it_has_not_arrived(client, received):
    typo = client.get(f"/r/{_typo(received)}?lang=en")
    assert typo.status_code == 400
    assert "This code has a typing mistake." in typo.content.decode()
    assert "Mã này bị gõ sai." in client.get(f"/r/{_typo(received)}").content.decode()
    unknown = client.get(f"/r/{new_code()}?lang=en")
    assert unknown.status_code == 404
    assert "Not received at the centre yet." in unknown.content.decode()
    assert "every few days" in unknown.content.decode()
    assert "not a receipt code" in client.get("/r/abc?lang=en").content.decode()


def test_the_lookup_form_goes_to_the_receipt(client, received):
    response = client.get("/r/", {"ma": group(received).lower(), "lang": "en"})
    assert response.status_code == 302 and response["Location"] == f"/r/{received}?lang=en"
    assert "typing mistake" in client.get("/r/", {"ma": _typo(received), "lang": "en"}).content.decode()


def test_an_articles_answer_applies_to_its_clauses_unless_they_have_their_own(client, received):
    answer(legal_key="article:2", status="partly_accepted", text="Điều 2 sẽ bổ sung phó ban.")
    text = client.get(f"/r/{received}?lang=en").content.decode()
    assert text.count("Điều 2 sẽ bổ sung phó ban.") == 2  # on the article, and on its clause 1
    assert "the answer on Điều 2" in text
    answer(legal_key="article:2/clause:1", status="accepted", text="Khoản 1 giữ nguyên.")
    text = client.get(f"/r/{received}?lang=en").content.decode()
    assert text.count("Điều 2 sẽ bổ sung phó ban.") == 1 and "Khoản 1 giữ nguyên." in text
    answer(receipt_code=group(received), status="explained", text="Cảm ơn ông/bà.")
    assert "answer to your submission" in client.get(f"/r/{received}?lang=en").content.decode()


def test_identical_comments_are_counted_within_the_consultation(client, centre_seed):
    first = submit(centre_seed, [("article:1", "disagree", "Chợ  phải mở lúc 5 giờ")])
    submit(centre_seed, [("article:3", "disagree", "chợ phải mở lúc 5 giờ")])  # same words, other case and spacing
    submit(centre_seed, [("article:1", "agree", "Một ý kiến khác")])
    store_kiosk_events(centre_seed)
    text = client.get(f"/r/{first}?lang=en").content.decode()
    assert "one of 2 identical comments" in text


def test_pages_set_no_cookie_and_carry_security_and_cache_headers(client, received):
    for path in (
        f"/r/{received}",
        "/r/",
        f"/r/lay-y-kien/{CONSULTATION}",
        f"/r/ket-qua/{CONSULTATION}",
        f"/co-quan/{AGENCY}",
        f"/r/{new_code()}",
    ):
        response = client.get(path)
        assert not response.cookies, path
        assert "Set-Cookie" not in response.headers, path
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
        assert b"<script" not in response.content


def test_the_flag_is_stored_once_asked_from_this_site_and_audited(client, received):
    from centre.audit.models import AuditEvent, EventType
    from centre.portal.models import Flag

    path = f"/r/{received}/khong-phai-toi"
    refused = client.post(path, {"note": "x"})  # no Origin, no Referer: not from our page
    assert refused.status_code == 403 and not Flag.objects.exists()
    assert client.post(path, {"note": "x"}, headers={"Origin": "https://evil.example"}).status_code == 403
    sent = client.post(path + "?lang=en", {"note": "  Tôi chưa từng đến ki-ốt. "}, headers={"Origin": "http://testserver"})
    assert sent.status_code == 303 and sent["Location"] == f"/r/{received}?da-bao=1&lang=en#flag"
    assert not sent.cookies and "no-store" in sent["Cache-Control"]
    flag = Flag.objects.get()
    assert (flag.receipt_code, flag.consultation_code, flag.note) == (received, CONSULTATION, "Tôi chưa từng đến ki-ốt.")
    event = AuditEvent.objects.get(event_type=EventType.PORTAL_FLAG)
    assert event.target_id == received and "Tôi" not in event.extra  # the note's words stay out of the log
    assert "Your report has gone to the drafting agency" in client.get(sent["Location"]).content.decode()


def test_flags_and_pages_are_rate_limited_per_address(client, received, settings):
    settings.PORTAL_RATE_LIMITS = {"page": (3, 60), "flag": (1, 3600)}
    assert [client.get("/r/").status_code for _ in range(4)] == [200, 200, 200, 429]
    origin = {"Origin": "http://testserver"}
    assert client.post(f"/r/{received}/khong-phai-toi", headers=origin).status_code == 303
    too_many = client.post(f"/r/{received}/khong-phai-toi", headers=origin)
    assert too_many.status_code == 429 and too_many["Retry-After"] == "3600"


def test_the_consultation_page_has_summary_dates_places_questions_and_the_draft(client, centre_seed):
    text = client.get(f"/r/lay-y-kien/{CONSULTATION}").content.decode()
    for expected in (
        "Dự thảo Quy chế chợ xã",
        "01/11/2026",
        "31/12/2026",
        "Xã Thử Nghiệm",
        "Chợ nên mở cửa lúc mấy giờ?",
        "Điều 2. Giải thích từ ngữ",
        "Trưởng ban;",
    ):
        assert expected in text, expected
    assert 'id="article2"' in text  # each article has its anchor
    assert client.get("/r/lay-y-kien/NOPE").status_code == 404


def test_the_invitation_poster_is_downloadable_and_its_qr_code_points_back(client, centre_seed, tmp_path):
    from tests.kiosk.receipts import decode_qr, rasterise

    response = client.get(f"/r/lay-y-kien/{CONSULTATION}/to-moi.pdf?kho=a3")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "invitation.pdf"
    path.write_bytes(response.content)
    found = decode_qr(rasterise(path, dpi=100))
    assert [code.text for code in found] == [f"http://testserver/r/lay-y-kien/{CONSULTATION}"]
    assert client.get(f"/r/lay-y-kien/{CONSULTATION}/to-moi.pdf?kho=a0").status_code == 404


def test_results_wait_for_the_closing_day(client, received):
    text = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    assert "published here after the consultation closes on 31/12/2026" in text
    assert client.get(f"/r/ket-qua/{CONSULTATION}.json").status_code == 404


@pytest.fixture
def closed(store):
    """A closed consultation: two submissions from one kiosk, answers on an article and on one receipt."""
    from tests.centre.portal.conftest import enrol, kiosk_identity
    from tests.conftest import NOW

    publish(opens=date(2026, 10, 1), closes=date(2026, 10, 31), status="closed")
    enrol(kiosk_identity(store))
    first = submit(store, [("article:2", "disagree", "Thêm phó ban"), ("article:2/clause:2/point:a", "other", "")], clock=lambda: NOW)
    submit(store, [("article:1", "agree", ""), ("article:2", "disagree", "")], clock=lambda: NOW)
    received_at = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    store_kiosk_events(store, received_at=received_at)
    answer(legal_key="article:2", status="partly_accepted", text="Sẽ bổ sung phó ban.", at=received_at + timedelta(days=4))
    answer(receipt_code=group(first), status="explained", text="Riêng cho phiếu này.", at=received_at + timedelta(days=10))
    return first


def test_results_count_every_opinion_per_article_and_stance_and_show_the_answers(client, closed):
    text = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    assert "2 submissions, 4 opinions on articles" in text
    assert "Sẽ bổ sung phó ban." in text and "Riêng cho phiếu này." not in text  # an answer to one receipt stays with it
    assert "And 1 answer to one submission" in text
    assert "Xã Thử Nghiệm" in text and "Tỉnh Mẫu" in text


def test_open_data_json_and_csv_follow_the_documented_schema(client, closed):
    response = client.get(f"/r/ket-qua/{CONSULTATION}.json")
    assert response["Access-Control-Allow-Origin"] == "*" and not response.cookies
    data = response.json()
    assert data["schema"] == "gopy-portal-results/1"
    assert set(data) == {
        "schema",
        "consultation",
        "submissions",
        "opinions",
        "not_counted_revoked",
        "individual_answers",
        "articles",
        "answers",
        "participation",
    }
    articles = {a["legal_key"]: a for a in data["articles"]}
    assert articles["article:2"] == {
        "legal_key": "article:2",
        "label": "Điều 2. Giải thích từ ngữ",
        "agree": 0,
        "disagree": 2,
        "other": 1,
        "total": 3,
    }
    assert articles["article:1"]["agree"] == 1
    assert [a["legal_key"] for a in data["articles"]] == ["article:1", "article:2"]  # the draft's order
    assert data["answers"] == [
        {
            "legal_key": "article:2",
            "label": "Điều 2. Giải thích từ ngữ",
            "status": "partly_accepted",
            "text": "Sẽ bổ sung phó ban.",
            "published_at": data["answers"][0]["published_at"],
        }
    ]
    assert data["participation"] == [{"province": "Tỉnh Mẫu", "commune": "Xã Thử Nghiệm", "submissions": 2}]
    raw = client.get(f"/r/ket-qua/{CONSULTATION}.csv").content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert list(rows[0]) == ["legal_key", "label", "agree", "disagree", "other", "total", "answer_status", "answer_text"]
    assert rows[1] == {
        "legal_key": "article:2",
        "label": "Điều 2. Giải thích từ ngữ",
        "agree": "0",
        "disagree": "2",
        "other": "1",
        "total": "3",
        "answer_status": "partly_accepted",
        "answer_text": "Sẽ bổ sung phó ban.",
    }


def test_the_agency_page_shows_the_share_answered_and_the_median_days(client, closed):
    text = client.get(f"/co-quan/{AGENCY}?lang=en").content.decode()
    # 4 opinions: the first receipt's two (its own answer), the second's article 2 (the article's answer); article 1 unanswered.
    assert "75%" in text and "(3 of 4)" in text
    assert '<span class="big">10.0</span>' in text  # waits of 10, 10 and 4 days: the median is 10
    assert client.get("/co-quan/NOPE").status_code == 404


def test_the_consoles_confirmed_groups_and_published_answers_show_and_nothing_before(client, centre_seed):
    """Issue 18's console: software suggests a group, a person confirms it; an answer shows once a lead published it."""
    from centre.consultations.models import Consultation
    from centre.ingest.models import Batch
    from centre.review import services as review
    from centre.review.models import DuplicateGroup
    from tests.centre.portal.conftest import agency_lead

    first = submit(centre_seed, [("article:1", "disagree", "Chợ phải mở lúc 5 giờ"), ("article:2/clause:1", "agree", "")])
    submit(centre_seed, [("article:1", "disagree", "chợ phải mở lúc 5 giờ.")])
    store_kiosk_events(centre_seed)
    review.index_comments(Batch.objects.get().pk)
    lead = agency_lead()

    def page() -> str:
        return client.get(f"/r/{first}?lang=en").content.decode()

    assert "identical comments" not in page()  # indexed, no group confirmed: the software's count is not shown
    review.do_suggest_groups(CONSULTATION, actor=lead)
    group = DuplicateGroup.objects.get(state="suggested", article_key="article:1")
    assert "identical comments" not in page()  # suggested is advisory
    review.do_confirm_group(group.pk, actor=lead)
    assert "one of 2 identical comments" in page()

    consultation = Consultation.objects.get(code=CONSULTATION)
    to_group = review.do_answer(consultation, actor=lead, outcome="accepted", text="Chợ mở lúc 5 giờ sáng.", group_id=group.pk)
    to_key = review.do_answer(consultation, actor=lead, outcome="explained", text="Điều 2 giữ nguyên.", legal_key="article:2")
    assert "Chợ mở lúc 5 giờ sáng." not in page()  # written and not published: not public
    review.do_approve_answers([to_group.pk, to_key.pk], actor=lead)
    assert "Chợ mở lúc 5 giờ sáng." not in page()  # approved, still not published
    review.do_publish_answers(CONSULTATION, actor=lead)
    text = page()
    assert "Answer: Accepted" in text and "Chợ mở lúc 5 giờ sáng." in text
    assert "Answer: Explained" in text and "Điều 2 giữ nguyên." in text and "the answer on Điều 2" in text
