"""What the centre holds, per kiosk: where it is, when it was last heard, which package it holds, gaps, held and quarantined batches.

Read by ``gopy central status`` and ``kiosks`` and by the fleet's web page. Times
are stored in UTC and shown in Vietnam's time (centre.core.clock.shown).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from centre.core import clock
from centre.fleet.models import Alarm, Kiosk, KioskKey, Package
from centre.ingest.models import Batch, BatchStatus, Event, Head, RefusedFile
from centre.ingest.services import gap_text, quarantine_text
from kiosk import canonical
from kiosk.i18n import _

_BATCH_FIELDS = (
    "id",
    "file_name",
    "kiosk_id",
    "epoch",
    "batch_seq",
    "seq_from",
    "seq_to",
    "received_at",
    "status",
    "reason",
    "detail",
    "signing_key_id",
)
_OPEN = (BatchStatus.HELD, BatchStatus.QUARANTINED)
_RECEIVED = (BatchStatus.APPLIED, BatchStatus.DUPLICATE, BatchStatus.HELD)


@dataclass(frozen=True)
class EpochStatus:
    epoch: int
    hwm: int
    head_hash: str | None
    missing: tuple[tuple[int, int], ...]
    held: tuple[dict[str, Any], ...]
    quarantined: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class PackageHeld:
    """A package as the status names it: its number, when it was issued, the draft version of each consultation in it."""

    package_seq: int
    issued_at: datetime | None
    draft_versions: dict[str, int | None]


@dataclass(frozen=True)
class KioskStatus:
    kiosk_id: str
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str
    keys: tuple[KioskKey, ...]
    last_batch: dict[str, Any] | None
    epochs: tuple[EpochStatus, ...]
    ack_seen: str | None
    last_heard_at: datetime | None
    submissions: int  # counted ones: a revoked key's events are not
    last_issued: PackageHeld | None  # the last package the centre wrote for it
    holds: PackageHeld | None  # the package its last batch says it applied

    @property
    def days_since_heard(self) -> int | None:
        return None if self.last_heard_at is None else (clock.now() - self.last_heard_at).days


@dataclass(frozen=True)
class CentreStatus:
    kiosks: tuple[KioskStatus, ...]
    unknown: tuple[dict[str, Any], ...]  # batches from kiosk ids this centre never enrolled
    alarms: tuple[dict[str, Any], ...] = field(default=())
    refused: tuple[dict[str, Any], ...] = field(default=())  # files nothing of which could be trusted

    @property
    def totals(self) -> dict[str, int]:
        epochs = [e for k in self.kiosks for e in k.epochs]
        return {
            "kiosks": len(self.kiosks),
            "kiosks_never_heard": sum(1 for k in self.kiosks if k.last_heard_at is None),
            "submissions": sum(k.submissions for k in self.kiosks),
            "missing_ranges": sum(len(e.missing) for e in epochs),
            "held_batches": sum(len(e.held) for e in epochs),
            "quarantined_batches": sum(len(e.quarantined) for e in epochs) + len(self.unknown),
            "alarms": len(self.alarms),
            "refused_files": len(self.refused),
        }


def missing_ranges(hwm: int, held: list[tuple[int, int]], claimed: int) -> tuple[tuple[int, int], ...]:
    """The ranges above ``hwm`` that neither a held batch covers nor the centre holds, up to the furthest known position."""
    missing, position = [], hwm + 1
    for first, last in sorted(held):
        if first > position:
            missing.append((position, first - 1))
        position = max(position, last + 1)
    if claimed >= position:
        missing.append((position, claimed))
    return tuple(missing)


def _package(row: Package | None) -> PackageHeld | None:
    if row is None:
        return None
    return PackageHeld(row.package_seq, row.issued_at, canonical.loads(row.draft_versions or "{}"))


def _by_kiosk(rows: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row["kiosk_id"] if isinstance(row, dict) else row.kiosk_id, []).append(row)
    return grouped


def _imported_package_seq(manifest: str) -> int | None:
    """The package a batch's signed manifest says its kiosk had applied (``last_package_seq_imported``)."""
    try:
        seq = canonical.loads(manifest).get("last_package_seq_imported")
    except (ValueError, AttributeError):
        return None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None


def centre_status() -> CentreStatus:
    """Every kiosk's state in a fixed number of queries, whatever the size of the fleet."""
    open_batches = _by_kiosk(Batch.objects.filter(status__in=_OPEN).order_by("id").values(*_BATCH_FIELDS))
    last_ids = Batch.objects.filter(status__in=_RECEIVED).values("kiosk_id").annotate(last=Max("id")).values_list("last", flat=True)
    last_batch = {b["kiosk_id"]: b for b in Batch.objects.filter(id__in=list(last_ids)).values(*_BATCH_FIELDS, "manifest")}
    holds_seq = {kiosk_id: _imported_package_seq(b.pop("manifest")) for kiosk_id, b in last_batch.items()}
    heads = _by_kiosk(Head.objects.order_by("epoch"))
    keys = _by_kiosk(KioskKey.objects.order_by("kiosk_id", "epoch"))
    issued_seq = dict(Package.objects.values_list("kiosk_id").annotate(n=Max("package_seq")).values_list("kiosk_id", "n"))
    wanted = set(issued_seq.values()) | {seq for seq in holds_seq.values() if seq}
    packages = {(p.kiosk_id, p.package_seq): p for p in Package.objects.filter(package_seq__in=wanted)}
    counted = dict(
        Event.objects.filter(kind="submission", revoked=False).values_list("kiosk_id").annotate(n=Count("id")).values_list("kiosk_id", "n")
    )
    kiosks = []
    for kiosk in Kiosk.objects.order_by("kiosk_id"):
        batches = open_batches.get(kiosk.kiosk_id, [])
        kiosk_heads = {head.epoch: head for head in heads.get(kiosk.kiosk_id, [])}
        last = last_batch.get(kiosk.kiosk_id)
        epochs = []
        for epoch in sorted(set(kiosk_heads) | {b["epoch"] for b in batches} | ({last["epoch"]} if last else set())):
            head = kiosk_heads.get(epoch)
            hwm = head.hwm_seq if head else 0
            held = tuple(b for b in batches if b["epoch"] == epoch and b["status"] == BatchStatus.HELD)
            quarantined = tuple(b for b in batches if b["epoch"] == epoch and b["status"] == BatchStatus.QUARANTINED)
            claimed = max([head.claimed_seq if head else 0, *(b["seq_to"] for b in held)])
            missing = missing_ranges(hwm, [(b["seq_from"], b["seq_to"]) for b in held], claimed)
            epochs.append(EpochStatus(epoch, hwm, head.head_hash if head else None, missing, held, quarantined))
        held_seq = holds_seq.get(kiosk.kiosk_id)
        kiosks.append(
            KioskStatus(
                kiosk.kiosk_id,
                kiosk.commune_code,
                kiosk.commune_name,
                kiosk.province_code,
                kiosk.province_name,
                tuple(keys.get(kiosk.kiosk_id, [])),
                last,
                tuple(epochs),
                kiosk.last_ack_seen,
                kiosk.last_heard_at or (last["received_at"] if last else None),
                counted.get(kiosk.kiosk_id, 0),
                _package(packages.get((kiosk.kiosk_id, issued_seq.get(kiosk.kiosk_id, 0)))),
                (_package(packages.get((kiosk.kiosk_id, held_seq))) or PackageHeld(held_seq, None, {})) if held_seq else None,
            )
        )
    enrolled = {k.kiosk_id for k in kiosks}
    unknown = tuple(b for kiosk_id, rows in sorted(open_batches.items()) if kiosk_id not in enrolled for b in rows)
    alarms = tuple(Alarm.objects.filter(resolved_at__isnull=True).order_by("id").values("kiosk_id", "epoch", "kind", "detail", "raised_at"))
    refused = tuple(RefusedFile.objects.order_by("id").values("file_name", "size", "reason", "message", "refused_at", "source"))
    return CentreStatus(tuple(kiosks), unknown, alarms, refused)


def _quarantine_text(batch: dict[str, Any]) -> str:
    seq = int(batch["detail"]) if str(batch["detail"]).isdigit() else None
    return quarantine_text(batch["reason"], batch["file_name"], batch["kiosk_id"], batch["epoch"], seq, batch["signing_key_id"])


def _place(kiosk: KioskStatus) -> str:
    commune = f"{kiosk.commune_name} [{kiosk.commune_code}]"
    return f"{commune}, {kiosk.province_name}" if kiosk.province_name else commune


def _versions(package: PackageHeld) -> str:
    return ", ".join(f"{code} v{version}" for code, version in sorted(package.draft_versions.items()) if version is not None) or "-"


def status_lines(status: CentreStatus) -> list[str]:
    """The status as the operator reads it, one fact per line."""
    if not status.kiosks and not status.unknown and not status.refused:
        return [_("No kiosk is enrolled at this centre yet.")]
    totals = status.totals
    lines = [
        _(
            "{kiosks} kiosks ({silent} never heard from), {submissions} submissions counted; {missing} missing ranges, "
            "{held} held and {quarantined} quarantined batches, {alarms} alarms, {refused} refused files."
        ).format(
            kiosks=totals["kiosks"],
            silent=totals["kiosks_never_heard"],
            submissions=totals["submissions"],
            missing=totals["missing_ranges"],
            held=totals["held_batches"],
            quarantined=totals["quarantined_batches"],
            alarms=totals["alarms"],
            refused=totals["refused_files"],
        )
    ]
    for kiosk in status.kiosks:
        last = kiosk.last_batch
        if last is None:
            lines.append(_("Kiosk {kiosk} ({commune}): no batch received yet.").format(kiosk=kiosk.kiosk_id, commune=_place(kiosk)))
        else:
            lines.append(
                _("Kiosk {kiosk} ({commune}): last batch {file} (epoch {epoch}, batch {batch}), received {time}.").format(
                    kiosk=kiosk.kiosk_id,
                    commune=_place(kiosk),
                    file=last["file_name"],
                    epoch=last["epoch"],
                    batch=last["batch_seq"],
                    time=clock.shown(last["received_at"]),
                )
            )
        if kiosk.last_heard_at is not None:
            lines.append(
                "  "
                + _("last heard {time}, {days} days ago; {count} submissions counted.").format(
                    time=clock.shown(kiosk.last_heard_at), days=kiosk.days_since_heard, count=kiosk.submissions
                )
            )
        if kiosk.last_issued is not None:
            holds = (
                _("it holds package {seq} ({versions}).").format(seq=kiosk.holds.package_seq, versions=_versions(kiosk.holds))
                if kiosk.holds is not None
                else _("no batch says which package it holds.")
            )
            lines.append(
                "  "
                + _("package {seq} issued {time} ({versions}); {holds}").format(
                    seq=kiosk.last_issued.package_seq,
                    time=clock.shown(kiosk.last_issued.issued_at),
                    versions=_versions(kiosk.last_issued),
                    holds=holds,
                )
            )
        for epoch in kiosk.epochs:
            lines.append(
                "  "
                + _(
                    "epoch {epoch}: complete up to sequence {hwm} (head {head}); held batches: {held}; quarantined batches: {quarantined}."
                ).format(
                    epoch=epoch.epoch,
                    hwm=epoch.hwm,
                    head=(epoch.head_hash or "-")[:12],
                    held=len(epoch.held),
                    quarantined=len(epoch.quarantined),
                )
            )
            lines.extend("  " + gap_text(kiosk.kiosk_id, epoch.epoch, first, last) for first, last in epoch.missing)
            lines.extend("  " + _quarantine_text(b) for b in epoch.quarantined)
    lines.extend(_quarantine_text(batch) for batch in status.unknown)
    for alarm in status.alarms:
        lines.append(
            _("Alarm, kiosk {kiosk} ({time}): {detail}").format(
                kiosk=alarm["kiosk_id"], time=clock.shown(alarm["raised_at"]), detail=alarm["detail"]
            )
        )
    for refused in status.refused:
        lines.append(
            _("Refused {time}: {file}: {message}").format(
                time=clock.shown(refused["refused_at"]), file=refused["file_name"], message=refused["message"]
            )
        )
    return lines


def _batch_json(b: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: b[k] for k in ("file_name", "kiosk_id", "epoch", "batch_seq", "seq_from", "seq_to", "status", "reason")},
        "received_at": clock.shown(b["received_at"]),
    }


def _package_json(package: PackageHeld | None) -> dict[str, Any] | None:
    if package is None:
        return None
    return {"package_seq": package.package_seq, "issued_at": clock.shown(package.issued_at), "draft_versions": package.draft_versions}


def _keys_json(keys: tuple[KioskKey, ...]) -> list[dict[str, Any]]:
    return [
        {
            "epoch": key.epoch,
            "key_id": key.key_id,
            "bound_at": clock.shown(key.bound_at),
            "revoked_epoch": key.revoked_epoch,
            "revoked_from_seq": key.revoked_from_seq,
        }
        for key in keys
    ]


def status_json(status: CentreStatus) -> dict[str, Any]:
    return {
        "totals": status.totals,
        "kiosks": [
            {
                "kiosk_id": k.kiosk_id,
                "commune_code": k.commune_code,
                "commune_name": k.commune_name,
                "province_code": k.province_code,
                "province_name": k.province_name,
                "last_heard": clock.shown(k.last_heard_at),
                "days_since_heard": k.days_since_heard,
                "submissions": k.submissions,
                "keys": _keys_json(k.keys),
                "last_batch": _batch_json(k.last_batch) if k.last_batch else None,
                "ack_seen": json.loads(k.ack_seen) if k.ack_seen else None,
                "package_issued": _package_json(k.last_issued),
                "package_held": _package_json(k.holds),
                "epochs": [
                    {
                        "epoch": e.epoch,
                        "hwm": e.hwm,
                        "head_hash": e.head_hash,
                        "missing": [list(r) for r in e.missing],
                        "held": [_batch_json(b) for b in e.held],
                        "quarantined": [_batch_json(b) for b in e.quarantined],
                    }
                    for e in k.epochs
                ],
            }
            for k in status.kiosks
        ],
        "unknown_kiosk_batches": [_batch_json(b) for b in status.unknown],
        "alarms": [{**a, "raised_at": clock.shown(a["raised_at"])} for a in status.alarms],
        "refused_files": [{**r, "refused_at": clock.shown(r["refused_at"])} for r in status.refused],
    }


def kiosks_json() -> list[dict[str, Any]]:
    """The enrolled kiosks: where, since when, last heard, their keys."""
    last_received = dict(Batch.objects.values_list("kiosk_id").annotate(t=Max("received_at")).values_list("kiosk_id", "t"))
    out = []
    for kiosk in Kiosk.objects.order_by("kiosk_id").prefetch_related("keys"):
        heard = kiosk.last_heard_at or last_received.get(kiosk.kiosk_id)
        out.append(
            {
                "kiosk_id": kiosk.kiosk_id,
                "commune_code": kiosk.commune_code,
                "commune_name": kiosk.commune_name,
                "province_code": kiosk.province_code,
                "province_name": kiosk.province_name,
                "enrolled": clock.shown(kiosk.enrolled_at),
                "enrolment_spent": kiosk.enrolment_spent_at is not None,
                "last_heard": clock.shown(heard),
                "keys": _keys_json(tuple(sorted(kiosk.keys.all(), key=lambda key: key.epoch))),
            }
        )
    return out


# ---------------------------------------------------------------- what packages acknowledge


def _event_hash(kiosk_id: str, epoch: int, seq: int) -> str | None:
    return Event.objects.filter(kiosk_id=kiosk_id, epoch=epoch, seq=seq).values_list("hash", flat=True).first()


def acknowledgements(kiosk_id: str) -> list[dict[str, Any]]:
    """Per epoch, the contiguous high-water mark the centre holds and the hash at it.

    An epoch that a restored database left behind is acknowledged only up to
    where that database's chain went (the ``database_head`` its next epoch
    began from), so the kiosk can match the hash against its own chain and
    stop sending those events.
    """
    acks = {
        epoch: (hwm, head)
        for epoch, hwm, head in Head.objects.filter(kiosk_id=kiosk_id, hwm_seq__gt=0).values_list("epoch", "hwm_seq", "head_hash")
    }
    starts = {
        epoch: canonical.loads(body)
        for epoch, body in Event.objects.filter(Q(kind="epoch.start"), kiosk_id=kiosk_id).order_by("epoch").values_list("epoch", "body")
    }
    epoch = max(acks, default=0)
    while epoch in starts:
        link = starts[epoch].get("database_head")
        if not isinstance(link, dict) or not isinstance(link.get("epoch"), int) or not isinstance(link.get("seq"), int):
            break
        earlier, seq = link["epoch"], link["seq"]
        if earlier >= epoch:
            break
        if earlier in acks and acks[earlier][0] > seq and _event_hash(kiosk_id, earlier, seq) == link.get("hash"):
            acks[earlier] = (seq, link["hash"])
        epoch = earlier
    return [{"epoch": e, "hwm_seq": seq, "head_hash": head} for e, (seq, head) in sorted(acks.items())]
