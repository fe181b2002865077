"""The results page's report (bản tổng hợp, tiếp thu, giải trình): .docx and PDF, published content only, after closing."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from centre.portal import report
from kiosk.receipt_code import group
from tests.centre.portal.conftest import (
    CONSULTATION,
    agency_lead,
    answer,
    enrol,
    kiosk_identity,
    publish,
    store_kiosk_events,
    submit,
)

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

DOCX = f"/r/ket-qua/{CONSULTATION}.docx"
PDF = f"/r/ket-qua/{CONSULTATION}.pdf"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def _text_of(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def closed(store):
    """A closed consultation: an article's answer published, one to a single receipt, one written and not yet published."""
    from centre.consultations.models import Consultation
    from centre.review import services as review

    publish(opens=date(2026, 10, 1), closes=date(2026, 10, 31), status="closed")
    enrol(kiosk_identity(store))
    first = submit(store, [("article:2", "disagree", "Thêm phó ban Nguyễn Văn A"), ("article:2/clause:1", "agree", "")])
    submit(store, [("article:1", "agree", ""), ("article:2", "other", "")])
    received_at = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    store_kiosk_events(store, received_at=received_at)
    answer(legal_key="article:2", status="partly_accepted", text="Sẽ bổ sung phó ban.", at=received_at + timedelta(days=4))
    answer(legal_key="article:2/clause:1", status="accepted", text="Khoản 1 giữ nguyên.", at=received_at + timedelta(days=4))
    answer(receipt_code=group(first), status="explained", text="Riêng cho phiếu này.", at=received_at + timedelta(days=10))
    review.do_answer(
        Consultation.objects.get(code=CONSULTATION), actor=agency_lead(), outcome="accepted", text="Chưa duyệt.", legal_key="article:1"
    )
    return first


def test_nothing_before_closing(client, store):
    publish()  # open until 31/12/2026
    enrol(kiosk_identity(store))
    submit(store, [("article:2", "disagree", "")])
    store_kiosk_events(store)
    assert client.get(DOCX).status_code == 404 and client.get(PDF).status_code == 404
    assert ".docx" not in client.get(f"/r/ket-qua/{CONSULTATION}").content.decode()
    assert client.get("/r/ket-qua/NOPE.docx").status_code == 404


def test_the_docx_holds_the_published_counts_and_answers_and_nothing_else(client, closed):
    response = client.get(DOCX)
    assert response.status_code == 200 and not response.cookies
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert f'filename="tong-hop-y-kien-{CONSULTATION}.docx"' in response["Content-Disposition"]
    text = _text_of(b"".join(response.streaming_content))
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in text and "Dự thảo Quy chế chợ xã" in text
    assert "Tổng số người góp ý: 2. Tổng số ý kiến: 4." in text
    assert "3 ý kiến: đồng ý 1, không đồng ý 1, ý kiến khác 1." in text  # article 2 with its clause
    assert "Tiếp thu một phần: Sẽ bổ sung phó ban." in text and "Tiếp thu: Khoản 1 giữ nguyên." in text
    assert "khoản 1 Điều 2" in text and "cá nhân: 3" in text
    assert "không gồm nội dung từng ý kiến" in text  # it says what it leaves out
    for private in ("Thêm phó ban", "Nguyễn Văn A", "Riêng cho phiếu này.", "Chưa duyệt.", closed, group(closed)):
        assert private not in text, private


def test_the_results_page_links_the_report_with_its_size(client, closed):
    files = report.report_files(report.selectors.consultation(CONSULTATION))
    text = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    assert f'href="{DOCX}"' in text and "Word (.docx)" in text
    with translation.override("en"):
        assert f"Word (.docx)</a> · {filesizeformat(files.docx_size)}" in text
    if shutil.which("soffice") is not None:
        assert f'href="{PDF}"' in text


def test_the_same_content_is_made_once_and_new_content_makes_a_new_file(client, closed):
    info = report.selectors.consultation(CONSULTATION)
    first = report.report_files(info)
    made = first.docx.stat().st_mtime_ns
    assert report.report_files(info).docx == first.docx and first.docx.stat().st_mtime_ns == made
    answer(legal_key="article:1", status="accepted", text="Điều 1 giữ nguyên.")
    report.selectors.clear_memo()
    second = report.report_files(info)
    assert second.docx != first.docx and not first.docx.exists()
    assert "Điều 1 giữ nguyên." in _text_of(second.docx.read_bytes())


@needs_soffice
def test_the_pdf_is_converted_once_and_served_from_disk_after(client, closed, tmp_path, monkeypatch):
    started = time.monotonic()
    response = client.get(PDF)
    converting = time.monotonic() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH" in text and "Quy chế chợ xã" in text
    monkeypatch.setattr(report, "_convert", lambda docx: pytest.fail("converted again"))
    again = client.get(PDF)
    assert b"".join(again.streaming_content) == data
    print(f"\nLibreOffice converted the report in {converting:.1f} s")
    page = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    with translation.override("en"):
        assert f"PDF</a> · {filesizeformat(len(data))}" in page  # its size, now that it is made


def test_without_libreoffice_the_page_says_so_and_the_pdf_is_503(client, closed, monkeypatch):
    monkeypatch.setattr(report, "soffice", lambda: None)
    page = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    assert "The PDF is not available at the moment" in page and f'href="{DOCX}"' in page and f'href="{PDF}"' not in page
    response = client.get(PDF + "?lang=en")
    assert response.status_code == 503 and "no-store" in response["Cache-Control"]
    assert "The PDF of this report cannot be made at the moment." in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert client.get(DOCX).status_code == 200


def test_a_failed_conversion_is_not_tried_again_on_every_request(client, closed, monkeypatch):
    calls = []

    def failing(docx):
        calls.append(docx)
        return None

    monkeypatch.setattr(report, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(report, "_convert", failing)
    assert [client.get(PDF).status_code for _ in range(3)] == [503, 503, 503]
    assert len(calls) == 1
    assert "The PDF is not available at the moment" in client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()


def test_two_workers_asking_at_once_convert_once(closed, monkeypatch):
    calls = []

    def slow(docx):
        calls.append(docx)
        time.sleep(0.3)
        return b"%PDF-1.7 made once"

    monkeypatch.setattr(report, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(report, "_convert", slow)
    files = report.report_files(report.selectors.consultation(CONSULTATION))
    found = []
    threads = [threading.Thread(target=lambda: found.append(report.ensure_pdf(files))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and found == [files.pdf] * 3 and files.pdf.read_bytes() == b"%PDF-1.7 made once"


def test_a_stuck_libreoffice_is_stopped_at_the_time_limit(closed, monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(report, "soffice", lambda: str(fake))
    monkeypatch.setattr(report, "CONVERT_SECONDS", 1)
    files = report.report_files(report.selectors.consultation(CONSULTATION))
    started = time.monotonic()
    assert report.ensure_pdf(files) is None
    assert time.monotonic() - started < 10


def test_a_home_that_cannot_be_written_leaves_the_results_page_whole(client, closed, monkeypatch):
    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_atomically", full_disk)
    response = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en")
    assert response.status_code == 200 and "2 submissions, 4 opinions on articles" in response.content.decode()
    assert ".docx" not in response.content.decode()
