"""Real processes killed with SIGKILL in the middle of a submission's transaction."""

import signal
import subprocess
import sys
import textwrap

import pytest

from kiosk.chain import verify_chain
from kiosk.storage.db import open_store

SUBMIT = textwrap.dedent(
    """
    import sys
    from kiosk.storage.db import open_store
    from kiosk.consultations import ConsultationRepository
    from kiosk.domain import Stance
    from kiosk.feedback import FeedbackForm, FeedbackItem
    from kiosk.submissions import SubmissionService
    from tests.conftest import NOW
    store = open_store(__import__("pathlib").Path(sys.argv[1]))
    repo = ConsultationRepository(store)
    node = repo.node_by_key(repo.current_draft_id("TEST-1"), "article:1").id
    receipt = SubmissionService(store, lambda: NOW).submit(FeedbackForm("TEST-1", items=(FeedbackItem(node, Stance.AGREE, "x"),))).receipt
    print(receipt.seq, receipt.code, flush=True)
    """
)


def _submit(db_path, fault=None):
    env = None
    if fault:
        import os

        env = {**os.environ, "GOPY_FAULT": fault}
    return subprocess.run([sys.executable, "-c", SUBMIT, str(db_path)], capture_output=True, text=True, env=env, timeout=60)


def test_sequence_numbers_stay_gapless_across_restarts(store, home):
    store.close()
    seqs = [int(_submit(home.database).stdout.split()[0]) for _ in range(3)]
    assert seqs == [1, 2, 3]


@pytest.mark.parametrize("fault", ["submission.after_insert", "submission.before_commit"])
def test_a_kill_inside_the_transaction_leaves_nothing_partial(store, home, fault):
    store.close()
    assert _submit(home.database).returncode == 0
    killed = _submit(home.database, fault)
    assert killed.returncode == -signal.SIGKILL
    assert killed.stdout == ""  # no receipt was shown
    after = open_store(home.database)
    assert after.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r["seq"] for r in after.query("SELECT seq FROM events")] == [1]
    assert verify_chain(after).ok
    after.close()
    assert _submit(home.database).stdout.split()[0] == "2"  # no gap, no reuse
