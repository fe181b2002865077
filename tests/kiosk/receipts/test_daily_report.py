"""The day's report read back: every code and time, the totals, the signature line, page after page."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain import Channel
from kiosk.receipt_code import group, new_code
from kiosk.receipts import DailyReportRow, render_daily_report
from tests.kiosk.receipts import VN, flat, pages, pdf_text, write

DAY = date(2026, 11, 23)
MARKET = "Dự thảo Quy chế chợ xã Đặng Xá"
FOREST = "Dự thảo Nghị quyết về bảo vệ rừng ĐẶC DỤNG và những nguồn nước sinh hoạt"


def rows(count: int, start: datetime = datetime(2026, 11, 23, 7, 30, tzinfo=VN)) -> list[DailyReportRow]:
    """``count`` receipts, channels and consultations in a fixed rotation."""
    channels = (Channel.SELF, Channel.ASSISTED, Channel.PAPER, Channel.SELF)
    return [
        DailyReportRow(
            code=new_code(),
            created_at=start + timedelta(minutes=4 * n),
            consultation_title=MARKET if n % 3 else FOREST,
            channel=channels[n % 4],
            clerk="" if channels[n % 4] is Channel.SELF else "Nguyễn Thị Ngọc Ánh",
        )
        for n in range(count)
    ]


def report(tmp_path, day_rows, language="en", **kwargs):
    pdf = render_daily_report("Ủy ban nhân dân xã Đặng Xá", "Nhà văn hóa thôn Đông Bình", DAY, day_rows, language,
                              "Asia/Ho_Chi_Minh", **kwargs)
    return write(tmp_path, pdf, "report.pdf")


def count_after(text: str, label: str) -> int:
    """The number printed on the line that starts with ``label`` (pdftotext -layout keeps table rows on one line)."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            return int(line.split()[-1])
    raise AssertionError(f"no line starts with {label!r}")


def test_it_lists_every_code_and_time_and_totals_per_channel_and_consultation(tmp_path):
    day_rows = rows(9)
    path = report(tmp_path, day_rows)
    text = pdf_text(path)
    assert unicodedata.is_normalized("NFC", text)
    for row in day_rows:
        assert group(row.code) in text
        assert row.created_at.strftime("%H:%M") in text
    layout = pdf_text(path, layout=True)
    assert count_after(layout, "At the kiosk") == 5
    assert count_after(layout, "With a clerk") == 2
    assert count_after(layout, "Paper form") == 2
    assert count_after(layout, MARKET) == 6
    assert count_after(layout, FOREST[:30]) == 3
    assert "Total receipts: 9" in text
    assert [int(line.split()[-1]) for line in layout.splitlines() if line.strip().startswith("Total ")][-2:] == [9, 9]
    assert "Report prepared by" in text
    assert "Day 23 month 11 year 2026" in text
    assert "Ủy ban nhân dân xã Đặng Xá" in text


def test_a_busy_day_runs_over_several_pages_with_the_header_on_each(tmp_path):
    day_rows = rows(120)
    path = report(tmp_path, day_rows)
    count = pages(path)
    assert count >= 3
    text = pdf_text(path)
    assert all(group(row.code) in text for row in day_rows)
    for page in range(1, count):
        assert "Receipt code" in pdf_text(path, page=page)
    last = pdf_text(path, page=count)
    assert "Report prepared by" in last and "Day 23 month 11 year 2026" in last
    assert f"page {count}" in last


def test_an_empty_day_says_so_and_totals_zero(tmp_path):
    path = report(tmp_path, [])
    text = pdf_text(path)
    layout = pdf_text(path, layout=True)
    assert "No feedback was received on this day." in text
    assert "Total receipts: 0" in text
    assert count_after(layout, "At the kiosk") == 0
    assert pages(path) == 1


def test_times_are_in_the_kiosks_zone_and_another_days_time_carries_its_date(tmp_path):
    late = DailyReportRow(new_code(), datetime(2026, 11, 23, 3, 0, tzinfo=UTC), MARKET, Channel.SELF)  # 10:00 in Hà Nội
    stray = DailyReportRow(new_code(), datetime(2026, 11, 23, 17, 30, tzinfo=UTC), MARKET, Channel.SELF)  # 00:30 next day
    text = flat(pdf_text(report(tmp_path, [late, stray])))
    assert "10:00" in text
    assert "24/11/2026 00:30" in text


def test_a_naive_time_is_refused(tmp_path):
    naive = DailyReportRow(new_code(), datetime(2026, 11, 23, 10, 0), MARKET, Channel.SELF)
    with pytest.raises(ValueError, match="timezone-aware"):
        report(tmp_path, [naive])


def test_the_signature_date_can_differ_from_the_reported_day(tmp_path):
    text = pdf_text(report(tmp_path, rows(2), signed_on=date(2026, 11, 24)))
    assert "Day 24 month 11 year 2026" in text
    assert re.search(r"Day: 23/11/2026", text)
