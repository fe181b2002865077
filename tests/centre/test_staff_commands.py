"""``gopy central createuser`` and ``audit``: the handlers, called as the command line calls them."""

from __future__ import annotations

import argparse
import json

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre.accounts.commands import createuser
from centre.accounts.models import User
from centre.audit.commands import audit
from centre.audit.models import AuditEvent
from kiosk import i18n
from kiosk.errors import ValidationError

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    """The command line's words, looked for below, in English."""
    i18n.set_language("en")


def createuser_args(**given) -> argparse.Namespace:
    values = {"username": "hoa.tran", "role": "operator", "agency": "", "agency_name": "", "password_file": None}
    values.update(given)
    return argparse.Namespace(**values)


def test_createuser_prints_a_made_password_and_the_second_factor_once(capsys):
    assert createuser(createuser_args()) == 0
    out = capsys.readouterr().out
    password = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Password"))
    secret = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Secret"))
    assert "otpauth://totp/" in out and f"secret={secret}" in out
    user = User.objects.get(username="hoa.tran")
    assert user.check_password(password) and len(password) >= 16
    assert TOTPDevice.objects.get(user=user).confirmed


def test_createuser_reads_the_password_file_and_does_not_print_it(tmp_path, capsys):
    secret_file = tmp_path / "pw"
    secret_file.write_text("một-mật-khẩu-dài-2026\n", encoding="utf-8")
    args = createuser_args(username="officer.a", role="officer", agency="BTP", agency_name="Bộ Tư pháp", password_file=str(secret_file))
    assert createuser(args) == 0
    out = capsys.readouterr().out
    assert "một-mật-khẩu-dài-2026" not in out and "Password" not in out
    user = User.objects.get(username="officer.a")
    assert user.check_password("một-mật-khẩu-dài-2026") and user.agency.name == "Bộ Tư pháp"


def test_createuser_refuses_an_officer_without_an_agency():
    with pytest.raises(ValidationError, match="--agency"):
        createuser(createuser_args(role="lead"))


def test_audit_lists_and_verifies_then_names_the_first_broken_link(capsys):
    for name in ("a.one", "a.two"):
        createuser(createuser_args(username=name, role="auditor"))
    capsys.readouterr()
    assert audit(argparse.Namespace(verify=True, json=False, limit=50)) == 0
    assert capsys.readouterr().out.strip() == "intact, 4 events"
    assert audit(argparse.Namespace(verify=False, json=False, limit=2)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "USER_CREATED" in lines[0] and "user:a.two" in lines[0] and "OTP_DEVICE_CONFIRMED" in lines[1]
    assert audit(argparse.Namespace(verify=False, json=True, limit=50)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4] and rows[0]["type"] == "USER_CREATED"
    second = AuditEvent.objects.get(seq=2)
    with connection.cursor() as cursor:  # tampering, below the ORM
        cursor.execute("UPDATE audit_events SET target_id = %s WHERE seq = %s", ["someone.else", second.seq])
    assert audit(argparse.Namespace(verify=True, json=False, limit=50)) == 1
    assert capsys.readouterr().out.startswith("broken at seq 2:")
