"""Issue 20: headings under conversion markup, quoted amendments, wrapped references, and warnings."""

from __future__ import annotations

import pytest

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import parse_text
from kiosk.drafts.lines import text_lines
from kiosk.drafts.outline import outline, to_json
from kiosk.drafts.parse import analyse
from kiosk.drafts.parse_warnings import WarningCode

from .test_structure import FILLER, kinds

# An amending decree as a web page converts it: list numbers and bold around the headings,
# the amended articles quoted as headings of their own, a Phụ lục mentioned on a line.
AMENDING = """**CHÍNH PHỦ**

**NGHỊ ĐỊNH**

**Sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP**

Căn cứ Luật Tổ chức Chính phủ;

**1.  Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP**

1. Sửa đổi, bổ sung Điều 44 như sau:

## “Điều 44. Vi phạm quy định về quản lý

1. Phạt tiền từ 10.000.000 đồng.

2. Mẫu biên bản tại

PHỤ LỤC I

ban hành kèm theo Nghị định này.”

2. Bổ sung Điều 44a vào sau Điều 44 như sau:

## “Điều 44a. Vi phạm quy định về lưu trữ

Phạt tiền.”

## 42. Điều 2. Bãi bỏ

Bãi bỏ Điều 45, Điều 46.

## 43. Điều 3. Hiệu lực thi hành

Nghị định này có hiệu lực từ ngày ký.
"""


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.mark.parametrize("source_format", ["md", "txt"])
def test_an_amending_decree_with_list_numbers_and_bold(source_format):
    analysis = analyse(text_lines(AMENDING) if source_format == "txt" else _md_lines(AMENDING), "decree")
    draft = analysis.draft
    assert [(a.number, a.title) for a in draft.articles()] == [
        ("1", "Sửa đổi, bổ sung một số điều của Nghị định số 15/2020/NĐ-CP"),
        ("2", "Bãi bỏ"),
        ("3", "Hiệu lực thi hành"),
    ]
    assert draft.counts()["appendix"] == 0
    # The quoted articles stay inside the clause that quotes them.
    first_clause, second_clause = draft.articles()[0].children
    assert "Điều 44. Vi phạm quy định về quản lý" in first_clause.text and "PHỤ LỤC I" in first_clause.text
    assert "Điều 44a. Vi phạm quy định về lưu trữ" in second_clause.text
    # The stray list numbers are set aside, not dropped.
    assert {"1", "42", "43"} <= set(analysis.set_aside)
    assert draft.warnings == ()


def _md_lines(text):
    from kiosk.drafts.markdown import markdown_lines

    return markdown_lines(text)


@pytest.mark.parametrize(
    "reference",
    [
        "Điều 5 Nghị định số 134/2015/NĐ-CP.",
        "Điều 5 Nghị định số 134/2015/NĐ-CP",  # the sentence goes on after the heading's page break
        "Điều 5 của Luật này;",
        "Điều 5, Điều 6 Thông tư số 02/2025/TT-BLĐTBXH",
    ],
)
def test_a_reference_at_a_line_start_never_swallows_the_next_heading(reference):
    text = "\n".join(
        [
            "Điều 1. Phạm vi điều chỉnh", *FILLER * 4, "Điều 2. Đối tượng áp dụng", *FILLER,
            "Điều 3. Sửa đổi", *FILLER * 4, "Bãi bỏ khoản 2 và khoản 3 của", reference,
            "Điều 4. Điều khoản thi hành", *FILLER,
        ]
    )  # fmt: skip
    parsed = parse_text(text)
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2", "3", "4"]
    assert reference in parsed.articles()[2].text
    assert parsed.articles()[3].title == "Điều khoản thi hành"


def test_a_sure_heading_after_a_line_that_leads_into_it_stays_text():
    text = "\n".join(
        ["Điều 1. Phạm vi", *FILLER * 4, "Việc áp dụng thực hiện theo quy định tại", "Điều 2. Trường hợp khác thì", *FILLER * 4]
    )
    parsed = parse_text(text + "\nĐiều 2. Đối tượng\nNội dung.")
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "2"]
    assert parsed.articles()[1].title == "Đối tượng"
    assert [w.code for w in parsed.warnings] == [WarningCode.NOT_A_HEADING]


@pytest.mark.parametrize(
    ("numbers", "code", "message"),
    [
        (["1", "2", "5"], WarningCode.SKIPPED, "Numbering skips: Điều 5 comes right after Điều 2."),
        (["1", "2", "2"], WarningCode.REPEATED, "Điều 2 appears twice."),
        (["1", "2", "3", "2"], WarningCode.WENT_BACK, "Numbering goes back: Điều 2 comes after Điều 3."),
        (["3", "4"], WarningCode.FIRST_NOT_ONE, "The first Điều is Điều 3, not Điều 1."),
    ],
)
def test_numbering_that_skips_repeats_or_goes_back_is_reported(numbers, code, message):
    parsed = parse_text("\n".join(f"Điều {n}. Tiêu đề {i}\nNội dung." for i, n in enumerate(numbers)))
    assert [w.code for w in parsed.warnings] == [code]
    assert parsed.warnings[0].message.startswith(message)


def test_inserted_articles_are_in_sequence():
    parsed = parse_text("Điều 1. A\nx.\nĐiều 1a. B\nx.\nĐiều 2. C\nx.\nĐiều 2+. D\nx.\nĐiều 3. E\nx.")
    assert kinds(parsed, NodeKind.ARTICLE) == ["1", "1a", "2", "2+", "3"] and parsed.warnings == ()


def test_chapters_may_start_again_in_each_part_but_not_repeat():
    parsed = parse_text(
        "Phần thứ nhất\nQUY ĐỊNH CHUNG\nChương I\nA\nĐiều 1. A\nx.\nChương II\nB\nĐiều 2. B\nx.\n"
        "Phần thứ hai\nXỬ PHẠT\nChương I\nC\nĐiều 3. C\nx.\nChương I\nC\nĐiều 4. D\nx."
    )
    assert [(w.code, w.kind, w.number) for w in parsed.warnings] == [(WarningCode.REPEATED, NodeKind.CHAPTER, "I")]


def test_no_article_but_articles_mentioned():
    parsed = parse_text("PHỤ LỤC I\nDANH MỤC\n1. Nội dung theo Điều 5. Quy định chung\n")
    assert [w.code for w in parsed.warnings] == [WarningCode.ARTICLES_MENTIONED]
    assert "Điều 5. Quy định chung" in parsed.warnings[0].message


def test_a_document_of_appendices_with_a_sample_decision_keeps_its_appendix():
    parsed = parse_text("PHỤ LỤC I\nMẪU QUYẾT ĐỊNH\nQUYẾT ĐỊNH:\nĐiều 1. Bổ nhiệm ông A.\nĐiều 2. Hiệu lực.")
    assert [n.kind for n in parsed.nodes] == [NodeKind.APPENDIX] and parsed.articles() == []


def test_warnings_are_data_and_shown_by_parse_draft():
    parsed = parse_text("Điều 1. A\nx.\nĐiều 3. C\nx.")
    (warning,) = parsed.warnings
    assert to_json(parsed)["warnings"] == [
        {"code": "numbering_skipped", "kind": "article", "number": "3", "previous": "1", "line": "", "message": warning.message}
    ]
    assert outline(parsed).endswith(warning.message)


def test_a_long_run_of_underscores_inside_a_heading_line_is_read_at_once():
    """Found by fuzzing: trailing-markup stripping once backtracked exponentially on a form's blank line."""
    import time

    from kiosk.drafts.headings import peel

    line = "## Điều 1. Ký tên " + "_" * 400 + " ngày ký."
    start = time.perf_counter()
    peeled = peel(line)
    assert time.perf_counter() - start < 0.5
    assert peeled.text.startswith("Điều 1. Ký tên")
    assert peel("**Điều 2. Phạm vi** ##").text == "Điều 2. Phạm vi"
    assert peel("## Điều 3. Hiệu lực __").text == "Điều 3. Hiệu lực"
