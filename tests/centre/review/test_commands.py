"""``gopy central report --out FILE.docx`` as an operator runs it: a real process, the same bytes twice."""

from __future__ import annotations

import pytest

from tests.centre.fleet_seed import CODE, consultation_file
from tests.centre.test_commands import Centre, refusal

pytestmark = pytest.mark.centre


def test_report_writes_the_docx_and_names_an_unknown_consultation(tmp_path, centre_database):
    central = Centre(tmp_path / "centre", centre_database)
    central("init")
    central("publish", consultation_file(tmp_path / "spec"))
    out = central("report", "--consultation", CODE, "--out", tmp_path / "bao-cao.docx").stdout
    assert f"Summary for {CODE}: 0 contributors, 0 opinions in 0 rows" in out
    first = (tmp_path / "bao-cao.docx").read_bytes()
    central("report", "--consultation", CODE, "--out", tmp_path / "bao-cao.docx")
    assert (tmp_path / "bao-cao.docx").read_bytes() == first
    assert "no consultation" in refusal(central("report", "--consultation", "KHONG", "--out", tmp_path / "x.docx", check=False))


def test_group_suggests_groups_for_a_whole_consultation(tmp_path, centre_database):
    central = Centre(tmp_path / "centre", centre_database)
    central("init")
    central("publish", consultation_file(tmp_path / "spec"))
    assert f"0 duplicate groups suggested for {CODE}" in central("group", "--consultation", CODE, "--threshold", "0.6").stdout
    assert "no consultation" in refusal(central("group", "--consultation", "KHONG", check=False))
    assert "threshold" in refusal(central("group", "--consultation", CODE, "--threshold", "2", check=False))
