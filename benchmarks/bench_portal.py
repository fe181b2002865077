"""The portal's receipt page ``/r/<code>`` under 64 concurrent clients, against a bare Django view, on PostgreSQL.

The centre runs as it is deployed: gunicorn (sync workers) serving Django on
a throwaway PostgreSQL cluster (tests/pg.py, fsync off), on loopback. Both
addresses are served by the same gunicorn, through the same middleware, in
the same run:

- ours: ``/r/<code>``, the page a receipt's QR code opens: the receipt's event
  with its kiosk and consultation, its answers, its labels, the template; or,
  when it was rendered in the last minute and nothing it shows changed since,
  the page kept in the cache the workers share (centre/core/public_cache.py);
- baseline: ``/bare/r/<code>``, a bare view doing the same indexed lookup
  (``selectors.bare_receipt_lookup``: the event by its unique receipt code)
  and returning its consultation code as plain text.

The load generator is a small Python one (threads + http.client, one
connection per request as sync workers close them): 64 threads, codes drawn
at random from 2,000 stored receipts, bounded by a request count and a time
limit per phase. Phases alternate baseline / ours eight times after a warm-up; the
figure is the p95 latency of each, pooled. Any error (not 200, or a failed
connection) fails the figure. The note gives the share of our answers that
were kept pages (the ``X-Portal-Cache`` header the bench turns on) and the p95
of the kept and of the rendered ones apart: the codes are drawn uniformly, so
about a third of the requests find no kept page however fast the cache is.

The bench's WSGI entry (``application`` below) serves the centre's own URLs
plus the bare view: it sets ROOT_URLCONF to this module before Django serves,
and raises the portal's per-address rate limit (every client is 127.0.0.1).
"""

from __future__ import annotations

import http.client
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
RECEIPTS = int(os.environ.get("GOPY_BENCH_PORTAL_RECEIPTS", "2000"))
CLIENTS = 64
PHASE_REQUESTS = int(os.environ.get("GOPY_BENCH_PORTAL_REQUESTS", "500"))  # per phase
# Baseline then ours, eight times (4,000 requests each in all): short phases, so that a burst of the machine's other
# work (it is shared) falls on both sides alike instead of on one phase of one side.
ROUNDS = 8
PHASE_SECONDS = 60.0  # a phase stops at its count or at this, whichever comes first
WORKERS = int(os.environ.get("GOPY_BENCH_PORTAL_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))  # as `gopy central serve`
CONSULTATION = "BENCH-PORTAL"
_SEEDS = itertools.count()


# ----------------------------------------------------------------------------- the server side (inside gunicorn)

_app = None


def application(environ, start_response):  # gunicorn's entry: benchmarks.bench_portal:application
    global _app
    if _app is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
        import django
        from django.conf import settings

        django.setup()
        settings.ROOT_URLCONF = __name__
        settings.PORTAL_RATE_LIMITS = {"page": (10**9, 60), "flag": (10**9, 3600)}
        settings.PORTAL_CACHE_STATUS_HEADER = True  # X-Portal-Cache: hit or miss, counted by the load generator
        from django.core.wsgi import get_wsgi_application

        _app = get_wsgi_application()
    return _app(environ, start_response)


def _bare(request, code: str):
    from django.http import HttpResponse

    from centre.portal.selectors import bare_receipt_lookup

    row = bare_receipt_lookup(code)
    if row is None:
        return HttpResponse(status=404)
    return HttpResponse(row[0], content_type="text/plain; charset=utf-8")


def __getattr__(name: str):
    """``urlpatterns``, made when Django's resolver first asks (Django is set up by then)."""
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("bare/r/<str:code>", _bare), path("", include("centre.urls"))]
    raise AttributeError(name)


# ----------------------------------------------------------------------------- seeding (in its own process)


def seed(count: int, codes_file: str) -> None:
    """A consultation with the demo draft, one kiosk, ``count`` submissions in the kiosk's shape, a few answers."""
    from centre.bootstrap import configure

    configure(Path(os.environ["GOPY_CENTRE_HOME"]))
    from datetime import UTC, datetime, timedelta

    from centre.accounts.models import Agency
    from centre.consultations.models import Consultation, Draft
    from centre.fleet.models import Kiosk
    from centre.ingest.models import Batch, Event
    from centre.review.models import Response
    from kiosk import canonical
    from kiosk.drafts import parse_file
    from kiosk.receipt_code import new_code
    from sync.packages import node_to_dict

    demo = ROOT / "assets" / "demo"
    draft = parse_file(demo / "du-thao-quy-che-cho-xa.md")
    tree = canonical.dumps([node_to_dict(node) for node in draft.nodes])
    spec = canonical.loads((demo / "consultation.json").read_bytes())
    spec.update(code=CONSULTATION, status="open")
    spec.pop("drafts", None)
    agency = Agency.objects.create(code="BENCH", name="Ủy ban nhân dân xã An Phú")
    consultation = Consultation.objects.create(code=CONSULTATION, spec=canonical.dumps(spec).decode(), draft_version=1, agency=agency)
    Draft.objects.create(
        consultation=consultation, version=1, sha256=canonical.sha256_hex(tree), title=draft.title or "", tree=tree.decode()
    )
    now = datetime.now(UTC)
    Kiosk.objects.create(
        kiosk_id="K-BENCH", commune_code="27001", commune_name="Xã An Phú", province_code="27", province_name="Tỉnh Mẫu", enrolled_at=now
    )
    batch = Batch.objects.create(
        file_sha256="b" * 64, file_name="bench.zip", manifest_sha256="0" * 64, kiosk_id="K-BENCH", epoch=1, batch_seq=1,
        seq_from=1, seq_to=count, signing_key_id="bench", received_at=now - timedelta(days=3), status="applied",
        new_events=count, manifest="{}",
    )  # fmt: skip
    comments = ("Đề nghị làm rõ giờ mở cửa chợ vào mùa mưa.", "Tôi đồng ý với dự thảo.", "Cần niêm yết công khai khoản thu.", "")
    rng = random.Random(7)
    codes, events = [], []
    for seq in range(1, count + 1):
        code = new_code()
        codes.append(code)
        items = [
            {
                "node_id": n,
                "node_key": f"article:{n}",
                "stance": rng.choice(("agree", "disagree", "other")),
                "comment": rng.choice(comments),
            }
            for n in rng.sample(range(1, 24), 3)
        ]
        body = {
            "v": 1, "type": "submission", "kiosk_id": "K-BENCH", "epoch": 1, "id": f"00000000-0000-4000-8000-{seq:012d}",
            "consultation": CONSULTATION, "draft_version": 1, "local_time": now.isoformat(timespec="seconds"), "locale": "vi",
            "channel": "self", "clerk": "", "form_date": None, "row_key": None, "items": items,
            "answers": [{"question": 1, "choices": [1], "text": ""}], "consent": {"demographics": False, "personal_data": False},
            "demographics": {}, "sealed": None,
        }  # fmt: skip
        events.append(
            Event(
                kiosk_id="K-BENCH", epoch=1, seq=seq, hash=f"{seq:064x}", kind="submission", uuid=body["id"], receipt_code=code,
                consultation_code=CONSULTATION, channel="self", local_time=body["local_time"], batch=batch,
                body=canonical.dumps(body).decode(),
            )
        )  # fmt: skip
    Event.objects.bulk_create(events, batch_size=1000)
    for n in (2, 5, 7, 12):
        Response.objects.create(
            consultation_code=CONSULTATION, legal_key=f"article:{n}", status="partly_accepted", text="Tiếp thu một phần.", loaded_at=now
        )
    Path(codes_file).write_text("\n".join(codes), encoding="ascii")


# ----------------------------------------------------------------------------- the load generator


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _phase(port: int, prefix: str, codes: list[str], requests: int) -> tuple[list[float], int, list[bool]]:
    """``requests`` GETs of ``prefix + code`` from CLIENTS threads; (latencies in ms, errors, whether each was a kept page)."""
    latencies: list[float] = []
    hits: list[bool] = []
    errors = 0
    left = requests
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_SECONDS

    def client(seed: int) -> None:
        nonlocal left, errors
        rng = random.Random(seed)
        while True:
            with lock:
                if left <= 0 or time.monotonic() > deadline:
                    return
                left -= 1
            path = prefix + rng.choice(codes)
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                hit = response.getheader("X-Portal-Cache") == "hit"
                conn.close()
            except OSError:
                ok = hit = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                hits.append(hit)
                errors += not ok

    # Each phase draws its own codes: with the same seeds, a phase would ask again for exactly the pages the one before
    # asked for, and find every one of them kept.
    first = next(_SEEDS) * CLIENTS
    threads = [threading.Thread(target=client, args=(first + n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, hits


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped before serving")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def bench_portal() -> list[Figure]:
    from tests.pg import start_cluster

    home = Path(tempfile.mkdtemp(prefix="gopy-bench-portal-"))
    # The shared cache on tmpfs, as docs/centre.md deploys it (GOPY_CENTRE_CACHE=/run/gopy-centre/cache); in the home without one.
    shm = Path("/dev/shm")
    cache = Path(tempfile.mkdtemp(prefix="gopy-bench-cache-", dir=shm)) if shm.is_dir() else home / "cache"
    cluster = start_cluster()
    server = None
    try:
        env = {
            **os.environ,
            "GOPY_CENTRE_HOME": str(home),
            "GOPY_CENTRE_CACHE": str(cache),
            "GOPY_CENTRE_DATABASE": cluster.create_database("portal_bench"),
            "DJANGO_SETTINGS_MODULE": "centre.settings",
            "PYTHONPATH": str(ROOT),
        }
        codes_file = home / "codes.txt"
        subprocess.run(
            [sys.executable, "-c", f"from benchmarks.bench_portal import seed; seed({RECEIPTS}, {str(codes_file)!r})"],
            cwd=ROOT, env=env, check=True, timeout=600,
        )  # fmt: skip
        codes = codes_file.read_text(encoding="ascii").split()
        port = _free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        server = subprocess.Popen(
            [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--backlog", "2048", "--log-level", "warning",
             "benchmarks.bench_portal:application"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        _wait_for(port, server)
        _phase(port, "/bare/r/", codes, 400)  # warm-up: every worker imports, connects, fills its memo
        _phase(port, "/r/", codes, 400)
        ours: list[float] = []
        kept: list[bool] = []
        bare: list[float] = []
        errors = 0
        for _round in range(ROUNDS):
            latencies, failed, _hits = _phase(port, "/bare/r/", codes, PHASE_REQUESTS)
            bare += latencies
            errors += failed
            latencies, failed, hits = _phase(port, "/r/", codes, PHASE_REQUESTS)
            ours += latencies
            kept += hits
            errors += failed
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.stop()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    cold = [ms for ms, hit in zip(ours, kept, strict=True) if not hit]
    warm = [ms for ms, hit in zip(ours, kept, strict=True) if hit]
    note = (
        f"{CLIENTS} clients, {len(ours)}+{len(bare)} requests, {WORKERS} gunicorn workers, PostgreSQL, "
        f"cache on {'tmpfs' if cache.parent == shm else 'disk'}; "
        f"median {statistics.median(ours):.1f} vs {statistics.median(bare):.1f} ms; "
        f"kept pages {len(warm) / len(ours):.0%} (p95 {_p95(warm) if len(warm) > 1 else float('nan'):.1f} ms), "
        f"rendered p95 {_p95(cold) if len(cold) > 1 else float('nan'):.1f} ms; errors {errors}"
    )
    figure = Figure("portal /r/<code> p95 vs bare lookup view", _p95(ours), _p95(bare), "ms", "≤ 1.5×", note)
    if errors:
        figure = Figure(figure.name, float("inf"), figure.baseline, "ms", "≤ 1.5×", note)  # any error fails the figure
    return [figure]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(bench_portal()))
