"""What clerks and administrators may do, and the audit entry each privileged action leaves.

Sign-in, failed sign-in, account changes, backup and restore are recorded
by the services that do them (kiosk.accounts, kiosk.backup). The actions
here are done through other services (printing, sync, paper import), so
the screen that does them calls :func:`record` once the action is done.
"""

from __future__ import annotations

import enum
from datetime import datetime

from kiosk import audit
from kiosk.accounts import AccountService
from kiosk.domain import Account
from kiosk.errors import UserFacingError, ValidationError
from kiosk.i18n import _
from kiosk.storage.db import Store


class Action(enum.StrEnum):
    """A privileged action; its value is the audit log's action name."""

    ASSISTED_ENTRY = "entry.assisted"
    PAPER_ENTRY = "entry.paper"
    PAPER_IMPORT = "import.paper"
    REPRINT = "reprint"
    DAILY_REPORT = "daily_report"
    BLANK_FORMS = "blank_forms"
    PACKAGE_IMPORT = "import.package"
    EXPORT = "export"
    STATISTICS = "statistics"
    ACCOUNTS = "accounts"
    BACKUP = "backup"
    RESTORE = "restore"
    AUDIT_LOG = "audit_log"
    SETTINGS = "settings"
    KIOSK_EXIT = "kiosk.exit"
    SIGN_OUT = "sign_out"


CLERK_ACTIONS = frozenset(
    {
        Action.ASSISTED_ENTRY,
        Action.PAPER_ENTRY,
        Action.PAPER_IMPORT,
        Action.REPRINT,
        Action.DAILY_REPORT,
        Action.BLANK_FORMS,
        Action.SIGN_OUT,
    }
)
ADMIN_ACTIONS = frozenset(Action)


class NotAllowed(UserFacingError):
    code = "not_allowed"


def may(role: str, action: Action) -> bool:
    """Whether an account of ``role`` ("clerk" or "admin") may do ``action``."""
    if role == "admin":
        return action in ADMIN_ACTIONS
    if role == "clerk":
        return action in CLERK_ACTIONS
    return False


def check(account: Account | None, action: Action) -> Account:
    """``account``, if it is signed in and may do ``action``.

    :raises NotAllowed: otherwise, with a message for the screen
    """
    if account is None:
        raise NotAllowed(_("Please sign in first."))
    if not may(account.role, action):
        raise NotAllowed(_("Only an administrator can do this."))
    return account


def record(store: Store, account: Account | None, action: Action, detail: str, now: datetime) -> None:
    """Check that ``account`` may do ``action``, then add it to the audit log.

    :raises NotAllowed: when it may not (nothing is recorded)
    """
    actor = check(account, action)
    audit.record(store, actor.username, action.value, detail, now)


def check_new_pin(pin: str, again: str) -> None:
    """The two PINs typed when choosing one are the same.

    :raises ValidationError: when they differ
    """
    if pin != again:
        raise ValidationError(_("The two PINs are not the same. Type the new PIN twice."))


def setup_needed(store: Store) -> bool:
    """Whether the kiosk starts with the first-run setup instead of the villagers' screens.

    A kiosk with no administrator and no consultation cannot serve anyone
    yet: it is a fresh installation (or its setup was interrupted).
    """
    if AccountService(store).has_admin():
        return False
    return store.query_one("SELECT 1 AS x FROM consultations LIMIT 1") is None


def is_enrolled(store: Store) -> bool:
    row = store.query_one("SELECT enrolled_at FROM identity")
    return bool(row and row["enrolled_at"])
