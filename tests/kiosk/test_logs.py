"""The log in the home folder: every line kept until it rotates out, never more than six files."""

from __future__ import annotations

import logging

import pytest

from kiosk import logs


@pytest.fixture
def rotating_log(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 400)
    handler = logs.RotatingLog(tmp_path / "gopy.log")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("tests.rotating_log")
    logger.propagate = False
    logger.addHandler(handler)
    yield logger
    logger.removeHandler(handler)
    handler.close()


def test_the_log_moves_aside_when_full_and_the_newest_lines_stay_in_gopy_log(rotating_log, tmp_path):
    for number in range(30):
        rotating_log.warning("line %02d %s", number, "x" * 40)  # 49 bytes a line
    current = (tmp_path / "gopy.log").read_text(encoding="utf-8").splitlines()
    first_aside = (tmp_path / "gopy.log.1").read_text(encoding="utf-8").splitlines()
    assert current[-1].startswith("line 29")
    assert first_aside[-1].startswith(f"line {int(current[0][5:7]) - 1:02d}")  # no line lost between them
    assert all(len(path.read_bytes()) <= logs.MAX_BYTES + 49 for path in tmp_path.iterdir())


def test_at_most_five_old_files_are_kept(rotating_log, tmp_path):
    for number in range(200):
        rotating_log.warning("line %03d %s", number, "x" * 40)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["gopy.log", "gopy.log.1", "gopy.log.2", "gopy.log.3", "gopy.log.4", "gopy.log.5"]
    oldest = (tmp_path / "gopy.log.5").read_text(encoding="utf-8").splitlines()
    assert int(oldest[0][5:8]) > 0  # the first lines rotated out


def test_setup_logging_writes_to_the_home_folder(home):
    root = logging.getLogger()
    before = list(root.handlers)
    for handler in before:  # an earlier test's log: setup_logging keeps the first it finds
        root.removeHandler(handler)
    try:
        logs.setup_logging(home)
        logging.getLogger("tests").warning("kiosk started")
        for handler in root.handlers:
            handler.flush()
        assert logs.log_path() == str(home.logs / "gopy.log")
        assert "kiosk started" in (home.logs / "gopy.log").read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in before:
            root.addHandler(handler)
