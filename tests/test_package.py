"""The one folder a commune installs, built by build.spec and run as a kiosk runs it.

Slow: the build takes about a minute on two cores. The package is built into
build/test-package/ (git-ignored, replaced on every run), and every check runs
the frozen program, offscreen, with a home folder of its own. What breaks in a
frozen build shows only at run time (a trimmed QML module, a data file left
behind, a module imported lazily), so each check starts the program itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "build" / "test-package"
SIZE_LIMIT_MB = 250
FIRST_FRAME = "Frame rendered"
# What Qt prints when a QML module, a plugin or a library did not make it into the bundle.
MISSING = ("is not installed", "unavailable", "Cannot load library", "failed to load", "No such file", "Traceback")


@pytest.fixture(scope="module")
def package() -> Path:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(OUT / "dist"),
            "--workpath",
            str(OUT / "work"),
            "build.spec",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return OUT / "dist" / "gopy"


def outside(home: Path) -> Path:
    """A folder other than the source tree to run in, so nothing is read from the tree by accident."""
    return next(folder for folder in home.parents if folder.exists())


def run(package: Path, *args: str, home: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    program = package / ("gopy.exe" if sys.platform == "win32" else "gopy")
    environment = {**os.environ, "GOPY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software", **env}
    return subprocess.run([str(program), *args], env=environment, cwd=outside(home), capture_output=True, text=True, timeout=timeout)


def start_to_first_frame(package: Path, home: Path) -> str:
    """Start the kiosk, wait for its first rendered frame, stop it; returns what it printed on stderr."""
    program = package / ("gopy.exe" if sys.platform == "win32" else "gopy")
    environment = {
        **os.environ,
        "GOPY_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QUICK_BACKEND": "software",
        "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true",
    }
    process = subprocess.Popen([str(program), "run", "--windowed"], env=environment, cwd=outside(home), stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if FIRST_FRAME in line:
                time.sleep(1)  # a failure right after the first frame still shows
                break
        else:
            pytest.fail(f"the kiosk ended (exit {process.wait()}) before its first frame:\n{''.join(lines)}")
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        process.stderr.close()
    return "".join(line for line in lines if "qt.scenegraph" not in line)


def test_the_folder_is_one_folder_under_250_mb(package):
    files = [p for p in package.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files) / 1e6
    assert size < SIZE_LIMIT_MB, f"{size:.0f} MB"
    internal = package / "_internal"
    assert (internal / "locales" / "vi" / "LC_MESSAGES" / "gopy.mo").exists()
    assert (internal / "locales" / "en" / "LC_MESSAGES" / "gopy.mo").exists()
    assert (internal / "ui" / "qml" / "Kiosk" / "qmldir").exists()
    qml = internal / "PySide6" / "Qt" / "qml" if sys.platform != "win32" else internal / "PySide6" / "qml"
    # What the keyboard and the pinned style need (pitfalls.md §1); trimmed builds lose these silently.
    for needed in (
        "QtQuick/Controls/Basic",
        "QtQuick/VirtualKeyboard/Plugins/Thai",
        "QtQuick/VirtualKeyboard/Plugins/Hangul",
        "Qt/labs/folderlistmodel",
    ):
        assert (qml / needed).is_dir(), needed
    assert not (qml / "QtWebEngine").exists() and not (qml / "QtQuick3D").exists()


def test_the_folder_holds_no_part_of_the_centre(package):
    """The centre's server (Django, PostgreSQL's driver, gunicorn) is a separate install, never on a commune's kiosk."""
    internal = package / "_internal"
    for name in ("django", "centre", "psycopg", "gunicorn", "whitenoise", "axes", "django_otp"):
        assert not (internal / name).exists(), name
    archive = subprocess.run(
        [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer", "--list", "--recursive", str(package / "gopy")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if archive.returncode == 0:  # the archive's module list: nothing of Django was frozen in
        modules = archive.stdout
        assert "django." not in modules and "centre." not in modules, [line for line in modules.splitlines() if "django" in line][:5]
    assert not list(internal.rglob("django.mo"))


def test_the_command_line_works_from_a_home_that_does_not_exist_yet(package, tmp_path):
    home = tmp_path / "fresh" / "home"
    help_text = run(package, "--help", home=home)
    assert help_text.returncode == 0 and "demo-data" in help_text.stdout and "run" in help_text.stdout
    demo = run(package, "demo-data", home=home)
    assert demo.returncode == 0, demo.stderr
    [consultation] = json.loads(run(package, "consultations", "--json", home=home).stdout)
    assert consultation["status"] == "open"
    parsed = run(package, "parse-draft", str(REPO / "assets" / "demo" / "du-thao-quy-che-cho-xa.md"), home=home)
    assert parsed.returncode == 0 and "Điều 23." in parsed.stdout


def test_a_submission_is_stored_verified_and_its_receipt_printed_in_both_languages(package, tmp_path):
    home = tmp_path / "home"
    assert run(package, "demo-data", home=home).returncode == 0
    csv = tmp_path / "phieu.csv"
    today = date.today().strftime("%d/%m/%Y")
    csv.write_text(
        f"Mã lấy ý kiến,Điều,Quan điểm,Nội dung góp ý,Ngày phiếu\nAP-2026-CHO,Điều 7,Đồng ý,Bốc thăm là công bằng.,{today}\n",
        encoding="utf-8",
    )
    imported = run(package, "import-paper", str(csv), home=home)
    assert imported.returncode == 0, imported.stderr
    [code] = imported.stdout.split()
    assert run(package, "verify-chain", home=home).returncode == 0
    for language in ("vi", "en"):
        pdf = tmp_path / f"receipt-{language}.pdf"
        printed = run(package, "--lang", language, "receipt", code, "--out", str(pdf), home=home)
        assert printed.returncode == 0, printed.stderr
        data = pdf.read_bytes()
        # The font comes from the fontpkg package's files in the bundle, not from the system.
        assert data.startswith(b"%PDF") and b"BeVietnamPro" in data


def test_the_kiosk_starts_from_a_fresh_home_to_its_first_frame_with_every_qml_module(package, tmp_path):
    home = tmp_path / "fresh" / "home"  # a first start: no home folder yet
    stderr = start_to_first_frame(package, home)
    assert not [line for line in stderr.splitlines() if any(m in line for m in MISSING)], stderr
    log = (home / "logs" / "gopy.log").read_text(encoding="utf-8")
    assert "ERROR" not in log, log


def test_an_unexpected_error_is_logged_with_its_traceback_and_never_shown(package, tmp_path):
    home = tmp_path / "home"
    assert run(package, "demo-data", home=home).returncode == 0
    with sqlite3.connect(home / "kiosk.sqlite3") as db:  # a fault no message was written for
        db.execute("DROP TABLE consultations")
    for args in (("consultations",), ("run", "--windowed")):
        result = run(package, *args, home=home, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
        assert str(home / "logs" / "gopy.log") in result.stderr.strip().splitlines()[-1]
    log = (home / "logs" / "gopy.log").read_text(encoding="utf-8")
    assert log.count("Traceback (most recent call last)") >= 2 and "no such table: consultations" in log


def test_an_error_inside_the_running_kiosk_is_logged_and_the_kiosk_stays_up(package, tmp_path):
    """The composition root's sys.excepthook, in the frozen program: an exception in a slot is logged, never shown."""
    home = tmp_path / "home"
    assert run(package, "demo-data", home=home).returncode == 0
    with sqlite3.connect(home / "kiosk.sqlite3") as db:
        # Idle after one second: the untouched home screen is refreshed, and that reads the table dropped below.
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('idle_seconds', '1')")
    program = package / ("gopy.exe" if sys.platform == "win32" else "gopy")
    environment = {
        **os.environ,
        "GOPY_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QUICK_BACKEND": "software",
        "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true",
    }
    process = subprocess.Popen([str(program), "run", "--windowed"], env=environment, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    stderr = []
    try:
        for line in process.stderr:
            if FIRST_FRAME in line:
                break
            stderr.append(line)
        with sqlite3.connect(home / "kiosk.sqlite3", timeout=10) as db:
            db.execute("DROP TABLE consultations")
        log = home / "logs" / "gopy.log"
        deadline = time.monotonic() + 20
        while "no such table: consultations" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, "the kiosk ended on an unexpected error"
    finally:
        watchdog.cancel()
        process.kill()
        stderr.append(process.communicate()[1])
    text = log.read_text(encoding="utf-8")
    assert "unexpected error" in text and "Traceback (most recent call last)" in text and "no such table: consultations" in text
    assert "Traceback" not in "".join(stderr)


def test_the_self_test_passes_in_the_frozen_program(package, tmp_path):
    result = run(package, "self-test", home=tmp_path / "home", timeout=300)
    assert result.returncode == 0 and "self-test: passed" in result.stdout, result.stdout + result.stderr
