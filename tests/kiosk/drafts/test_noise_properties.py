"""Property tests: real articles, the noise real conversions add, and nothing lost.

Documents are assembled from articles of the shared corpus (read by path,
never copied), renumbered 1…n, and laid out as plain text. Hypothesis then
injects what conversions and gazette PDFs put around them: a stray list
number before a heading, bold, Markdown heading marks, a reference wrapped to
a line start just before the next heading, a running page header with its
page number. Every article must come back with its number, its title and its
text (compared on letters and digits), and the noise set aside.
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain import DraftNode, NodeKind
from kiosk.drafts import parse_file
from kiosk.drafts.lines import text_lines
from kiosk.drafts.parse import analyse
from kiosk.drafts.readers import lines_from_text
from kiosk.text import fold

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
# Clean documents of different families: a law with chapters, a law with sections, a law that amends others.
SOURCES = ("02_law_luat-cu-tru-2020-68-2020-QH14.txt", "03_law_luat-thu-vien-2019.txt", "07_law_luat-phong-chong-tac-hai-ruou-bia-2019.txt")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not checked out beside the repo")

HEADER = ["CHÍNH PHỦ", "NGHỊ ĐỊNH", "Quy định chi tiết một số điều", "Căn cứ Luật Tổ chức Chính phủ;"]
PAGE_HEADER = "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025"
# References that a wrapped paragraph puts at a line start; {n} is a number, sometimes the next article's.
REFERENCES = (
    "Điều {n} Nghị định số 134/2015/NĐ-CP.",
    "Điều {n} của Luật này.",
    "Điều {n} Luật Cư trú và khoản 2 Điều 3 của Nghị định này.",
    "Điều {n}, Điều 7 và Điều 9 Thông tư số 02/2025/TT-BLĐTBXH.",
)
# Markup put around an article heading: {k} is a stray list number, {h} the heading.
DRESSINGS = ("{h}", "**{h}**", "## {h}", "### {h}", "{k}. {h}", "**{k}.  {h}**", "## {k}. {h}", "__{h}__", "- {h}")


def canonical(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


@functools.cache
def real_articles() -> tuple[DraftNode, ...]:
    return tuple(a for name in SOURCES for a in parse_file(CORPUS / name).articles())


def render(node: DraftNode) -> list[str]:
    """The lines of a node as a plain text writes them."""
    text = node.text.split("\n") if node.text else []
    if node.kind == NodeKind.ARTICLE:
        head = [f"Điều {node.number}. {node.title}".rstrip()]
    elif node.kind == NodeKind.CLAUSE:
        head, text = [f"{node.number}. {text[0] if text else ''}".rstrip()], text[1:]
    else:
        head, text = [f"{node.number}) {text[0] if text else ''}".rstrip()], text[1:]
    return head + text + [line for child in node.children for line in render(child)]


def wrap(line: str, width: int | None) -> list[str]:
    """``line`` hard-wrapped at ``width`` on spaces (None: left whole)."""
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) if width else [line]


def renumbered(article: DraftNode, number: int) -> DraftNode:
    return DraftNode(article.kind, str(number), article.title, article.text, article.children)


def rebuilt(node: DraftNode) -> str:
    keyword = "Điều" if node.kind == NodeKind.ARTICLE else ""
    return keyword + node.number + node.title + node.text + "".join(rebuilt(c) for c in node.children)


@st.composite
def noisy_documents(draw):
    articles = real_articles()
    start = draw(st.integers(0, len(articles) - 8))
    count = draw(st.integers(2, 7))
    chosen = [renumbered(a, i) for i, a in enumerate(articles[start : start + count], start=1)]
    # Half the documents hard-wrapped as a PDF extraction prints them, at a width drawn here.
    width = draw(st.one_of(st.none(), st.integers(55, 90)))
    lines = list(HEADER)
    expected: list[tuple[str, str, str]] = []
    noise: list[str] = []
    for article in chosen:
        body = render(article)
        dressing = draw(st.sampled_from(DRESSINGS))
        stray = str(draw(st.integers(1, 60)))
        heading = dressing.format(h=body[0], k=stray)
        if "{k}" in dressing:
            noise.append(stray)
        lines.append(heading)
        own = [(piece, False) for line in body[1:] for piece in wrap(line, width)]
        if draw(st.booleans()):
            # A sentence whose reference wraps to a line start, right before the next heading.
            number = draw(st.sampled_from([int(article.number) + 1, int(article.number) + 5, 1]))
            reference = draw(st.sampled_from(REFERENCES)).format(n=number)
            own += [("Việc thực hiện theo quy định tại khoản 2", False), (reference, False)]
        if draw(st.booleans()):
            # An amended article quoted as a heading of its own, numbered anyhow: it stays in this article.
            number = draw(st.sampled_from([int(article.number) + 1, 44, 1]))
            mark = draw(st.sampled_from(["", "## ", "**"]))
            own += [
                ("Điều này được sửa đổi, bổ sung như sau:", False),
                (f"{mark}“Điều {number}a. Vi phạm quy định về quản lý{mark.strip()[:2] if mark == '**' else ''}", False),
                ("1. Phạt tiền từ 1.000.000 đồng đến 2.000.000 đồng.", False),
                ("2. Phạt tiền gấp đôi khi tái phạm.”", False),
            ]
        if draw(st.booleans()) and own:
            # A page break: the gazette's running header and page number between two lines.
            at = draw(st.integers(0, len(own)))
            page = str(draw(st.integers(2, 400)))
            own = [*own[:at], (PAGE_HEADER, True), (page, True), *own[at:]]
            noise += [PAGE_HEADER, page]
        lines += [line for line, _noise in own]
        kept = "".join(line for line, is_noise in own if not is_noise)
        expected.append((article.number, article.title, canonical("Điều" + article.number + article.title + kept)))
    # As a plain text, or as Markdown (the reader strips its markup before the parser sees it).
    return "\n".join(lines), draw(st.sampled_from(["txt", "md"])), expected, noise


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=noisy_documents())
def test_noise_keeps_every_article_and_its_text(document):
    text, source_format, expected, noise = document
    analysis = analyse(lines_from_text(text, source_format), "noisy")
    articles = analysis.draft.articles()
    assert [(a.number, a.title) for a in articles] == [(number, title) for number, title, _text in expected]
    for article, (_number, _title, body) in zip(articles, expected, strict=True):
        assert canonical(rebuilt(article)) == body, article.number
    assert sorted(analysis.set_aside) == sorted(noise)
    assert not analysis.draft.warnings, [w.message for w in analysis.draft.warnings]


def test_the_sources_are_clean():
    """The articles the properties start from parse the same when rendered again (no noise)."""
    articles = real_articles()[:40]
    text = "\n".join(HEADER + [line for i, a in enumerate(articles, 1) for line in render(renumbered(a, i))])
    parsed = analyse(text_lines(text), "clean").draft
    assert [(a.number, a.title) for a in parsed.articles()] == [(str(i), a.title) for i, a in enumerate(articles, 1)]
    assert not parsed.warnings
