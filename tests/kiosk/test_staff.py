"""Who may do what, the audit entry of each privileged action, and when the first-run setup shows."""

from __future__ import annotations

import pytest

from kiosk.accounts import AccountService
from kiosk.audit import entries, verify_audit
from kiosk.domain import Account
from kiosk.errors import ValidationError
from kiosk.staff import ADMIN_ACTIONS, CLERK_ACTIONS, Action, NotAllowed, check_new_pin, may, record, setup_needed
from kiosk.storage.db import open_store
from tests.conftest import NOW

CLERK = Account("nam", "clerk", "Trần Văn Nam")
ADMIN = Account("lan", "admin", "Nguyễn Thị Lan")


def test_a_clerk_enters_and_prints_and_an_administrator_does_everything():
    assert may("clerk", Action.PAPER_IMPORT) and may("clerk", Action.REPRINT)
    for action in (Action.EXPORT, Action.PACKAGE_IMPORT, Action.BACKUP, Action.RESTORE, Action.ACCOUNTS, Action.KIOSK_EXIT,
                   Action.STATISTICS, Action.AUDIT_LOG):
        assert not may("clerk", action) and may("admin", action)
    assert CLERK_ACTIONS < ADMIN_ACTIONS
    assert not may("villager", Action.REPRINT)


def test_a_privileged_action_is_recorded_in_the_chained_log(store):
    record(store, ADMIN, Action.EXPORT, "GOPY-K1-e1-b1.zip: 3 events", NOW)
    record(store, CLERK, Action.REPRINT, "7K3M-9QXA-2FHD", NOW)
    [reprint, export] = entries(store)
    assert (export.actor, export.action, export.detail) == ("lan", "export", "GOPY-K1-e1-b1.zip: 3 events")
    assert (reprint.actor, reprint.action) == ("nam", "reprint")
    assert verify_audit(store) is None


def test_an_action_not_allowed_is_refused_and_not_recorded(store):
    with pytest.raises(NotAllowed):
        record(store, CLERK, Action.KIOSK_EXIT, "", NOW)
    with pytest.raises(NotAllowed):
        record(store, None, Action.REPRINT, "", NOW)
    assert entries(store) == []


def test_a_new_pin_is_typed_twice():
    check_new_pin("482915", "482915")
    with pytest.raises(ValidationError):
        check_new_pin("482915", "482916")


def test_the_setup_shows_on_a_fresh_kiosk_until_it_has_an_administrator(home, tmp_path):
    fresh = open_store(tmp_path / "fresh.sqlite3")
    assert setup_needed(fresh)
    AccountService(fresh).create("setup", "lan", "admin", "Nguyễn Thị Lan", "482915", NOW)
    assert not setup_needed(fresh)
    fresh.close()


def test_a_kiosk_holding_consultations_is_in_use_and_shows_no_setup(store):
    assert not setup_needed(store)
