"""Backups of the kiosk database, restoring one, and recovering from a damaged database at start.

Backups use SQLite's online backup API: a plain file copy of a live WAL
database can miss everything still in the -wal file (pitfalls.md §6). A
backup is written as a .partial file, synced, renamed, then opened and checked
before it counts. Restoring always starts a new epoch: the restored database
is behind what the centre may already hold, and (kiosk_id, epoch, seq) must
never name two submissions.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import audit
from kiosk.errors import StoreError, ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.identity import EpochChange, Reason, start_epoch
from kiosk.storage.db import Store, open_store

BACKUP_PREFIX = "gopy-backup-"
AUTOMATIC_EVERY = timedelta(hours=24)
AUTOMATIC_KEEP = 3


def backups_dir(home: Home) -> Path:
    return home.root / "backups"


def _verify(path: Path) -> dict:
    """The identity row of the backup at ``path``, after an integrity check; StoreError if it is not a good backup."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity_check failed")
            row = conn.execute("SELECT kiosk_id, epoch, db_uuid FROM identity").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(_("The backup {name} is damaged ({detail}).").format(name=path.name, detail=error)) from error
    if row is None:
        raise StoreError(_("{name} is not a backup of a kiosk.").format(name=path.name))
    return {"kiosk_id": row[0], "epoch": row[1], "db_uuid": row[2]}


def backup_to(store: Store, folder: Path, now: datetime, *, actor: str = "system") -> Path:
    """Write a checked backup of the live database into ``folder`` (a USB stick or the home folder)."""
    identity = store.query_one("SELECT kiosk_id FROM identity")
    name = f"{BACKUP_PREFIX}{identity['kiosk_id'][:8]}-{now:%Y%m%d-%H%M%S}.sqlite3"
    target = folder / name
    partial = folder / (name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        destination = sqlite3.connect(partial)
        try:
            store.conn.backup(destination)
            # One self-contained file: no -wal or -shm beside it on the stick.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
        _verify(target)
    except (OSError, sqlite3.Error, StoreError) as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise ValidationError(
            _("The backup could not be written to {folder} ({detail}). The stick may be full or removed; nothing was changed.").format(
                folder=folder, detail=error
            )
        ) from error
    audit.record(store, actor, "backup", str(target), now)
    return target


def automatic_backup(store: Store, home: Home, now: datetime) -> Path | None:
    """A daily backup in the home folder, keeping the newest few: what :func:`open_for_use` recovers from."""
    folder = backups_dir(home)
    existing = sorted(folder.glob(f"{BACKUP_PREFIX}*.sqlite3"))
    if existing and now.timestamp() - existing[-1].stat().st_mtime < AUTOMATIC_EVERY.total_seconds():
        return None
    path = backup_to(store, folder, now)
    for old in sorted(folder.glob(f"{BACKUP_PREFIX}*.sqlite3"))[:-AUTOMATIC_KEEP]:
        old.unlink()
    return path


def restore_from(store: Store, home: Home, backup: Path, now: datetime, *, actor: str) -> EpochChange | None:
    """Replace the live database's content with ``backup`` and start a new epoch."""
    found = _verify(backup)
    current = store.query_one("SELECT kiosk_id FROM identity")
    if found["kiosk_id"] != current["kiosk_id"]:
        raise ValidationError(_("{name} is a backup of another kiosk ({kiosk}).").format(name=backup.name, kiosk=found["kiosk_id"]))
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        source.backup(store.conn)  # all or nothing, under SQLite's own lock
    finally:
        source.close()
    change = start_epoch(store, home, Reason.RESTORED, clock=lambda: now)
    audit.record(store, actor, "restore", backup.name, now)
    return change


@dataclass(frozen=True)
class Recovery:
    """What happened when a damaged database was replaced by its last good backup."""

    damaged_copy: Path
    backup: Path
    epoch_change: EpochChange | None

    def message(self) -> str:
        return _(
            "The database was damaged. The last good backup ({backup}) was restored and a new epoch started; "
            "feedback given after that backup may be missing. The damaged file is kept as {damaged}."
        ).format(backup=self.backup.name, damaged=self.damaged_copy.name)


def open_for_use(home: Home, now: datetime) -> tuple[Store, Recovery | None]:
    """Open the kiosk database; if it is damaged, keep it aside and restore the newest good backup.

    Raises StoreError when the database is damaged and no good backup exists.
    """
    home.ensure()
    try:
        return open_store(home.database), None
    except StoreError:
        candidates = sorted(backups_dir(home).glob(f"{BACKUP_PREFIX}*.sqlite3"), reverse=True)
        good = next((path for path in candidates if _is_good(path)), None)
        if good is None:
            raise
    damaged = home.database.with_name(f"{home.database.name}.damaged-{now:%Y%m%d-%H%M%S}")
    os.replace(home.database, damaged)
    for suffix in ("-wal", "-shm"):
        side = home.database.with_name(home.database.name + suffix)
        if side.exists():
            os.replace(side, damaged.with_name(damaged.name + suffix))
    target = sqlite3.connect(home.database)
    try:
        source = sqlite3.connect(f"file:{good}?mode=ro", uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
    finally:
        target.close()
    store = open_store(home.database)
    change = start_epoch(store, home, Reason.RESTORED, clock=lambda: now)
    recovery = Recovery(damaged, good, change)
    audit.record(store, "system", "recover", good.name, now)
    store.set_setting("admin_alert", recovery.message())
    return store, recovery


def _is_good(path: Path) -> bool:
    try:
        _verify(path)
    except StoreError:
        return False
    return True
