"""Helpers for the centre's web tests: staff accounts made by the service, signing in through both steps."""

from __future__ import annotations

import itertools
import time

from django.urls import reverse
from django_otp.oath import TOTP, totp

from centre.accounts.services import CreatedUser, do_create_user

PASSWORD = "đúng-mật-khẩu-2026"
_names = itertools.count(1)


def make_staff(role: str, *, agency: str = "") -> CreatedUser:
    needs_agency = role in ("officer", "lead")
    code = agency or ("BTP" if needs_agency else "")
    return do_create_user(
        f"{role}{next(_names)}",
        role,
        agency_code=code,
        agency_name="Bộ Tư pháp" if code else "",
        password=PASSWORD,
        actor=None,
    )


def current_code(created: CreatedUser) -> str:
    device = created.device
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):0{device.digits}d}"


def next_unused_code(created: CreatedUser) -> str:
    """A code the device has not accepted yet (a TOTP code is good once): waits for the next step if needed."""
    device = created.device
    device.refresh_from_db()
    while TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t() <= device.last_t:
        time.sleep(0.5)
    return current_code(created)


def sign_in(client, created: CreatedUser, password: str = PASSWORD):
    """Both steps; returns the last response (a redirect to the fleet on success)."""
    first = client.post(reverse("accounts:sign-in"), {"username": created.user.username, "password": password})
    assert first.status_code == 302, first.content[:500]
    return client.post(reverse("accounts:second-factor"), {"token": next_unused_code(created)})
