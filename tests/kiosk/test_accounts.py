from datetime import timedelta

import pytest

from kiosk.accounts import AccountService, SignInError
from kiosk.audit import entries, verify_audit
from kiosk.errors import ValidationError
from tests.conftest import NOW


@pytest.fixture
def accounts(store):
    service = AccountService(store)
    service.create("setup", "lan", "admin", "Nguyễn Thị Lan", "482915", NOW)
    service.create("lan", "nam", "clerk", "Trần Văn Nam", "739104", NOW)
    return service


def test_pins_are_stored_with_a_slow_hash(accounts, store):
    stored = store.query_one("SELECT pin_hash FROM accounts WHERE username = 'nam'")["pin_hash"]
    assert stored.startswith("scrypt$") and "739104" not in stored


def test_sign_in(accounts):
    assert accounts.sign_in("NAM", "739104", NOW).role == "clerk"


@pytest.mark.parametrize("pin", ["12", "abcd", "1111", "1234", "123456789"])
def test_weak_or_malformed_pins_are_refused(accounts, pin):
    with pytest.raises(ValidationError):
        accounts.create("lan", "minh", "clerk", "Lê Minh", pin, NOW)


def test_wrong_pins_grow_a_delay_then_lock(accounts):
    now = NOW
    for _ in range(2):
        with pytest.raises(SignInError) as error:
            accounts.sign_in("nam", "000001", now)
        assert error.value.wait_seconds == 0
    waits = []
    for _ in range(6):
        with pytest.raises(SignInError) as error:
            accounts.sign_in("nam", "000001", now)
        waits.append(error.value.wait_seconds)
        with pytest.raises(SignInError):  # even the right PIN waits
            accounts.sign_in("nam", "739104", now + timedelta(seconds=1))
        now += timedelta(seconds=error.value.wait_seconds + 1)
    assert waits[:5] == [15, 30, 60, 120, 240] and waits[5] == 3600
    assert accounts.sign_in("nam", "739104", now).username == "nam"


def test_every_privileged_action_is_an_audited_chain(accounts, store):
    with pytest.raises(SignInError):
        accounts.sign_in("nam", "000001", NOW)
    accounts.sign_in("nam", "739104", NOW)
    actions = [e.action for e in reversed(entries(store))]
    assert actions == ["account.create", "account.create", "sign_in.failed", "sign_in"]
    assert verify_audit(store) is None
    store.conn.execute("UPDATE audit_events SET detail = 'x' WHERE seq = 2")
    assert verify_audit(store) == 2


def test_the_last_administrator_stays(accounts):
    with pytest.raises(ValidationError):
        accounts.deactivate("lan", "lan", NOW)
    accounts.deactivate("lan", "nam", NOW)
    assert [a.username for a in accounts.accounts()] == ["lan"]
