"""The domain: plain, frozen values shared by every service. No storage, no Qt.

What the State consults on (drafts, consultations, questions, vote options)
and who works the kiosk. What a person sends and gets back (the feedback
form, its receipt, the agency's response) is kiosk.feedback: the home screen
needs none of it, and each frozen dataclass costs the kiosk's start 0.7 ms.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
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


class ContributorType(enum.StrEnum):
    """Who gave an opinion, as the drafting agency's legal report names them (optional: unsaid is a person)."""

    INDIVIDUAL = "individual"  # cá nhân
    ORGANISATION = "organisation"  # tổ chức
    BUSINESS = "business"  # doanh nghiệp
    EXPERT = "expert"  # chuyên gia
    STATE_AGENCY = "state_agency"  # cơ quan nhà nước


def contributor_after_tap(current: str, tapped: str) -> str | None:
    """Who is giving the feedback after a tap on ``tapped``: it, or "" (not said) when it was already chosen.

    None for a value that is not a ContributorType: the tap changes nothing.
    """
    if tapped not in {kind.value for kind in ContributorType}:
        return None
    return "" if tapped == current else tapped


class SyncState(enum.StrEnum):
    """Where a stored submission is on its way to the centre (DHIS2 ``State``)."""

    SEALED = "sealed"
    EXPORTED = "exported"
    ACKED = "acked"


@dataclass(frozen=True)
class VoteOption:
    """One option of a vote's shortlist; ``idea_id`` names the idea it was shortlisted from, if any."""

    position: int  # 1, 2, 3 … as printed on the ballot; a vote names options by index (position - 1)
    title: str
    description: str = ""
    idea_id: str = ""


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
