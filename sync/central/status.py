"""What the centre holds, per kiosk: last batch, high-water mark, gaps, held and quarantined batches."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import _
from sync.central.ingest import gap_text, quarantine_text
from sync.central.store import BoundKey, CentreBackend


@dataclass(frozen=True)
class EpochStatus:
    epoch: int
    hwm: int
    head_hash: str | None
    missing: tuple[tuple[int, int], ...]
    held: tuple[dict[str, Any], ...]
    quarantined: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class KioskStatus:
    kiosk_id: str
    commune_name: str
    keys: tuple[BoundKey, ...]
    last_batch: dict[str, Any] | None
    epochs: tuple[EpochStatus, ...]
    ack_seen: str | None


@dataclass(frozen=True)
class CentreStatus:
    kiosks: tuple[KioskStatus, ...]
    unknown: tuple[dict[str, Any], ...]  # batches from kiosk ids this centre never enrolled
    alarms: tuple[dict[str, Any], ...] = field(default=())


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


def centre_status(backend: CentreBackend) -> CentreStatus:
    kiosks = []
    enrolled = set()
    for kiosk in backend.kiosks():
        kiosk_id = kiosk["kiosk_id"]
        enrolled.add(kiosk_id)
        batches = backend.batches(kiosk_id)
        heads = {head.epoch: head for head in backend.heads(kiosk_id)}
        epochs = []
        for epoch in sorted(set(heads) | {b["epoch"] for b in batches}):
            head = heads.get(epoch)
            hwm = head.hwm_seq if head else 0
            held = tuple(b for b in batches if b["epoch"] == epoch and b["status"] == "held")
            quarantined = tuple(b for b in batches if b["epoch"] == epoch and b["status"] == "quarantined")
            claimed = max([head.claimed_seq if head else 0, *(b["seq_to"] for b in held)])
            epochs.append(
                EpochStatus(
                    epoch,
                    hwm,
                    head.head_hash if head else None,
                    missing_ranges(hwm, [(b["seq_from"], b["seq_to"]) for b in held], claimed),
                    held,
                    quarantined,
                )
            )
        received = [b for b in batches if b["status"] in ("applied", "duplicate", "held")]
        kiosks.append(
            KioskStatus(
                kiosk_id,
                kiosk["commune_name"],
                tuple(backend.keys(kiosk_id).values()),
                received[-1] if received else None,
                tuple(epochs),
                kiosk.get("last_ack_seen"),
            )
        )
    unknown = tuple(b for b in backend.batches() if b["kiosk_id"] not in enrolled)
    return CentreStatus(tuple(kiosks), unknown, tuple(backend.alarms()))


def status_lines(status: CentreStatus) -> list[str]:
    """The status as the operator reads it, one fact per line."""
    if not status.kiosks and not status.unknown:
        return [_("No kiosk is enrolled at this centre yet.")]
    lines = []
    for kiosk in status.kiosks:
        last = kiosk.last_batch
        if last is None:
            lines.append(_("Kiosk {kiosk} ({commune}): no batch received yet.").format(kiosk=kiosk.kiosk_id, commune=kiosk.commune_name))
        else:
            lines.append(
                _("Kiosk {kiosk} ({commune}): last batch {file} (epoch {epoch}, batch {batch}), received {time}.").format(
                    kiosk=kiosk.kiosk_id,
                    commune=kiosk.commune_name,
                    file=last["file_name"],
                    epoch=last["epoch"],
                    batch=last["batch_seq"],
                    time=last["received_at"],
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
            lines.extend(
                "  " + quarantine_text(b["reason"], b["file_name"], kiosk.kiosk_id, b["epoch"], _seq(b), b["signing_key_id"])
                for b in epoch.quarantined
            )
    for batch in status.unknown:
        lines.append(quarantine_text(batch["reason"], batch["file_name"], batch["kiosk_id"], batch["epoch"], None, batch["signing_key_id"]))
    return lines


def _seq(batch: dict[str, Any]) -> int | None:
    return int(batch["detail"]) if batch["detail"].isdigit() else None


def status_json(status: CentreStatus) -> dict[str, Any]:
    def batch(b: dict[str, Any]) -> dict[str, Any]:
        return {k: b[k] for k in ("file_name", "kiosk_id", "epoch", "batch_seq", "seq_from", "seq_to", "status", "reason", "received_at")}

    return {
        "kiosks": [
            {
                "kiosk_id": k.kiosk_id,
                "commune_name": k.commune_name,
                "keys": [
                    {"epoch": key.epoch, "key_id": key.key_id, "revoked_epoch": key.revoked_epoch, "revoked_from_seq": key.revoked_from_seq}
                    for key in k.keys
                ],
                "last_batch": batch(k.last_batch) if k.last_batch else None,
                "ack_seen": json.loads(k.ack_seen) if k.ack_seen else None,
                "epochs": [
                    {
                        "epoch": e.epoch,
                        "hwm": e.hwm,
                        "head_hash": e.head_hash,
                        "missing": [list(r) for r in e.missing],
                        "held": [batch(b) for b in e.held],
                        "quarantined": [batch(b) for b in e.quarantined],
                    }
                    for e in k.epochs
                ],
            }
            for k in status.kiosks
        ],
        "unknown_kiosk_batches": [batch(b) for b in status.unknown],
        "alarms": [{k: a[k] for k in ("kiosk_id", "epoch", "kind", "detail", "raised_at")} for a in status.alarms],
    }
