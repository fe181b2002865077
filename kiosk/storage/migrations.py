"""Numbered schema migrations. An applied migration is never edited: add a new one.

Each runs in one transaction with its record in ``_sqlite_migrations``, through
sqlite-utils' :class:`~sqlite_utils.Migrations`. That is built only when a
migration is pending: a kiosk starts on an up-to-date database, and importing
sqlite-utils costs 60 ms before the first frame.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "gopy-kiosk"
_STEPS: list[Callable[[Database], None]] = []


def _step(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    _STEPS.append(fn)
    return fn


def names() -> list[str]:
    """Every migration's name, in the order they apply."""
    return [fn.__name__ for fn in _STEPS]


def pending(conn: sqlite3.Connection) -> list[str]:
    """The migrations not yet applied to the database on ``conn``; a read, without sqlite-utils."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone()
    done = set()
    if has_table:
        done = {row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
    return [name for name in names() if name not in done]


def migration_set() -> Migrations:
    """The migrations as sqlite-utils applies them."""
    from sqlite_utils import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in _STEPS:
        steps(name=fn.__name__)(fn)
    return steps


def _run(db: Database, script: str) -> None:
    """Run ``script`` statement by statement inside the migration's transaction.

    ``executescript`` would COMMIT first and break the migration's atomicity.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("incomplete SQL statement in migration")


@_step
def m001_create_core(db: Database) -> None:
    """The kiosk's identity, consultations and drafts, the submission chain, accounts and audit."""
    _run(
        db,
        """
        -- One row: who this kiosk is. epoch changes when a restored or cloned
        -- database is detected, so (kiosk_id, epoch, seq) never names two submissions.
        CREATE TABLE identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL DEFAULT 1,
            db_uuid TEXT NOT NULL,
            kiosk_name TEXT NOT NULL DEFAULT '',
            commune_code TEXT NOT NULL DEFAULT '',
            commune_name TEXT NOT NULL DEFAULT '',
            sealing_key TEXT,          -- the centre's X25519 public key (base64)
            sealing_key_id TEXT,
            sealing_key_is_demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE consultations (
            code TEXT PRIMARY KEY,
            agency TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            opens_on TEXT NOT NULL,     -- ISO dates, in the kiosk's time zone
            closes_on TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
            draft_version INTEGER       -- the current draft; earlier ones stay for old feedback
        );
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            consultation_code TEXT NOT NULL REFERENCES consultations(code),
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            source_sha256 TEXT NOT NULL DEFAULT '',
            UNIQUE (consultation_code, version)
        );
        -- A draft's tree in document order. legal_key ("article:12/clause:3")
        -- names a node by its legal numbering, stable across versions.
        CREATE TABLE nodes (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id),
            parent_id INTEGER REFERENCES nodes(id),
            position INTEGER NOT NULL,
            depth INTEGER NOT NULL,
            kind TEXT NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            legal_key TEXT NOT NULL,
            UNIQUE (draft_id, position)
        );
        CREATE INDEX nodes_by_key ON nodes (draft_id, legal_key);
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            consultation_code TEXT NOT NULL REFERENCES consultations(code),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'text')),
            text TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '[]',   -- JSON list of labels
            UNIQUE (consultation_code, position)
        );

        -- The kiosk's append-only log. body is the canonical JSON that is
        -- hashed; the other columns repeat fields of body for lookups and are
        -- checked against it by verify-chain. hash = SHA-256(0x00 || body).
        CREATE TABLE events (
            kiosk_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL CHECK (seq >= 1),
            kind TEXT NOT NULL,
            uuid TEXT NOT NULL UNIQUE,
            receipt_code TEXT UNIQUE,
            consultation_code TEXT,
            channel TEXT,
            created_at TEXT NOT NULL,   -- local time with UTC offset, as data only
            row_key TEXT,               -- a paper form's key: importing it twice adds nothing
            state TEXT NOT NULL DEFAULT 'sealed' CHECK (state IN ('sealed', 'exported', 'acked')),
            body TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (kiosk_id, epoch, seq)
        );
        CREATE UNIQUE INDEX events_row_key ON events (consultation_code, row_key) WHERE row_key IS NOT NULL;
        CREATE INDEX events_by_consultation ON events (consultation_code);
        -- The head of the chain, moved in the same transaction as each insert:
        -- deleting the newest event is then as visible as deleting any other.
        CREATE TABLE chain_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );

        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            consultation_code TEXT NOT NULL,
            receipt_code TEXT,          -- a response to one submission
            legal_key TEXT,             -- or to an article, for everyone who commented on it
            status TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX responses_by_receipt ON responses (receipt_code);

        CREATE TABLE accounts (
            username TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
            display_name TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE audit_events (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        -- What the centre has acknowledged and which package was applied last.
        CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


@_step
def m002_node_search(db: Database) -> None:
    """Full-text search over the articles of drafts, on folded text so "dat dai" finds "đất đai".

    unicode61 with remove_diacritics 2 folds most marks, but never đ/Đ (it has
    no Unicode decomposition), so the kiosk indexes text it folded itself
    (kiosk.text.fold) and folds queries the same way.
    """
    _run(
        db,
        """
        CREATE VIRTUAL TABLE node_search USING fts5(
            node_id UNINDEXED, draft_id UNINDEXED, original UNINDEXED, title, body,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """,
    )
    # Drafts stored before this migration are indexed when their next version arrives.


@_step
def m003_enrolment(db: Database) -> None:
    """What enrolment pins on a kiosk: the centre's root key, and the kiosk's own key id."""
    for column in ("root_key TEXT", "root_key_id TEXT", "kiosk_key_id TEXT", "enrolled_at TEXT"):
        db.execute(f"ALTER TABLE identity ADD COLUMN {column}")


@_step
def m004_sync_batches(db: Database) -> None:
    """Exports to the centre and the acknowledgements that come back (notes/sync.md §3.4).

    An export job is recorded before its file is written, so a batch number is
    never reused even when the export is killed; a job left ``running`` by a
    killed process is marked ``failed`` when the kiosk next starts.
    """
    _run(
        db,
        """
        CREATE TABLE export_jobs (
            id INTEGER PRIMARY KEY,
            epoch INTEGER NOT NULL,
            batch_seq INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
            pid INTEGER,
            target TEXT NOT NULL,
            file_name TEXT NOT NULL,
            seq_from INTEGER NOT NULL,
            seq_to INTEGER NOT NULL,
            manifest_sha256 TEXT,
            file_sha256 TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            detail TEXT NOT NULL DEFAULT '',
            UNIQUE (epoch, batch_seq)
        );
        -- The newest acknowledgement per epoch that matched this kiosk's own chain.
        CREATE TABLE acks (
            epoch INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            package_seq INTEGER NOT NULL
        );
        """,
    )


@_step
def m005_ideas_and_votes(db: Database) -> None:
    """Consultation kinds (draft, ideas call, vote), ideas, vote shortlists, and results from the centre.

    An ideas call's categories come from the centre (``consultations.categories``)
    and may be added to by the commune (``commune_categories``, which packages
    never touch). ``ideas`` holds the ideas written on this kiosk (in the
    submission's transaction) and those the centre sends down from every
    kiosk, with the support counts the centre had when it built the package.
    ``results`` holds the centre's results of closed consultations.
    """
    _run(
        db,
        """
        ALTER TABLE consultations ADD COLUMN kind TEXT NOT NULL DEFAULT 'draft' CHECK (kind IN ('draft', 'ideas', 'vote'));
        ALTER TABLE consultations ADD COLUMN categories TEXT NOT NULL DEFAULT '[]';   -- JSON list of labels
        ALTER TABLE consultations ADD COLUMN max_choices INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE commune_categories (
            consultation_code TEXT NOT NULL,
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (consultation_code, position)
        );
        CREATE TABLE vote_options (
            consultation_code TEXT NOT NULL,
            position INTEGER NOT NULL,     -- 1, 2, 3 … as on the ballot
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            idea_id TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (consultation_code, position)
        );
        -- id: "<submission uuid>/<n>", the n-th idea of that submission: stable everywhere.
        CREATE TABLE ideas (
            id TEXT PRIMARY KEY,
            consultation_code TEXT NOT NULL,
            category TEXT NOT NULL,
            hamlet TEXT NOT NULL,
            problem TEXT NOT NULL DEFAULT '',
            proposal TEXT NOT NULL DEFAULT '',
            commune_name TEXT NOT NULL DEFAULT '',
            written_here INTEGER NOT NULL DEFAULT 0,
            listed_by_centre INTEGER NOT NULL DEFAULT 0,
            centre_supports INTEGER NOT NULL DEFAULT 0,   -- as counted by the centre for the last package
            created_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX ideas_by_consultation ON ideas (consultation_code, category);
        CREATE TABLE results (
            consultation_code TEXT PRIMARY KEY,
            body TEXT NOT NULL         -- canonical JSON, as the centre sent it
        );
        """,
    )


@_step
def m006_idea_order(db: Database) -> None:
    """The order in which the centre received each idea: equal support counts are shown first come, first listed."""
    db.execute("ALTER TABLE ideas ADD COLUMN centre_rank INTEGER")
