"""Importing transcribed paper forms from a spreadsheet (.xlsx or .csv), one form per row.

Columns are found by their header, in English or Vietnamese, in any case and
with or without diacritics. A bad row is reported with its row number and
the reason; the good rows are imported. A row with a ``row_key`` is imported
once: importing the same file again adds nothing.

Which columns a row needs follows its consultation's kind:

- a draft: ``article`` and ``stance`` (and ``comment``); the article is
  cited as people write it ("Điều 12", "khoản 3 Điều 12", "Đ.12 k.3", "12";
  see kiosk.citations);
- an ideas call: ``category``, ``hamlet``, ``problem`` and/or ``proposal``
  for a new idea, and/or ``support_of`` with the references of the ideas the
  person also has (several separated by commas). On an ideas form a lone
  "Thôn" column is the hamlet the idea concerns;
- a vote: ``choice`` (option numbers as on the ballot, "1" or "1, 3", or an
  option's title; a "Lựa chọn" column serves too), and ``id_number``.

Filling in name, phone or ID number on a paper form is taken as the consent
the form asks for; they are sealed to the centre like any personal details.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.citations import resolve_citation
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Channel, ConsultationKind, ContributorType, Stance
from kiosk.errors import UserFacingError, ValidationError
from kiosk.feedback import Consent, Demographics, FeedbackForm, FeedbackItem, Idea, PersonalData
from kiosk.i18n import _
from kiosk.ideas import IdeaBoard
from kiosk.safe_files import check_office_zip, check_size
from kiosk.submissions import SubmissionService
from kiosk.text import clean, clean_line, fold

# Folded header spellings (see kiosk.text.fold) for each column key.
_HEADERS = {
    "consultation": {"consultation", "ma lay y kien", "dot lay y kien", "ma dot lay y kien", "ma du thao"},
    "article": {"article", "dieu", "dieu khoan", "dieu gop y"},
    "stance": {"stance", "quan diem", "y kien", "lua chon"},
    "comment": {"comment", "noi dung gop y", "gop y", "noi dung", "y kien cu the"},
    "form_date": {"form date", "ngay", "ngay phieu", "ngay gop y", "ngay ghi phieu"},
    "village": {"village", "thon", "ap", "ban", "thon ap", "to dan pho"},
    "age_band": {"age band", "do tuoi", "nhom tuoi"},
    "gender": {"gender", "gioi tinh"},
    "ethnicity": {"ethnicity", "dan toc"},
    "name": {"name", "ho ten", "ho va ten"},
    "phone": {"phone", "dien thoai", "so dien thoai"},
    "row_key": {"row key", "ma phieu", "so phieu"},
    "contributor": {"contributor", "contributor type", "doi tuong", "doi tuong gop y", "nguoi gop y la", "loai nguoi gop y"},
    "category": {"category", "linh vuc", "nhom van de", "danh muc", "loai van de"},
    "hamlet": {"hamlet", "hamlet concerned", "thon lien quan", "dia ban", "dia ban lien quan", "noi xay ra"},
    "problem": {"problem", "van de", "van de gap phai", "kho khan"},
    "proposal": {"proposal", "de xuat", "kien nghi", "giai phap", "sang kien"},
    "support_of": {"support of", "support", "supports", "ung ho", "ung ho y tuong", "cung gap van de", "toi cung gap van de nay"},
    "choice": {"choice", "choices", "vote", "phuong an", "phuong an chon", "bieu quyet", "chon", "lua chon phuong an"},
    "id_number": {"id number", "cccd", "so cccd", "can cuoc", "so can cuoc", "can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan"},
}
REQUIRED = ("consultation", "article", "stance")  # named when no header is found: the draft form is the common one
# A header names the consultation and the columns of at least one kind of form.
_FORM_COLUMNS = (("article", "stance"), ("stance",), ("category",), ("problem",), ("proposal",), ("support_of",), ("choice",))
_SEPARATORS = re.compile(r"[,;\n]+")
_HEADER_SEARCH_ROWS = 10

_STANCES = {
    "dong y": Stance.AGREE,
    "agree": Stance.AGREE,
    "khong dong y": Stance.DISAGREE,
    "disagree": Stance.DISAGREE,
    "y kien khac": Stance.OTHER,
    "khac": Stance.OTHER,
    "other": Stance.OTHER,
}


@dataclass(frozen=True)
class RowResult:
    row: int  # the spreadsheet's row number, the header being row 1
    receipt_code: str = ""
    duplicate: bool = False
    error: str = ""


@dataclass(frozen=True)
class ImportReport:
    rows: tuple[RowResult, ...]

    @property
    def imported(self) -> list[RowResult]:
        return [r for r in self.rows if r.receipt_code and not r.duplicate]

    @property
    def duplicates(self) -> list[RowResult]:
        return [r for r in self.rows if r.duplicate]

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.error]


def _header_key(header: object) -> str | None:
    folded = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(header or ""))).split())
    for key, spellings in _HEADERS.items():
        if folded in spellings:
            return key
    return None


def _is_header(columns: dict[str, int]) -> bool:
    return "consultation" in columns and any(all(key in columns for key in group) for group in _FORM_COLUMNS)


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _header_key(cell)
        if key and key not in columns:
            columns[key] = index
    return columns


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value)).strip()


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    check_office_zip(path)
    try:
        # Not read-only: merged cells are only known in the full model.
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ValidationError(_("{name} is not a readable Excel file ({detail}).").format(name=path.name, detail=error)) from error
    # The sheet open when the file was saved; a chart sheet or a damaged index leaves the first worksheet.
    sheet = book.active if isinstance(book.active, Worksheet) else next(iter(book.worksheets), None)
    if sheet is None:
        raise ValidationError(_("{name} is empty.").format(name=path.name))
    # A merged cell holds its value in its top-left cell only: give it to every cell it covers.
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, col).value = value
    for row in sheet.iter_rows(values_only=True):
        yield [_cell_text(v) for v in row]
    book.close()


def _decode_csv(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258 as older Vietnamese Excel saves it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")  # tone marks come decomposed; clean() composes them (NFC)
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("{name} is neither UTF-8 nor Windows-1258 text. Save it as “CSV UTF-8” and try again.").format(name=path.name)
        ) from error


def _read_rows(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_rows(path)
    elif suffix == ".csv":
        check_size(path)
        text = _decode_csv(path, path.read_bytes())
        try:
            # Every row is read before the first is imported: a file refused half-way must leave nothing behind.
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            raise ValidationError(_("{name} is not a readable CSV file ({detail}).").format(name=path.name, detail=error)) from error
        for row in rows:
            yield [_cell_text(v) for v in row]
    else:
        raise ValidationError(_("{name}: paper forms are imported from .xlsx or .csv files.").format(name=path.name))


def _parse_date(text: str) -> date:
    if text.isdigit() and 20000 < int(text) < 80000:
        # An Excel serial day number (days since 1899-12-30), from a cell not formatted as a date.
        return date(1899, 12, 30) + timedelta(days=int(text))
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise ValidationError(_("the date “{text}” is not written as dd/mm/yyyy").format(text=text)) from error


class PaperImporter:
    """Imports one spreadsheet through the submission service, row by row."""

    def __init__(self, service: SubmissionService) -> None:
        self.service = service
        self.consultations = ConsultationRepository(service.store)
        self.board = IdeaBoard(service.store)
        self._keys: dict[int, frozenset[str]] = {}  # a draft's legal keys, read once per file

    def import_file(self, path: Path) -> ImportReport:
        if not path.is_file():
            raise ValidationError(_("The file {name} does not exist.").format(name=path))
        self._keys = {}  # a new draft may have arrived since the last file
        rows = enumerate(_read_rows(path), start=1)
        columns = None
        # The header is the first row naming the required columns: forms often
        # carry a title row (merged across the sheet) above it.
        for number, cells in rows:
            columns = _columns(cells)
            if _is_header(columns) or number >= _HEADER_SEARCH_ROWS:
                break
        if columns is None:
            raise ValidationError(_("{name} is empty.").format(name=path.name))
        missing = [key for key in REQUIRED if key not in columns]
        if not _is_header(columns):
            raise ValidationError(
                _("{name} has no column for: {columns}. The first row must name the columns.").format(
                    name=path.name, columns=", ".join(missing)
                )
            )
        results = []
        for number, cells in rows:
            values = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
            if not any(values.values()) or _is_header(_columns(cells)):
                continue  # a blank row, or the lower half of a header merged over two rows
            results.append(self._import_row(number, values))
        return ImportReport(tuple(results))

    def _import_row(self, number: int, values: dict[str, str]) -> RowResult:
        try:
            form = self._form(values)
            submitted = self.service.submit(form)
        except UserFacingError as error:
            return RowResult(number, error=error.message)
        return RowResult(number, receipt_code=submitted.receipt.code, duplicate=submitted.duplicate)

    def _form(self, values: dict[str, str]) -> FeedbackForm:
        code = values["consultation"]
        consultation = self.consultations.get(code)
        kind = ConsultationKind(consultation.kind)
        form_date = _parse_date(values["form_date"]) if values.get("form_date") else None
        personal = PersonalData(name=values.get("name", ""), phone=values.get("phone", ""), id_number=values.get("id_number", ""))
        village = values.get("village", "")
        content: dict = {}
        if kind == ConsultationKind.IDEAS:
            if "hamlet" not in values:
                village = ""  # the form's only hamlet column names the hamlet the idea concerns
            content = self._ideas(consultation.code, values)
        elif kind == ConsultationKind.VOTE:
            content = {"vote": self._choices(consultation.code, values.get("choice") or values.get("stance", ""))}
        else:
            content = {"items": (self._item(consultation.code, values),)}
        demographics = Demographics(
            age_band=values.get("age_band", ""),
            gender=values.get("gender", ""),
            ethnicity=values.get("ethnicity", ""),
            village=village,
        )
        return FeedbackForm(
            consultation_code=consultation.code,
            contributor_type=_contributor(values.get("contributor", "")),
            channel=Channel.PAPER,
            form_date=form_date,
            consent=Consent(demographics=not demographics.is_empty(), personal_data=not personal.is_empty()),
            demographics=demographics,
            personal=personal,
            row_key=values.get("row_key", ""),
            **content,
        )

    def _item(self, code: str, values: dict[str, str]) -> FeedbackItem:
        stance = _STANCES.get(fold(values.get("stance", "")).strip())
        if stance is None:
            raise ValidationError(
                _("the stance “{text}” is not one of: đồng ý, không đồng ý, ý kiến khác").format(text=values.get("stance", ""))
            )
        return FeedbackItem(node_id=self._node_id(code, values.get("article", "")), stance=stance, comment=values.get("comment", ""))

    def _ideas(self, code: str, values: dict[str, str]) -> dict:
        problem, proposal = values.get("problem", ""), values.get("proposal", "")
        hamlet = values.get("hamlet", values.get("village", ""))
        ideas = (Idea(values.get("category", ""), hamlet, problem, proposal),) if problem or proposal else ()
        references = [ref.strip() for ref in _SEPARATORS.split(values.get("support_of", "")) if ref.strip()]
        supports = tuple(self.board.find(code, ref).id for ref in references)
        if not ideas and not supports:
            raise ValidationError(_("the row has no problem, no proposal and no idea to support"))
        return {"ideas": ideas, "supports": supports}

    def _choices(self, code: str, text: str) -> tuple[int, ...]:
        """Option numbers as printed on the ballot ("2", "1, 3", "PA 1 và PA 3"), or one option's title."""
        options = self.consultations.vote_options(code)
        for option in options:
            if fold(clean_line(text)) == fold(option.title):
                return (option.position - 1,)
        numbers = re.findall(r"\d+", text)
        if not numbers:
            raise ValidationError(_("the choice “{text}” names no option: write the option's number (1, 2, 3…)").format(text=text))
        return tuple(int(n) - 1 for n in numbers)

    def _node_id(self, code: str, reference: str) -> int:
        """The node a row's citation names, written as people write it ("khoản 3 Điều 12", "Đ.12 k.3", "12")."""
        draft_id = self.consultations.current_draft_id(code)
        if draft_id is None:
            raise ValidationError(_("the draft has no {reference}").format(reference=reference))
        if draft_id not in self._keys:
            self._keys[draft_id] = frozenset(node.legal_key for node in self.consultations.nodes(draft_id))
        node = self.consultations.node_by_key(draft_id, resolve_citation(reference, self._keys[draft_id]))
        if node is None:  # its key was read from this draft's nodes in this import: never, short of a damaged store
            raise ValidationError(_("the draft has no {reference}").format(reference=reference))
        return node.id


# Folded spellings of who gave the opinion, as paper forms and agencies write them.
_CONTRIBUTORS = {
    ContributorType.INDIVIDUAL: {"ca nhan", "nguoi dan", "cong dan", "individual", "person"},
    ContributorType.ORGANISATION: {"to chuc", "hoi", "doan the", "organisation", "organization"},
    ContributorType.BUSINESS: {"doanh nghiep", "cong ty", "hop tac xa", "ho kinh doanh", "business", "company"},
    ContributorType.EXPERT: {"chuyen gia", "nha khoa hoc", "expert"},
    ContributorType.STATE_AGENCY: {"co quan nha nuoc", "co quan", "state agency", "agency"},
}


def _contributor(text: str) -> str:
    """The contributor type a row names, "" when it names none; an unknown one is the row's error, quoted as written."""
    folded = fold(text).strip()
    if not folded:
        return ""
    for kind, spellings in _CONTRIBUTORS.items():
        if folded in spellings:
            return kind.value
    raise ValidationError(
        _("“{text}” is not one of: cá nhân, tổ chức, doanh nghiệp, chuyên gia, cơ quan nhà nước").format(text=text.strip())
    )
