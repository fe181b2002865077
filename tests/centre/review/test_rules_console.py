"""The console's permissions as a matrix of role × own or other agency's consultation (rules.has_perm)."""

from __future__ import annotations

import pytest
import rules

from centre.consultations.models import Consultation
from centre.review.selectors import consultations_for
from tests.centre.review.conftest import CODE
from tests.centre.staff import make_staff

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

PERMS = ("view_consultation", "answer_comment", "group_comment", "approve_answer", "assign_chapter")
# role, own agency? → which perms hold
MATRIX = {
    ("officer", True): {"view_consultation", "answer_comment", "group_comment"},
    ("officer", False): set(),
    ("lead", True): set(PERMS),
    ("lead", False): set(),
    ("auditor", None): {"view_consultation"},
    ("operator", None): set(),
}


def test_perms_exist():
    for perm in (*PERMS, "use_console"):
        assert rules.perm_exists(f"centre_review.{perm}")


@pytest.mark.parametrize(("role", "own"), list(MATRIX))
def test_matrix(centre, role, own):
    consultation = Consultation.objects.get(code=CODE)
    user = make_staff(role, agency="BTP" if own else ("BYT" if own is False else "")).user
    held = {perm for perm in PERMS if user.has_perm(f"centre_review.{perm}", consultation)}
    assert held == MATRIX[(role, own)]
    assert (consultation in consultations_for(user)) == ("view_consultation" in MATRIX[(role, own)])
