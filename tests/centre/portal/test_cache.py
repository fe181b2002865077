"""The public pages kept in the cache every worker shares: served again until what they show changes, then fresh at once."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from centre.core.public_cache import SharedFileCache
from tests.centre.portal.conftest import AGENCY, CONSULTATION, publish_key_answer, store_kiosk_events, submit

pytestmark = [pytest.mark.centre, pytest.mark.django_db]


@pytest.fixture
def counted(settings):
    settings.PORTAL_CACHE_STATUS_HEADER = True
    return settings


@pytest.fixture
def received(centre_seed):
    code = submit(centre_seed, [("article:2", "disagree", "Thêm phó ban"), ("article:3", "agree", "")])
    store_kiosk_events(centre_seed)
    return code


def test_a_page_is_kept_per_address_and_language(client, received, counted):
    first = client.get(f"/r/{received}?lang=en")
    again = client.get(f"/r/{received}?lang=en")
    assert (first["X-Portal-Cache"], again["X-Portal-Cache"]) == ("miss", "hit")
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    # Served from the cache, it still carries every header a rendered page does, and no cookie.
    assert "max-age=60" in again["Cache-Control"] and "default-src 'none'" in again["Content-Security-Policy"]
    assert not again.cookies
    vietnamese = client.get(f"/r/{received}")
    assert vietnamese["X-Portal-Cache"] == "miss" and '<html lang="vi">' in vietnamese.content.decode()
    for path in (f"/r/ket-qua/{CONSULTATION}", f"/r/lay-y-kien/{CONSULTATION}", f"/co-quan/{AGENCY}"):
        assert [client.get(path)["X-Portal-Cache"] for _ in range(2)] == ["miss", "hit"], path


def test_what_is_not_a_plain_page_is_never_kept(client, received, counted):
    assert "X-Portal-Cache" not in client.get("/r/", {"ma": received})  # the lookup form answers a query
    flagged = [client.get(f"/r/{received}?da-bao=1") for _ in range(2)]
    assert all("X-Portal-Cache" not in response for response in flagged)  # any query but the language
    unknown = [client.get("/r/lay-y-kien/NOPE") for _ in range(2)]
    assert [r["X-Portal-Cache"] for r in unknown] == ["miss", "miss"]  # only 200s are kept


def test_a_page_kept_before_an_answer_is_published_shows_it_at_once(client, received, counted):
    """The generation: the console's publishing service bumps it, so no visitor waits out the minute."""
    before = client.get(f"/r/{received}?lang=en")
    assert client.get(f"/r/{received}?lang=en")["X-Portal-Cache"] == "hit"
    assert "Điều 2 sẽ có phó ban." not in before.content.decode()
    results_before = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en")
    publish_key_answer("article:2", "accepted", "Điều 2 sẽ có phó ban.")
    after = client.get(f"/r/{received}?lang=en")
    assert after["X-Portal-Cache"] == "miss"
    assert "Điều 2 sẽ có phó ban." in after.content.decode()
    assert client.get(f"/r/ket-qua/{CONSULTATION}?lang=en")["X-Portal-Cache"] == "miss"
    assert results_before.status_code == 200


def test_a_new_batch_shows_at_once_on_a_kept_page(client, centre_seed, counted):
    first = submit(centre_seed, [("article:1", "disagree", "Chợ phải mở lúc 5 giờ")])
    store_kiosk_events(centre_seed)
    assert "identical comments" not in client.get(f"/r/{first}?lang=en").content.decode()
    stored = centre_seed.query_one("SELECT max(seq) AS seq FROM events")["seq"]
    submit(centre_seed, [("article:3", "disagree", "chợ phải mở lúc 5 giờ")])
    store_kiosk_events(centre_seed, after_seq=stored)  # a second batch
    assert "one of 2 identical comments" in client.get(f"/r/{first}?lang=en").content.decode()


def test_closing_a_consultation_opens_its_kept_results_page(client, received, counted):
    from centre.consultations.services import do_close_consultation

    assert "published here after the consultation closes" in client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    do_close_consultation(CONSULTATION)
    text = client.get(f"/r/ket-qua/{CONSULTATION}?lang=en").content.decode()
    assert "1 submission, 2 opinions on articles" in text


# ----------------------------------------------------------------------------- the backend


def _cache(tmp_path, **options) -> SharedFileCache:
    return SharedFileCache(str(tmp_path / "cache"), {"OPTIONS": options})


def test_add_is_create_if_absent_and_an_expired_entry_counts_as_absent(tmp_path):
    cache = _cache(tmp_path)
    assert cache.add("k", 1, 60) and not cache.add("k", 2, 60)
    assert cache.get("k") == 1
    assert cache.add("short", 1, 0.01)
    time.sleep(0.05)
    assert cache.add("short", 5, 60) and cache.get("short") == 5
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_incr_keeps_the_entrys_expiry(tmp_path):
    cache = _cache(tmp_path)
    cache.add("forever", 10, None)
    assert cache.incr("forever") == 11 and cache.incr("forever", 5) == 16
    cache.add("brief", 1, 0.05)
    assert cache.incr("brief") == 2
    time.sleep(0.1)
    assert cache.get("brief") is None
    with pytest.raises(ValueError):
        cache.incr("brief")


def _hammer(folder: str, times: int) -> None:
    cache = SharedFileCache(folder, {})
    for _ in range(times):
        if not cache.add("count", 1, 60):
            cache.incr("count")


def test_workers_never_lose_each_others_counts(tmp_path):
    folder = str(tmp_path / "cache")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(folder, 150)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert SharedFileCache(folder, {}).get("count") == 600


def _entries(cache: SharedFileCache) -> int:
    return len(cache._list_cache_files())


def test_culling_drops_what_nobody_wrote_lately_and_never_the_generation(tmp_path):
    from centre.core.public_cache import GENERATION_KEY

    cache = _cache(tmp_path, MAX_ENTRIES=5)
    cache.CULL_AGE = 0.2
    cache.add(GENERATION_KEY, 7, None)
    for n in range(6):
        cache.set(f"old{n}", n, 60)
    time.sleep(0.3)
    cache._next_cull = 0.0
    cache.set("fresh", 1, 60)
    assert _entries(cache) == 2 and cache.get("fresh") == 1 and cache.get(GENERATION_KEY) == 7


def test_culling_drops_the_oldest_third_when_everything_is_recent_and_looks_once_in_a_while(tmp_path):
    cache = _cache(tmp_path, MAX_ENTRIES=5)
    for n in range(6):
        cache.set(f"k{n}", n, 60)
    cache._next_cull = 0.0
    cache.set("last", 1, 60)  # 6 entries, all recent: the two oldest go
    assert [cache.get(f"k{n}") for n in range(6)] == [None, None, 2, 3, 4, 5] and cache.get("last") == 1
    for n in range(10):
        cache.set(f"more{n}", n, 60)  # within CULL_SECONDS: the folder is not looked at again
    assert _entries(cache) == 15
