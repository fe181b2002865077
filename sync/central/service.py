"""The centre's commands: make its keys, enrol kiosks, publish consultations, build packages.

Ingest, status, reports and responses live in their own modules of this package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kiosk import canonical
from kiosk.consultations import MAX_CATEGORY
from kiosk.domain import ConsultationKind, ConsultationStatus, QuestionKind
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.storage.db import Store
from kiosk.text import clean, clean_line
from sync.central.results import ideas_for_package, results_for_package
from sync.central.store import CentreBackend, SqliteCentre, open_centre
from sync.container import write_container
from sync.keys import CentreKeys
from sync.packages import (
    CONSULTATIONS_MEMBER,
    ENROLMENT_FORMAT,
    IDEAS_MEMBER,
    PACKAGE_FORMAT,
    RESPONSES_MEMBER,
    RESULTS_MEMBER,
    node_to_dict,
)

KEYS_FOLDER = "keys"
_KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def init_centre(home: Path) -> CentreKeys:
    """Make the centre's keys (root, certified package key, sealing key) and its store."""
    keys = CentreKeys.generate()
    keys.save(home / KEYS_FOLDER)
    open_centre(home).close()
    return keys


def load_keys(home: Path) -> CentreKeys:
    return CentreKeys.load(home / KEYS_FOLDER)


def enrol_kiosk(home: Path, kiosk_id: str, commune_code: str, commune_name: str, out: Path) -> Path:
    """Register a kiosk and write its enrolment file, signed by the root key."""
    if not _KIOSK_ID.match(kiosk_id):
        raise ValidationError(_("A kiosk id has letters, digits, dots, dashes or underscores, and at most 64 of them."))
    keys = load_keys(home)
    store = open_centre(home)
    try:
        with store.write() as db:
            db.execute(
                "INSERT INTO kiosks (kiosk_id, commune_code, commune_name, enrolled_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (kiosk_id) DO UPDATE SET commune_code = excluded.commune_code, commune_name = excluded.commune_name",
                [kiosk_id, clean_line(commune_code), clean_line(commune_name), _now()],
            )
    finally:
        store.close()
    manifest = {
        "format": ENROLMENT_FORMAT,
        "kiosk_id": kiosk_id,
        "commune_code": clean_line(commune_code),
        "commune_name": clean_line(commune_name),
        "issued_at": _now(),
        **keys.public_bundle(),
    }
    return write_container(out, manifest, {}, keys.root)


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
        try:
            kind = QuestionKind(question["kind"])
        except (KeyError, ValueError) as error:
            raise ValidationError(_("{name}: a question's kind is one of single, multiple, scale, text.").format(name=path.name)) from error
        options = [clean_line(str(o)) for o in question.get("options", [])]
        if kind != QuestionKind.TEXT and len(options) < 2:
            raise ValidationError(_("{name}: a choice question needs at least two options.").format(name=path.name))
        questions.append({"kind": kind.value, "text": clean(question["text"]), "options": options})
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


def _resolve_shortlist(store: Store, path: Path, spec: dict[str, Any]) -> None:
    """Turn the shortlisted idea ids into ballot options, after the written ones; check the ballot is sound."""
    options = list(spec["options"])
    for entry in spec.pop("shortlist"):
        idea = _shortlisted(store, entry["idea"])
        if idea is None:
            raise ValidationError(_("{name}: the centre holds no idea {idea}.").format(name=path.name, idea=entry["idea"]))
        title = idea["proposal"] or idea["problem"]
        description = idea["problem"] if idea["proposal"] and idea["problem"] else ""
        options.append({
            "title": entry.get("title") or clean_line(title),
            "description": entry.get("description", description),
            "idea_id": idea["id"],
        })
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


def _shortlisted(store: Store, reference: str) -> dict[str, Any] | None:
    """The idea named by its id, or by its short reference ("3F2A9C1B-1") when only one idea fits."""
    row = store.query_one("SELECT * FROM ideas WHERE id = ?", (reference.lower(),))
    if row is not None:
        return row
    prefix, _dash, number = reference.partition("-")
    if len(prefix) != 8 or not number.isdigit():
        return None
    rows = store.query("SELECT * FROM ideas WHERE id LIKE ?", (f"{prefix.lower()}%/{int(number)}",))
    return rows[0] if len(rows) == 1 else None


def _check_republish(store: Store, path: Path, spec: dict[str, Any]) -> None:
    """Once submissions have arrived, a consultation keeps its kind; a vote keeps its ballot."""
    stored = store.query_one("SELECT spec FROM consultations WHERE code = ?", (spec["code"],))
    if stored is None or not store.query_one(
        "SELECT 1 AS x FROM events WHERE consultation_code = ? AND kind = 'submission' LIMIT 1", (spec["code"],)
    ):
        return
    before = canonical.loads(stored["spec"])
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


def publish(home: Path, path: Path) -> Published:
    """Add or update a consultation from its JSON.

    A draft whose parsed text differs from the current version becomes the
    next version; republishing the same text changes nothing.
    """
    from kiosk.drafts import parse_file

    spec = _read_spec(path)
    drafts = [parse_file((path.parent / name).resolve()) for name in json.loads(path.read_text(encoding="utf-8")).get("drafts", [])]
    store = open_centre(home)
    try:
        with store.write() as db:
            if spec.get("kind") == "vote":
                _resolve_shortlist(store, path, spec)
            _check_republish(store, path, spec)
            db.execute(
                "INSERT INTO consultations (code, spec) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET spec = excluded.spec",
                [spec["code"], canonical.dumps(spec).decode()],
            )
            version = store.query_one("SELECT draft_version FROM consultations WHERE code = ?", (spec["code"],))["draft_version"]
            if drafts:
                tree = canonical.dumps([node_to_dict(node) for node in drafts[0].nodes])
                digest = canonical.sha256_hex(tree)
                latest = store.query_one("SELECT sha256 FROM drafts WHERE consultation_code = ? AND version = ?", (spec["code"], version))
                if latest is None or latest["sha256"] != digest:
                    version = (version or 0) + 1
                    db.execute(
                        "INSERT INTO drafts (consultation_code, version, sha256, title, tree) VALUES (?, ?, ?, ?, ?)",
                        [spec["code"], version, digest, drafts[0].title or spec["title"], tree.decode()],
                    )
                    db.execute("UPDATE consultations SET draft_version = ? WHERE code = ?", [version, spec["code"]])
    finally:
        store.close()
    return Published(
        spec["code"],
        spec.get("kind", ConsultationKind.DRAFT.value),
        version,
        len(spec.get("categories", [])),
        len(spec.get("options", [])),
        spec.get("max_choices", 1),
    )


def _snapshot(store: Store) -> list[dict[str, Any]]:
    """Every consultation with every version of its draft: what a kiosk should hold."""
    out = []
    for row in store.query("SELECT * FROM consultations ORDER BY code"):
        drafts = store.query("SELECT version, sha256, title, tree FROM drafts WHERE consultation_code = ? ORDER BY version", (row["code"],))
        out.append(
            {
                **canonical.loads(row["spec"]),
                "draft_version": row["draft_version"],
                "drafts": [
                    {"version": d["version"], "sha256": d["sha256"], "title": d["title"], "nodes": canonical.loads(d["tree"])}
                    for d in drafts
                ],
            }
        )
    return out


def build_package(home: Path, kiosk_id: str, out_folder: Path) -> Path:
    """The next signed package for ``kiosk_id``, written into ``out_folder``."""
    from sync.packages import package_filename

    keys = load_keys(home)
    store = open_centre(home)
    try:
        if store.query_one("SELECT 1 AS x FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)) is None:
            raise NotFoundError(_("The kiosk {kiosk} is not enrolled at this centre.").format(kiosk=kiosk_id))
        last = store.query_one("SELECT max(package_seq) AS seq FROM packages WHERE kiosk_id = ?", (kiosk_id,))
        package_seq = (last["seq"] or 0) + 1
        issued_at = _now()
        backend = SqliteCentre(store)
        members = {
            CONSULTATIONS_MEMBER: canonical.dumps(_snapshot(store)),
            RESPONSES_MEMBER: canonical.dumps(backend.responses_for_kiosk(kiosk_id)),
            IDEAS_MEMBER: canonical.dumps(ideas_for_package(backend)),
            RESULTS_MEMBER: canonical.dumps(results_for_package(backend, keys.sealing)),
        }
        manifest = {
            "format": PACKAGE_FORMAT,
            "kiosk_id": kiosk_id,
            "package_seq": package_seq,
            "base_seq": 0,  # a full snapshot: it needs no earlier package
            "issued_at": issued_at,
            "acks": acknowledgements(backend, kiosk_id),
            "revocations": [
                {"key_id": key.key_id, "epoch": key.revoked_epoch, "from_seq": key.revoked_from_seq}
                for key in backend.keys(kiosk_id).values()
                if key.revoked_epoch is not None
            ],
            "sealing_key": {"key_id": keys.sealing_key_id, "public_key": keys.sealing_public_key},
        }
        out_folder.mkdir(parents=True, exist_ok=True)
        path = write_container(out_folder / package_filename(kiosk_id, package_seq), manifest, members, keys.package, cert=keys.cert)
        with store.write() as db:
            db.execute(
                "INSERT INTO packages (kiosk_id, package_seq, sha256, issued_at) VALUES (?, ?, ?, ?)",
                [kiosk_id, package_seq, canonical.sha256_hex(path.read_bytes()), issued_at],
            )
        return path
    finally:
        store.close()


def acknowledgements(backend: CentreBackend, kiosk_id: str) -> list[dict[str, Any]]:
    """Per epoch, the contiguous high-water mark the centre holds and the hash at it.

    An epoch that a restored database left behind is acknowledged only up to
    where that database's chain went (the ``database_head`` its next epoch
    began from), so the kiosk can match the hash against its own chain and
    stop sending those events.
    """
    acks = {h.epoch: (h.hwm_seq, h.head_hash) for h in backend.heads(kiosk_id) if h.hwm_seq > 0}
    starts = {row["epoch"]: canonical.loads(row["body"]) for row in backend.epoch_starts(kiosk_id)}
    epoch = max(acks, default=0)
    while epoch in starts:
        link = starts[epoch].get("database_head")
        if not isinstance(link, dict) or not isinstance(link.get("epoch"), int) or not isinstance(link.get("seq"), int):
            break
        earlier, seq = link["epoch"], link["seq"]
        if earlier >= epoch:
            break
        if earlier in acks and acks[earlier][0] > seq and backend.event_hashes(kiosk_id, earlier, seq, seq).get(seq) == link.get("hash"):
            acks[earlier] = (seq, link["hash"])
        epoch = earlier
    return [{"epoch": e, "hwm_seq": seq, "head_hash": head} for e, (seq, head) in sorted(acks.items())]


def revoke_key(home: Path, kiosk_id: str, key: str, epoch: int, from_seq: int) -> None:
    """Revoke a kiosk's signing key from position (epoch, from_seq) on; earlier events stay valid."""
    if epoch < 1 or from_seq < 1:
        raise ValidationError(_("An epoch and a sequence number start at 1."))
    backend = SqliteCentre(open_centre(home))
    try:
        with backend.transaction():
            if not backend.revoke_key(kiosk_id, key, epoch, from_seq, _now()):
                raise NotFoundError(_("The kiosk {kiosk} has no bound key {key}.").format(kiosk=kiosk_id, key=key))
    finally:
        backend.close()
