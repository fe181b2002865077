"""The invitation poster: printed from the kiosk (`gopy poster --invitation`) and downloaded at the centre, the same PDF."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.kiosk.receipts import decode_qr, flat, page_size_points, pdf_text, rasterise, run, tool

pytestmark = pytest.mark.centre


@pytest.mark.parametrize(("size", "points"), [("a4", (595.3, 841.9)), ("a3", (841.9, 1190.5))])
def test_the_kiosk_prints_it_with_a_qr_code_to_the_consultation_page(store, tmp_path, size, points):
    store.set_setting("portal_url", "https://gopy.example.gov.vn/r")
    out = tmp_path / f"invitation-{size}.pdf"
    env = {**os.environ, "GOPY_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "gopy", "poster", "--invitation", "--consultation", "TEST-1", "--size", size, "--out", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert tuple(round(v, 1) for v in page_size_points(out)) == points
    assert [code.text for code in decode_qr(rasterise(out, dpi=100))] == ["https://gopy.example.gov.vn/r/lay-y-kien/TEST-1"]
    text = flat(pdf_text(out))
    for expected in ("Dự thảo Quy chế chợ xã", "Ủy ban nhân dân xã Thử Nghiệm", "01/11/2026", "31/12/2026"):
        assert expected in text, expected
    fonts = run(tool("pdffonts"), str(out))
    assert "BeVietnamPro-Regular" in fonts and "BeVietnamPro-Bold" in fonts
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts.splitlines()[2:]), fonts  # every font embedded, subset


def test_a_size_the_poster_does_not_know_is_refused():
    from kiosk.invitation_poster import Invitation, render_invitation

    with pytest.raises(ValueError, match="unknown poster size"):
        render_invitation(Invitation("T", "A", "", None, None, (), "https://x.example/r/lay-y-kien/T"), "a0")
