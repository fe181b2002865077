"""Signing in (password, then the second factor), signing out, and the lockout page."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from centre.accounts.forms import SecondFactorForm, SignInForm
from centre.accounts.models import User
from centre.accounts.services import do_record_sign_in, do_record_sign_out

PENDING_USER = "gopy_pending_user"
PENDING_BACKEND = "gopy_pending_backend"
PENDING_SINCE = "gopy_pending_since"
PENDING_NEXT = "gopy_pending_next"
PENDING_SECONDS = 300  # the second step must follow the first within five minutes


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _clear_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE, PENDING_NEXT):
        request.session.pop(key, None)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_safe_next(request, request.GET.get("next", "")))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            form.add_error(None, gettext("This account has no second factor yet: ask the centre's operator to set one up."))
        else:
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_SINCE] = int(time.time())
            request.session[PENDING_NEXT] = request.POST.get("next", "")
            return redirect("accounts:second-factor")
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))})


def _pending_user(request: HttpRequest) -> User | None:
    user_pk, since = request.session.get(PENDING_USER), request.session.get(PENDING_SINCE, 0)
    if user_pk is None or time.time() - since > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_pk, is_active=True).first()


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        _clear_pending(request)
        return redirect("accounts:sign-in")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            backend, target = request.session[PENDING_BACKEND], request.session.get(PENDING_NEXT, "")
            _clear_pending(request)
            login(request, user, backend=backend)
            otp_login(request, device)
            do_record_sign_in(user, ip_address=_client_ip(request))
            return redirect(_safe_next(request, target))
        form.add_error("token", gettext("The code is wrong or has expired. Wait for the next code and try again."))
    return render(request, "accounts/second_factor.html", {"form": form, "pending_user": user})


@require_POST
@csrf_protect
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        do_record_sign_out(request.user, ip_address=_client_ip(request))
    logout(request)
    return redirect("accounts:sign-in")
