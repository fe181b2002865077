"""The receipt PDF read back as a person and a machine would: its text, fonts, pages and QR code."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import UTC, date, datetime
from typing import NamedTuple

import pytest

from kiosk import i18n
from kiosk.domain import Channel, Stance
from kiosk.receipts import RECEIPT_SIZES, render_receipt
from kiosk.receipts.qr import qr_matrix
from kiosk.receipts.receipt import ReceiptContent
from tests.kiosk.receipts import (
    CLERK,
    COMMUNE,
    GROUPED,
    HINT,
    ITEMS,
    TITLE,
    content,
    decode_qr,
    flat,
    page_size_points,
    pages,
    pdf_text,
    rasterise,
    run,
    tool,
    write,
)

MM = 72 / 25.4


@pytest.mark.parametrize("size", RECEIPT_SIZES)
def test_vietnamese_text_comes_back_exactly(tmp_path, size):
    path = write(tmp_path, render_receipt(content(), size))
    text = pdf_text(path)
    assert unicodedata.is_normalized("NFC", text)
    found = flat(text)
    for expected in (COMMUNE, TITLE, CLERK, HINT, GROUPED, "23/11/2026 14:35", *(label for label, _ in ITEMS)):
        assert flat(expected) in found, expected
    for stacked in ("ệ", "ữ", "Ặ", "Nguyễn", "Ủy"):
        assert stacked in found


def test_decomposed_input_is_printed_composed(tmp_path):
    nfd = {name: unicodedata.normalize("NFD", value) for name, value in
           {"commune_name": COMMUNE, "consultation_title": TITLE, "clerk_name": CLERK, "status_hint": HINT}.items()}
    nfd_items = tuple((unicodedata.normalize("NFD", label), stance) for label, stance in ITEMS)
    text = pdf_text(write(tmp_path, render_receipt(content(items=nfd_items, **nfd))))
    assert unicodedata.is_normalized("NFC", text)
    assert flat(TITLE) in flat(text)
    assert flat(ITEMS[0][0]) in flat(text)
    assert "Nguyễn" in text


def test_fonts_are_be_vietnam_pro_embedded_and_subset(tmp_path):
    path = write(tmp_path, render_receipt(content()))
    rows = [line.split() for line in run(tool("pdffonts"), str(path)).splitlines()[2:]]
    ours = {row[0]: row for row in rows if "BeVietnamPro" in row[0]}
    assert {name.split("+", 1)[1] for name in ours} == {"BeVietnamPro-Regular", "BeVietnamPro-Bold"}
    for name, row in ours.items():
        assert re.fullmatch(r"[A-Z]{6}\+BeVietnamPro-(Regular|Bold)", name)
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


class Case(NamedTuple):
    name: str
    changes: dict


PAGE_CASES = [
    Case("typical", {}),
    Case("many articles", {"items": tuple((f"Điều {n}. Quy định về việc quản lý, bảo vệ và phát triển rừng đặc dụng", Stance.OTHER)
                                         for n in range(1, 41))}),
    Case("questions only", {"items": (), "question_count": 5}),
    Case("long title", {"consultation_title": " ".join([TITLE] * 3)}),
]


# Forty articles do not fit one A5 sheet: A5 flows onto more sheets (the next test).
ONE_PAGE = [(size, case) for size in RECEIPT_SIZES for case in PAGE_CASES if not (size == "a5" and case.name == "many articles")]


@pytest.mark.parametrize(("size", "case"), ONE_PAGE, ids=[f"{size}-{case.name}" for size, case in ONE_PAGE])
def test_every_size_is_exactly_one_page(tmp_path, size, case):
    path = write(tmp_path, render_receipt(content(**case.changes), size))
    assert pages(path) == 1


def test_a5_with_more_than_a_sheet_flows_on(tmp_path):
    items = tuple((f"Điều {n}. Quy định về việc quản lý, bảo vệ và phát triển rừng đặc dụng", Stance.OTHER) for n in range(1, 41))
    path = write(tmp_path, render_receipt(content(items=items), "a5"))
    count = pages(path)
    assert count >= 2
    last = pdf_text(path, page=count)
    assert "Điều 40." in pdf_text(path)
    assert GROUPED in last  # the code block is kept whole, never split from its QR
    assert [c.text for c in decode_qr(rasterise(path, page=count))] == [content().qr_payload]


@pytest.mark.parametrize(("size", "paper_mm"), [("80mm", 80), ("58mm", 58)])
def test_roll_receipts_are_as_wide_as_the_paper_and_as_tall_as_the_content(tmp_path, size, paper_mm):
    short = page_size_points(write(tmp_path, render_receipt(content(items=ITEMS[:1]), size), "short.pdf"))
    long = page_size_points(write(tmp_path, render_receipt(content(items=ITEMS * 5), size), "long.pdf"))
    assert short[0] == pytest.approx(paper_mm * MM, abs=0.01)
    assert long[1] > short[1] + 12 * 2  # twelve more rows, at least a line each


@pytest.mark.parametrize("size", RECEIPT_SIZES)
def test_the_qr_scans_at_203_dpi_with_modules_of_at_least_six_dots(tmp_path, size):
    receipt = content()
    image = rasterise(write(tmp_path, render_receipt(receipt, size)), dpi=203)
    codes = decode_qr(image)
    assert [c.text for c in codes] == [receipt.qr_payload]
    assert codes[0].ec_level in {"M", "Q", "H"}
    top_left, top_right = codes[0].position.top_left, codes[0].position.top_right
    dots_per_module = (top_right.x - top_left.x) / len(qr_matrix(receipt.qr_payload))
    assert dots_per_module >= 5.9


def test_the_code_is_printed_grouped_however_it_was_given(tmp_path):
    text = pdf_text(write(tmp_path, render_receipt(content(code="7k3m9qxa2fhd"))))
    assert GROUPED in text


class ChannelCase(NamedTuple):
    name: str
    channel: Channel
    clerk: str
    form_date: date | None
    expected: tuple[str, ...]


CHANNELS = [
    ChannelCase("self", Channel.SELF, "", None, ("Given at the kiosk.",)),
    ChannelCase("assisted", Channel.ASSISTED, CLERK, None, (f"Entered with the help of clerk {CLERK}.",)),
    ChannelCase("paper", Channel.PAPER, CLERK, date(2026, 11, 2), ("From the paper form of 02/11/2026.", f"Entered by clerk {CLERK}.")),
    ChannelCase("paper, no date", Channel.PAPER, "", None, ("From a paper form.",)),
]


@pytest.mark.parametrize("case", CHANNELS, ids=lambda c: c.name)
def test_the_channel_line_says_how_the_feedback_came(tmp_path, case):
    receipt = content(channel=case.channel, clerk_name=case.clerk, form_date=case.form_date, language="en")
    text = flat(pdf_text(write(tmp_path, render_receipt(receipt))))
    for line in case.expected:
        assert line in text
    if case.channel is Channel.SELF:
        assert "clerk" not in text


def test_time_is_shown_in_the_kiosks_zone_whatever_zone_it_was_stored_in(tmp_path):
    utc = datetime(2026, 11, 23, 17, 5, tzinfo=UTC)  # 00:05 the next day in Hà Nội
    text = pdf_text(write(tmp_path, render_receipt(content(created_at=utc))))
    assert "24/11/2026 00:05" in text


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        render_receipt(content(created_at=datetime(2026, 11, 23, 14, 35)))


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="80mm"):
        render_receipt(content(), "a4")


def test_markup_in_display_values_is_printed_literally(tmp_path):
    text = flat(pdf_text(write(tmp_path, render_receipt(content(consultation_title="Quy chế <b>chợ</b> & bến đò")))))
    assert "Quy chế <b>chợ</b> & bến đò" in text


def test_an_english_receipt_is_in_english_while_the_kiosk_speaks_vietnamese(tmp_path):
    i18n.set_language("vi")
    text = flat(pdf_text(write(tmp_path, render_receipt(content(language="en")))))
    assert "FEEDBACK RECEIPT" in text
    assert "Receipt code" in text
    assert "Agree" in text and "Disagree" in text and "Other opinion" in text
    assert i18n.current_language() == "vi"


def test_each_receipt_is_printed_in_its_own_language(tmp_path):
    """A receipt's language comes from its content, not from the screen's current language."""
    i18n.set_language("en")
    vi = flat(pdf_text(write(tmp_path, render_receipt(content(language="vi")), "vi.pdf")))
    en = flat(pdf_text(write(tmp_path, render_receipt(content(language="en")), "en.pdf")))
    assert "Mã phiếu" in vi and "Đồng ý" in vi
    assert "Receipt code" in en and "Mã phiếu" not in en
    assert i18n.current_language() == "en"


def test_the_receipt_holds_no_personal_data_by_construction():
    fields = {f.name for f in dataclasses.fields(ReceiptContent)}
    assert not fields & {"name", "phone", "id_number", "address", "personal", "demographics"}


def test_the_same_receipt_gives_the_same_bytes():
    assert render_receipt(content()) == render_receipt(content())


def test_a_language_babel_does_not_know_still_prints_dates(tmp_path):
    text = pdf_text(write(tmp_path, render_receipt(content(language="xx-pseudo"))))
    assert "23/11/2026 14:35" in text
