"""The commands that cross the kiosk/centre boundary, added to ``gopy`` by ui/cli.py."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk import cli as core_cli
from kiosk.cli import command
from kiosk.errors import UserFacingError, ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.storage.db import Store


def _add_commands(sub: argparse._SubParsersAction) -> None:
    setup = sub.add_parser("setup", help=_("enrol this kiosk: pin the centre's keys, make its own"))
    setup.add_argument("enrolment_file")
    package = sub.add_parser("import-package", help=_("apply a signed package from the centre"))
    package.add_argument("file")
    export = sub.add_parser("export-batch", help=_("write the signed batch of what the centre has not acknowledged"))
    export.add_argument("--out", required=True, help=_("the folder to write the batch into (the USB stick)"))
    export.add_argument("--json", action="store_true")

    sub.add_parser("demo-data", help=_("fill the home folder with a demo consultation"))

    central = sub.add_parser("central", help=_("the centre's commands"))
    verbs = central.add_subparsers(dest="central_command", required=True, metavar="COMMAND")

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = verbs.add_parser(name, help=help_text)
        parser.add_argument("--home", dest="centre_home", required=True, help=_("the centre's data folder"))
        return parser

    verb("init", _("make the centre's keys and store"))
    enrol = verb("enrol", _("register a kiosk and write its enrolment file"))
    enrol.add_argument("--kiosk-id", required=True)
    enrol.add_argument("--commune-code", required=True)
    enrol.add_argument("--commune-name", required=True)
    enrol.add_argument("--out", required=True)
    publish = verb("publish", _("add a consultation and its drafts"))
    publish.add_argument("consultation_json")
    package_verb = verb("package", _("the next signed package for a kiosk"))
    package_verb.add_argument("--kiosk-id", required=True)
    package_verb.add_argument("--out", required=True, help=_("the folder to write the package into"))
    ingest = verb("ingest", _("verify and store batches"))
    ingest.add_argument("batches", nargs="+", metavar="BATCH")
    ingest.add_argument("--json", action="store_true")
    status = verb("status", _("per kiosk: last batch, high-water mark, gaps, held, quarantined"))
    status.add_argument("--json", action="store_true")
    report = verb("report", _("the report for the drafting agency"))
    report.add_argument("--consultation", required=True)
    report.add_argument("--out", required=True, help="FILE.csv | FILE.xlsx")
    report.add_argument(
        "--with-personal-data", action="store_true", help=_("include names and phone numbers (opened with the centre's sealing key)")
    )
    respond = verb("respond", _("load the drafting agency's responses"))
    respond.add_argument("file", help="FILE.csv | FILE.xlsx")
    revoke = verb("revoke", _("revoke a kiosk's signing key from a position on"))
    revoke.add_argument("--kiosk-id", required=True)
    revoke.add_argument("--key-id", required=True)
    revoke.add_argument("--epoch", type=int, required=True)
    revoke.add_argument("--from-seq", type=int, required=True)


def _open_kiosk(home: Home) -> Store:
    """The kiosk database, checked for a restore or a copy before it is used."""
    from kiosk.identity import startup_check
    from kiosk.storage.db import open_store

    home.ensure()
    store = open_store(home.database)
    change = startup_check(store, home)
    if change is not None:
        print(change.message(), file=sys.stderr)
    return store


@command("setup")
def _setup(args: argparse.Namespace, home: Home) -> int:
    from sync.kiosk_side import setup

    enrolment = setup(_open_kiosk(home), home, Path(args.enrolment_file))
    print(
        _("Enrolled as kiosk {kiosk} of {commune}. Centre key fingerprint: {root}. This kiosk's key: {key}.").format(
            kiosk=enrolment.kiosk_id, commune=enrolment.commune_name, root=enrolment.root_key_id, key=enrolment.kiosk_key_id
        )
    )
    return 0


@command("demo-data")
def _demo_data(args: argparse.Namespace, home: Home) -> int:
    from kiosk.storage.db import open_store
    from sync.demo import load_demo

    home.ensure()
    code = load_demo(open_store(home.database), home)
    print(_("Demo consultation {code} is ready in {home}.").format(code=code, home=home.root))
    return 0


@command("import-package")
def _import_package(args: argparse.Namespace, home: Home) -> int:
    from sync.kiosk_side import import_package

    applied = import_package(_open_kiosk(home), Path(args.file), home)
    if applied.already_applied:
        print(_("Package {seq} was already applied; nothing changed.").format(seq=applied.package_seq))
    else:
        print(_("Package {seq} applied: {count} consultations.").format(seq=applied.package_seq, count=applied.consultations))
        print(
            _("The centre acknowledged {acked} more submissions; {responses} responses from the drafting agency are held.").format(
                acked=applied.acknowledged, responses=applied.responses
            )
        )
        if applied.ideas or applied.results:
            print(
                _("{ideas} ideas from the ideas calls, and the results of {results} closed consultations, are held.").format(
                    ideas=applied.ideas, results=applied.results
                )
            )
    if applied.epoch_change is not None:
        print(applied.epoch_change.message(), file=sys.stderr)
    return 0


@command("export-batch")
def _export_batch(args: argparse.Namespace, home: Home) -> int:
    from sync.batches import export_batches

    result = export_batches(_open_kiosk(home), home, Path(args.out).expanduser())
    if args.json:
        print(
            json.dumps(
                {
                    "batches": [
                        {"path": str(b.path), "epoch": b.epoch, "batch_seq": b.batch_seq, "seq_from": b.seq_from, "seq_to": b.seq_to}
                        for b in result.batches
                    ],
                    "acknowledged": {str(e): s for e, s in result.acknowledged.items()},
                },
                indent=2,
            )
        )
    elif result.empty:
        print(_("Nothing to export: the centre has acknowledged every submission on this kiosk. No file was written."))
    else:
        for batch in result.batches:
            print(batch.path)
            print(
                _(
                    "Epoch {epoch}, batch {batch}: submissions {first}–{last} ({count}), written and checked. The stick can be removed."
                ).format(epoch=batch.epoch, batch=batch.batch_seq, first=batch.seq_from, last=batch.seq_to, count=batch.event_count),
                file=sys.stderr,
            )
    return 0


@command("central")
def _central(args: argparse.Namespace, home: Home) -> int:
    from sync.central import service

    centre = Path(args.centre_home).expanduser().resolve()
    match args.central_command:
        case "init":
            keys = service.init_centre(centre)
            print(_("The centre is ready in {home}. Root key fingerprint: {root}.").format(home=centre, root=keys.root_key_id))
        case "enrol":
            path = service.enrol_kiosk(centre, args.kiosk_id, args.commune_code, args.commune_name, Path(args.out))
            print(_("Enrolment file for kiosk {kiosk}: {path}").format(kiosk=args.kiosk_id, path=path))
        case "publish":
            print(service.publish(centre, Path(args.consultation_json)).message())
        case "package":
            path = service.build_package(centre, args.kiosk_id, Path(args.out))
            print(path)
        case "ingest":
            return _ingest(centre, [Path(p) for p in args.batches], as_json=args.json)
        case "status":
            from sync.central.status import centre_status, status_json, status_lines

            status = _with_backend(centre, centre_status)
            if args.json:
                print(json.dumps(status_json(status), ensure_ascii=False, indent=2))
            else:
                print("\n".join(status_lines(status)))
        case "report":
            return _report(centre, args)
        case "respond":
            return _respond(centre, Path(args.file))
        case "revoke":
            service.revoke_key(centre, args.kiosk_id, args.key_id, args.epoch, args.from_seq)
            print(
                _("Key {key} of kiosk {kiosk} is revoked from epoch {epoch}, sequence {seq} on.").format(
                    key=args.key_id, kiosk=args.kiosk_id, epoch=args.epoch, seq=args.from_seq
                )
            )
        case _:
            raise ValidationError(_("Unknown centre command."))
    return 0


def _require_centre(centre: Path) -> None:
    from sync.central.service import KEYS_FOLDER

    if not (centre / KEYS_FOLDER).is_dir():
        raise ValidationError(_("{home} is not a centre's folder: run “gopy central init --home {home}” first.").format(home=centre))


def _with_backend(centre: Path, fn):
    from sync.central.store import open_backend

    _require_centre(centre)
    backend = open_backend(centre)
    try:
        return fn(backend)
    finally:
        backend.close()


def _ingest(centre: Path, paths: list[Path], *, as_json: bool) -> int:
    """Each file on its own: one bad file is refused without stopping the others."""
    from sync.central.ingest import ingest_file

    outcomes, failed = [], False
    for path in paths:
        try:
            result = _with_backend(centre, lambda backend, path=path: ingest_file(backend, path))
        except UserFacingError as error:
            failed = True
            outcomes.append({"file": path.name, "outcome": "refused", "reason": getattr(error, "code", "error"), "message": error.message})
            if not as_json:
                print(f"gopy: {error.message}", file=sys.stderr)
            continue
        outcomes.append({**result.as_dict(), "message": result.message()})
        failed |= not result.ok
        if not as_json:
            print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    if as_json:
        print(json.dumps(outcomes, ensure_ascii=False, indent=2))
    return 2 if failed else 0


def _report(centre: Path, args: argparse.Namespace) -> int:
    from sync.central.report import build_report
    from sync.central.service import load_keys

    _require_centre(centre)
    key = load_keys(centre).sealing  # a vote's tally opens the votes; personal data only on request
    sealing = key if args.with_personal_data else None
    summary = _with_backend(
        centre, lambda backend: build_report(backend, args.consultation, Path(args.out), sealing=sealing, vote_key=key)
    )
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


def _respond(centre: Path, path: Path) -> int:
    from sync.central.respond import load_responses

    report = _with_backend(centre, lambda backend: load_responses(backend, path))
    for error in report.errors:
        print(_("row {row}: not loaded: {reason}").format(row=error.row, reason=error.message), file=sys.stderr)
    print(
        _("{loaded} responses loaded, {errors} rows with errors. They reach each kiosk with its next package.").format(
            loaded=report.loaded, errors=len(report.errors)
        ),
        file=sys.stderr if report.errors else sys.stdout,
    )
    return 1 if report.errors else 0


core_cli.PARSER_EXTENSIONS.append(_add_commands)
