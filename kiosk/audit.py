"""The audit log: every privileged action, hash-chained like the submissions.

Sign-in, failed sign-in, reprint, export, import, account change, backup,
restore, kiosk exit. Editing or deleting an entry breaks the chain, and
:func:`verify_audit` names the first broken entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.storage.db import Store


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    detail: str


def record(store: Store, actor: str, action: str, detail: str, now: datetime) -> None:
    """Append one entry. Call inside ``store.write()`` to make it part of the action's transaction."""
    if not store.conn.in_transaction:
        with store.write():
            record(store, actor, action, detail, now)
        return
    last = store.query_one("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
    seq = last["seq"] + 1 if last else 1
    prev = last["hash"] if last else GENESIS
    at = now.isoformat(timespec="seconds")
    line = canonical.dumps({"seq": seq, "at": at, "actor": actor, "action": action, "detail": detail, "prev": prev})
    store.conn.execute(
        "INSERT INTO audit_events (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, detail, prev, canonical.event_hash(line)),
    )


def entries(store: Store, limit: int = 200) -> list[AuditEntry]:
    rows = store.query("SELECT seq, at, actor, action, detail FROM audit_events ORDER BY seq DESC LIMIT ?", (limit,))
    return [AuditEntry(**row) for row in rows]


def verify_audit(store: Store) -> int | None:
    """The seq of the first entry that was changed, removed or reordered; ``None`` if intact."""
    prev, expected = GENESIS, 1
    for row in store.query("SELECT * FROM audit_events ORDER BY seq"):
        line = canonical.dumps(
            {"seq": row["seq"], "at": row["at"], "actor": row["actor"], "action": row["action"], "detail": row["detail"], "prev": prev}
        )
        if row["seq"] != expected or row["prev_hash"] != prev or canonical.event_hash(line) != row["hash"]:
            return expected
        prev, expected = row["hash"], expected + 1
    return None
