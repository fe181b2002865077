"""Files that survive a power cut whole or not at all: the kiosk's receipts and identity record, the centre's reports.

A file is written beside its final name, flushed to the disk, renamed over that
name (a reader, another process or the next start, sees the old file or the new
one, never half of one), and the folder itself is synced so the rename lasts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_directory(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable."""
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole, replacing any file there; a temporary file is all a failure leaves, and it is removed."""
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise
    fsync_directory(path.parent)
