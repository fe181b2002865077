"""``gopy central serve``: gunicorn on a free port, static files through WhiteNoise, access log on stderr, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.centre]

REPO = Path(__file__).resolve().parents[2]
SERVE = """
import argparse, sys
from centre.bootstrap import configure
configure(sys.argv[1], sys.argv[2])
from centre.core.commands import serve
sys.exit(serve(argparse.Namespace(bind=sys.argv[3], workers=1)))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_answers_serves_static_and_stops_gracefully(tmp_path, centre_database):
    port = free_port()
    (tmp_path / "centre").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOPY_CENTRE_", "DJANGO_SETTINGS"))}
    env["GOPY_CENTRE_SECRET_KEY"] = "test-only-secret"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(tmp_path / "centre"), centre_database, f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/accounts/sign-in/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200 and "Đăng nhập".encode() in body
        status, body = get(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js")
        assert status == 200 and body.startswith(b"var htmx=")
        status, _body = get(f"http://127.0.0.1:{port}/")
        assert status == 200  # redirected to the sign-in page and followed
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=40)
    assert server.returncode == 0, err
    assert "GET /static/vendor/htmx-2.0.11.min.js" in err  # the access log, on stderr
    assert "Shutting down" in err or "Handling signal: term" in err
    assert out == ""
