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
from kiosk.i18n import _
from kiosk.storage.db import Store

# A detail written with :func:`detail`: the English message (marked with N_ where it is written) and its
# values, kept as data so the log reads in whatever language the administrator reads it in.
_MESSAGE_KEY = "message"


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


def detail(message: str, **values: object) -> str:
    """An entry's detail kept as data: ``message`` (an N_-marked msgid with ``{name}`` fields) and its values."""
    return canonical.dumps({_MESSAGE_KEY: message, **values}).decode("utf-8")


def detail_text(stored: str) -> str:
    """The detail in the current language; a detail written as plain text (a file name, an older entry) as it is."""
    if not stored.startswith("{"):
        return stored
    try:
        data = canonical.loads(stored)
        return _(data.pop(_MESSAGE_KEY)).format(**data)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError):
        return stored


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
