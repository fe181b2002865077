"""The ingest streams: memory stays bounded whatever a batch's size, and on PostgreSQL the rows go in by COPY."""

from __future__ import annotations

import gc
import tracemalloc
import uuid
import zipfile

import pytest

from centre.ingest.models import Batch, Event, Head
from centre.ingest.services import Outcome, do_ingest_file
from kiosk import canonical
from kiosk.chain import GENESIS
from sync.enrolment_proof import PROOF_FIELD, proof
from tests.centre.ingest_helpers import centre_fixture  # noqa: F401  (the fixture)
from tests.sync.helpers import CODE, craft_batch

pytestmark = pytest.mark.centre

LARGE = 200_000
_MiB = 1 << 20


def _lines(kiosk_id: str, count: int) -> tuple[list[bytes], list[str]]:
    """``count`` chained submissions, made quickly (no receipt codes: they are optional columns)."""
    lines, hashes, prev = [], [], GENESIS
    for seq in range(1, count + 1):
        body = {
            "v": 1,
            "type": "submission",
            "kiosk_id": kiosk_id,
            "epoch": 1,
            "seq": seq,
            "id": str(uuid.UUID(int=seq)),
            "consultation": CODE,
            "local_time": "2026-11-23T10:00:00+07:00",
            "channel": "paper",
            "items": [{"node_key": f"article:{1 + seq % 3}", "stance": "agree", "comment": f"Góp ý số {seq}: đề nghị làm rõ điều này."}],
            "answers": [],
            "prev": prev,
            "clock_state": "ok",
        }
        line = canonical.dumps(body)
        prev = canonical.event_hash(line)
        lines.append(line)
        hashes.append(prev)
    return lines, hashes


def test_a_large_batch_is_ingested_in_bounded_memory(centre, tmp_path):
    kiosk = centre.enrol("K1", tmp_path)
    lines, hashes = _lines("K1", LARGE)
    path = craft_batch(tmp_path / "usb", kiosk.key, lines, hashes, **{PROOF_FIELD: proof(kiosk.secret, "K1", kiosk.key.public_key)})
    events_size = sum(len(line) + 1 for line in lines)
    del lines, hashes
    gc.collect()
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("events.jsonl").file_size == events_size

    tracemalloc.start()
    try:
        result = do_ingest_file(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.outcome, result.new_events, result.hwm) == (Outcome.APPLIED, LARGE, LARGE)
    assert Event.objects.count() == LARGE
    assert Head.objects.get().hwm_seq == LARGE
    # The events alone are ~70 MB; the old reader held them, and a list of every parsed line, at once.
    assert events_size > 60 * _MiB
    assert peak < 24 * _MiB, f"peak {peak / _MiB:.1f} MB for {events_size / _MiB:.0f} MB of events"
    assert do_ingest_file(path).outcome == Outcome.ALREADY
    assert Batch.objects.count() == 1


@pytest.mark.postgres_only
def test_postgresql_stages_the_events_with_copy(centre, tmp_path, monkeypatch):
    import psycopg

    statements: list[str] = []
    copy = psycopg.Cursor.copy

    def spy(self, statement, *args, **kwargs):
        statements.append(statement if isinstance(statement, str) else statement.as_string(self))
        return copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", spy)
    kiosk = centre.enrol("K1", tmp_path)
    assert do_ingest_file(kiosk.batch(30)).new_events == 30
    assert statements and all(s.startswith('COPY "ingest_staging"') and s.endswith("FROM STDIN") for s in statements)
    assert Event.objects.count() == 30
