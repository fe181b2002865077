"""Who someone is, as django-rules predicates (centre-style.md, Permissions)."""

from __future__ import annotations

from typing import Any

import rules

from centre.accounts.models import Role


def _role(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return getattr(user, "role", "")


@rules.predicate
def is_operator(user: Any) -> bool:
    return _role(user) == Role.OPERATOR


@rules.predicate
def is_auditor(user: Any) -> bool:
    return _role(user) == Role.AUDITOR


@rules.predicate
def is_agency_officer(user: Any) -> bool:
    return _role(user) == Role.OFFICER and user.agency_id is not None


@rules.predicate
def is_agency_lead(user: Any) -> bool:
    return _role(user) == Role.LEAD and user.agency_id is not None


@rules.predicate
def is_same_agency(user: Any, obj: Any) -> bool:
    """The object (an agency, or anything with an ``agency_id``) belongs to the user's own agency."""
    if obj is None or _role(user) not in (Role.OFFICER, Role.LEAD) or user.agency_id is None:
        return False
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is None and obj.__class__.__name__ == "Agency":
        agency_id = obj.pk
    return agency_id == user.agency_id
