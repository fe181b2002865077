"""Files from anywhere: the draft and spreadsheet readers refuse what is hostile, quickly, and crash on nothing."""

import contextlib
import io
import time
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.drafts import parse_file
from kiosk.errors import UserFacingError
from kiosk.paper_import import PaperImporter
from kiosk.submissions import SubmissionService

LIMIT_SECONDS = 5


def _timed(fn):
    start = time.perf_counter()
    try:
        fn()
    except UserFacingError as error:
        outcome = error
    else:
        outcome = None
    assert time.perf_counter() - start < LIMIT_SECONDS
    return outcome


def _docx_with(tmp_path, document_xml: bytes, name="bomb.docx", compress=zipfile.ZIP_DEFLATED):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document_xml)
    return path


def test_a_docx_zip_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (400 * 2**20) + b"</w:document>")
    assert path.stat().st_size < 2 * 2**20
    assert isinstance(_timed(lambda: parse_file(path)), UserFacingError)


def test_a_docx_xml_entity_bomb_is_refused_quickly(tmp_path):
    lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    ) + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    assert isinstance(_timed(lambda: parse_file(_docx_with(tmp_path, lol))), UserFacingError)


def test_an_xlsx_zip_bomb_and_entity_bomb_are_refused_quickly(tmp_path, store, clock):
    importer = PaperImporter(SubmissionService(store, clock))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x>" + b"0" * (400 * 2**20) + b"</x>")
    assert isinstance(_timed(lambda: importer.import_file(bomb)), UserFacingError)

    book = openpyxl.Workbook()
    book.active.append(["consultation", "article", "stance"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entity = tmp_path / "entity.xlsx"
    with zipfile.ZipFile(entity, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                laughs = b"".join(b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10 if i else b"ha") for i in range(9))
                data = b"<!DOCTYPE worksheet [" + laughs + b"]>" + data.replace(b"consultation", b"&e8;", 1)
            archive.writestr(info, data)
    assert isinstance(_timed(lambda: importer.import_file(entity)), UserFacingError)
    assert store.query("SELECT 1 FROM events") == []


def test_a_huge_field_in_a_csv_is_one_clear_message(tmp_path, store, clock):
    importer = PaperImporter(SubmissionService(store, clock))
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("consultation,article,stance,comment,form_date\nTEST-1,1,agree,")
        fh.write("x" * (100 * 2**20))
        fh.write(",20/11/2026\n")
    assert isinstance(_timed(lambda: importer.import_file(path)), UserFacingError)
    assert store.query("SELECT 1 FROM events") == []


@settings(max_examples=150, deadline=LIMIT_SECONDS * 1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".doc", ".pdf", ""]))
def test_fuzz_the_draft_reader(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(UserFacingError):
        parse_file(path)


@settings(max_examples=60, deadline=LIMIT_SECONDS * 1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), cut=st.integers(min_value=0, max_value=4000))
def test_fuzz_the_docx_reader_with_damaged_word_files(tmp_path, data, cut):
    from pathlib import Path

    real = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "09_draft_du-thao-luat-tri-tue-nhan-tao-2025-12-01.docx")
    if not real.exists():
        pytest.skip("the corpus is not beside the repository")
    original = real.read_bytes()
    mutated = bytearray(original)
    position = (cut * 997) % len(mutated)
    mutated[position : position + len(data)] = data
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(mutated))
    with contextlib.suppress(UserFacingError):
        parse_file(path)


@settings(max_examples=150, deadline=LIMIT_SECONDS * 1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_fuzz_the_spreadsheet_reader(tmp_path, store, clock, text, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with contextlib.suppress(UserFacingError):
        PaperImporter(SubmissionService(store, clock)).import_file(path)
