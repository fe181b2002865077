"""What the kiosk loads before its home screen's first frame: only what that frame needs.

The start time (issue 5, ``make bench``) was won by keeping heavy modules off
this path; an innocent top-level import would quietly bring them back. This
starts ``gopy run`` the way a kiosk does and lists the modules loaded when
the first frame is drawn.
"""

import json
import os
import subprocess
import sys

# Each is imported where it is used: a screen beyond home, a write, printing, sync.
NOT_BEFORE_FIRST_FRAME = (
    "sqlite_utils",  # reads go straight to sqlite3 (kiosk/storage/db.py)
    "babel.messages",  # the .mo and .qm are compiled ahead
    "nacl",
    "PIL",
    "qrcode",
    "reportlab",
    "openpyxl",
    "docx",
    "uuid",
    "hashlib",  # OpenSSL's libcrypto: the audit chain's hashes and the PINs come later
    "secrets",
    "logging.handlers",  # socket, pickle and queue (kiosk/logs.py rotates the log itself)
    "sync.batches",
    "sync.kiosk_side",
    "kiosk.visit",
    "kiosk.feedback",  # the form and receipt values: kiosk.domain keeps what home shows
    "kiosk.results",
    "kiosk.search",
    "kiosk.telex",
    "kiosk.submissions",
    "kiosk.receipt_documents",
    "kiosk.statistics",
    "kiosk.clerk_entry",
    "PySide6.QtTextToSpeech",
    "PySide6.QtCharts",
)

PROBE = """
import json, sys
import ui.app
from PySide6.QtCore import QCoreApplication
load_engine = ui.app.load_engine

def probe(*args, **kwargs):
    engine, window = load_engine(*args, **kwargs)

    def first_frame():
        print(json.dumps({"modules": sorted(sys.modules), "screens": window.property("screensReady")}), flush=True)
        sys.stdout.close()
        QCoreApplication.instance().quit()

    window.frameSwapped.connect(first_frame)
    return engine, window

ui.app.load_engine = probe
from ui.cli import main
main(["--home", sys.argv[1], "run", "--windowed"])
"""


def test_the_first_frame_loads_no_heavy_module(home, store):
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    env.pop("GOPY_HOME", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(home.root)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout, done.stderr
    seen = json.loads(done.stdout.splitlines()[0])
    loaded = [name for name in NOT_BEFORE_FIRST_FRAME if any(m == name or m.startswith(name + ".") for m in seen["modules"])]
    assert loaded == []
    assert not seen["screens"], "the screens beyond home are loaded after the first frame"
