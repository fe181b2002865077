"""Who this kiosk's database is: epochs for restored or cloned databases, and trust in its own clock.

(kiosk_id, epoch, seq) must never name two different submissions. A database
restored from a backup, copied to another machine, or recreated by a
reinstall would reuse sequence numbers the centre already holds, so the
kiosk keeps a sidecar file in its home folder, outside the database, with the
identity and chain head it last saw. When the database is behind that file
(or is another database altogether) the kiosk starts a new epoch: the first
event of the epoch, ``epoch.start``, names the last head the kiosk knew and
the head the database actually has, so the centre can see exactly which
range was lost (notes/sync.md §3.1; Kolibri's new DatabaseID on restore).

Call :func:`startup_check` wherever the kiosk database is opened for use.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import canonical
from kiosk.chain import GENESIS
from kiosk.clock import Clock, system_clock
from kiosk.durable import write_atomically
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.storage.db import Store

SIDECAR_FILE = "identity.json"
SIDECAR_FORMAT = "gopy-identity/1"
EPOCH_START = "epoch.start"
EVENT_VERSION = 1
# A clock this far behind the newest stored submission is treated as wrong.
_CLOCK_TOLERANCE = timedelta(minutes=5)


class Reason:
    """Why a new epoch started; written into the ``epoch.start`` event."""

    RESTORED = "restored"  # the database is behind the head the kiosk last saw
    DIVERGED = "diverged"  # the database holds other content at a position the kiosk saw
    OTHER_DATABASE = "other_database"  # another database file: a reinstall or a copy
    SIDECAR_DAMAGED = "sidecar_damaged"  # the record outside the database is unreadable
    BEHIND_CENTRE = "behind_centre"  # the centre acknowledged more than this database holds
    FORKED_AT_CENTRE = "forked_at_centre"  # the centre holds other content at one of our positions


@dataclass(frozen=True)
class Head:
    epoch: int
    seq: int
    hash: str

    def as_dict(self) -> dict:
        return {"epoch": self.epoch, "seq": self.seq, "hash": self.hash}


@dataclass(frozen=True)
class EpochChange:
    """A new epoch was started."""

    kiosk_id: str
    old_epoch: int
    new_epoch: int
    reason: str
    last_known: Head | None  # the head recorded outside the database
    database_head: Head | None  # the head the database had

    def message(self) -> str:
        return _(
            "This kiosk's database was restored, copied or replaced, so it now starts epoch {epoch} (reason: {reason}). "
            "Nothing is lost; the centre will link the epochs."
        ).format(epoch=self.new_epoch, reason=self.reason)


def sidecar_path(home: Home) -> Path:
    return home.root / SIDECAR_FILE


def _database_head(store: Store) -> Head | None:
    row = store.query_one("SELECT epoch, seq, hash FROM chain_head")
    return Head(row["epoch"], row["seq"], row["hash"]) if row else None


def _read_sidecar(home: Home) -> dict | bool | None:
    """The sidecar's content, ``None`` when there is none, ``False`` when it is unreadable."""
    path = sidecar_path(home)
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != SIDECAR_FORMAT:
            return False
        head = data.get("head")
        data["head"] = Head(int(head["epoch"]), int(head["seq"]), str(head["hash"])) if head else None
        data["epoch"] = int(data["epoch"])
        return data
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _write_sidecar(home: Home, identity: dict, head: Head | None) -> None:
    """Replace the sidecar atomically: a crash leaves the old one or the new one."""
    path = sidecar_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "format": SIDECAR_FORMAT,
        "kiosk_id": identity["kiosk_id"],
        "epoch": identity["epoch"],
        "db_uuid": identity["db_uuid"],
        "head": head.as_dict() if head else None,
    }
    write_atomically(path, canonical.dumps(record) + b"\n")


def _divergence(store: Store, identity: dict, head: Head | None, side: dict | bool) -> str | None:
    """Why the database cannot continue its epoch, or ``None`` when it can."""
    if side is False:
        return Reason.SIDECAR_DAMAGED
    if side["kiosk_id"] != identity["kiosk_id"] or side["db_uuid"] != identity["db_uuid"]:
        return Reason.OTHER_DATABASE
    if identity["epoch"] < side["epoch"]:
        return Reason.RESTORED
    seen = side["head"]
    if identity["epoch"] > side["epoch"] or seen is None:
        return None  # the sidecar lags behind (a crash after the epoch began): the database is ahead
    if head is None or (head.epoch, head.seq) < (seen.epoch, seen.seq):
        return Reason.RESTORED
    row = store.query_one(
        "SELECT hash FROM events WHERE kiosk_id = ? AND epoch = ? AND seq = ?", (identity["kiosk_id"], seen.epoch, seen.seq)
    )
    if row is None or row["hash"] != seen.hash:
        return Reason.DIVERGED
    return None


def check_epoch(store: Store, home: Home, clock: Clock | None = None) -> EpochChange | None:
    """Compare the database with the sidecar; start a new epoch when it is behind or another one.

    An unenrolled kiosk has nothing the centre knows, so it is left alone.
    When the database is consistent with the sidecar, the sidecar is moved
    up to the database's head.
    """
    identity = store.query_one("SELECT * FROM identity")
    if identity is None or not identity.get("enrolled_at"):
        return None
    head = _database_head(store)
    side = _read_sidecar(home)
    if side is None:
        _write_sidecar(home, identity, head)
        return None
    reason = _divergence(store, identity, head, side)
    if reason is None:
        if side is not False and (side["epoch"], side["head"]) != (identity["epoch"], head):
            _write_sidecar(home, identity, head)
        return None
    return start_epoch(store, home, reason, clock=clock, expected=identity)


def start_epoch(store: Store, home: Home, reason: str, *, clock: Clock | None = None, expected: dict | None = None) -> EpochChange | None:
    """Begin a new epoch with its ``epoch.start`` event, in one transaction, then record it outside the database.

    The new epoch is above both the database's and the sidecar's, and the
    database gets a new ``db_uuid``, so two copies of one database part ways
    for good. The event names the last head the sidecar recorded and the head
    the database has. Returns ``None`` when another process changed the
    identity first (``expected`` no longer matches): it did the work.
    """
    import uuid  # only when an epoch starts: its import costs 3 ms at every start

    side = _read_sidecar(home)
    now = (clock or system_clock(store.setting("timezone") or "Asia/Ho_Chi_Minh"))()
    with store.write() as db:
        identity = store.query_one("SELECT * FROM identity")
        if expected is not None and (identity["epoch"], identity["db_uuid"]) != (expected["epoch"], expected["db_uuid"]):
            return None
        head = _database_head(store)
        same_kiosk = bool(side) and side["kiosk_id"] == identity["kiosk_id"]
        last_known = side["head"] if same_kiosk else None
        new_epoch = max(identity["epoch"], side["epoch"] if same_kiosk else 0) + 1
        body = {
            "v": EVENT_VERSION,
            "type": EPOCH_START,
            "kiosk_id": identity["kiosk_id"],
            "epoch": new_epoch,
            "seq": 1,
            "id": str(uuid.uuid4()),
            "local_time": now.isoformat(timespec="seconds"),
            "clock_state": _clock_state(store, now),
            "prev": head.hash if head else GENESIS,
            "reason": reason,
            "last_known": last_known.as_dict() if last_known else None,
            "database_head": head.as_dict() if head else None,
            "previous_db_uuid": identity["db_uuid"],
        }
        line = canonical.dumps(body)
        digest = canonical.event_hash(line)
        db.execute(
            "INSERT INTO events (kiosk_id, epoch, seq, kind, uuid, created_at, body, hash) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
            [identity["kiosk_id"], new_epoch, EPOCH_START, body["id"], body["local_time"], line.decode("utf-8"), digest],
        )
        db.execute(
            "INSERT INTO chain_head (id, epoch, seq, hash) VALUES (1, ?, 1, ?)"
            " ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, hash = excluded.hash",
            [new_epoch, digest],
        )
        db.execute("UPDATE identity SET epoch = ?, db_uuid = ?", [new_epoch, str(uuid.uuid4())])
        updated = store.query_one("SELECT * FROM identity")
    _write_sidecar(home, updated, Head(new_epoch, 1, digest))
    return EpochChange(identity["kiosk_id"], identity["epoch"], new_epoch, reason, last_known, head)


def reset_stale_exports(store: Store) -> int:
    """Mark export jobs left ``running`` by a process that no longer exists as failed; returns how many.

    The batch such a job was writing may or may not be on the stick; its
    submissions were never marked as exported, so the next export carries them.
    """
    stale = [row["id"] for row in store.query("SELECT id, pid FROM export_jobs WHERE state = 'running'") if not _alive(row["pid"])]
    if stale:
        with store.write() as db:
            for job in stale:
                db.execute(
                    "UPDATE export_jobs SET state = 'failed', detail = 'interrupted' WHERE id = ? AND state = 'running'",
                    [job],
                )
    return len(stale)


def _alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False  # this process is only starting: its own jobs cannot be running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def startup_check(store: Store, home: Home, clock: Clock | None = None) -> EpochChange | None:
    """What to run whenever the kiosk database is opened for use: stale exports, then the epoch."""
    reset_stale_exports(store)
    return check_epoch(store, home, clock)


# ---------------------------------------------------------------- the clock


def _time_floor(store: Store) -> datetime | None:
    row = store.query_one("SELECT value FROM sync_state WHERE key = 'time_floor'")
    if not row or not row["value"]:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(row["value"])
    return None


def _clock_state(store: Store, now: datetime) -> str:
    floor = _time_floor(store)
    return "suspect" if floor is not None and now < floor else "ok"


def clock_warning(store: Store, now: datetime) -> str | None:
    """A warning for the administrator when this kiosk's clock cannot be right, else ``None``.

    The clock is wrong when it is earlier than the newest package from the
    centre that was applied here, or well before the newest stored
    submission. Feedback is still accepted (marked "clock suspect"); only
    the administrator is told to set the clock.
    """
    floor = _time_floor(store)
    if floor is not None and now < floor:
        return _(
            "The kiosk's clock says {now}, which is earlier than the centre's last package ({floor}). "
            "Set the date and time in the system settings; feedback is still accepted and marked “clock suspect”."
        ).format(now=now.strftime("%d/%m/%Y %H:%M"), floor=floor.strftime("%d/%m/%Y %H:%M"))
    row = store.query_one("SELECT created_at FROM events ORDER BY epoch DESC, seq DESC LIMIT 1")
    if row:
        with contextlib.suppress(ValueError):
            newest = datetime.fromisoformat(row["created_at"])
            if now < newest - _CLOCK_TOLERANCE:
                return _(
                    "The kiosk's clock says {now}, which is earlier than the newest stored feedback ({newest}). "
                    "Set the date and time in the system settings; feedback is still accepted and marked “clock suspect”."
                ).format(now=now.strftime("%d/%m/%Y %H:%M"), newest=newest.strftime("%d/%m/%Y %H:%M"))
    return None
