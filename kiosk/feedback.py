"""A person's feedback: the form they fill in, the receipt they take home, the agency's response.

Plain, frozen values, as in kiosk.domain: no storage, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.domain import Channel, Stance


@dataclass(frozen=True)
class FeedbackItem:
    """A stance and a comment on one node (an article, clause or point)."""

    node_id: int
    stance: Stance
    comment: str = ""


@dataclass(frozen=True)
class Answer:
    """An answer to one question: chosen option indexes, a scale value, or text."""

    question_id: int
    choices: tuple[int, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Idea:
    """A problem, a proposal, or both, for an ideas call: in a category, about a hamlet."""

    category: str
    hamlet: str
    problem: str = ""
    proposal: str = ""


@dataclass(frozen=True)
class Demographics:
    """Coarse demographics, kept in clear for statistics, only with consent."""

    age_band: str = ""
    gender: str = ""
    ethnicity: str = ""
    village: str = ""

    def is_empty(self) -> bool:
        return not (self.age_band or self.gender or self.ethnicity or self.village)


@dataclass(frozen=True)
class PersonalData:
    """Name, phone, ID number, address: sealed to the centre, never stored in clear."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.id_number or self.address)


@dataclass(frozen=True)
class Consent:
    demographics: bool = False
    personal_data: bool = False


@dataclass(frozen=True)
class FeedbackForm:
    """What a person fills in before sending: the input of the submission service."""

    consultation_code: str
    items: tuple[FeedbackItem, ...] = ()
    answers: tuple[Answer, ...] = ()
    channel: Channel = Channel.SELF
    locale: str = "vi"
    clerk: str = ""
    form_date: date | None = None  # the paper form's date, for channel PAPER
    consent: Consent = field(default_factory=Consent)
    demographics: Demographics = field(default_factory=Demographics)
    personal: PersonalData = field(default_factory=PersonalData)
    row_key: str = ""  # a paper import's row key: re-importing the row adds nothing
    ideas: tuple[Idea, ...] = ()  # an ideas call: new ideas
    supports: tuple[str, ...] = ()  # an ideas call: ids of existing ideas ("tôi cũng gặp vấn đề này")
    vote: tuple[int, ...] = ()  # a vote: the chosen options' indexes (0-based); sealed for the centre
    contributor_type: str = ""  # a kiosk.domain.ContributorType value, when the person said (paper forms have a column)


@dataclass(frozen=True)
class Receipt:
    """What the villager takes home: never any personal data."""

    code: str
    submission_id: str
    kiosk_id: str
    epoch: int
    seq: int
    consultation_code: str
    created_at: datetime
    channel: Channel
    clerk: str
    form_date: date | None
    item_count: int
    answer_count: int
    idea_ids: tuple[str, ...] = ()  # the ideas this submission put forward
    support_count: int = 0
    voted: bool = False  # that a vote was cast; never which


@dataclass(frozen=True)
class Response:
    """The drafting agency's answer to one submission or one article."""

    status: str  # accepted / partly_accepted / not_accepted / explained
    text: str
    receipt_code: str = ""
    node_id: int | None = None
