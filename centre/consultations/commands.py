"""``gopy central publish | consultations | close``: parse, call a service or a selector, print."""

from __future__ import annotations

import argparse
from pathlib import Path

from centre.cli import _print_json, handler
from centre.consultations import selectors, services
from kiosk.i18n import _


@handler("publish")
def _publish(args: argparse.Namespace) -> int:
    print(services.do_publish(Path(args.consultation_json), agency_code=args.agency, accept_warnings=args.accept_warnings).message())
    return 0


@handler("close")
def _close(args: argparse.Namespace) -> int:
    if services.do_close_consultation(args.consultation):
        print(_("Consultation {code} is closed; the next packages carry it as closed.").format(code=args.consultation))
    else:
        print(_("Consultation {code} was already closed; nothing changed.").format(code=args.consultation))
    return 0


@handler("consultations")
def _consultations(args: argparse.Namespace) -> int:
    rows = selectors.consultations_listed()
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print(_("No consultation is published at this centre yet."))
    for row in rows:
        print(
            _("{code} ({kind}, {status}, {opens} – {closes}): {title}; draft version {version}; {count} submissions.").format(
                code=row["code"],
                kind=row["kind"],
                status=row["status"],
                opens=row["opens"],
                closes=row["closes"],
                title=row["title"],
                version=row["draft_version"] if row["draft_version"] is not None else "-",
                count=row["submissions"],
            )
        )
    return 0
