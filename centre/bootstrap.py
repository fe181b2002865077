"""Starting Django from the command line: point it at a centre's home and database, then migrate."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_VAR = "GOPY_CENTRE_DATABASE"
HOME_VAR = "GOPY_CENTRE_HOME"


def configure(home: Path, database: str | None = None, *, migrate: bool = True) -> None:
    """Set up Django for the centre in ``home`` (on ``database`` when given), migrated to the current schema."""
    import django

    os.environ[HOME_VAR] = str(Path(home).expanduser().resolve())
    if database is not None:
        os.environ[DATABASE_VAR] = database
    # Always the production settings: a test session's own (centre.settings_test) must not leak into a centre it starts.
    os.environ["DJANGO_SETTINGS_MODULE"] = "centre.settings"
    django.setup()
    if migrate:
        migrate_quietly()


def migrate_quietly() -> None:
    """Apply what migrations are missing; silent when there are none (every command calls it)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
