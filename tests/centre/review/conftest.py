"""The console's fixtures: a centre with one kiosk, the road draft published for agency BTP, staff of two agencies."""

from __future__ import annotations

import pytest

from centre.consultations.services import do_publish
from centre.fleet.services import do_enrol_kiosk, do_init_centre
from kiosk import i18n
from tests.centre.fleet_seed import CODE, batch, bind_key, consultation_file
from tests.centre.staff import make_staff


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def officer():
    return make_staff("officer", agency="BTP")


@pytest.fixture
def lead():
    return make_staff("lead", agency="BTP")


@pytest.fixture
def other_officer():
    return make_staff("officer", agency="BYT")


@pytest.fixture
def auditor():
    return make_staff("auditor")


@pytest.fixture
def centre(tmp_path, settings, officer):
    """The centre's home, kiosks K1 and K2 in two communes, and CODE published for BTP (the officer's agency exists first)."""
    settings.HOME = tmp_path / "centre"
    do_init_centre(settings.HOME)
    do_enrol_kiosk("K1", "TN", "Xã Thử Nghiệm", tmp_path / "K1.enrol", province_code="42", province_name="Hà Tĩnh")
    do_enrol_kiosk("K2", "TH", "Xã Thạch Hà", tmp_path / "K2.enrol", province_code="42", province_name="Hà Tĩnh")
    bind_key("K1")
    bind_key("K2")
    do_publish(consultation_file(tmp_path / "spec"), agency_code="BTP")
    return settings.HOME


def items(*triples: tuple[str, str, str], contributor: str | None = None) -> dict:
    """A submission body with (key, stance, text) items."""
    body: dict = {"items": [{"node_key": k, "stance": s, "comment": t} for k, s, t in triples], "answers": []}
    if contributor:
        body["contributor_type"] = contributor
    return body


__all__ = ["CODE", "batch", "items"]
