"""The centre's store: SQLite by default, behind this module so another backend can follow."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from kiosk.storage.db import Store, open_store

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
