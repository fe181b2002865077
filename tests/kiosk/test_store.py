import sqlite3

import pytest

from kiosk.errors import StoreError
from kiosk.storage import migrations
from kiosk.storage.db import open_store


def test_durable_pragmas(home):
    store = open_store(home.database)
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("secure_delete") == 1


def test_identity_is_minted_once(home):
    first = open_store(home.database).query_one("SELECT * FROM identity")
    again = open_store(home.database).query_one("SELECT * FROM identity")
    assert first == again
    assert first["epoch"] == 1


def test_a_file_that_is_not_a_database_is_one_clear_error(home):
    home.database.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="hỏng"):
        open_store(home.database)


def test_a_damaged_page_fails_the_health_check(home):
    store = open_store(home.database)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(home.database.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xff" * page  # overwrite a b-tree page
    home.database.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        open_store(home.database)


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())


def test_fresh_and_step_by_step_upgrades_end_at_the_same_schema(tmp_path):
    fresh = open_store(tmp_path / "fresh.db")
    stepped = open_store(tmp_path / "stepped.db", migrate=False)
    names = migrations.names()
    steps = migrations.migration_set()
    for index in range(1, len(names) + 1):
        stop = names[index] if index < len(names) else None
        assert migrations.pending(stepped.conn) == names[index - 1 :]
        steps.apply(stepped.db, stop_before=stop)
        applied = [m.name for m in steps.applied(stepped.db)]
        assert applied == names[:index]
    assert migrations.pending(stepped.conn) == []
    assert _schema(fresh.conn) == _schema(stepped.conn)
