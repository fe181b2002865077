"""Permissions about staff accounts and the audit log (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from centre.accounts.predicates import is_auditor, is_operator

rules.add_perm("centre_accounts.view_user", is_operator | is_auditor)
rules.add_perm("centre_audit.view_auditevent", is_auditor | is_operator)
