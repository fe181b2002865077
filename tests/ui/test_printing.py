"""The Qt printing backends without a print system: QtPdf rasters, ESC/POS bytes, the worker thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import struct
import threading
import time

import pytest
import zxingcpp
from escpos.printer import Dummy
from PIL import Image
from PySide6.QtCore import QObject, Slot

from kiosk import i18n
from kiosk.printing import PrinterError, SaveAsPdf
from kiosk.receipts import render_receipt
from tests.kiosk.receipts import GROUPED, content
from ui.printing import EscPosPrinter, QtPdfPrinter, start_printing
from ui.printing.raster import PdfPages

RASTER = b"\x1dv0"  # GS v 0: print raster bit image
SELECT_CODE_PAGE = b"\x1bt"  # ESC t n


def raster_blocks(data: bytes) -> tuple[list[Image.Image], bytes]:
    """Split ESC/POS output into its GS v 0 images and every other byte (commands)."""
    images, rest, at = [], bytearray(), 0
    while (start := data.find(RASTER, at)) >= 0:
        rest += data[at:start]
        width_bytes, height = struct.unpack_from("<HH", data, start + 4)
        body = start + 8
        raster = data[body : body + width_bytes * height]
        assert len(raster) == width_bytes * height, "truncated raster"
        # In GS v 0 a set bit is a black dot; PIL's mode "1" stores white as 1, so invert.
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in raster))
        images.append(image)
        at = body + len(raster)
    rest += data[at:]
    return images, bytes(rest)


def stacked(images: list[Image.Image]) -> Image.Image:
    whole = Image.new("1", (max(i.width for i in images), sum(i.height for i in images)), 1)
    y = 0
    for image in images:
        whole.paste(image, (0, y))
        y += image.height
    return whole


@pytest.mark.parametrize(
    ("profile", "size", "max_width"),
    [("TM-T20II", "80mm", 576), ("TM-T88V", "80mm", 512), ("POS-5890", "58mm", 384), (None, "58mm", 384)],
)
def test_escpos_prints_the_receipt_as_one_raster_image_with_no_code_page(qapp, profile, size, max_width):
    receipt = content()
    device = Dummy(profile=profile) if profile else Dummy()
    EscPosPrinter(device).print_pdf(render_receipt(receipt, size), size=size)
    images, commands = raster_blocks(device.output)
    assert images, "no GS v 0 raster image in the output"
    assert SELECT_CODE_PAGE not in commands
    assert b"Nguy" not in commands  # no text mode at all
    assert b"\x1dV" in commands or b"\x1bd" in commands  # cut, or feed to the tear bar when there is no cutter
    whole = stacked(images)
    assert whole.width <= max_width
    decoded = zxingcpp.read_barcodes(whole.convert("L"))
    assert [c.text for c in decoded] == [receipt.qr_payload]


def test_escpos_rasters_are_white_paper_with_black_ink(qapp):
    """QtPdf renders transparent pixels; made one-bit without compositing, the receipt would print solid black."""
    [image] = EscPosPrinter(Dummy(profile="TM-T20II")).rasters(render_receipt(content()), size="80mm")
    assert image.mode == "1"
    black = image.histogram()[0] / (image.width * image.height)
    assert 0.02 < black < 0.35
    assert image.getpixel((0, 0)) == 255


class BrokenCable(Dummy):
    """Doubles a USB printer that was unplugged: every write fails."""

    def _raw(self, msg: bytes) -> None:
        raise OSError(5, "Input/output error")


def test_an_unplugged_escpos_printer_is_a_printer_error(qapp):
    i18n.set_language("en")
    with pytest.raises(PrinterError, match="Your feedback is saved") as caught:
        EscPosPrinter(BrokenCable(profile="TM-T20II")).print_pdf(render_receipt(content()), size="80mm")
    assert "Input/output error" in caught.value.detail


def test_pdf_pages_are_composited_onto_white(qapp):
    pages = PdfPages(render_receipt(content()))
    image = pages.render(0, 203)
    pages.close()
    assert image.pixelColor(0, 0).getRgb() == (255, 255, 255, 255)
    assert image.width() == round(80 / 25.4 * 203)


def test_a_file_that_is_not_a_pdf_is_a_printer_error(qapp):
    with pytest.raises(PrinterError):
        PdfPages(b"this is not a PDF")


@pytest.mark.parametrize("name", ["Máy in không có", ""])
def test_a_missing_printer_is_a_clear_printer_error(qapp, name):
    i18n.set_language("en")
    with pytest.raises(PrinterError) as caught:
        QtPdfPrinter(name).print_pdf(render_receipt(content()), size="80mm")
    message = str(caught.value)
    assert f"The printer “{name}” is not set up on this computer." in message
    assert "Your feedback is saved" in message
    assert caught.value.code == "printer"
    assert "no print queue named" in caught.value.detail


def test_an_unknown_paper_size_is_refused_before_printing(qapp):
    with pytest.raises(ValueError, match="unknown paper size"):
        QtPdfPrinter("anything").print_pdf(b"%PDF", size="letter")


class Finished(QObject):
    """Doubles a view-model: a QObject on the UI thread with a slot for the job's result."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[tuple[bool, str, str, bool]] = []

    @Slot(bool, str, str)
    def on_finished(self, ok: bool, code: str, message: str) -> None:
        self.results.append((ok, code, message, threading.current_thread() is threading.main_thread()))


def test_printing_runs_on_a_worker_thread_and_reports_success_on_the_ui_thread(qapp, qtbot, tmp_path):
    printer = SaveAsPdf(tmp_path / "out")
    pdf = render_receipt(content())
    receiver = Finished()
    job = start_printing(printer, pdf, "80mm", receiver.on_finished)
    qtbot.waitUntil(lambda: bool(receiver.results), timeout=10_000)
    assert receiver.results == [(True, "", "", True)]
    assert printer.last_path.read_bytes() == pdf
    del job


class Slow:
    """Doubles a jammed printer: it takes its time, and the UI thread must not wait for it."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        self.release.wait(10)


def test_start_printing_returns_before_the_printer_is_done(qapp, qtbot):
    printer, receiver = Slow(), Finished()
    started = time.monotonic()
    job = start_printing(printer, b"%PDF", "80mm", receiver.on_finished)
    assert time.monotonic() - started < 0.5
    assert receiver.results == []
    printer.release.set()
    qtbot.waitUntil(lambda: bool(receiver.results), timeout=10_000)
    del job


def test_a_worker_reports_a_printer_failure_with_its_message(qapp, qtbot):
    i18n.set_language("en")
    receiver = Finished()
    job = start_printing(QtPdfPrinter("Máy in không có"), render_receipt(content()), "80mm", receiver.on_finished)
    qtbot.waitUntil(lambda: bool(receiver.results), timeout=10_000)
    ok, code, message, on_ui_thread = receiver.results[0]
    assert (ok, code, on_ui_thread) == (False, "printer", True)
    assert "Your feedback is saved" in message
    del job


class Crashing:
    """Doubles a backend with a bug: it raises something that is not a PrinterError."""

    def print_pdf(self, pdf: bytes, *, size: str) -> None:
        raise RuntimeError("bug")


def test_a_backend_bug_is_reported_as_a_printer_failure_not_lost(qapp, qtbot, caplog):
    i18n.set_language("en")
    receiver = Finished()
    job = start_printing(Crashing(), b"%PDF", "80mm", receiver.on_finished)
    qtbot.waitUntil(lambda: bool(receiver.results), timeout=10_000)
    assert receiver.results[0][:2] == (False, "printer")
    assert "printing failed unexpectedly" in caplog.text
    del job


def test_the_receipt_code_survives_rasterising(qapp):
    """The code printed large is readable in the raster sent to a thermal printer (its QR carries it too)."""
    [image] = EscPosPrinter(Dummy(profile="POS-5890")).rasters(render_receipt(content(), "58mm"), size="58mm")
    decoded = zxingcpp.read_barcodes(image.convert("L"))
    assert GROUPED.replace("-", "") in decoded[0].text
