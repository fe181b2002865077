"""Loading the drafting agency's responses (.csv or .xlsx) for the kiosks to show.

A row answers one submission (its receipt code) or one article of a
consultation (for everyone who commented on it). Columns are found by their
header, in English or Vietnamese, with or without diacritics; the status is
``accepted`` / ``partly_accepted`` / ``not_accepted`` / ``explained`` or its
Vietnamese name (tiếp thu / tiếp thu một phần / không tiếp thu / giải trình).
A bad row is reported with its row number; the good rows are loaded. A row
loaded again replaces the earlier response: the agency's latest word counts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from centre.audit import services as audit
from centre.audit.models import EventType
from centre.consultations import selectors
from centre.core import clock, public_cache
from centre.review.models import Response
from centre.review.report import article_titles
from kiosk import canonical
from kiosk.citations import parse_citation, resolve_citation
from kiosk.errors import UserFacingError, ValidationError
from kiosk.i18n import _
from kiosk.receipt_code import normalise
from kiosk.text import clean, clean_line, fold

_HEADERS = {
    "receipt_code": {"receipt code", "receipt", "ma bien nhan", "ma phieu", "bien nhan"},
    "consultation": {"consultation", "ma lay y kien", "dot lay y kien", "ma du thao"},
    "article": {"article", "dieu", "dieu khoan"},
    "status": {"status", "trang thai", "ket qua", "hinh thuc"},
    "text": {"text", "response", "noi dung", "tra loi", "noi dung tra loi", "giai trinh", "noi dung giai trinh", "y kien giai trinh"},
}
STATUSES = {
    "accepted": "accepted",
    "tiep thu": "accepted",
    "partly accepted": "partly_accepted",
    "partly_accepted": "partly_accepted",
    "tiep thu mot phan": "partly_accepted",
    "not accepted": "not_accepted",
    "not_accepted": "not_accepted",
    "khong tiep thu": "not_accepted",
    "explained": "explained",
    "giai trinh": "explained",
}


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass(frozen=True)
class RespondReport:
    loaded: int
    errors: tuple[RowError, ...]


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z_]+", " ", fold(text)).split())


def read_table(path: Path) -> Iterator[list[str]]:
    """The rows of a .csv (UTF-8) or .xlsx file, every cell as NFC text."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValidationError(_("The file {name} does not exist.").format(name=path))
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a damaged file
            raise ValidationError(_("{name} is not a readable Excel file ({detail}).").format(name=path.name, detail=error)) from error
        try:
            for row in book.active.iter_rows(values_only=True):
                yield [clean(str(v)).strip() if v is not None else "" for v in row]
        finally:
            book.close()
    elif suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("{name} is not UTF-8 text. Save it as “CSV UTF-8” and try again.").format(name=path.name)) from error
        for row in csv.reader(io.StringIO(text)):
            yield [clean(v).strip() for v in row]
    else:
        raise ValidationError(_("{name}: responses are loaded from .xlsx or .csv files.").format(name=path.name))


# The console's export (report.CONSOLE_HEADER), in English or Vietnamese, folded.
_CONSOLE = {
    "comment_id": {"comment id", "ma y kien"},
    "outcome": {"answer outcome", "ket qua tra loi", "hinh thuc tiep thu"},
    "answer": {"answer", "noi dung tra loi", "tra loi"},
}


def _console_sheets(path: Path) -> list[tuple[str, dict[str, int]]]:
    """The sheets of an .xlsx that are the console's export (a comment id, an outcome and an answer column)."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return []
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not readable as Excel: read_table says why
        return []
    found = []
    try:
        for sheet in book.worksheets:
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            columns: dict[str, int] = {}
            for index, cell in enumerate(header):
                for key, spellings in _CONSOLE.items():
                    if cell is not None and _folded(str(cell)).replace("_", " ") in spellings and key not in columns:
                        columns[key] = index
            if len(columns) == len(_CONSOLE):
                found.append((sheet.title, columns))
    finally:
        book.close()
    return found


def _load_console_answers(path: Path, sheets: list[tuple[str, dict[str, int]]], actor: Any, consultation: Any = None) -> RespondReport:
    """Answers filled in on the console's own export: a row whose outcome or text differs from what reaches it now
    becomes that comment's own answer. Rows left as exported change nothing. With ``consultation``, only its comments."""
    import openpyxl

    from centre.review.models import Comment
    from centre.review.selectors import answer_map
    from centre.review.services import do_answer

    loaded, errors = 0, []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    maps: dict[int, Any] = {}
    try:
        with transaction.atomic():
            for title, columns in sheets:
                for number, row in enumerate(book[title].iter_rows(min_row=2, values_only=True), start=2):
                    cells = {key: row[index] if index < len(row) else None for key, index in columns.items()}
                    outcome_text, text = clean(str(cells["outcome"] or "")).strip(), clean(str(cells["answer"] or "")).strip()
                    if not outcome_text and not text:
                        continue
                    try:
                        comment = Comment.objects.select_related("consultation").filter(pk=int(str(cells["comment_id"]))).first()
                    except ValueError:
                        comment = None
                    if comment is None:
                        errors.append(RowError(number, _("the comment {id} is not at the centre").format(id=cells["comment_id"])))
                        continue
                    if consultation is not None and comment.consultation_id != consultation.pk:
                        errors.append(RowError(number, _("the comment {id} is not one of this consultation's").format(id=comment.pk)))
                        continue
                    outcome = STATUSES.get(_folded(outcome_text))
                    if outcome is None:
                        errors.append(
                            RowError(
                                number,
                                _("the status “{text}” is not one of: tiếp thu, tiếp thu một phần, không tiếp thu, giải trình").format(
                                    text=outcome_text
                                ),
                            )
                        )
                        continue
                    answers = maps.setdefault(comment.consultation_id, answer_map(comment.consultation_id))
                    current = answers.for_comment(comment)
                    if current is not None and (current.outcome, current.text) == (outcome, text):
                        continue  # as exported
                    try:
                        do_answer(comment.consultation, actor=actor, outcome=outcome, text=text, comment_id=comment.pk)
                        loaded += 1
                    except UserFacingError as error:
                        errors.append(RowError(number, error.message))
            audit.record(
                EventType.RESPONSES_LOADED,
                actor=actor,
                target_type="file",
                target_id=path.name,
                extra={"loaded": loaded, "errors": len(errors), "sha256": canonical.sha256_hex(path.read_bytes()), "console": True},
            )
    finally:
        book.close()
    return RespondReport(loaded, tuple(errors))


def do_load_responses(path: Path, *, actor: Any = None, consultation: Any = None) -> RespondReport:
    """Load every good row of ``path`` in one transaction, audited; a bad row is reported by its number.

    The console's own export, filled in, loads as answers per comment (waiting for the lead's approval).
    With ``consultation`` (the console's upload) only that file, and only that consultation's comments, are taken.
    """
    path = Path(path)
    sheets = _console_sheets(path)
    if sheets:
        return _load_console_answers(path, sheets, actor, consultation)
    if consultation is not None:
        raise ValidationError(
            _("{name} is not the console's export: load the .xlsx the console gives, with its answers filled in.").format(name=path.name)
        )
    rows = read_table(path)
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("{name} is empty.").format(name=path.name))
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, spellings in _HEADERS.items():
            if _folded(cell).replace("_", " ") in spellings and key not in columns:
                columns[key] = index
    if "status" not in columns or ("receipt_code" not in columns and not {"consultation", "article"} <= set(columns)):
        raise ValidationError(
            _("{name} needs a status column, and either a receipt code column or consultation and article columns.").format(name=path.name)
        )
    loaded, errors = 0, []
    now = clock.now().replace(microsecond=0)
    titles: dict[str, set[str]] = {}
    with transaction.atomic():
        for number, cells in enumerate(rows, start=2):
            values = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
            if not any(values.values()):
                continue
            try:
                _put_response(_response(values, titles), now)
                loaded += 1
            except UserFacingError as error:
                errors.append(RowError(number, error.message))
        public_cache.bump()  # loaded responses are published as they are loaded
        audit.record(
            EventType.RESPONSES_LOADED,
            actor=actor,
            target_type="file",
            target_id=path.name,
            extra={"loaded": loaded, "errors": len(errors), "sha256": canonical.sha256_hex(path.read_bytes())},
        )
    return RespondReport(loaded, tuple(errors))


def _put_response(response: dict[str, Any], now: Any) -> None:
    """The agency's latest word replaces its earlier one: an upsert on purpose."""
    if response["receipt_code"]:
        match = {"receipt_code": response["receipt_code"]}
    else:
        match = {"receipt_code": None, "consultation_code": response["consultation_code"], "legal_key": response["legal_key"]}
    Response.objects.update_or_create(**match, defaults={**response, "loaded_at": now})


def _response(values: dict[str, str], titles: dict[str, set[str]]) -> dict[str, str | None]:
    status = STATUSES.get(_folded(values.get("status", "")))
    if status is None:
        raise ValidationError(
            _("the status “{text}” is not one of: tiếp thu, tiếp thu một phần, không tiếp thu, giải trình").format(
                text=values.get("status", "")
            )
        )
    text = clean(values.get("text", "")).strip()
    if values.get("receipt_code"):
        code = normalise(values["receipt_code"])
        submission = selectors.submission_by_receipt(code)
        if submission is None:
            raise ValidationError(
                _("the receipt code {code} is not among the submissions the centre holds").format(code=values["receipt_code"])
            )
        return {
            "consultation_code": submission["consultation_code"],
            "receipt_code": code,
            "legal_key": None,
            "kiosk_id": submission["kiosk_id"],
            "status": status,
            "text": text,
        }
    code = clean_line(values.get("consultation", ""))
    if code not in titles:
        if selectors.consultation_by_code(code) is None:
            raise ValidationError(_("the centre has no consultation with the code {code}").format(code=code))
        titles[code] = set(article_titles(selectors.draft_trees(code)))
    written = values.get("article", "").strip()
    if parse_citation(written) is None:
        resolve_citation(written, titles[code])  # raises the message that says how a citation is written
    key = parse_citation(written).key  # "khoản 3 Điều 12", "Đ.12 k.3", "12"…, as the person wrote it
    if key not in titles[code]:
        raise ValidationError(_("the draft of {code} has no {reference}").format(code=code, reference=written))
    return {"consultation_code": code, "receipt_code": None, "legal_key": key, "kiosk_id": None, "status": status, "text": text}
