"""Writes about staff accounts: creating them, signing in and out, refusals. Each is audited in its transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre.accounts.models import Agency, Role, User
from centre.audit.models import EventType
from centre.audit.services import record
from kiosk.errors import ValidationError
from kiosk.i18n import _

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class CreatedUser:
    user: User
    device: TOTPDevice

    @property
    def totp_secret(self) -> str:
        """The base32 secret an authenticator app is given (shown once, when the account is made)."""
        from base64 import b32encode

        return b32encode(self.device.bin_key).decode("ascii")

    @property
    def totp_uri(self) -> str:
        return self.device.config_url


def generate_password(length: int = 16) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _unused in range(length))


def do_create_user(username: str, role: str, *, agency_code: str = "", agency_name: str = "", password: str, actor: Any) -> CreatedUser:
    """A staff account with its password (hashed by settings: Argon2) and a confirmed TOTP device.

    An officer or a lead acts for one agency (made here when the code is new and a name is given);
    an operator or an auditor for none.
    """
    username = username.strip()
    if not username:
        raise ValidationError(_("A user name is needed."))
    if role not in Role.values:
        raise ValidationError(_("Unknown role {role}.").format(role=role))
    needs_agency = role in (Role.OFFICER, Role.LEAD)
    if needs_agency and not agency_code:
        raise ValidationError(_("An agency officer or lead needs --agency."))
    if not needs_agency and agency_code:
        raise ValidationError(_("An operator or an auditor acts for no agency: leave out --agency."))
    candidate = User(username=username, role=role)
    try:
        validate_password(password, candidate)
    except DjangoValidationError as error:
        raise ValidationError(_("The password is refused: {reasons}").format(reasons=" ".join(error.messages))) from error
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationError(_("The user name {username} is taken.").format(username=username))
        agency = None
        if needs_agency:
            agency = Agency.objects.filter(code=agency_code).first()
            if agency is None:
                if not agency_name:
                    raise ValidationError(_("No agency has the code {code}: give its name with --agency-name.").format(code=agency_code))
                agency = Agency.objects.create(code=agency_code, name=agency_name)
        user = User(username=username, role=role, agency=agency)
        user.set_password(password)
        user.save()
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        record(
            EventType.USER_CREATED,
            actor=actor,
            target_type="user",
            target_id=user.username,
            extra={"role": role, "agency": agency.code if agency else ""},
        )
        record(EventType.OTP_DEVICE_CONFIRMED, actor=actor, target_type="user", target_id=user.username)
    return CreatedUser(user, device)


def do_record_sign_in(user: User, *, ip_address: str) -> None:
    with transaction.atomic():
        record(EventType.USER_SIGNED_IN, actor=user, target_type="user", target_id=user.username, extra={"ip": ip_address})


def do_record_sign_out(user: User, *, ip_address: str) -> None:
    with transaction.atomic():
        record(EventType.USER_SIGNED_OUT, actor=user, target_type="user", target_id=user.username, extra={"ip": ip_address})


def do_record_lockout(username: str, *, ip_address: str) -> None:
    with transaction.atomic():
        record(
            EventType.USER_LOCKED_OUT,
            actor=None,
            actor_label=f"web sign-in ({ip_address})",
            target_type="user",
            target_id=username,
            extra={"ip": ip_address},
        )


def do_record_refusal(user: Any, *, path: str, permission: str) -> None:
    """A signed-in user asked for a page their role does not open."""
    with transaction.atomic():
        record(
            EventType.ACCESS_REFUSED,
            actor=user,
            target_type="path",
            target_id=path[:200],
            extra={"permission": permission, "role": getattr(user, "role", "")},
        )
