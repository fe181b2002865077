"""``gopy central createuser``: a staff account, its password and its second factor, each shown once."""

from __future__ import annotations

import argparse
from pathlib import Path

from centre.accounts.services import do_create_user, generate_password
from centre.cli import handler
from kiosk.errors import ValidationError
from kiosk.i18n import _


def _read_password(path: str) -> str:
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise ValidationError(_("Cannot read the password file {path}: {reason}").format(path=path, reason=error.strerror)) from error
    lines = text.splitlines()
    return lines[0] if lines else ""


@handler("createuser")
def createuser(args: argparse.Namespace) -> int:
    made_password = not args.password_file
    password = generate_password() if made_password else _read_password(args.password_file)
    created = do_create_user(
        args.username,
        args.role,
        agency_code=args.agency.strip(),
        agency_name=args.agency_name.strip(),
        password=password,
        actor=None,
    )
    user = created.user
    print(_("Created the account {username} ({role}).").format(username=user.username, role=user.role))
    if made_password:
        print(_("Password (shown once, give it to its owner): {password}").format(password=password))
    print(_("Second factor: add this to the owner's authenticator app (shown once)."))
    print(_("Secret: {secret}").format(secret=created.totp_secret))
    print(_("Link: {uri}").format(uri=created.totp_uri))
    return 0
