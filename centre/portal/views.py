"""The public portal's pages: the addresses printed on receipts, posters and blank forms (DESIGN.md), and open data.

Thin: each view reads through :mod:`centre.portal.selectors` and renders. The
only write is the "I did not send this" flag, through :mod:`centre.portal.services`.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.portal import report, selectors
from centre.portal.http import language_of, public
from centre.portal.models import NOTE_MAX
from centre.portal.services import do_flag_receipt
from kiosk.errors import ValidationError
from kiosk.receipt_code import ALPHABET, LENGTH, group, normalise

OPEN_DATA_SCHEMA = "gopy-portal-results/1"  # docs/open-data.md
log = logging.getLogger(__name__)


def _lang_query(request: HttpRequest) -> str:
    return "?lang=en" if language_of(request) == "en" else ""


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    language = language_of(request)
    other = "vi" if language == "en" else "en"
    context = {
        "lang": language,
        "q": _lang_query(request),
        "other_lang": other,
        "other_lang_url": request.path + ("?lang=en" if other == "en" else ""),
        **context,
    }
    # No request in the context: no page reads it (no form token, no user), and its processors cost a tenth of the render.
    return HttpResponse(render_to_string(template, context), status=status)


def _code_html(code: str) -> str:
    """The grouped code, never broken across lines at its dashes."""
    return format_html('<span class="code">{}</span>', group(code))


def _parse_code(typed: str) -> tuple[str | None, str]:
    """(normalised code, "") or (None, "typo" | "malformed")."""
    try:
        return normalise(typed), ""
    except ValidationError:
        compact = "".join(typed.split()).replace("-", "").upper()
        # The letters Crockford reads as digits count as well-formed: the check character then found the typo.
        if len(compact) == LENGTH and all(char in ALPHABET or char in "OIL" for char in compact):
            return None, "typo"
        return None, "malformed"


@require_GET
@public()
def lookup(request: HttpRequest) -> HttpResponse:
    """``/r/``: type a code; ``?ma=…`` goes to its page."""
    typed = request.GET.get("ma", "").strip()
    if typed:
        code, problem = _parse_code(typed)
        if code:
            return HttpResponseRedirect(reverse("portal:receipt", args=[code]) + _lang_query(request))
        return _page(request, "portal/lookup.html", {"typed": typed, "problem": problem}, status=400)
    return _page(request, "portal/lookup.html", {})


@require_http_methods(["GET", "HEAD"])
@public(kept=True)
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """``/r/<code>``: what became of a submission, in any case, with or without dashes."""
    normalised, problem = _parse_code(code)
    if normalised is None:
        return _page(request, "portal/lookup.html", {"typed": code, "problem": problem}, status=400)
    found = selectors.receipt(normalised)
    if found is None:
        return _page(request, "portal/not_received.html", {"code": group(normalised), "code_html": _code_html(normalised)}, status=404)
    # Each fragment is a rendered template (escaped by it): joined, still safe.
    items = mark_safe("".join(_item_html(item, found.own_answer is not None) for item in found.items))
    context = {
        "r": found,
        "items_html": items,
        "code_html": _code_html(normalised),
        "flagged": request.GET.get("da-bao") == "1",
        "note_max": str(NOTE_MAX),
    }
    return _page(request, "portal/receipt.html", context)


# Receipts repeat the same few items (an article, a stance, its answer): each is rendered once per process and
# language, and the receipt page that missed the shared cache renders only what is its own (benchmarks/bench_portal.py).
_ITEMS: dict[tuple, str] = {}
_ITEMS_KEPT = 4096


def _item_html(item: selectors.ReceiptItem, own_answer: bool) -> str:
    key = (translation.get_language(), item, own_answer)  # every field the fragment shows is in the item
    found = _ITEMS.get(key)
    if found is None:
        if len(_ITEMS) >= _ITEMS_KEPT:
            _ITEMS.clear()
        found = _ITEMS[key] = render_to_string("portal/_receipt_item.html", {"item": item, "own_answer": own_answer})
    return found


def _same_origin(request: HttpRequest) -> bool:
    """The form was sent from this site's own page: Origin (or, from older browsers, Referer) names this host."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    return bool(parts.netloc) and parts.netloc == request.get_host() and parts.scheme == request.scheme


# Why no CSRF token: Django's token needs a cookie, and viewers of this page must get none. CSRF protects
# the ambient authority of cookies; this form has none to abuse (anyone holding a code may send the same
# flag directly). What is left is cross-site spam, stopped by the same-origin check and a per-address
# limit of flags per hour (http.RATE_LIMITS). The flag changes no comment: it goes to the agency's queue.
@csrf_exempt
@require_POST
@public("flag")
def flag(request: HttpRequest, code: str) -> HttpResponse:
    """ "I did not send this": a flag on the receipt for the drafting agency."""
    normalised, _problem = _parse_code(code)
    if normalised is None:
        raise Http404
    if not _same_origin(request):
        return _page(request, "portal/refused.html", {}, status=403)
    found = selectors.receipt(normalised)
    if found is None:
        return _page(request, "portal/not_received.html", {"code": group(normalised), "code_html": _code_html(normalised)}, status=404)
    do_flag_receipt(normalised, found.consultation.code, request.POST.get("note", ""))
    query = "?da-bao=1" + ("&lang=en" if language_of(request) == "en" else "")
    return HttpResponseRedirect(reverse("portal:receipt", args=[normalised]) + query + "#flag", status=303)


def _consultation_or_404(code: str) -> selectors.ConsultationInfo:
    info = selectors.consultation(code)
    if info is None:
        raise Http404
    return info


@require_GET
@public(kept=True)
def take_part(request: HttpRequest, code: str) -> HttpResponse:
    """``/r/lay-y-kien/<code>``: the consultation, where to take part, its draft and its questions."""
    info = selectors.consultation(code)
    if info is None:
        return _page(request, "portal/unknown_consultation.html", {"code": code}, status=404)
    lines = selectors.draft_lines(info.code, info.draft_version)
    return _page(
        request,
        "portal/consultation.html",
        {
            "c": info,
            "lines": lines,
            "articles": [line for line in lines if line.role == "article"],
            "places": selectors.places_for(info.code),
        },
    )


@require_GET
@public()
def invitation(request: HttpRequest, code: str) -> HttpResponse:
    """The invitation poster (A4 or A3 PDF) for the commune's notice board, as the kiosk prints it."""
    from kiosk.invitation_poster import Invitation, render_invitation
    from kiosk.receipts.poster_page import POSTER_SIZES

    info = _consultation_or_404(code)
    size = request.GET.get("kho", "a4")
    if size not in POSTER_SIZES:
        raise Http404
    places = tuple(", ".join(part for part in (commune, province) if part) for province, commune in selectors.places_for(info.code))
    poster = Invitation(
        title=info.title,
        agency=info.agency,
        summary=info.summary,
        opens=info.opens,
        closes=info.closes,
        places=places,
        url=request.build_absolute_uri(reverse("portal:take-part", args=[info.code])),
        question_count=len(info.questions),
        article_count=sum(1 for line in selectors.draft_lines(info.code, info.draft_version) if line.role == "article"),
        language=language_of(request),
    )
    response = HttpResponse(render_invitation(poster, size), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="to-moi-{info.code}-{size}.pdf"'
    return response


@require_GET
@public(kept=True)
def results(request: HttpRequest, code: str) -> HttpResponse:
    """``/r/ket-qua/<code>``: after closing, counts, participation and the published answers."""
    info = selectors.consultation(code)
    if info is None:
        return _page(request, "portal/unknown_consultation.html", {"code": code}, status=404)
    counted = selectors.results(info) if info.closed else None
    files = None
    if report.offered(info):
        try:
            files = report.report_files(info)
        except OSError:  # the home cannot be written: the results without the report's links, never an error page
            log.exception("the report of %s cannot be kept", info.code)
    return _page(request, "portal/results.html", {"c": info, "res": counted, "stances": selectors.STANCES, "report": files})


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report_or_404(code: str) -> tuple[selectors.ConsultationInfo, report.ReportFiles]:
    info = _consultation_or_404(code)
    if not report.offered(info):
        raise Http404  # published after closing, and only for a draft's consultation
    return info, report.report_files(info)


def _download(path: Path, name: str, content_type: str) -> FileResponse:
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@public()
def results_docx(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's summary (bản tổng hợp, tiếp thu, giải trình) as published: counts and published answers (report.py)."""
    info, files = _report_or_404(code)
    return _download(files.docx, f"tong-hop-y-kien-{info.code}.docx", DOCX_TYPE)


@require_GET
@public()
def results_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The same report as PDF, converted once by LibreOffice and kept; 503 with a page saying so when it cannot be."""
    info, files = _report_or_404(code)
    try:
        pdf = report.ensure_pdf(files)
    except OSError:
        log.exception("the PDF of %s cannot be kept", info.code)
        pdf = None
    if pdf is None:
        response = _page(request, "portal/pdf_unavailable.html", {"c": info}, status=503)
        response["Retry-After"] = str(report.RETRY_SECONDS)
        return response
    return _download(pdf, f"tong-hop-y-kien-{info.code}.pdf", "application/pdf")


def _closed_results(code: str) -> tuple[selectors.ConsultationInfo, selectors.Results]:
    info = _consultation_or_404(code)
    if not info.closed:
        raise Http404  # results are published after closing, not before
    return info, selectors.results(info)


@require_GET
@public()
def results_json(request: HttpRequest, code: str) -> HttpResponse:
    info, counted = _closed_results(code)
    data = {
        "schema": OPEN_DATA_SCHEMA,
        "consultation": {
            "code": info.code,
            "title": info.title,
            "agency": info.agency,
            "agency_code": info.agency_code,
            "opens": info.opens.isoformat() if info.opens else None,
            "closes": info.closes.isoformat() if info.closes else None,
        },
        "submissions": counted.submissions,
        "opinions": counted.opinions,
        "not_counted_revoked": counted.revoked,
        "individual_answers": counted.individual_answers,
        "articles": [
            {"legal_key": a.key, "label": a.label, **{s: a.counts[s] for s in selectors.STANCES}, "total": a.total}
            for a in counted.articles
        ],
        "answers": [
            {"legal_key": ans.key, "label": ans.about, "status": ans.status, "text": ans.text, "published_at": ans.loaded_at.isoformat()}
            for a in counted.articles
            for ans in a.answers
        ],
        "participation": [{"province": p.province, "commune": p.commune, "submissions": p.submissions} for p in counted.places],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_GET
@public()
def results_csv(request: HttpRequest, code: str) -> HttpResponse:
    info, counted = _closed_results(code)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["legal_key", "label", *selectors.STANCES, "total", "answer_status", "answer_text"])
    for a in counted.articles:
        own = next((ans for ans in a.answers if ans.key == a.key), None)
        writer.writerow(
            [a.key, a.label, *(a.counts[s] for s in selectors.STANCES), a.total, own.status if own else "", own.text if own else ""]
        )
        for ans in a.answers:
            if ans.key != a.key:  # a clause's own answer: a row of its own, with no counts
                writer.writerow([ans.key, ans.about, "", "", "", "", ans.status, ans.text])
    # UTF-8 with a byte-order mark: spreadsheet programs then read Vietnamese correctly.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ket-qua-{info.code}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@public(kept=True)
def agency(request: HttpRequest, code: str) -> HttpResponse:
    """``/co-quan/<code>``: the share of opinions answered and the median days to an answer."""
    figures = selectors.agency_figures(code)
    if figures is None:
        return _page(request, "portal/unknown_agency.html", {"code": code}, status=404)
    share = round(100 * figures.share) if figures.share is not None else None
    median = round(figures.median_days, 1) if figures.median_days is not None else None
    return _page(request, "portal/agency.html", {"a": figures, "share": share, "median": median})
