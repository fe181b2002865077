"""The submission path: validate, normalise, seal, chain, store — then a receipt.

Everything a person sends goes through :meth:`SubmissionService.submit`. The
sequence number, the link to the previous event's hash and the row itself are
written in ONE transaction that holds the write lock from its start, so a
crash at any moment leaves either the whole submission or nothing, and
sequence numbers never skip or repeat.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk import canonical, faults
from kiosk.chain import GENESIS
from kiosk.clock import Clock, system_clock
from kiosk.consultations import ConsultationRepository
from kiosk.domain import (
    Answer,
    Channel,
    Consultation,
    FeedbackForm,
    NodeKind,
    QuestionKind,
    Receipt,
    Stance,
)
from kiosk.errors import NotFoundError, SealingError, ValidationError
from kiosk.i18n import _
from kiosk.receipt_code import new_code
from kiosk.sealing import seal
from kiosk.storage.db import Store
from kiosk.text import clean, clean_line

MAX_COMMENT = 5000
MAX_ANSWER_TEXT = 2000
MAX_SHORT_FIELD = 200
EVENT_VERSION = 1
# A clock this far behind the previous event is treated as wrong.
_CLOCK_TOLERANCE = timedelta(minutes=5)
_COMMENTABLE = {NodeKind.ARTICLE, NodeKind.CLAUSE, NodeKind.POINT, NodeKind.APPENDIX}


@dataclass(frozen=True)
class Submitted:
    receipt: Receipt
    duplicate: bool = False  # a paper row already imported: its first receipt is returned


def _limit(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ValidationError(
            _("{what} is too long: {length} characters, at most {limit} are accepted.").format(what=what, length=len(text), limit=limit)
        )
    return text


class SubmissionService:
    """Turns a :class:`FeedbackForm` into a durable, chained submission."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or system_clock()
        self.consultations = ConsultationRepository(store)

    # -- validation ---------------------------------------------------

    def _trusted_today(self, today: date) -> date:
        """Today, or the date of the newest package from the centre if the clock is behind it.

        A kiosk whose clock was reset keeps taking feedback (marked "clock
        suspect") for the consultations the centre last said were open.
        """
        floor = self.store.query_one("SELECT value FROM sync_state WHERE key = 'time_floor'")
        if floor and floor["value"]:
            return max(today, datetime.fromisoformat(floor["value"]).astimezone(self.clock().tzinfo).date())
        return today

    def _consultation(self, form: FeedbackForm, today: date) -> Consultation:
        try:
            consultation = self.consultations.get(form.consultation_code)
        except NotFoundError as error:
            raise ValidationError(error.message) from error
        day = form.form_date if form.channel == Channel.PAPER and form.form_date else self._trusted_today(today)
        if not consultation.is_open_on(day):
            raise ValidationError(
                _("The consultation “{title}” is not open for feedback on {day}: it accepts feedback from {opens} to {closes}.").format(
                    title=consultation.title,
                    day=day.strftime("%d/%m/%Y"),
                    opens=consultation.opens_on.strftime("%d/%m/%Y"),
                    closes=consultation.closes_on.strftime("%d/%m/%Y"),
                )
            )
        return consultation

    def _items(self, form: FeedbackForm, draft_id: int | None) -> list[dict]:
        items, seen = [], set()
        for item in form.items:
            try:
                node = self.consultations.node(item.node_id)
            except NotFoundError as error:
                raise ValidationError(error.message) from error
            if node.draft_id != draft_id or node.kind not in _COMMENTABLE:
                raise ValidationError(_("{label} is not part of the current draft of this consultation.").format(label=node.label()))
            if node.id in seen:
                raise ValidationError(_("{label} has two comments; please keep one.").format(label=node.label()))
            seen.add(node.id)
            comment = _limit(clean(item.comment).strip(), MAX_COMMENT, _("The comment"))
            items.append({"node_id": node.id, "node_key": node.legal_key, "stance": Stance(item.stance).value, "comment": comment})
        return items

    def _answers(self, form: FeedbackForm) -> list[dict]:
        questions = {q.id: q for q in self.consultations.questions(form.consultation_code)}
        answers, seen = [], set()
        for answer in form.answers:
            question = questions.get(answer.question_id)
            if question is None:
                raise ValidationError(_("This question is not part of the consultation."))
            if question.id in seen:
                raise ValidationError(_("A question was answered twice."))
            seen.add(question.id)
            answers.append(self._answer(question.kind, len(question.options), question.position, answer))
        return answers

    def _answer(self, kind: QuestionKind, option_count: int, position: int, answer: Answer) -> dict:
        choices = list(answer.choices)
        text = _limit(clean(answer.text).strip(), MAX_ANSWER_TEXT, _("The answer"))
        invalid = ValidationError(_("The answer to question {number} is not one of its choices.").format(number=position))
        if any(not 0 <= c < option_count for c in choices) or len(set(choices)) != len(choices):
            raise invalid
        if kind in (QuestionKind.SINGLE, QuestionKind.SCALE) and len(choices) != 1:
            raise invalid
        if kind == QuestionKind.MULTIPLE and not choices:
            raise invalid
        if kind == QuestionKind.TEXT and (choices or not text):
            raise ValidationError(_("The answer to question {number} is empty.").format(number=position))
        return {"question": position, "choices": sorted(choices), "text": text}

    def _sealed_personal(self, form: FeedbackForm, identity: dict) -> dict | None:
        if form.personal.is_empty():
            return None
        if not form.consent.personal_data:
            raise ValidationError(_("Personal details can only be kept with the person's consent."))
        if not identity["sealing_key"]:
            # Fail closed: without the centre's key there is nowhere safe to put them.
            raise SealingError(
                _("This kiosk cannot accept personal details yet (it has no key from the centre). Please send the feedback without them.")
            )
        fields = {
            "name": clean_line(form.personal.name),
            "phone": clean_line(form.personal.phone),
            "id_number": clean_line(form.personal.id_number),
            "address": clean_line(form.personal.address),
        }
        for value in fields.values():
            _limit(value, MAX_SHORT_FIELD, _("A personal detail"))
        ciphertext = seal(identity["sealing_key"], canonical.dumps(fields))
        return {"key_id": identity["sealing_key_id"], "ct": ciphertext}

    def _demographics(self, form: FeedbackForm) -> dict | None:
        if form.demographics.is_empty():
            return None
        if not form.consent.demographics:
            raise ValidationError(_("Age, gender, ethnic group and hamlet can only be kept with the person's consent."))
        values = {
            "age_band": clean_line(form.demographics.age_band),
            "gender": clean_line(form.demographics.gender),
            "ethnicity": clean_line(form.demographics.ethnicity),
            "village": clean_line(form.demographics.village),
        }
        for value in values.values():
            _limit(value, MAX_SHORT_FIELD, _("A detail about the person"))
        return values

    def _channel(self, form: FeedbackForm, today: date) -> tuple[str, str | None]:
        clerk = clean_line(form.clerk)
        if form.channel == Channel.ASSISTED and not clerk:
            raise ValidationError(_("Feedback entered with a resident needs the clerk's name."))
        if form.channel == Channel.PAPER:
            if form.form_date is None:
                raise ValidationError(_("A paper form needs the date written on it."))
            if form.form_date > today:
                raise ValidationError(_("The paper form's date {day} is in the future.").format(day=form.form_date.strftime("%d/%m/%Y")))
        return clerk, form.form_date.isoformat() if form.form_date else None

    # -- the transaction ----------------------------------------------

    def submit(self, form: FeedbackForm) -> Submitted:
        """Validate and store ``form``; return its receipt.

        Raises :class:`ValidationError` or :class:`SealingError` with one
        translated message; nothing is stored then.
        """
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        today = now.date()
        consultation = self._consultation(form, today)
        draft_id = self.consultations.current_draft_id(consultation.code)
        items = self._items(form, draft_id)
        answers = self._answers(form)
        if not items and not answers:
            raise ValidationError(_("There is nothing to send yet: comment on an article or answer a question."))
        clerk, form_date = self._channel(form, today)
        demographics = self._demographics(form)
        row_key = clean_line(form.row_key)
        identity = self.store.query_one("SELECT * FROM identity")
        sealed = self._sealed_personal(form, identity)
        body = {
            "v": EVENT_VERSION,
            "type": "submission",
            "kiosk_id": identity["kiosk_id"],
            "epoch": identity["epoch"],
            "id": str(uuid.uuid4()),
            "consultation": consultation.code,
            "draft_version": consultation.draft_version,
            "local_time": now.isoformat(timespec="seconds"),
            "locale": clean_line(form.locale) or "vi",
            "channel": Channel(form.channel).value,
            "clerk": clerk,
            "form_date": form_date,
            "row_key": row_key or None,
            "items": items,
            "answers": answers,
            "consent": {"demographics": form.consent.demographics, "personal_data": form.consent.personal_data},
            "demographics": demographics,
            "sealed": sealed,
        }
        for _attempt in range(5):
            try:
                return self._store(body, now)
            except sqlite3.IntegrityError as error:
                # Two codes out of 2^55 colliding: draw another one.
                if "receipt_code" not in str(error):
                    raise
        raise RuntimeError("could not draw a unique receipt code")

    def _clock_state(self, now: datetime, last_time: str | None) -> str:
        floor = self.store.query_one("SELECT value FROM sync_state WHERE key = 'time_floor'")
        if floor and now < datetime.fromisoformat(floor["value"]):
            return "suspect"
        if last_time and now < datetime.fromisoformat(last_time) - _CLOCK_TOLERANCE:
            return "suspect"
        return "ok"

    def _store(self, body: dict, now: datetime) -> Submitted:
        with self.store.write() as db:
            if body["row_key"]:
                existing = self.store.query_one(
                    "SELECT receipt_code FROM events WHERE consultation_code = ? AND row_key = ?",
                    (body["consultation"], body["row_key"]),
                )
                if existing:
                    return Submitted(self.receipt(existing["receipt_code"]), duplicate=True)
            head = self.store.query_one("SELECT * FROM chain_head")
            last = self.store.query_one("SELECT created_at FROM events ORDER BY rowid DESC LIMIT 1")
            seq = head["seq"] + 1 if head and head["epoch"] == body["epoch"] else 1
            code = new_code()
            event = {
                **body,
                "seq": seq,
                "prev": head["hash"] if head else GENESIS,
                "receipt_code": code,
                "clock_state": self._clock_state(now, last["created_at"] if last else None),
            }
            line = canonical.dumps(event)
            digest = canonical.event_hash(line)
            # Plain SQL on the hot path: sqlite-utils' insert() introspects the table each time.
            db.execute(
                "INSERT INTO events (kiosk_id, epoch, seq, kind, uuid, receipt_code, consultation_code, channel,"
                " created_at, row_key, body, hash) VALUES (?, ?, ?, 'submission', ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    event["kiosk_id"],
                    event["epoch"],
                    seq,
                    event["id"],
                    code,
                    event["consultation"],
                    event["channel"],
                    event["local_time"],
                    event["row_key"],
                    line.decode("utf-8"),
                    digest,
                ],
            )
            faults.point("submission.after_insert")
            db.execute(
                "INSERT INTO chain_head (id, epoch, seq, hash) VALUES (1, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, hash = excluded.hash",
                [event["epoch"], seq, digest],
            )
            faults.point("submission.before_commit")
        return Submitted(_receipt(event))

    # -- reading back -------------------------------------------------

    def receipt(self, code: str) -> Receipt:
        row = self.store.query_one("SELECT * FROM events WHERE receipt_code = ?", (code,))
        if row is None:
            raise NotFoundError(_("No feedback with this receipt code is stored on this kiosk."))
        return _receipt(canonical.loads(row["body"]))


def _receipt(event: dict) -> Receipt:
    return Receipt(
        code=event["receipt_code"],
        submission_id=event["id"],
        kiosk_id=event["kiosk_id"],
        epoch=event["epoch"],
        seq=event["seq"],
        consultation_code=event["consultation"],
        created_at=datetime.fromisoformat(event["local_time"]),
        channel=Channel(event["channel"]),
        clerk=event["clerk"],
        form_date=date.fromisoformat(event["form_date"]) if event["form_date"] else None,
        item_count=len(event["items"]),
        answer_count=len(event["answers"]),
    )
