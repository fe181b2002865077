"""Full screen under a bare X server with no window manager (``xinit``, a common Linux kiosk).

The kiosk runs in its own process on a real Xvfb at 1920 × 1080: the window
must take the whole screen itself, and the screen's pixels must be the
kiosk's, not X's black, in every corner.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from pathlib import Path
from kiosk.clock import system_clock
from kiosk.home import Home
from kiosk.storage.db import open_store
from sync.demo import load_demo
from ui.app import load_engine, make_application, show_full_screen
from ui.drive import wait, wait_until
from PySide6.QtCore import Qt

app = make_application()
home = Home(Path(sys.argv[1])).ensure()
store = open_store(home.database)
load_demo(store, home)
engine, window = load_engine(home, store, system_clock(), "vi", print_receipt=lambda c: lambda: None, speech_engines=())
window.setProperty("allowClose", True)
show_full_screen(window)
wait_until(lambda: window.isExposed() and window.property("screensReady"))
wait(500)
screen = window.screen()
shot = screen.grabWindow(0).toImage()  # the X root window: what a person in front of the screen sees
w, h = shot.width(), shot.height()
corners = [shot.pixelColor(x, y).name() for x, y in ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3), (w // 2, h - 3))]
geometry = window.geometry()
print(json.dumps({"screen": [screen.geometry().width(), screen.geometry().height()],
                  "window": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
                  "root": [w, h], "corners": corners,
                  "frameless": bool(window.flags() & Qt.WindowType.FramelessWindowHint)}))
sys.stdout.flush()
window.close()
"""


@pytest.fixture
def xvfb(tmp_path):
    server = shutil.which("Xvfb")
    if server is None:
        pytest.skip("Xvfb is not installed (scripts/system-deps.sh test)")
    read, write = os.pipe()
    process = subprocess.Popen(
        [server, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        display = fh.readline().strip()
    if not display:
        process.kill()
        pytest.skip("Xvfb did not start here")
    yield f":{display}"
    process.terminate()
    process.wait(10)


def test_the_window_fills_a_1920x1080_screen_with_no_window_manager(xvfb, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_QPA", "WAYLAND"))}
    env.update(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", QT_QUICK_BACKEND="software", GOPY_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "home")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["screen"] == [1920, 1080]
    assert result["window"] == [0, 0, 1920, 1080]
    assert result["root"] == [1920, 1080]
    assert result["frameless"]
    # Black is X's empty screen: every corner and the bottom edge's middle are the kiosk's own.
    assert "#000000" not in result["corners"], result["corners"]
