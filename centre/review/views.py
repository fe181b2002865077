"""The drafting agency's console: server-rendered pages, htmx swaps fragments in place, every form works without JS.

Each view names the permission it needs on the consultation; a refusal is a 403
and an audit event (the same as accounts.decorators.staff_required, with the object).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from centre.accounts.services import do_record_refusal
from centre.audit.models import EventType
from centre.audit.services import record
from centre.consultations.models import Consultation
from centre.consultations.selectors import spec_of
from centre.review import selectors, services
from centre.review.models import (
    Answer,
    Comment,
    CommentStatus,
    ContributorType,
    DuplicateGroup,
    GroupState,
    ResponseStatus,
    SavedFilter,
)
from centre.review.report import build_report
from centre.review.report_docx import docx_bytes
from centre.review.respond import do_load_responses
from kiosk.errors import NotFoundError, ValidationError
from kiosk.legal_key import label_for_key

View = Callable[..., HttpResponse]


def console(permission: str) -> Callable[[View], View]:
    """Signed in with both factors; the consultation of ``code`` exists; ``permission`` holds on it, else an audited 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, code: str = "", *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr]
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = redirect_to_login(request.get_full_path())["Location"]
                    return response
                return redirect_to_login(request.get_full_path())
            consultation = Consultation.objects.select_related("agency").filter(code=code).first() if code else None
            if code and consultation is None:
                raise Http404(code)
            if not user.has_perm(permission, consultation):
                do_record_refusal(user, path=request.path, permission=permission)
                raise PermissionDenied(permission)
            return view(request, consultation, *args, **kwargs) if code else view(request, *args, **kwargs)

        return guarded

    return decorate


def _require(request: HttpRequest, consultation: Consultation, permission: str) -> None:
    """A write inside a page anyone who reads it may open: ``permission`` holds, else an audited 403."""
    if not request.user.has_perm(permission, consultation):
        do_record_refusal(request.user, path=request.path, permission=permission)
        raise PermissionDenied(permission)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _partial(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def _context(request: HttpRequest, consultation: Consultation, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "consultation": consultation,
        "spec": spec_of(consultation),
        "can_answer": user.has_perm("centre_review.answer_comment", consultation),
        "can_approve": user.has_perm("centre_review.approve_answer", consultation),
        "can_group": user.has_perm("centre_review.group_comment", consultation),
        **extra,
    }


def _bars(pairs: list[tuple[str, int]], limit: int = 12) -> list[dict[str, Any]]:
    """Rows of a horizontal bar chart drawn as SVG by the template: label, count, bar width in percent."""
    top = max((n for _label, n in pairs), default=0) or 1
    return [{"label": label, "n": n, "width": round(100 * n / top, 1), "y": 26 * i} for i, (label, n) in enumerate(pairs[:limit])]


def _labelled_key(key: str, titles: dict[str, tuple[int, str]] | None = None) -> str:
    return label_for_key(key, (titles or {}).get(key, (0, ""))[1])


# ---------------------------------------------------------------- pages


@require_GET
@console("centre_review.use_console")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "review/index.html", {"consultations": selectors.consultations_for(request.user)})


def channel_label(channel: str) -> str:
    return {"self": gettext("At the kiosk"), "assisted": gettext("Assisted"), "paper": gettext("Paper form")}.get(channel, channel)


@require_GET
@console("centre_review.view_consultation")
def dashboard(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    figures = selectors.dashboard(consultation)
    channels = [(channel_label(c), n) for c, n in figures["by_channel"]]
    charts = {
        "by_day": _bars(figures["by_day"], limit=31),
        "by_province": _bars(figures["by_province"]),
        "by_commune": _bars(figures["by_commune"]),
        "by_kiosk": _bars(figures["by_kiosk"]),
        "by_channel": _bars(channels),
    }
    stance = [
        {
            "key": key,
            "label": label_for_key(key, title),
            "agree": c.get("agree", 0),
            "disagree": c.get("disagree", 0),
            "other": c.get("other", 0),
        }
        for key, title, c in figures["stance"]
    ]
    demographics = [(_choice(ContributorType, t), n) for t, n in figures["demographics"]]
    statuses = [(label, figures["statuses"].get(value, 0)) for value, label in CommentStatus.choices]
    uncommented = [label_for_key(key, title) for key, title in figures["uncommented"]]
    context = _context(
        request,
        consultation,
        figures=figures,
        charts=charts,
        stance=stance,
        demographics=demographics,
        statuses=statuses,
        uncommented=uncommented,
    )
    return render(request, "review/dashboard.html", context)


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@require_GET
@vary_on_headers("HX-Request")
@console("centre_review.view_consultation")
def queue(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    filters = {k: request.GET.get(k, "") for k in selectors.QUEUE_FILTERS}
    rows = selectors.queue(consultation, filters, user=request.user)
    after = request.GET.get("after", "")
    page, next_key = selectors.queue_page(rows, int(after) if after.isdigit() else None)
    total, more = selectors.capped_count(rows)
    answers = selectors.answer_map(consultation.pk)
    items = [
        {"comment": c, "label": label_for_key(c.legal_key), "channel": channel_label(c.channel), "answer": answers.for_comment(c)}
        for c in page
    ]
    query = {k: v for k, v in filters.items() if v}
    context = _context(
        request,
        consultation,
        items=items,
        filters=filters,
        total=total,
        more=more,
        next_url=f"?{urlencode({**query, 'after': next_key})}" if next_key else "",
        query=urlencode(query),
        saved=SavedFilter.objects.filter(user=request.user, consultation=consultation),
        articles=_articles(consultation),
        statuses=CommentStatus.choices,
        outcomes=ResponseStatus.choices,
        channels=[(c, channel_label(c)) for c in ("self", "assisted", "paper")],
        staff=[] if _partial(request) else list(selectors.agency_staff(consultation)),
        key_label=label_for_key(filters["key"]) if filters["key"] else "",
    )
    return render(request, "review/_queue_rows.html" if _partial(request) else "review/queue.html", context)


def _articles(consultation: Consultation) -> list[tuple[str, str]]:
    """The draft's articles in document order, as (key, label): read from the draft, never from millions of comments."""
    from centre.consultations.selectors import draft_trees
    from centre.review.report import article_titles

    titles = article_titles(list(reversed(draft_trees(consultation.code))))
    keys = sorted((k for k in titles if "/" not in k), key=lambda k: titles[k][0])
    return [(k, label_for_key(k, titles[k][1])) for k in keys]


@require_POST
@console("centre_review.answer_comment")
def bulk(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
    action = request.POST.get("action", "")
    value: Any = request.POST.get("value", "")
    if action == "assign":
        value = value.strip()
        if value == "me":
            value = request.user
        elif value in ("", "none"):
            value = None  # nobody: the comments are unassigned
        else:
            staff = selectors.agency_staff(consultation)
            value = staff.filter(pk=int(value)).first() if value.isdigit() else staff.filter(username=value).first()
            if value is None:
                return HttpResponse(
                    gettext("Choose an officer or a lead of the agency."), status=400, content_type="text/plain; charset=utf-8"
                )
    try:
        done = services.do_bulk(consultation, ids, action, actor=request.user, value=value)
    except ValidationError as error:
        return HttpResponse(str(error), status=400)
    back = reverse("review:queue", args=[consultation.code]) + "?" + request.POST.get("query", "")
    return HttpResponseRedirect(back + f"&undo={done.pk}")


@require_POST
@console("centre_review.answer_comment")
def undo(request: HttpRequest, consultation: Consultation, bulk_id: int) -> HttpResponse:
    try:
        done = services.do_undo_bulk(bulk_id, actor=request.user, consultation=consultation)
    except NotFoundError as error:
        raise Http404(str(bulk_id)) from error
    except ValidationError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    if done.action == "merge":
        return HttpResponseRedirect(reverse("review:groups", args=[consultation.code]) + "?undone=1")
    return HttpResponseRedirect(reverse("review:queue", args=[consultation.code]))


@require_POST
@console("centre_review.view_consultation")
def save_filter(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    name = request.POST.get("name", "").strip() or gettext("My filter")
    services.do_save_filter(request.user, consultation, name, request.POST.get("query", ""))
    return HttpResponseRedirect(reverse("review:queue", args=[consultation.code]) + "?" + request.POST.get("query", ""))


@vary_on_headers("HX-Request")
@console("centre_review.view_consultation")
def comment(request: HttpRequest, consultation: Consultation, pk: int) -> HttpResponse:
    found = Comment.objects.select_related("event", "event__batch", "group", "assignee").filter(pk=pk, consultation=consultation).first()
    if found is None:
        raise Http404(str(pk))
    error = ""
    if request.method == "POST":
        error = _post_answer(request, consultation, comment_id=found.pk)
        if not error and not _partial(request):
            return HttpResponseRedirect(request.path)
    answer = selectors.answer_map(consultation.pk).for_comment(found)
    from centre.consultations.selectors import time_flag
    from kiosk import canonical

    body = canonical.loads(found.event.body)
    provenance = {
        "kiosk": found.kiosk_id,
        "commune": found.commune_name,
        "province": found.province_name,
        "epoch": found.event.epoch,
        "seq": found.event.seq,
        "channel": found.channel,
        "clerk": body.get("clerk") or body.get("staff") or "",
        "chain_verified": not found.event.revoked and found.event.batch.status in ("applied", "released"),
        "clock": time_flag(found.event.local_time, found.event.batch.received_at, found.event.batch.t_floor),
        "receipt": found.receipt_code,
    }
    context = _context(
        request,
        consultation,
        c=found,
        label=label_for_key(found.legal_key),
        answer=answer,
        provenance=provenance,
        channel=channel_label(found.channel),
        stance={"agree": gettext("Agree"), "disagree": gettext("Disagree"), "other": gettext("Other")}.get(found.stance, found.stance),
        error=error,
        outcomes=ResponseStatus.choices,
    )
    if _partial(request):
        return render(request, "review/_answer.html", context, status=400 if error else 200)
    return render(request, "review/comment.html", context, status=400 if error else 200)


def _post_answer(request: HttpRequest, consultation: Consultation, **target: Any) -> str:
    """Write an answer from a form; the error's text, or "" when it was written."""
    _require(request, consultation, "centre_review.answer_comment")
    try:
        services.do_answer(
            consultation, actor=request.user, outcome=request.POST.get("outcome", ""), text=request.POST.get("text", ""), **target
        )
    except ValidationError as error:
        return str(error)
    return ""


@require_GET
@console("centre_review.view_consultation")
def groups(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return _groups_page(request, consultation)


def _groups_page(request: HttpRequest, consultation: Consultation, *, error: str = "", threshold: str = "") -> HttpResponse:
    filters = {"article": request.GET.get("article", ""), "state": request.GET.get("state", "")}
    rows = list(selectors.groups_of(consultation, **filters)[:200])
    for row in rows:
        row.label = label_for_key(row.article_key)  # type: ignore[attr-defined]
    context = _context(
        request,
        consultation,
        groups=rows,
        threshold=threshold or selectors.review_settings(consultation).near_threshold,
        filters=filters,
        articles=_articles(consultation),
        states=[(v, label) for v, label in GroupState.choices if v != GroupState.DISMISSED],
        undone=request.GET.get("undone") == "1",
        error=error,
    )
    return render(request, "review/groups.html", context, status=400 if error else 200)


@console("centre_review.group_comment")
def merge(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Merge two or more groups of one article into one: every member kept, the others dismissed, undone from the group's page."""
    source = request.POST if request.method == "POST" else request.GET
    ids = _ids(source.getlist("group"))
    error = ""
    if request.method == "POST":
        into = source.get("into", "")
        try:
            merged = services.do_merge_groups(
                ids, actor=request.user, into=int(into) if into.isdigit() else None, consultation=consultation
            )
        except ValidationError as refused:
            error = str(refused)
        else:
            return HttpResponseRedirect(reverse("review:group", args=[consultation.code, merged.group.pk]) + f"?merged={merged.undo.pk}")
    chosen = selectors.groups_by_pk(consultation, ids)
    kept = next((g.pk for g in chosen if g.answered), None) or (max(chosen, key=lambda g: (g.size, -g.pk)).pk if chosen else None)
    if request.method == "POST" and source.get("into", "").isdigit():
        kept = int(source["into"])
    rows = [{"g": g, "label": label_for_key(g.article_key)} for g in chosen]
    context = _context(request, consultation, rows=rows, kept=kept, error=error, enough=len(chosen) >= 2)
    return render(request, "review/merge.html", context, status=400 if error else 200)


@console("centre_review.group_comment")
def representative(request: HttpRequest, consultation: Consultation, pk: int) -> HttpResponse:
    """Choose the text that stands for a group (in the report, and on its page) among its members' own wordings."""
    found = DuplicateGroup.objects.select_related("representative").filter(pk=pk, consultation=consultation).first()
    if found is None:
        raise Http404(str(pk))
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("representative", "")
        try:
            services.do_confirm_group(found.pk, actor=request.user, representative_id=int(chosen) if chosen.isdigit() else -1)
        except ValidationError as refused:
            error = str(refused)
        else:
            return HttpResponseRedirect(reverse("review:group", args=[consultation.code, found.pk]))
    context = _context(
        request,
        consultation,
        group=found,
        wordings=selectors.wordings(found),
        size=found.members.count(),
        label=label_for_key(found.article_key),
        error=error,
    )
    return render(request, "review/representative.html", context, status=400 if error else 200)


@require_POST
@console("centre_review.group_comment")
def suggest(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    threshold = request.POST.get("threshold", "").strip().replace(",", ".")  # "0,6" as Vietnamese write it
    try:
        value = float(threshold) if threshold else None
    except ValueError:
        value = -1.0  # refused by the service, with its message
    try:
        services.check_online_grouping(consultation.code)
        services.do_reindex_consultation(consultation.code, actor=request.user)
        services.do_suggest_groups(consultation.code, actor=request.user, threshold=value)
    except ValidationError as refused:
        return _groups_page(request, consultation, error=str(refused), threshold=request.POST.get("threshold", ""))
    return HttpResponseRedirect(reverse("review:groups", args=[consultation.code]))


@vary_on_headers("HX-Request")
@console("centre_review.view_consultation")
def group(request: HttpRequest, consultation: Consultation, pk: int) -> HttpResponse:
    found = DuplicateGroup.objects.select_related("representative", "decided_by").filter(pk=pk, consultation=consultation).first()
    if found is None:
        raise Http404(str(pk))
    error = ""
    if request.method == "POST":
        _require(request, consultation, "centre_review.group_comment")
        decision = request.POST.get("decision", "")
        try:
            if decision == "confirm":
                services.do_confirm_group(found.pk, actor=request.user)
            elif decision == "split":
                services.do_split_group(found.pk, _ids(request.POST.getlist("comment")) or None, actor=request.user)
        except ValidationError as refused:
            error = str(refused)
        if decision == "answer":
            error = _post_answer(request, consultation, group_id=found.pk)
        if not error and not _partial(request):
            return HttpResponseRedirect(request.path)
        found.refresh_from_db()
    # One page of members at a time: a campaign's group may hold a hundred thousand.
    after = request.GET.get("after", "")
    members, next_key = selectors.queue_page(found.members.all(), int(after) if after.isdigit() else None)
    representative = found.representative.text if found.representative else ""
    adds = lru_cache(maxsize=None)(lambda text: selectors.member_additions(representative, text))
    rows = [{"c": m, "adds": adds(m.text)} for m in members]
    answer = Answer.objects.filter(group=found).first()
    context = _context(
        request,
        consultation,
        group=found,
        members=rows,
        size=found.members.count(),
        next_url=f"?{urlencode({'after': next_key})}" if next_key else "",
        first_url=request.path if after else "",
        flags=selectors.campaign_flags(found),
        answer=answer,
        error=error,
        merged=selectors.undoable_merge(consultation, found, request.GET.get("merged", "")),
        label=label_for_key(found.article_key),
        outcomes=ResponseStatus.choices,
    )
    return render(request, "review/_group_body.html" if _partial(request) else "review/group.html", context, status=400 if error else 200)


@vary_on_headers("HX-Request")
@console("centre_review.view_consultation")
def answer_key(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """An answer on an article, a clause or a point: it reaches every comment under it that has no answer of its own."""
    key = request.POST.get("legal_key") or request.GET.get("key", "")
    error = ""
    if request.method == "POST":
        error = _post_answer(request, consultation, legal_key=key)
        if not error and not _partial(request):
            return HttpResponseRedirect(reverse("review:answer-key", args=[consultation.code]) + "?" + urlencode({"key": key}))
    answer = Answer.objects.filter(consultation=consultation, legal_key=key).first() if key else None
    reached = selectors.queue(consultation, {"key": key}).count() if key else 0
    context = _context(
        request,
        consultation,
        key=key,
        label=label_for_key(key) if key else "",
        answer=answer,
        reached=reached,
        error=error,
        outcomes=ResponseStatus.choices,
    )
    return render(
        request, "review/_answer_key.html" if _partial(request) else "review/answer_key.html", context, status=400 if error else 200
    )


@console("centre_review.view_consultation")
def approval(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """The lead's page: approve answers, then publish the approved ones (they go to kiosks in their next package)."""
    message = ""
    if request.method == "POST":
        _require(request, consultation, "centre_review.approve_answer")
        if request.POST.get("decision") == "publish":
            published = services.do_publish_answers(consultation.code, actor=request.user)
            message = gettext("%(answers)d answers published, reaching %(comments)d comments.") % {
                "answers": published.answers,
                "comments": published.comments,
            }
        else:
            ids = [int(i) for i in request.POST.getlist("answer") if i.isdigit()]
            ids = list(Answer.objects.filter(consultation=consultation, pk__in=ids).values_list("pk", flat=True))
            message = gettext("%(count)d answers approved.") % {"count": services.do_approve_answers(ids, actor=request.user)}
    answers = (
        Answer.objects.filter(consultation=consultation)
        .select_related("comment", "group__representative", "written_by", "approved_by")
        .order_by("pk")
    )
    rows = []
    for a in answers:
        if a.legal_key:
            target = label_for_key(a.legal_key)
        elif a.group_id:
            target = gettext("Group %(id)d") % {"id": a.group_id}
        else:
            target = gettext("Comment %(id)d") % {"id": a.comment_id}
        rows.append({"a": a, "target": target})
    return render(request, "review/approval.html", _context(request, consultation, rows=rows, message=message))


@console("centre_review.view_consultation")
def assignees(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """Per chapter of the draft, the officer who gets its comments (a lead sets it; everyone who reads the console sees it)."""
    staff = list(selectors.agency_staff(consultation))
    error = ""
    if request.method == "POST":
        _require(request, consultation, "centre_review.assign_chapter")
        by_pk = {str(u.pk): u for u in staff}
        wanted: dict[str, Any] = {}
        for row in selectors.chapter_assignees(consultation):
            value = request.POST.get(f"chapter-{row['key']}", "")
            if value and value not in by_pk:
                error = gettext("Choose an officer or a lead of the agency.")
                break
            wanted[row["key"]] = by_pk.get(value)
        if not error:
            try:
                changed = services.do_set_chapter_assignees(consultation, wanted, actor=request.user)
            except ValidationError as refused:
                error = str(refused)
            else:
                return HttpResponseRedirect(request.path + f"?saved={changed}")
    names = {u.pk: u.get_full_name() or u.get_username() for u in staff}
    rows = selectors.chapter_assignees(consultation)
    outside = gettext("The whole draft") if len(rows) == 1 else gettext("Articles in no chapter")
    for row in rows:
        row["label"] = label_for_key(row["key"], row["title"]) if row["key"] else outside
        row["name"] = names.get(row["assignee"], "") if row["assignee"] else ""
    saved = request.GET.get("saved", "")
    context = _context(
        request,
        consultation,
        rows=rows,
        staff=[(u.pk, names[u.pk], u.get_role_display()) for u in staff],
        can_assign=request.user.has_perm("centre_review.assign_chapter", consultation),
        saved=int(saved) if saved.isdigit() else None,
        error=error,
    )
    return render(request, "review/assignees.html", context, status=400 if error else 200)


@require_GET
@console("centre_review.view_consultation")
def export(request: HttpRequest, consultation: Consultation, fmt: str) -> HttpResponse:
    """Everything for analysts, as the command line's ``report --out FILE.xlsx|.csv`` writes it (no personal data); audited."""
    if fmt not in ("xlsx", "csv"):
        raise Http404(fmt)
    folder = Path(tempfile.mkdtemp(prefix="gopy-export-"))
    out = folder / f"du-lieu-{consultation.code}.{fmt}"
    try:
        build_report(consultation.code, out, actor=request.user)
        handle = out.open("rb")
    except ValidationError as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # an open file outlives its name: the response still reads it
    kind = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return FileResponse(handle, as_attachment=True, filename=out.name, content_type=kind)


@console("centre_review.answer_comment")
def load_answers(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    """The analysts' .xlsx back, with answers filled in: each changed row becomes its comment's answer, waiting for approval."""
    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith(".xlsx"):
            error = gettext("Choose the .xlsx file the console gave, with its answers filled in.")
        else:
            folder = Path(tempfile.mkdtemp(prefix="gopy-answers-"))
            try:
                path = folder / "tra-loi.xlsx"
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                result = do_load_responses(path, actor=request.user, consultation=consultation)
            except ValidationError as refused:
                error = str(refused)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    context = _context(request, consultation, result=result, error=error)
    return render(request, "review/load_answers.html", context, status=400 if error else 200)


@require_GET
@console("centre_review.view_consultation")
def report(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    data, _rows, _totals = docx_bytes(consultation)
    with transaction.atomic():  # a report leaves the centre: audited like the command line's
        record(
            EventType.REPORT_WRITTEN,
            actor=request.user,
            target_type="consultation",
            target_id=consultation.code,
            extra={"file": "docx (web)"},
        )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tiep-thu-{consultation.code}.docx"'
    return response
