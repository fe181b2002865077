"""The agency's report (CSV and XLSX, streamed) and loading its responses."""

from __future__ import annotations

import csv
import io

import pytest

from centre.audit.models import AuditEvent, EventType
from centre.consultations.services import do_publish
from centre.fleet.services import do_enrol_kiosk, do_init_centre, do_revoke_key, load_keys
from centre.review.models import Response
from centre.review.report import build_report
from centre.review.respond import do_load_responses
from centre.review.selectors import responses_for_kiosk
from kiosk import canonical, i18n
from kiosk.errors import NotFoundError, ValidationError
from kiosk.receipt_code import group
from kiosk.sealing import seal
from tests.centre.fleet_seed import CODE, batch, bind_key, comment, consultation_file

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def centre(tmp_path, settings):
    settings.HOME = tmp_path / "centre"
    do_init_centre(settings.HOME)
    do_enrol_kiosk("K1", "TN", "Xã Thử Nghiệm", tmp_path / "K1.enrol", province_code="42", province_name="Hà Tĩnh")
    bind_key("K1")
    do_publish(consultation_file(tmp_path / "spec"))
    return settings.HOME


def blocks(path) -> dict[str, list[list[str]]]:
    """The report's CSV as {section: [header, rows…]}, the title line under "": blocks are separated by an empty line."""
    out: dict[str, list[list[str]]] = {}
    chunk: list[list[str]] = []
    for line in [*csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))), []]:
        if line:
            chunk.append(line)
            continue
        name, rows = (chunk[0][0], chunk[1:]) if out else ("", chunk)
        out[name], chunk = rows, []
    return out


def test_the_draft_report_counts_lists_every_comment_with_its_place_and_marks_revoked_ones(centre, tmp_path):
    rows = batch("K1", [comment(stance="agree"), comment(stance="disagree", text="=HYPERLINK(1)"), comment("article:2", "other")])
    do_revoke_key("K1", "key-e1", 1, 3)
    summary = build_report(CODE, tmp_path / "bao-cao.csv")
    assert (summary.submissions, summary.comments, summary.kind) == (2, 2, "draft")
    assert (tmp_path / "bao-cao.csv").read_bytes().startswith("\ufeff".encode() + CODE.encode())  # the BOM Excel needs
    assert b"\r\n\r\nArticles\r\n" in (tmp_path / "bao-cao.csv").read_bytes()
    report = blocks(tmp_path / "bao-cao.csv")
    assert report[""] == [[f"{CODE}: Quy chế quản lý đường thôn"]]
    assert report["Articles"][0] == ["Article key", "Article", "Agree", "Disagree", "Other opinion", "Total"]
    assert [r[0] + ":" + "/".join(r[2:]) for r in report["Articles"][1:]] == ["article:1:1/1/0/2"]  # the revoked comment is not counted
    assert report["Questions"][1] == ["1", "Đường rộng bao nhiêu?", "3 m", "2"]
    header, *comments = report["Comments"]
    assert header[:4] == ["Receipt code", "Kiosk", "Province", "Commune"] and header[-2:] == ["Late", "Revoked"]
    assert [(c[1], c[2], c[3]) for c in comments] == [("K1", "Hà Tĩnh", "Xã Thử Nghiệm")] * 3
    assert [c[-1] for c in comments] == ["", "", "revoked"]
    assert comments[1][header.index("Comment")] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    receipts = [group(code) for code in rows.events.order_by("seq").values_list("receipt_code", flat=True)]
    assert [c[0] for c in comments] == receipts
    [written] = AuditEvent.objects.filter(event_type=EventType.REPORT_WRITTEN)
    assert canonical.loads(written.extra) == {"file": "bao-cao.csv", "personal_data": False, "submissions": 2}


def test_the_xlsx_report_has_a_sheet_per_section(centre, tmp_path):
    import openpyxl

    batch("K1", [comment(), comment("article:3", "disagree")])
    build_report(CODE, tmp_path / "bao-cao.xlsx")
    book = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx", read_only=True)
    assert book.sheetnames == ["Articles", "Questions", "Comments"]
    comments = list(book["Comments"].iter_rows(values_only=True))
    assert comments[0][:4] == ("Receipt code", "Kiosk", "Province", "Commune") and len(comments) == 3


def test_personal_data_is_opened_only_on_request_and_a_record_that_cannot_be_opened_is_named(centre, tmp_path):
    keys = load_keys()
    sealed = {
        "key_id": keys.sealing_key_id,
        "ct": seal(keys.sealing_public_key, canonical.dumps({"name": "Nguyễn Văn A", "phone": "0912"})),
    }
    broken = {"key_id": keys.sealing_key_id, "ct": "AAAA"}
    batch("K1", [comment() | {"sealed": sealed}, comment() | {"sealed": broken}])
    build_report(CODE, tmp_path / "plain.csv")
    assert "Nguyễn Văn A" not in (tmp_path / "plain.csv").read_text(encoding="utf-8-sig")
    summary = build_report(CODE, tmp_path / "personal.csv", sealing=keys.sealing)
    text = (tmp_path / "personal.csv").read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn A" in text and "(cannot be opened)" in text and len(summary.undecryptable) == 1
    personal = AuditEvent.objects.filter(event_type=EventType.REPORT_WRITTEN).order_by("seq").last()
    assert canonical.loads(personal.extra)["personal_data"] is True


def test_a_report_refuses_a_bad_name_or_an_unknown_consultation(centre, tmp_path):
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        build_report(CODE, tmp_path / "bao-cao.pdf")
    with pytest.raises(NotFoundError):
        build_report("KHONG-CO", tmp_path / "bao-cao.csv")
    assert not list(tmp_path.glob("bao-cao*"))


def test_responses_load_per_receipt_and_per_article_replace_earlier_ones_and_report_bad_rows(centre, tmp_path):
    rows = batch("K1", [comment(), comment()])
    first, second = rows.events.order_by("seq").values_list("receipt_code", flat=True)
    path = tmp_path / "tra-loi.csv"
    path.write_text(
        "Mã biên nhận,Mã lấy ý kiến,Điều,Trạng thái,Nội dung trả lời\n"
        f"{group(first)},,,tiếp thu,Đã sửa Điều 1.\n"
        f",{CODE},Điều 2,giải trình,Giữ nguyên.\n"
        ",KHONG-CO,Điều 1,tiếp thu,\n"
        f",{CODE},Điều 9,tiếp thu,\n"
        f"{group(second)},,,chưa rõ,\n",
        encoding="utf-8",
    )
    report = do_load_responses(path)
    assert report.loaded == 2 and [e.row for e in report.errors] == [4, 5, 6]
    assert "no consultation" in report.errors[0].message and "has no" in report.errors[1].message
    assert "tiếp thu một phần" in report.errors[2].message
    path.write_text(f"receipt code,status,response\n{first},not accepted,Không sửa.\n", encoding="utf-8")
    assert do_load_responses(path).loaded == 1
    assert Response.objects.count() == 2
    assert responses_for_kiosk("K1") == [
        {"consultation_code": CODE, "receipt_code": first, "legal_key": None, "status": "not_accepted", "text": "Không sửa."},
        {"consultation_code": CODE, "receipt_code": None, "legal_key": "article:2", "status": "explained", "text": "Giữ nguyên."},
    ]
    assert responses_for_kiosk("K2") == responses_for_kiosk("K1")[1:]
    loaded = [canonical.loads(e.extra) for e in AuditEvent.objects.filter(event_type=EventType.RESPONSES_LOADED).order_by("seq")]
    assert [(e["loaded"], e["errors"]) for e in loaded] == [(2, 3), (1, 0)]


def test_a_responses_file_without_the_needed_columns_is_refused(centre, tmp_path):
    path = tmp_path / "tra-loi.csv"
    path.write_text("Ghi chú\nkhông có gì\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="status column"):
        do_load_responses(path)
    assert not AuditEvent.objects.filter(event_type=EventType.RESPONSES_LOADED).exists()


def test_a_vote_report_needs_the_key_that_opens_the_votes(centre, tmp_path):
    do_publish(consultation_file(tmp_path / "vote", "BQ", kind="vote", drafts=[], questions=[], options=[{"title": "A"}, {"title": "B"}]))
    with pytest.raises(ValidationError, match="sealing key"):
        build_report("BQ", tmp_path / "none.csv")
    summary = build_report("BQ", tmp_path / "bq.csv", vote_key=load_keys().sealing)
    assert (summary.kind, summary.submissions) == ("vote", 0)
    header = blocks(tmp_path / "bq.csv")["Votes"][0]
    assert header[:4] == ["Receipt code", "Kiosk", "Province", "Commune"] and header[-1] == "Revoked"


def test_a_large_consultation_is_reported_row_by_row_across_fetch_chunks(centre, tmp_path):
    """More submissions than one fetch of the streamed query holds (2,000): every one is counted and listed once."""
    from centre.ingest.models import Event

    template = batch("K1", [comment()])
    body = canonical.loads(template.events.get().body)
    item = {"node_key": "article:2", "stance": "other", "comment": "Ý kiến trên giấy"}
    Event.objects.bulk_create(
        Event(
            kiosk_id="K1", epoch=1, seq=seq, hash=f"{seq:064x}", kind="submission", uuid=f"u{seq}", receipt_code=None,
            consultation_code=CODE, channel="paper", local_time=body["local_time"], clock_state="ok", batch=template,
            body=canonical.dumps(body | {"id": f"u{seq}", "items": [item]}).decode(),
        )
        for seq in range(2, 4502)
    )  # fmt: skip
    summary = build_report(CODE, tmp_path / "lon.csv")
    assert (summary.submissions, summary.comments) == (4501, 4501)
    report = blocks(tmp_path / "lon.csv")
    assert {r[0]: r[-1] for r in report["Articles"][1:]} == {"article:1": "1", "article:2": "4500"}
    assert len(report["Comments"]) == 1 + 4501 and report["Comments"][-1][1:4] == ["K1", "Hà Tĩnh", "Xã Thử Nghiệm"]


@pytest.mark.parametrize(
    "written",
    ["Điều 2 khoản 1", "khoản 1 Điều 2", "khoan 1 dieu 2", "Điều 2, khoản 1", "Đ.2 k.1", "K1 Đ2", "KHOẢN 1 ĐIỀU 2"],
)
def test_responses_name_a_clause_in_every_way_people_cite_it(centre, tmp_path, written):
    path = tmp_path / "tra-loi.csv"
    path.write_text(f'consultation,article,status,response\n{CODE},"{written}",accepted,Tiếp thu.\n', encoding="utf-8")
    assert do_load_responses(path).loaded == 1
    assert Response.objects.get().legal_key == "article:2/clause:1"


def test_a_response_to_a_clause_the_draft_lacks_names_it_as_written(centre, tmp_path):
    path = tmp_path / "tra-loi.csv"
    rows = f"{CODE},khoản 9 Điều 2,accepted,x\n{CODE},chương hai,accepted,x\n"
    path.write_text("consultation,article,status,response\n" + rows, encoding="utf-8")
    report = do_load_responses(path)
    assert report.loaded == 0
    assert "khoản 9 Điều 2" in report.errors[0].message and "Điều 12" in report.errors[1].message
