"""Who holds which permission: a matrix of roles, asserted with django-rules."""

from __future__ import annotations

import pytest
import rules

from centre.accounts.models import Agency
from centre.accounts.predicates import is_agency_lead, is_agency_officer, is_auditor, is_operator, is_same_agency
from tests.centre.staff import make_staff

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

MATRIX = {
    "centre_fleet.view_fleet": {"operator": True, "auditor": True, "officer": False, "lead": False},
    "centre_audit.view_auditevent": {"operator": True, "auditor": True, "officer": False, "lead": False},
}


def test_perm_exists():
    for perm in MATRIX:
        assert rules.perm_exists(perm), perm


@pytest.mark.parametrize("perm", sorted(MATRIX))
@pytest.mark.parametrize("role", ["operator", "auditor", "officer", "lead"])
def test_role_matrix(perm, role):
    user = make_staff(role).user
    assert user.has_perm(perm) is MATRIX[perm][role]
    user.is_active = False
    assert not user.has_perm(perm)


def test_predicates_name_each_role_and_the_agency():
    operator, auditor = make_staff("operator").user, make_staff("auditor").user
    officer, lead = make_staff("officer", agency="BTP").user, make_staff("lead", agency="BTP").user
    other = make_staff("officer", agency="BYT").user
    assert is_operator(operator) and not is_operator(auditor)
    assert is_auditor(auditor) and not is_auditor(officer)
    assert is_agency_officer(officer) and not is_agency_officer(lead)
    assert is_agency_lead(lead) and not is_agency_lead(officer)
    btp = Agency.objects.get(code="BTP")
    assert is_same_agency(officer, btp) and is_same_agency(lead, btp)
    assert not is_same_agency(other, btp) and not is_same_agency(operator, btp) and not is_same_agency(auditor, btp)

    class Draft:  # anything with an agency_id
        agency_id = btp.pk

    assert is_same_agency(officer, Draft()) and not is_same_agency(other, Draft())
    assert not is_operator(None)
