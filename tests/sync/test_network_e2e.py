"""Sync over the network, through ``gopy sync`` only, against a real centre process on 127.0.0.1.

upload → ingest → package → acknowledgements → a response on the kiosk's receipt status;
on SQLite and, in the second pass, on PostgreSQL (the world's centre database).
"""

from __future__ import annotations

import pytest

from kiosk import i18n
from kiosk.receipt_code import group
from kiosk.receipt_status import Progress, check_receipt
from kiosk.storage.db import open_store
from tests.centre.api.servers import Centre
from tests.sync.helpers import dump, query


def centre_state(world) -> str:
    """The centre's tables, but for the API's nonce store (every request adds a row to it)."""
    return dump(world.centre_db, skip=("api_seen_nonces",))


pytestmark = pytest.mark.centre


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """The lines looked for below are the English ones: in this process and in the commands it runs (GOPY_LANG)."""
    monkeypatch.setenv("GOPY_LANG", "en")
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("GOPY_SYNC_PAUSE", "0.1")
    monkeypatch.setenv("GOPY_SYNC_TIMEOUT", "20")


def test_a_round_over_the_network_sends_acknowledges_and_brings_the_answer_back(world):
    world.submit_paper(40)
    with Centre(world.centre, world.database) as centre:
        first = world.kiosk_cmd("sync", "--centre", centre.url)
        assert "40 submissions" in first.stdout and "Package 2 applied" in first.stdout, first.stdout
        assert query(world.kiosk_db, "SELECT state, count(*) FROM events WHERE kind = 'submission' GROUP BY state") == [("acked", 40)]
        assert world.epoch_status()["hwm"] == query(world.kiosk_db, "SELECT max(seq) FROM events")[0][0]
        # The address was kept and its change audited on the kiosk.
        assert query(world.kiosk_db, "SELECT value FROM sync_state WHERE key = 'centre_url'") == [(centre.url,)]
        assert query(world.kiosk_db, "SELECT action FROM audit_events WHERE action = 'sync.centre_url'") == [("sync.centre_url",)]

        # Nothing new on either side: nothing sent, no new package (304), nothing changes at the centre.
        before = centre_state(world)
        second = world.kiosk_cmd("sync")
        assert "Nothing to send" in second.stdout and "No new package" in second.stdout, second.stdout
        assert centre_state(world) == before

        # A response loaded at the centre reaches the receipt status through the next round.
        code = query(world.kiosk_db, "SELECT receipt_code FROM events WHERE kind = 'submission' ORDER BY seq LIMIT 1")[0][0]
        responses = world.root / "responses.csv"
        responses.write_text(f"Mã biên nhận,Trạng thái,Nội dung\n{group(code)},tiếp thu,Đã sửa Điều 2.\n", encoding="utf-8")
        world.central("respond", responses)
        third = world.kiosk_cmd("sync")
        assert "Package 3 applied" in third.stdout, third.stdout
    store = open_store(world.kiosk_db)
    try:
        status = check_receipt(store, group(code))
    finally:
        store.close()
    assert status.progress == Progress.ANSWERED
    assert [(r.status, r.text) for r in status.responses] == [("accepted", "Đã sửa Điều 2.")]


def test_a_kiosk_whose_clock_is_years_wrong_still_syncs_and_is_told(world):
    """The round asks the centre's signed time first and signs on it (sync.md §3.8): warned, never refused."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.home import Home
    from sync.network import sync_round

    world.submit_paper(10)
    wrong = lambda: datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - timedelta(days=3650)  # noqa: E731
    store = open_store(world.kiosk_db)
    try:
        with Centre(world.centre, world.database) as centre:
            result = sync_round(store, Home(world.kiosk), url=centre.url, clock=wrong, pause=0.05)
    finally:
        store.close()
    assert result.ok, result.error
    assert result.skew_seconds is not None and result.skew_seconds > 3600 * 24 * 3000
    assert any("clock" in line for line in result.lines)
    assert query(world.kiosk_db, "SELECT state, count(*) FROM events WHERE kind = 'submission' GROUP BY state") == [("acked", 10)]


def test_the_address_comes_with_the_enrolment_file_and_a_new_kiosk_syncs_before_its_first_batch(world):
    """``central enrol --centre-url``: ``gopy setup`` keeps the address; the first round needs no --centre.

    The kiosk has sent nothing yet, so the centre has bound no key of it: its proof of enrolment lets it fetch.
    """
    with Centre(world.centre, world.database) as centre:
        enrol = world.root / "K2.enrol"
        world.central(
            "enrol", "--kiosk-id", "K2", "--commune-code", "T2", "--commune-name", "Xã Hai", "--centre-url", centre.url, "--out", enrol
        )
        second = world.root / "kiosk2"
        world.kiosk_cmd("setup", enrol, home=second)
        assert query(second / "kiosk.sqlite3", "SELECT value FROM sync_state WHERE key = 'centre_url'") == [(centre.url,)]
        result = world.kiosk_cmd("sync", home=second)
    assert "Nothing to send" in result.stdout and "Package 1 applied" in result.stdout, result.stdout
    assert query(second / "kiosk.sqlite3", "SELECT count(*) FROM consultations") == [(1,)]
