"""The legal summary as .docx: landscape A4, Times New Roman 13, the counts, one representative text per group, the answers."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from centre.consultations.models import Consultation
from centre.review import services
from centre.review.models import DuplicateGroup
from centre.review.report_docx import build_docx
from tests.centre.review.conftest import CODE, batch, items

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

CAMPAIGN = "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét."


def test_docx_counts_groups_answers_and_is_the_same_each_time(centre, tmp_path, officer):
    b = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", CAMPAIGN)) for _ in range(4)]
        + [items(("article:1", "other", "Phạm vi hẹp quá."), contributor="expert")],
    )
    services.index_comments(b.pk)
    consultation = Consultation.objects.get(code=CODE)
    services.do_suggest_groups(CODE)
    services.do_confirm_group(DuplicateGroup.objects.get().pk, actor=officer.user)
    services.do_answer(
        consultation, actor=officer.user, outcome="partly_accepted", text="Giữ 5 m ở đoạn qua khu dân cư.", legal_key="article:2"
    )
    one, two = tmp_path / "a.docx", tmp_path / "b.docx"
    summary = build_docx(consultation, one)
    build_docx(consultation, two)
    assert one.read_bytes() == two.read_bytes()
    assert (summary.contributors, summary.opinions, summary.rows) == (5, 5, 2)
    doc = Document(str(one))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE and doc.sections[0].page_width > doc.sections[0].page_height
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 13
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in text and "Quy chế quản lý đường thôn" in text
    assert "Tổng số người góp ý: 5. Tổng số ý kiến: 5." in text and "chuyên gia: 1" in text and "THỦ TRƯỞNG" in text
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert len(cells[0]) == 4 and len(cells) == 3
    assert cells[1][0].startswith("Điều 1") and cells[1][1] == "chuyên gia: 1"
    assert cells[2][0] == "Điều 2. Trách nhiệm"  # a group is shown under its article
    assert cells[2][2] == f"{CAMPAIGN} (4 ý kiến giống hoặc gần giống)" and cells[2][1] == "cá nhân: 4"
    assert cells[2][3] == "Tiếp thu một phần: Giữ 5 m ở đoạn qua khu dân cư."
