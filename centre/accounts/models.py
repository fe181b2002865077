"""Staff: who signs in to the centre, with which role, for which drafting agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class Agency(models.Model):
    """A drafting agency ("cơ quan chủ trì soạn thảo"): its officers see only its own consultations."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        db_table = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OPERATOR = "operator", gettext_lazy("Operator")  # the fleet, consultations, packages
    OFFICER = "officer", gettext_lazy("Agency officer")  # reads and answers its agency's consultations
    LEAD = "lead", gettext_lazy("Agency lead")  # approves and publishes
    AUDITOR = "auditor", gettext_lazy("Auditor")  # reads everything, changes nothing


# Roles whose sign-in needs a second factor, always.
SECOND_FACTOR_REQUIRED = frozenset({Role.OPERATOR, Role.LEAD})


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")

    class Meta:
        db_table = "staff_users"
        constraints = [
            # An officer or a lead acts for one agency; an operator or an auditor for none.
            models.CheckConstraint(
                condition=(models.Q(role__in=["officer", "lead"], agency__isnull=False) | models.Q(role__in=["operator", "auditor"])),
                name="agency_staff_have_an_agency",
            ),
        ]

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_REQUIRED
