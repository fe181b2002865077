"""Read-only queries for the operator's fleet page: kiosks by province and commune, and what needs looking at.

Nothing here writes. ``fleet/selectors.py`` serves the command line's ``status``;
this module serves the web page (its own shape: grouped, filtered, with ages).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from centre.core import clock
from centre.fleet.models import Alarm, Kiosk
from centre.ingest.models import Batch, BatchStatus, Head, RefusedFile

SILENT_AFTER_DAYS = 14  # a kiosk is expected to sync at least weekly: two weeks of silence is a problem
REFUSED_SHOWN = 20


@dataclass(frozen=True)
class Gap:
    epoch: int
    first: int
    last: int


@dataclass(frozen=True)
class BatchLine:
    id: int
    file_name: str
    kiosk_id: str
    epoch: int
    seq_from: int
    seq_to: int
    received_at: datetime
    reason: str
    detail: str


@dataclass(frozen=True)
class AlarmLine:
    id: int
    kiosk_id: str
    kind: str
    detail: str
    raised_at: datetime


@dataclass
class KioskLine:
    kiosk_id: str
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str
    last_heard_at: datetime | None
    days_silent: int | None  # whole days since last heard; None: never heard from
    gaps: list[Gap] = field(default_factory=list)
    held: list[BatchLine] = field(default_factory=list)
    quarantined: list[BatchLine] = field(default_factory=list)
    alarms: list[AlarmLine] = field(default_factory=list)

    @property
    def silent(self) -> bool:
        return self.days_silent is None or self.days_silent >= SILENT_AFTER_DAYS

    @property
    def has_problems(self) -> bool:
        return self.silent or bool(self.gaps or self.held or self.quarantined or self.alarms)


@dataclass
class Commune:
    code: str
    name: str
    kiosks: list[KioskLine] = field(default_factory=list)


@dataclass
class Province:
    code: str
    name: str
    communes: list[Commune] = field(default_factory=list)


@dataclass
class FleetOverview:
    provinces: list[Province]  # after the filters
    province_choices: list[tuple[str, str]]  # every province with a kiosk: (code, name)
    kiosk_count: int  # before the filters
    problem_count: int  # before the filters
    shown_count: int
    unknown_quarantined: list[BatchLine]  # quarantined batches that name a kiosk this centre never enrolled
    unknown_alarms: list[AlarmLine]
    refused: list[RefusedFile]
    refused_total: int


def _batch_line(batch: Batch) -> BatchLine:
    return BatchLine(
        batch.id,
        batch.file_name,
        batch.kiosk_id,
        batch.epoch,
        batch.seq_from,
        batch.seq_to,
        batch.received_at,
        batch.reason,
        batch.detail,
    )


def missing_ranges(hwm: int, claimed: int, held: list[tuple[int, int]], epoch: int) -> list[Gap]:
    """The ranges of one epoch the centre has not got: above the high-water mark, around the held batches, up to the claim."""
    gaps: list[Gap] = []
    cursor = hwm + 1
    for seq_from, seq_to in sorted(held):
        if seq_from > cursor:
            gaps.append(Gap(epoch, cursor, seq_from - 1))
        cursor = max(cursor, seq_to + 1)
    if claimed >= cursor:
        gaps.append(Gap(epoch, cursor, claimed))
    return gaps


def fleet_overview(*, province: str = "", only_problems: bool = False, now: datetime | None = None) -> FleetOverview:
    now = now or clock.now()
    kiosks = list(Kiosk.objects.order_by("province_name", "province_code", "commune_name", "commune_code", "kiosk_id"))
    known = {k.kiosk_id for k in kiosks}

    open_batches: dict[str, list[Batch]] = defaultdict(list)
    for batch in Batch.objects.filter(status__in=[BatchStatus.HELD, BatchStatus.QUARANTINED]).order_by("received_at", "id"):
        open_batches[batch.kiosk_id].append(batch)
    alarms: dict[str, list[AlarmLine]] = defaultdict(list)
    for alarm in Alarm.objects.filter(resolved_at__isnull=True).order_by("raised_at", "id"):
        alarms[alarm.kiosk_id].append(AlarmLine(alarm.id, alarm.kiosk_id, alarm.kind, alarm.detail, alarm.raised_at))
    heads: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for head in Head.objects.all():
        heads[head.kiosk_id][head.epoch] = (head.hwm_seq, head.claimed_seq)

    lines: list[KioskLine] = []
    for kiosk in kiosks:
        days = None if kiosk.last_heard_at is None else max(0, (now - kiosk.last_heard_at).days)
        line = KioskLine(
            kiosk.kiosk_id,
            kiosk.commune_code,
            kiosk.commune_name,
            kiosk.province_code,
            kiosk.province_name,
            kiosk.last_heard_at,
            days,
            alarms=alarms.get(kiosk.kiosk_id, []),
        )
        held_by_epoch: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for batch in open_batches.get(kiosk.kiosk_id, []):
            if batch.status == BatchStatus.HELD:
                line.held.append(_batch_line(batch))
                held_by_epoch[batch.epoch].append((batch.seq_from, batch.seq_to))
            else:
                line.quarantined.append(_batch_line(batch))
        epoch_heads = heads.get(kiosk.kiosk_id, {})
        for epoch in sorted(set(epoch_heads) | set(held_by_epoch)):
            hwm, claimed = epoch_heads.get(epoch, (0, 0))
            line.gaps.extend(missing_ranges(hwm, claimed, held_by_epoch.get(epoch, []), epoch))
        lines.append(line)

    choices = sorted({(k.province_code, k.province_name or k.province_code) for k in kiosks}, key=lambda c: (c[1], c[0]))
    shown = [line for line in lines if (not province or line.province_code == province) and (not only_problems or line.has_problems)]
    provinces: list[Province] = []
    for line in shown:
        if not provinces or provinces[-1].code != line.province_code:
            provinces.append(Province(line.province_code, line.province_name))
        communes = provinces[-1].communes
        if not communes or communes[-1].code != line.commune_code:
            communes.append(Commune(line.commune_code, line.commune_name))
        communes[-1].kiosks.append(line)

    unknown_quarantined = [
        _batch_line(b)
        for kiosk_id, batches in open_batches.items()
        if kiosk_id not in known
        for b in batches
        if b.status == BatchStatus.QUARANTINED
    ]
    unknown_alarms = [a for kiosk_id, found in alarms.items() if kiosk_id not in known for a in found]
    return FleetOverview(
        provinces=provinces,
        province_choices=choices,
        kiosk_count=len(lines),
        problem_count=sum(1 for line in lines if line.has_problems),
        shown_count=len(shown),
        unknown_quarantined=unknown_quarantined,
        unknown_alarms=unknown_alarms,
        refused=list(RefusedFile.objects.order_by("-refused_at", "-id")[:REFUSED_SHOWN]),
        refused_total=RefusedFile.objects.count(),
    )
