"""Consultations' writes: publishing one (its spec, its drafts' versions, its agency) and closing one. Each audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from centre.accounts.models import Agency
from centre.audit import services as audit
from centre.audit.models import EventType
from centre.consultations import selectors
from centre.consultations.models import Consultation, Draft
from centre.core import clock, public_cache
from centre.core.database import lock
from kiosk import canonical
from kiosk.consultations import MAX_CATEGORY
from kiosk.domain import ConsultationKind, ConsultationStatus, QuestionKind
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.text import clean, clean_line
from sync.packages import node_to_dict


def _read_spec(path: Path) -> dict[str, Any]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(_("{name} is not a readable consultation file ({detail}).").format(name=path.name, detail=error)) from error
    missing = [key for key in ("code", "title", "agency", "opens", "closes") if not spec.get(key)]
    if missing:
        raise ValidationError(_("{name} lacks: {fields}.").format(name=path.name, fields=", ".join(missing)))
    try:
        opens, closes = date.fromisoformat(spec["opens"]), date.fromisoformat(spec["closes"])
    except (TypeError, ValueError) as error:
        raise ValidationError(_("{name}: dates are written as YYYY-MM-DD.").format(name=path.name)) from error
    if closes < opens:
        raise ValidationError(_("{name}: the consultation closes before it opens.").format(name=path.name))
    try:
        kind = ConsultationKind(spec.get("kind", "draft"))
        status = ConsultationStatus(spec.get("status", "open"))
    except ValueError as error:
        raise ValidationError(
            _("{name}: the kind is one of draft, ideas, vote, and the status one of draft, open, closed.").format(name=path.name)
        ) from error
    if kind != ConsultationKind.DRAFT and spec.get("drafts"):
        raise ValidationError(_("{name}: only a draft consultation has drafts.").format(name=path.name))
    if kind == ConsultationKind.VOTE and spec.get("questions"):
        raise ValidationError(_("{name}: a vote has options, not questions.").format(name=path.name))
    questions = []
    for question in spec.get("questions", []):
        # Its own name: the old code reused ``kind``, and an ideas call with questions was published as a draft.
        try:
            question_kind = QuestionKind(question["kind"])
        except (KeyError, ValueError) as error:
            raise ValidationError(_("{name}: a question's kind is one of single, multiple, scale, text.").format(name=path.name)) from error
        options = [clean_line(str(o)) for o in question.get("options", [])]
        if question_kind != QuestionKind.TEXT and len(options) < 2:
            raise ValidationError(_("{name}: a choice question needs at least two options.").format(name=path.name))
        questions.append({"kind": question_kind.value, "text": clean(question["text"]), "options": options})
    out = {
        "code": clean_line(spec["code"]),
        "title": clean_line(spec["title"]),
        "agency": clean_line(spec["agency"]),
        "summary": clean(spec.get("summary", "")),
        "opens": opens.isoformat(),
        "closes": closes.isoformat(),
        "status": status.value,
        "questions": questions,
    }
    # A draft consultation's spec keeps exactly the shape it always had.
    if kind == ConsultationKind.IDEAS:
        out |= {"kind": kind.value, "categories": _categories(path, spec.get("categories", []))}
    elif kind == ConsultationKind.VOTE:
        out |= {"kind": kind.value, **_ballot(path, spec)}
    return out


def _categories(path: Path, raw: Any) -> list[str]:
    if not isinstance(raw, list):
        raise ValidationError(_("{name}: categories are a list of names.").format(name=path.name))
    categories = list(dict.fromkeys(clean_line(str(c)) for c in raw))
    if any(not c or len(c) > MAX_CATEGORY for c in categories):
        raise ValidationError(_("{name}: a category is named in 1 to {limit} characters.").format(name=path.name, limit=MAX_CATEGORY))
    return categories


def _ballot(path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """A vote's options as written (``options``), the ideas it shortlists (``shortlist``, resolved at publish) and ``max_choices``."""
    options, shortlist = spec.get("options", []), spec.get("shortlist", [])
    if not isinstance(options, list) or not isinstance(shortlist, list):
        raise ValidationError(_("{name}: options and shortlist are lists.").format(name=path.name))
    written = []
    for option in options:
        if not isinstance(option, dict) or not clean_line(str(option.get("title", ""))):
            raise ValidationError(_("{name}: every option has a title.").format(name=path.name))
        written.append({"title": clean_line(str(option["title"])), "description": clean(str(option.get("description", ""))).strip()})
    entries = []
    for entry in shortlist:
        if isinstance(entry, str):
            entry = {"idea": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("idea"), str):
            raise ValidationError(_("{name}: the shortlist names ideas by their id.").format(name=path.name))
        entries.append({key: clean_line(str(value)) if key != "description" else clean(str(value)).strip() for key, value in entry.items()})
    max_choices = spec.get("max_choices", 1)
    if isinstance(max_choices, bool) or not isinstance(max_choices, int) or max_choices < 1:
        raise ValidationError(_("{name}: max_choices is a whole number from 1.").format(name=path.name))
    return {"max_choices": max_choices, "options": written, "shortlist": entries}


def _resolve_shortlist(path: Path, spec: dict[str, Any]) -> None:
    """Turn the shortlisted idea ids into ballot options, after the written ones; check the ballot is sound."""
    options = list(spec["options"])
    for entry in spec.pop("shortlist"):
        idea = selectors.idea_by_reference(entry["idea"])
        if idea is None:
            raise ValidationError(_("{name}: the centre holds no idea {idea}.").format(name=path.name, idea=entry["idea"]))
        title = idea["proposal"] or idea["problem"]
        description = idea["problem"] if idea["proposal"] and idea["problem"] else ""
        options.append(
            {
                "title": entry.get("title") or clean_line(title),
                "description": entry.get("description", description),
                "idea_id": idea["id"],
            }
        )
    if len(options) < 2:
        raise ValidationError(_("{name}: a vote needs at least two options.").format(name=path.name))
    if spec["max_choices"] > len(options):
        raise ValidationError(
            _("{name}: max_choices is {count}, but the vote has {options} options.").format(
                name=path.name, count=spec["max_choices"], options=len(options)
            )
        )
    if len({o.get("idea_id") for o in options if o.get("idea_id")}) != sum(1 for o in options if o.get("idea_id")):
        raise ValidationError(_("{name}: an idea is shortlisted twice.").format(name=path.name))
    spec["options"] = [{"position": n, **option} for n, option in enumerate(options, start=1)]


def _check_republish(stored: Consultation | None, path: Path, spec: dict[str, Any]) -> None:
    """Once submissions have arrived, a consultation keeps its kind; a vote keeps its ballot."""
    if stored is None or not selectors.has_submissions(spec["code"]):
        return
    before = canonical.loads(stored.spec)
    if before.get("kind", "draft") != spec.get("kind", "draft"):
        raise ValidationError(
            _("{name}: {code} has received submissions, so its kind cannot change.").format(name=path.name, code=spec["code"])
        )
    ballot = ("options", "max_choices")
    if spec.get("kind") == "vote" and [before.get(k) for k in ballot] != [spec.get(k) for k in ballot]:
        raise ValidationError(
            _("{name}: {code} has received votes, so its options and how many may be chosen cannot change.").format(
                name=path.name, code=spec["code"]
            )
        )


@dataclass(frozen=True)
class Published:
    code: str
    kind: str
    draft_version: int | None = None
    categories: int = 0
    options: int = 0
    max_choices: int = 1

    def message(self) -> str:
        if self.kind == ConsultationKind.IDEAS:
            return _("Ideas call {code} published with {count} categories.").format(code=self.code, count=self.categories)
        if self.kind == ConsultationKind.VOTE:
            return _("Vote {code} published: {count} options, at most {max} to choose.").format(
                code=self.code, count=self.options, max=self.max_choices
            )
        return _("Consultation {code} published, draft version {version}.").format(code=self.code, version=self.draft_version)


def _agency(code: str) -> Agency | None:
    """The drafting agency named by ``code``; an unknown code is refused, never created here."""
    if not code:
        return None
    agency = Agency.objects.filter(code=clean_line(code)).first()
    if agency is None:
        raise NotFoundError(
            _(
                "The centre has no agency with the code {code}; add it with “gopy central createuser --agency {code} --agency-name …”."
            ).format(code=clean_line(code))
        )
    return agency


def do_publish(path: Path, *, agency_code: str = "", accept_warnings: bool = False, actor: Any = None) -> Published:
    """Add or update a consultation from its JSON.

    A draft whose parsed text differs from the current version becomes the
    next version; republishing the same text changes nothing. Without
    ``agency_code`` a consultation keeps the agency it had. A draft whose
    structure the parser doubts (numbering that skips, a line starting
    "Điều N." not taken as a heading…) is refused unless a person checked it
    and says so with ``accept_warnings``; the accepted warnings are kept with
    the consultation and in the audit log.
    """
    from kiosk.drafts import parse_file

    path = Path(path)
    spec = _read_spec(path)
    drafts = [parse_file((path.parent / name).resolve()) for name in json.loads(path.read_text(encoding="utf-8")).get("drafts", [])]
    warnings = [warning.message for draft in drafts for warning in draft.warnings]
    if warnings and not accept_warnings:
        raise ValidationError(
            _("{name}: check the draft's structure before it is published: {warnings} Then publish with --accept-warnings.").format(
                name=path.name, warnings=" ".join(warnings)
            )
        )
    with transaction.atomic():
        lock(f"consultation:{spec['code']}")
        agency = _agency(agency_code)
        if spec.get("kind") == "vote":
            _resolve_shortlist(path, spec)
        stored = Consultation.objects.select_for_update().filter(code=spec["code"]).first()
        _check_republish(stored, path, spec)
        consultation = stored or Consultation(code=spec["code"], published_at=clock.now().replace(microsecond=0))
        before = {"draft_version": consultation.draft_version, "agency": consultation.agency.code if consultation.agency else ""}
        consultation.spec = canonical.dumps(spec).decode("utf-8")
        if agency is not None:
            consultation.agency = agency
        consultation.save()
        version = consultation.draft_version
        if drafts:
            tree = canonical.dumps([node_to_dict(node) for node in drafts[0].nodes])
            digest = canonical.sha256_hex(tree)
            latest = Draft.objects.filter(consultation=consultation, version=version).values_list("sha256", flat=True).first()
            if latest is None or latest != digest:
                version = (version or 0) + 1
                Draft.objects.create(
                    consultation=consultation, version=version, sha256=digest, title=drafts[0].title or spec["title"], tree=tree.decode()
                )
                consultation.draft_version = version
                consultation.accepted_warnings = canonical.dumps(warnings).decode("utf-8")
                consultation.save(update_fields=["draft_version", "accepted_warnings"])
        public_cache.bump()  # the consultation's public pages
        audit.record(
            EventType.CONSULTATION_PUBLISHED,
            actor=actor,
            target_type="consultation",
            target_id=spec["code"],
            extra={
                "old": before if stored is not None else None,
                "new": {"draft_version": version, "agency": consultation.agency.code if consultation.agency else ""},
                "kind": spec.get("kind", ConsultationKind.DRAFT.value),
                "spec_sha256": canonical.sha256_hex(canonical.dumps(spec)),
                "accepted_warnings": warnings,
            },
        )
    return Published(
        spec["code"],
        spec.get("kind", ConsultationKind.DRAFT.value),
        version,
        len(spec.get("categories", [])),
        len(spec.get("options", [])),
        spec.get("max_choices", 1),
    )


def do_close_consultation(code: str, *, actor: Any = None) -> bool:
    """Close ``code``: its status is closed in every package from now on. False when it already was."""
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().filter(code=code).first()
        if consultation is None:
            raise NotFoundError(_("The centre has no consultation with the code {code}.").format(code=code))
        if consultation.closed_at is not None:
            return False
        consultation.closed_at = clock.now().replace(microsecond=0)
        consultation.save(update_fields=["closed_at"])
        public_cache.bump()  # its results page opens
        audit.record(
            EventType.CONSULTATION_CLOSED,
            actor=actor,
            target_type="consultation",
            target_id=code,
            extra={"closed_at": consultation.closed_at.isoformat(), "submissions": selectors.submission_count(code)},
        )
    return True
