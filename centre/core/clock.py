"""The centre's clock: stored in UTC, shown in Vietnam's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(UTC)


def now_text() -> str:
    """Now as the RFC 3339 text stored beside the kiosks' own times (UTC, to the second)."""
    return now().isoformat(timespec="seconds")


def shown(moment: datetime | str | None) -> str:
    """A moment as an operator reads it: ``07/12/2026 14:05`` in Vietnam's time."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
