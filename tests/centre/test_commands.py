"""``gopy central`` for the fleet, consultations and review, as an operator runs it: real processes, one clear line on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.centre.fleet_seed import CODE, consultation_file

pytestmark = pytest.mark.centre


class Centre:
    def __init__(self, home: Path, database: str) -> None:
        self.home, self.database = home, database

    def __call__(self, verb: str, *args, check: bool = True) -> subprocess.CompletedProcess:
        # Not the test settings pytest-django exported: the command configures Django as an operator's run does.
        env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "CENTRE_TEST_DB")}
        env |= {"GOPY_CENTRE_DATABASE": self.database, "GOPY_LANG": "en"}
        cmd = [sys.executable, "-m", "gopy", "central", verb, "--home", str(self.home), *map(str, args)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def json(self, verb: str, *args):
        return json.loads(self(verb, *args, "--json").stdout)


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def central(tmp_path, centre_database) -> Centre:
    centre = Centre(tmp_path / "centre", centre_database)
    assert "Root key fingerprint" in centre("init").stdout
    return centre


def test_enrol_refuses_an_enrolled_id_in_one_line_and_replaces_it_with_a_reason(central, tmp_path):
    out = tmp_path / "K1.enrol"
    enrol = ("enrol", "--kiosk-id", "K1", "--commune-code", "TN", "--commune-name", "Xã Thử Nghiệm", "--out", out)
    assert str(out) in central(*enrol, "--province-name", "Hà Tĩnh").stdout
    assert "already enrolled" in refusal(central(*enrol, check=False))
    assert "reason" in refusal(central(*enrol, "--replace", check=False))
    central(*enrol, "--replace", "--reason", "máy mới")
    [kiosk] = central.json("kiosks")
    assert (kiosk["kiosk_id"], kiosk["province_name"], kiosk["last_heard"], kiosk["keys"]) == ("K1", "", "", [])


def test_publish_list_close_package_status_report_and_respond(central, tmp_path):
    central("enrol", "--kiosk-id", "XA-PHUOC-01", "--commune-code", "PH", "--commune-name", "Xã Phước", "--out", tmp_path / "k.enrol")
    spec = consultation_file(tmp_path / "spec")
    assert "no agency with the code BTP" in refusal(central("publish", spec, "--agency", "BTP", check=False))
    assert "draft version 1" in central("publish", spec).stdout
    [listed] = central.json("consultations")
    assert (listed["code"], listed["kind"], listed["status"], listed["draft_version"], listed["submissions"]) == (
        CODE,
        "draft",
        "open",
        1,
        0,
    )
    assert "closed" in central("close", "--consultation", CODE).stdout
    assert central.json("consultations")[0]["status"] == "closed"

    path = Path(central("package", "--kiosk-id", "XA-PHUOC-01", "--out", tmp_path / "usb").stdout.strip())
    assert path.name == "GOPY-PKG-XA-PHUOC-01-000001.zip" and path.is_file()
    status = central.json("status")
    assert status["kiosks"][0]["package_issued"]["draft_versions"] == {CODE: 1}
    assert status["totals"]["kiosks"] == 1
    assert "Xã Phước [PH]" in central("status").stdout

    report = central("report", "--consultation", CODE, "--out", tmp_path / "bao-cao.csv").stdout
    assert "0 submissions" in report and (tmp_path / "bao-cao.csv").is_file()
    assert "no consultation" in refusal(central("report", "--consultation", "KHONG", "--out", tmp_path / "x.csv", check=False))
    answers = tmp_path / "tra-loi.csv"
    answers.write_text(f"consultation,article,status,response\n{CODE},Điều 1,tiếp thu,Đã sửa.\n", encoding="utf-8")
    assert "1 responses loaded, 0 rows with errors" in central("respond", answers).stdout
    assert "no bound key" in refusal(
        central("revoke", "--kiosk-id", "XA-PHUOC-01", "--key-id", "k", "--epoch", "1", "--from-seq", "1", check=False)
    )
