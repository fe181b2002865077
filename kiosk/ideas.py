"""Ideas of an ideas call: their ids, and the board a villager reads before writing or supporting one.

An idea is named everywhere by ``<submission uuid>/<n>``: the n-th idea of
the submission that put it forward. The kiosk makes it, the centre keeps it,
and packages carry it to every other kiosk, so "tôi cũng gặp vấn đề này"
can point at an idea written in another commune. People read a short
reference instead (:func:`short_ref`, "3F2A9C1B-1"): the first 8 hex digits
of the uuid and n, enough to tell apart the ideas of one call, and what a
clerk copies from a paper form.

Support counts on the board are the centre's count from the last package
plus this kiosk's supports the centre had not acknowledged then. A package
counts exactly what the centre held when it was built, and acknowledges
exactly that: so nothing is counted twice, and nothing is missed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kiosk import canonical
from kiosk.consultations import ConsultationRepository
from kiosk.domain import ConsultationKind
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.storage.db import Store
from kiosk.text import clean_line, fold

_ID = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/([1-9][0-9]{0,2})$")
_REF = re.compile(r"^([0-9A-F]{8})-?([1-9][0-9]{0,2})$")


def idea_id(submission_id: str, number: int) -> str:
    """The global id of the ``number``-th idea (from 1) of the submission ``submission_id``."""
    return f"{submission_id}/{number}"


def is_idea_id(text: str) -> bool:
    return bool(_ID.match(text))


def short_ref(idea: str) -> str:
    """What people read and copy: "3F2A9C1B-1"."""
    match = _ID.match(idea)
    if not match:
        return idea
    return f"{match.group(1)[:8].upper()}-{match.group(2)}"


@dataclass(frozen=True)
class IdeaView:
    """One idea as the kiosk shows it."""

    id: str
    ref: str  # the short reference, "3F2A9C1B-1"
    consultation_code: str
    category: str
    hamlet: str
    problem: str
    proposal: str
    supports: int  # people who said "tôi cũng gặp vấn đề này", as far as this kiosk knows
    written_here: bool
    commune_name: str  # where it was written, for an idea from another kiosk

    @property
    def text(self) -> str:
        """The idea in one phrase: its proposal, or its problem when it has none."""
        return self.proposal or self.problem


class IdeaBoard:
    """Reads the ideas of the ideas calls this kiosk holds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.consultations = ConsultationRepository(store)

    def ideas(self, code: str, *, category: str = "", hamlet: str = "", query: str = "") -> list[IdeaView]:
        """The ideas of ``code`` a person can read and support: most supported first.

        :param category: only this category
        :param hamlet: only this hamlet
        :param query: only ideas whose text holds these words (with or without diacritics)
        """
        # The centre's order first (the order ideas reached it), then this kiosk's ideas it has not listed yet.
        rows = self.store.query(
            "SELECT * FROM ideas WHERE consultation_code = ? ORDER BY centre_rank IS NULL, centre_rank, created_at, rowid", (code,)
        )
        pending = self._pending_supports(code)
        words = fold(clean_line(query)).split()
        views = []
        for row in rows:
            if category and row["category"] != clean_line(category):
                continue
            if hamlet and fold(row["hamlet"]) != fold(clean_line(hamlet)):
                continue
            if words:
                haystack = fold(" ".join((row["problem"], row["proposal"], row["hamlet"], row["category"])))
                if not all(word in haystack for word in words):
                    continue
            views.append(self._view(row, pending))
        views.sort(key=lambda view: -view.supports)  # stable: equal counts stay in the order they were written
        return views

    def idea(self, idea: str) -> IdeaView:
        row = self.store.query_one("SELECT * FROM ideas WHERE id = ?", (idea,))
        if row is None:
            raise NotFoundError(_("This idea is not known on this kiosk."))
        return self._view(row, self._pending_supports(row["consultation_code"]))

    def find(self, code: str, reference: str) -> IdeaView:
        """The idea of ``code`` named by its id or its short reference, as written on a paper form.

        :raises ValidationError: when none, or more than one, matches
        """
        text = "".join(clean_line(reference).split())
        if is_idea_id(text.lower()):
            row = self.store.query_one("SELECT * FROM ideas WHERE id = ? AND consultation_code = ?", (text.lower(), code))
            rows = [row] if row else []
        else:
            match = _REF.match(text.upper())
            if not match:
                raise ValidationError(_("“{text}” is not the reference of an idea (it looks like 3F2A9C1B-1).").format(text=reference))
            prefix, number = match.group(1).lower(), match.group(2)
            rows = [
                row
                for row in self.store.query(
                    "SELECT * FROM ideas WHERE consultation_code = ? AND id LIKE ?", (code, f"{prefix}%/{number}")
                )
                if row["id"].endswith(f"/{number}")
            ]
        if not rows:
            raise ValidationError(_("No idea with the reference {ref} is known on this kiosk for this call.").format(ref=reference))
        if len(rows) > 1:
            raise ValidationError(_("The reference {ref} fits more than one idea: write the idea's full id.").format(ref=reference))
        return self._view(rows[0], self._pending_supports(code))

    def hamlets(self, code: str) -> list[str]:
        """The hamlets the ideas of ``code`` name so far, to offer as a choice."""
        rows = self.store.query("SELECT DISTINCT hamlet FROM ideas WHERE consultation_code = ? ORDER BY hamlet", (code,))
        return [row["hamlet"] for row in rows]

    def is_ideas_call(self, code: str) -> bool:
        return self.consultations.get(code).kind == ConsultationKind.IDEAS

    def _pending_supports(self, code: str) -> Counter:
        """Supports given on this kiosk that the centre had not acknowledged at the last package."""
        counts: Counter = Counter()
        for row in self.store.query(
            "SELECT body FROM events WHERE consultation_code = ? AND kind = 'submission' AND state != 'acked'", (code,)
        ):
            counts.update(canonical.loads(row["body"]).get("supports", []))
        return counts

    @staticmethod
    def _view(row: dict, pending: Counter) -> IdeaView:
        return IdeaView(
            id=row["id"],
            ref=short_ref(row["id"]),
            consultation_code=row["consultation_code"],
            category=row["category"],
            hamlet=row["hamlet"],
            problem=row["problem"],
            proposal=row["proposal"],
            supports=row["centre_supports"] + pending[row["id"]],
            written_here=bool(row["written_here"]),
            commune_name=row["commune_name"],
        )
