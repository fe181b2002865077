"""One root for every failure the core raises on purpose.

A ``UserFacingError`` carries a message already translated into the current
language: the command line prints it as one line, a view-model shows it.
Anything that is not a ``KioskError`` is a bug: it is logged with its
traceback and the person sees a neutral "please ask the commune staff".
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of the core's exceptions."""


class UserFacingError(KioskError):
    """A failure a person can meet and act on; ``str(error)`` is its translated message."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserFacingError):
    """Input that the kiosk will not store as it is."""

    code = "invalid"


class NotFoundError(UserFacingError):
    code = "not_found"


class StoreError(UserFacingError):
    """The database cannot be opened or fails its health check."""

    code = "store"


class SealingError(UserFacingError):
    """Personal data cannot be sealed (no centre key): refused, never stored in clear."""

    code = "sealing"
