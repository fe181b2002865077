import unicodedata

import openpyxl
import pytest

from kiosk import canonical
from kiosk.errors import ValidationError
from kiosk.paper_import import PaperImporter
from kiosk.submissions import SubmissionService

HEADER_VI = ["Mã lấy ý kiến", "Điều", "Quan điểm", "Nội dung góp ý", "Ngày phiếu", "Thôn", "Độ tuổi", "Giới tính", "Dân tộc", "Mã phiếu"]


@pytest.fixture
def importer(store, clock):
    return PaperImporter(SubmissionService(store, clock))


def _csv(path, rows, *, bom=False):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def _bodies(store):
    return [canonical.loads(r["body"]) for r in store.query("SELECT body FROM events ORDER BY seq")]


def test_a_csv_with_vietnamese_headers(importer, store, tmp_path):
    path = _csv(tmp_path / "phieu.csv", [
        HEADER_VI,
        ["TEST-1", "Điều 1", "Đồng ý", "Nên họp chợ sớm.", "20/11/2026", "Thôn 2", "30-44", "Nữ", "Kinh", "P-001"],
        ["TEST-1", "Điều 2 khoản 2", "không đồng ý", "Thêm phó ban.", "21/11/2026", "", "", "", "", "P-002"],
        ["TEST-1", "điều 2, khoản 2, điểm đ", "Ý kiến khác", "", "21/11/2026", "", "", "", "", "P-003"],
    ], bom=True)
    report = importer.import_file(path)
    assert [r.row for r in report.imported] == [2, 3, 4]
    bodies = _bodies(store)
    assert [b["items"][0]["node_key"] for b in bodies] == ["article:1", "article:2/clause:2", "article:2/clause:2/point:đ"]
    assert bodies[0]["channel"] == "paper" and bodies[0]["form_date"] == "2026-11-20"
    assert bodies[0]["demographics"]["village"] == "Thôn 2"


def test_reimporting_with_row_keys_adds_nothing(importer, store, tmp_path):
    path = _csv(tmp_path / "phieu.csv", [HEADER_VI, ["TEST-1", "1", "agree", "x", "20/11/2026", "", "", "", "", "K1"]])
    first = importer.import_file(path)
    again = importer.import_file(path)
    assert len(first.imported) == 1 and len(again.duplicates) == 1
    assert again.rows[0].receipt_code == first.rows[0].receipt_code
    assert len(_bodies(store)) == 1


def test_bad_rows_are_reported_by_number_and_good_rows_imported(importer, store, tmp_path):
    path = _csv(tmp_path / "phieu.csv", [
        ["consultation", "article", "stance", "comment", "form_date"],
        ["TEST-1", "Điều 99", "agree", "", "20/11/2026"],
        ["TEST-1", "1", "maybe", "", "20/11/2026"],
        [],
        ["TEST-1", "1", "agree", "", "2026-11-20"],
        ["NOPE", "1", "agree", "", "20/11/2026"],
        ["TEST-1", "3", "disagree", "y" * 50_000, "20/11/2026"],
        ["TEST-1", "3", "disagree", unicodedata.normalize("NFD", "Ý kiến về hiệu lực"), "20/11/2026"],
    ])
    report = importer.import_file(path)
    assert [r.row for r in report.errors] == [2, 3, 5, 6, 7]
    assert "Điều 99" in report.errors[0].error
    assert [r.row for r in report.imported] == [8]
    assert _bodies(store)[0]["items"][0]["comment"] == "Ý kiến về hiệu lực"


def test_a_missing_column_is_one_clear_message_and_nothing_is_imported(importer, store, tmp_path):
    path = _csv(tmp_path / "phieu.csv", [["consultation", "comment"], ["TEST-1", "x"]])
    with pytest.raises(ValidationError, match="article, stance"):
        importer.import_file(path)
    assert _bodies(store) == []


def test_an_xlsx_file(importer, store, tmp_path):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["consultation", "article", "stance", "comment", "form_date", "name", "phone"])
    sheet.append(["TEST-1", "Điều 3", "Ý kiến khác", "Nên có hiệu lực sau 30 ngày.", datetime(2026, 11, 19)])
    path = tmp_path / "phieu.xlsx"
    book.save(path)
    report = importer.import_file(path)
    assert len(report.imported) == 1
    assert _bodies(store)[0]["form_date"] == "2026-11-19"


def test_other_formats_are_refused(importer, tmp_path):
    path = tmp_path / "phieu.ods"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        importer.import_file(path)


# The real mess of transcribed forms (issue 7): files built here, as offices make them.


def test_xlsx_with_a_merged_title_merged_headers_and_excel_serial_dates(importer, store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["PHIẾU GÓP Ý DỰ THẢO QUY CHẾ CHỢ XÃ"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Mã lấy ý kiến", "Điều", "Quan điểm", "Nội dung góp ý", "Ngày phiếu"])
    sheet.append([None, None, None, None, "(ngày/tháng/năm)"])
    for column in "ABCD":  # headers merged down over two rows, as forms are drawn
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append(["TEST-1", "Điều 1", "Đồng ý", "Ý kiến một", 46345])  # 19/11/2026 as an Excel serial
    sheet.append([None, None, None, None, None])
    sheet.append(["TEST-1", "Điều 2 khoản 1", "Không đồng ý", "Ý kiến hai", "20/11/2026"])
    sheet.append(["TEST-1", "Điều 42", "Đồng ý", "", "20/11/2026"])
    path = tmp_path / "phieu.xlsx"
    book.save(path)
    report = importer.import_file(path)
    assert [r.row for r in report.imported] == [4, 6], report.rows
    assert [(r.row, "Điều 42" in r.error) for r in report.errors] == [(7, True)]
    assert [b["form_date"] for b in _bodies(store)] == ["2026-11-19", "2026-11-20"]


def test_csv_in_windows_1258_with_decomposed_marks(importer, store, tmp_path):
    text = "consultation,article,stance,comment,form_date\r\nTEST-1,Điều 3,Ý kiến khác,Nên để ngày ký có hiệu lực,20/11/2026\r\n"
    path = tmp_path / "phieu.csv"
    path.write_bytes(_cp1258(text))
    report = importer.import_file(path)
    assert len(report.imported) == 1, report.errors
    comment = _bodies(store)[0]["items"][0]["comment"]
    assert comment == "Nên để ngày ký có hiệu lực" and unicodedata.is_normalized("NFC", comment)


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, tone marks as separate combining characters."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        shape = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out.append((shape + "".join(tones)).encode("cp1258"))
    return b"".join(out)


def test_csv_without_bom_and_blank_rows(importer, store, tmp_path):
    path = _csv(
        tmp_path / "phieu.csv",
        [["consultation", "article", "stance", "form_date"], [], ["TEST-1", "1", "đồng ý", "20/11/2026"], ["", "", "", ""]],
    )
    report = importer.import_file(path)
    assert [r.row for r in report.imported] == [3], report.rows


# Issue 20: citations as people write them on paper forms (kiosk.citations).
CITATIONS = [
    ("Điều 1", "article:1"),
    ("1", "article:1"),
    ("Điều 2 khoản 2", "article:2/clause:2"),
    ("khoản 2 Điều 2", "article:2/clause:2"),
    ("điểm a khoản 2 Điều 2", "article:2/clause:2/point:a"),
    ("Điều 2, khoản 2, điểm a", "article:2/clause:2/point:a"),
    ("Đ.2 k.1", "article:2/clause:1"),
    ("K1 Đ2", "article:2/clause:1"),
    ("khoan 2 dieu 2", "article:2/clause:2"),
    ("ĐIỂM Đ KHOẢN 2 ĐIỀU 2", "article:2/clause:2/point:đ"),
]


@pytest.mark.parametrize(("written", "key"), CITATIONS, ids=[written for written, _key in CITATIONS])
def test_each_citation_form_names_its_node(importer, store, tmp_path, written, key):
    path = _csv(tmp_path / "phieu.csv", [["consultation", "article", "stance", "form_date"], ["TEST-1", written, "đồng ý", "20/11/2026"]])
    report = importer.import_file(path)
    assert report.errors == [] and len(report.imported) == 1
    assert _bodies(store)[0]["items"][0]["node_key"] == key


@pytest.mark.parametrize(
    ("written", "says"),
    [("khoản 9 Điều 2", "the draft has no khoản 9 Điều 2"), ("Đ2 lộn xộn", "“Đ2 lộn xộn” does not name an article")],
)
def test_an_unknown_citation_is_named_as_written(importer, store, tmp_path, written, says):
    from kiosk import i18n

    i18n.set_language("en")
    path = _csv(tmp_path / "phieu.csv", [["consultation", "article", "stance", "form_date"], ["TEST-1", written, "đồng ý", "20/11/2026"]])
    (row,) = importer.import_file(path).errors
    assert says in row.error
    assert _bodies(store) == []


def test_who_commented_is_a_column_carried_in_the_submission(importer, store, tmp_path):
    path = _csv(tmp_path / "phieu.csv", [
        ["Mã lấy ý kiến", "Điều", "Quan điểm", "Ngày phiếu", "Đối tượng góp ý"],
        ["TEST-1", "Điều 1", "Đồng ý", "20/11/2026", "Doanh nghiệp"],
        ["TEST-1", "Điều 1", "Đồng ý", "20/11/2026", "co quan nha nuoc"],
        ["TEST-1", "Điều 1", "Đồng ý", "20/11/2026", ""],
        ["TEST-1", "Điều 1", "Đồng ý", "20/11/2026", "Hàng xóm"],
    ])
    report = importer.import_file(path)
    assert [r.row for r in report.imported] == [2, 3, 4], report.rows
    [error] = [r for r in report.rows if r.error]
    assert error.row == 5 and "“Hàng xóm”" in error.error
    bodies = _bodies(store)
    assert [b.get("contributor_type") for b in bodies] == ["business", "state_agency", None]  # unsaid: no key, a person
