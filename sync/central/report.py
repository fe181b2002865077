"""The report for the drafting agency: counts per article and question, and every comment.

Personal data is left out unless asked for; then it is opened with the
centre's sealing key, record by record, and a record that cannot be opened
is reported without holding back the rest (getodk/getodk#671).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from nacl.public import PrivateKey

from kiosk import canonical
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.legal_key import label_for_key
from kiosk.receipt_code import group
from sync.central.store import CentreBackend
from sync.errors import Undecryptable
from sync.keys import b64decode, unseal

_STANCES = ("agree", "disagree", "other")
_PERSONAL = ("name", "phone", "id_number", "address")


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    submissions: int
    comments: int
    undecryptable: tuple[str, ...] = ()  # receipt codes whose personal data could not be opened


def _stance_label(stance: str) -> str:
    return {"agree": _("Agree"), "disagree": _("Disagree"), "other": _("Other opinion")}.get(stance, stance)


def _channel_label(channel: str | None) -> str:
    return {"self": _("At the kiosk"), "assisted": _("With a clerk"), "paper": _("Paper form")}.get(channel or "", channel or "")


def article_titles(trees: list[str]) -> dict[str, tuple[int, str]]:
    """Legal key → (document order, title), from the draft trees, the newest version first.

    Keys are made exactly as the kiosk makes them when it stores a draft
    (kiosk.consultations.add_draft): articles and appendices are numbered
    across the document, clauses and points within their parent.
    """
    titles: dict[str, tuple[int, str]] = {}
    for tree in trees:
        position = 0

        def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
            nonlocal position
            position += 1
            segment = f"{node['kind']}:{node.get('number') or position}"
            path = (segment,) if node["kind"] in ("article", "appendix") else (*path, segment)
            titles.setdefault("/".join(path), (position, node.get("title", "")))
            for child in node.get("children", []):
                walk(child, path)

        for node in canonical.loads(tree):
            walk(node, ())
    return titles


def _open_personal(sealing: PrivateKey, sealed: Any) -> dict[str, str]:
    try:
        fields = canonical.loads(unseal(sealing, b64decode(sealed["ct"])))
        return {name: str(fields.get(name, "")) for name in _PERSONAL}
    except (KeyError, TypeError, ValueError) as error:
        raise Undecryptable(str(error)) from error


def _day(event: dict[str, Any]) -> date | None:
    with contextlib.suppress(TypeError, ValueError):
        if event.get("form_date"):
            return date.fromisoformat(event["form_date"])
        return datetime.fromisoformat(event["local_time"]).date()
    return None


def build_report(backend: CentreBackend, code: str, out: Path, *, sealing: PrivateKey | None = None) -> ReportSummary:
    """Write the report of consultation ``code`` to ``out`` (.csv or .xlsx).

    :param sealing: the centre's private sealing key: personal data is
        included only when it is given.
    """
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(_("A report is written as .csv or .xlsx, not {name}.").format(name=out.name))
    consultation = backend.consultation(code)
    if consultation is None:
        raise NotFoundError(_("The centre has no consultation with the code {code}.").format(code=code))
    spec = canonical.loads(consultation["spec"])
    titles = article_titles([d["tree"] for d in reversed(backend.drafts(code))])
    closes = date.fromisoformat(spec["closes"])
    questions = spec.get("questions", [])

    stances: dict[str, Counter] = {}
    answers: dict[int, Counter] = {}
    comments: list[list[Any]] = []
    undecryptable: list[str] = []
    submissions = 0
    for row in backend.submissions(code):
        event = canonical.loads(row["body"])
        submissions += 1
        receipt = group(row["receipt_code"]) if row["receipt_code"] else ""
        personal = dict.fromkeys(_PERSONAL, "")
        if sealing is not None and event.get("sealed"):
            try:
                personal = _open_personal(sealing, event["sealed"])
            except Undecryptable:
                undecryptable.append(receipt or f"{row['kiosk_id']}/{row['epoch']}/{row['seq']}")
                personal = dict.fromkeys(_PERSONAL, _("(cannot be opened)"))
        demographics = event.get("demographics") or {}
        day = _day(event)
        late = _("late") if day is not None and day > closes else ""
        clock = ", ".join(filter(None, (row["clock_state"] if row["clock_state"] != "ok" else "", row["time_flag"] or "")))
        for answer in event.get("answers", []):
            counter = answers.setdefault(answer["question"], Counter())
            for choice in answer.get("choices", []):
                counter[("choice", choice)] += 1
            if answer.get("text"):
                counter[("text", answer["text"])] += 1
        for item in event.get("items", []):
            key = item["node_key"]
            stances.setdefault(key, Counter())[item["stance"]] += 1
            line = [
                receipt,
                row["kiosk_id"],
                row["epoch"],
                row["seq"],
                row["local_time"],
                clock,
                _channel_label(row["channel"]),
                event.get("form_date") or "",
                key,
                label_for_key(key, titles.get(key, (0, ""))[1]),
                _stance_label(item["stance"]),
                item.get("comment", ""),
                demographics.get("age_band", ""),
                demographics.get("gender", ""),
                demographics.get("ethnicity", ""),
                demographics.get("village", ""),
                late,
            ]
            if sealing is not None:
                line += [personal[name] for name in _PERSONAL]
            comments.append(line)

    order = sorted(stances, key=lambda k: (titles.get(k, (10**9, ""))[0], k))
    article_rows = [
        [key, label_for_key(key, titles.get(key, (0, ""))[1]), *(stances[key][s] for s in _STANCES), sum(stances[key].values())]
        for key in order
    ]
    question_rows = []
    for number, question in enumerate(questions, start=1):
        counter = answers.get(number, Counter())
        for index, option in enumerate(question.get("options", [])):
            question_rows.append([number, question["text"], option, counter[("choice", index)]])
        for (kind, text), count in sorted(counter.items(), key=lambda item: str(item[0][1])):
            if kind == "text":
                question_rows.append([number, question["text"], text, count])

    comment_header = [
        _("Receipt code"),
        _("Kiosk"),
        _("Epoch"),
        _("Sequence"),
        _("Kiosk time"),
        _("Clock"),
        _("Channel"),
        _("Paper form date"),
        _("Article key"),
        _("Article"),
        _("Stance"),
        _("Comment"),
        _("Age band"),
        _("Gender"),
        _("Ethnic group"),
        _("Hamlet"),
        _("Late"),
    ]
    if sealing is not None:
        comment_header += [_("Name"), _("Phone"), _("ID number"), _("Address")]
    sections = [
        (
            _("Articles"),
            [_("Article key"), _("Article"), _("Agree"), _("Disagree"), _("Other opinion"), _("Total")],
            article_rows,
        ),
        (_("Questions"), [_("Question"), _("Question text"), _("Answer"), _("Count")], question_rows),
        (_("Comments"), comment_header, comments),
    ]
    data = _xlsx(sections) if suffix == ".xlsx" else _csv(f"{code}: {spec['title']}", sections)
    _write(out, data)
    return ReportSummary(out, submissions, len(comments), tuple(undecryptable))


# A cell starting with one of these is read by spreadsheets as a formula: a comment
# written "=HYPERLINK(…)" must stay text (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _csv(title: str, sections: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """One CSV file: a block per section (its name, its header, its rows), blank lines between blocks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text_cell(title)])
    for name, header, rows in sections:
        writer.writerow([])
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows([_text_cell(value) for value in row] for row in rows)
    # The BOM makes Excel read the Vietnamese text as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(sections: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    for name, header, rows in sections:
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(out: Path, data: bytes) -> None:
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ValidationError(_("{path} cannot be written ({detail}).").format(path=out, detail=error.strerror)) from error
