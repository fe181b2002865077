"""What every public page shares: the language, a rate limit, security and cache headers, no cookie, and kept pages.

Anonymous visitors get no cookie, so the language is in the address
(``?lang=en``; Vietnamese otherwise) and never in a session: the same
address is the same page for everyone, which also lets a proxy cache it,
and lets the centre keep it: a page view marked ``kept`` is rendered once
per address, language and generation of the public data
(:mod:`centre.core.public_cache`), and served from the cache every worker
shares for ``MAX_AGE_SECONDS``, or until a service bumps the generation.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

from centre.core.public_cache import generation

log = logging.getLogger(__name__)

# No script at all; styles and images from this origin only; forms post here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Short: a receipt's status changes when a batch or an answer arrives, and paper must never show a stale page for long.
# Also how long the centre keeps a rendered page (a bumped generation retires it sooner).
MAX_AGE_SECONDS = 60
# Per client address and minute (pages), per hour (flags). A commune's phones may share one mobile
# operator's address (carrier-grade NAT), so the page limit is generous; settings.PORTAL_RATE_LIMITS overrides.
RATE_LIMITS = {"page": (300, 60), "flag": (10, 3600)}

View = Callable[..., HttpResponse]


def language_of(request: HttpRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else "vi"


def client_address(request: HttpRequest) -> str:
    """The visitor's address: behind the centre's TLS proxy (settings.SECURE_PROXY_SSL_HEADER set) the proxy's
    X-Forwarded-For names it, last hop first; otherwise the socket's peer. Used for the rate limit only, never stored."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, bucket: str) -> bool:
    """A fixed-window counter in the cache every worker shares (settings.CACHES): one count per address, whichever worker serves."""
    limit, window = getattr(settings, "PORTAL_RATE_LIMITS", RATE_LIMITS)[bucket]
    key = f"portal:rate:{bucket}:{client_address(request)}:{int(time.time() // window)}"
    try:
        for _attempt in range(2):
            try:
                return cache.incr(key) > limit  # the window's count exists but for the first request of each window
            except ValueError:
                if cache.add(key, 1, window):
                    return limit < 1
        return False  # made and expired between two calls: let this one through
    except OSError:  # the cache's folder cannot be written: serve the page rather than refuse everyone
        log.warning("the portal's rate limit cannot be counted", exc_info=True)
        return False


def _page_key(request: HttpRequest, language: str) -> str | None:
    """Where a page of this address is kept: None for what is not kept (a form's answer, any query but the language)."""
    if request.method not in ("GET", "HEAD") or any(name != "lang" for name in request.GET):
        return None
    current = generation()
    if current is None:
        return None
    path = hashlib.blake2b(request.path.encode("utf-8"), digest_size=16).hexdigest()
    return f"portal:page:{current}:{language}:{path}"


def _kept(key: str) -> HttpResponse | None:
    try:
        found = cache.get(key)
    except OSError:
        return None
    return HttpResponse(found[0], content_type=found[1]) if found else None


def _keep(key: str, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    try:
        cache.set(key, (response.content, response["Content-Type"]), MAX_AGE_SECONDS)
    except OSError:  # a full disk: the page was served, it is just not kept
        log.warning("a portal page cannot be kept in the cache", exc_info=True)


def harden(response: HttpResponse) -> HttpResponse:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def public(bucket: str = "page", *, kept: bool = False) -> Callable[[View], View]:
    """A portal view: rate limited, in the address's language, hardened; GET answers cacheable by anyone for a minute.

    ``kept``: its 200 answers are kept in the shared cache (see the module's docstring); for pages whose
    content follows from the address and the public data only, and whose changes bump the generation.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            language = language_of(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            if over_limit(request, bucket):
                context = {"lang": language, "q": "", "other_lang": "vi" if language == "en" else "en", "other_lang_url": request.path}
                response = render(request, "portal/too_many.html", context, status=429)
                response["Retry-After"] = str(getattr(settings, "PORTAL_RATE_LIMITS", RATE_LIMITS)[bucket][1])
                patch_cache_control(response, no_store=True)
                return harden(response)
            key = _page_key(request, language) if kept else None
            response = _kept(key) if key else None
            if response is None:
                response = view(request, *args, **kwargs)
                if key and request.method == "GET":
                    _keep(key, response)
                status = "miss"
            else:
                status = "hit"
            if key and getattr(settings, "PORTAL_CACHE_STATUS_HEADER", False):  # the load run counts hits (benchmarks/bench_portal.py)
                response["X-Portal-Cache"] = status
            if request.method in ("GET", "HEAD") and response.status_code < 500 and response.status_code != 429:
                patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            else:
                patch_cache_control(response, no_store=True)
            return harden(response)

        return wrapped

    return decorate
