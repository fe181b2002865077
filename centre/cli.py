"""``gopy central …``: the centre's command line. Each command parses, calls a service or a selector, prints.

Names and options are a contract (DESIGN.md). Django is configured from
``--home`` and ``--database`` (or GOPY_CENTRE_DATABASE) before any command runs.
Every command exits non-zero with one clear line on stderr on bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import i18n
from kiosk.errors import UserFacingError, ValidationError
from kiosk.home import resolve_home
from kiosk.i18n import _
from kiosk.logs import log_path, setup_logging

log = logging.getLogger(__name__)
Handler = Callable[[argparse.Namespace], int]
_HANDLERS: dict[str, Handler] = {}
KEYS_FOLDER = "keys"


def handler(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[name] = fn
        return fn

    return register


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gopy", description=_("Gópý Kiosk: offline public consultation."))
    parser.add_argument("--home", help=argparse.SUPPRESS)  # the kiosk's global option; the centre has its own --home
    parser.add_argument("--lang", choices=["vi", "en"], help=_("the language of messages"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    central = sub.add_parser("central", help=_("the centre's commands"))
    verbs = central.add_subparsers(dest="central_command", required=True, metavar="COMMAND")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=help_text)
        parser.add_argument("--home", dest="centre_home", required=True, help=_("the centre's data folder"))
        parser.add_argument(
            "--database", help=_("postgresql://user@host:port/name instead of the home's SQLite file (or $GOPY_CENTRE_DATABASE)")
        )
        return parser

    verb("init", _("make the centre's keys and store"))
    enrol = verb("enrol", _("register a kiosk and write its enrolment file"))
    enrol.add_argument("--kiosk-id", required=True)
    enrol.add_argument("--commune-code", required=True)
    enrol.add_argument("--commune-name", required=True)
    enrol.add_argument("--province-code", default="")
    enrol.add_argument("--province-name", default="")
    enrol.add_argument("--centre-url", default="", help=_("the address a kiosk with a connection syncs with"))
    enrol.add_argument("--out", required=True)
    enrol.add_argument("--replace", action="store_true", help=_("enrol again a kiosk id that is already enrolled"))
    enrol.add_argument("--reason", default="", help=_("why the kiosk is enrolled again (required with --replace)"))
    publish = verb("publish", _("add a consultation and its drafts"))
    publish.add_argument("consultation_json")
    publish.add_argument("--agency", default="", help=_("the code of the drafting agency whose officers answer it"))
    publish.add_argument(
        "--accept-warnings", action="store_true", help=_("publish a draft whose structure the parser doubts, once a person has checked it")
    )
    package_verb = verb("package", _("the next signed package for a kiosk"))
    package_verb.add_argument("--kiosk-id", required=True)
    package_verb.add_argument("--out", required=True, help=_("the folder to write the package into"))
    ingest = verb("ingest", _("verify and store batches"))
    ingest.add_argument("batches", nargs="+", metavar="BATCH")
    ingest.add_argument("--json", action="store_true")
    ingest.add_argument(
        "--no-index",
        dest="index",
        action="store_false",
        help=_("store the batches only; their comments reach the console with `gopy central index` or the next ingest"),
    )
    verb("index", _("put the comments of the batches stored so far into the agency console's index"))
    status = verb("status", _("per kiosk: last batch, high-water mark, gaps, held, quarantined"))
    status.add_argument("--json", action="store_true")
    kiosks = verb("kiosks", _("the enrolled kiosks"))
    kiosks.add_argument("--json", action="store_true")
    consultations = verb("consultations", _("the consultations published at this centre"))
    consultations.add_argument("--json", action="store_true")
    close = verb("close", _("close a consultation: no more comments are counted for it after this"))
    close.add_argument("--consultation", required=True)
    release = verb("release", _("judge a quarantined batch again, once its kiosk is enrolled or reviewed"))
    release.add_argument("batch", help=_("the batch's file name or number, as status lists it"))
    report = verb("report", _("the report for the drafting agency"))
    report.add_argument("--consultation", required=True)
    report.add_argument("--out", required=True, help="FILE.csv | FILE.xlsx")
    report.add_argument(
        "--with-personal-data", action="store_true", help=_("include names and phone numbers (opened with the centre's sealing key)")
    )
    group = verb("group", _("suggest duplicate groups for a whole consultation (the console's button, for any size)"))
    group.add_argument("--consultation", required=True)
    group.add_argument("--threshold", type=float, help=_("the near-duplicate threshold, above 0 and at most 1"))
    respond = verb("respond", _("load the drafting agency's responses"))
    respond.add_argument("file", help="FILE.csv | FILE.xlsx")
    revoke = verb("revoke", _("revoke a kiosk's signing key from a position on"))
    revoke.add_argument("--kiosk-id", required=True)
    revoke.add_argument("--key-id", required=True)
    revoke.add_argument("--epoch", type=int, required=True)
    revoke.add_argument("--from-seq", type=int, required=True)
    createuser = verb("createuser", _("a staff account: operator, agency officer, agency lead or auditor"))
    createuser.add_argument("--username", required=True)
    createuser.add_argument("--role", required=True, choices=["operator", "officer", "lead", "auditor"])
    createuser.add_argument("--agency", default="", help=_("the agency's code, for an officer or a lead"))
    createuser.add_argument("--agency-name", default="", help=_("the agency's name, when the code is new"))
    createuser.add_argument("--password-file", help=_("a file holding the password (default: asked, or made and printed)"))
    audit = verb("audit", _("the audit log"))
    audit.add_argument("--verify", action="store_true", help=_("check the hash chain, name the first broken link"))
    audit.add_argument("--json", action="store_true")
    audit.add_argument("--limit", type=int, default=50)
    serve = verb("serve", _("the server: console, portal, kiosk API"))
    serve.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT")
    serve.add_argument("--workers", type=int, default=0, help=_("worker processes (default: two per core, plus one)"))
    return parser


def _configure(args: argparse.Namespace, *, need_keys: bool = True) -> Path:
    from centre.bootstrap import configure

    home = Path(args.centre_home).expanduser().resolve()
    if need_keys and not (home / KEYS_FOLDER).is_dir():
        raise ValidationError(_("{home} is not a centre's folder: run “gopy central init --home {home}” first.").format(home=home))
    database = args.database if args.database is not None else os.environ.get("GOPY_CENTRE_DATABASE", "")
    try:
        configure(home, database)
    except UserFacingError:
        raise
    except Exception as error:  # the database cannot be reached or opened: one line, the cause in the log
        from django.db import DatabaseError
        from django.db.utils import OperationalError

        if isinstance(error, (DatabaseError, OperationalError)):
            log.exception("cannot open the centre's database")
            raise ValidationError(
                _("The centre's database cannot be opened: {detail}").format(detail=str(error).strip().splitlines()[0])
            ) from error
        raise
    return home


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = os.environ.get("GOPY_LANG") or i18n.DEFAULT_LANGUAGE
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        language = argv[argv.index("--lang") + 1]
    i18n.set_language(language)
    args = build_parser().parse_args(argv)
    setup_logging(resolve_home(args.centre_home))
    try:
        if args.central_command == "init":
            return _init(args)
        _configure(args)
        from centre import commands  # noqa: F401  (registers the handlers, with Django ready)

        return _HANDLERS[args.central_command](args)
    except UserFacingError as error:
        print(f"gopy: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error in gopy central %s", args.central_command)
        print(_("gopy: an unexpected error happened; the details are in {log}.").format(log=log_path()), file=sys.stderr)
        return 1


def _init(args: argparse.Namespace) -> int:
    home = Path(args.centre_home).expanduser().resolve()
    _configure(args, need_keys=False)
    from centre.fleet.services import do_init_centre

    keys = do_init_centre(home, actor=None)
    print(_("The centre is ready in {home}. Root key fingerprint: {root}.").format(home=home, root=keys.root_key_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
