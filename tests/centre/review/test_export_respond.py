"""The analysts' XLSX: the console's columns, frozen header, autofilter, real dates, split at Excel's limit; filled in, it loads back."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from centre.consultations.models import Consultation
from centre.review import services
from centre.review.models import Answer, Comment, DuplicateGroup
from centre.review.report import CONSOLE_HEADER, _xlsx, build_report
from centre.review.respond import do_load_responses
from tests.centre.review.conftest import CODE, batch, items

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


def test_export_has_the_console_columns_and_loads_back_filled_in(centre, tmp_path, officer):
    b = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", "Giữ 5 mét.")) for _ in range(2)]
        + [items(("article:1", "other", "Rõ hơn."), contributor="expert")],
    )
    services.index_comments(b.pk)
    consultation = Consultation.objects.get(code=CODE)
    services.do_suggest_groups(CODE)
    group = DuplicateGroup.objects.get()
    services.do_answer(consultation, actor=officer.user, outcome="accepted", text="Tiếp thu.", group_id=group.pk)
    services.do_bulk(consultation, list(Comment.objects.values_list("pk", flat=True)), "tag", actor=officer.user, value="chiều rộng")
    out = tmp_path / "bao-cao.xlsx"
    build_report(CODE, out)
    book = openpyxl.load_workbook(out)
    sheet = book["Comments"]
    header = [c.value for c in sheet[1]]
    assert all(name in header for name in CONSOLE_HEADER) and header[:4] == ["Receipt code", "Kiosk", "Province", "Commune"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}4"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert isinstance(rows[0]["Kiosk time (date)"], datetime)
    assert [r["Province"] for r in rows] == ["Hà Tĩnh"] * 3 and rows[0]["Commune"] == "Xã Thử Nghiệm"
    assert [r["Answer"] for r in rows] == ["Tiếp thu.", "Tiếp thu.", None]  # an empty cell reads back as None
    assert [r["Answered at"] for r in rows] == [f"group {group.pk}", f"group {group.pk}", None]
    assert rows[0]["Tags"] == "chiều rộng" and rows[0]["Group"] == group.pk and rows[2]["Contributor type"] == "expert"
    book.close()

    # The agency fills in the third row's answer and leaves the others as exported.
    book = openpyxl.load_workbook(out)
    sheet = book["Comments"]
    sheet.cell(row=4, column=header.index("Answer outcome") + 1, value="Không tiếp thu")
    sheet.cell(row=4, column=header.index("Answer") + 1, value="Phạm vi đã đủ rõ.")
    book.save(out)
    report = do_load_responses(out)
    assert (report.loaded, report.errors) == (1, ())
    own = Answer.objects.get(comment__article_key="article:1")
    assert (own.outcome, own.text, own.approved_at) == ("not_accepted", "Phạm vi đã đủ rõ.", None)
    assert Answer.objects.count() == 2


def test_a_table_longer_than_the_limit_goes_on_to_a_numbered_sheet():
    buffer = io.BytesIO()
    _xlsx(buffer, [("Comments", ["a", "b"], ([i, str(i)] for i in range(7)))], max_rows=4)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["Comments", "Comments (2)", "Comments (3)"]
    assert [book[n].max_row for n in book.sheetnames] == [4, 4, 2]
    assert [c.value for c in book["Comments (3)"][1]] == ["a", "b"] and book["Comments (3)"].auto_filter.ref == "A1:B2"


def test_the_console_gives_the_data_and_takes_the_answers_back(centre, officer, other_officer, auditor, tmp_path, settings):
    from django.test import Client
    from django.urls import reverse

    from centre.audit.models import AuditEvent, EventType
    from tests.centre.staff import sign_in

    settings.LANGUAGE_CODE = "en"
    b = batch("K1", [items(("article:2", "agree", "Đồng ý.")), items(("article:1", "other", "Rõ hơn."))])
    services.index_comments(b.pk)
    client = Client()
    sign_in(client, officer)
    download = client.get(reverse("review:export", args=[CODE, "xlsx"]))
    assert download.status_code == 200 and download["Content-Disposition"] == f'attachment; filename="du-lieu-{CODE}.xlsx"'
    assert AuditEvent.objects.filter(event_type=EventType.REPORT_WRITTEN, actor=officer.user).count() == 1
    assert client.get(reverse("review:export", args=[CODE, "csv"]))["Content-Type"].startswith("text/csv")
    out = tmp_path / "du-lieu.xlsx"
    out.write_bytes(b"".join(download.streaming_content))
    book = openpyxl.load_workbook(out)
    sheet = book["Comments"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=header.index("Comment") + 1).value == "Rõ hơn.")
    sheet.cell(row=row, column=header.index("Answer outcome") + 1, value="Giải trình")
    sheet.cell(row=row, column=header.index("Answer") + 1, value="Phạm vi giữ như dự thảo.")
    from centre.consultations.services import do_publish
    from tests.centre.fleet_seed import consultation_file

    do_publish(consultation_file(tmp_path / "khac", code="TN-KHAC"), agency_code="BYT")
    theirs = batch("K2", [items(("article:1", "agree", "Của bộ khác."))], code="TN-KHAC")
    services.index_comments(theirs.pk)
    for comment_id in (999999, Comment.objects.get(text="Của bộ khác.").pk):  # not at the centre; another agency's
        extra = sheet.max_row + 1
        sheet.cell(row=extra, column=header.index("Comment ID") + 1, value=comment_id)
        sheet.cell(row=extra, column=header.index("Answer outcome") + 1, value="Tiếp thu")
        sheet.cell(row=extra, column=header.index("Answer") + 1, value="x")
    book.save(out)
    with out.open("rb") as fh:
        loaded = client.post(reverse("review:load-answers", args=[CODE]), {"file": fh})
    page = loaded.content.decode()
    assert loaded.status_code == 200 and "1 answer loaded." in page and "999999" in page and "is not one of this consultation" in page
    answer = Answer.objects.get()
    assert (answer.comment.text, answer.outcome, answer.approved_at) == ("Rõ hơn.", "explained", None)
    not_xlsx = client.post(reverse("review:load-answers", args=[CODE]), {"file": io.BytesIO(b"a,b")})
    assert not_xlsx.status_code == 400

    refused = AuditEvent.objects.filter(event_type=EventType.ACCESS_REFUSED).count()
    stranger, reader = Client(), Client()
    sign_in(stranger, other_officer)
    sign_in(reader, auditor)
    assert stranger.get(reverse("review:export", args=[CODE, "xlsx"])).status_code == 403
    with out.open("rb") as fh:
        assert stranger.post(reverse("review:load-answers", args=[CODE]), {"file": fh}).status_code == 403
    assert reader.get(reverse("review:export", args=[CODE, "csv"])).status_code == 200  # an auditor reads everything
    assert reader.get(reverse("review:load-answers", args=[CODE])).status_code == 403
    assert AuditEvent.objects.filter(event_type=EventType.ACCESS_REFUSED).count() == refused + 3
    assert Answer.objects.count() == 1
