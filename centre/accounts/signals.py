"""Audit entries for what django-axes decides on its own: a user name locked out."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

from centre.accounts.services import do_record_lockout


@receiver(user_locked_out, dispatch_uid="centre-accounts-locked-out")
def _locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kwargs: Any) -> None:
    do_record_lockout(username or "", ip_address=ip_address or "")
