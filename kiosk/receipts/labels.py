"""The printed names of stances and channels, in a document's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain import Channel, Stance

if TYPE_CHECKING:
    from kiosk.receipts.language import Translate


def stance_label(stance: Stance, _: Translate) -> str:
    """"Agree", "Disagree" or "Other opinion", translated."""
    stance = Stance(stance)
    if stance is Stance.AGREE:
        return _("Agree")
    if stance is Stance.DISAGREE:
        return _("Disagree")
    return _("Other opinion")


def channel_label(channel: Channel, _: Translate) -> str:
    """The short name of a channel, as in the day's report's columns."""
    channel = Channel(channel)
    if channel is Channel.ASSISTED:
        return _("With a clerk")
    if channel is Channel.PAPER:
        return _("Paper form")
    return _("At the kiosk")
