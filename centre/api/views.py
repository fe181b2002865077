"""The kiosk API, ``/api/v1/``: a batch up, the next package down, the centre's signed time.

The views only check the request and call the services: the ingest
(``do_ingest_file``, exactly as for a file from a USB stick) and the fleet
(``do_build_package``). Every refusal is one JSON object
``{"ok": false, "error": <reason>, "message": <one line>}`` with its status,
and is audited (centre.api.auth).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from centre.api.auth import Caller, Refusal, authenticate, record_refusal
from centre.audit.models import AuditEvent, EventType
from centre.core import clock
from centre.core.database import lock
from centre.fleet.models import Package
from centre.fleet.services import do_build_package, load_keys
from centre.ingest.services import do_ingest_file
from sync.container import safe_filename
from sync.errors import SyncError
from sync.keys import b64encode
from sync.network import H_PACKAGE_SHA, time_bytes

# A batch holds at most 128 MiB of events before the kiosk splits it (sync.batches.MAX_BATCH_BYTES);
# its container adds little. Anything larger is refused before a byte of it is read.
MAX_UPLOAD = int(os.environ.get("GOPY_CENTRE_API_MAX_UPLOAD", str(160 << 20)))
_CHUNK = 1 << 16
# Audited events that do not change what a package would carry.
_NO_CHANGE = (
    EventType.BATCH_ALREADY,
    EventType.FILE_REFUSED,
    EventType.PACKAGE_ISSUED,
    EventType.USER_SIGNED_IN,
    EventType.USER_SIGNED_OUT,
    EventType.USER_LOCKED_OUT,
    EventType.API_REQUEST_REFUSED,
    EventType.API_RATE_LIMITED,
)


def _refused(request: HttpRequest, refusal: Refusal) -> JsonResponse:
    record_refusal(request, refusal)
    return JsonResponse({"ok": False, "error": refusal.reason, "message": refusal.message}, status=refusal.status)


def _folder(*parts: str) -> Path:
    folder = Path(settings.HOME, "api", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------- a batch up


@csrf_exempt
@require_POST
def upload_batch(request: HttpRequest) -> HttpResponse:
    """The batch file, as it would go on a stick: size-checked first, then signature, then streamed and ingested."""
    declared = request.META.get("CONTENT_LENGTH") or ""
    try:
        if declared and (not declared.isdigit() or int(declared) > MAX_UPLOAD):
            if not declared.isdigit():
                raise Refusal(400, "malformed", gettext("The request's Content-Length is not a number."))
            raise Refusal(
                413, "too_large", gettext("The batch is larger than the centre accepts ({limit} MiB).").format(limit=MAX_UPLOAD >> 20)
            )
        caller = authenticate(request, unbound="ingest")
    except Refusal as refusal:
        if not refusal.kiosk_id:
            refusal.kiosk_id = (request.META.get("HTTP_X_GOPY_KIOSK") or "")[:64]
        return _refused(request, refusal)
    incoming = Path(tempfile.mkdtemp(prefix="upload-", dir=_folder("incoming")))
    try:
        name = safe_filename(request.META.get("HTTP_X_GOPY_FILE_NAME") or "") or "batch.zip"
        path = incoming / (name if name.lower().endswith(".zip") else name + ".zip")
        try:
            _receive(request, path, int(declared) if declared else None, caller)
        except Refusal as refusal:
            return _refused(request, refusal)
        try:
            result = do_ingest_file(path, source="network")
        except SyncError as error:  # refused whole; the ingest recorded the refusal
            return JsonResponse({"ok": False, "error": error.code, "message": error.message}, status=422)
        return JsonResponse({"ok": result.ok, "outcome": result.outcome.value, "message": result.message(), "result": result.as_dict()})
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def _receive(request: HttpRequest, path: Path, length: int | None, caller: Caller) -> None:
    """Stream the body into ``path``: at most MAX_UPLOAD bytes (a chunked body too), hashed on the way.

    The WSGI input is read directly: Django's stream sees no body without a Content-Length.
    """
    stream = request.META["wsgi.input"]
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as fh:
        while length is None or size < length:
            chunk = stream.read(_CHUNK if length is None else min(_CHUNK, length - size))
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_UPLOAD:
                raise Refusal(
                    413,
                    "too_large",
                    gettext("The batch is larger than the centre accepts ({limit} MiB).").format(limit=MAX_UPLOAD >> 20),
                    caller.kiosk.kiosk_id,
                )
            digest.update(chunk)
            fh.write(chunk)
    if (length is not None and size != length) or digest.hexdigest() != caller.body_sha256:
        raise Refusal(
            400,
            "incomplete",
            gettext("The batch arrived incomplete or changed on the way; nothing was stored. Send it again."),
            caller.kiosk.kiosk_id,
        )


# ---------------------------------------------------------------- the next package down


def _changed_since(package: Package) -> bool:
    """Whether anything a package carries may have changed since ``package`` was issued.

    Every write at the centre is audited in its own transaction, so the audit log is the
    change feed: any event after the package's issue, other than the ones listed in
    ``_NO_CHANGE``, means a new package may differ (built in doubt, never withheld in doubt).
    """
    issued = (
        AuditEvent.objects.filter(event_type=EventType.PACKAGE_ISSUED, target_type="kiosk", target_id=package.kiosk_id)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    if issued is None:
        return True
    return AuditEvent.objects.filter(seq__gt=issued).exclude(event_type__in=[int(e) for e in _NO_CHANGE]).exists()


def _etag(value: str) -> str:
    return value.strip().removeprefix("W/").strip('"')


@require_GET
def next_package(request: HttpRequest) -> HttpResponse:
    """The kiosk's next package: built when there is none, or when the kiosk holds the latest and something changed.

    ``If-None-Match`` names the package the kiosk applied last (304 when there is nothing newer);
    ``Range: bytes=N-`` with ``If-Range`` resumes a cut download (206).
    """
    try:
        caller = authenticate(request, unbound="proof")
    except Refusal as refusal:
        return _refused(request, refusal)
    kiosk_id = caller.kiosk.kiosk_id
    held = _etag(request.headers.get("If-None-Match", ""))
    folder = _folder("packages", safe_filename(kiosk_id))
    with transaction.atomic():
        lock(f"api-package:{kiosk_id}")  # two rounds at once build one package, not two
        latest = Package.objects.filter(kiosk_id=kiosk_id).order_by("-package_seq").first()
        path = folder / latest.file_name if latest else None
        if latest is None or path is None or not path.is_file() or (held == latest.sha256 and _changed_since(latest)):
            path = do_build_package(kiosk_id, folder)
            latest = Package.objects.filter(kiosk_id=kiosk_id).order_by("-package_seq").first()
    assert latest is not None and path is not None
    headers = {"ETag": f'"{latest.sha256}"', H_PACKAGE_SHA: latest.sha256, "X-Gopy-Package-Name": path.name, "Accept-Ranges": "bytes"}
    if held == latest.sha256:
        response = HttpResponse(status=304)
        for name, value in headers.items():
            response[name] = value
        return response
    size = path.stat().st_size
    headers["X-Gopy-Package-Size"] = str(size)
    start = _range_start(request, latest.sha256, size)
    handle = path.open("rb")
    if start:
        handle.seek(start)
    response = FileResponse(handle, status=206 if start else 200, content_type="application/zip")
    response["Content-Length"] = str(size - start)
    if start:
        response["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
    for name, value in headers.items():
        response[name] = value
    return response


def _range_start(request: HttpRequest, sha256: str, size: int) -> int:
    """Where to resume: ``bytes=N-`` of this very package (If-Range), else 0 (the whole file, 200)."""
    wanted = request.headers.get("Range", "")
    if not wanted.startswith("bytes=") or _etag(request.headers.get("If-Range", "")) != sha256:
        return 0
    first, dash, last = wanted[6:].partition("-")
    if not dash or last or not first.isdigit() or not 0 < int(first) < size:
        return 0  # only the open range a resuming kiosk asks; anything else gets the whole file
    return int(first)


# ---------------------------------------------------------------- the centre's time


@require_GET
def signed_time(request: HttpRequest) -> HttpResponse:
    """The centre's time, signed by its package key over the kiosk's nonce (sync.md §3.8); exempt from the time window."""
    try:
        caller = authenticate(request, unbound="proof", check_time=False)
        nonce = request.GET.get("nonce", "")
        if not 16 <= len(nonce) <= 64:
            raise Refusal(400, "malformed", gettext("The time request has no nonce."), caller.kiosk.kiosk_id)
    except Refusal as refusal:
        return _refused(request, refusal)
    keys = load_keys()
    at = clock.now().isoformat(timespec="seconds")
    body: dict[str, Any] = {
        "time": at,
        "signature": b64encode(keys.package.sign(time_bytes(at, nonce, caller.kiosk.kiosk_id)).signature),
        "cert": b64encode(keys.certificate),
        "cert_sig": b64encode(keys.certificate_sig),
    }
    return JsonResponse(body)
