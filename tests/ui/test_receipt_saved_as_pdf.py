"""The kiosk's own printing: without a printer set up, a receipt is saved as a PDF in the home folder."""

from __future__ import annotations

import pytest

from tests.ui.test_receipt_screen import _send
from ui.app import receipt_printing


@pytest.fixture
def printing(store, home):
    return receipt_printing(store, home)


def test_the_receipt_pdf_is_rendered_and_saved_off_the_ui_thread(kiosk_window, qtbot, home):
    ui = _send(qtbot, kiosk_window)
    ui.tap("printButton")
    qtbot.waitUntil(lambda: bool(list(home.receipts.glob("receipt-*.pdf"))), timeout=10000)
    [pdf] = home.receipts.glob("receipt-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
