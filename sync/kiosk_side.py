"""The kiosk's side of the boundary: enrolment and importing the centre's packages.

Everything is verified before anything is applied; a package applies in one
transaction, and only that transaction records it as applied, moves the time
floor and changes trusted state (the TUF lesson: never cache trusted
metadata before the checks pass).

A package also brings the centre's acknowledgements: submissions up to an
acknowledged position become ``acked``, but only when the acknowledged hash
is this kiosk's own hash at that position. An acknowledgement this database
cannot match means it was restored or copied: it then starts a new epoch.
"""

from __future__ import annotations

import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk import canonical, faults, identity
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus, QuestionKind, VoteOption
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.ideas import is_idea_id
from kiosk.storage.db import Store
from sync.container import MANIFEST, read_container
from sync.enrolment_proof import FIRST_EPOCH_FIELD, SECRET_FIELD
from sync.errors import Replay, WrongTarget
from sync.keys import KioskKey, b64decode, key_id, parse_verify_key
from sync.packages import (
    CONSULTATIONS_MEMBER,
    ENROLMENT_FORMAT,
    IDEAS_MEMBER,
    PACKAGE_FORMAT,
    RESPONSES_MEMBER,
    RESULTS_MEMBER,
    node_from_dict,
)

KIOSK_KEY_FILE = "kiosk-signing.key"
# A manifest lists its members: a large package's is still well under a megabyte.
MANIFEST_PEEK_LIMIT = 1 << 20
ENROLMENT_FIELDS = (
    "kiosk_id",
    "commune_code",
    "commune_name",
    "issued_at",
    "root_public_key",
    "root_key_id",
    "sealing_public_key",
    "sealing_key_id",
)


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
    # Anyone can sign a file with a key they put in it: every field is checked, and the
    # fingerprints shown to the person enrolling are those of the keys, not what the file says.
    if (
        manifest.get("format") != ENROLMENT_FORMAT
        or not all(isinstance(manifest.get(name), str) for name in ENROLMENT_FIELDS)
        or manifest["root_key_id"] != key_id(bytes(parse_verify_key(manifest["root_public_key"])))
        or manifest["sealing_key_id"] != _sealing_key_id(manifest["sealing_public_key"])
    ):
        raise ValidationError(_("{name} is not an enrolment file.").format(name=enrolment_file.name))
    current = store.query_one("SELECT * FROM identity")
    if current["enrolled_at"]:
        if current["kiosk_id"] == manifest["kiosk_id"] and current["root_key"] == manifest["root_public_key"]:
            return Enrolment(current["kiosk_id"], current["commune_name"], current["root_key_id"], current["kiosk_key_id"])
        raise ValidationError(_("This kiosk is already enrolled as {kiosk}. A kiosk is enrolled once.").format(kiosk=current["kiosk_id"]))
    if store.query_one("SELECT 1 AS x FROM events LIMIT 1"):
        raise ValidationError(_("This kiosk already holds feedback given before enrolment; export it before enrolling."))
    first_epoch = manifest.get(FIRST_EPOCH_FIELD, 1)
    if type(first_epoch) is not int or not 1 <= first_epoch < 2**31:
        raise ValidationError(_("{name} is not an enrolment file.").format(name=enrolment_file.name))
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
        # The one-time secret proves this enrolment to the centre in the first batches
        # (sync.enrolment_proof); an older enrolment file has none, and the kiosk proves nothing then.
        secret = manifest.get(SECRET_FIELD)
        if isinstance(secret, str) and secret:
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [SECRET_FIELD, secret],
            )
        if first_epoch > 1:
            # A machine replacing an enrolled one: its chain starts at the epoch the centre chose, above
            # every epoch of the old machine (no event is stored yet, so nothing is renumbered).
            db.execute("UPDATE identity SET epoch = ? WHERE epoch < ?", [first_epoch, first_epoch])
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [FIRST_EPOCH_FIELD, str(first_epoch)],
            )
    _remember_centre_url(store, manifest)  # network sync (sync.network): the address the centre wrote, if any
    # A reinstalled kiosk enrolled again under its old id must not reuse its old sequence numbers.
    identity.check_epoch(store, home)
    return Enrolment(manifest["kiosk_id"], manifest["commune_name"], manifest["root_key_id"], key.key_id)


def _remember_centre_url(store: Store, manifest: dict) -> None:
    """Keep the centre's address from the enrolment file for ``gopy sync``; a bad one is ignored (USB still works)."""
    from sync.network import CENTRE_URL_KEY, NetworkError, check_centre_url

    try:
        url = check_centre_url(manifest.get("centre_url") or "") if isinstance(manifest.get("centre_url"), str) else ""
    except NetworkError:
        url = ""
    if url:
        with store.write() as db:
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",  # an administrator's choice stays
                [CENTRE_URL_KEY, url],
            )


def _sealing_key_id(public_key: str) -> str | None:
    try:
        return key_id(b64decode(parse_sealing_key(public_key)))
    except ValueError:
        return None


@dataclass(frozen=True)
class Applied:
    package_seq: int
    consultations: int
    already_applied: bool = False
    acknowledged: int = 0  # submissions newly marked as received by the centre
    responses: int = 0
    epoch_change: identity.EpochChange | None = None
    ideas: int = 0  # ideas of ideas calls, from every kiosk
    results: int = 0  # closed consultations with results


def _sync_value(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return row["value"] if row else None


def import_package(store: Store, path: Path, home: Home | None = None) -> Applied:
    """Verify ``path`` completely, then apply it in one transaction.

    With ``home``, an acknowledgement that shows this database to be behind
    or apart from the centre's copy of its chain starts a new epoch.
    """
    kiosk = store.query_one("SELECT * FROM identity")
    if not kiosk["root_key"]:
        raise ValidationError(_("This kiosk is not enrolled yet: run the setup with the centre's enrolment file first."))
    if path.is_dir():
        path = package_in(path, kiosk["kiosk_id"])
    container = read_container(path, root_key=kiosk["root_key"])
    faults.point("package.after_verify")
    manifest = container.manifest
    if manifest.get("format") != PACKAGE_FORMAT:
        raise ValidationError(_("{name} is not a package from the centre.").format(name=path.name))
    if manifest.get("kiosk_id") != kiosk["kiosk_id"]:
        raise WrongTarget(_("{name} is a package for another kiosk ({kiosk}).").format(name=path.name, kiosk=manifest.get("kiosk_id")))
    seq, base = manifest.get("package_seq"), manifest.get("base_seq", 0)
    if type(seq) is not int or type(base) is not int or not isinstance(manifest.get("issued_at"), str):
        raise _unreadable(path, "package_seq, base_seq, issued_at")
    last = int(_sync_value(store, "last_package_seq") or 0)
    if seq == last and _sync_value(store, "last_package_sha256") == container.file_sha256:
        return Applied(seq, 0, already_applied=True)
    if seq <= last:
        raise Replay(
            _("{name} is package {seq}, but package {last} is already applied: an older package is never applied again.").format(
                name=path.name, seq=seq, last=last
            )
        )
    if base > last:
        raise ValidationError(_("{name} needs package {base} first.").format(name=path.name, base=base))
    try:
        consultations = canonical.loads(container.members[CONSULTATIONS_MEMBER])
        # A member an older centre does not send leaves what the kiosk holds as it is.
        responses, ideas, results = (
            canonical.loads(container.members[name]) if name in container.members else None
            for name in (RESPONSES_MEMBER, IDEAS_MEMBER, RESULTS_MEMBER)
        )
    except (KeyError, ValueError, RecursionError) as error:
        raise _unreadable(path, error) from error
    repo = ConsultationRepository(store)
    floor = _sync_value(store, "time_floor")
    with store.write() as db:
        try:
            for spec in consultations:
                _apply_consultation(store, repo, spec)
            if responses is not None:
                _apply_responses(store, responses)
            if ideas is not None:
                _apply_ideas(store, ideas)
            if results is not None:
                _apply_results(store, results)
            acknowledged, mismatch = _apply_acks(store, kiosk["kiosk_id"], manifest.get("acks", []), seq)
            _apply_keys(store, manifest)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, sqlite3.IntegrityError, sqlite3.ProgrammingError) as error:
            # Signed by the centre yet not what this version reads (SQLite refuses a value too
            # large, missing or of a type it cannot store): refused whole.
            raise _unreadable(path, error) from error
        for key, value in (
            ("last_package_seq", str(seq)),
            ("last_package_sha256", container.file_sha256),
            ("time_floor", max(floor or "", manifest["issued_at"])),
        ):
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]
            )
        faults.point("package.before_commit")
    change = identity.start_epoch(store, home, mismatch) if mismatch and home is not None else None
    return Applied(
        seq,
        len(consultations),
        acknowledged=acknowledged,
        responses=len(responses or []),
        epoch_change=change,
        ideas=len(ideas or []),
        results=len(results or []),
    )


def package_in(folder: Path, kiosk_id: str) -> Path:
    """The one package from the centre in ``folder``: this kiosk's, when it holds several kiosks' packages.

    Packages are told from batches and enrolment files by their manifest's
    format, not by their names (a name's shape may change); the manifest is only
    peeked at here: the package chosen is verified in full afterwards.

    :raises ValidationError: with one line naming the packages found, when there is not exactly one.
    """
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.upper().startswith("GOPY-") and path.suffix.lower() == ".zip":
            manifest = _peek_manifest(path)
            if manifest.get("format") == PACKAGE_FORMAT:
                found[path] = manifest.get("kiosk_id")
    ours = [path for path, target in found.items() if target == kiosk_id]
    if len(ours) == 1:
        return ours[0]
    if len(found) == 1:  # another kiosk's: refused by name afterwards
        return next(iter(found))
    if not found:
        raise ValidationError(_("The folder {folder} holds no package from the centre.").format(folder=folder))
    names = ", ".join(path.name for path in ours or found)
    if ours:
        message = _("The folder {folder} holds {count} packages for this kiosk: {names}. Give the one to apply.")
    else:
        message = _("The folder {folder} holds {count} packages, none for this kiosk ({kiosk}): {names}.")
    raise ValidationError(message.format(folder=folder, count=len(ours or found), names=names, kiosk=kiosk_id))


def _peek_manifest(path: Path) -> dict:
    """The not yet trusted manifest of a container, or ``{}`` for anything else."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST)
            if info.file_size > MANIFEST_PEEK_LIMIT:
                return {}
            manifest = canonical.loads(archive.read(info))
    except (OSError, KeyError, ValueError, RecursionError, zipfile.BadZipFile, NotImplementedError):
        return {}  # not a container, or a damaged one: not offered
    return manifest if isinstance(manifest, dict) else {}


def _unreadable(path: Path, detail: object) -> ValidationError:
    return ValidationError(_("{name} holds data this kiosk cannot read ({detail}).").format(name=path.name, detail=detail))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a text field holds something else")
    return value


def _apply_ideas(store: Store, ideas: list) -> None:
    """The package lists every idea the centre holds, with its support count: the kiosk's list follows it.

    An idea written here keeps its place even when the centre does not list it
    yet (it has not reached the centre); one from elsewhere that the centre no
    longer lists is dropped.
    """
    store.db.execute("UPDATE ideas SET listed_by_centre = 0, centre_supports = 0, centre_rank = NULL")
    store.db.execute("DELETE FROM ideas WHERE written_here = 0")
    for rank, idea in enumerate(ideas, start=1):
        if not is_idea_id(_text(idea["id"])) or isinstance(idea["supports"], bool) or not isinstance(idea["supports"], int):
            raise ValueError("idea id or support count")
        store.db.execute(
            "INSERT INTO ideas (id, consultation_code, category, hamlet, problem, proposal, commune_name, listed_by_centre,"
            " centre_supports, created_at, centre_rank) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " listed_by_centre = 1, centre_supports = excluded.centre_supports, commune_name = excluded.commune_name,"
            " centre_rank = excluded.centre_rank",
            [
                idea["id"],
                _text(idea["consultation"]),
                *(_text(idea[name]) for name in ("category", "hamlet", "problem", "proposal", "commune_name")),
                idea["supports"],
                _text(idea.get("local_time", "")),
                rank,
            ],
        )


def _apply_results(store: Store, results: list) -> None:
    """The results of closed consultations replace those held."""
    store.db.execute("DELETE FROM results")
    for result in results:
        ConsultationKind(result["kind"])
        store.db.execute(
            "INSERT INTO results (consultation_code, body) VALUES (?, ?)", [_text(result["code"]), canonical.dumps(result).decode()]
        )


def _apply_responses(store: Store, responses: list) -> None:
    """The package carries every response meant for this kiosk: they replace the ones held."""
    store.db.execute("DELETE FROM responses")
    for response in responses:
        status = response["status"]
        if status not in ("accepted", "partly_accepted", "not_accepted", "explained"):
            raise ValueError(f"response status {status!r}")
        store.db.execute(
            "INSERT INTO responses (consultation_code, receipt_code, legal_key, status, text) VALUES (?, ?, ?, ?, ?)",
            [response["consultation_code"], response.get("receipt_code"), response.get("legal_key"), status, response.get("text", "")],
        )


def _apply_acks(store: Store, kiosk_id: str, acks: list, package_seq: int) -> tuple[int, str | None]:
    """Mark acknowledged submissions ``acked``; returns how many, and why a new epoch is due (or ``None``).

    An acknowledgement counts only when its hash is this kiosk's own hash at
    that position. Beyond this database's head in its current epoch, or a
    different hash there, means the centre holds a chain this database is not
    (restored from a backup, or a copy of another kiosk's disk).
    """
    current = store.query_one("SELECT epoch FROM identity")["epoch"]
    head = store.query_one("SELECT epoch, seq FROM chain_head")
    marked, reason = 0, None
    for ack in acks:
        epoch, seq, head_hash = int(ack["epoch"]), int(ack["hwm_seq"]), str(ack["head_hash"])
        row = store.query_one("SELECT hash FROM events WHERE kiosk_id = ? AND epoch = ? AND seq = ?", (kiosk_id, epoch, seq))
        if row is None:
            if epoch == current and head and head["epoch"] == epoch and seq > head["seq"]:
                reason = identity.Reason.BEHIND_CENTRE
            continue
        if row["hash"] != head_hash:
            if epoch == current:
                reason = identity.Reason.FORKED_AT_CENTRE
            continue
        marked += store.db.execute(
            "UPDATE events SET state = 'acked' WHERE kiosk_id = ? AND epoch = ? AND seq <= ? AND state != 'acked'", [kiosk_id, epoch, seq]
        ).rowcount
        store.db.execute(
            "INSERT INTO acks (epoch, seq, head_hash, package_seq) VALUES (?, ?, ?, ?) ON CONFLICT (epoch) DO UPDATE SET"
            " seq = excluded.seq, head_hash = excluded.head_hash, package_seq = excluded.package_seq WHERE excluded.seq >= acks.seq",
            [epoch, seq, head_hash, package_seq],
        )
    return marked, reason


def _apply_keys(store: Store, manifest: dict) -> None:
    """The centre's current sealing key, and the kiosk keys it revoked."""
    sealing = manifest.get("sealing_key")
    if sealing:
        public = parse_sealing_key(sealing["public_key"])
        store.db.execute("UPDATE identity SET sealing_key = ?, sealing_key_id = ?, sealing_key_is_demo = 0", [public, sealing["key_id"]])
    revoked = sorted({str(r["key_id"]) for r in manifest.get("revocations", [])})
    store.db.execute(
        "INSERT INTO sync_state (key, value) VALUES ('revoked_keys', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [canonical.dumps(revoked).decode()],
    )


def parse_sealing_key(value: str) -> str:
    """The centre's X25519 public key as base64, checked to be 32 bytes."""
    if len(b64decode(value)) != 32:
        raise ValueError("sealing key length")
    return value


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
        kind=ConsultationKind(spec.get("kind", "draft")),
        categories=tuple(_text(c) for c in spec.get("categories", [])),
        max_choices=int(spec.get("max_choices", 1)),
    )
    questions = [(QuestionKind(q["kind"]), q["text"], q.get("options", [])) for q in spec.get("questions", [])]
    options = [
        VoteOption(n, _text(o["title"]), _text(o.get("description", "")), _text(o.get("idea_id", "")))
        for n, o in enumerate(spec.get("options", []), start=1)
    ]
    # Drafts are stored first: a consultation names its current version.
    repo.put_consultation(consultation, questions, options)
    held = {row["version"] for row in store.query("SELECT version FROM drafts WHERE consultation_code = ?", (consultation.code,))}
    for draft in spec.get("drafts", []):
        if draft["version"] not in held:
            nodes = [node_from_dict(node) for node in draft["nodes"]]
            repo.add_draft(consultation.code, draft["version"], draft["title"], nodes, source_sha256=draft["sha256"])
