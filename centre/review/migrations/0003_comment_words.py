"""A word index over the comments' folded text: a search over a whole consultation stays fast on millions of rows.

PostgreSQL: review_comment_words(folded), the text's words and its pairs of adjacent words ("a_b"),
under a GIN index (no extension needed). SQLite: an FTS5 table over the same column, external content
(the text is not stored twice), kept by triggers on insert, on a change of the text and on delete.
centre.core.database.folded_contains asks either with ``word_index=WORDS``.
"""

from django.db import migrations

WORDS = "review_comment_words"  # centre.review.models.COMMENT_WORDS

POSTGRESQL = [
    # plpgsql: about 5 µs a row (a set-returning SQL function took ten times as long at every insert and update).
    f"""CREATE FUNCTION {WORDS}(folded text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  words text[] := string_to_array(folded, ' ');
  keys text[] := words;
BEGIN
  FOR i IN 1 .. coalesce(array_length(words, 1), 0) - 1 LOOP
    keys := keys || (words[i] || '_' || words[i + 1]);
  END LOOP;
  RETURN keys;
END $$""",
    f"CREATE INDEX {WORDS} ON review_comments USING gin ({WORDS}(folded))",
]
POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS {WORDS}", f"DROP FUNCTION IF EXISTS {WORDS}(text)"]

SQLITE = [
    f"CREATE VIRTUAL TABLE {WORDS} USING fts5(folded, content='review_comments', content_rowid='id', tokenize='unicode61')",
    f"CREATE TRIGGER {WORDS}_ai AFTER INSERT ON review_comments BEGIN INSERT INTO {WORDS}(rowid, folded) VALUES (new.id, new.folded); END",
    f"CREATE TRIGGER {WORDS}_ad AFTER DELETE ON review_comments BEGIN "
    f"INSERT INTO {WORDS}({WORDS}, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    f"CREATE TRIGGER {WORDS}_au AFTER UPDATE OF folded ON review_comments BEGIN "
    f"INSERT INTO {WORDS}({WORDS}, rowid, folded) VALUES ('delete', old.id, old.folded); "
    f"INSERT INTO {WORDS}(rowid, folded) VALUES (new.id, new.folded); END",
    f"INSERT INTO {WORDS}({WORDS}) VALUES ('rebuild')",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {WORDS}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {WORDS}"]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements.get(schema_editor.connection.vendor, []):
            cursor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL, "sqlite": SQLITE})


def drop(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("centre_review", "0002_console")]

    operations = [migrations.RunPython(create, drop)]
