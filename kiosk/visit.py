"""The feedback one person composes during one visit to the kiosk, before it is sent.

A visit holds at most one comment per article (commenting again on the same
article edits it), the answers to the consultation's questions, and, only
after an explicit consent, a few personal details. For an ideas call it
holds the ideas written and the ideas supported; for a vote, the options
chosen (and, with consent, the ID number that makes it a verified vote).
Everything typed is
normalised to NFC as it comes in. :meth:`Visit.to_form` turns it into the
:class:`~kiosk.feedback.FeedbackForm` that :class:`~kiosk.submissions.SubmissionService`
stores; :meth:`Visit.reset` forgets it all (the next person must find nothing).

Listeners added with :meth:`Visit.subscribe` are called after every change,
so the screens that show the visit stay in step without asking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.domain import Channel, Question, QuestionKind, Stance
from kiosk.errors import ValidationError
from kiosk.feedback import Answer, Consent, Demographics, FeedbackForm, FeedbackItem, Idea, PersonalData
from kiosk.i18n import _
from kiosk.limits import MAX_ANSWER_TEXT, MAX_COMMENT, MAX_IDEA_TEXT, MAX_IDEAS, MAX_SHORT_FIELD
from kiosk.storage.db import Store
from kiosk.text import clean, clean_line

Listener = Callable[[], None]


@dataclass(frozen=True)
class Details:
    """What a person may leave about themselves, once they have agreed to."""

    name: str = ""
    phone: str = ""
    village: str = ""
    id_number: str = ""  # for a vote: makes it a verified vote, sealed for the centre

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.village or self.id_number)


def personal_data_accepted(store: Store) -> bool:
    """Whether this kiosk can take a name and phone number: only with the centre's key to seal them."""
    row = store.query_one("SELECT sealing_key FROM identity")
    return bool(row and row["sealing_key"])


def _comment(text: str) -> str:
    comment = clean(text)
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            _("The comment is too long: {length} characters, at most {limit} are accepted.").format(length=len(comment), limit=MAX_COMMENT)
        )
    return comment


def _idea(category: str, hamlet: str, problem: str, proposal: str) -> Idea:
    idea = Idea(clean_line(category), clean_line(hamlet), clean(problem).strip(), clean(proposal).strip())
    if not idea.hamlet:
        raise ValidationError(_("An idea needs the hamlet it concerns."))
    if not (idea.problem or idea.proposal):
        raise ValidationError(_("An idea needs a problem, a proposal, or both."))
    for text, what in ((idea.problem, _("The problem")), (idea.proposal, _("The proposal"))):
        if len(text) > MAX_IDEA_TEXT:
            raise ValidationError(
                _("{what} is too long: {length} characters, at most {limit} are accepted.").format(
                    what=what, length=len(text), limit=MAX_IDEA_TEXT
                )
            )
    return idea


class Visit:
    """The feedback being composed at the kiosk by one person."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._clear()

    def _clear(self) -> None:
        self.consultation_code = ""
        self._questions: dict[int, Question] = {}
        self._items: dict[int, FeedbackItem] = {}
        self._answers: dict[int, Answer] = {}
        self._ideas: list[Idea] = []
        self._supports: list[str] = []
        self._vote: tuple[int, ...] = ()
        self.max_choices = 1
        self.consent = False
        self.details = Details()

    # -- listening ----------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener()`` after every change of the visit."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- the consultation ---------------------------------------------

    def start(self, consultation_code: str, questions: Iterable[Question], *, max_choices: int = 1) -> None:
        """Begin (or go back to) a consultation. Feedback on another consultation is dropped:
        one visit sends feedback on one consultation.

        :param max_choices: for a vote, how many options may be chosen (``Consultation.max_choices``)
        """
        questions = {q.id: q for q in questions}
        if consultation_code == self.consultation_code:
            self._questions = questions
            self.max_choices = max_choices
            return
        listeners = self._listeners
        self._clear()
        self._listeners = listeners
        self.consultation_code = consultation_code
        self._questions = questions
        self.max_choices = max_choices
        self._changed()

    def reset(self) -> None:
        """Forget everything: the visit is over."""
        listeners = self._listeners
        self._clear()
        self._listeners = listeners
        self._changed()

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(sorted(self._questions.values(), key=lambda q: q.position))

    def is_empty(self) -> bool:
        """Nothing to send and nothing to forget."""
        return not (self.has_feedback() or self.consent or not self.details.is_empty())

    def has_feedback(self) -> bool:
        """Whether there is something to send: a comment, an answer, an idea, a support or a vote."""
        return bool(self._items or self._answers or self._ideas or self._supports or self._vote)

    # -- comments -----------------------------------------------------

    @property
    def items(self) -> tuple[FeedbackItem, ...]:
        """The comments, in the order they were first written."""
        return tuple(self._items.values())

    def item(self, node_id: int) -> FeedbackItem | None:
        return self._items.get(node_id)

    def set_item(self, node_id: int, stance: Stance | str, comment: str = "") -> FeedbackItem:
        """Comment on an article, or change the comment already given on it.

        :raises ValidationError: for a comment longer than the kiosk stores
        """
        item = FeedbackItem(node_id, Stance(stance), _comment(comment))
        if self._items.get(node_id) != item:
            self._items[node_id] = item
            self._changed()
        return item

    def remove_item(self, node_id: int) -> None:
        if self._items.pop(node_id, None) is not None:
            self._changed()

    # -- answers ------------------------------------------------------

    def _question(self, question_id: int) -> Question:
        question = self._questions.get(question_id)
        if question is None:
            raise ValidationError(_("This question is not part of the consultation."))
        return question

    def answer(self, question_id: int) -> Answer | None:
        return self._answers.get(question_id)

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The answers, in the order of the questions."""
        return tuple(self._answers[q.id] for q in self.questions if q.id in self._answers)

    def _put(self, question_id: int, answer: Answer | None) -> None:
        if answer is None or (not answer.choices and not answer.text):
            if self._answers.pop(question_id, None) is not None:
                self._changed()
        elif self._answers.get(question_id) != answer:
            self._answers[question_id] = answer
            self._changed()

    def choose(self, question_id: int, option: int) -> None:
        """Tap an option: a single choice or a scale takes it (tapping it again clears
        the answer); a multiple choice adds or removes it."""
        question = self._question(question_id)
        if question.kind == QuestionKind.TEXT or not 0 <= option < len(question.options):
            raise ValidationError(_("The answer to question {number} is not one of its choices.").format(number=question.position))
        current = self._answers.get(question_id)
        chosen = current.choices if current else ()
        if question.kind == QuestionKind.MULTIPLE:
            choices = tuple(sorted(set(chosen) ^ {option}))
        else:
            choices = () if chosen == (option,) else (option,)
        self._put(question_id, Answer(question_id, choices=choices))

    def write_answer(self, question_id: int, text: str) -> None:
        """The answer to an open question; empty text clears it."""
        question = self._question(question_id)
        if question.kind != QuestionKind.TEXT:
            raise ValidationError(_("The answer to question {number} is not one of its choices.").format(number=question.position))
        text = clean(text)
        if len(text) > MAX_ANSWER_TEXT:
            message = _("The answer is too long: {length} characters, at most {limit} are accepted.")
            raise ValidationError(message.format(length=len(text), limit=MAX_ANSWER_TEXT))
        self._put(question_id, Answer(question_id, text=text) if text.strip() else None)

    def clear_answer(self, question_id: int) -> None:
        self._put(question_id, None)

    # -- ideas (a call for ideas) --------------------------------------

    @property
    def ideas(self) -> tuple[Idea, ...]:
        """The ideas written, in the order they were written."""
        return tuple(self._ideas)

    def add_idea(self, category: str, hamlet: str, problem: str = "", proposal: str = "") -> int:
        """Write an idea; returns its index in :attr:`ideas`. The call's categories are checked when it is sent.

        :raises ValidationError: for an idea with no problem and no proposal, no hamlet, or a text too long
        """
        if len(self._ideas) >= MAX_IDEAS:
            raise ValidationError(_("At most {count} ideas can be sent at once.").format(count=MAX_IDEAS))
        self._ideas.append(_idea(category, hamlet, problem, proposal))
        self._changed()
        return len(self._ideas) - 1

    def replace_idea(self, index: int, category: str, hamlet: str, problem: str = "", proposal: str = "") -> None:
        idea = _idea(category, hamlet, problem, proposal)
        if self._ideas[index] != idea:
            self._ideas[index] = idea
            self._changed()

    def remove_idea(self, index: int) -> None:
        del self._ideas[index]
        self._changed()

    @property
    def supports(self) -> tuple[str, ...]:
        """The ids of the ideas supported ("tôi cũng gặp vấn đề này")."""
        return tuple(self._supports)

    def supports_idea(self, idea_id: str) -> bool:
        return idea_id in self._supports

    def support(self, idea_id: str) -> None:
        """Support an idea, stored here or sent by the centre (see :class:`kiosk.ideas.IdeaBoard`).

        :raises ValidationError: when it is already supported in this visit
        """
        if idea_id in self._supports:
            raise ValidationError(_("You already support this idea in this visit."))
        self._supports.append(idea_id)
        self._changed()

    def withdraw_support(self, idea_id: str) -> None:
        if idea_id in self._supports:
            self._supports.remove(idea_id)
            self._changed()

    # -- a vote ---------------------------------------------------------

    @property
    def vote(self) -> tuple[int, ...]:
        """The options chosen, by index (0-based), in ballot order."""
        return self._vote

    def choose_option(self, index: int) -> None:
        """Tap an option: with a single choice it replaces the one chosen (tapping it again clears it);
        with "up to N" it is added or removed.

        :raises ValidationError: when N options are chosen already
        """
        if index in self._vote:
            vote = tuple(c for c in self._vote if c != index)
        elif self.max_choices == 1:
            vote = (index,)
        elif len(self._vote) >= self.max_choices:
            raise ValidationError(_("Choose at most {count} options.").format(count=self.max_choices))
        else:
            vote = tuple(sorted((*self._vote, index)))
        self._vote = vote
        self._changed()

    def clear_vote(self) -> None:
        if self._vote:
            self._vote = ()
            self._changed()

    # -- consent and personal details ---------------------------------

    def give_consent(self, given: bool) -> None:
        """Agree (or no longer agree) to leave personal details. Withdrawing wipes them."""
        if given == self.consent:
            return
        self.consent = given
        if not given:
            self.details = Details()
        self._changed()

    def set_details(
        self, *, name: str | None = None, phone: str | None = None, village: str | None = None, id_number: str | None = None
    ) -> None:
        """Change some personal details; the others stay as they are.

        :raises ValidationError: without consent, or for a value longer than the kiosk stores
        """
        if not self.consent:
            raise ValidationError(_("Personal details can only be kept with the person's consent."))
        values = {"name": name, "phone": phone, "village": village, "id_number": id_number}
        current = {
            "name": self.details.name,
            "phone": self.details.phone,
            "village": self.details.village,
            "id_number": self.details.id_number,
        }
        for key, value in values.items():
            if value is None:
                continue
            value = clean_line(value)
            if len(value) > MAX_SHORT_FIELD:
                raise ValidationError(_("A personal detail is too long: at most {limit} characters.").format(limit=MAX_SHORT_FIELD))
            current[key] = value
        details = Details(**current)
        if details != self.details:
            self.details = details
            self._changed()

    # -- sending ------------------------------------------------------

    def to_form(self, locale: str) -> FeedbackForm:
        """The form to submit. Personal details go only with consent, and only those given."""
        details = self.details if self.consent else Details()
        personal = PersonalData(name=details.name, phone=details.phone, id_number=details.id_number)
        demographics = Demographics(village=details.village)
        return FeedbackForm(
            consultation_code=self.consultation_code,
            items=self.items,
            answers=self.answers,
            ideas=self.ideas,
            supports=self.supports,
            vote=self.vote,
            channel=Channel.SELF,
            locale=locale,
            consent=Consent(
                demographics=self.consent and not demographics.is_empty(),
                personal_data=self.consent and not personal.is_empty(),
            ),
            demographics=demographics,
            personal=personal,
        )
