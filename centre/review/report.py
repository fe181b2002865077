"""The report for the drafting agency: counts per article and question, and every comment.

Personal data is left out unless asked for; then it is opened with the
centre's sealing key, record by record, and a record that cannot be opened
is reported without holding back the rest (getodk/getodk#671).

Counts leave out events signed by a revoked key; the listings show them,
marked in their "Revoked" column. Rows are written as they are read, so a
consultation of a million comments needs no more memory than one of ten.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from nacl.public import PrivateKey

from centre.audit import services as audit
from centre.audit.models import EventType
from centre.consultations import selectors
from centre.consultations.results import VoteClass, count_ideas, open_personal, tally_votes
from centre.fleet.models import Kiosk
from kiosk import canonical
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.ideas import short_ref
from kiosk.legal_key import label_for_key
from kiosk.receipt_code import group
from sync.errors import Undecryptable

_STANCES = ("agree", "disagree", "other")
_PERSONAL = ("name", "phone", "id_number", "address")


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    submissions: int
    comments: int
    undecryptable: tuple[str, ...] = ()  # receipt codes whose personal data could not be opened
    kind: str = "draft"
    ideas: int = 0
    supports: int = 0
    verified: int = 0  # votes with a verified, unique ID number
    anonymous: int = 0  # votes counted without one
    duplicates: int = 0  # votes repeating an ID number: not counted
    not_counted: int = 0  # votes that do not fit the ballot or cannot be opened


Section = tuple[str, list[str], Iterable[list[Any]]]
Places = dict[str, tuple[str, str]]


def build_report(
    code: str,
    out: Path,
    *,
    sealing: PrivateKey | None = None,
    vote_key: PrivateKey | None = None,
    actor: Any = None,
) -> ReportSummary:
    """Write the report of consultation ``code`` to ``out`` (.csv or .xlsx); audited, since it may carry personal data.

    :param sealing: the centre's private sealing key: personal data is
        included only when it is given.
    :param vote_key: the same key, to open the votes of a vote (whose tally
        needs it) without including personal data.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(_("A report is written as .csv or .xlsx, not {name}.").format(name=out.name))
    consultation = selectors.consultation_by_code(code)
    if consultation is None:
        raise NotFoundError(_("The centre has no consultation with the code {code}.").format(code=code))
    spec = selectors.spec_of(consultation)
    kind = spec.get("kind", "draft")
    places: Places = {k: (p, c) for k, p, c in Kiosk.objects.values_list("kiosk_id", "province_name", "commune_name")}
    if kind == "ideas":
        sections, summarise = _ideas_report(code, spec, sealing, places)
    elif kind == "vote":
        key = vote_key or sealing
        if key is None:
            raise ValidationError(_("The report of a vote needs the centre's sealing key to open the votes."))
        sections, summarise = _vote_report(code, spec, key, places, with_personal=sealing is not None)
    else:
        sections, summarise = _draft_report(code, spec, sealing, places)
    if suffix == ".xlsx":
        _write(out, lambda fh: _xlsx(fh, sections))
    else:
        _write(out, lambda fh: _csv(fh, f"{code}: {spec['title']}", sections))
    summary = summarise()  # read after the rows were written: the undecryptable records are known only then
    with transaction.atomic():
        audit.record(
            EventType.REPORT_WRITTEN,
            actor=actor,
            target_type="consultation",
            target_id=code,
            extra={"file": out.name, "personal_data": sealing is not None, "submissions": summary.submissions},
        )
    return replace(summary, path=out)


def _stance_label(stance: str) -> str:
    return {"agree": _("Agree"), "disagree": _("Disagree"), "other": _("Other opinion")}.get(stance, stance)


def _channel_label(channel: str | None) -> str:
    return {"self": _("At the kiosk"), "assisted": _("With a clerk"), "paper": _("Paper form")}.get(channel or "", channel or "")


def _revoked_label(row: dict[str, Any]) -> str:
    return _("revoked") if row.get("revoked") else ""


def _place_cells(places: Places, kiosk_id: str) -> list[str]:
    """The province and commune of the kiosk, as enrolled."""
    return list(places.get(kiosk_id, ("", "")))


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


def _day(event: dict[str, Any]) -> date | None:
    with contextlib.suppress(TypeError, ValueError):
        if event.get("form_date"):
            return date.fromisoformat(event["form_date"])
        return datetime.fromisoformat(event["local_time"]).date()
    return None


def _row_context(row: dict[str, Any], event: dict[str, Any], closes: date) -> tuple[str, str]:
    """(late, clock): whether the feedback is dated after the close, and what is odd about its time."""
    day = _day(event)
    late = _("late") if day is not None and day > closes else ""
    clock = ", ".join(filter(None, (row["clock_state"] if row["clock_state"] != "ok" else "", row["time_flag"] or "")))
    return late, clock


def _personal_of(sealing: PrivateKey, row: dict[str, Any], event: dict[str, Any], undecryptable: list[str]) -> dict[str, str]:
    if not event.get("sealed"):
        return dict.fromkeys(_PERSONAL, "")
    try:
        return open_personal(sealing, event["sealed"])
    except Undecryptable:
        receipt = group(row["receipt_code"]) if row["receipt_code"] else ""
        undecryptable.append(receipt or f"{row['kiosk_id']}/{row['epoch']}/{row['seq']}")
        return dict.fromkeys(_PERSONAL, _("(cannot be opened)"))


def _count_answers(answers: dict[int, Counter], event: dict[str, Any]) -> None:
    for answer in event.get("answers", []):
        counter = answers.setdefault(answer["question"], Counter())
        for choice in answer.get("choices", []):
            counter[("choice", choice)] += 1
        if answer.get("text"):
            counter[("text", answer["text"])] += 1


def _questions_section(questions: list[dict[str, Any]], answers: dict[int, Counter]) -> Section:
    question_rows = []
    for number, question in enumerate(questions, start=1):
        counter = answers.get(number, Counter())
        for index, option in enumerate(question.get("options", [])):
            question_rows.append([number, question["text"], option, counter[("choice", index)]])
        for (kind, text), count in sorted(counter.items(), key=lambda item: str(item[0][1])):
            if kind == "text":
                question_rows.append([number, question["text"], text, count])
    return (_("Questions"), [_("Question"), _("Question text"), _("Answer"), _("Count")], question_rows)


def _draft_report(
    code: str, spec: dict[str, Any], sealing: PrivateKey | None, places: Places
) -> tuple[list[Section], Callable[[], ReportSummary]]:
    """Two passes over the submissions: the counts first (their sections come first), then every comment, streamed."""
    titles = article_titles(list(reversed(selectors.draft_trees(code))))
    closes = date.fromisoformat(spec["closes"])
    questions = spec.get("questions", [])

    stances: dict[str, Counter] = {}
    answers: dict[int, Counter] = {}
    submissions = comments = 0
    for row in selectors.submissions(code):
        event = canonical.loads(row["body"])
        submissions += 1
        _count_answers(answers, event)
        for item in event.get("items", []):
            stances.setdefault(item["node_key"], Counter())[item["stance"]] += 1
            comments += 1
    undecryptable: list[str] = []
    console = _console_cells(code)
    blank = [""] * len(CONSOLE_HEADER)

    def comment_rows() -> Iterator[list[Any]]:
        for row in selectors.submissions(code, include_revoked=True):
            event = canonical.loads(row["body"])
            receipt = group(row["receipt_code"]) if row["receipt_code"] else ""
            personal = _personal_of(sealing, row, event, undecryptable) if sealing is not None else {}
            demographics = event.get("demographics") or {}
            late, clock = _row_context(row, event, closes)
            for position, item in enumerate(event.get("items", [])):
                key = item["node_key"]
                line = [
                    receipt,
                    row["kiosk_id"],
                    *_place_cells(places, row["kiosk_id"]),
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
                    # the console's columns, before the last two that earlier readers find at the end
                    *console.get((row["kiosk_id"], row["epoch"], row["seq"], position), blank),
                    _real_time(row["local_time"]),
                    late,
                    _revoked_label(row),
                ]
                if sealing is not None:
                    line += [personal[name] for name in _PERSONAL]
                yield line

    order = sorted(stances, key=lambda k: (titles.get(k, (10**9, ""))[0], k))
    article_rows = [
        [key, label_for_key(key, titles.get(key, (0, ""))[1]), *(stances[key][s] for s in _STANCES), sum(stances[key].values())]
        for key in order
    ]
    comment_header = [
        _("Receipt code"),
        _("Kiosk"),
        _("Province"),
        _("Commune"),
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
        *[_(name) for name in CONSOLE_HEADER],
        _("Kiosk time (date)"),
        _("Late"),
        _("Revoked"),
    ]
    if sealing is not None:
        comment_header += _personal_header()
    sections: list[Section] = [
        (
            _("Articles"),
            [_("Article key"), _("Article"), _("Agree"), _("Disagree"), _("Other opinion"), _("Total")],
            article_rows,
        ),
        _questions_section(questions, answers),
        (_("Comments"), comment_header, comment_rows()),
    ]
    return sections, lambda: ReportSummary(Path(), submissions, comments, tuple(undecryptable))


# The console's columns (issue 18). "Answer outcome" and "Answer" are what `respond` reads back from a filled-in export.
CONSOLE_HEADER = ("Comment ID", "Contributor type", "Review status", "Tags", "Group", "Answered at", "Answer outcome", "Answer")
# English names, read back whatever the language of the export (respond matches them folded, in both languages).
OUTCOME_NAMES = {
    "accepted": "tiếp thu",
    "partly_accepted": "tiếp thu một phần",
    "not_accepted": "không tiếp thu",
    "explained": "giải trình",
}


def _console_cells(code: str) -> dict[tuple[str, int, int, int], list[Any]]:
    """Per commented item (kiosk, epoch, seq, item): the console's status, tags, group and effective answer."""
    from centre.review.models import Comment
    from centre.review.selectors import answer_map

    consultation = selectors.consultation_by_code(code)
    if consultation is None:
        return {}
    answers = answer_map(consultation.pk)
    tags: dict[int, list[str]] = {}
    through = Comment.tags.through
    for comment_id, name in through.objects.filter(comment__consultation=consultation).values_list("comment_id", "tag__name"):
        tags.setdefault(comment_id, []).append(name)
    cells: dict[tuple[str, int, int, int], list[Any]] = {}
    rows = Comment.objects.filter(consultation=consultation).select_related("event").order_by("pk")
    for comment in rows.iterator(chunk_size=5000):
        answer = answers.for_comment(comment)
        if answer is None:
            where = ""
        elif answer.comment_id == comment.pk:
            where = _("this comment")
        elif answer.group_id:
            where = _("group {group}").format(group=answer.group_id)
        else:
            where = label_for_key(answer.legal_key or "")
        event = comment.event
        cells[(event.kiosk_id, event.epoch, event.seq, comment.item)] = [
            comment.pk,
            comment.contributor_type,
            comment.status,
            ", ".join(sorted(tags.get(comment.pk, []))),
            comment.group_id or "",
            where,
            OUTCOME_NAMES.get(answer.outcome, answer.outcome) if answer else "",
            answer.text if answer else "",
        ]
    return cells


def _real_time(local_time: str | None) -> datetime | str:
    """The kiosk's time as a date Excel can sort and filter: the kiosk's wall clock, without its offset (Excel has none)."""
    try:
        return datetime.fromisoformat(local_time or "").replace(tzinfo=None)
    except ValueError:
        return ""


def _personal_header() -> list[str]:
    return [_("Name"), _("Phone"), _("ID number"), _("Address")]


def _ideas_report(
    code: str, spec: dict[str, Any], sealing: PrivateKey | None, places: Places
) -> tuple[list[Section], Callable[[], ReportSummary]]:
    """Ideas per category and hamlet with their supports, then every idea."""
    closes = date.fromisoformat(spec["closes"])
    counts = count_ideas(code, spec)
    answers: dict[int, Counter] = {}
    undecryptable: list[str] = []
    submissions = 0
    for row in selectors.submissions(code):
        submissions += 1
        _count_answers(answers, canonical.loads(row["body"]))
    idea_rows = []
    for idea in selectors.ideas(code, include_revoked=True):
        event = canonical.loads(idea["body"])
        demographics = event.get("demographics") or {}
        line = [
            idea["id"],
            short_ref(idea["id"]),
            idea["category"],
            idea["hamlet"],
            idea["problem"],
            idea["proposal"],
            idea["supports"],
            group(idea["receipt_code"]) if idea["receipt_code"] else "",
            idea["kiosk_id"],
            idea["province_name"] or "",
            idea["commune_name"] or "",
            idea["local_time"],
            _channel_label(idea["channel"]),
            event.get("form_date") or "",
            demographics.get("village", ""),
            _("late") if (_day(event) or closes) > closes else "",
            _revoked_label(idea),
        ]
        if sealing is not None:
            row = {"receipt_code": idea["receipt_code"], "kiosk_id": idea["kiosk_id"], "epoch": idea["epoch"], "seq": idea["seq"]}
            personal = _personal_of(sealing, row, event, undecryptable)
            line += [personal[name] for name in _PERSONAL]
        idea_rows.append(line)
    idea_header = [
        _("Idea id"),
        _("Reference"),
        _("Category"),
        _("Hamlet concerned"),
        _("Problem"),
        _("Proposal"),
        _("Supports"),
        _("Receipt code"),
        _("Kiosk"),
        _("Province"),
        _("Commune"),
        _("Kiosk time"),
        _("Channel"),
        _("Paper form date"),
        _("Hamlet of the person"),
        _("Late"),
        _("Revoked"),
    ]
    if sealing is not None:
        idea_header += _personal_header()
    sections: list[Section] = [
        (
            _("Ideas by category and hamlet"),
            [_("Category"), _("Hamlet concerned"), _("Ideas"), _("Supports")],
            [[c, h, n, s] for c, h, n, s in counts.by_place],
        ),
        (
            _("Ideas by category"),
            [_("Category"), _("Ideas"), _("Supports")],
            [[c, n, s] for c, n, s in counts.by_category] + [[_("Total"), len(counts.ideas), counts.supports]],
        ),
        (_("Ideas"), idea_header, idea_rows),
    ]
    if spec.get("questions"):
        sections.append(_questions_section(spec["questions"], answers))
    summary = ReportSummary(Path(), submissions, 0, tuple(undecryptable), kind="ideas", ideas=len(counts.ideas), supports=counts.supports)
    return sections, lambda: summary


def _class_label(cls: VoteClass) -> str:
    return {
        VoteClass.VERIFIED: _("Verified: counted"),
        VoteClass.DUPLICATE: _("Repeated ID number: not counted"),
        VoteClass.ANONYMOUS: _("Anonymous: counted"),
        VoteClass.INVALID_ID: _("ID number not valid: counted as anonymous"),
        VoteClass.SPOILT: _("Does not fit the ballot: not counted"),
        VoteClass.UNREADABLE: _("Cannot be opened: not counted"),
    }[cls]


def _vote_report(
    code: str, spec: dict[str, Any], key: PrivateKey, places: Places, *, with_personal: bool
) -> tuple[list[Section], Callable[[], ReportSummary]]:
    """The tally, verified and anonymous side by side; then each vote with how it was counted, never with its choice.

    A vote signed by a revoked key is listed, marked, and neither opened nor counted.
    """
    closes = date.fromisoformat(spec["closes"])
    tally = tally_votes(code, spec, key)
    result_rows = [
        [n, option["title"], option.get("description", ""), option.get("idea_id", ""), tally.verified[n - 1], tally.anonymous[n - 1]]
        for n, option in enumerate(tally.options, start=1)
    ]
    count_rows = [
        [_("Votes received"), len(tally.ballots)],
        [_("Verified: one vote per ID number, counted"), tally.verified_votes],
        [_("Anonymous: counted separately"), tally.anonymous_votes],
        [_("of which with an ID number that is not valid"), tally.count(VoteClass.INVALID_ID)],
        [_("Repeated ID number: flagged, not counted"), tally.count(VoteClass.DUPLICATE)],
        [_("Does not fit the ballot: not counted"), tally.count(VoteClass.SPOILT)],
        [_("Cannot be opened: not counted"), tally.count(VoteClass.UNREADABLE)],
    ]
    listed: list[tuple[dict[str, Any], str, str, dict[str, str]]] = [
        (b.row, _class_label(b.cls), group(b.duplicate_of) if b.duplicate_of and "/" not in b.duplicate_of else b.duplicate_of, b.personal)
        for b in tally.ballots
    ]
    listed += [(row, "", "", {}) for row in selectors.submissions(code, include_revoked=True) if row["revoked"]]
    vote_rows = []
    for row, counted_as, same_id, personal in listed:
        late, clock = _row_context(row, canonical.loads(row["body"]), closes)
        line = [
            group(row["receipt_code"]) if row["receipt_code"] else "",
            row["kiosk_id"],
            *_place_cells(places, row["kiosk_id"]),
            row["epoch"],
            row["seq"],
            row["local_time"],
            clock,
            _channel_label(row["channel"]),
            counted_as,
            same_id,
            late,
            _revoked_label(row),
        ]
        if with_personal:
            line += [personal.get(name, "") for name in _PERSONAL]
        vote_rows.append(line)
    vote_header = [
        _("Receipt code"),
        _("Kiosk"),
        _("Province"),
        _("Commune"),
        _("Epoch"),
        _("Sequence"),
        _("Kiosk time"),
        _("Clock"),
        _("Channel"),
        _("Counted as"),
        _("Same ID number as receipt"),
        _("Late"),
        _("Revoked"),
    ]
    if with_personal:
        vote_header += _personal_header()
    sections: list[Section] = [
        (
            _("Vote results"),
            [_("No."), _("Option"), _("Description"), _("Idea id"), _("Verified votes"), _("Anonymous votes")],
            result_rows,
        ),
        (_("Vote count"), [_("Votes"), _("Count")], count_rows),
        (_("Votes"), vote_header, vote_rows),
    ]
    summary = ReportSummary(
        Path(),
        len(tally.ballots),
        0,
        kind="vote",
        verified=tally.verified_votes,
        anonymous=tally.anonymous_votes,
        duplicates=tally.count(VoteClass.DUPLICATE),
        not_counted=tally.count(VoteClass.SPOILT, VoteClass.UNREADABLE),
    )
    return sections, lambda: summary


# A cell starting with one of these is read by spreadsheets as a formula: a comment
# written "=HYPERLINK(…)" must stay text (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _csv(fh: IO[bytes], title: str, sections: list[Section]) -> None:
    """One CSV file: a block per section (its name, its header, its rows), blank lines between blocks."""
    # The BOM makes Excel read the Vietnamese text as UTF-8.
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([_text_cell(title)])
    for name, header, rows in sections:
        writer.writerow([])
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows([_text_cell(value) for value in row] for row in rows)
    text.flush()
    text.detach()


EXCEL_ROWS = 1_048_576  # Excel's last row: a longer table goes on to a sheet of the same name, numbered


def _xlsx(fh: IO[bytes], sections: list[Section], *, max_rows: int = EXCEL_ROWS) -> None:
    """One table per sheet: header frozen, autofilter on, real dates; a table beyond ``max_rows`` continues on "Name (2)"."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)  # each sheet streams to its own temporary file

    def new_sheet(name: str, header: list[str], part: int) -> Any:
        title = name[:31] if part == 1 else f"{name[:25]} ({part})"
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append(header)
        return sheet

    for name, header, rows in sections:
        part, used = 1, 1
        sheet = new_sheet(name, header, part)
        for row in rows:
            if used >= max_rows:
                sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{used}"
                part, used = part + 1, 1
                sheet = new_sheet(name, header, part)
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                cells.append(cell)
            sheet.append(cells)
            used += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{used}"
    book.save(fh)


def _write(out: Path, write: Callable[[IO[bytes]], None]) -> None:
    """``write`` into ``out.partial``, flushed to disk, then renamed: a reader never sees half a report."""
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ValidationError(_("{path} cannot be written ({detail}).").format(path=out, detail=error.strerror)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
