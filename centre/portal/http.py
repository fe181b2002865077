"""What every public page shares: the language, a rate limit, security and cache headers, and no cookie.

Anonymous visitors get no cookie, so the language is in the address
(``?lang=en``; Vietnamese otherwise) and never in a session: the same
address is the same page for everyone, which also lets a proxy cache it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

# No script at all; styles and images from this origin only; forms post here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Short: a receipt's status changes when a batch or an answer arrives, and paper must never show a stale page for long.
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
    """A fixed-window counter in Django's cache (per process with the default local-memory cache: simple on purpose)."""
    limit, window = getattr(settings, "PORTAL_RATE_LIMITS", RATE_LIMITS)[bucket]
    key = f"portal:rate:{bucket}:{client_address(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, window):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return limit < 1


def harden(response: HttpResponse) -> HttpResponse:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def public(bucket: str = "page") -> Callable[[View], View]:
    """A portal view: rate limited, in the address's language, hardened; GET answers cacheable by anyone for a minute."""

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
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code < 500 and response.status_code != 429:
                patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
            else:
                patch_cache_control(response, no_store=True)
            return harden(response)

        return wrapped

    return decorate
