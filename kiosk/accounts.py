"""Clerks and administrators: PINs kept with a slow hash, growing delays, lockout.

A kiosk PIN is short, so the hash must be slow (scrypt) and guessing must be
slow too: after three wrong PINs each further try waits twice as long as the
one before, and after eight the account is locked for an hour. Every sign-in
and failed sign-in is an audit event.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk import audit
from kiosk.domain import Account
from kiosk.errors import UserFacingError, ValidationError
from kiosk.i18n import N_, _
from kiosk.storage.db import Store
from kiosk.text import clean_line

# hashlib, hmac and secrets are imported where a PIN is hashed: they load OpenSSL's
# libcrypto, 3 ms of the kiosk's start, and no PIN is checked before the home screen shows.

ROLES = ("clerk", "admin")
PIN_LENGTHS = range(4, 9)
# The audit log's details for each role, translated when the log is read (kiosk.audit.detail).
_NEW_ACCOUNT = {"admin": N_("{name}, administrator"), "clerk": N_("{name}, clerk")}
_SIGNED_IN_AS = {"admin": N_("as administrator"), "clerk": N_("as clerk")}
FREE_ATTEMPTS = 3
LOCK_AFTER = 8
LOCK_FOR = timedelta(hours=1)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class SignInError(UserFacingError):
    code = "sign_in"

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


def hash_pin(pin: str) -> str:
    import hashlib
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(
        **_SCRYPT, salt=base64.b64encode(salt).decode(), digest=base64.b64encode(digest).decode()
    )


def check_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        assert scheme == "scrypt"
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, AssertionError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def _valid_pin(pin: str) -> str:
    if not (pin.isdigit() and len(pin) in PIN_LENGTHS):
        raise ValidationError(_("A PIN has 4 to 8 digits."))
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise ValidationError(_("This PIN is too easy to guess; choose another."))
    return pin


def _delay(failures: int) -> timedelta:
    """How long to wait after ``failures`` wrong PINs in a row."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    if failures >= LOCK_AFTER:
        return LOCK_FOR
    return timedelta(seconds=15 * 2 ** (failures - FREE_ATTEMPTS))


@dataclass
class AccountService:
    store: Store

    def accounts(self) -> list[Account]:
        rows = self.store.query("SELECT username, role, display_name FROM accounts WHERE active = 1 ORDER BY role, username")
        return [Account(**row) for row in rows]

    def has_admin(self) -> bool:
        return self.store.query_one("SELECT 1 AS x FROM accounts WHERE role = 'admin' AND active = 1") is not None

    def create(self, actor: str, username: str, role: str, display_name: str, pin: str, now: datetime) -> Account:
        username = clean_line(username).lower()
        display_name = clean_line(display_name)
        if not username or not username.replace(".", "").replace("_", "").isalnum() or len(username) > 32:
            raise ValidationError(_("A user name has letters, digits, dots or underscores, at most 32."))
        if role not in ROLES:
            raise ValidationError(_("A role is clerk or admin."))
        if not display_name:
            raise ValidationError(_("Please give the person's name."))
        pin_hash = hash_pin(_valid_pin(pin))
        with self.store.write():
            if self.store.query_one("SELECT 1 AS x FROM accounts WHERE username = ?", (username,)):
                raise ValidationError(_("The user name {name} is taken.").format(name=username))
            self.store.conn.execute(
                "INSERT INTO accounts (username, role, display_name, pin_hash) VALUES (?, ?, ?, ?)",
                (username, role, display_name, pin_hash),
            )
            audit.record(self.store, actor, "account.create", audit.detail(_NEW_ACCOUNT[role], name=username), now)
        return Account(username, role, display_name)

    def deactivate(self, actor: str, username: str, now: datetime) -> None:
        with self.store.write():
            row = self.store.query_one("SELECT role FROM accounts WHERE username = ? AND active = 1", (username,))
            if row is None:
                raise ValidationError(_("There is no account {name}.").format(name=username))
            admins = self.store.query_one("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND active = 1")["n"]
            if row["role"] == "admin" and admins == 1:
                raise ValidationError(_("The last administrator cannot be removed."))
            self.store.conn.execute("UPDATE accounts SET active = 0 WHERE username = ?", (username,))
            audit.record(self.store, actor, "account.deactivate", username, now)

    def change_pin(self, actor: str, username: str, pin: str, now: datetime) -> None:
        pin_hash = hash_pin(_valid_pin(pin))
        with self.store.write():
            self.store.conn.execute(
                "UPDATE accounts SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE username = ?", (pin_hash, username)
            )
            audit.record(self.store, actor, "account.pin", username, now)

    def sign_in(self, username: str, pin: str, now: datetime) -> Account:
        """The account, if ``pin`` is right and the account is not waiting out a delay.

        Raises :class:`SignInError` with the seconds to wait, if any.
        """
        username = clean_line(username).lower()
        row = self.store.query_one("SELECT * FROM accounts WHERE username = ? AND active = 1", (username,))
        wrong = SignInError(_("The user name or PIN is not right."))
        if row is None:
            audit.record(self.store, username or "?", "sign_in.failed", audit.detail(N_("unknown user")), now)
            raise wrong
        if row["locked_until"] and now < datetime.fromisoformat(row["locked_until"]):
            wait = int((datetime.fromisoformat(row["locked_until"]) - now).total_seconds()) + 1
            raise SignInError(_("Too many wrong PINs. Try again in {seconds} seconds.").format(seconds=wait), wait)
        if not check_pin(pin, row["pin_hash"]):
            failures = row["failed_attempts"] + 1
            delay = _delay(failures)
            with self.store.write():
                self.store.conn.execute(
                    "UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                    (failures, (now + delay).isoformat() if delay else None, username),
                )
                audit.record(self.store, username, "sign_in.failed", audit.detail(N_("attempt {number}"), number=failures), now)
            if delay:
                raise SignInError(
                    _("The PIN is not right. Try again in {seconds} seconds.").format(seconds=int(delay.total_seconds())),
                    int(delay.total_seconds()),
                )
            raise wrong
        with self.store.write():
            self.store.conn.execute("UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE username = ?", (username,))
            audit.record(self.store, username, "sign_in", audit.detail(_SIGNED_IN_AS[row["role"]]), now)
        return Account(row["username"], row["role"], row["display_name"])
