"""The operator's fleet page: who may open it (by URL), what it shows, and its htmx partial."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from centre.audit.models import AuditEvent, EventType
from centre.fleet.models import Alarm, Kiosk
from centre.fleet.overview import fleet_overview, missing_ranges
from centre.ingest.models import Batch, BatchStatus, Head, RefusedFile
from tests.centre.staff import make_staff, sign_in

pytestmark = [pytest.mark.centre, pytest.mark.django_db]

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def kiosk(kiosk_id: str, commune: str, province: str, *, heard_days_ago: int | None) -> Kiosk:
    names = {"01": "Hà Nội", "79": "Thành phố Hồ Chí Minh"}
    return Kiosk.objects.create(
        kiosk_id=kiosk_id,
        commune_code=commune,
        commune_name=f"Xã {commune}",
        province_code=province,
        province_name=names[province],
        enrolled_at=NOW - timedelta(days=60),
        last_heard_at=None if heard_days_ago is None else NOW - timedelta(days=heard_days_ago, hours=1),
    )


def batch(kiosk_id: str, status: str, seq_from: int, seq_to: int, n: int) -> Batch:
    return Batch.objects.create(
        file_sha256=f"{n:064x}",
        file_name=f"VNC-{kiosk_id}-{n}.zip",
        manifest_sha256="0" * 64,
        kiosk_id=kiosk_id,
        epoch=1,
        batch_seq=n,
        seq_from=seq_from,
        seq_to=seq_to,
        signing_key_id="k1",
        received_at=NOW - timedelta(days=1),
        status=status,
        reason="unknown_kiosk" if status == BatchStatus.QUARANTINED else "",
        manifest="{}",
    )


@pytest.fixture
def fleet():
    kiosk("KIOSK-HN-1", "00001", "01", heard_days_ago=1)
    kiosk("KIOSK-HN-2", "00004", "01", heard_days_ago=20)
    kiosk("KIOSK-SG-1", "26734", "79", heard_days_ago=0)
    Head.objects.create(kiosk_id="KIOSK-HN-1", epoch=1, hwm_seq=100, claimed_seq=180)
    batch("KIOSK-HN-1", BatchStatus.HELD, 121, 140, 1)
    batch("KIOSK-X", BatchStatus.QUARANTINED, 1, 5, 2)
    Alarm.objects.create(raised_at=NOW, kiosk_id="KIOSK-SG-1", kind="fork", detail="two chains for one epoch")
    RefusedFile.objects.create(file_sha256="f" * 64, file_name="hỏng.zip", size=10, reason="damaged", message="not a zip", refused_at=NOW)


def test_missing_ranges_are_around_held_batches_and_up_to_the_claim():
    assert missing_ranges(100, 180, [(121, 140)], 1) == [
        *missing_ranges(100, 120, [], 1),
        *missing_ranges(140, 180, [], 1),
    ]
    assert [(g.first, g.last) for g in missing_ranges(100, 180, [(121, 140), (141, 150)], 1)] == [(101, 120), (151, 180)]
    assert missing_ranges(100, 100, [], 1) == []


def test_overview_groups_by_province_and_commune_and_finds_the_problems(fleet):
    overview = fleet_overview(now=NOW)
    assert [p.name for p in overview.provinces] == ["Hà Nội", "Thành phố Hồ Chí Minh"]
    assert [c.code for c in overview.provinces[0].communes] == ["00001", "00004"]
    hn1 = overview.provinces[0].communes[0].kiosks[0]
    assert [(g.first, g.last) for g in hn1.gaps] == [(101, 120), (141, 180)]
    assert [b.file_name for b in hn1.held] == ["VNC-KIOSK-HN-1-1.zip"] and hn1.days_silent == 1
    assert overview.provinces[0].communes[1].kiosks[0].silent  # 20 days
    assert overview.provinces[1].communes[0].kiosks[0].alarms[0].kind == "fork"
    assert [b.kiosk_id for b in overview.unknown_quarantined] == ["KIOSK-X"]
    assert overview.kiosk_count == 3 and overview.problem_count == 3
    only = fleet_overview(province="79", now=NOW)
    assert [p.code for p in only.provinces] == ["79"] and only.shown_count == 1


@pytest.mark.parametrize("role", ["operator", "auditor"])
def test_operators_and_auditors_see_the_fleet(client, fleet, role):
    sign_in(client, make_staff(role))
    response = client.get(reverse("fleet:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "KIOSK-HN-1" in html and "Hà Nội" in html and "Xã 00004" in html
    assert "101–120" in html and "VNC-KIOSK-HN-1-1.zip" in html and "hỏng.zip" in html
    assert "ngày trước" in html and "giờ Việt Nam" in html
    assert "fleet/overview.html" in [t.name for t in response.templates]
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize("role", ["officer", "lead"])
def test_agency_staff_are_refused_by_url_and_the_refusal_is_audited(client, fleet, role):
    created = make_staff(role)
    sign_in(client, created)
    response = client.get(reverse("fleet:overview") + "?province=01")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Vai trò của bạn không được mở trang này" in html and "KIOSK-HN-1" not in html
    refused = AuditEvent.objects.get(event_type=EventType.ACCESS_REFUSED)
    assert refused.actor_id == created.user.pk and refused.target_id == "/"
    assert "centre_fleet.view_fleet" in refused.extra


def test_the_fleet_needs_both_factors(client, fleet):
    assert client.get(reverse("fleet:overview"))["Location"].startswith(reverse("accounts:sign-in"))
    htmx = client.get(reverse("fleet:overview"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(reverse("accounts:sign-in"))


def test_the_htmx_filter_returns_only_the_list(client, fleet):
    sign_in(client, make_staff("operator"))
    full = client.get(reverse("fleet:overview"), {"province": "79"})
    assert "<html" in full.content.decode() and "KIOSK-HN-1" not in full.content.decode()
    partial = client.get(reverse("fleet:overview"), {"province": "79"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html and "<body" not in html
    assert html.lstrip().startswith('<div id="fleet-results"')
    assert "KIOSK-SG-1" in html and "KIOSK-HN-1" not in html
    assert next(t.name for t in partial.templates) == "fleet/_kiosks.html"
    problems = client.get(reverse("fleet:overview"), {"problems": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "KIOSK-HN-2" in problems


def test_the_page_works_in_english(client, fleet):
    sign_in(client, make_staff("operator"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("fleet:overview")).content.decode()
    assert 'lang="en"' in html and "Kiosk fleet" in html and "days ago" in html and "Refused files" in html


def test_htmx_is_vendored_and_served_locally(client, fleet):
    sign_in(client, make_staff("operator"))
    html = client.get(reverse("fleet:overview")).content.decode()
    assert '<script src="/static/vendor/htmx-2.0.11.min.js"' in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
