"""The dashboard's coarse demographics: age band and gender as given with consent, people counted, under 5 not shown."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from centre.consultations.models import Consultation
from centre.review import selectors, services
from centre.review.models import Comment
from tests.centre.review.conftest import CODE, batch, items
from tests.centre.staff import sign_in

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


def person(age: str, gender: str, *triples) -> dict:
    body = items(*triples)
    body["demographics"] = {"age_band": age, "gender": gender, "ethnicity": "", "village": ""}
    body["consent"] = {"demographics": True, "personal_data": False}
    return body


@pytest.fixture
def seeded(centre):
    b = batch(
        "K1",
        [person("18-29", "Nữ", ("article:1", "agree", "Đồng ý."), ("article:2", "agree", "Được.")) for _ in range(5)]
        + [person("60+", "Nam", ("article:1", "other", "Cần rõ hơn."))]
        + [items(("article:2", "agree", "Không nói tuổi."))],
    )
    services.index_comments(b.pk)
    return Consultation.objects.get(code=CODE)


def test_people_not_comments_and_small_counts_hidden(seeded):
    figures = selectors.dashboard(seeded)
    assert figures["by_age"] == [("18-29", 5), ("60+", None)]  # five people (ten comments); one person: not shown
    assert figures["by_gender"] == [("Nam", None), ("Nữ", 5)]


def test_comments_indexed_before_get_them_from_their_events(seeded):
    Comment.objects.update(age_band="", gender="")
    fill = importlib.import_module("centre.review.migrations.0004_comment_demographics").fill

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    fill(None, editor)
    assert sorted(Comment.objects.exclude(age_band="").values_list("age_band", "gender").distinct()) == [("18-29", "Nữ"), ("60+", "Nam")]
    assert Comment.objects.filter(age_band="").count() == 1


def test_the_dashboard_shows_them(seeded, officer, settings):
    settings.LANGUAGE_CODE = "en"
    client = Client()
    sign_in(client, officer)
    page = client.get(reverse("review:dashboard", args=[CODE])).content.decode()
    assert "Age and gender" in page and "18-29" in page and "&lt; 5" in page


def test_participation_is_counted_per_day_in_vietnams_time(centre):
    """23:30 UTC is 06:30 the next morning in Vietnam: the comment counts on the Vietnamese day."""
    from datetime import UTC, datetime

    early = batch("K1", [items(("article:1", "agree", "Sớm."))] * 3, received_at=datetime(2026, 12, 1, 0, 30, tzinfo=UTC))
    later = batch("K2", [items(("article:1", "agree", "Trưa."))], received_at=datetime(2026, 12, 2, 6, 0, tzinfo=UTC))
    services.index_comments(early.pk)
    services.index_comments(later.pk)
    figures = selectors.dashboard(Consultation.objects.get(code=CODE))
    assert figures["by_day"] == [("2026-12-01", 3), ("2026-12-02", 1)]
