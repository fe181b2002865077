"""Guarding staff pages: signed in with both factors, and a role that holds the permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from centre.accounts.services import do_record_refusal


def staff_required(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in (password and second factor) first; then ``permission``, or an audited 403."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                if request.headers.get("HX-Request"):
                    # htmx would swap the sign-in page into the fragment: send the whole page there.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = redirect_to_login(request.get_full_path())["Location"]
                    return response
                return redirect_to_login(request.get_full_path())
            if not user.has_perm(permission):
                do_record_refusal(user, path=request.path, permission=permission)
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return guarded

    return decorate
