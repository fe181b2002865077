"""The one-folder package (dist/gopy, `make package`): its size, and its cold start against the venv's.

The first frame is read from outside, the same way for both programs: Qt's
own render-loop log (``qt.scenegraph.time.renderloop``) prints a line when a
frame has been rendered, and the time from starting the process to that line
is the start time. Nothing in the program is special-cased for the bench.
Before every run the page cache is dropped (as root), so both programs read
their files from disk, as a kiosk does when it boots.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dist" / "gopy"
PROGRAM = PACKAGE / ("gopy.exe" if sys.platform == "win32" else "gopy")
RUNS = 5
SIZE_TARGET_MB = 250
FIRST_FRAME = b"Frame rendered"
TIMEOUT_S = 60


def folder_mb(folder: Path) -> tuple[float, int]:
    """Apparent size in MB (10^6 bytes) and the number of files; links are not counted twice."""
    total, files = 0, 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total / 1e6, files


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def first_frame_ms(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from starting ``command`` to Qt's first rendered frame; the process is then killed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watchdog = threading.Timer(TIMEOUT_S, process.kill)
    watchdog.start()
    try:
        for line in process.stderr:
            if FIRST_FRAME in line:
                return (time.perf_counter() - start) * 1000
        raise RuntimeError(f"{command[0]} ended (exit {process.wait()}) before its first frame")
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        process.stderr.close()


def bench_package() -> list[Figure]:
    if not PROGRAM.exists():
        print(f"bench_package: {PROGRAM.relative_to(ROOT)} does not exist; run `make package` first. Skipped.")
        return []
    size, files = folder_mb(PACKAGE)
    figures = [Figure("package folder size", size, SIZE_TARGET_MB, "MB", "≤ 1×", f"dist/gopy, {files} files")]

    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "GOPY_HOME": home,
            "QT_QPA_PLATFORM": "offscreen",
            "QT_QUICK_BACKEND": "software",
            "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true",
        }
        # The same screen for both: the demo consultation on the home screen.
        subprocess.run([str(PROGRAM), "demo-data"], env=env, check=True, capture_output=True, timeout=TIMEOUT_S)
        venv_command = [sys.executable, "-m", "ui.cli", "run", "--windowed"]
        frozen_command = [str(PROGRAM), "run", "--windowed"]
        venv, frozen, cold = [], [], True
        for _ in range(RUNS):  # alternated, so a drift in the machine touches both alike
            cold &= drop_caches()
            venv.append(first_frame_ms(venv_command, env))
            cold &= drop_caches()
            frozen.append(first_frame_ms(frozen_command, env))
    note = f"median of {RUNS}, {'cold: page cache dropped before each run' if cold else 'WARM: page cache not dropped (not root)'}"
    figures.append(
        Figure("packaged start to first frame (vs venv)", statistics.median(frozen), statistics.median(venv), "ms", "≤ 1.5×", note)
    )
    return figures


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(bench_package()))
