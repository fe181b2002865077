"""The one failure a person importing a draft can meet."""

from __future__ import annotations

from kiosk.errors import UserFacingError


class DraftFormatError(UserFacingError):
    """The file is not a draft the kiosk can read, or holds no article."""

    code = "draft_format"
