"""The operator's view of the fleet: one page, its kiosk list refreshed in place by htmx when the filters change."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from centre.accounts.decorators import staff_required
from centre.fleet.overview import SILENT_AFTER_DAYS, fleet_overview


@require_GET
@vary_on_headers("HX-Request")
@staff_required("centre_fleet.view_fleet")
def overview(request: HttpRequest) -> HttpResponse:
    province = request.GET.get("province", "")
    only_problems = request.GET.get("problems") == "1"
    context = {
        "fleet": fleet_overview(province=province, only_problems=only_problems),
        "province": province,
        "only_problems": only_problems,
        "silent_after": SILENT_AFTER_DAYS,
    }
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")
    return render(request, "fleet/_kiosks.html" if partial else "fleet/overview.html", context)
