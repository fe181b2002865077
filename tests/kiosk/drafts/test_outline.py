"""The outline and JSON forms the command line prints."""

from __future__ import annotations

import json

from kiosk import i18n
from kiosk.domain import NodeKind
from kiosk.drafts import outline, parse_text, to_json

TEXT = """QUỐC HỘI
Luật số: 12/2025/QH15
Hà Nội, ngày 10 tháng 6 năm 2025
LUẬT
THỬ NGHIỆM
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Luật này quy định việc thử nghiệm.
2. Gồm:
a) Một;
đ) không theo thứ tự nên là văn bản.
Điều 1a
Điều bổ sung không có tiêu đề.
Phụ lục
MẪU
"""


def test_outline_is_indented_by_level():
    i18n.set_language("en")
    assert outline(parse_text(TEXT)).split("\n") == [
        "Preamble",
        "Chương I. NHỮNG QUY ĐỊNH CHUNG",
        "  Điều 1. Phạm vi điều chỉnh",
        "    khoản 1",
        "    khoản 2",
        "      điểm a",
        "  Điều 1a",
        "Phụ lục. MẪU",
    ]


def test_json_holds_the_whole_tree():
    parsed = parse_text(TEXT)
    data = to_json(parsed)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {k: data[k] for k in ("title", "issuer", "number", "date", "legal_bases")} == {
        "title": "LUẬT THỬ NGHIỆM",
        "issuer": "QUỐC HỘI",
        "number": "12/2025/QH15",
        "date": "2025-06-10",
        "legal_bases": ["Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam"],
    }
    preamble, chapter, appendix = data["nodes"]
    assert preamble["kind"] == "preamble" and preamble["text"].startswith("QUỐC HỘI\n")
    article = chapter["children"][0]
    assert {k: article[k] for k in ("kind", "number", "title", "text")} == {
        "kind": "article",
        "number": "1",
        "title": "Phạm vi điều chỉnh",
        "text": "",
    }
    point = article["children"][1]["children"][0]
    assert point == {"kind": "point", "number": "a", "title": "", "text": "Một;\nđ) không theo thứ tự nên là văn bản.", "children": []}
    assert appendix == {"kind": "appendix", "number": "", "title": "MẪU", "text": "", "children": []}


def test_counts_and_articles():
    parsed = parse_text(TEXT)
    assert [a.number for a in parsed.articles()] == ["1", "1a"]
    counts = parsed.counts()
    assert set(counts) == {kind.value for kind in NodeKind}
    assert (counts["chapter"], counts["article"], counts["clause"], counts["point"], counts["appendix"]) == (1, 2, 2, 1, 1)
