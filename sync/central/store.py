"""The centre's store: SQLite by default, behind this module so another backend can follow.

The commands reach the centre's data through :class:`CentreBackend`: every
query the ingest, the status, the reports and the packages need is one of
its methods, so a PostgreSQL backend implements that protocol and nothing
else changes. Uniqueness is enforced by constraints, never by checking
first: a violated constraint surfaces as :class:`Conflict`, and the caller
compares what is stored (notes/sync.md §3.5, kobocat#470).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlite_utils import Database, Migrations

from kiosk.storage.db import Store, open_store

if TYPE_CHECKING:
    from sync.batches import EventLine

migrations = Migrations("gopy-central")


@migrations(name="c001_create_centre")
def c001_create_centre(db: Database) -> None:
    """Enrolled kiosks, published consultations and their draft versions, packages issued."""
    for statement in (
        """CREATE TABLE kiosks (
            kiosk_id TEXT PRIMARY KEY,
            commune_code TEXT NOT NULL,
            commune_name TEXT NOT NULL,
            enrolled_at TEXT NOT NULL,
            public_key TEXT,          -- bound on the kiosk's first batch
            key_id TEXT
        )""",
        """CREATE TABLE consultations (
            code TEXT PRIMARY KEY,
            spec TEXT NOT NULL,       -- canonical JSON: title, agency, summary, dates, questions
            draft_version INTEGER
        )""",
        """CREATE TABLE drafts (
            consultation_code TEXT NOT NULL REFERENCES consultations(code),
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,     -- of the canonical tree: republishing the same text is no new version
            title TEXT NOT NULL,
            tree TEXT NOT NULL,       -- canonical JSON list of nodes
            PRIMARY KEY (consultation_code, version)
        )""",
        """CREATE TABLE packages (
            kiosk_id TEXT NOT NULL REFERENCES kiosks(kiosk_id),
            package_seq INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            PRIMARY KEY (kiosk_id, package_seq)
        )""",
    ):
        db.execute(statement)


@migrations(name="c002_batches")
def c002_batches(db: Database) -> None:
    """Batches from kiosks, their events, per-epoch heads, bound kiosk keys, alarms and the agency's responses."""
    for statement in (
        """CREATE TABLE kiosk_keys (
            kiosk_id TEXT NOT NULL REFERENCES kiosks(kiosk_id),
            epoch INTEGER NOT NULL,      -- each epoch of a kiosk signs with its own key
            key_id TEXT NOT NULL,
            public_key TEXT NOT NULL,
            bound_at TEXT NOT NULL,
            revoked_epoch INTEGER,       -- revoked for this position and every later one
            revoked_from_seq INTEGER,
            revoked_at TEXT,
            PRIMARY KEY (kiosk_id, epoch),
            UNIQUE (kiosk_id, key_id)
        )""",
        """CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            file_sha256 TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            batch_seq INTEGER NOT NULL,
            seq_from INTEGER NOT NULL,
            seq_to INTEGER NOT NULL,
            signing_key_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('applied', 'duplicate', 'held', 'quarantined')),
            reason TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            new_events INTEGER NOT NULL DEFAULT 0,
            -- Central times that bracket the kiosk's time of each event this batch added
            -- (notes/sync.md §3.8): no earlier than t_floor, no later than received_at.
            t_floor TEXT,
            manifest TEXT NOT NULL,      -- the signed bytes
            events BLOB                  -- kept while the batch is held or quarantined
        )""",
        "CREATE INDEX batches_by_kiosk ON batches (kiosk_id, epoch, status)",
        """CREATE TABLE events (
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL,
            kind TEXT NOT NULL,
            uuid TEXT UNIQUE,
            receipt_code TEXT UNIQUE,
            consultation_code TEXT,
            channel TEXT,
            local_time TEXT,
            clock_state TEXT,
            batch_id INTEGER NOT NULL REFERENCES batches(id),  -- the first batch that carried it
            body TEXT NOT NULL,          -- the kiosk's bytes, as hashed
            PRIMARY KEY (kiosk_id, epoch, seq)
        )""",
        "CREATE INDEX events_by_consultation ON events (consultation_code, kind)",
        """CREATE TABLE heads (
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            hwm_seq INTEGER NOT NULL DEFAULT 0,   -- every event 1..hwm_seq is stored
            head_hash TEXT,
            t_floor TEXT,                -- no event above hwm_seq can be older than this central time
            claimed_seq INTEGER NOT NULL DEFAULT 0,  -- how far the kiosk said this epoch went
            PRIMARY KEY (kiosk_id, epoch)
        )""",
        """CREATE TABLE alarms (
            id INTEGER PRIMARY KEY,
            raised_at TEXT NOT NULL,
            kiosk_id TEXT NOT NULL,
            epoch INTEGER,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL,
            batch_id INTEGER REFERENCES batches(id)
        )""",
        """CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            consultation_code TEXT NOT NULL,
            receipt_code TEXT,           -- a response to one submission
            legal_key TEXT,              -- or to an article, for everyone who commented on it
            kiosk_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'partly_accepted', 'not_accepted', 'explained')),
            text TEXT NOT NULL DEFAULT '',
            loaded_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX responses_by_receipt ON responses (receipt_code) WHERE receipt_code IS NOT NULL",
        "CREATE UNIQUE INDEX responses_by_article ON responses (consultation_code, legal_key) WHERE receipt_code IS NULL",
        "ALTER TABLE kiosks ADD COLUMN last_ack_seen TEXT",
    ):
        db.execute(statement)


@migrations(name="c003_ideas")
def c003_ideas(db: Database) -> None:
    """The ideas of ideas calls and the supports they received, indexed from the submission events as they are stored."""
    for statement in (
        """CREATE TABLE ideas (
            id TEXT PRIMARY KEY,         -- "<submission uuid>/<n>"
            consultation_code TEXT NOT NULL,
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            category TEXT NOT NULL,
            hamlet TEXT NOT NULL,
            problem TEXT NOT NULL,
            proposal TEXT NOT NULL
        )""",
        "CREATE INDEX ideas_by_consultation ON ideas (consultation_code, category, hamlet)",
        """CREATE TABLE supports (
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            idea_id TEXT NOT NULL,
            consultation_code TEXT NOT NULL,
            PRIMARY KEY (kiosk_id, epoch, seq, idea_id)
        )""",
        "CREATE INDEX supports_by_idea ON supports (idea_id)",
    ):
        db.execute(statement)
    rows = db.execute("SELECT kiosk_id, epoch, seq, consultation_code, body FROM events WHERE kind = 'submission'").fetchall()
    for kiosk_id, epoch, seq, consultation, body in rows:
        _index_ideas(db.conn, kiosk_id, epoch, seq, consultation, body)


def _index_ideas(conn: sqlite3.Connection, kiosk_id: str, epoch: int, seq: int, consultation: str | None, text: str) -> None:
    """The ideas and supports of one submission, into their tables. A field of the wrong type is skipped, never trusted."""
    if '"ideas":' not in text and '"supports":' not in text:
        return  # most events: no parse at all
    try:
        body = json.loads(text)
    except ValueError:
        return
    if not isinstance(consultation, str):
        return
    ideas = body.get("ideas")
    for idea in ideas if isinstance(ideas, list) else []:
        if not isinstance(idea, dict) or not isinstance(idea.get("id"), str):
            continue
        fields = [str(idea.get(name) or "") for name in ("category", "hamlet", "problem", "proposal")]
        conn.execute(
            "INSERT OR IGNORE INTO ideas (id, consultation_code, kiosk_id, epoch, seq, category, hamlet, problem, proposal)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [idea["id"], consultation, kiosk_id, epoch, seq, *fields],
        )
    supports = body.get("supports")
    for idea_id in supports if isinstance(supports, list) else []:
        if isinstance(idea_id, str):
            conn.execute(
                "INSERT OR IGNORE INTO supports (kiosk_id, epoch, seq, idea_id, consultation_code) VALUES (?, ?, ?, ?, ?)",
                [kiosk_id, epoch, seq, idea_id, consultation],
            )


def open_centre(home: Path) -> Store:
    """The centre's database in ``home`` (created and migrated as needed)."""
    home.mkdir(parents=True, exist_ok=True)
    store = open_store(home / "centre.sqlite3", migrate=False)
    try:
        migrations.apply(store.db)
    except sqlite3.DatabaseError:
        store.close()
        raise
    return store


# ---------------------------------------------------------------- the interface


class Conflict(Exception):
    """A UNIQUE constraint refused a row: something with that key is already stored."""


@dataclass(frozen=True)
class BoundKey:
    kiosk_id: str
    epoch: int
    key_id: str
    public_key: str
    revoked_epoch: int | None = None
    revoked_from_seq: int | None = None

    def revoked_for(self, epoch: int, seq: int) -> bool:
        """Whether a signature by this key over position (epoch, seq) is no longer valid."""
        if self.revoked_epoch is None:
            return False
        return (epoch, seq) >= (self.revoked_epoch, self.revoked_from_seq or 1)


@dataclass(frozen=True)
class Head:
    kiosk_id: str
    epoch: int
    hwm_seq: int
    head_hash: str | None
    t_floor: str | None
    claimed_seq: int


class CentreBackend(Protocol):
    """Everything the centre's commands ask of its storage."""

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...
    def close(self) -> None: ...

    # kiosks and keys
    def kiosk(self, kiosk_id: str) -> dict[str, Any] | None: ...
    def kiosks(self) -> list[dict[str, Any]]: ...
    def keys(self, kiosk_id: str) -> dict[int, BoundKey]: ...
    def bind_key(self, key: BoundKey, now: str) -> None: ...
    def revoke_key(self, kiosk_id: str, key_id: str, epoch: int, from_seq: int, now: str) -> bool: ...
    def note_ack_seen(self, kiosk_id: str, ack_seen: str | None) -> None: ...

    # batches, events, heads
    def batch_by_file(self, file_sha256: str) -> dict[str, Any] | None: ...
    def add_batch(self, record: dict[str, Any]) -> int: ...
    def update_batch(
        self,
        batch_id: int,
        status: str,
        *,
        reason: str = "",
        detail: str = "",
        new_events: int = 0,
        events: bytes | None = None,
        t_floor: str | None = None,
    ) -> None: ...
    def held_batches(self, kiosk_id: str, epoch: int) -> list[dict[str, Any]]: ...
    def batches(self, kiosk_id: str | None = None) -> list[dict[str, Any]]: ...
    def head(self, kiosk_id: str, epoch: int) -> Head | None: ...
    def heads(self, kiosk_id: str) -> list[Head]: ...
    def save_head(self, head: Head) -> None: ...
    def event_hashes(self, kiosk_id: str, epoch: int, seq_from: int, seq_to: int) -> dict[int, str]: ...
    def insert_events(self, kiosk_id: str, epoch: int, batch_id: int, events: Sequence[EventLine]) -> None: ...
    def epoch_starts(self, kiosk_id: str) -> list[dict[str, Any]]: ...
    def package_issued_at(self, kiosk_id: str, package_seq: int) -> str | None: ...
    def raise_alarm(self, kiosk_id: str, epoch: int | None, kind: str, detail: str, batch_id: int | None, now: str) -> None: ...
    def alarms(self) -> list[dict[str, Any]]: ...

    # reports and responses
    def consultation(self, code: str) -> dict[str, Any] | None: ...
    def consultation_specs(self) -> list[dict[str, Any]]: ...
    def drafts(self, code: str) -> list[dict[str, Any]]: ...
    def submissions(self, code: str) -> Iterator[dict[str, Any]]: ...
    def ideas(self, code: str) -> list[dict[str, Any]]: ...
    def idea(self, idea_id: str) -> dict[str, Any] | None: ...
    def submission_count(self, code: str) -> int: ...
    def submission_by_receipt(self, receipt_code: str) -> dict[str, Any] | None: ...
    def put_response(self, response: dict[str, Any]) -> None: ...
    def responses_for_kiosk(self, kiosk_id: str) -> list[dict[str, Any]]: ...


# ---------------------------------------------------------------- SQLite


class SqliteCentre:
    """The centre's data in one SQLite file (WAL, synchronous=FULL), through :class:`CentreBackend`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, home: Path) -> SqliteCentre:
        return cls(open_centre(home))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> SqliteCentre:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.store.write():
            yield

    def _insert(self, sql: str, params: Iterable[Any]) -> int:
        try:
            return self.store.conn.execute(sql, list(params)).lastrowid
        except sqlite3.IntegrityError as error:
            raise Conflict(str(error)) from error

    # -- kiosks and keys

    def kiosk(self, kiosk_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))

    def kiosks(self) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM kiosks ORDER BY kiosk_id")

    def keys(self, kiosk_id: str) -> dict[int, BoundKey]:
        rows = self.store.query(
            "SELECT kiosk_id, epoch, key_id, public_key, revoked_epoch, revoked_from_seq FROM kiosk_keys WHERE kiosk_id = ? ORDER BY epoch",
            (kiosk_id,),
        )
        return {row["epoch"]: BoundKey(**row) for row in rows}

    def bind_key(self, key: BoundKey, now: str) -> None:
        self._insert(
            "INSERT INTO kiosk_keys (kiosk_id, epoch, key_id, public_key, bound_at) VALUES (?, ?, ?, ?, ?)",
            (key.kiosk_id, key.epoch, key.key_id, key.public_key, now),
        )
        if key.epoch == 1:
            self.store.conn.execute(
                "UPDATE kiosks SET public_key = ?, key_id = ? WHERE kiosk_id = ?", [key.public_key, key.key_id, key.kiosk_id]
            )

    def revoke_key(self, kiosk_id: str, key_id: str, epoch: int, from_seq: int, now: str) -> bool:
        cursor = self.store.conn.execute(
            "UPDATE kiosk_keys SET revoked_epoch = ?, revoked_from_seq = ?, revoked_at = ? WHERE kiosk_id = ? AND key_id = ?",
            [epoch, from_seq, now, kiosk_id, key_id],
        )
        return cursor.rowcount == 1

    def note_ack_seen(self, kiosk_id: str, ack_seen: str | None) -> None:
        self.store.conn.execute("UPDATE kiosks SET last_ack_seen = ? WHERE kiosk_id = ?", [ack_seen, kiosk_id])

    # -- batches, events, heads

    def batch_by_file(self, file_sha256: str) -> dict[str, Any] | None:
        return self.store.query_one(
            "SELECT id, file_name, kiosk_id, epoch, batch_seq, seq_from, seq_to, status, reason, detail, signing_key_id"
            " FROM batches WHERE file_sha256 = ?",
            (file_sha256,),
        )

    def add_batch(self, record: dict[str, Any]) -> int:
        columns = list(record)
        return self._insert(
            f"INSERT INTO batches ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", (record[c] for c in columns)
        )

    def update_batch(
        self,
        batch_id: int,
        status: str,
        *,
        reason: str = "",
        detail: str = "",
        new_events: int = 0,
        events: bytes | None = None,
        t_floor: str | None = None,
    ) -> None:
        self.store.conn.execute(
            "UPDATE batches SET status = ?, reason = ?, detail = ?, new_events = ?, events = ?, t_floor = ? WHERE id = ?",
            [status, reason, detail, new_events, events, t_floor, batch_id],
        )

    def held_batches(self, kiosk_id: str, epoch: int) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT id, file_name, seq_from, seq_to, manifest, events, signing_key_id FROM batches"
            " WHERE kiosk_id = ? AND epoch = ? AND status = 'held' ORDER BY seq_from, id",
            (kiosk_id, epoch),
        )

    def batches(self, kiosk_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE kiosk_id = ?", (kiosk_id,)) if kiosk_id else ("", ())
        return self.store.query(
            "SELECT id, file_name, kiosk_id, epoch, batch_seq, seq_from, seq_to, received_at, status, reason, detail, new_events,"
            f" signing_key_id FROM batches {where} ORDER BY id",
            params,
        )

    def head(self, kiosk_id: str, epoch: int) -> Head | None:
        row = self.store.query_one("SELECT * FROM heads WHERE kiosk_id = ? AND epoch = ?", (kiosk_id, epoch))
        return Head(**row) if row else None

    def heads(self, kiosk_id: str) -> list[Head]:
        return [Head(**row) for row in self.store.query("SELECT * FROM heads WHERE kiosk_id = ? ORDER BY epoch", (kiosk_id,))]

    def save_head(self, head: Head) -> None:
        self.store.conn.execute(
            "INSERT INTO heads (kiosk_id, epoch, hwm_seq, head_hash, t_floor, claimed_seq) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kiosk_id, epoch) DO UPDATE SET hwm_seq = excluded.hwm_seq, head_hash = excluded.head_hash,"
            " t_floor = excluded.t_floor, claimed_seq = excluded.claimed_seq",
            [head.kiosk_id, head.epoch, head.hwm_seq, head.head_hash, head.t_floor, head.claimed_seq],
        )

    def event_hashes(self, kiosk_id: str, epoch: int, seq_from: int, seq_to: int) -> dict[int, str]:
        rows = self.store.conn.execute(
            "SELECT seq, hash FROM events WHERE kiosk_id = ? AND epoch = ? AND seq BETWEEN ? AND ?", [kiosk_id, epoch, seq_from, seq_to]
        )
        return dict(rows.fetchall())

    def insert_events(self, kiosk_id: str, epoch: int, batch_id: int, events: Sequence[EventLine]) -> None:
        """Plain INSERTs: a position, submission id or receipt code already stored raises :class:`Conflict`."""
        prefix = (kiosk_id, epoch, batch_id)
        try:
            self.store.conn.executemany(
                "INSERT INTO events (kiosk_id, epoch, batch_id, seq, hash, body, kind, uuid, receipt_code, consultation_code, channel,"
                " local_time, clock_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                map(prefix.__add__, events),  # EventLine's fields are in the column order after batch_id
            )
        except sqlite3.IntegrityError as error:
            raise Conflict(str(error)) from error
        for event in events:
            if event.kind == "submission":
                _index_ideas(self.store.conn, kiosk_id, epoch, event.seq, event.consultation, event.text)

    def epoch_starts(self, kiosk_id: str) -> list[dict[str, Any]]:
        return self.store.query("SELECT epoch, body FROM events WHERE kiosk_id = ? AND kind = 'epoch.start' ORDER BY epoch", (kiosk_id,))

    def package_issued_at(self, kiosk_id: str, package_seq: int) -> str | None:
        row = self.store.query_one("SELECT issued_at FROM packages WHERE kiosk_id = ? AND package_seq = ?", (kiosk_id, package_seq))
        return row["issued_at"] if row else None

    def raise_alarm(self, kiosk_id: str, epoch: int | None, kind: str, detail: str, batch_id: int | None, now: str) -> None:
        self.store.conn.execute(
            "INSERT INTO alarms (raised_at, kiosk_id, epoch, kind, detail, batch_id) VALUES (?, ?, ?, ?, ?, ?)",
            [now, kiosk_id, epoch, kind, detail, batch_id],
        )

    def alarms(self) -> list[dict[str, Any]]:
        return self.store.query("SELECT * FROM alarms ORDER BY id")

    # -- reports and responses

    def consultation(self, code: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM consultations WHERE code = ?", (code,))

    def consultation_specs(self) -> list[dict[str, Any]]:
        return self.store.query("SELECT code, spec FROM consultations ORDER BY code")

    def drafts(self, code: str) -> list[dict[str, Any]]:
        return self.store.query("SELECT version, title, tree FROM drafts WHERE consultation_code = ? ORDER BY version", (code,))

    def submissions(self, code: str) -> Iterator[dict[str, Any]]:
        # time_flag: where the kiosk's time falls against the central times that bracket it.
        cursor = self.store.conn.execute(
            "SELECT e.kiosk_id, e.epoch, e.seq, e.batch_id, e.receipt_code, e.channel, e.local_time, e.clock_state, e.body,"
            " CASE WHEN julianday(e.local_time) IS NULL THEN 'unreadable'"
            " WHEN julianday(e.local_time) > julianday(b.received_at) THEN 'after_receipt'"
            " WHEN julianday(e.local_time) < julianday(b.t_floor) THEN 'before_floor' END AS time_flag"
            " FROM events e JOIN batches b ON b.id = e.batch_id"
            " WHERE e.consultation_code = ? AND e.kind = 'submission' ORDER BY e.kiosk_id, e.epoch, e.seq",
            [code],
        )
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def ideas(self, code: str) -> list[dict[str, Any]]:
        """The ideas of an ideas call in the order they arrived, each with its support count and the receipt that put it forward."""
        return self.store.query(
            "SELECT i.*, k.commune_name, e.receipt_code, e.channel, e.local_time, e.body,"
            " (SELECT count(*) FROM supports s WHERE s.idea_id = i.id AND s.consultation_code = i.consultation_code) AS supports"
            " FROM ideas i JOIN events e ON e.kiosk_id = i.kiosk_id AND e.epoch = i.epoch AND e.seq = i.seq"
            " LEFT JOIN kiosks k ON k.kiosk_id = i.kiosk_id"
            " WHERE i.consultation_code = ? ORDER BY e.batch_id, i.kiosk_id, i.epoch, i.seq, i.id",
            (code,),
        )

    def idea(self, idea_id: str) -> dict[str, Any] | None:
        return self.store.query_one("SELECT * FROM ideas WHERE id = ?", (idea_id,))

    def submission_count(self, code: str) -> int:
        row = self.store.query_one("SELECT count(*) AS n FROM events WHERE consultation_code = ? AND kind = 'submission'", (code,))
        return row["n"]

    def submission_by_receipt(self, receipt_code: str) -> dict[str, Any] | None:
        return self.store.query_one(
            "SELECT kiosk_id, epoch, seq, consultation_code FROM events WHERE receipt_code = ? AND kind = 'submission'", (receipt_code,)
        )

    def put_response(self, response: dict[str, Any]) -> None:
        # The agency's latest word replaces its earlier one: an upsert on purpose.
        if response["receipt_code"]:
            conflict = "(receipt_code) WHERE receipt_code IS NOT NULL"
        else:
            conflict = "(consultation_code, legal_key) WHERE receipt_code IS NULL"
        self.store.conn.execute(
            "INSERT INTO responses (consultation_code, receipt_code, legal_key, kiosk_id, status, text, loaded_at)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT {conflict} DO UPDATE SET status = excluded.status, text = excluded.text,"
            " loaded_at = excluded.loaded_at",
            [
                response["consultation_code"],
                response["receipt_code"],
                response["legal_key"],
                response["kiosk_id"],
                response["status"],
                response["text"],
                response["loaded_at"],
            ],
        )

    def responses_for_kiosk(self, kiosk_id: str) -> list[dict[str, Any]]:
        """The responses to this kiosk's own submissions, and every per-article response."""
        return self.store.query(
            "SELECT consultation_code, receipt_code, legal_key, status, text FROM responses"
            " WHERE kiosk_id = ? OR receipt_code IS NULL ORDER BY id",
            (kiosk_id,),
        )


def open_backend(home: Path) -> CentreBackend:
    """The centre's storage in ``home``: SQLite, the only backend so far."""
    return SqliteCentre.open(home)
