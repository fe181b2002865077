"""A real centre server process on 127.0.0.1, and a small TCP proxy that misbehaves on purpose."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Centre:
    """``gopy central serve --home HOME --bind 127.0.0.1:PORT`` as its own process group, stopped by :meth:`stop`."""

    def __init__(self, home: Path, database: str = "", *, fault: str | None = None, workers: int = 2, env: dict | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("GOPY_CENTRE_", "DJANGO_SETTINGS", "GOPY_FAULT"))}
        environ |= {"GOPY_CENTRE_SECRET_KEY": "test-only-secret", "GOPY_CENTRE_DATABASE": database, **(env or {})}
        if fault:
            environ["GOPY_FAULT"] = fault
        self.log = home.parent / f"serve-{self.port}.log"
        self._log = self.log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gopy",
                "central",
                "serve",
                "--home",
                str(home),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=REPO,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/accounts/sign-in/", timeout=5)  # not the API: no refusal to audit
                break
            except urllib.error.HTTPError:
                break  # answering
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert self.process.poll() is None, self.log.read_text()
                assert time.monotonic() < deadline, "the centre did not start: " + self.log.read_text()
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def __enter__(self) -> Centre:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Proxy:
    """Forwards 127.0.0.1:port to the centre, one thread pair per connection, with faults on demand.

    ``cut_upload``/``cut_download``: close both sides after that many bytes went up/down,
    for the next ``times`` connections that carry so much. ``fail_500``: answer the next
    connections with a 500 without reaching the centre. ``delay``: hold the centre's answer that many seconds.
    """

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.cut_upload: int | None = None
        self.cut_download: int | None = None
        self.times = 0
        self.fail_500 = 0
        self.delay = 0.0
        self.match = ""  # cut only requests whose first line holds this (e.g. "/api/v1/package"); "" cuts any
        self.connections = 0
        self.cuts = 0
        self.heads: list[str] = []  # the head of every request seen (method, path, headers)
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _addr = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(30)
        try:
            first = client.recv(65536)
        except OSError:
            client.close()
            return
        head = first.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        with self._lock:
            self.connections += 1
            self.heads.append(head)
            if self.fail_500:
                self.fail_500 -= 1
                self._answer_500(client)
                return
            matches = self.match in head.split("\r\n", 1)[0]
            cut = matches and self.times > 0 and (self.cut_upload is not None or self.cut_download is not None)
        client.settimeout(None)
        # ``cut_upload`` counts the body's bytes after the head, ``cut_download`` the answer's bytes.
        body_seen = len(first) - len(head) - 4
        up_limit = self.cut_upload - body_seen if cut and self.cut_upload is not None else None
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target))
            if up_limit is not None and up_limit <= 0:
                upstream.sendall(first[: len(first) + up_limit])
                with self._lock:
                    self.cuts += 1
                    self.times -= 1
                for sock in (upstream, client):
                    sock.close()
                return
            upstream.sendall(first)
        except OSError:
            client.close()
            return
        down_limit = self.cut_download if cut else None
        threading.Thread(target=self._pipe, args=(client, upstream, up_limit, 0.0), daemon=True).start()
        threading.Thread(target=self._pipe, args=(upstream, client, down_limit, self.delay), daemon=True).start()

    def _answer_500(self, client: socket.socket) -> None:
        try:
            client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\nerror")
        except OSError:
            pass
        finally:
            client.close()

    def _pipe(self, source: socket.socket, sink: socket.socket, limit: int | None, delay: float) -> None:
        moved, waited = 0, False
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if delay and not waited:
                    time.sleep(delay)
                    waited = True
                if limit is not None and moved + len(data) >= limit:
                    sink.sendall(data[: max(0, limit - moved)])
                    with self._lock:
                        self.cuts += 1
                        self.times -= 1
                    break
                sink.sendall(data)
                moved += len(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
