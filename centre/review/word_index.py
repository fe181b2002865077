"""The upkeep of the comments' word index on SQLite (made by migrations 0003 and 0005; PostgreSQL's needs none).

New comments are added to it in bulk by the one code path that adds comments (filled_after).

SQLite cannot add a NOT NULL column in place: Django remakes the table (a copy under the same name),
and the triggers that keep the FTS5 table up to date go with the old one. After every ``migrate`` the
triggers are put back, and the index rebuilt from the comments when they had gone missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from centre.review.models import COMMENT_WORDS

# New comments reach the index in bulk (filled_after); these keep it right when a text changes or a row goes.
TRIGGERS = {
    f"{COMMENT_WORDS}_ad": (
        f"CREATE TRIGGER {COMMENT_WORDS}_ad AFTER DELETE ON review_comments BEGIN "
        f"INSERT INTO {COMMENT_WORDS}({COMMENT_WORDS}, rowid, folded) VALUES ('delete', old.id, old.folded); END"
    ),
    f"{COMMENT_WORDS}_au": (
        f"CREATE TRIGGER {COMMENT_WORDS}_au AFTER UPDATE OF folded ON review_comments BEGIN "
        f"INSERT INTO {COMMENT_WORDS}({COMMENT_WORDS}, rowid, folded) VALUES ('delete', old.id, old.folded); "
        f"INSERT INTO {COMMENT_WORDS}(rowid, folded) VALUES (new.id, new.folded); END"
    ),
}


@contextmanager
def filled_after(connection: Any) -> Iterator[None]:
    """Around the code that adds comments: on SQLite, what it added goes into the word index at the end, in one statement.

    Used in the transaction that adds them: ids only grow, and SQLite has one writer at a time.
    PostgreSQL's GIN index keeps itself.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM review_comments")
        (before,) = cursor.fetchone()
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {COMMENT_WORDS}(rowid, folded) SELECT id, folded FROM review_comments WHERE id > %s", [before])


def heal(connection: Any) -> list[str]:
    """Put back the word index's missing triggers on SQLite and rebuild the index then; returns the triggers put back."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, type FROM sqlite_master WHERE name LIKE %s", [f"{COMMENT_WORDS}%"])
        present = {name for name, _type in cursor.fetchall()}
        if COMMENT_WORDS not in present:
            return []  # migration 0003 not applied yet
        missing = [name for name in TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(TRIGGERS[name])
        if missing:
            cursor.execute(f"INSERT INTO {COMMENT_WORDS}({COMMENT_WORDS}) VALUES ('rebuild')")
    return missing


def heal_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    heal(connections[using])
