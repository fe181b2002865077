"""Language and time for one printed document, independent of the kiosk's current language.

A receipt is printed in the language its person chose, while the screen may
already show the next person's language. Switching the process-wide language
around rendering would race with the UI thread, so each document gets its own
translation function, built once per language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from kiosk import i18n

DATE_PATTERN = "dd/MM/yyyy"
DATETIME_PATTERN = "dd/MM/yyyy HH:mm"
TIME_PATTERN = "HH:mm"

Translate = Callable[[str], str]


def translator(language: str) -> Translate:
    """The ``_`` of ``language`` (see :func:`kiosk.i18n.translator`)."""
    return i18n.translator(language)


def local_datetime(moment: datetime, language: str, timezone: str, pattern: str = DATETIME_PATTERN) -> str:
    """``moment`` in the kiosk's time zone as ``dd/MM/yyyy HH:mm``.

    :raises ValueError: on a naive datetime: a receipt's time must never depend on the PC's zone
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("receipt times must be timezone-aware")
    return format_datetime(moment, pattern, tzinfo=ZoneInfo(timezone), locale=i18n.babel_locale(language))


def local_date(day: date, language: str) -> str:
    """``day`` as ``dd/MM/yyyy``."""
    return format_date(day, DATE_PATTERN, locale=i18n.babel_locale(language))
