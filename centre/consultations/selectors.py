"""The reads reports, results and packages need: consultations as kiosks get them, their submissions, ideas and counts.

Counts never include an event signed by a revoked key (``Event.revoked``); the
listings that reports export include them, marked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from centre.consultations.models import Consultation, Draft
from centre.core import clock
from centre.fleet.models import Kiosk
from centre.ingest.models import Event, Idea, Support
from kiosk import canonical

SUBMISSION = "submission"


def spec_of(consultation: Consultation) -> dict[str, Any]:
    """The consultation's spec as kiosks and reports read it: closed at the centre means closed everywhere."""
    spec = canonical.loads(consultation.spec)
    if consultation.closed_at is not None:
        spec["status"] = "closed"
    return spec


def consultation_by_code(code: str) -> Consultation | None:
    return Consultation.objects.select_related("agency").filter(code=code).first()


def consultation_specs() -> list[tuple[str, dict[str, Any]]]:
    return [(c.code, spec_of(c)) for c in Consultation.objects.order_by("code")]


def draft_trees(code: str) -> list[str]:
    """The canonical JSON trees of every version of the draft, oldest first."""
    return list(Draft.objects.filter(consultation__code=code).order_by("version").values_list("tree", flat=True))


def consultation_snapshot() -> list[dict[str, Any]]:
    """Every consultation with every version of its draft: what a kiosk should hold."""
    drafts: dict[int, list[dict[str, Any]]] = {}
    for d in Draft.objects.order_by("consultation_id", "version").values("consultation_id", "version", "sha256", "title", "tree"):
        drafts.setdefault(d["consultation_id"], []).append(
            {"version": d["version"], "sha256": d["sha256"], "title": d["title"], "nodes": canonical.loads(d["tree"])}
        )
    return [{**spec_of(c), "draft_version": c.draft_version, "drafts": drafts.get(c.pk, [])} for c in Consultation.objects.order_by("code")]


def has_submissions(code: str) -> bool:
    return Event.objects.filter(consultation_code=code, kind=SUBMISSION).exists()


def submission_count(code: str) -> int:
    return Event.objects.filter(consultation_code=code, kind=SUBMISSION, revoked=False).count()


def submission_counts() -> dict[str, int]:
    rows = Event.objects.filter(kind=SUBMISSION, revoked=False).values_list("consultation_code").annotate(n=Count("id"))
    return dict(rows.values_list("consultation_code", "n"))


def _moment(value: Any) -> datetime | None:
    """A stored or kiosk time as an aware datetime; a time without a zone is UTC (as SQLite's julianday reads it)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def time_flag(local_time: str | None, received_at: Any, t_floor: Any) -> str | None:
    """Where the kiosk's time falls against the central times that bracket it (notes/sync.md §3.8), the same on every engine."""
    moment = _moment(local_time) if local_time else None
    if moment is None:
        return "unreadable"
    received, floor = _moment(received_at), _moment(t_floor) if t_floor else None
    with contextlib.suppress(TypeError):
        if received is not None and moment > received:
            return "after_receipt"
        if floor is not None and moment < floor:
            return "before_floor"
    return None


_SUBMISSION_FIELDS = ("kiosk_id", "epoch", "seq", "batch_id", "receipt_code", "channel", "local_time", "clock_state", "body", "revoked")


def submissions(code: str, *, include_revoked: bool = False) -> Iterator[dict[str, Any]]:
    """The submissions of ``code`` in kiosk order, streamed, each with its ``time_flag``."""
    rows = Event.objects.filter(consultation_code=code, kind=SUBMISSION)
    if not include_revoked:
        rows = rows.filter(revoked=False)
    values = rows.order_by("kiosk_id", "epoch", "seq").values(*_SUBMISSION_FIELDS, "batch__received_at", "batch__t_floor")
    for row in values.iterator(chunk_size=2000):
        received, floor = row.pop("batch__received_at"), row.pop("batch__t_floor")
        row["time_flag"] = time_flag(row["local_time"], received, floor)
        yield row


def submission_by_receipt(receipt_code: str) -> dict[str, Any] | None:
    return (
        Event.objects.filter(receipt_code=receipt_code, kind=SUBMISSION)
        .values("kiosk_id", "epoch", "seq", "consultation_code", "revoked")
        .first()
    )


def _at_position(model_ref: str = "") -> Any:
    """The events at the position of the outer row (kiosk_id, epoch, seq)."""
    return Event.objects.filter(
        kiosk_id=OuterRef(f"{model_ref}kiosk_id"), epoch=OuterRef(f"{model_ref}epoch"), seq=OuterRef(f"{model_ref}seq")
    )


def ideas(code: str, *, include_revoked: bool = False) -> list[dict[str, Any]]:
    """The ideas of an ideas call in the order they arrived, each with its counted supports and the receipt that put it forward."""
    event = _at_position()
    counted_supports = (
        Support.objects.filter(idea_id=OuterRef("id"), consultation_code=OuterRef("consultation_code"))
        .filter(Exists(_at_position().filter(revoked=False)))
        .order_by()
        .values("idea_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = (
        Idea.objects.filter(consultation_code=code)
        .annotate(
            receipt_code=Subquery(event.values("receipt_code")[:1]),
            channel=Subquery(event.values("channel")[:1]),
            local_time=Subquery(event.values("local_time")[:1]),
            body=Subquery(event.values("body")[:1]),
            batch_id=Subquery(event.values("batch_id")[:1]),
            revoked=Subquery(event.values("revoked")[:1]),
            commune_name=Subquery(Kiosk.objects.filter(kiosk_id=OuterRef("kiosk_id")).values("commune_name")[:1]),
            province_name=Subquery(Kiosk.objects.filter(kiosk_id=OuterRef("kiosk_id")).values("province_name")[:1]),
            supports=Coalesce(Subquery(counted_supports, output_field=IntegerField()), Value(0)),
        )
        .filter(Exists(event))
        .order_by("batch_id", "kiosk_id", "epoch", "seq", "id")
    )
    if not include_revoked:
        rows = rows.filter(revoked=False)
    return list(rows.values())


def idea_by_reference(reference: str) -> dict[str, Any] | None:
    """The idea named by its id, or by its short reference ("3F2A9C1B-1") when only one idea fits."""
    row = Idea.objects.filter(id=reference.lower()).values().first()
    if row is not None:
        return row
    prefix, _dash, number = reference.partition("-")
    if len(prefix) != 8 or not number.isdigit():
        return None
    rows = list(Idea.objects.filter(id__startswith=prefix.lower(), id__endswith=f"/{int(number)}").values()[:2])
    return rows[0] if len(rows) == 1 else None


def consultations_listed() -> list[dict[str, Any]]:
    """Every consultation as ``gopy central consultations`` lists it: what, whose, when, which draft version, how many submissions."""
    counts = submission_counts()
    rows = []
    for consultation in Consultation.objects.select_related("agency").order_by("code"):
        spec = spec_of(consultation)
        rows.append(
            {
                "code": consultation.code,
                "title": spec.get("title", ""),
                "agency": spec.get("agency", ""),
                "agency_code": consultation.agency.code if consultation.agency else "",
                "kind": spec.get("kind", "draft"),
                "status": spec.get("status", ""),
                "opens": spec.get("opens", ""),
                "closes": spec.get("closes", ""),
                "published": clock.shown(consultation.published_at),
                "closed": clock.shown(consultation.closed_at),
                "draft_version": consultation.draft_version,
                "submissions": counts.get(consultation.code, 0),
            }
        )
    return rows
