"""The heading grammar of Vietnamese legal documents, one line at a time.

    Phần thứ nhất | Phần I | PHẦN A.        part
    Chương I | CHƯƠNG II | Chương 3.       chapter
    Mục 1 | MỤC 2: TITLE                    section
    Tiểu mục 1                              subsection
    Điều 12. Title | Điều 12a. | Điều 5+.   article
    1. text | 15a. text                     clause (khoản)
    a) text | đ) text                       point (điểm)
    Phụ lục I | PHỤ LỤC | Phụ lục 2         appendix

A line only *looks* like a heading here; whether it *is* one depends on
where it stands (quoted, wrapped, in sequence), which structure.py decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.domain import NodeKind
from kiosk.drafts.lines import squeeze

# The Vietnamese alphabet as points use it: no f, j, w, z; đ after d.
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ORDINAL = r"(?i:nhất|một|hai|ba|tư|bốn|năm|lăm|sáu|bảy|tám|chín|mười|mươi)\b"
# Words that follow "Điều N" in a cross-reference carried to a new line ("Điều 10 Nghị định số …").
_REFERENCE_WORDS = re.compile(
    r"^(của|và|hoặc|này|đến|tại|về|theo|nêu|quy định|được|Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|"
    r"Pháp lệnh|Hiến pháp|Lệnh|Chỉ thị|Văn bản|Điều|khoản|Khoản|điểm|Điểm|mục|Mục|Chương|Phần|Phụ lục)\b"
)

_KEYWORD = {
    NodeKind.PART: r"Phần|PHẦN",
    NodeKind.CHAPTER: r"Chương|CHƯƠNG",
    NodeKind.SUBSECTION: r"Tiểu mục|TIỂU MỤC",
    NodeKind.SECTION: r"Mục|MỤC",
    NodeKind.APPENDIX: r"Phụ lục|PHỤ LỤC",
}
_ROMAN = r"[IVXLC]+"
_NUMBER = {
    NodeKind.PART: rf"(?i:thứ)\s+{_ORDINAL}(?:\s+{_ORDINAL}){{0,2}}|{_ROMAN}|\d{{1,2}}|[A-Z]",
    NodeKind.CHAPTER: rf"{_ROMAN}[a-z]?|\d{{1,3}}[a-z]?",
    NodeKind.SUBSECTION: rf"\d{{1,3}}|{_ROMAN}",
    NodeKind.SECTION: rf"\d{{1,3}}[a-z]?|{_ROMAN}",
    NodeKind.APPENDIX: rf"(?:số\s+)?(?:{_ROMAN}[a-z]?|\d{{1,3}}[a-z]?|[A-Z]\d?)",
}
_DIVISION = {kind: re.compile(rf"^(?:{keyword})(?:\s+(?P<number>{_NUMBER[kind]}))?(?P<tail>.*)$") for kind, keyword in _KEYWORD.items()}
_ARTICLE = re.compile(r"^(?P<keyword>[ĐÐ]iều|[ĐÐ]IỀU|Điền)\s*(?P<number>\d{1,3}[a-zđ]?\+?)(?![\d/,])(?P<tail>.*)$")
_CLAUSE = re.compile(r"^(?P<number>\d{1,3}[a-zđ]?)\s*\.+(?![\d])\s*(?P<text>.*)$")
_POINT = re.compile(r"^(?P<number>[a-zđ]\d?)\)\s*(?P<text>.*)$")
_SEPARATOR = re.compile(r"^\s*[.:\-–—]\s*(?P<title>.*)$")
_SPACED = re.compile(r"^\s+(?P<title>\S.*)$")
_FOOTNOTE = re.compile(r"^(?P<title>.*[^\W\d_])(?P<mark>\d{1,2})$")
# Markup a conversion leaves around a heading: Markdown heading marks, emphasis, a quote bar.
_DECOR_START = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3}\s*|>\s*)+")
# A list number or bullet a converter put before a heading ("1.  Điều 1.", "42. Điều 3.", "- Chương II").
_LIST_MARK = re.compile(r"^(?:(?P<number>\d{1,3})[.)]|[-•+–])\s+")
_EMPHASIS = re.compile(r"\*\*|__")
_MARKUP_FIRST = "#*_>-•+–"
_KEYWORD_START = re.compile(r"^(?:[ĐÐ]iều|[ĐÐ]IỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Tiểu mục|TIỂU MỤC|Phụ lục|PHỤ LỤC)\s*\S")


@dataclass(frozen=True)
class Peeled:
    """A line with the markup around its heading keyword taken off.

    ``text`` starts with a heading keyword, or is the line unchanged when none is
    found under the markup; ``list_number`` is a list number that stood before
    the keyword ("42" of "42. Điều 3."), "" when there was none.
    """

    text: str
    list_number: str = ""
    changed: bool = False


def _strip_decor_end(text: str) -> str:
    """Trailing emphasis ("**", "__", "*") and closing heading marks (" ##"), however many.

    With string methods, not a pattern: a pattern of repeated alternatives anchored
    at the end backtracks exponentially on a long run of underscores that does not
    end the line (a form's blank "____ ký tên"), found by fuzzing.
    """
    while True:
        trimmed = text.rstrip().rstrip("*_")
        if trimmed.endswith("#"):
            before = trimmed.rstrip("#")
            if before != before.rstrip():  # a closing mark only after a space: "Điều 3 ##", never "C#"
                trimmed = before
        if trimmed == text:
            return text
        text = trimmed


def peel(text: str) -> Peeled:
    """Take heading marks, emphasis and a stray list number off a line whose rest is a heading.

    Rules for families of conversions, not for one file: whatever the markup
    (Markdown, a Word list, a web page's bold), what a reader sees first is the
    keyword ("Điều", "Chương", …); the markup goes only when the keyword is
    found under it, so "1. Khoản …" and "**Chú ý**" are left alone.
    """
    first = text[:1]
    if first not in _MARKUP_FIRST and not first.isdigit() and "*" not in text and "__" not in text:
        return Peeled(text)  # most lines: nothing to peel (and this runs on every line)
    rest = _DECOR_START.sub("", text) if first in _MARKUP_FIRST else text
    number = ""
    mark = _LIST_MARK.match(rest)
    if mark:
        number = mark.group("number") or ""
        rest = rest[mark.end() :]
        if rest[:1] in _MARKUP_FIRST:
            rest = _DECOR_START.sub("", rest)
    if not _KEYWORD_START.match(rest):
        return Peeled(text)
    rest = squeeze(_EMPHASIS.sub("", _strip_decor_end(rest)))
    if rest == text:
        return Peeled(text)
    return Peeled(rest, number, True)


@dataclass(frozen=True)
class Heading:
    """A line read as a heading. ``form`` is how sure the line alone makes it:

    "strong" (keyword, number, separator: "Điều 3. Title", "Chương I", "Mục 2: TITLE"),
    "bare" (keyword and number alone: "Điều 3"), "weak" ("Điều 3 Title", no separator).
    """

    kind: NodeKind
    number: str
    title: str = ""
    form: str = "strong"
    typo: bool = False


def is_upper(text: str) -> bool:
    """Whether ``text`` has letters and all of them are capitals (a heading's title)."""
    return any(c.isalpha() for c in text) and text == text.upper()


def division(text: str) -> Heading | None:
    """A part, chapter, section, subsection or appendix heading, or None."""
    for kind, pattern in _DIVISION.items():
        m = pattern.match(text)
        if not m:
            continue
        heading = _division(kind, (m.group("number") or "").strip(), m.group("tail"))
        if heading is None and kind == NodeKind.APPENDIX and m.group("number"):
            # "PHỤ LỤC DANH MỤC …": an appendix without a number, its title on the line.
            heading = _division(kind, "", text[m.start("number") - 1 :])
        return heading
    return None


def _division(kind: NodeKind, number: str, tail: str) -> Heading | None:
    if kind != NodeKind.APPENDIX and not number:
        return None
    number = re.sub(r"^số\s+", "", number)
    if not tail.strip():
        return Heading(kind, number, "", "bare")
    if re.match(r"^[.,]\d", tail):  # "Mục 2.1", "Chương 3,5": numbering of another kind
        return None
    sep = _SEPARATOR.match(tail)
    if sep:
        title = sep.group("title").strip()
        if kind == NodeKind.APPENDIX and title and not is_upper(title):
            return None  # "Phụ lục IIa. Nhật ký …": a list of appendices, not one
        if title and not (title[0].isupper() or title[0].isdigit() or title[0] in '(“"'):
            return None
        return Heading(kind, number, title, "strong")
    spaced = _SPACED.match(tail)
    if spaced and (number or kind == NodeKind.APPENDIX) and is_upper(spaced.group("title")):
        return Heading(kind, number, spaced.group("title").strip(), "strong")
    return None


def article(text: str) -> Heading | None:
    """An article heading ("Điều N…"), or None."""
    m = _ARTICLE.match(text)
    if not m:
        return None
    number, tail = m.group("number"), m.group("tail")
    typo = m.group("keyword") == "Điền"
    if not tail.strip():
        return Heading(NodeKind.ARTICLE, number, "", "bare", typo)
    sep = _SEPARATOR.match(tail)
    if sep:
        title = sep.group("title").strip()
        if tail.lstrip()[0] in "-–—" and not title[:1].isupper():
            return None  # "Điều 3 - 5 của Luật …": a range, not a heading
        return Heading(NodeKind.ARTICLE, number, title, "strong", typo)
    spaced = _SPACED.match(tail)
    if spaced and not typo:
        title = spaced.group("title").strip()
        if title[0].isupper() and not _REFERENCE_WORDS.match(title):
            return Heading(NodeKind.ARTICLE, number, title, "weak")
    return None


def clause(text: str) -> Heading | None:
    m = _CLAUSE.match(text)
    return Heading(NodeKind.CLAUSE, m.group("number"), m.group("text")) if m else None


def point(text: str) -> Heading | None:
    m = _POINT.match(text)
    return Heading(NodeKind.POINT, m.group("number"), m.group("text")) if m else None


def split_footnote(title: str) -> tuple[str, str]:
    """("Hiệu lực thi hành", "2") from "Hiệu lực thi hành2": a footnote mark glued by PDF extraction."""
    m = _FOOTNOTE.match(title)
    return (m.group("title"), m.group("mark")) if m else (title, "")


def number_key(number: str) -> tuple[int, str]:
    """An article or clause number in order: "12" < "12a" < "12b" < "13"; "5" < "5+"."""
    m = re.match(r"(\d+)(.*)", number)
    return (int(m.group(1)), m.group(2)) if m else (0, number)


def follows(previous: str | None, number: str) -> bool:
    """Whether clause ``number`` may come right after clause ``previous`` (None: the first)."""
    if previous is None:
        return number_key(number) == (1, "")
    before, after = number_key(previous), number_key(number)
    return (after[0] == before[0] + 1 and not after[1]) or (after[0] == before[0] and after[1] > before[1])


def follows_letter(previous: str | None, number: str) -> bool:
    """Whether point ``number`` may come right after point ``previous`` (None: the first)."""
    letter, suffix = number[0], number[1:]
    if previous is None:
        return letter == "a" and not suffix
    if letter == previous[0]:
        return suffix > previous[1:]
    if suffix:
        return False
    for alphabet in (POINT_LETTERS, _LATIN):
        i = alphabet.find(previous[0])
        if 0 <= i < len(alphabet) - 1 and alphabet[i + 1] == letter:
            return True
    return False
