"""Reads of the console and of the drafting agency's responses: what each kiosk's package carries.

Reads that depend on who asks start from ``consultations_for(user)``: rules
check single objects only (centre-style.md, Permissions).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncDate

from centre.accounts.models import Role
from centre.consultations.models import Consultation
from centre.core.database import folded_contains
from centre.review.models import COMMENT_WORDS, Answer, AnswerScope, Comment, CommentStatus, DuplicateGroup, GroupState, Response
from centre.review.services import article_of, counted, key_ancestors, normalise

SUPPRESS_BELOW = 5  # demographic counts under this are shown as "< 5"


def consultations_for(user: Any) -> QuerySet[Consultation]:
    """The consultations a staff user may read: their agency's for officers and leads, all for auditors."""
    role = getattr(user, "role", "") if getattr(user, "is_authenticated", False) and user.is_active else ""
    if role == Role.AUDITOR:
        return Consultation.objects.all()
    if role in (Role.OFFICER, Role.LEAD) and user.agency_id is not None:
        return Consultation.objects.filter(agency_id=user.agency_id)
    return Consultation.objects.none()


# ---------------------------------------------------------------- answers as they reach each comment


@dataclass
class AnswerMap:
    """Every answer of a consultation, by what it answers: the most specific one wins for each comment."""

    by_comment: dict[int, Answer] = field(default_factory=dict)
    by_group: dict[int, Answer] = field(default_factory=dict)
    by_key: dict[str, Answer] = field(default_factory=dict)

    def for_comment(self, comment: Comment) -> Answer | None:
        """Own answer, else its confirmed group's, else the nearest key's: point, clause, then article."""
        found = self.by_comment.get(comment.pk)
        if found is None and comment.group_id is not None:
            found = self.by_group.get(comment.group_id)
        if found is None:
            for key in key_ancestors(comment.legal_key):
                if key in self.by_key:
                    return self.by_key[key]
        return found


def answer_map(consultation_id: int, *, published_only: bool = False) -> AnswerMap:
    rows = Answer.objects.filter(consultation_id=consultation_id)
    if published_only:
        rows = rows.filter(published_at__isnull=False)
    live_groups = set(
        DuplicateGroup.objects.filter(consultation_id=consultation_id).exclude(state=GroupState.DISMISSED).values_list("pk", flat=True)
    )
    found = AnswerMap()
    for answer in rows:
        if answer.scope == AnswerScope.COMMENT and answer.comment_id:
            found.by_comment[answer.comment_id] = answer
        elif answer.scope == AnswerScope.GROUP and answer.group_id in live_groups:
            found.by_group[answer.group_id] = answer  # type: ignore[index]
        elif answer.legal_key:
            found.by_key[answer.legal_key] = answer
    return found


def responses_for_kiosk(kiosk_id: str) -> list[dict[str, Any]]:
    """What a kiosk's package carries: responses loaded from files, and the console's published answers.

    An answer on an article (or clause) is carried also under every key below it that
    was commented on and has no published answer of its own: the kiosk matches a
    receipt's items by their exact key, so "khoản 2 Điều 12" gets "Điều 12"'s answer.
    Answers to a comment or a group are carried under the receipts of this kiosk.
    """
    rows = Response.objects.filter(Q(kiosk_id=kiosk_id) | Q(receipt_code__isnull=True)).order_by("id")
    out = list(rows.values("consultation_code", "receipt_code", "legal_key", "status", "text"))
    published = Answer.objects.filter(published_at__isnull=False).values_list("consultation_id", flat=True).distinct()
    for consultation in Consultation.objects.filter(pk__in=published).order_by("code"):
        answers = answer_map(consultation.pk, published_only=True)
        carried: set[str] = set()
        commented = Comment.objects.filter(consultation=consultation).values_list("legal_key", flat=True).distinct()
        for key in sorted(set(commented) | set(answers.by_key)):
            nearest = next((answers.by_key[k] for k in key_ancestors(key) if k in answers.by_key), None)
            if nearest is not None and key not in carried:
                carried.add(key)
                out.append(
                    {
                        "consultation_code": consultation.code,
                        "receipt_code": None,
                        "legal_key": key,
                        "status": nearest.outcome,
                        "text": nearest.text,
                    }
                )
        if answers.by_comment or answers.by_group:
            mine = Comment.objects.filter(consultation=consultation, kiosk_id=kiosk_id).filter(
                Q(pk__in=list(answers.by_comment)) | Q(group_id__in=list(answers.by_group))
            )
            for comment in mine.order_by("pk"):
                answer = answers.by_comment.get(comment.pk) or answers.by_group.get(comment.group_id or 0)
                if answer is not None:
                    out.append(
                        {
                            "consultation_code": consultation.code,
                            "receipt_code": comment.receipt_code,
                            "legal_key": comment.legal_key,
                            "status": answer.outcome,
                            "text": answer.text,
                        }
                    )
    return out


# ---------------------------------------------------------------- the queue

QUEUE_FILTERS = (
    "article",
    "key",
    "stance",
    "channel",
    "province",
    "commune",
    "kiosk",
    "since",
    "until",
    "group",
    "tag",
    "status",
    "assignee",
    "answered",
    "q",
)
PAGE = 50


def _day(text: str, end: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    from centre.core import clock

    return datetime.combine(day, time.max if end else time.min, tzinfo=clock.now().tzinfo)


def queue(consultation: Consultation, filters: dict[str, str], *, user: Any = None) -> QuerySet[Comment]:
    """The comments of a consultation, filtered; an article's filter rolls its clauses and points up."""
    rows = counted(consultation)
    f = {k: (filters.get(k) or "").strip() for k in QUEUE_FILTERS}
    if f["article"]:
        rows = rows.filter(article_key=f["article"])
    if f["key"]:
        # The article first: its index narrows millions of rows to one article's before the key's prefix is tested.
        rows = rows.filter(article_key=article_of(f["key"])).filter(Q(legal_key=f["key"]) | Q(legal_key__startswith=f["key"] + "/"))
    for name, column in (
        ("stance", "stance"),
        ("channel", "channel"),
        ("province", "province_name"),
        ("commune", "commune_name"),
        ("kiosk", "kiosk_id"),
        ("status", "status"),
    ):
        if f[name]:
            rows = rows.filter(**{column: f[name]})
    if f["since"] and (since := _day(f["since"])):
        rows = rows.filter(submitted_at__gte=since)
    if f["until"] and (until := _day(f["until"], end=True)):
        rows = rows.filter(submitted_at__lte=until)
    if f["group"].isdigit():
        rows = rows.filter(group_id=int(f["group"]))
    elif f["group"] == "none":
        rows = rows.filter(group__isnull=True)
    if f["tag"]:
        rows = rows.filter(tags__name=f["tag"])
    if f["assignee"] == "me" and user is not None:
        rows = rows.filter(assignee=user)
    elif f["assignee"].isdigit():
        rows = rows.filter(assignee_id=int(f["assignee"]))
    elif f["assignee"] == "none":
        rows = rows.filter(assignee__isnull=True)
    if f["answered"] == "yes":
        rows = rows.filter(status__in=[CommentStatus.ANSWERED, CommentStatus.PUBLISHED])
    elif f["answered"] == "no":
        rows = rows.filter(status__in=[CommentStatus.RECEIVED, CommentStatus.IN_REVIEW])
    if f["q"]:
        narrow = bool(f["article"] or f["key"] or f["group"].isdigit())  # one article's rows, or one group's: an index of their own
        rows = rows.filter(folded_contains("folded", normalise(f["q"]), word_index=COMMENT_WORDS, narrow=narrow))
    return rows


COUNT_CAP = 10_000


def capped_count(rows: QuerySet[Comment], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counted no further than ``cap`` (a count of millions would cost more than the page): (count, more)."""
    n = rows.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


def queue_page(rows: QuerySet[Comment], after: int | None = None, size: int = PAGE) -> tuple[list[Comment], int | None]:
    """One page by keyset (id > after): as fast on the millionth row as on the first. Returns the rows and the next key."""
    if after:
        rows = rows.filter(pk__gt=after)
    page = list(rows.select_related("group", "assignee").order_by("pk")[: size + 1])
    more = len(page) > size
    page = page[:size]
    return page, (page[-1].pk if more else None)


# ---------------------------------------------------------------- groups


def member_additions(representative: str, member: str) -> str:
    """What a member says beyond its group's representative text: its inserted or changed word runs, in order.

    Compared on normalised words (a stripped diacritic is no addition), shown in the member's own words.
    """
    from difflib import SequenceMatcher

    theirs = member.split()
    folded = [normalise(w) for w in theirs]
    matcher = SequenceMatcher(a=normalise(representative).split(), b=folded, autojunk=False)
    runs = [" ".join(theirs[j1:j2]) for op, _i1, _i2, j1, j2 in matcher.get_opcodes() if op in ("insert", "replace") and any(folded[j1:j2])]
    return " … ".join(runs)


def campaign_flags(group: DuplicateGroup) -> list[str]:
    """Advisory only: one text from many communes; a burst from one kiosk (many within an hour)."""
    flags = []
    communes = group.members.exclude(commune_name="").values("commune_name").distinct()
    if communes[:5].count() >= 5:
        flags.append("many_communes")
    # One pass over the members in (kiosk, time) order: a campaign group may hold a hundred thousand.
    timed = group.members.filter(submitted_at__isnull=False).order_by("kiosk_id", "submitted_at")
    window: deque[datetime] = deque(maxlen=10)  # a kiosk's last ten
    kiosk = None
    for kiosk_id, moment in timed.values_list("kiosk_id", "submitted_at").iterator(chunk_size=5000):
        if kiosk_id != kiosk:
            kiosk = kiosk_id
            window.clear()
        window.append(moment)
        if len(window) == 10 and (window[-1] - window[0]).total_seconds() <= 3600:
            flags.append("burst")
            break
    return flags


def groups_of(consultation: Consultation, *, article: str = "", state: str = "") -> QuerySet[DuplicateGroup]:
    rows = DuplicateGroup.objects.filter(consultation=consultation).exclude(state=GroupState.DISMISSED)
    if article:
        rows = rows.filter(article_key=article)
    if state:
        rows = rows.filter(state=state)
    return rows.select_related("representative").annotate(size=Count("members")).order_by("-size", "pk")


# ---------------------------------------------------------------- the dashboard


def dashboard(consultation: Consultation) -> dict[str, Any]:
    """The figures of a consultation's dashboard; every count includes every member of every group."""
    rows = counted(consultation)
    total = rows.count()
    # Counted by the database, per day in Vietnam's time zone (the settings' TIME_ZONE), not read row by row.
    days = rows.exclude(submitted_at=None).annotate(day=TruncDate("submitted_at")).values("day").annotate(n=Count("id"))
    by_day = {r["day"].isoformat(): r["n"] for r in days}

    def by(column: str) -> list[tuple[str, int]]:
        return [(r[column] or "—", r["n"]) for r in rows.values(column).annotate(n=Count("id")).order_by("-n", column)]

    stance: dict[str, Counter] = {}
    for r in rows.values("article_key", "stance").annotate(n=Count("id")):
        stance.setdefault(r["article_key"], Counter())[r["stance"]] = r["n"]
    from centre.consultations.selectors import draft_trees
    from centre.review.report import article_titles

    titles = article_titles(draft_trees(consultation.code))
    articles = sorted((k for k in titles if "/" not in k and k.startswith("article:")), key=lambda k: titles[k][0])
    demographics = [(label, n if n >= SUPPRESS_BELOW else None) for label, n in by("contributor_type")]

    def people_by(column: str) -> list[tuple[str, int | None]]:
        """People (submissions), not comments, by a detail given with consent; a count under 5 is not shown."""
        found = rows.exclude(**{column: ""}).values(column).annotate(n=Count("event_id", distinct=True)).order_by(column)
        return [(r[column], r["n"] if r["n"] >= SUPPRESS_BELOW else None) for r in found]

    statuses = dict(by("status"))
    answered = statuses.get(CommentStatus.ANSWERED, 0) + statuses.get(CommentStatus.PUBLISHED, 0)
    return {
        "total": total,
        "submissions": rows.values("event_id").distinct().count(),
        "by_day": sorted(by_day.items()),
        "by_province": by("province_name"),
        "by_commune": by("commune_name"),
        "by_kiosk": by("kiosk_id"),
        "by_channel": by("channel"),
        "stance": [(k, titles.get(k, (0, ""))[1], stance.get(k, Counter())) for k in articles if k in stance],
        "demographics": demographics,
        "by_age": people_by("age_band"),
        "by_gender": people_by("gender"),
        "uncommented": [(k, titles[k][1]) for k in articles if k not in stance],
        "statuses": statuses,
        "answered": answered,
        "answered_share": round(100 * answered / total) if total else 0,
    }


# ---------------------------------------------------------------- groups: merging, the representative text


def groups_by_pk(consultation: Consultation, ids: list[int]) -> list[DuplicateGroup]:
    """The live groups of ``consultation`` among ``ids`` (others' and dismissed ones left out), with size and answer."""
    rows = groups_of(consultation).filter(pk__in=ids)
    answered = set(Answer.objects.filter(group_id__in=ids).values_list("group_id", flat=True))
    found = list(rows)
    for group in found:
        group.answered = group.pk in answered  # type: ignore[attr-defined]
    return found


def undoable_merge(consultation: Consultation, group: DuplicateGroup, bulk_id: str) -> int | None:
    """The merge into ``group`` named by the page's address, while it can still be undone (else None)."""
    from centre.review.models import BulkAction
    from kiosk import canonical

    if not bulk_id.isdigit():
        return None
    found = BulkAction.objects.filter(pk=int(bulk_id), consultation=consultation, action="merge", undone_at__isnull=True).first()
    if found is None or canonical.loads(found.params).get("into") != group.pk:
        return None
    if group.state != GroupState.CONFIRMED or (group.decided_at is not None and group.decided_at > found.at):
        return None  # decided again since: services refuse the undo (_undo_merge), so no button
    return found.pk


def wordings(group: DuplicateGroup, limit: int = 100) -> list[dict[str, Any]]:
    """The distinct texts of a group's members, the most frequent first: what its representative text is chosen from.

    Each is offered through one of its comments (the current representative when it has that text, else the earliest).
    """
    rows = list(group.members.values("text").annotate(n=Count("id"), first=Min("id")).order_by("-n", "first")[:limit])
    current = group.representative.text if group.representative_id and group.representative else None
    return [
        {
            "text": r["text"],
            "n": r["n"],
            "comment": group.representative_id if r["text"] == current else r["first"],
            "current": r["text"] == current,
        }
        for r in rows
    ]


# ---------------------------------------------------------------- default assignees per chapter


def review_settings(consultation: Consultation) -> Any:
    """The consultation's review settings, or the defaults (unsaved) when nobody set any yet: a read writes nothing."""
    from centre.review.models import ReviewSettings

    return ReviewSettings.objects.filter(consultation=consultation).first() or ReviewSettings(consultation=consultation)


def agency_staff(consultation: Consultation) -> QuerySet[Any]:
    """Who may be assigned the consultation's comments: its agency's active officers and leads."""
    from centre.accounts.models import User

    return User.objects.filter(agency_id=consultation.agency_id, role__in=[Role.OFFICER, Role.LEAD], is_active=True).order_by("username")


def chapter_assignees(consultation: Consultation) -> list[dict[str, Any]]:
    """The draft's chapters in document order ("" for articles in no chapter), each with its title and default assignee's id."""
    from centre.consultations.selectors import draft_trees
    from centre.review.report import article_titles
    from centre.review.services import article_chapters
    from kiosk import canonical

    trees = draft_trees(consultation.code)
    titles = article_titles(trees)
    chapter_titles = {}
    for key, (_position, title) in titles.items():
        segment = key.rsplit("/", 1)[-1]
        if segment.startswith("chapter:"):
            chapter_titles[segment] = title
    first: dict[str, int] = {}
    for article, chapter in article_chapters(trees).items():
        position = titles.get(article, (0, ""))[0]
        first[chapter] = min(first.get(chapter, position), position)
    mapping = canonical.loads(review_settings(consultation).chapter_assignees)
    return [
        {"key": chapter, "title": chapter_titles.get(chapter, ""), "assignee": mapping.get(chapter)}
        for chapter in sorted(first, key=lambda c: (first[c], c))
    ]
