"""``gopy tour`` and ``gopy self-test``, run in this process the way the console script runs them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from ui.cli import main
from ui.tour import SCREENS


def test_self_test_walks_one_submission_and_passes(capsys):
    assert main(["self-test"]) == 0
    out = capsys.readouterr().out
    assert "self-test: passed" in out and "Chợ mở sớm" in out


@pytest.mark.slow
def test_the_tour_renders_every_screen_in_every_language(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path), "--lang", "vi,en"]) == 0
    for language in ("vi", "en"):
        for screen in SCREENS:
            image = QImage(str(tmp_path / language / f"{screen}.png"))
            assert (image.width(), image.height()) == (1280, 800), (language, screen)


def test_the_tour_refuses_an_unknown_language(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path), "--lang", "vi,klingon"]) == 2
    assert "klingon" in capsys.readouterr().err
