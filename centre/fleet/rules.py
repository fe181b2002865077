"""Permissions on the fleet (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from centre.accounts.predicates import is_auditor, is_operator

# The fleet's state: the operators who run it and the auditors who read everything.
rules.add_perm("centre_fleet.view_fleet", is_operator | is_auditor)
