"""Logging to the home folder, rotated, so a fault is diagnosable after the fact."""

from __future__ import annotations

import logging
import os

from kiosk.home import Home

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


class RotatingLog(logging.FileHandler):
    """A log file that moves to ``.1`` (``.2`` … ``.5``, the oldest dropped) once it passes MAX_BYTES.

    What logging.handlers.RotatingFileHandler does; that module is not imported
    because it brings socket, pickle and queue with it: 5 ms of every kiosk
    start, before the home screen is drawn (benchmarks/bench_start.py).
    """

    def __init__(self, path: os.PathLike | str) -> None:
        super().__init__(path, mode="a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.seek(0, os.SEEK_END) >= MAX_BYTES:
                self._rotate()
        except (OSError, ValueError):
            self.handleError(record)
        super().emit(record)  # reopens the file when the rotation closed it

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None
        base = self.baseFilename
        try:
            for number in range(BACKUPS - 1, 0, -1):
                if os.path.exists(f"{base}.{number}"):
                    os.replace(f"{base}.{number}", f"{base}.{number + 1}")
            os.replace(base, f"{base}.1")
        except OSError:
            pass  # another process has the file open (Windows): keep appending, and try again at the next line


def setup_logging(home: Home, level: int = logging.INFO) -> None:
    """Send the program's log to ``home/logs/gopy.log`` (5 more files of 1 MB)."""
    root = logging.getLogger()
    if any(getattr(h, "gopy", False) for h in root.handlers):
        return
    try:
        home.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingLog(home.logs / "gopy.log")
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
