"""Consultations, their drafts and questions: what the kiosk holds and shows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kiosk.domain import (
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    DraftNode,
    NodeKind,
    Question,
    QuestionKind,
    VoteOption,
)
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.legal_key import label_for_key
from kiosk.storage.db import Store
from kiosk.text import clean, clean_line

MAX_CATEGORY = 80


@dataclass(frozen=True)
class StoredNode:
    id: int
    draft_id: int
    parent_id: int | None
    position: int
    depth: int
    kind: NodeKind
    number: str
    title: str
    text: str
    legal_key: str

    def label(self) -> str:
        """How the node is named in Vietnamese legal writing: "Điều 12", "khoản 3 Điều 12"."""
        return label_for_key(self.legal_key, self.title)


def _row_to_consultation(row: dict) -> Consultation:
    return Consultation(
        code=row["code"],
        agency=row["agency"],
        title=row["title"],
        summary=row["summary"],
        opens_on=date.fromisoformat(row["opens_on"]),
        closes_on=date.fromisoformat(row["closes_on"]),
        status=ConsultationStatus(row["status"]),
        draft_version=row["draft_version"],
        kind=ConsultationKind(row["kind"]),
        categories=tuple(json.loads(row["categories"])),
        max_choices=row["max_choices"],
    )


def _row_to_node(row: dict) -> StoredNode:
    return StoredNode(**{**row, "kind": NodeKind(row["kind"])})


class ConsultationRepository:
    """Reads and writes consultations, drafts and questions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> list[Consultation]:
        rows = self.store.query("SELECT * FROM consultations ORDER BY closes_on, code")
        return [_row_to_consultation(row) for row in rows]

    def closed_with_results(self) -> list[Consultation]:
        """The closed consultations whose results the centre has sent (kiosk.results shows them), most recently closed first."""
        rows = self.store.query(
            "SELECT c.* FROM consultations c JOIN results r ON r.consultation_code = c.code"
            " WHERE c.status = ? ORDER BY c.closes_on DESC, c.code DESC",
            (ConsultationStatus.CLOSED.value,),
        )
        return [_row_to_consultation(row) for row in rows]

    def get(self, code: str) -> Consultation:
        row = self.store.query_one("SELECT * FROM consultations WHERE code = ?", (code,))
        if row is None:
            raise NotFoundError(_("There is no consultation with the code {code} on this kiosk.").format(code=code))
        return _row_to_consultation(row)

    def current_draft_id(self, code: str) -> int | None:
        row = self.store.query_one(
            "SELECT d.id FROM drafts d JOIN consultations c ON c.code = d.consultation_code"
            " AND c.draft_version = d.version WHERE c.code = ?",
            (code,),
        )
        return row["id"] if row else None

    def nodes(self, draft_id: int) -> list[StoredNode]:
        rows = self.store.query("SELECT * FROM nodes WHERE draft_id = ? ORDER BY position", (draft_id,))
        return [_row_to_node(row) for row in rows]

    def node(self, node_id: int) -> StoredNode:
        row = self.store.query_one("SELECT * FROM nodes WHERE id = ?", (node_id,))
        if row is None:
            raise NotFoundError(_("This part of the draft no longer exists."))
        return _row_to_node(row)

    def node_by_key(self, draft_id: int, legal_key: str) -> StoredNode | None:
        row = self.store.query_one(
            "SELECT * FROM nodes WHERE draft_id = ? AND legal_key = ? ORDER BY position LIMIT 1",
            (draft_id, legal_key),
        )
        return _row_to_node(row) if row else None

    def questions(self, code: str) -> list[Question]:
        rows = self.store.query("SELECT * FROM questions WHERE consultation_code = ? ORDER BY position", (code,))
        return [
            Question(
                id=row["id"],
                consultation_code=row["consultation_code"],
                position=row["position"],
                kind=QuestionKind(row["kind"]),
                text=row["text"],
                options=tuple(json.loads(row["options"])),
            )
            for row in rows
        ]

    def vote_options(self, code: str) -> list[VoteOption]:
        """A vote's shortlist, in ballot order."""
        rows = self.store.query("SELECT * FROM vote_options WHERE consultation_code = ? ORDER BY position", (code,))
        return [VoteOption(row["position"], row["title"], row["description"], row["idea_id"]) for row in rows]

    def categories(self, code: str) -> tuple[str, ...]:
        """An ideas call's categories: the centre's, then those the commune added."""
        consultation = self.get(code)
        local = [row["label"] for row in self.store.query(
            "SELECT label FROM commune_categories WHERE consultation_code = ? ORDER BY position", (code,))]
        return tuple(dict.fromkeys([*consultation.categories, *local]))

    def set_commune_categories(self, code: str, labels: Iterable[str]) -> tuple[str, ...]:
        """The categories the commune adds to an ideas call (packages from the centre keep them).

        :raises ValidationError: for a consultation that is not an ideas call, or an empty or overlong label
        """
        consultation = self.get(code)
        if consultation.kind != ConsultationKind.IDEAS:
            raise ValidationError(_("Only an ideas call has categories."))
        cleaned = []
        for label in labels:
            label = clean_line(label)
            if not label or len(label) > MAX_CATEGORY:
                raise ValidationError(_("A category is named in 1 to {limit} characters.").format(limit=MAX_CATEGORY))
            if label not in cleaned and label not in consultation.categories:
                cleaned.append(label)
        with self.store.write() as db:
            db.execute("DELETE FROM commune_categories WHERE consultation_code = ?", [code])
            for position, label in enumerate(cleaned, start=1):
                db.execute("INSERT INTO commune_categories (consultation_code, position, label) VALUES (?, ?, ?)", [code, position, label])
        return self.categories(code)

    def submission_counts(self) -> dict[str, int]:
        """How many submissions this kiosk holds, per consultation."""
        rows = self.store.query("SELECT consultation_code, count(*) AS n FROM events WHERE kind = 'submission' GROUP BY consultation_code")
        return {row["consultation_code"]: row["n"] for row in rows}

    # Writing: called by the demo loader and the package importer, inside
    # the caller's transaction so a package applies whole or not at all.

    def put_consultation(
        self,
        consultation: Consultation,
        questions: Iterable[tuple[QuestionKind, str, list[str]]],
        options: Iterable[VoteOption] = (),
    ) -> None:
        db = self.store.db
        db["consultations"].upsert(
            {
                "code": consultation.code,
                "agency": clean_line(consultation.agency),
                "title": clean_line(consultation.title),
                "summary": clean(consultation.summary),
                "opens_on": consultation.opens_on.isoformat(),
                "closes_on": consultation.closes_on.isoformat(),
                "status": consultation.status.value,
                "draft_version": consultation.draft_version,
                "kind": ConsultationKind(consultation.kind).value,
                "categories": json.dumps([clean_line(c) for c in consultation.categories], ensure_ascii=False),
                "max_choices": consultation.max_choices,
            },
            pk="code",
        )
        db.execute("DELETE FROM vote_options WHERE consultation_code = ?", [consultation.code])
        for position, option in enumerate(options, start=1):
            db.execute(
                "INSERT INTO vote_options (consultation_code, position, title, description, idea_id) VALUES (?, ?, ?, ?, ?)",
                [consultation.code, position, clean_line(option.title), clean(option.description), option.idea_id],
            )
        # Upserted by position, so a question keeps its id across packages.
        count = 0
        for count, (kind, text, options) in enumerate(questions, start=1):
            db.execute(
                "INSERT INTO questions (consultation_code, position, kind, text, options) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (consultation_code, position) DO UPDATE SET kind = excluded.kind, text = excluded.text,"
                " options = excluded.options",
                [consultation.code, count, kind.value, clean(text), json.dumps([clean_line(o) for o in options], ensure_ascii=False)],
            )
        db.execute("DELETE FROM questions WHERE consultation_code = ? AND position > ?", [consultation.code, count])

    def add_draft(self, code: str, version: int, title: str, nodes: Iterable[DraftNode], source_sha256: str = "") -> int:
        """Store one version of a draft's tree; returns the draft's id."""
        from kiosk.search import index_node  # only drafts being stored are indexed: not on the kiosk's start path

        db = self.store.db
        draft_id = (
            db["drafts"]
            .insert({"consultation_code": code, "version": version, "title": clean_line(title), "source_sha256": source_sha256})
            .last_pk
        )
        position = 0

        def store(node: DraftNode, parent_id: int | None, depth: int, path: tuple[str, ...]) -> None:
            nonlocal position
            position += 1
            segment = f"{node.kind.value}:{node.number or position}"
            # Articles and appendices are numbered across the whole document.
            path = (segment,) if node.kind in (NodeKind.ARTICLE, NodeKind.APPENDIX) else (*path, segment)
            key = "/".join(path)
            node_id = (
                db["nodes"]
                .insert(
                    {
                        "draft_id": draft_id,
                        "parent_id": parent_id,
                        "position": position,
                        "depth": depth,
                        "kind": node.kind.value,
                        "number": clean_line(node.number),
                        "title": clean_line(node.title),
                        "text": clean(node.text),
                        "legal_key": key,
                    }
                )
                .last_pk
            )
            if node.kind in (NodeKind.ARTICLE, NodeKind.APPENDIX):
                # Searched as a whole, as a villager reads it: clauses and points included.
                index_node(self.store, node_id, draft_id, node.title, "\n".join(n.text for n in node.walk() if n.text))
            for child in node.children:
                store(child, node_id, depth + 1, path)

        for node in nodes:
            store(node, None, 0, ())
        return draft_id
