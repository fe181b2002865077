"""The core's printing interface: the printer error, and saving to a folder when no printer is set up."""

from __future__ import annotations

import pytest

from kiosk.errors import UserFacingError
from kiosk.printing import PrinterError, ReceiptPrinter, SaveAsPdf, print_or_error
from kiosk.receipts import render_receipt
from tests.kiosk.receipts import content


def test_a_printer_error_tells_the_person_their_feedback_is_safe():
    error = PrinterError(detail="usb: no device")
    assert isinstance(error, UserFacingError)
    assert error.code == "printer"
    assert error.detail == "usb: no device"
    assert "printer" in str(error).lower() or "máy in" in str(error).lower()
    assert str(error) == error.message


def test_the_printer_error_speaks_the_current_language():
    from kiosk import i18n

    i18n.set_language("en")
    assert str(PrinterError()) == (
        "The printer is off, out of paper or not connected. Your feedback is saved; the receipt can be reprinted later."
    )


def test_save_as_pdf_writes_the_receipt_into_its_folder(tmp_path):
    pdf = render_receipt(content())
    printer: ReceiptPrinter = SaveAsPdf(tmp_path / "receipts")
    printer.print_pdf(pdf, size="80mm")
    saved = list((tmp_path / "receipts").iterdir())
    assert saved == [printer.last_path]
    assert saved[0].read_bytes() == pdf
    assert saved[0].name.startswith("receipt-") and saved[0].name.endswith("-80mm.pdf")


def test_save_as_pdf_reports_an_unwritable_folder_as_a_printer_error(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(PrinterError) as caught:
        SaveAsPdf(blocked).print_pdf(b"%PDF-1.4", size="80mm")
    assert str(blocked) in str(caught.value)
    assert caught.value.detail
    assert not list(tmp_path.glob("**/.receipt-*"))


def test_print_or_error_returns_the_failure_for_a_worker_to_report(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert isinstance(print_or_error(SaveAsPdf(blocked), b"%PDF", "80mm"), PrinterError)
    assert print_or_error(SaveAsPdf(tmp_path / "ok"), b"%PDF", "80mm") is None
