"""Printing through a real print system: CUPS with the cups-pdf virtual printer.

What cups-pdf writes is what a physical printer would have been sent: a page
the size of the receipt holding the receipt rendered by QtPdf. It is a raster,
so its text is read back through the QR code, which carries the receipt code.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import uuid
from datetime import date, datetime, timedelta

import pytest

from kiosk import i18n
from kiosk.domain import Channel
from kiosk.printing import PrinterError
from kiosk.receipt_code import new_code
from kiosk.receipts import DailyReportRow, render_daily_report, render_receipt
from tests.kiosk.receipts import CODE, VN, content, decode_qr, page_size_points, pages, rasterise, write
from tests.ui.cups_fixture import CupsPdf, CupsUnavailable, cups_pdf
from ui.printing import QtPdfPrinter, available_printers

MM = 72 / 25.4


@pytest.fixture(scope="module")
def cups() -> CupsPdf:
    try:
        return cups_pdf()
    except CupsUnavailable as reason:
        pytest.skip(f"no print system can be set up here: {reason}")


@pytest.mark.parametrize(("size", "width_mm"), [("80mm", 80), ("58mm", 58), ("a5", 148)])
def test_a_receipt_printed_through_cups_comes_out_whole(qapp, cups, tmp_path, size, width_mm):
    receipt = content()
    pdf = render_receipt(receipt, size)
    job = f"gopy-test-{uuid.uuid4().hex[:12]}"
    QtPdfPrinter(cups.queue, job_name=job).print_pdf(pdf, size=size)
    printed = cups.wait_for_job(job, into=tmp_path)
    assert pages(printed) == 1
    width, height = page_size_points(printed)
    # The page is the receipt's, roll height included; CUPS rounds custom sizes to whole points.
    assert width == pytest.approx(width_mm * MM, abs=1.5)
    assert height == pytest.approx(page_size_points(write(tmp_path, pdf))[1], abs=1.5)
    decoded = decode_qr(rasterise(printed, dpi=203))
    assert [c.text for c in decoded] == [receipt.qr_payload]
    assert CODE in decoded[0].text


def test_a_multi_page_report_prints_every_page(qapp, cups, tmp_path):
    start = datetime(2026, 11, 23, 7, 0, tzinfo=VN)
    rows = [DailyReportRow(new_code(), start + timedelta(minutes=3 * n), "Dự thảo Quy chế chợ xã", Channel.SELF) for n in range(90)]
    pdf = render_daily_report("Ủy ban nhân dân xã Đặng Xá", "Máy 1", date(2026, 11, 23), rows)
    job = f"gopy-test-{uuid.uuid4().hex[:12]}"
    QtPdfPrinter(cups.queue, job_name=job).print_pdf(pdf, size="a4")
    printed = cups.wait_for_job(job, into=tmp_path)
    expected = pages(write(tmp_path, pdf, "report.pdf"))
    assert expected > 1
    assert pages(printed) == expected
    assert page_size_points(printed) == pytest.approx((595, 842), abs=1.5)


def test_the_queue_is_listed_for_the_administrator(qapp, cups):
    assert cups.queue in available_printers()


def test_a_stopped_printer_is_a_printer_error_with_the_clear_message(qapp, cups):
    i18n.set_language("en")
    with pytest.raises(PrinterError) as caught:
        QtPdfPrinter(cups.stopped_queue).print_pdf(render_receipt(content()), size="80mm")
    assert str(caught.value) == (
        "The printer is off, out of paper or not connected. Your feedback is saved; the receipt can be reprinted later."
    )
    assert cups.stopped_queue in caught.value.detail
