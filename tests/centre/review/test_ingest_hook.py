"""Ingest indexes the console's comments as it applies a batch (centre/ingest/services.py calls index_comments)."""

from __future__ import annotations

import pytest

from centre.consultations.services import do_publish
from centre.ingest.services import do_ingest_file
from centre.review.models import Comment
from tests.centre.fleet_seed import consultation_file
from tests.centre.ingest_helpers import centre_fixture  # noqa: F401  (the fixture)
from tests.centre.staff import make_staff

pytestmark = [pytest.mark.centre]


def test_an_applied_batch_is_indexed_for_the_console(centre, tmp_path):
    make_staff("officer", agency="BTP")
    do_publish(consultation_file(tmp_path / "spec"), agency_code="BTP")
    kiosk = centre.enrol("K1", tmp_path / "k1")
    do_ingest_file(kiosk.batch(5))
    rows = list(Comment.objects.order_by("pk").values_list("legal_key", "folded", "commune_name"))
    assert rows == [("article:1", "dong y", "Xã Thử Nghiệm")] * 5
    do_ingest_file(kiosk.batch(3))
    assert Comment.objects.count() == 8
