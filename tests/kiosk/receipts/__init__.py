"""Helpers shared by the receipt tests: realistic content, and poppler/zxing to read PDFs back."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain import Channel, Stance
from kiosk.receipts import ReceiptContent, qr_payload

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "7K3M9QXA2FHD"
GROUPED = "7K3M-9QXA-2FHD"
PORTAL = "https://gopy.example.gov.vn/r"

# Stacked marks on purpose: ệ, ữ, Ặ, ễ (circumflex + tone), ớ (horn + tone), Ủ on a capital.
COMMUNE = "Ủy ban nhân dân xã Đặng Xá"
TITLE = "Dự thảo Nghị quyết về bảo vệ rừng ĐẶC DỤNG và những nguồn nước sinh hoạt"
ITEMS = (
    ("Điều 3. Những hành vi bị nghiêm cấm", Stance.AGREE),
    ("Điều 7. Hiệu lực thi hành", Stance.DISAGREE),
    ("Điều 12. Trách nhiệm của Ủy ban nhân dân cấp xã", Stance.OTHER),
)
CLERK = "Nguyễn Thị Ngọc Ánh"
HINT = "Để xem kết quả, quay lại ki-ốt và chọn “Tra cứu phiếu”, hoặc quét mã QR."


def content(**changes) -> ReceiptContent:
    """A realistic Vietnamese receipt; ``changes`` override any field."""
    base = ReceiptContent(
        commune_name=COMMUNE,
        kiosk_name="Nhà văn hóa thôn Đông Bình",
        created_at=datetime(2026, 11, 23, 14, 35, tzinfo=VN),
        consultation_title=TITLE,
        items=ITEMS,
        question_count=3,
        channel=Channel.ASSISTED,
        clerk_name=CLERK,
        code=GROUPED,
        qr_payload=qr_payload(PORTAL, CODE),
        status_hint=HINT,
    )
    return replace(base, **changes)


def tool(name: str) -> str:
    """The path of a poppler tool; a clear failure, never a skip, when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install poppler-utils (apt-get install -y poppler-utils; `make` does it)")
    return path


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def write(tmp_path: Path, pdf: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def pdf_text(path: Path, *, layout: bool = False, page: int | None = None) -> str:
    """pdftotext's text, as extracted (not normalised: the tests check it is NFC already).

    Content-stream order (``-raw``) by default, so a table cell's wrapped lines stay together.
    """
    args = [tool("pdftotext"), "-enc", "UTF-8", "-layout" if layout else "-raw"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return run(*args, str(path), "-")


def flat(text: str) -> str:
    """NFC with every whitespace run made one space: wrapped lines compare as one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pages(path: Path) -> int:
    for line in run(tool("pdfinfo"), str(path)).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def page_size_points(path: Path) -> tuple[float, float]:
    for line in run(tool("pdfinfo"), str(path)).splitlines():
        if line.startswith("Page size:"):
            parts = line.split()
            return float(parts[2]), float(parts[4])
    raise AssertionError("pdfinfo gave no page size")


def rasterise(path: Path, dpi: int = 203, page: int = 1) -> Path:
    """pdftoppm's PNG of one page at ``dpi``."""
    prefix = path.parent / f"{path.stem}-{dpi}dpi-{page}"
    run(tool("pdftoppm"), "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(path), str(prefix))
    return prefix.parent / f"{prefix.name}.png"


def decode_qr(image_path: Path):
    """The QR codes zxing-cpp finds in an image, composited onto white first."""
    import zxingcpp
    from PIL import Image

    with Image.open(image_path) as image:
        rgba = image.convert("RGBA")
    white = Image.new("RGB", rgba.size, (255, 255, 255))
    white.paste(rgba, mask=rgba.getchannel("A"))
    return zxingcpp.read_barcodes(white)
