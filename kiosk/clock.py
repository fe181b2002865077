"""The kiosk's idea of now: always aware, in the kiosk's time zone.

Time is data, never order: sequence numbers order events. A clock is
injected into services so tests can set it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

Clock = Callable[[], datetime]


def system_clock(timezone: str = DEFAULT_TIMEZONE) -> Clock:
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone)
