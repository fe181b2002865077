"""Opening the kiosk database: durable pragmas, a health check, migrations."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import StoreError
from kiosk.i18n import _
from kiosk.storage import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

# A receipt is shown only after its row is durable: FULL makes a WAL commit
# survive power loss, not only a crash of the process (pitfalls.md §6).
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # Freed pages are zeroed, so nothing deleted lingers in the file.
    "PRAGMA secure_delete=ON",
    "PRAGMA busy_timeout=10000",
)


class Store:
    """One connection to the kiosk database, in autocommit mode.

    Writes go through :meth:`write`, which holds SQLite's write lock from the
    start of the transaction (BEGIN IMMEDIATE), so reading the chain head and
    appending to it cannot interleave with another writer.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils on this connection, for writes and schema work.

        Built on first use: the home screen only reads, and importing
        sqlite-utils costs 60 ms before the kiosk's first frame.
        """
        from sqlite_utils import Database

        # No sqlite-utils plugins: nothing installed beside the kiosk may hook its
        # connection, and looking for them scans every distribution (20 ms).
        return Database(self.conn, execute_plugins=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction: committed whole, or rolled back whole."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            # The error may already have ended the transaction (a failed
            # COMMIT); rolling back again would mask it.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        cursor = self.conn.execute(sql, params)
        columns = [column[0] for column in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    def query_one(self, sql: str, params: tuple | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db["settings"].upsert({"key": key, "value": value}, pk="key")

    def schema(self) -> str:
        return self.db.schema

    def close(self) -> None:
        self.conn.close()


def _connect(path: Path | None) -> sqlite3.Connection:
    target = str(path) if path else ":memory:"
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


def _check(conn: sqlite3.Connection, path: Path | None) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        result = str(error)
    if result != "ok":
        raise StoreError(
            _("The database {path} is damaged ({detail}). Ask the administrator to restore the last backup.").format(
                path=path, detail=result
            )
        )


def open_store(path: Path | None, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the database at ``path``; ``None`` opens one in memory.

    Raises :class:`StoreError` with one clear message when the file is not a
    database or fails ``PRAGMA quick_check``.
    """
    try:
        conn = _connect(path)
    except sqlite3.DatabaseError as error:
        raise StoreError(
            _("The database {path} is damaged ({detail}). Ask the administrator to restore the last backup.").format(
                path=path, detail=error
            )
        ) from error
    try:
        _check(conn, path)
        store = Store(conn, path)
        if migrate:
            if migrations.pending(conn):
                migrations.migration_set().apply(store.db)
            _ensure_identity(store)
    except BaseException:
        conn.close()
        raise
    return store


def _ensure_identity(store: Store) -> None:
    """Mint this database's identity on first open (never baked into an image)."""
    if store.query_one("SELECT 1 AS x FROM identity"):
        return
    import uuid  # only on a database's first open: its import costs 3 ms at every start

    with store.write() as db:
        db["identity"].insert({"id": 1, "kiosk_id": str(uuid.uuid4()), "epoch": 1, "db_uuid": str(uuid.uuid4())})
