"""The ``gopy`` command line. Every command exits non-zero with one clear line on bad input.

The core's commands are here; sync/ and ui/ add theirs through
:func:`command` and :data:`PARSER_EXTENSIONS`, so each layer keeps to its
own imports. The console script is ``ui.cli:main``, which brings them together.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk import i18n
from kiosk.errors import UserFacingError
from kiosk.home import Home, resolve_home
from kiosk.i18n import _
from kiosk.logs import log_path, setup_logging
from kiosk.storage.db import Store, open_store

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace, Home], int]
_COMMANDS: dict[str, Command] = {}
# Functions that add a layer's subcommands to the parser, each from the module that handles them.
PARSER_EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        _COMMANDS[name] = fn
        return fn

    return register


def _open(home: Home) -> Store:
    from kiosk.identity import startup_check

    home.ensure()
    store = open_store(home.database)
    change = startup_check(store, home)
    if change:
        print(change.message(), file=sys.stderr)
    return store


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


@command("consultations")
def _consultations(args: argparse.Namespace, home: Home) -> int:
    from kiosk.consultations import ConsultationRepository

    repo = ConsultationRepository(_open(home))
    counts = repo.submission_counts()
    rows = [
        {
            "code": c.code,
            "title": c.title,
            "agency": c.agency,
            "status": c.status.value,
            "opens": c.opens_on.isoformat(),
            "closes": c.closes_on.isoformat(),
            "draft_version": c.draft_version,
            "kind": c.kind.value,
            "submissions": counts.get(c.code, 0),
        }
        for c in repo.all()
    ]
    if args.json:
        _print_json(rows)
    elif not rows:
        print(_("This kiosk holds no consultation yet."))
    else:
        for row in rows:
            print(
                _("{code}  {title} ({status}, {opens} – {closes}, {count} submissions)").format(
                    code=row["code"],
                    title=row["title"],
                    status=row["status"],
                    opens=row["opens"],
                    closes=row["closes"],
                    count=row["submissions"],
                )
            )
    return 0


@command("parse-draft")
def _parse_draft(args: argparse.Namespace, home: Home) -> int:
    from kiosk.drafts import outline, parse_file, to_json

    parsed = parse_file(Path(args.file))
    if args.json:
        _print_json(to_json(parsed))
    else:
        print(outline(parsed))
    return 0


@command("import-paper")
def _import_paper(args: argparse.Namespace, home: Home) -> int:
    from kiosk.paper_import import PaperImporter
    from kiosk.receipt_code import group
    from kiosk.submissions import SubmissionService

    report = PaperImporter(SubmissionService(_open(home))).import_file(Path(args.file))
    if args.json:
        _print_json(
            [
                {
                    "row": r.row,
                    "receipt_code": group(r.receipt_code) if r.receipt_code else None,
                    "duplicate": r.duplicate,
                    "error": r.error or None,
                }
                for r in report.rows
            ]
        )
    else:
        for r in report.rows:
            if r.error:
                print(_("row {row}: not imported: {reason}").format(row=r.row, reason=r.error), file=sys.stderr)
            elif r.duplicate:
                print(_("row {row}: already imported, receipt {code}").format(row=r.row, code=group(r.receipt_code)))
            else:
                print(group(r.receipt_code))
        print(
            _("{imported} imported, {duplicates} already imported, {errors} with errors.").format(
                imported=len(report.imported), duplicates=len(report.duplicates), errors=len(report.errors)
            ),
            file=sys.stderr,
        )
    return 1 if report.errors else 0


@command("search")
def _search(args: argparse.Namespace, home: Home) -> int:
    from kiosk.search import search

    hits = search(_open(home), args.query, limit=args.limit)
    if args.json:
        _print_json([{"node_id": h.node_id, "key": h.legal_key, "label": h.label, "snippet": h.snippet} for h in hits])
    elif not hits:
        print(_("Nothing found for “{query}”.").format(query=args.query))
    else:
        for hit in hits:
            print(f"{hit.label}\n    {hit.snippet}")
    return 0


@command("receipt")
def _receipt(args: argparse.Namespace, home: Home) -> int:
    from kiosk.receipt_documents import receipt_pdf

    pdf = receipt_pdf(_open(home), args.code, size=args.size, language=i18n.current_language())
    _write(Path(args.out), pdf)
    print(args.out)
    return 0


@command("daily-report")
def _daily_report(args: argparse.Namespace, home: Home) -> int:
    from datetime import datetime

    from kiosk.clock import system_clock
    from kiosk.errors import ValidationError
    from kiosk.receipt_documents import daily_report_pdf

    store = _open(home)
    if args.date:
        try:
            day = datetime.strptime(args.date, "%d/%m/%Y").date()
        except ValueError as error:
            raise ValidationError(_("the date “{text}” is not written as dd/mm/yyyy").format(text=args.date)) from error
    else:
        day = system_clock(store.setting("timezone") or "Asia/Ho_Chi_Minh")().date()
    _write(Path(args.out), daily_report_pdf(store, day, language=i18n.current_language()))
    print(args.out)
    return 0


@command("poster")
def _poster(args: argparse.Namespace, home: Home) -> int:
    if args.invitation:  # outreach: the consultation, its dates, where to take part, a QR code to read it
        from kiosk.invitation_poster import invitation_for, render_invitation

        invitation = invitation_for(_open(home), args.consultation, language=i18n.current_language())
        _write(Path(args.out), render_invitation(invitation, args.size))
        print(args.out)
        return 0
    from kiosk.receipt_documents import poster_pdf

    pdf = poster_pdf(_open(home), args.consultation, size=args.size, language=i18n.current_language())
    _write(Path(args.out), pdf)
    print(args.out)
    return 0


@command("ideas")
def _ideas(args: argparse.Namespace, home: Home) -> int:
    from kiosk.consultations import ConsultationRepository
    from kiosk.errors import ValidationError
    from kiosk.ideas import IdeaBoard

    store = _open(home)
    if not IdeaBoard(store).is_ideas_call(args.consultation):
        title = ConsultationRepository(store).get(args.consultation).title
        raise ValidationError(_("“{title}” is not a call for ideas.").format(title=title))
    ideas = IdeaBoard(store).ideas(args.consultation, category=args.category or "", hamlet=args.hamlet or "")
    if args.json:
        _print_json(
            [
                {
                    "id": i.id,
                    "ref": i.ref,
                    "category": i.category,
                    "hamlet": i.hamlet,
                    "problem": i.problem,
                    "proposal": i.proposal,
                    "supports": i.supports,
                    "written_here": i.written_here,
                    "commune": i.commune_name,
                }
                for i in ideas
            ]
        )
    elif not ideas:
        print(_("No idea yet."))
    else:
        for i in ideas:
            print(f"{i.ref}  [{i.category} · {i.hamlet}]  {i.text}  (+{i.supports})")
    return 0


def _write(path: Path, data: bytes) -> None:
    from kiosk.errors import ValidationError

    try:
        path.write_bytes(data)
    except OSError as error:
        raise ValidationError(_("{path} cannot be written ({detail}).").format(path=path, detail=error.strerror)) from error


@command("verify-chain")
def _verify_chain(args: argparse.Namespace, home: Home) -> int:
    from kiosk.chain import verify_chain

    report = verify_chain(_open(home))
    if report.ok:
        print(_("The chain is intact: {count} submissions checked.").format(count=report.checked))
        return 0
    epoch, seq = report.broken_at
    print(
        _("The chain is broken at submission {seq} (epoch {epoch}): {reason}.").format(seq=seq, epoch=epoch, reason=report.reason),
        file=sys.stderr,
    )
    return 1


def _add_commands(sub: argparse._SubParsersAction) -> None:
    consultations = sub.add_parser("consultations", help=_("the consultations this kiosk holds"))
    consultations.add_argument("--json", action="store_true")

    parse_draft = sub.add_parser(
        "parse-draft", help=_("the structure read from a draft (.txt, .md, .html, .docx, .pdf, .doc, .rtf, .odt), with what to check")
    )
    parse_draft.add_argument("file")
    parse_draft.add_argument("--json", action="store_true")

    import_paper = sub.add_parser("import-paper", help=_("import transcribed paper forms (.xlsx or .csv)"))
    import_paper.add_argument("file")
    import_paper.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help=_("search the drafts on this kiosk"))
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")

    receipt = sub.add_parser("receipt", help=_("reprint a receipt"))
    receipt.add_argument("code")
    receipt.add_argument("--out", required=True)
    receipt.add_argument("--size", choices=["80mm", "58mm", "a5"], default="80mm")

    report = sub.add_parser("daily-report", help=_("the day's report"))
    report.add_argument("--date", help="dd/mm/yyyy")
    report.add_argument("--out", required=True)

    sub.add_parser("verify-chain", help=_("check the hash chain, name the first broken link"))

    poster = sub.add_parser("poster", help=_("the results of a closed consultation, as a poster for the notice board"))
    poster.add_argument("--consultation", required=True)
    poster.add_argument("--out", required=True)
    poster.add_argument("--size", choices=["a4", "a3"], default="a4")
    poster.add_argument("--invitation", action="store_true", help=_("an invitation to take part, instead of the results"))

    ideas = sub.add_parser("ideas", help=_("the ideas of a call for ideas, with their references, to support or print"))
    ideas.add_argument("--consultation", required=True)
    ideas.add_argument("--category")
    ideas.add_argument("--hamlet")
    ideas.add_argument("--json", action="store_true")


PARSER_EXTENSIONS.append(_add_commands)
_GLOBAL_OPTIONS_WITH_VALUE = ("--home", "--lang")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; for a known ``command``, with only the subcommands of its layer.

    Building the parsers of every layer's commands (about 80 with the
    centre's) costs 8 ms, and ``gopy run`` starts the kiosk. A layer is the
    module that registers a command's handler and adds its parser.
    """
    parser = argparse.ArgumentParser(prog="gopy", description=_("Gópý Kiosk: offline public consultation."))
    parser.add_argument("--home", help=_("the data folder (default: $GOPY_HOME or the platform's data folder)"))
    parser.add_argument("--lang", choices=["vi", "en"], help=_("the language of messages"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    layer = _COMMANDS[command].__module__ if command in _COMMANDS else None
    for extend in PARSER_EXTENSIONS:
        if layer in (None, extend.__module__):
            extend(sub)
    return parser


def command_in(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names, past the global options; None without one."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Messages are translated before argparse builds its help texts.
    language = os.environ.get("GOPY_LANG") or i18n.DEFAULT_LANGUAGE
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        language = argv[argv.index("--lang") + 1]
    i18n.set_language(language)
    args = build_parser(command_in(argv)).parse_args(argv)
    home = resolve_home(args.home)
    # The centre's commands keep their log in the centre's folder.
    setup_logging(resolve_home(getattr(args, "centre_home", None) or args.home))
    try:
        return _COMMANDS[args.command](args, home)
    except UserFacingError as error:
        print(f"gopy: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error in gopy %s", args.command)
        print(
            _("gopy: an unexpected error happened; the details are in {log}.").format(log=log_path()),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
