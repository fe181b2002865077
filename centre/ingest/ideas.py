"""The ideas of ideas calls and the supports they received, indexed from the submission events a batch stored."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q

from centre.ingest.models import Batch, Event, Idea, Support

_PAGE = 1000
_ID_WIDTH = 60  # ideas.id and supports.idea_id


def _text(value: Any) -> str:
    """A field as stored text: PostgreSQL holds no NUL character, and a field of another type is shown as text."""
    return str(value or "").replace("\x00", "")


def _idea_id(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= _ID_WIDTH and "\x00" not in value else None


def index_ideas(batch: Batch) -> None:
    """The ideas and supports of the submissions ``batch`` added, a page of events at a time.

    A field of the wrong type is skipped, never trusted. A replay inserts nothing twice:
    an idea's id is its submission's (unique) id and its number, a support is one per
    submission and idea (ON CONFLICT DO NOTHING, as the old store's INSERT OR IGNORE).
    """
    last = 0
    mentions = Q(body__contains='"ideas":') | Q(body__contains='"supports":')
    while True:
        page = list(
            Event.objects.filter(mentions, batch=batch, kind="submission", seq__gt=last)
            .order_by("seq")
            .values_list("seq", "consultation_code", "body")[:_PAGE]
        )
        if not page:
            return
        ideas: list[Idea] = []
        supports: list[Support] = []
        for seq, consultation, text in page:
            try:
                body = json.loads(text)
            except ValueError:
                continue
            if not isinstance(consultation, str) or not isinstance(body, dict):
                continue
            where = {"kiosk_id": batch.kiosk_id, "epoch": batch.epoch, "seq": seq, "consultation_code": consultation}
            listed = body.get("ideas")
            for idea in listed if isinstance(listed, list) else []:
                if not isinstance(idea, dict) or _idea_id(idea.get("id")) is None:
                    continue
                fields = {name: _text(idea.get(name)) for name in ("category", "hamlet", "problem", "proposal")}
                ideas.append(Idea(id=idea["id"], **where, **fields))
            supported = body.get("supports")
            for idea_id in supported if isinstance(supported, list) else []:
                if _idea_id(idea_id) is not None:
                    supports.append(Support(idea_id=idea_id, **where))
        Idea.objects.bulk_create(ideas, ignore_conflicts=True)
        Support.objects.bulk_create(supports, ignore_conflicts=True)
        last = page[-1][0]
