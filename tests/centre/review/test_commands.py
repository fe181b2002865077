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
