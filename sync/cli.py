"""The commands that cross the kiosk/centre boundary, added to ``gopy`` by ui/cli.py."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk import cli as core_cli
from kiosk.cli import command
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

    network = sub.add_parser("sync", help=_("one round with the centre over the network: send, then fetch and apply its package"))
    network.add_argument("--centre", help=_("the centre's address (kept for the next rounds; the change is audited)"))


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


@command("sync")
def _sync(args: argparse.Namespace, home: Home) -> int:
    """One round; each thing done on stdout, the failure that stopped it as one line on stderr."""
    import getpass

    from kiosk.clock import system_clock
    from sync.network import set_centre_url, sync_round

    store = _open_kiosk(home)
    clock = system_clock(store.setting("timezone") or "Asia/Ho_Chi_Minh")
    if args.centre is not None:
        set_centre_url(store, args.centre, actor=f"{getpass.getuser()} (command line)", now=clock())
    result = sync_round(store, home, clock=clock)
    for line in result.lines:
        print(line)
    if not result.ok:
        print(f"gopy: {result.error}", file=sys.stderr)
        return 2
    return 0


core_cli.PARSER_EXTENSIONS.append(_add_commands)
