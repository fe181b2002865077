"""The kiosk's start to its home screen's first frame, and its peak memory, against a bare window.

The baseline is the least a kiosk window can be: an ApplicationWindow with Qt
Quick Controls and the virtual keyboard's InputPanel, in the same Python and
Qt. Both are started the same way and timed from outside, to the first frame
Qt's render loop reports; peak memory (VmHWM) is read from /proc at that moment.

Both run from bytecode, as an installed kiosk does (pip and PyInstaller both
compile every module): a development checkout under PYTHONDONTWRITEBYTECODE
would otherwise compile the kiosk's own modules from source at every start
(about 70 ms here), which no kiosk in a commune office ever does. The bytecode
goes to a throwaway PYTHONPYCACHEPREFIX, written by one unmeasured start of each.
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

from benchmarks.bench_package import FIRST_FRAME, ROOT, TIMEOUT_S
from benchmarks.harness import Figure

RUNS = 9  # odd, for a true median; the ratio moves by ±0.03 between runs of 5
BARE = """
import os, sys
os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuickControls2 import QQuickStyle
app = QGuiApplication(sys.argv)
QQuickStyle.setStyle("Basic")
engine = QQmlApplicationEngine()
engine.loadData(b'''
import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
ApplicationWindow {
    visible: true; width: 1280; height: 800
    Label { text: "Gop y"; anchors.centerIn: parent }
    InputPanel { anchors.left: parent.left; anchors.right: parent.right; y: parent.height }
}
''')
sys.exit(app.exec())
"""


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def first_frame(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(ms from start to the first rendered frame, peak resident KB by then); the process is then killed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watchdog = threading.Timer(TIMEOUT_S, process.kill)
    watchdog.start()
    try:
        for line in process.stderr:
            if FIRST_FRAME in line:
                return (time.perf_counter() - start) * 1000, _peak_kb(process.pid)
        raise RuntimeError(f"{command[0]} ended (exit {process.wait()}) before its first frame")
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        process.stderr.close()


def bench_start() -> list[Figure]:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": str(Path(home) / "pycache"),
            "GOPY_HOME": home,
            "QT_QPA_PLATFORM": "offscreen",
            "QT_QUICK_BACKEND": "software",
            "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true",
        }
        subprocess.run([sys.executable, "-m", "ui.cli", "demo-data"], env=env, check=True, capture_output=True, timeout=TIMEOUT_S)
        kiosk_command = [sys.executable, "-m", "ui.cli", "run", "--windowed"]
        bare_command = [sys.executable, "-c", BARE]
        first_frame(kiosk_command, env)  # writes the bytecode and QML caches
        first_frame(bare_command, env)
        kiosk, bare = [], []
        for _ in range(RUNS):  # alternated, so a drift in the machine touches both alike
            kiosk.append(first_frame(kiosk_command, env))
            bare.append(first_frame(bare_command, env))
    note = f"median of {RUNS}, offscreen, from bytecode; baseline: ApplicationWindow + Controls + InputPanel"
    return [
        Figure(
            "start to home screen's first frame",
            statistics.median(t for t, _ in kiosk),
            statistics.median(t for t, _ in bare),
            "ms",
            "≤ 1.5×",
            note,
        ),
        Figure(
            "peak memory at first frame",
            statistics.median(m for _, m in kiosk) / 1024,
            statistics.median(m for _, m in bare) / 1024,
            "MB",
            "≤ 1.5×",
            "VmHWM; same baseline",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(bench_start()))
