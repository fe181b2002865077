"""The kiosk's side of the boundary: enrolment and importing the centre's packages.

Everything is verified before anything is applied; a package applies in one
transaction, and only that transaction records it as applied, moves the time
floor and changes trusted state (the TUF lesson: never cache trusted
metadata before the checks pass).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk import canonical
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationStatus, QuestionKind
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.storage.db import Store
from sync.container import read_container
from sync.errors import Replay, WrongTarget
from sync.keys import KioskKey, parse_verify_key
from sync.packages import CONSULTATIONS_MEMBER, ENROLMENT_FORMAT, PACKAGE_FORMAT, node_from_dict

KIOSK_KEY_FILE = "kiosk-signing.key"


def kiosk_key_path(home: Home) -> Path:
    return home.keys / KIOSK_KEY_FILE


@dataclass(frozen=True)
class Enrolment:
    kiosk_id: str
    commune_name: str
    root_key_id: str
    kiosk_key_id: str


def setup(store: Store, home: Home, enrolment_file: Path) -> Enrolment:
    """Enrol this kiosk: pin the centre's root and sealing keys, make the kiosk's own key."""
    # The enrolment file brings the root key it is signed with; the person
    # enrolling compares its fingerprint (root_key_id) with the centre's.
    container = read_container(enrolment_file, verify_key=lambda manifest: parse_verify_key(manifest.get("root_public_key", "")))
    manifest = container.manifest
    if manifest.get("format") != ENROLMENT_FORMAT:
        raise ValidationError(_("{name} is not an enrolment file.").format(name=enrolment_file.name))
    identity = store.query_one("SELECT * FROM identity")
    if identity["enrolled_at"]:
        if identity["kiosk_id"] == manifest["kiosk_id"] and identity["root_key"] == manifest["root_public_key"]:
            return Enrolment(identity["kiosk_id"], identity["commune_name"], identity["root_key_id"], identity["kiosk_key_id"])
        raise ValidationError(_("This kiosk is already enrolled as {kiosk}. A kiosk is enrolled once.").format(kiosk=identity["kiosk_id"]))
    if store.query_one("SELECT 1 AS x FROM events LIMIT 1"):
        raise ValidationError(_("This kiosk already holds feedback given before enrolment; export it before enrolling."))
    home.ensure()
    path = kiosk_key_path(home)
    key = KioskKey.load(path) if path.exists() else KioskKey.generate()
    if not path.exists():
        key.save(path)
    with store.write() as db:
        db.execute(
            "UPDATE identity SET kiosk_id = ?, commune_code = ?, commune_name = ?, root_key = ?, root_key_id = ?,"
            " sealing_key = ?, sealing_key_id = ?, sealing_key_is_demo = 0, kiosk_key_id = ?, enrolled_at = ?",
            [
                manifest["kiosk_id"],
                manifest["commune_code"],
                manifest["commune_name"],
                manifest["root_public_key"],
                manifest["root_key_id"],
                manifest["sealing_public_key"],
                manifest["sealing_key_id"],
                key.key_id,
                manifest["issued_at"],
            ],
        )
    return Enrolment(manifest["kiosk_id"], manifest["commune_name"], manifest["root_key_id"], key.key_id)


@dataclass(frozen=True)
class Applied:
    package_seq: int
    consultations: int
    already_applied: bool = False


def _sync_value(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return row["value"] if row else None


def import_package(store: Store, path: Path) -> Applied:
    """Verify ``path`` completely, then apply it in one transaction."""
    identity = store.query_one("SELECT * FROM identity")
    if not identity["root_key"]:
        raise ValidationError(_("This kiosk is not enrolled yet: run the setup with the centre's enrolment file first."))
    container = read_container(path, root_key=identity["root_key"])
    manifest = container.manifest
    if manifest.get("format") != PACKAGE_FORMAT:
        raise ValidationError(_("{name} is not a package from the centre.").format(name=path.name))
    if manifest.get("kiosk_id") != identity["kiosk_id"]:
        raise WrongTarget(_("{name} is a package for another kiosk ({kiosk}).").format(name=path.name, kiosk=manifest.get("kiosk_id")))
    seq = manifest["package_seq"]
    last = int(_sync_value(store, "last_package_seq") or 0)
    if seq == last and _sync_value(store, "last_package_sha256") == container.file_sha256:
        return Applied(seq, 0, already_applied=True)
    if seq <= last:
        raise Replay(
            _("{name} is package {seq}, but package {last} is already applied: an older package is never applied again.").format(
                name=path.name, seq=seq, last=last
            )
        )
    if manifest.get("base_seq", 0) > last:
        raise ValidationError(_("{name} needs package {base} first.").format(name=path.name, base=manifest["base_seq"]))
    consultations = canonical.loads(container.members[CONSULTATIONS_MEMBER])
    repo = ConsultationRepository(store)
    floor = _sync_value(store, "time_floor")
    with store.write() as db:
        try:
            for spec in consultations:
                _apply_consultation(store, repo, spec)
        except (KeyError, TypeError, ValueError) as error:
            # Signed by the centre yet not what this version reads: refused whole.
            raise ValidationError(
                _("{name} holds consultations this kiosk cannot read ({detail}).").format(name=path.name, detail=error)
            ) from error
        for key, value in (
            ("last_package_seq", str(seq)),
            ("last_package_sha256", container.file_sha256),
            ("time_floor", max(floor or "", manifest["issued_at"])),
        ):
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]
            )
    return Applied(seq, len(consultations))


def _apply_consultation(store: Store, repo: ConsultationRepository, spec: dict) -> None:
    consultation = Consultation(
        code=spec["code"],
        agency=spec["agency"],
        title=spec["title"],
        summary=spec.get("summary", ""),
        opens_on=date.fromisoformat(spec["opens"]),
        closes_on=date.fromisoformat(spec["closes"]),
        status=ConsultationStatus(spec.get("status", "open")),
        draft_version=spec.get("draft_version"),
    )
    questions = [(QuestionKind(q["kind"]), q["text"], q.get("options", [])) for q in spec.get("questions", [])]
    # Drafts are stored first: a consultation names its current version.
    repo.put_consultation(consultation, questions)
    held = {row["version"] for row in store.query("SELECT version FROM drafts WHERE consultation_code = ?", (consultation.code,))}
    for draft in spec.get("drafts", []):
        if draft["version"] not in held:
            nodes = [node_from_dict(node) for node in draft["nodes"]]
            repo.add_draft(consultation.code, draft["version"], draft["title"], nodes, source_sha256=draft["sha256"])
