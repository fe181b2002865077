"""Logging to the home folder, rotated, so a fault is diagnosable after the fact."""

from __future__ import annotations

import logging
import logging.handlers

from kiosk.home import Home

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(home: Home, level: int = logging.INFO) -> None:
    """Send the program's log to ``home/logs/gopy.log`` (5 files of 1 MB)."""
    root = logging.getLogger()
    if any(getattr(h, "gopy", False) for h in root.handlers):
        return
    try:
        home.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            home.logs / "gopy.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        # A read-only or missing home must not stop a command that reads
        # nothing from it; the message still reaches stderr.
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
    handler.gopy = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)


def log_path() -> str:
    """Where the log is being written, for messages that point a person to it."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "gopy", False):
            return getattr(handler, "baseFilename", "stderr")
    return "stderr"
