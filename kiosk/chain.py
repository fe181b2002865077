"""Verifying the kiosk's hash chain: every stored event, in order, linked and unaltered."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import canonical
from kiosk.i18n import _
from kiosk.storage.db import Store

GENESIS = "0" * 64
# Columns that repeat a field of the hashed body, checked against it.
_MIRRORED = {
    "kiosk_id": "kiosk_id",
    "epoch": "epoch",
    "seq": "seq",
    "uuid": "id",
    "receipt_code": "receipt_code",
    "consultation_code": "consultation",
    "channel": "channel",
    "created_at": "local_time",
    "row_key": "row_key",
}


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: tuple[int, int] | None = None  # (epoch, seq) of the first broken link
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(store: Store) -> ChainReport:
    """Walk the chain from its first event; name the first broken link and why."""
    prev_hash, prev_epoch, prev_seq, checked = GENESIS, None, 0, 0
    rows = store.db.query("SELECT * FROM events ORDER BY epoch, seq")
    for row in rows:
        where = (row["epoch"], row["seq"])
        expected_seq = prev_seq + 1 if row["epoch"] == prev_epoch else 1
        if row["seq"] != expected_seq:
            return ChainReport(checked, (row["epoch"], expected_seq), _("submission {seq} is missing").format(seq=expected_seq))
        line = row["body"].encode("utf-8")
        if canonical.event_hash(line) != row["hash"]:
            return ChainReport(checked, where, _("its content was changed after it was stored"))
        try:
            body = canonical.loads(line)
        except ValueError:
            return ChainReport(checked, where, _("its content is not readable"))
        if body.get("prev") != prev_hash:
            return ChainReport(checked, where, _("it does not follow the submission before it"))
        for column, field in _MIRRORED.items():
            if row[column] != body.get(field):
                return ChainReport(checked, where, _("its {column} column differs from its content").format(column=column))
        prev_hash, prev_epoch, prev_seq = row["hash"], row["epoch"], row["seq"]
        checked += 1
    head = store.query_one("SELECT * FROM chain_head")
    if head and (head["epoch"], head["seq"], head["hash"]) != (prev_epoch, prev_seq, prev_hash):
        return ChainReport(checked, (head["epoch"], head["seq"]), _("the newest submission is missing"))
    if head is None and checked:
        return ChainReport(checked, (prev_epoch, prev_seq), _("the record of the newest submission is missing"))
    return ChainReport(checked)
