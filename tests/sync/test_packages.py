"""Enrolment and packages from the centre, through the command line with real files."""

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.sync.helpers import DRAFT as DRAFT_V1


def gopy(*args, home=None, check=True):
    cmd = [sys.executable, "-m", "gopy"]
    if home:
        cmd += ["--home", str(home)]
    result = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def dump(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A centre with one published consultation and a kiosk enrolled with it."""
    root = tmp_path_factory.mktemp("world")
    centre, kiosk = root / "centre", root / "kiosk"
    gopy("central", "init", "--home", str(centre))
    gopy(
        "central",
        "enrol",
        "--home",
        str(centre),
        "--kiosk-id",
        "K1",
        "--commune-code",
        "TN",
        "--commune-name",
        "Xã Thử Nghiệm",
        "--out",
        str(root / "K1.enrol"),
    )
    gopy("setup", str(root / "K1.enrol"), home=kiosk)
    (root / "du-thao.md").write_text(DRAFT_V1, encoding="utf-8")
    today = date.today()
    spec = {
        "code": "TN-DUONG",
        "title": "Dự thảo Quy chế quản lý đường thôn",
        "agency": "UBND xã Thử Nghiệm",
        "summary": "Lấy ý kiến.",
        "opens": (today - timedelta(days=3)).isoformat(),
        "closes": (today + timedelta(days=20)).isoformat(),
        "questions": [{"text": "Có nên cấm xe tải?", "kind": "single", "options": ["Có", "Không"]}],
        "drafts": ["du-thao.md"],
    }
    (root / "tn.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    gopy("central", "publish", "--home", str(centre), str(root / "tn.json"))
    first = gopy("central", "package", "--home", str(centre), "--kiosk-id", "K1", "--out", str(root / "out")).stdout.strip()
    gopy("import-package", first, home=kiosk)
    return {"root": root, "centre": centre, "kiosk": kiosk, "first": first}


def test_a_published_consultation_reaches_the_kiosk(world):
    listed = json.loads(gopy("consultations", "--json", home=world["kiosk"]).stdout)
    assert [(c["code"], c["draft_version"]) for c in listed] == [("TN-DUONG", 1)]


def test_the_same_package_again_changes_nothing(world):
    before = dump(world["kiosk"] / "kiosk.sqlite3")
    result = gopy("import-package", world["first"], home=world["kiosk"])
    assert "1" in result.stdout
    assert dump(world["kiosk"] / "kiosk.sqlite3") == before


def _refused(world, path, *expected):
    before = dump(world["kiosk"] / "kiosk.sqlite3")
    result = gopy("import-package", str(path), home=world["kiosk"], check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in expected:
        assert word in lines[0], lines[0]
    assert dump(world["kiosk"] / "kiosk.sqlite3") == before
    return lines[0]


def test_a_package_signed_by_another_centre_is_refused(world, tmp_path):
    other = tmp_path / "other"
    gopy("central", "init", "--home", str(other))
    gopy(
        "central",
        "enrol",
        "--home",
        str(other),
        "--kiosk-id",
        "K1",
        "--commune-code",
        "X",
        "--commune-name",
        "X",
        "--out",
        str(tmp_path / "e"),
    )
    shutil.copy(world["root"] / "tn.json", other / "tn.json")
    shutil.copy(world["root"] / "du-thao.md", other / "du-thao.md")
    gopy("central", "publish", "--home", str(other), str(other / "tn.json"))
    for _ in range(3):  # a higher sequence number does not help a foreign signature
        forged = gopy("central", "package", "--home", str(other), "--kiosk-id", "K1", "--out", str(tmp_path / "p")).stdout.strip()
    _refused(world, forged)


def test_a_truncated_package_is_refused(world, tmp_path):
    with open(world["first"], "rb") as fh:
        data = fh.read()
    for cut in (10, len(data) // 2, len(data) - 5):
        path = tmp_path / f"cut{cut}.zip"
        path.write_bytes(data[:cut])
        _refused(world, path)


def test_an_older_package_replayed_is_refused(world, tmp_path):
    second = gopy("central", "package", "--home", str(world["centre"]), "--kiosk-id", "K1", "--out", str(tmp_path)).stdout.strip()
    gopy("import-package", second, home=world["kiosk"])
    _refused(world, world["first"], "1", "2")


def test_a_package_for_another_kiosk_is_refused(world, tmp_path):
    gopy(
        "central",
        "enrol",
        "--home",
        str(world["centre"]),
        "--kiosk-id",
        "K2",
        "--commune-code",
        "Y",
        "--commune-name",
        "Y",
        "--out",
        str(tmp_path / "K2.enrol"),
    )
    foreign = gopy("central", "package", "--home", str(world["centre"]), "--kiosk-id", "K2", "--out", str(tmp_path)).stdout.strip()
    _refused(world, foreign, "K2")


def test_a_new_draft_version_keeps_earlier_feedback_on_its_version(world, tmp_path):
    from kiosk.consultations import ConsultationRepository
    from kiosk.domain import Stance
    from kiosk.feedback import FeedbackForm, FeedbackItem
    from kiosk.storage.db import open_store
    from kiosk.submissions import SubmissionService

    store = open_store(world["kiosk"] / "kiosk.sqlite3")
    repo = ConsultationRepository(store)
    old_node = repo.node_by_key(repo.current_draft_id("TN-DUONG"), "article:2/clause:2/point:a")
    SubmissionService(store).submit(FeedbackForm("TN-DUONG", items=(FeedbackItem(old_node.id, Stance.DISAGREE, "Cần rõ hơn."),)))
    store.close()

    (world["root"] / "du-thao.md").write_text(
        DRAFT_V1.replace("Không lấn chiếm lòng đường;", "Không lấn chiếm lòng đường, lề đường;"), encoding="utf-8"
    )
    gopy("central", "publish", "--home", str(world["centre"]), str(world["root"] / "tn.json"))
    package = gopy("central", "package", "--home", str(world["centre"]), "--kiosk-id", "K1", "--out", str(tmp_path)).stdout.strip()
    gopy("import-package", package, home=world["kiosk"])

    store = open_store(world["kiosk"] / "kiosk.sqlite3")
    repo = ConsultationRepository(store)
    assert repo.get("TN-DUONG").draft_version == 2
    kept = repo.node(old_node.id)
    assert "lề đường" not in kept.text  # the feedback stays tied to the text it was given on
    current = repo.node_by_key(repo.current_draft_id("TN-DUONG"), kept.legal_key)
    assert "lề đường" in current.text
