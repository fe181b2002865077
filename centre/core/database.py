"""Everything that differs between SQLite and PostgreSQL, in one module.

The rest of the centre speaks the ORM; only here does the code ask which
engine it runs on: how the connection is configured, how many rows go in at
once (``COPY`` on PostgreSQL, ``executemany`` on SQLite) and how the writers of
one thing are serialised (an advisory lock on PostgreSQL; on SQLite every
write transaction already holds the one database lock).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.db import ProgrammingError, connection

from kiosk.errors import ValidationError
from kiosk.i18n import _

SQLITE_FILE = "centre.sqlite3"


def database_settings(url: str, home: Path) -> dict[str, Any]:
    """Django's DATABASES entry: PostgreSQL from ``url``, else the SQLite file in ``home``."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": home / SQLITE_FILE,
            # IMMEDIATE: a write transaction takes the lock when it begins, so two ingesting
            # workers queue instead of failing when both try to upgrade a read lock.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 60,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;",
            },
            "TEST": {"NAME": str(home / "test-centre.sqlite3")},
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ValidationError(_("A centre database is given as postgresql://user@host:port/name."))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"connect_timeout": 10},
    }


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def lock(name: str) -> None:
    """Serialise the writers of ``name`` until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, the
    IMMEDIATE transaction already holds the database's only write lock.
    """
    if is_postgresql():
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


_COPY_CHUNK = 5000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, skip_existing: bool = False) -> int:
    """Many rows into ``table``, the fastest way the engine has; constraints apply as to any insert.

    PostgreSQL: ``COPY … FROM STDIN`` through psycopg 3. SQLite: ``executemany``.
    ``skip_existing``: a row that a unique constraint finds already there is left out, as
    ``ON CONFLICT DO NOTHING`` does (COPY cannot: on PostgreSQL the rows go through a
    temporary copy of the table first). Returns the number of rows written.
    """
    quote = connection.ops.quote_name
    quoted = ", ".join(quote(c) for c in columns)
    if not is_postgresql():
        marks = ", ".join("?" for _ in columns)
        tail = " ON CONFLICT DO NOTHING" if skip_existing else ""
        # sqlite3's own executemany: Django's tees the rows to peek at the first one and so
        # keeps every row given in memory (300 MB for 200,000 comments).
        connection.ensure_connection()
        return connection.connection.executemany(f"INSERT INTO {quote(table)} ({quoted}) VALUES ({marks}){tail}", rows).rowcount
    target = f"{table}_incoming" if skip_existing else table
    if skip_existing:
        create_staging(target, table, columns)
    rows_left = iter(rows)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, below Django's wrapper
        # One COPY per chunk, each taken from ``rows`` before its COPY starts: the rows may
        # come from a query on this same connection, which cannot answer during a COPY.
        while chunk := list(islice(rows_left, _COPY_CHUNK)):
            with raw.copy(f"COPY {quote(target)} ({quoted}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
            count += len(chunk)
        if skip_existing:
            cursor.execute(f"INSERT INTO {quote(table)} ({quoted}) SELECT {quoted} FROM {quote(target)} ON CONFLICT DO NOTHING")
            count = cursor.rowcount
            cursor.execute(f"DROP TABLE {quote(target)}")
    return count


def create_staging(name: str, like: str, columns: Sequence[str]) -> None:
    """A temporary table with ``columns`` of ``like``, gone at the end of the transaction (PostgreSQL) or dropped by the caller."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                f"CREATE TEMPORARY TABLE {connection.ops.quote_name(name)} ON COMMIT DROP AS "
                f"SELECT {quoted} FROM {connection.ops.quote_name(like)} WITH NO DATA"
            )
        else:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{connection.ops.quote_name(name)}")
            table, source = connection.ops.quote_name(name), connection.ops.quote_name(like)
            cursor.execute(f"CREATE TEMPORARY TABLE {table} AS SELECT {quoted} FROM {source} WHERE 0")


def drop_staging(name: str) -> None:
    if not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{connection.ops.quote_name(name)}")


def folded_contains(column: str, folded_query: str, *, word_index: str = "", narrow: bool = False) -> Any:
    """A filter: the folded text in ``column`` holds the words of ``folded_query``, whole and in this order.

    Folded text (review.services.normalise) is words of letters and digits, one space between them, so
    both engines test ``' ' || column || ' ' LIKE '% words %'``: diacritics and case never decide a
    match, and a word never matches inside another ("an" does not find "toan").

    ``word_index`` names the column's word index, made by its app's migration, for a search over many
    rows (measured with benchmarks/bench_console.py on 1,000,000 comments: from 0.5–1 s to tens of ms):

    - PostgreSQL: a GIN index on the function ``word_index(column)``, the text's words and its pairs of
      adjacent words ("a_b"). One word, or the pair of two, is looked up exactly; longer texts by
      their pairs, the ``LIKE`` checking the few rows found. The planner's statistics on the words
      are exact, so it weighs the index against the caller's other filters itself. (pg_trgm was
      measured first: Vietnamese syllables are short and few, so a text's trigrams are common, and
      the rows to recheck and the posting lists to read were many: no faster than reading the rows.)
    - SQLite: the FTS5 table ``word_index`` (external content, rowid = the row's id), asked for the
      phrase. SQLite gathers every match before the caller's other filters, so when they are
      ``narrow`` already (one article) the rows they keep are read instead.

    Without ``word_index`` nothing but the ``LIKE`` is asked.
    """
    from django.db.models import F, Q, TextField, Value
    from django.db.models.expressions import RawSQL
    from django.db.models.functions import Concat
    from django.db.models.lookups import Contains

    words = folded_query.split()
    if not words:
        return Q()
    phrase = " ".join(words)
    like = Contains(Concat(Value(" "), F(column), Value(" "), output_field=TextField()), f" {phrase} ")
    if not word_index or (narrow and not is_postgresql()):
        return like
    if is_postgresql():
        from itertools import pairwise

        from django.contrib.postgres.fields import ArrayField
        from django.db.models import Func

        keys = words if len(words) == 1 else [f"{a}_{b}" for a, b in pairwise(words)]
        array = ArrayField(TextField())
        found = array.get_lookup("contains")(Func(F(column), function=word_index, output_field=array), keys)
        return found if len(words) <= 2 else Q(found) & Q(like)  # a word, or a pair, is exact; three words need their order checked
    table = connection.ops.quote_name(word_index)
    matches = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", ('"' + phrase.replace('"', '""') + '"',))
    return Q(pk__in=matches) & Q(like)


# ---------------------------------------------------------------- a query planned once per connection
#
# A query planned once per database connection: PostgreSQL's ``PREPARE`` / ``EXECUTE``.
#
# The receipt page's query (selectors._RECEIPT_SQL) joins nine tables. PostgreSQL
# spent 0.65 ms planning it and 0.1 ms running it, on every scan of a QR code;
# prepared once per connection, PostgreSQL keeps a generic plan after five runs
# and the round trip fell from 1.1 ms to 0.2 ms (EXPLAIN ANALYZE and a timing on
# the load run's data). Django itself prepares nothing (psycopg's
# ``prepare_threshold`` is off, for the sake of connection poolers), hence the
# SQL statements here; a centre behind a transaction-mode pooler would lose its
# prepared statements between transactions, and this module prepares again when
# it finds one gone.
#
# On SQLite, Python's sqlite3 module already keeps each compiled statement (its
# statement cache): the query runs as it is.

# The raw connections (psycopg's) and the names prepared on each: forgotten with the connection.
_PREPARED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1, $2, …``."""
    count = 0

    def number(_match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return re.sub(r"%s", number, sql)


def prepared_rows(name: str, sql: str, params: list[Any], types: tuple[str, ...]) -> list[tuple]:
    """The rows of ``sql`` (``%s`` placeholders, one per ``types``) for ``params``, prepared as ``name`` on PostgreSQL."""
    if not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    assert _NAME.fullmatch(name) and len(types) == len(params) == sql.count("%s")
    execute = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})"
    with connection.cursor() as cursor:
        raw = connection.connection
        prepared = _PREPARED.setdefault(raw, set())
        if name not in prepared:
            cursor.execute(f"PREPARE {name} ({', '.join(types)}) AS {_numbered(sql)}")
            prepared.add(name)
        try:
            cursor.execute(execute, params)
        except ProgrammingError:
            # Prepared statements gone (a pooler gave another server connection): outside a transaction, prepare again.
            if connection.in_atomic_block:
                raise
            prepared.discard(name)
            cursor.execute("DEALLOCATE ALL")
            _PREPARED[raw] = prepared = set()
            cursor.execute(f"PREPARE {name} ({', '.join(types)}) AS {_numbered(sql)}")
            prepared.add(name)
            cursor.execute(execute, params)
        return cursor.fetchall()
