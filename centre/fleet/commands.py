"""``gopy central enrol | package | status | kiosks | revoke``: parse, call a service or a selector, print."""

from __future__ import annotations

import argparse
from pathlib import Path

from centre.cli import _print_json, handler
from centre.fleet import selectors, services
from kiosk.i18n import _


@handler("enrol")
def _enrol(args: argparse.Namespace) -> int:
    path = services.do_enrol_kiosk(
        args.kiosk_id,
        args.commune_code,
        args.commune_name,
        Path(args.out),
        province_code=args.province_code,
        province_name=args.province_name,
        centre_url=args.centre_url,
        replace=args.replace,
        reason=args.reason,
    )
    print(_("Enrolment file for kiosk {kiosk}: {path}").format(kiosk=args.kiosk_id, path=path))
    return 0


@handler("package")
def _package(args: argparse.Namespace) -> int:
    print(services.do_build_package(args.kiosk_id, Path(args.out)))
    return 0


@handler("status")
def _status(args: argparse.Namespace) -> int:
    status = selectors.centre_status()
    if args.json:
        _print_json(selectors.status_json(status))
    else:
        print("\n".join(selectors.status_lines(status)))
    return 0


@handler("kiosks")
def _kiosks(args: argparse.Namespace) -> int:
    kiosks = selectors.kiosks_json()
    if args.json:
        _print_json(kiosks)
        return 0
    if not kiosks:
        print(_("No kiosk is enrolled at this centre yet."))
    for kiosk in kiosks:
        place = f"{kiosk['commune_name']} [{kiosk['commune_code']}]"
        if kiosk["province_name"]:
            place += f", {kiosk['province_name']}"
        print(
            _("{kiosk}: {place}; enrolled {enrolled}; last heard {heard}; {keys} keys.").format(
                kiosk=kiosk["kiosk_id"], place=place, enrolled=kiosk["enrolled"], heard=kiosk["last_heard"] or "-", keys=len(kiosk["keys"])
            )
        )
    return 0


@handler("revoke")
def _revoke(args: argparse.Namespace) -> int:
    marked = services.do_revoke_key(args.kiosk_id, args.key_id, args.epoch, args.from_seq)
    print(
        _("Key {key} of kiosk {kiosk} is revoked from epoch {epoch}, sequence {seq} on.").format(
            key=args.key_id, kiosk=args.kiosk_id, epoch=args.epoch, seq=args.from_seq
        )
    )
    if marked:
        print(_("{count} events already stored are marked revoked: kept, never counted.").format(count=marked))
    return 0
