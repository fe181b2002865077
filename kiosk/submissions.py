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
from kiosk.citizen_id import compact_id_number, is_citizen_id
from kiosk.clock import Clock, system_clock
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Channel, Consultation, ConsultationKind, ContributorType, NodeKind, QuestionKind, Stance
from kiosk.errors import NotFoundError, SealingError, ValidationError
from kiosk.feedback import Answer, FeedbackForm, Receipt
from kiosk.i18n import _
from kiosk.ideas import idea_id
from kiosk.limits import MAX_ANSWER_TEXT, MAX_COMMENT, MAX_IDEA_TEXT, MAX_IDEAS, MAX_SHORT_FIELD, MAX_SUPPORTS
from kiosk.receipt_code import new_code
from kiosk.sealing import seal
from kiosk.storage.db import Store
from kiosk.text import clean, clean_line, fold

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

    def _check_kind(self, form: FeedbackForm, consultation: Consultation) -> None:
        """Each kind of consultation takes its own kind of feedback, and nothing else."""
        kind = ConsultationKind(consultation.kind)
        if kind == ConsultationKind.DRAFT and (form.ideas or form.supports or form.vote):
            raise ValidationError(_("This consultation takes comments on its draft, not ideas or votes."))
        if kind == ConsultationKind.IDEAS and (form.items or form.vote):
            raise ValidationError(_("This call takes ideas and support for ideas, not comments on articles or votes."))
        if kind == ConsultationKind.VOTE and (form.items or form.answers or form.ideas or form.supports):
            raise ValidationError(_("A vote takes only the vote."))

    def _category(self, categories: tuple[str, ...], text: str) -> str:
        """The call's category that ``text`` names (case and diacritics aside)."""
        wanted = fold(clean_line(text))
        for category in categories:
            if fold(category) == wanted:
                return category
        if not wanted:
            raise ValidationError(_("An idea needs a category."))
        raise ValidationError(
            _("“{text}” is not a category of this call; the categories are: {categories}.").format(
                text=clean_line(text), categories=", ".join(categories)
            )
        )

    def _ideas(self, form: FeedbackForm, submission_id: str) -> list[dict]:
        if len(form.ideas) > MAX_IDEAS:
            raise ValidationError(_("At most {count} ideas can be sent at once.").format(count=MAX_IDEAS))
        categories = self.consultations.categories(form.consultation_code) if form.ideas else ()
        ideas, seen = [], set()
        for number, idea in enumerate(form.ideas, start=1):
            category = self._category(categories, idea.category)
            hamlet = _limit(clean_line(idea.hamlet), MAX_SHORT_FIELD, _("The hamlet"))
            if not hamlet:
                raise ValidationError(_("An idea needs the hamlet it concerns."))
            problem = _limit(clean(idea.problem).strip(), MAX_IDEA_TEXT, _("The problem"))
            proposal = _limit(clean(idea.proposal).strip(), MAX_IDEA_TEXT, _("The proposal"))
            if not (problem or proposal):
                raise ValidationError(_("An idea needs a problem, a proposal, or both."))
            key = (category, fold(hamlet), problem, proposal)
            if key in seen:
                raise ValidationError(_("The same idea is written twice; please keep one."))
            seen.add(key)
            ideas.append(
                {"id": idea_id(submission_id, number), "category": category, "hamlet": hamlet, "problem": problem, "proposal": proposal}
            )
        return ideas

    def _supports(self, form: FeedbackForm) -> list[str]:
        if len(form.supports) > MAX_SUPPORTS:
            raise ValidationError(_("At most {count} ideas can be supported at once.").format(count=MAX_SUPPORTS))
        supports: list[str] = []
        for idea in form.supports:
            row = self.store.query_one("SELECT consultation_code FROM ideas WHERE id = ?", (idea,))
            if row is None or row["consultation_code"] != form.consultation_code:
                raise ValidationError(_("This idea is not part of this call."))
            if idea in supports:
                raise ValidationError(_("You already support this idea in this visit."))
            supports.append(idea)
        return supports

    def _vote(self, form: FeedbackForm, consultation: Consultation, identity: dict, submission_id: str) -> dict | None:
        """The vote, checked against the ballot and sealed for the centre: the kiosk keeps no readable choice."""
        if ConsultationKind(consultation.kind) != ConsultationKind.VOTE:
            return None
        options = len(self.consultations.vote_options(consultation.code))
        choices = list(form.vote)
        if not choices:
            raise ValidationError(_("Choose an option to vote."))
        if any(not 0 <= c < options for c in choices):
            raise ValidationError(_("This option is not on the ballot."))
        if len(set(choices)) != len(choices):
            raise ValidationError(_("An option is chosen twice."))
        if len(choices) > consultation.max_choices:
            if consultation.max_choices == 1:
                raise ValidationError(_("Choose one option only."))
            raise ValidationError(_("Choose at most {count} options.").format(count=consultation.max_choices))
        if not identity["sealing_key"]:
            raise SealingError(_("This kiosk cannot take votes yet: it has no key from the centre to seal them with."))
        plaintext = canonical.dumps({"choices": sorted(choices), "submission": submission_id})
        return {"key_id": identity["sealing_key_id"], "ct": seal(identity["sealing_key"], plaintext)}

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
        if form.vote and fields["id_number"]:
            # A vote is counted as verified by its ID number: a mistyped one is caught here, not at the centre.
            fields["id_number"] = compact_id_number(fields["id_number"])
            if not is_citizen_id(fields["id_number"]):
                raise ValidationError(_("The ID number must be the 12 digits of a citizen identity card (CCCD)."))
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
        self._check_kind(form, consultation)
        submission_id = str(uuid.uuid4())
        draft_id = self.consultations.current_draft_id(consultation.code)
        items = self._items(form, draft_id)
        answers = self._answers(form)
        ideas = self._ideas(form, submission_id)
        supports = self._supports(form)
        identity = self.store.query_one("SELECT * FROM identity")
        if not (items or answers or ideas or supports or form.vote):
            raise ValidationError(_nothing_to_send(consultation))
        vote = self._vote(form, consultation, identity, submission_id)
        clerk, form_date = self._channel(form, today)
        demographics = self._demographics(form)
        row_key = clean_line(form.row_key)
        sealed = self._sealed_personal(form, identity)
        body = {
            "v": EVENT_VERSION,
            "type": "submission",
            "kiosk_id": identity["kiosk_id"],
            "epoch": identity["epoch"],
            "id": submission_id,
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
        # Only when given: a draft's submission keeps exactly the shape it always had.
        contributor = ContributorType(form.contributor_type).value if form.contributor_type else ""
        for key, value in (("ideas", ideas), ("supports", supports), ("vote", vote), ("contributor_type", contributor)):
            if value:
                body[key] = value
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
            for idea in event.get("ideas", []):
                # The board lists it at once; the centre lists it to every kiosk after the next sync.
                db.execute(
                    "INSERT INTO ideas (id, consultation_code, category, hamlet, problem, proposal, written_here, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                    [idea["id"], event["consultation"], idea["category"], idea["hamlet"], idea["problem"], idea["proposal"],
                     event["local_time"]],
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
        idea_ids=tuple(idea["id"] for idea in event.get("ideas", [])),
        support_count=len(event.get("supports", [])),
        voted="vote" in event,
    )


def _nothing_to_send(consultation: Consultation) -> str:
    kind = ConsultationKind(consultation.kind)
    if kind == ConsultationKind.IDEAS:
        return _("There is nothing to send yet: write an idea or support one.")
    if kind == ConsultationKind.VOTE:
        return _("Choose an option to vote.")
    return _("There is nothing to send yet: comment on an article or answer a question.")
