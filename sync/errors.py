"""The failures a person can meet when files cross between a kiosk and the centre.

Each one carries a translated message naming the file and what is wrong, and
a ``code`` that the command line and the view-models can branch on. Anything
raised while reading a file that is not a ``SyncError`` is a bug.
"""

from __future__ import annotations

from kiosk.errors import UserFacingError


class SyncError(UserFacingError):
    """Root of every sync failure."""

    code = "sync"


class BadSignature(SyncError):
    """Not signed, signed by another key, or the certificate does not chain to the pinned root."""

    code = "signature"


class DamagedFile(SyncError):
    """Truncated, not a ZIP, a hash mismatch, a missing, extra, duplicate or unsafe member, too large."""

    code = "damaged"


class IncompleteCopy(DamagedFile):
    """A ``.partial`` file: the stick was removed while it was being written."""

    code = "incomplete"


class WrongTarget(SyncError):
    """A package meant for another kiosk, or a batch from a kiosk this centre does not know."""

    code = "target"


class Replay(SyncError):
    """An older or superseded file presented again."""

    code = "replay"


class InvalidKey(SyncError):
    """A key file or a pinned public key that is missing, malformed or unsafe."""

    code = "key"


class Undecryptable(SyncError):
    """Sealed personal data that the centre's key cannot open."""

    code = "undecryptable"


class WriteFailed(SyncError):
    """A file could not be written and verified on its target (USB stick full, removed, read-only)."""

    code = "write"
