"""The domain: plain, frozen values shared by every service. No storage, no Qt."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class NodeKind(enum.StrEnum):
    """The structure of a Vietnamese legal document, outermost first."""

    PREAMBLE = "preamble"
    PART = "part"  # Phần thứ …
    CHAPTER = "chapter"  # Chương
    SECTION = "section"  # Mục
    SUBSECTION = "subsection"  # Tiểu mục
    ARTICLE = "article"  # Điều
    CLAUSE = "clause"  # khoản "1."
    POINT = "point"  # điểm "a)"
    APPENDIX = "appendix"  # Phụ lục


@dataclass(frozen=True)
class DraftNode:
    """One node of a draft's tree, as parsed or as received in a package.

    ``number`` is the legal numbering as written ("12", "12a", "I", "đ");
    ``text`` is the node's own text, without its children's.
    """

    kind: NodeKind
    number: str = ""
    title: str = ""
    text: str = ""
    children: tuple[DraftNode, ...] = ()

    def walk(self):
        """Yield this node and every descendant, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"  # published to the kiosk, not yet open
    OPEN = "open"
    CLOSED = "closed"


class ConsultationKind(enum.StrEnum):
    """What a consultation asks of people: drafts are only one stage of it."""

    DRAFT = "draft"  # comments on a draft's articles (dự thảo)
    IDEAS = "ideas"  # an open call for problems and proposals (đề xuất ý tưởng)
    VOTE = "vote"  # a vote on a shortlist (biểu quyết)


@dataclass(frozen=True)
class Consultation:
    code: str
    agency: str
    title: str
    summary: str
    opens_on: date
    closes_on: date
    status: ConsultationStatus
    draft_version: int | None
    kind: ConsultationKind = ConsultationKind.DRAFT
    categories: tuple[str, ...] = ()  # an ideas call's categories, as the centre set them
    max_choices: int = 1  # a vote: how many options one voter may choose (1: a single choice)

    def is_open_on(self, day: date) -> bool:
        """Whether feedback dated ``day`` is accepted."""
        return self.status == ConsultationStatus.OPEN and self.opens_on <= day <= self.closes_on

    def days_left(self, today: date) -> int:
        """Days until it closes, counting today: 1 on its last day, 0 once closed."""
        return max(0, (self.closes_on - today).days + 1)


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    TEXT = "text"


@dataclass(frozen=True)
class Question:
    id: int
    consultation_code: str
    position: int
    kind: QuestionKind
    text: str
    options: tuple[str, ...] = ()  # choices; for a scale, its labels from low to high


class Stance(enum.StrEnum):
    AGREE = "agree"  # đồng ý
    DISAGREE = "disagree"  # không đồng ý
    OTHER = "other"  # ý kiến khác


class Channel(enum.StrEnum):
    SELF = "self"  # the villager at the kiosk
    ASSISTED = "assisted"  # a clerk entered it with the villager
    PAPER = "paper"  # transcribed from a paper form


class SyncState(enum.StrEnum):
    """Where a stored submission is on its way to the centre (DHIS2 ``State``)."""

    SEALED = "sealed"
    EXPORTED = "exported"
    ACKED = "acked"


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
class VoteOption:
    """One option of a vote's shortlist; ``idea_id`` names the idea it was shortlisted from, if any."""

    position: int  # 1, 2, 3 … as printed on the ballot; a vote names options by index (position - 1)
    title: str
    description: str = ""
    idea_id: str = ""


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


@dataclass(frozen=True)
class Account:
    username: str
    role: str  # clerk / admin
    display_name: str


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    action: str
    actor: str
    at: datetime
    detail: str
