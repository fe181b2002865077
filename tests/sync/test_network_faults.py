"""Sync over the network under faults, with real processes: a centre server, ``gopy sync``, and a TCP proxy.

Each fault: nothing lost, nothing doubled, and ``gopy sync`` says what stopped it in one line.
"""

from __future__ import annotations

import pytest

from kiosk import i18n
from tests.centre.api.servers import Centre, Proxy
from tests.sync.helpers import KIOSK, one_line_refusal, query

pytestmark = pytest.mark.centre


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """The lines looked for below are the English ones: in this process and in the commands it runs (GOPY_LANG)."""
    monkeypatch.setenv("GOPY_LANG", "en")
    i18n.set_language("en")

FORMS = 30


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("GOPY_SYNC_PAUSE", "0.05")
    monkeypatch.setenv("GOPY_SYNC_TIMEOUT", "20")


def states(world) -> list[tuple[str, int]]:
    return query(world.kiosk_db, "SELECT state, count(*) FROM events WHERE kind = 'submission' GROUP BY state ORDER BY state")


def centre_events(world) -> int:
    return world.epoch_status()["hwm"]


def kiosk_head(world) -> int:
    return query(world.kiosk_db, "SELECT max(seq) FROM events")[0][0]


def assert_once_everywhere(world) -> None:
    """Every submission acknowledged on the kiosk; stored once at the centre, nothing held, missing or quarantined."""
    assert states(world) == [("acked", FORMS)]
    epoch = world.epoch_status()
    assert epoch["hwm"] == kiosk_head(world)
    assert (epoch["missing"], epoch["held"], epoch["quarantined"]) == ([], [], [])
    assert query(world.kiosk_db, "SELECT count(*) FROM events WHERE kind = 'submission'") == [(FORMS,)]
    assert query(world.centre_db, "SELECT count(*) FROM events WHERE kiosk_id = ? AND kind = 'submission'", (KIOSK,)) == [(FORMS,)]


@pytest.fixture
def centre(world):
    server = Centre(world.centre, world.database)
    yield server
    server.stop()


@pytest.fixture
def proxy(centre):
    forward = Proxy(centre.port)
    yield forward
    forward.close()


def test_an_upload_cut_halfway_is_sent_again_whole_and_counted_once(world, proxy):
    world.submit_paper(FORMS)
    proxy.match, proxy.cut_upload, proxy.times = "/api/v1/batches", 3000, 1
    result = world.kiosk_cmd("sync", "--centre", proxy.url)
    assert proxy.cuts == 1
    assert "trying again" in result.stdout and "Package 2 applied" in result.stdout, result.stdout
    assert_once_everywhere(world)


def test_an_upload_cut_every_time_fails_in_one_line_and_marks_nothing_sent(world, proxy):
    world.submit_paper(FORMS)
    proxy.match, proxy.cut_upload, proxy.times = "/api/v1/batches", 3000, 100
    line = one_line_refusal(world.kiosk_cmd("sync", "--centre", proxy.url, check=False))
    assert "could not be reached" in line and "USB" in line
    assert states(world) == [("sealed", FORMS)]  # not "sent": the centre never confirmed
    assert centre_events(world) == 0
    proxy.times = 0
    world.kiosk_cmd("sync")
    assert_once_everywhere(world)


def test_a_download_cut_halfway_resumes_and_is_applied_only_when_whole(world, proxy):
    world.submit_paper(FORMS)
    proxy.match, proxy.cut_download, proxy.times = "/api/v1/package", 2500, 1
    result = world.kiosk_cmd("sync", "--centre", proxy.url)
    assert proxy.cuts == 1 and "Package 2 applied" in result.stdout, result.stdout
    package_requests = [h for h in proxy.heads if h.startswith("GET /api/v1/package")]
    assert len(package_requests) == 2 and "range: bytes=" in package_requests[1].lower()  # resumed, not restarted
    assert not list((world.kiosk / "network").glob("*.partial"))
    assert_once_everywhere(world)


def test_a_download_cut_every_time_applies_nothing_then_resumes_next_round(world, proxy):
    world.submit_paper(FORMS)
    proxy.match, proxy.cut_download, proxy.times = "/api/v1/package", 300, 100
    line = one_line_refusal(world.kiosk_cmd("sync", "--centre", proxy.url, check=False))
    assert "could not be reached" in line
    assert states(world) == [("exported", FORMS)]  # sent and confirmed, but acknowledged only by a signed package
    assert query(world.kiosk_db, "SELECT value FROM sync_state WHERE key = 'last_package_seq'") == [("1",)]
    proxy.times = 0
    world.kiosk_cmd("sync")
    assert_once_everywhere(world)


def test_500_answers_are_retried_and_then_reported_in_one_line(world, proxy):
    world.submit_paper(FORMS)
    proxy.fail_500 = 2
    result = world.kiosk_cmd("sync", "--centre", proxy.url)
    assert result.stdout.count("trying again") == 2, result.stdout
    assert_once_everywhere(world)

    world.submit_paper(5, start=FORMS)
    proxy.fail_500 = 1000
    line = one_line_refusal(world.kiosk_cmd("sync", check=False))
    assert "500" in line
    assert states(world) == [("acked", FORMS), ("sealed", 5)]


def test_answers_slower_than_the_timeout_lose_and_double_nothing(world, proxy, monkeypatch):
    world.submit_paper(FORMS)
    monkeypatch.setenv("GOPY_SYNC_TIMEOUT", "1")
    monkeypatch.setenv("GOPY_SYNC_ATTEMPTS", "2")
    proxy.delay = 3
    line = one_line_refusal(world.kiosk_cmd("sync", "--centre", proxy.url, check=False))
    assert "no answer within 1 seconds" in line
    assert states(world) == [("sealed", FORMS)]
    proxy.delay = 0
    monkeypatch.setenv("GOPY_SYNC_TIMEOUT", "20")
    world.kiosk_cmd("sync")
    assert_once_everywhere(world)


def test_the_centre_killed_mid_ingest_loses_and_doubles_nothing(world):
    world.submit_paper(FORMS)
    with Centre(world.centre, world.database, fault="ingest.after_verify") as dying:
        line = one_line_refusal(world.kiosk_cmd("sync", "--centre", dying.url, check=False))
    assert "could not be reached" in line
    assert states(world) == [("sealed", FORMS)]
    assert centre_events(world) == 0
    with Centre(world.centre, world.database) as centre:
        world.kiosk_cmd("sync", "--centre", centre.url)
    assert_once_everywhere(world)
