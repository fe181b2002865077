"""Sync over the network: the same signed files as on a USB stick, sent and fetched over HTTP(S).

One round (:func:`sync_round`): ask the centre for its signed time, send the
batch of everything the centre has not acknowledged, then fetch and apply the
kiosk's next package. Trust still rests on the signatures inside the files;
the request signatures only tell the centre which kiosk is asking.

Safety under faults (notes/sync.md §4):

- a batch is written into the home's ``network/outbox`` folder, numbered like a
  USB export (an ``export_jobs`` row), and its submissions are marked sent
  (``exported``) only once the centre answered that it stored the file; a cut
  upload is sent again whole, and the centre counts it once (same file: "already
  imported"; a newer batch over the same events: nothing new);
- a package is downloaded into ``network/package.partial``; a cut download
  resumes with a Range request (If-Range on its ETag) or restarts, and the
  file is applied by :func:`sync.kiosk_side.import_package` only when it is
  complete and its SHA-256 is the one the centre announced; acknowledgements
  come only from that signed package, exactly as with USB;
- timeouts, dropped connections and 5xx answers are retried with a growing
  pause; a 4xx answer is final and shown as the centre's one-line message.

Clock: every request is signed over its time, and the centre accepts a window
around its own clock. A kiosk's clock may be wrong by years (sync.md §3.8),
so the kiosk first asks the centre's signed time (that request is exempt
from the window) and signs the round's requests with its clock corrected by
the difference. Replay is bounded by the centre's nonce store, not by the
kiosk's clock.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from kiosk import audit, canonical, faults, i18n
from kiosk.clock import Clock, system_clock
from kiosk.errors import UserFacingError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.storage.db import Store
from sync.batches import WrittenBatch, mark_batch_sent, unacknowledged, write_batch_file
from sync.errors import SyncError
from sync.keys import KioskKey, b64decode, b64encode, parse_verify_key, verify_certificate

API_PREFIX = "/api/v1"
# Request headers (the centre reads them as HTTP_X_GOPY_…).
H_KIOSK = "X-Gopy-Kiosk"
H_KEY = "X-Gopy-Key"
H_PUBLIC = "X-Gopy-Public-Key"
H_TIME = "X-Gopy-Time"
H_NONCE = "X-Gopy-Nonce"
H_BODY = "X-Gopy-Content-SHA256"
H_SIGNATURE = "X-Gopy-Signature"
H_PROOF = "X-Gopy-Enrolment-Proof"
H_PACKAGE_SHA = "X-Gopy-Package-SHA256"
SIGNED_KIND = "gopy-request/1"
TIME_KIND = "gopy-time/1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CENTRE_URL_KEY = "centre_url"  # in sync_state
LAST_ROUND_KEY = "network_last_round"  # in sync_state: the last round's JSON summary
SKEW_WARNING = timedelta(seconds=300)  # sync.md §3.8.5: warn, never abort
_CHUNK = 1 << 16


def request_bytes(method: str, path: str, body_sha256: str, at: str, nonce: str, kiosk_id: str, key_id: str) -> bytes:
    """What a kiosk signs for one request: the centre rebuilds the same bytes from the request's headers."""
    return canonical.dumps(
        {
            "kind": SIGNED_KIND,
            "method": method.upper(),
            "path": path,
            "body_sha256": body_sha256,
            "time": at,
            "nonce": nonce,
            "kiosk_id": kiosk_id,
            "key_id": key_id,
        }
    )


def time_bytes(at: str, nonce: str, kiosk_id: str) -> bytes:
    """What the centre signs (with its package key) when it tells a kiosk the time: the kiosk's nonce makes it fresh."""
    return canonical.dumps({"kind": TIME_KIND, "time": at, "nonce": nonce, "kiosk_id": kiosk_id})


def check_centre_url(url: str) -> str:
    """``http(s)://host[:port][/prefix]``, without a trailing slash.

    :raises NetworkError: for anything else.
    """
    url = url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise NetworkError(_("The centre's address {url} is not an http:// or https:// address.").format(url=url or '""'))
    return url


class NetworkError(SyncError):
    """The centre could not be reached, or did not answer in time, even after the retries."""

    code = "network"


class CentreRefused(SyncError):
    """The centre answered and refused the request (a 4xx): final, not retried."""

    code = "refused"

    def __init__(self, message: str, status: int, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


# ---------------------------------------------------------------- the client


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Client:
    """Signed requests to one centre, retried with a growing pause on timeouts, dropped connections and 5xx.

    ``offset`` is the centre's clock minus this kiosk's, learned from the signed time.
    """

    base: str
    kiosk_id: str
    key: KioskKey
    proof: str | None = None
    timeout: float = 30.0
    attempts: int = 4
    pause: float = 1.0  # before the second attempt; doubled each time
    offset: timedelta = timedelta(0)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the kiosk's clock, however wrong: ``offset`` corrects it
    sleep: Callable[[float], None] = time.sleep
    on_retry: Callable[[str], None] | None = None
    _context: ssl.SSLContext = field(default_factory=ssl.create_default_context, repr=False)  # the system's certificate store

    def _headers(self, method: str, path: str, body_sha256: str) -> dict[str, str]:
        at = (self.now().astimezone(UTC) + self.offset).isoformat(timespec="seconds")
        nonce = secrets.token_hex(16)  # fresh for every attempt: a retry is a new request
        signed = request_bytes(method, path, body_sha256, at, nonce, self.kiosk_id, self.key.key_id)
        headers = {
            H_KIOSK: self.kiosk_id,
            H_KEY: self.key.key_id,
            H_PUBLIC: self.key.public_key,
            H_TIME: at,
            H_NONCE: nonce,
            H_BODY: body_sha256,
            H_SIGNATURE: b64encode(self.key.sign(signed)),
            "User-Agent": "gopy-kiosk",
            "Accept-Language": i18n.current_language() if hasattr(i18n, "current_language") else "vi",
        }
        if self.proof:
            headers[H_PROOF] = self.proof
        return headers

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Path | None = None,
        body_sha256: str = EMPTY_SHA256,
        headers: dict[str, str] | Callable[[], dict[str, str]] | None = None,
        sink: Callable[[http.client.HTTPResponse], Answer] | None = None,
    ) -> Answer:
        """One request, retried; ``sink`` reads a 2xx body itself (a download), else it is read whole.

        :raises CentreRefused: on a 4xx answer. :raises NetworkError: when every attempt failed.
        """
        last = ""
        for attempt in range(self.attempts):
            if attempt:
                if self.on_retry:
                    self.on_retry(last)
                self.sleep(self.pause * 2 ** (attempt - 1))
            try:
                extra = headers() if callable(headers) else headers or {}  # per attempt: a resumed download asks from where it stopped
                return self._once(method, path, body, body_sha256, extra, sink)
            except _Retry as error:
                last = error.detail
        raise NetworkError(
            _(
                "The centre at {url} could not be reached after {count} attempts ({detail}). Nothing was lost; the USB stick still works."
            ).format(url=self.base, count=self.attempts, detail=last)
        )

    def _once(
        self,
        method: str,
        path: str,
        body: Path | None,
        body_sha256: str,
        extra: dict[str, str],
        sink: Callable[[http.client.HTTPResponse], Answer] | None,
    ) -> Answer:
        headers = self._headers(method, path, body_sha256) | extra
        data: BinaryIO | None = None
        if body is not None:
            data = body.open("rb")
            headers["Content-Length"] = str(body.stat().st_size)
            headers["Content-Type"] = "application/zip"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(
                request, timeout=self.timeout, context=self._context if self.base.startswith("https") else None
            ) as response:
                if sink is not None:
                    return sink(response)
                return Answer(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:
            content = _read_quietly(error)
            if error.code == 304:
                return Answer(304, _lower(error.headers), b"")
            if error.code >= 500:
                raise _Retry(_("the centre answered {status}").format(status=error.code)) from error
            raise _refusal(error.code, content) from error
        except TimeoutError as error:
            raise _Retry(_("no answer within {seconds} seconds").format(seconds=round(self.timeout))) from error
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise _Retry(_("no answer within {seconds} seconds").format(seconds=round(self.timeout))) from error
            raise _Retry(str(reason)) from error
        except (OSError, http.client.HTTPException) as error:
            raise _Retry(type(error).__name__ if not str(error) else str(error)) from error
        finally:
            if data is not None:
                data.close()


class _Retry(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()} if headers else {}


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _refusal(status: int, content: bytes) -> CentreRefused:
    try:
        answer = json.loads(content)
        message, reason = str(answer["message"]), str(answer.get("error", ""))
    except (ValueError, KeyError, TypeError):
        message, reason = content.decode("utf-8", "replace").strip()[:200] or str(status), ""
    return CentreRefused(_("The centre refused the request ({status}): {message}").format(status=status, message=message), status, reason)


# ---------------------------------------------------------------- the kiosk's state


def _sync_value(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return row["value"] if row else None


def _set_sync_value(db: Any, key: str, value: str) -> None:
    db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def centre_url(store: Store) -> str:
    """The centre's address: from the enrolment file, or as an administrator last set it; "" when none."""
    return _sync_value(store, CENTRE_URL_KEY) or ""


def set_centre_url(store: Store, url: str, *, actor: str, now: datetime) -> str:
    """Change the centre's address, audited in the kiosk's log; "" removes it (USB only)."""
    url = check_centre_url(url) if url.strip() else ""
    old = centre_url(store)
    if url == old:
        return url
    with store.write() as db:
        _set_sync_value(db, CENTRE_URL_KEY, url)
        audit.record(store, actor, "sync.centre_url", f"{old or '-'} -> {url or '-'}", now)
    return url


def last_round(store: Store) -> dict[str, Any] | None:
    value = _sync_value(store, LAST_ROUND_KEY)
    return json.loads(value) if value else None


def network_folder(home: Home) -> Path:
    return home.root / "network"


# ---------------------------------------------------------------- one round


@dataclass
class RoundResult:
    """What one round did, for the command line and the screen."""

    centre: str
    lines: list[str] = field(default_factory=list)  # what it did, one line each
    error: str = ""  # the one line of the failure that stopped it, or ""
    error_code: str = ""  # its SyncError code: "network" when the centre could not be reached
    sent: int = 0  # events the centre confirmed it stored
    acknowledged: int = 0
    package_seq: int | None = None
    skew_seconds: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error

    def as_dict(self, at: str) -> dict[str, Any]:
        return {
            "at": at,
            "centre": self.centre,
            "ok": self.ok,
            "lines": self.lines,
            "error": self.error,
            "error_code": self.error_code,
            "sent": self.sent,
        }


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def sync_round(
    store: Store,
    home: Home,
    *,
    url: str | None = None,
    clock: Clock | None = None,
    progress: Progress | None = None,
    timeout: float | None = None,
    attempts: int | None = None,
    pause: float | None = None,
) -> RoundResult:
    """Send what the centre has not acknowledged, then fetch and apply the next package.

    Never raises for a network failure or a refusal: the result's ``error`` holds its one line,
    and the round's summary is kept for the administrator's screen.
    """
    from sync.batches import _enrolment_proof, epoch_key, first_epoch

    clock = clock or system_clock(store.setting("timezone") or "Asia/Ho_Chi_Minh")
    base = check_centre_url(url) if url else centre_url(store)
    result = RoundResult(base)
    report = progress or (lambda _stage, _done, _total: None)
    try:
        if not base:
            raise NetworkError(_("No centre address is set: give --centre URL, or use the USB stick."))
        identity = store.query_one("SELECT * FROM identity")
        if not identity["enrolled_at"]:
            raise SyncError(_("This kiosk is not enrolled yet: run the setup with the centre's enrolment file first."))
        kiosk_id, epoch = identity["kiosk_id"], identity["epoch"]
        key, _endorsement = epoch_key(home, kiosk_id, epoch, first_epoch(store))
        enrolment = KioskKey.load(_enrolment_key_path(home))
        client = Client(
            base,
            kiosk_id,
            key,
            # Until the centre binds a key, a GET is let in by the proof of enrolment (the batch binds it).
            proof=_enrolment_proof(store, kiosk_id, enrolment.public_key) if key.key_id == enrolment.key_id else None,
            timeout=timeout if timeout is not None else float(os.environ.get("GOPY_SYNC_TIMEOUT", "30")),
            attempts=attempts if attempts is not None else int(os.environ.get("GOPY_SYNC_ATTEMPTS", "4")),
            pause=pause if pause is not None else float(os.environ.get("GOPY_SYNC_PAUSE", "1")),
            now=clock,
            on_retry=lambda detail: result.lines.append(_("No answer from the centre ({detail}); trying again.").format(detail=detail)),
        )
        report("time", 0, 1)
        _check_time(client, identity["root_key"], clock, result)
        _send(store, home, client, clock, result, report)
        _fetch(store, home, client, result, report)
    except UserFacingError as error:  # a SyncError, or a package the kiosk refuses (kiosk.errors.ValidationError)
        result.error, result.error_code = error.message, str(getattr(error, "code", "error"))
    now = clock()
    with store.write() as db:
        _set_sync_value(db, LAST_ROUND_KEY, json.dumps(result.as_dict(now.isoformat(timespec="seconds")), ensure_ascii=False))
    return result


def _enrolment_key_path(home: Home) -> Path:
    from sync.batches import kiosk_key_path

    return kiosk_key_path(home)  # the key made at enrolment, whatever epoch the enrolment started at


def _check_time(client: Client, root_key: str, clock: Clock, result: RoundResult) -> None:
    """The centre's signed time: the round's requests are signed on the centre's clock (sync.md §3.8)."""
    nonce = secrets.token_hex(16)
    answer = client.call("GET", f"{API_PREFIX}/time?nonce={nonce}")
    try:
        content = json.loads(answer.body)
        signed = time_bytes(content["time"], nonce, client.kiosk_id)
        package_key = verify_certificate(root_key, b64decode(content["cert"]), b64decode(content["cert_sig"]))
        parse_verify_key(package_key).verify(signed, b64decode(content["signature"]))
        centre_now = datetime.fromisoformat(content["time"])
    except Exception as error:
        raise CentreRefused(_("The centre's time is not signed by the centre this kiosk is enrolled with."), 0) from error
    local = clock().astimezone(UTC)
    client.offset = centre_now - local
    result.skew_seconds = int(client.offset.total_seconds())
    if abs(client.offset) > SKEW_WARNING:
        result.lines.append(
            _("This kiosk's clock differs from the centre's by {minutes} minutes; please set the clock. Syncing goes on.").format(
                minutes=int(abs(client.offset).total_seconds() // 60)
            )
        )


def _send(store: Store, home: Home, client: Client, clock: Clock, result: RoundResult, report: Progress) -> None:
    """Write the batch(es) into the outbox, upload each, mark it sent only on the centre's confirmation."""
    outbox = network_folder(home) / "outbox"
    for old in outbox.glob("*.zip") if outbox.is_dir() else ():
        old.unlink()  # a batch of an earlier round: the new one carries the same events and more
    batches = write_batches(store, home, outbox, clock)
    if not batches:
        result.lines.append(_("Nothing to send: the centre has acknowledged every submission on this kiosk."))
        return
    total = sum(b.event_count for b in batches)
    report("send", 0, total)
    for batch in batches:
        try:
            answer = client.call(
                "POST",
                f"{API_PREFIX}/batches",
                body=batch.path,
                body_sha256=batch.file_sha256,
                headers={"X-Gopy-File-Name": batch.path.name},
            )
            content = json.loads(answer.body)
        except (SyncError, ValueError) as error:
            _unsent(store, batch, error.message if isinstance(error, SyncError) else "unreadable answer")
            raise
        faults.point("network.after_upload")
        if not content.get("ok"):  # received but quarantined: the centre holds it for review; not shown as sent
            _unsent(store, batch, content.get("outcome", ""))
            raise CentreRefused(str(content.get("message", "")), answer.status, str(content.get("outcome", "")))
        mark_sent(store, batch, clock())
        batch.path.unlink(missing_ok=True)
        result.sent += batch.event_count
        report("send", result.sent, total)
        result.lines.append(
            _("Sent {file} ({count} submissions): {answer}").format(
                file=batch.path.name, count=batch.event_count, answer=content["message"]
            )
        )


# The batch a round sends is the very file a USB export writes (sync.batches.write_batch_file), but its
# submissions are marked sent only when the centre confirmed it stored the file (mark_sent), not when the
# file reads back from a stick.
OutgoingBatch = WrittenBatch


def write_batches(store: Store, home: Home, outbox: Path, clock: Clock) -> list[OutgoingBatch]:
    """The signed batches of everything unacknowledged, written into ``outbox``; no submission changes state here."""
    from kiosk.identity import reset_stale_exports
    from sync.batches import MAX_BATCH_BYTES, _parts

    reset_stale_exports(store)
    kiosk_id = store.query_one("SELECT kiosk_id FROM identity")["kiosk_id"]
    now = clock()
    outbox.mkdir(parents=True, exist_ok=True)
    return [
        write_batch_file(store, kiosk_id, part.epoch, rows, part.key, part.endorsement, outbox, now, target="network")
        for part in unacknowledged(store, home)
        for rows in _parts(part.rows, MAX_BATCH_BYTES)
    ]


def mark_sent(store: Store, batch: OutgoingBatch, now: datetime) -> None:
    """The centre confirmed it stored ``batch``: its submissions are sent (``exported``), as after a USB export."""
    mark_batch_sent(store, store.query_one("SELECT kiosk_id FROM identity")["kiosk_id"], batch, now)


def _unsent(store: Store, batch: OutgoingBatch, detail: str) -> None:
    """The centre did not confirm ``batch``: its job failed, its submissions stay as they were (the next round sends them)."""
    with store.write() as db:
        db.execute("UPDATE export_jobs SET state = 'failed', detail = ? WHERE id = ? AND state = 'running'", [detail[:200], batch.job])


def _fetch(store: Store, home: Home, client: Client, result: RoundResult, report: Progress) -> None:
    """Download the next package (resuming a cut download), verify its SHA-256, apply it like a USB package."""
    from sync.kiosk_side import import_package

    folder = network_folder(home)
    folder.mkdir(parents=True, exist_ok=True)
    partial, etag_file = folder / "package.partial", folder / "package.partial.etag"
    applied_sha = _sync_value(store, "last_package_sha256") or ""
    path = f"{API_PREFIX}/package"

    def sink(response: http.client.HTTPResponse) -> Answer:
        headers = _lower(response.headers)
        etag = headers.get("etag", "").strip('"')
        total = int(headers.get("x-gopy-package-size") or headers.get("content-length") or 0)
        if response.status == 206 and etag_file.exists() and etag_file.read_text() == etag:
            mode, done = "ab", partial.stat().st_size
        else:
            mode, done = "wb", 0
            etag_file.write_text(etag)
        report("fetch", done, total)
        with partial.open(mode) as fh:
            while chunk := response.read(_CHUNK):
                fh.write(chunk)
                done += len(chunk)
                report("fetch", done, total)
            fh.flush()
            os.fsync(fh.fileno())
        if total and done < total:  # the connection ended early: keep what came, resume from there
            raise _Retry(_("the download was cut after {done} of {total} bytes").format(done=done, total=total))
        return Answer(response.status, headers)

    def conditions() -> dict[str, str]:
        extra = {"If-None-Match": f'"{applied_sha}"'} if applied_sha else {}
        if partial.exists() and etag_file.exists() and partial.stat().st_size:
            extra |= {"Range": f"bytes={partial.stat().st_size}-", "If-Range": f'"{etag_file.read_text()}"'}
        return extra

    answer = client.call("GET", path, headers=conditions, sink=sink)
    if answer.status == 304:
        result.lines.append(_("No new package: this kiosk already has the centre's latest."))
        return
    expected = answer.headers.get(H_PACKAGE_SHA.lower(), "")
    if _file_sha256(partial) != expected:
        partial.unlink(missing_ok=True)  # whatever it holds, it is not the package announced: start over next time
        raise NetworkError(_("The package from the centre arrived incomplete or damaged; it was not applied and will be fetched again."))
    name = answer.headers.get("x-gopy-package-name") or "package.zip"
    final = folder / Path(name).name
    os.replace(partial, final)
    etag_file.unlink(missing_ok=True)
    applied = import_package(store, final, home)
    final.unlink(missing_ok=True)
    result.package_seq = applied.package_seq
    result.acknowledged = applied.acknowledged
    if applied.already_applied:
        result.lines.append(_("Package {seq} was already applied; nothing changed.").format(seq=applied.package_seq))
    else:
        result.lines.append(
            _(
                "Package {seq} applied: {count} consultations; "
                "the centre acknowledged {acked} more submissions; {responses} responses are held."
            ).format(seq=applied.package_seq, count=applied.consultations, acked=applied.acknowledged, responses=applied.responses)
        )
    if applied.epoch_change is not None:
        result.lines.append(applied.epoch_change.message())


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()
