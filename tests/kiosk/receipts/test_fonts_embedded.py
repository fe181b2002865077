"""Every PDF the kiosk makes carries every font it declares: a PDF/A archive or a strict print server takes it."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from kiosk.blank_forms import blank_form_pdf
from kiosk.receipts import RECEIPT_SIZES, render_daily_report, render_receipt
from tests.kiosk.receipts import content, run, tool, write
from tests.kiosk.receipts.test_daily_report import report, rows
from tests.kiosk.test_results import ideas, vote  # noqa: F401 (fixtures)


class Kind(NamedTuple):
    name: str
    make: object  # (store, tmp_path) -> path of the PDF


def _fonts(path) -> list[list[str]]:
    """pdffonts' rows: name, type…, emb, sub, uni, object, id."""
    return [line.split() for line in run(tool("pdffonts"), str(path)).splitlines()[2:]]


def _poster(store, code, size, language):
    from kiosk.receipt_documents import poster_pdf

    return poster_pdf(store, code, size=size, language=language)


KINDS = [
    *(Kind(f"receipt {size}", lambda store, tmp, size=size: write(tmp, render_receipt(content(), size))) for size in RECEIPT_SIZES),
    Kind("receipt en", lambda store, tmp: write(tmp, render_receipt(content(language="en")))),
    Kind("daily report", lambda store, tmp: report(tmp, rows(40))),
    Kind(
        "empty daily report",
        lambda store, tmp: write(
            tmp, render_daily_report("Xã Đặng Xá", "Nhà văn hóa", date(2026, 11, 23), [], "vi", "Asia/Ho_Chi_Minh"), "empty.pdf"
        ),
    ),
    Kind("blank form", lambda store, tmp: write(tmp, blank_form_pdf(store, "TEST-1", language="vi"), "form.pdf")),
    Kind("vote poster a4", lambda store, tmp: write(tmp, _poster(store, "BQ", "a4", "en"), "a4.pdf")),
    Kind("ideas poster a3", lambda store, tmp: write(tmp, _poster(store, "YT", "a3", "vi"), "a3.pdf")),
]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_font_in_every_pdf_is_embedded(kind, store, vote, ideas, tmp_path):  # noqa: F811 (fixtures)
    store.set_setting("portal_url", "https://gopy.example.gov.vn/r")
    fonts = _fonts(kind.make(store, tmp_path))
    assert fonts, "the PDF declares no font at all"
    # emb is the fifth column from the right whatever spaces the type has ("CID TrueType (OT)").
    unembedded = [row for row in fonts if row[-5] != "yes"]
    assert not unembedded, unembedded
    assert all("BeVietnamPro" in row[0] for row in fonts), fonts
