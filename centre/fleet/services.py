"""The fleet's writes: the centre's keys, enrolling kiosks, issuing packages, revoking keys. Each one audited.

Every function runs in one transaction with its ``audit.record``; a file it
writes (an enrolment file, a package) is written inside that transaction, so a
failed write leaves no row claiming it exists.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from centre.audit import services as audit
from centre.audit.models import EventType
from centre.cli import KEYS_FOLDER
from centre.core import clock, public_cache
from centre.core.database import lock
from centre.fleet import selectors
from centre.fleet.models import Kiosk, KioskKey, Package
from centre.ingest.models import Batch, Head
from centre.ingest.services import mark_revoked
from kiosk import canonical
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.text import clean_line
from sync.container import free_path
from sync.enrolment_proof import new_secret
from sync.keys import CentreKeys
from sync.packages import PackageContent, package_filename, write_enrolment, write_package

_KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def load_keys(home: Path | None = None) -> CentreKeys:
    """The centre's keys, from ``home`` or the configured centre's home."""
    return CentreKeys.load(Path(home or settings.HOME) / KEYS_FOLDER)


def do_init_centre(home: Path, *, actor: Any = None) -> CentreKeys:
    """Make the centre's keys (root, certified package key, sealing key); its store is already migrated.

    A second ``init`` is refused by ``CentreKeys.save`` (a key file already exists), before anything is recorded.
    """
    keys = CentreKeys.generate()
    with transaction.atomic():
        keys.save(Path(home) / KEYS_FOLDER)
        audit.record(
            EventType.CENTRE_INITIALISED,
            actor=actor,
            target_type="centre",
            target_id=keys.root_key_id,
            extra={"root_key_id": keys.root_key_id, "sealing_key_id": keys.sealing_key_id},
        )
    return keys


def check_kiosk_id(kiosk_id: str) -> str:
    if not _KIOSK_ID.match(kiosk_id):
        raise ValidationError(_("A kiosk id has letters, digits, dots, dashes or underscores, and at most 64 of them."))
    return kiosk_id


def do_enrol_kiosk(
    kiosk_id: str,
    commune_code: str,
    commune_name: str,
    out: Path,
    *,
    province_code: str = "",
    province_name: str = "",
    centre_url: str = "",
    replace: bool = False,
    reason: str = "",
    actor: Any = None,
) -> Path:
    """Register a kiosk and write its enrolment file (signed by the root key, carrying a one-time secret).

    An id already enrolled is refused unless ``replace`` with a ``reason``: enrolling again
    issues a fresh secret, so only the machine holding the new file can bind a key; the keys
    bound before stay, and so do the events they signed.
    """
    check_kiosk_id(kiosk_id)
    reason = clean_line(reason)
    if replace and not reason:
        raise ValidationError(_("Enrolling kiosk {kiosk} again needs a reason (--reason).").format(kiosk=kiosk_id))
    keys = load_keys()
    now = clock.now().replace(microsecond=0)
    secret = new_secret()
    place = {
        "commune_code": clean_line(commune_code),
        "commune_name": clean_line(commune_name),
        "province_code": clean_line(province_code),
        "province_name": clean_line(province_name),
    }
    with transaction.atomic():
        lock(f"kiosk:{kiosk_id.casefold()}")
        existing = Kiosk.objects.select_for_update().filter(kiosk_id=kiosk_id).first()
        # Package and batch files are named after the whole id, and a FAT32 stick ignores case.
        twin = Kiosk.objects.filter(kiosk_id__iexact=kiosk_id).exclude(kiosk_id=kiosk_id).values_list("kiosk_id", flat=True).first()
        if twin is not None:
            raise ValidationError(
                _("The kiosk id {kiosk} differs only in capital letters from the enrolled kiosk {other}; choose another id.").format(
                    kiosk=kiosk_id, other=twin
                )
            )
        if existing is not None and not replace:
            raise ValidationError(
                _(
                    "The kiosk {kiosk} is already enrolled ({commune}). To enrol it again, give --replace and --reason; "
                    "its old enrolment file then stops working."
                ).format(kiosk=kiosk_id, commune=existing.commune_name)
            )
        if existing is None:
            kiosk = Kiosk(kiosk_id=kiosk_id)
            event, extra = EventType.KIOSK_ENROLLED, {"new": place}
        else:
            kiosk = existing
            old = {name: getattr(existing, name) for name in place}
            # The new machine starts above every epoch the old one used: its first batches then
            # bind its own key instead of colliding with positions the centre already holds.
            kiosk.first_epoch = _highest_epoch(kiosk_id) + 1
            event, extra = EventType.KIOSK_REENROLLED, {"old": old, "new": place, "reason": reason, "first_epoch": kiosk.first_epoch}
        for name, value in place.items():
            setattr(kiosk, name, value)
        kiosk.enrolled_at = now
        kiosk.enrolment_secret = secret
        kiosk.enrolment_spent_at = None
        kiosk.centre_url = centre_url.strip()
        kiosk.save()
        audit.record(event, actor=actor, target_type="kiosk", target_id=kiosk_id, extra=extra)
        public_cache.bump()  # the portal lists the communes with a kiosk
        return write_enrolment(
            Path(out),
            keys,
            kiosk_id=kiosk_id,
            place=place,
            issued_at=now.isoformat(timespec="seconds"),
            secret=secret,
            centre_url=kiosk.centre_url,
            first_epoch=kiosk.first_epoch,
        )


def _highest_epoch(kiosk_id: str) -> int:
    """The highest epoch of this kiosk the centre has heard of: a bound key, a head (claimed or stored), a batch."""
    return max(
        KioskKey.objects.filter(kiosk_id=kiosk_id).aggregate(top=Max("epoch"))["top"] or 0,
        Head.objects.filter(kiosk_id=kiosk_id).aggregate(top=Max("epoch"))["top"] or 0,
        Batch.objects.filter(kiosk_id=kiosk_id).aggregate(top=Max("epoch"))["top"] or 0,
        Kiosk.objects.filter(kiosk_id=kiosk_id).values_list("first_epoch", flat=True).first() or 0,
    )


def do_build_package(kiosk_id: str, out_folder: Path, *, actor: Any = None) -> Path:
    """The next signed package for ``kiosk_id``, written into ``out_folder``: a full snapshot, so no package depends on another."""
    from centre.consultations.results import ideas_for_package, results_for_package
    from centre.consultations.selectors import consultation_snapshot
    from centre.review.selectors import responses_for_kiosk

    keys = load_keys()
    out_folder = Path(out_folder)
    with transaction.atomic():
        lock(f"package:{kiosk_id}")  # two operators packaging one kiosk at once get two numbers, never one twice
        kiosk = Kiosk.objects.filter(kiosk_id=kiosk_id).first()
        if kiosk is None:
            raise NotFoundError(_("The kiosk {kiosk} is not enrolled at this centre.").format(kiosk=kiosk_id))
        package_seq = (Package.objects.filter(kiosk=kiosk).aggregate(n=Max("package_seq"))["n"] or 0) + 1
        issued_at = clock.now().replace(microsecond=0)
        snapshot = consultation_snapshot()
        content = PackageContent(
            consultations=snapshot,
            responses=responses_for_kiosk(kiosk_id),
            ideas=ideas_for_package(),
            results=results_for_package(keys.sealing),
            acks=selectors.acknowledgements(kiosk_id),
            revocations=[
                {"key_id": key.key_id, "epoch": key.revoked_epoch, "from_seq": key.revoked_from_seq}
                for key in KioskKey.objects.filter(kiosk=kiosk, revoked_epoch__isnull=False).order_by("epoch")
            ],
        )
        out_folder.mkdir(parents=True, exist_ok=True)
        path = free_path(out_folder, package_filename(kiosk_id, package_seq))
        write_package(
            path, keys, kiosk_id=kiosk_id, package_seq=package_seq, issued_at=issued_at.isoformat(timespec="seconds"), content=content
        )
        versions = {c["code"]: c["draft_version"] for c in snapshot}
        try:
            Package.objects.create(
                kiosk=kiosk,
                package_seq=package_seq,
                sha256=canonical.sha256_hex(path.read_bytes()),
                file_name=path.name,
                issued_at=issued_at,
                draft_versions=canonical.dumps(versions).decode("utf-8"),
            )
            audit.record(
                EventType.PACKAGE_ISSUED,
                actor=actor,
                target_type="kiosk",
                target_id=kiosk_id,
                extra={"package_seq": package_seq, "file_name": path.name, "draft_versions": versions},
            )
        except BaseException:
            path.unlink(missing_ok=True)  # a package the centre has no row of must not reach a kiosk
            raise
    return path


def do_revoke_key(kiosk_id: str, key_id: str, epoch: int, from_seq: int, *, actor: Any = None) -> int:
    """Revoke a kiosk's signing key from position (epoch, from_seq) on; earlier events stay valid.

    The events already stored at or after that position are marked revoked: kept, shown, never counted.
    Returns how many were marked.
    """
    if epoch < 1 or from_seq < 1:
        raise ValidationError(_("An epoch and a sequence number start at 1."))
    with transaction.atomic():
        lock(f"kiosk:{kiosk_id.casefold()}")
        key = KioskKey.objects.select_for_update().filter(kiosk_id=kiosk_id, key_id=key_id).first()
        if key is None:
            raise NotFoundError(_("The kiosk {kiosk} has no bound key {key}.").format(kiosk=kiosk_id, key=key_id))
        old = {"epoch": key.revoked_epoch, "from_seq": key.revoked_from_seq}
        key.revoked_epoch, key.revoked_from_seq, key.revoked_at = epoch, from_seq, clock.now().replace(microsecond=0)
        key.save(update_fields=["revoked_epoch", "revoked_from_seq", "revoked_at"])
        marked = mark_revoked(kiosk_id, key_id, epoch, from_seq)  # ingest owns the rule, and applies it to later arrivals too
        audit.record(
            EventType.KIOSK_KEY_REVOKED,
            actor=actor,
            target_type="kiosk",
            target_id=kiosk_id,
            extra={"key_id": key_id, "old": old, "new": {"epoch": epoch, "from_seq": from_seq}, "events_marked": marked},
        )
    return marked
