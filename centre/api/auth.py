"""Who is asking: a kiosk's signature over its request, checked against the key the centre bound.

A kiosk signs ``sync.network.request_bytes`` (method, path with its query, the
body's SHA-256, its time, a fresh nonce, its id and key id) with its own
Ed25519 key. The centre checks, in this order, and refuses with one status:

- 400 a header missing or malformed;
- 401 an unknown kiosk, a key bound to another kiosk, a key older than the
  kiosk's current one, a key not bound yet (unless the route lets the ingest or
  the proof of enrolment decide), a bad signature, a time outside the window;
- 409 a nonce this kiosk already used (the request is a replay);
- 429 more requests than the limit in a minute, per kiosk.

Clock choice (notes/sync.md §3.8): a kiosk's clock may be wrong by years, so
the time endpoint is exempt from the window and answers with the centre's
signed time; the kiosk then signs on the centre's clock. Every other request
must be within ``WINDOW`` of the centre's clock, and every nonce is kept for
``NONCE_TTL`` (longer than the whole window): inside the window a replay
meets its nonce, outside it the window refuses it. The kiosk's clock alone
never decides: a replayed time request is caught by the nonce too.

Rate counts live in Django's cache, which every worker shares (settings.CACHES,
centre/core/public_cache.py): one count per kiosk and minute, whichever worker serves.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import nacl.exceptions
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from centre.api.models import SeenNonce
from centre.audit import services as audit
from centre.audit.models import EventType
from centre.core import clock
from centre.fleet.models import Kiosk, KioskKey
from sync.enrolment_proof import proof_holds
from sync.keys import b64decode, key_id, parse_verify_key
from sync.network import request_bytes

WINDOW = timedelta(minutes=15)
NONCE_TTL = timedelta(hours=1)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_NONCE = re.compile(r"^[0-9a-f]{16,64}$")
_KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def rate_per_minute() -> int:
    return int(os.environ.get("GOPY_CENTRE_API_RATE", "120"))


class Refusal(Exception):
    """A request refused: its status, a short reason code, and the one line the kiosk shows."""

    def __init__(self, status: int, reason: str, message: str, kiosk_id: str = "") -> None:
        super().__init__(message)
        self.status, self.reason, self.message, self.kiosk_id = status, reason, message, kiosk_id


@dataclass(frozen=True)
class Caller:
    kiosk: Kiosk
    key_id: str
    public_key: str
    bound: bool  # False: a key the centre has not bound yet (the batch's own proof decides)
    body_sha256: str
    nonce: str


def _header(request: HttpRequest, name: str) -> str:
    return request.META.get("HTTP_" + name.upper().replace("-", "_"), "").strip()


def authenticate(request: HttpRequest, *, unbound: str = "refuse", check_time: bool = True) -> Caller:
    """The kiosk that signed ``request``, or a :class:`Refusal`.

    :param unbound: what a key the centre has not bound yet may do: ``"refuse"``;
        ``"ingest"`` (an upload: the batch's enrolment proof or endorsement decides);
        ``"proof"`` (a download: the request's proof of enrolment must hold for the key).
    """
    kiosk_id = _header(request, "X-Gopy-Kiosk")
    names = ("X-Gopy-Key", "X-Gopy-Public-Key", "X-Gopy-Time", "X-Gopy-Nonce", "X-Gopy-Content-SHA256", "X-Gopy-Signature")
    signing_id, public, at, nonce, body_sha, signature = (_header(request, n) for n in names)
    if not _KIOSK_ID.match(kiosk_id) or not all((signing_id, at, nonce, body_sha, signature)):
        raise Refusal(400, "malformed", gettext("The request is not signed: a kiosk header is missing."), kiosk_id[:64])
    try:
        when = datetime.fromisoformat(at)
        if when.tzinfo is None or not _NONCE.match(nonce) or not _HEX64.match(body_sha):
            raise ValueError("header")
        raw_signature = b64decode(signature)
    except ValueError as error:
        raise Refusal(400, "malformed", gettext("The request's signature headers are malformed."), kiosk_id) from error
    kiosk = Kiosk.objects.filter(kiosk_id=kiosk_id).first()
    if kiosk is None:
        raise Refusal(401, "unknown_kiosk", gettext("The kiosk {kiosk} is not enrolled at this centre.").format(kiosk=kiosk_id), kiosk_id)
    keys = list(KioskKey.objects.filter(kiosk=kiosk).order_by("epoch"))
    key = next((k for k in keys if k.key_id == signing_id), None)
    if key is not None:
        if key.epoch != keys[-1].epoch:
            raise Refusal(
                401, "old_key", gettext("The request is signed with an earlier key of kiosk {kiosk}.").format(kiosk=kiosk_id), kiosk_id
            )
        public, bound = key.public_key, True
    else:
        if KioskKey.objects.filter(key_id=signing_id).exclude(kiosk=kiosk).exists():
            raise Refusal(401, "foreign_key", gettext("The request is signed with another kiosk's key."), kiosk_id)
        try:
            if key_id(bytes(parse_verify_key(public))) != signing_id:
                raise ValueError("key id")
        except Exception as error:
            raise Refusal(401, "unknown_key", gettext("The request is signed with a key this centre does not know."), kiosk_id) from error
        allowed = unbound == "ingest" or (
            unbound == "proof" and proof_holds(kiosk.enrolment_secret, kiosk_id, public, _header(request, "X-Gopy-Enrolment-Proof"))
        )
        if not allowed:
            raise Refusal(
                401,
                "unknown_key",
                gettext("The request is signed with a key this centre has not bound to kiosk {kiosk}.").format(kiosk=kiosk_id),
                kiosk_id,
            )
        bound = False
    signed = request_bytes(request.method or "", request.get_full_path(), body_sha, at, nonce, kiosk_id, signing_id)
    try:
        parse_verify_key(public).verify(signed, raw_signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as error:
        raise Refusal(401, "bad_signature", gettext("The request's signature does not hold."), kiosk_id) from error
    now = clock.now()
    if check_time and abs(now - when) > WINDOW:
        raise Refusal(
            401,
            "time_window",
            gettext("The request's time is more than 15 minutes from the centre's: ask the centre's time first."),
            kiosk_id,
        )
    _use_nonce(kiosk_id, nonce, now)
    _rate(kiosk_id, now)
    return Caller(kiosk, signing_id, public, bound, body_sha, nonce)


def _use_nonce(kiosk_id: str, nonce: str, now: datetime) -> None:
    try:
        with transaction.atomic():
            SeenNonce.objects.filter(expires_at__lt=now).delete()  # indexed: the table holds about an hour of requests
            SeenNonce.objects.create(kiosk_id=kiosk_id, nonce=nonce, seen_at=now, expires_at=now + NONCE_TTL)
    except IntegrityError as error:
        raise Refusal(409, "replayed", gettext("This signed request was already received once: a replay is refused."), kiosk_id) from error


def _rate(kiosk_id: str, now: datetime) -> None:
    bucket = f"gopy-api-rate:{kiosk_id}:{int(now.timestamp()) // 60}"
    cache.add(bucket, 0, timeout=120)
    count = cache.incr(bucket)
    if count > rate_per_minute():
        raise Refusal(429, "rate_limited", gettext("Too many requests from kiosk {kiosk}: wait a minute.").format(kiosk=kiosk_id), kiosk_id)


def record_refusal(request: HttpRequest, refusal: Refusal) -> None:
    """Each refusal in the audit log; a flood of 429s is recorded once a minute, not once a request."""
    if refusal.status == 429 and not cache.add(f"gopy-api-rate-audited:{refusal.kiosk_id}:{int(clock.now().timestamp()) // 60}", 1, 120):
        return
    event = EventType.API_RATE_LIMITED if refusal.status == 429 else EventType.API_REQUEST_REFUSED
    with transaction.atomic():
        audit.record(
            event,
            actor_label=f"kiosk {refusal.kiosk_id or '?'} ({request.META.get('REMOTE_ADDR', '?')})",
            target_type="kiosk",
            target_id=refusal.kiosk_id,
            extra={"status": refusal.status, "reason": refusal.reason, "method": request.method, "path": request.path[:200]},
        )
