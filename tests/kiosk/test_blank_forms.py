"""Blank paper forms read back: every article with its three boxes, the questions, the QR to the consultation."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.blank_forms import blank_form_pdf, consultation_payload
from kiosk.clerk_entry import articles
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus
from kiosk.errors import NotFoundError, ValidationError
from tests.kiosk.receipts import decode_qr, flat, pages, pdf_text, rasterise, run, tool, write

NOW_DAY = date(2026, 11, 23)


@pytest.fixture
def form(store, tmp_path):
    store.set_setting("portal_url", "https://gopy.example.gov.vn/r")
    return write(tmp_path, blank_form_pdf(store, "TEST-1", language="vi"), "form.pdf")


def test_it_lists_every_article_with_the_three_stances_and_the_questions(form, store):
    text = flat(pdf_text(form))
    labels = [node.label() for node in articles(store, "TEST-1")]
    assert labels == ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Giải thích từ ngữ", "Điều 3. Hiệu lực thi hành"]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)  # in the draft's order
    # Three boxes per article (the instructions name the stances too).
    assert text.count("Đồng ý") >= 3 and text.count("Không đồng ý") >= 3 and text.count("Ý kiến khác") >= 3
    assert "Dự thảo Quy chế chợ xã" in text
    for question in ("Chợ nên mở cửa lúc mấy giờ?", "Chợ cần thêm gì?", "Ý kiến khác của ông/bà?", "Nhà vệ sinh", "Mái che"):
        assert question in text
    assert "TEST-1" in text and pages(form) >= 1


def test_the_qr_code_leads_to_the_consultation_on_the_portal(form):
    [code] = decode_qr(rasterise(form, dpi=150))
    assert code.text == "https://gopy.example.gov.vn/r/lay-y-kien/TEST-1"
    assert consultation_payload("HTTPS://Portal.GOV.vn/r/", "AP 1") == "https://portal.gov.vn/r/lay-y-kien/AP%201"
    with pytest.raises(ValueError, match="http"):
        consultation_payload("ftp://x", "A")


def test_fonts_are_be_vietnam_pro_embedded(form):
    rows = [line.split() for line in run(tool("pdffonts"), str(form)).splitlines()[2:]]
    ours = {row[0].split("+", 1)[-1]: row[-5] for row in rows if "BeVietnamPro" in row[0]}
    assert ours == {"BeVietnamPro-Regular": "yes", "BeVietnamPro-Bold": "yes"}


def test_a_long_draft_runs_over_pages_with_the_code_on_each(tmp_path):
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync.demo import load_demo

    home = Home(tmp_path / "demo").ensure()
    store = open_store(home.database)
    code = load_demo(store, home)
    path = write(tmp_path, blank_form_pdf(store, code, language="vi"), "demo.pdf")
    count = pages(path)
    assert count >= 3
    for page in range(1, count + 1):
        assert code in pdf_text(path, page=page)
    assert "Điều 23" in flat(pdf_text(path))
    store.close()


def test_only_drafts_have_blank_forms(store):
    with pytest.raises(NotFoundError):
        blank_form_pdf(store, "NOPE")
    repo = ConsultationRepository(store)
    with store.write():
        repo.put_consultation(
            Consultation("IDEAS-1", "UBND xã", "Ý tưởng", "", NOW_DAY, NOW_DAY, ConsultationStatus.OPEN, None, ConsultationKind.IDEAS,
                         categories=("Đường",)),
            [],
        )
    with pytest.raises(ValidationError):
        blank_form_pdf(store, "IDEAS-1")
