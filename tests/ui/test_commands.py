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


@pytest.mark.slow
def test_the_tour_shows_every_screen_at_the_largest_text_too(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path), "--lang", "vi", "--text", "normal,largest"]) == 0
    for screen in SCREENS:
        normal, largest = tmp_path / "vi" / f"{screen}.png", tmp_path / "vi" / f"{screen}-largest.png"
        assert QImage(str(largest)).size() == QImage(str(normal)).size(), screen
    home = tmp_path / "vi" / "home.png"
    assert home.read_bytes() != home.with_name("home-largest.png").read_bytes()


def test_the_tour_refuses_an_unknown_text_size(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path), "--text", "normal,huge"]) == 2
    assert "huge" in capsys.readouterr().err


def test_the_tour_refuses_an_unknown_language(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path), "--lang", "vi,klingon"]) == 2
    assert "klingon" in capsys.readouterr().err
