"""The commands that cross the kiosk/centre boundary, added to ``gopy`` by ui/cli.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk import cli as core_cli
from kiosk.cli import command
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _


def _add_commands(sub: argparse._SubParsersAction) -> None:
    setup = sub.add_parser("setup", help=_("enrol this kiosk: pin the centre's keys, make its own"))
    setup.add_argument("enrolment_file")
    package = sub.add_parser("import-package", help=_("apply a signed package from the centre"))
    package.add_argument("file")

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


@command("setup")
def _setup(args: argparse.Namespace, home: Home) -> int:
    from kiosk.storage.db import open_store
    from sync.kiosk_side import setup

    home.ensure()
    enrolment = setup(open_store(home.database), home, Path(args.enrolment_file))
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
    from kiosk.storage.db import open_store
    from sync.kiosk_side import import_package

    home.ensure()
    applied = import_package(open_store(home.database), Path(args.file))
    if applied.already_applied:
        print(_("Package {seq} was already applied; nothing changed.").format(seq=applied.package_seq))
    else:
        print(_("Package {seq} applied: {count} consultations.").format(seq=applied.package_seq, count=applied.consultations))
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
            code, version = service.publish(centre, Path(args.consultation_json))
            print(_("Consultation {code} published, draft version {version}.").format(code=code, version=version))
        case "package":
            path = service.build_package(centre, args.kiosk_id, Path(args.out))
            print(path)
        case _:
            raise ValidationError(_("Unknown centre command."))
    return 0


core_cli.PARSER_EXTENSIONS.append(_add_commands)
