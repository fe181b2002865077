import subprocess
import sys

import pytest

from kiosk.chain import verify_chain
from kiosk.domain import Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.submissions import SubmissionService
from tests.conftest import article_id


@pytest.fixture
def five(store, clock):
    service = SubmissionService(store, clock)
    form = FeedbackForm("TEST-1", items=(FeedbackItem(article_id(store, "article:1"), Stance.AGREE, "Đồng ý."),))
    for _ in range(5):
        service.submit(form)
    return store


def _gopy(*args):
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, timeout=60)


def test_an_intact_chain_verifies(five):
    report = verify_chain(five)
    assert report.ok and report.checked == 5
    result = _gopy("verify-chain")
    assert result.returncode == 0 and "5" in result.stdout


def test_editing_a_stored_comment_names_that_submission(five):
    five.conn.execute("UPDATE events SET body = replace(body, 'Đồng ý.', 'Không đồng ý.') WHERE seq = 3")
    report = verify_chain(five)
    assert report.broken_at == (1, 3)
    result = _gopy("verify-chain")
    assert result.returncode == 1
    assert "3" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_editing_a_column_beside_the_body_is_seen(five):
    five.conn.execute("UPDATE events SET channel = 'paper' WHERE seq = 2")
    assert verify_chain(five).broken_at == (1, 2)


def test_recomputing_the_hash_of_an_edited_row_breaks_the_next_link(five):
    from kiosk import canonical

    row = five.query_one("SELECT body FROM events WHERE seq = 2")
    body = row["body"].replace("Đồng ý.", "Sửa.")
    five.conn.execute("UPDATE events SET body = ?, hash = ? WHERE seq = 2", (body, canonical.event_hash(body.encode())))
    assert verify_chain(five).broken_at == (1, 3)


def test_deleting_a_row_names_the_missing_one(five):
    five.conn.execute("DELETE FROM events WHERE seq = 2")
    report = verify_chain(five)
    assert report.broken_at == (1, 2)


def test_deleting_the_newest_row_is_seen(five):
    five.conn.execute("DELETE FROM events WHERE seq = 5")
    assert verify_chain(five).broken_at == (1, 5)
