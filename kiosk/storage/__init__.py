"""The durable store: SQLite through sqlite-utils, with numbered migrations."""

from kiosk.storage.db import Store, open_store

__all__ = ["Store", "open_store"]
