"""Receipt rendering against a bare reportlab page, in the same process.

The baseline is the least a receipt can cost: one line of text in the same
registered Be Vietnam Pro face, on a page the width of an 80 mm roll, saved
as a PDF (which subsets and embeds the font). Ours lays out the whole receipt
twice (measure, then build), with both faces and the QR code.

``two_faces_ms`` is a bare page with the receipt's text drawn in both faces:
the cost of subsetting and embedding the two faces alone, with no layout,
which no receipt can go below.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from benchmarks.harness import Figure

RUNS = 30


def _medians_ms(works: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each of ``works``, run in turn so that a busy machine slows them alike."""
    for work in works:
        work()  # warm caches (fonts, styles, translations) out of the timing, for every side alike
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            start = time.perf_counter()
            work()
            spent.append((time.perf_counter() - start) * 1000)
    return [statistics.median(spent) for spent in times]


def _sample():
    from kiosk.domain import Channel, Stance
    from kiosk.receipts import ReceiptContent, qr_payload

    return ReceiptContent(
        commune_name="Ủy ban nhân dân xã Tân Phước Hưng",
        kiosk_name="Nhà văn hóa ấp Đông Bình",
        created_at=datetime(2026, 11, 23, 14, 35, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        consultation_title="Dự thảo Nghị quyết về chính sách hỗ trợ đầu tư kết cấu hạ tầng nông thôn giai đoạn 2026–2030",
        items=(
            ("Điều 5. Phạm vi điều chỉnh", Stance.AGREE),
            ("Điều 7. Đối tượng được hỗ trợ và điều kiện hưởng chính sách", Stance.DISAGREE),
            ("Điều 12. Trách nhiệm của Ủy ban nhân dân cấp xã", Stance.OTHER),
        ),
        question_count=3,
        channel=Channel.ASSISTED,
        clerk_name="Nguyễn Thị Ngọc Ánh",
        code="7K3M-9QXA-2FHD",
        qr_payload=qr_payload("https://gopy.example.gov.vn/r", "7K3M-9QXA-2FHD"),
        status_hint="Để xem kết quả tiếp thu, quay lại máy và chọn “Tra cứu phiếu”, hoặc quét mã QR.",
    )


def _bare_page() -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.receipts.fonts import REGULAR

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 100 * mm), invariant=True)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(4 * mm, 90 * mm, "Ủy ban nhân dân xã Tân Phước Hưng")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _bare_page_two_faces(content) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.receipts.fonts import BOLD, REGULAR

    text = " ".join(
        [
            content.commune_name,
            content.kiosk_name,
            content.consultation_title,
            content.clerk_name,
            content.status_hint,
            *(label for label, _ in content.items),
        ]
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 100 * mm), invariant=True)
    for y, face in ((90 * mm, REGULAR), (80 * mm, BOLD)):
        canvas.setFont(face, 9)
        canvas.drawString(4 * mm, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bench_receipt(runs: int = RUNS) -> list[Figure]:
    """An 80 mm receipt against bare pages with the same font, medians in the same run."""
    from kiosk.receipts import render_receipt
    from kiosk.receipts.fonts import register_fonts

    register_fonts()
    content = _sample()
    ours, one_line, two_faces = _medians_ms(
        [lambda: render_receipt(content, "80mm"), _bare_page, lambda: _bare_page_two_faces(content)], runs
    )
    return [
        Figure(
            "receipt 80 mm vs bare page, same two faces",
            ours,
            two_faces,
            "ms",
            "≤ 2×",
            f"baseline: the receipt's text in Be Vietnam Pro regular and bold, no layout; median of {runs}",
        ),
        Figure(
            "receipt 80 mm vs one line, one face",
            ours,
            one_line,
            "ms",
            "≤ 5×",
            "embedding a second face alone costs about 2× this baseline",
        ),
    ]
