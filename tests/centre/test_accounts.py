"""Staff accounts: made with a hashed password and a second factor, signed in through both steps, locked out, audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre.accounts.models import User
from centre.accounts.services import do_create_user
from centre.audit.models import AuditEvent, EventType
from centre.audit.services import verify_chain
from kiosk.errors import ValidationError
from tests.centre.staff import PASSWORD, current_code, make_staff, sign_in

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


def events(event_type: EventType) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def test_create_user_hashes_with_argon2_and_gives_a_confirmed_totp_device(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    created = do_create_user("lan.nguyen", "operator", password=PASSWORD, actor=None)
    user = User.objects.get(username="lan.nguyen")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$") and PASSWORD not in user.password
    assert user.check_password(PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert created.totp_uri.startswith("otpauth://totp/G%C3%B3p%C3%BD%3Alan.nguyen?secret=" + created.totp_secret)
    assert len(created.totp_secret) == 32
    (made,) = events(EventType.USER_CREATED)
    assert made.target_id == "lan.nguyen" and made.actor_label.endswith("(command line)")
    assert verify_chain().ok


def test_an_officer_needs_an_agency_and_an_operator_has_none():
    with pytest.raises(ValidationError):
        do_create_user("officer.x", "officer", password=PASSWORD, actor=None)
    with pytest.raises(ValidationError):
        do_create_user("op.x", "operator", agency_code="BTP", password=PASSWORD, actor=None)
    created = do_create_user("officer.y", "officer", agency_code="BTP", agency_name="Bộ Tư pháp", password=PASSWORD, actor=None)
    assert created.user.agency.code == "BTP"
    assert not User.objects.filter(username__in=["officer.x", "op.x"]).exists()


def test_a_weak_password_or_a_taken_name_is_refused():
    with pytest.raises(ValidationError):
        do_create_user("short.pw", "auditor", password="123", actor=None)
    do_create_user("taken", "auditor", password=PASSWORD, actor=None)
    with pytest.raises(ValidationError):
        do_create_user("taken", "auditor", password=PASSWORD, actor=None)


def test_the_password_alone_does_not_sign_in(client):
    created = make_staff("operator")
    response = client.post(reverse("accounts:sign-in"), {"username": created.user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:second-factor")
    # Not signed in yet: the fleet sends back to the sign-in page.
    fleet = client.get(reverse("fleet:overview"))
    assert fleet.status_code == 302 and fleet["Location"].startswith(reverse("accounts:sign-in"))
    page = client.get(reverse("accounts:second-factor"))
    assert page.status_code == 200 and "Nhập mã xác thực" in page.content.decode()


def test_a_wrong_code_is_refused_and_the_right_one_signs_in(client):
    created = make_staff("operator")
    client.post(reverse("accounts:sign-in"), {"username": created.user.username, "password": PASSWORD})
    right = current_code(created)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(reverse("accounts:second-factor"), {"token": wrong})
    assert refused.status_code == 200 and "Mã không đúng" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    created.device.refresh_from_db()
    created.device.throttle_reset()  # the failure above throttles the device for a second
    accepted = client.post(reverse("accounts:second-factor"), {"token": right})
    assert accepted.status_code == 302 and accepted["Location"] == reverse("fleet:overview")
    assert client.get(reverse("fleet:overview")).status_code == 200
    (signed_in,) = events(EventType.USER_SIGNED_IN)
    assert signed_in.actor_id == created.user.pk


def test_session_holds_the_user_and_the_device_and_ends_with_the_browser(client):
    created = make_staff("auditor")
    sign_in(client, created)
    session = client.session
    assert session["_auth_user_id"] == str(created.user.pk)
    assert session["otp_device_id"] == created.device.persistent_id
    assert session.get_expire_at_browser_close()
    assert not any(key.startswith("gopy_pending") for key in session.keys())  # noqa: SIM118 (a session is not a dict)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_sign_out_is_a_post_and_is_audited(client):
    created = make_staff("operator")
    sign_in(client, created)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign-in")
    assert client.get(reverse("fleet:overview")).status_code == 302
    (signed_out,) = events(EventType.USER_SIGNED_OUT)
    assert signed_out.actor_id == created.user.pk
    assert verify_chain().ok


def test_five_wrong_passwords_lock_the_account_for_an_hour(client):
    created = make_staff("operator")
    name = created.user.username
    for attempt in range(4):
        response = client.post(reverse("accounts:sign-in"), {"username": name, "password": f"sai-{attempt}"})
        assert response.status_code == 200, attempt
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    locked = client.post(reverse("accounts:sign-in"), {"username": name, "password": "sai-5"})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Tạm khóa trong một giờ" in text and "<html" in text
    # Even the right password is refused now.
    again = client.post(reverse("accounts:sign-in"), {"username": name, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    lockouts = events(EventType.USER_LOCKED_OUT)
    assert lockouts and lockouts[0].target_id == name
    # Another user name from the same address is not locked.
    other = make_staff("auditor")
    ok = client.post(reverse("accounts:sign-in"), {"username": other.user.username, "password": PASSWORD})
    assert ok.status_code == 302


def test_the_lockout_page_is_translated_to_english(client):
    created = make_staff("operator")
    client.cookies["django_language"] = "en"
    for attempt in range(5):
        response = client.post(reverse("accounts:sign-in"), {"username": created.user.username, "password": f"wrong-{attempt}"})
    assert response.status_code == 429
    assert "Locked for an hour" in response.content.decode()


def test_csrf_is_enforced_on_both_steps_and_on_sign_out():
    created = make_staff("operator")
    browser = Client(enforce_csrf_checks=True)
    data = {"username": created.user.username, "password": PASSWORD}
    assert browser.post(reverse("accounts:sign-in"), data).status_code == 403  # no token at all
    page = browser.get(reverse("accounts:sign-in"))
    token = page.context["csrf_token"]
    assert browser.post(reverse("accounts:sign-in"), {**data, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    first = browser.post(reverse("accounts:sign-in"), {**data, "csrfmiddlewaretoken": str(token)})
    assert first.status_code == 302
    # The session key changed: a new page, a new token (the CSRF cookie stays).
    code = current_code(created)
    assert browser.post(reverse("accounts:second-factor"), {"token": code}).status_code == 403
    token = browser.get(reverse("accounts:second-factor")).context["csrf_token"]
    assert browser.post(reverse("accounts:second-factor"), {"token": code, "csrfmiddlewaretoken": str(token)}).status_code == 302
    assert browser.post(reverse("accounts:sign-out")).status_code == 403
    token = browser.get(reverse("fleet:overview")).context["csrf_token"]
    assert browser.post(reverse("accounts:sign-out"), {"csrfmiddlewaretoken": str(token)}).status_code == 302


def test_a_pending_sign_in_expires(client, monkeypatch):
    created = make_staff("lead")
    client.post(reverse("accounts:sign-in"), {"username": created.user.username, "password": PASSWORD})
    session = client.session
    session["gopy_pending_since"] -= 301
    session.save()
    response = client.post(reverse("accounts:second-factor"), {"token": current_code(created)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in client.session


def test_next_is_followed_only_within_the_site(client):
    created = make_staff("operator")
    client.post(
        reverse("accounts:sign-in") + "?next=/", {"username": created.user.username, "password": PASSWORD, "next": "https://evil.example/"}
    )
    response = client.post(reverse("accounts:second-factor"), {"token": current_code(created)})
    assert response["Location"] == reverse("fleet:overview")
