"""The kiosk API refuses, with one status and one message each, and audits every refusal: a real server process.

Replayed request 409, another kiosk's key 401, a bad signature 401, an unknown kiosk 401, a 1 GB body 413
before it is read, a chunked body over the limit 413 while it streams, no signature 400, too many requests 429.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from sync.keys import KioskKey
from sync.network import Client
from tests.centre.api.servers import Centre
from tests.sync.helpers import KIOSK

pytestmark = pytest.mark.centre


def kiosk_key(world) -> KioskKey:
    return KioskKey.load(world.kiosk / "keys" / "kiosk-signing.key")


def call(url: str, path: str, headers: dict[str, str], *, data: bytes | None = None, method: str = "GET") -> tuple[int, dict]:
    request = urllib.request.Request(url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def signed(kiosk_id: str, key: KioskKey, method: str, path: str, body: bytes = b"") -> dict[str, str]:
    return Client("http://x", kiosk_id, key)._headers(method, path, hashlib.sha256(body).hexdigest())


def refusals(world) -> list[tuple[int, str]]:
    events = json.loads(world.central("audit", "--json", "--limit", "500").stdout)
    rows = events if isinstance(events, list) else events.get("events", [])
    return [(e["extra"]["status"], e["extra"]["reason"]) for e in rows if e["type"] in ("API_REQUEST_REFUSED", "API_RATE_LIMITED")]


def time_path() -> str:
    return f"/api/v1/time?nonce={secrets.token_hex(16)}"


@pytest.fixture
def bound_world(world):
    """K1's key bound at the centre by its first batch (sent over the network), and a second kiosk K2 enrolled."""
    world.submit_paper(3)
    with Centre(world.centre, world.database, workers=1) as centre:
        world.kiosk_cmd("sync", "--centre", centre.url)
    world.central("enrol", "--kiosk-id", "K2", "--commune-code", "T2", "--commune-name", "Xã Hai", "--out", world.root / "K2.enrol")
    return world


def test_each_refusal_has_one_status_and_message_and_is_audited(bound_world):
    world = bound_world
    key = kiosk_key(world)
    with Centre(world.centre, world.database, workers=1, env={"GOPY_CENTRE_API_MAX_UPLOAD": "8192"}) as centre:
        # A good request, then the very same signed request again: a replay.
        path = time_path()
        headers = signed(KIOSK, key, "GET", path)
        assert call(centre.url, path, headers)[0] == 200
        status, answer = call(centre.url, path, headers)
        assert (status, answer["error"]) == (409, "replayed") and "gửi lại" in answer["message"]  # Vietnamese: the kiosk names no language

        # K1's key used to speak for K2: another kiosk's key.
        path = time_path()
        status, answer = call(centre.url, path, signed("K2", key, "GET", path))
        assert (status, answer["error"]) == (401, "foreign_key")

        # K1's key id, signed by some other key: the signature does not hold.
        path = time_path()
        forged = signed(KIOSK, KioskKey.generate(), "GET", path)
        forged |= {"X-Gopy-Key": key.key_id, "X-Gopy-Public-Key": key.public_key}
        status, answer = call(centre.url, path, forged)
        assert (status, answer["error"]) == (401, "bad_signature")

        # A kiosk the centre never enrolled; then no signature at all.
        path = time_path()
        assert call(centre.url, path, signed("K9", KioskKey.generate(), "GET", path))[1]["error"] == "unknown_kiosk"
        assert call(centre.url, time_path(), {})[0] == 400

        # A kiosk clock a day behind: its time request is answered (that is how it learns the centre's time),
        # any other request is outside the window.
        late = Client("http://x", KIOSK, key, now=lambda: datetime.now(UTC) - timedelta(days=1))
        path = time_path()
        assert call(centre.url, path, late._headers("GET", path, hashlib.sha256(b"").hexdigest()))[0] == 200
        status, answer = call(centre.url, "/api/v1/package", late._headers("GET", "/api/v1/package", hashlib.sha256(b"").hexdigest()))
        assert (status, answer["error"]) == (401, "time_window")

        # A key never bound, without a proof of enrolment: no package for it.
        status, answer = call(centre.url, "/api/v1/package", signed("K2", KioskKey.generate(), "GET", "/api/v1/package"))
        assert (status, answer["error"]) == (401, "unknown_key")

        # A 1 GB body: refused on its Content-Length, before it is read (only a few bytes are ever sent).
        with socket.create_connection(("127.0.0.1", centre.port), timeout=20) as sock:
            head = "".join(f"{k}: {v}\r\n" for k, v in signed(KIOSK, key, "POST", "/api/v1/batches", b"x").items())
            sock.sendall(
                f"POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {1 << 30}\r\n{head}\r\n".encode() + b"PK\x03\x04"
            )
            reply = sock.recv(65536).decode("latin-1")
        assert reply.startswith("HTTP/1.1 413"), reply

        # A chunked body (no Content-Length) over the limit: refused while it streams.
        body = secrets.token_bytes(20000)
        with socket.create_connection(("127.0.0.1", centre.port), timeout=20) as sock:
            head = "".join(f"{k}: {v}\r\n" for k, v in signed(KIOSK, key, "POST", "/api/v1/batches", body).items())
            sock.sendall(f"POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode())
            try:
                for start in range(0, len(body), 4096):
                    part = body[start : start + 4096]
                    sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the centre may close as soon as it refused
            reply = sock.recv(65536).decode("latin-1")
        assert reply.startswith("HTTP/1.1 413"), reply

    assert sorted(refusals(world)) == sorted(
        [
            (409, "replayed"),
            (401, "foreign_key"),
            (401, "bad_signature"),
            (401, "unknown_kiosk"),
            (400, "malformed"),
            (401, "unknown_key"),
            (401, "time_window"),
            (413, "too_large"),
            (413, "too_large"),
        ]
    )
    assert json.loads(world.central("audit", "--verify", "--json").stdout)["intact"]


def test_a_kiosk_over_its_rate_is_refused_with_429_and_audited_once(bound_world):
    world = bound_world
    key = kiosk_key(world)
    # A cache of its own: the rate counts live in the cache the workers share, and the fixture's sync counted in it already.
    env = {"GOPY_CENTRE_API_RATE": "5", "GOPY_CENTRE_CACHE": str(world.root / "rate-cache")}
    with Centre(world.centre, world.database, workers=1, env=env) as centre:
        # The limit counts per minute of the clock: start early in a minute, so the nine requests fall in one.
        if time.time() % 60 > 40:
            time.sleep(60 - time.time() % 60 + 0.1)
        minute = int(time.time()) // 60
        statuses = []
        for _ in range(9):
            path = time_path()
            statuses.append(call(centre.url, path, signed(KIOSK, key, "GET", path))[0])
        one_minute = int(time.time()) // 60 == minute
    if one_minute:
        assert statuses == [200] * 5 + [429] * 4
        assert refusals(world).count((429, "rate_limited")) == 1  # once a minute, not once a request
    else:  # a machine too slow to send nine requests in 20 s: the limit still held in each minute
        assert set(statuses) == {200, 429}
