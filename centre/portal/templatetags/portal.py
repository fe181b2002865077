"""The words for the machine values a page shows: stances, answer statuses, channels.

Only the one word asked for is translated (gettext_noop marks the others for
extraction): the receipt page calls these a dozen times, on every scan of a QR code.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.translation import gettext, gettext_noop

from centre.core import clock

register = template.Library()

_STANCES = {"agree": gettext_noop("Agree"), "disagree": gettext_noop("Disagree"), "other": gettext_noop("Other opinion")}
_STATUSES = {
    "accepted": gettext_noop("Accepted"),
    "partly_accepted": gettext_noop("Partly accepted"),
    "not_accepted": gettext_noop("Not accepted"),
    "explained": gettext_noop("Explained"),
}
_CHANNELS = {"self": gettext_noop("at the kiosk"), "assisted": gettext_noop("with a clerk"), "paper": gettext_noop("on a paper form")}


@register.filter
def stance(value: str) -> str:
    return gettext(_STANCES[value]) if value in _STANCES else value


@register.filter
def answer_status(value: str) -> str:
    return gettext(_STATUSES[value]) if value in _STATUSES else value


@register.filter
def channel(value: str) -> str:
    return gettext(_CHANNELS[value]) if value in _CHANNELS else value


@register.filter
def day(value: date | datetime | None) -> str:
    """dd/mm/yyyy, as Vietnamese paper writes dates (in Vietnam's time for a moment)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(clock.VIETNAM).date()
    return value.strftime("%d/%m/%Y")
