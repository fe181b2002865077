"""``gopy central report | respond | group``: parse, call the report's, the responses' or the grouping service, print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from centre.cli import handler
from centre.consultations.selectors import consultation_by_code
from centre.fleet.services import load_keys
from centre.review.report import build_report
from centre.review.report_docx import build_docx
from centre.review.respond import do_load_responses
from centre.review.services import do_reindex_consultation, do_suggest_groups
from kiosk.errors import NotFoundError
from kiosk.i18n import _


@handler("report")
def _report(args: argparse.Namespace) -> int:
    if str(args.out).lower().endswith(".docx"):
        return _report_docx(args)
    key = load_keys().sealing  # a vote's tally opens the votes; personal data only on request
    sealing = key if args.with_personal_data else None
    summary = build_report(args.consultation, Path(args.out), sealing=sealing, vote_key=key)
    if summary.kind == "ideas":
        print(
            _("Report for {code}: {ideas} ideas with {supports} supports, from {submissions} submissions, written to {path}.").format(
                code=args.consultation, ideas=summary.ideas, supports=summary.supports, submissions=summary.submissions, path=summary.path
            )
        )
    elif summary.kind == "vote":
        print(
            _(
                "Report for {code}: {votes} votes: {verified} verified with a unique ID number, {anonymous} anonymous, "
                "{duplicates} repeating an ID number (not counted), {others} not counted for other reasons; written to {path}."
            ).format(
                code=args.consultation,
                votes=summary.submissions,
                verified=summary.verified,
                anonymous=summary.anonymous,
                duplicates=summary.duplicates,
                others=summary.not_counted,
                path=summary.path,
            )
        )
    else:
        print(
            _("Report for {code}: {submissions} submissions, {comments} comments on articles, written to {path}.").format(
                code=args.consultation, submissions=summary.submissions, comments=summary.comments, path=summary.path
            )
        )
    if summary.undecryptable:
        print(
            _(
                "The personal data of {count} submissions could not be opened with the centre's key (receipts: {codes}); "
                "the rest of the report is complete."
            ).format(count=len(summary.undecryptable), codes=", ".join(summary.undecryptable)),
            file=sys.stderr,
        )
    return 0


def _report_docx(args: argparse.Namespace) -> int:
    """The legal summary (bản tổng hợp, tiếp thu, giải trình), from the console's comment index."""
    consultation = consultation_by_code(args.consultation)
    if consultation is None:
        raise NotFoundError(_("The centre has no consultation with the code {code}.").format(code=args.consultation))
    do_reindex_consultation(consultation.code)  # until ingest indexes each batch as it applies it
    summary = build_docx(consultation, Path(args.out))
    print(
        _("Summary for {code}: {contributors} contributors, {opinions} opinions in {rows} rows, written to {path}.").format(
            code=consultation.code, contributors=summary.contributors, opinions=summary.opinions, rows=summary.rows, path=summary.path
        )
    )
    return 0


@handler("respond")
def _respond(args: argparse.Namespace) -> int:
    report = do_load_responses(Path(args.file))
    for error in report.errors:
        print(_("row {row}: not loaded: {reason}").format(row=error.row, reason=error.message), file=sys.stderr)
    print(
        _("{loaded} responses loaded, {errors} rows with errors. They reach each kiosk with its next package.").format(
            loaded=report.loaded, errors=len(report.errors)
        ),
        file=sys.stderr if report.errors else sys.stdout,
    )
    return 1 if report.errors else 0


@handler("group")
def _group(args: argparse.Namespace) -> int:
    """Suggest duplicate groups for a whole consultation, however large: what the console's button does for smaller ones."""
    if consultation_by_code(args.consultation) is None:
        raise NotFoundError(_("The centre has no consultation with the code {code}.").format(code=args.consultation))
    do_reindex_consultation(args.consultation)
    made = do_suggest_groups(args.consultation, threshold=args.threshold)
    print(
        _("{count} duplicate groups suggested for {code}: an officer confirms, splits or merges them in the console.").format(
            count=made, code=args.consultation
        )
    )
    return 0
