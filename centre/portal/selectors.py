"""Reads for the public portal: public data only, never personal data.

What a page may show is decided here, not in templates: a receipt's status,
the articles it commented on with their stances (never the words, never the
sealed personal data, the demographics or the clerk's name), published
answers, and counts. Everything is read-only.

Counts over a whole consultation (results, the agency's figures, "one of N
identical comments") read every submission of it once and are kept in this
process for a few minutes (:func:`_memo`), keyed by a stamp of the data
(the last batch, the last answer), so a new batch or answer shows at once.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Max

from centre.consultations.models import Consultation, Draft
from centre.core import clock
from centre.core.database import prepared_rows
from centre.fleet.models import Kiosk, Package
from centre.ingest.models import Batch, Event
from centre.review.models import ContributorType, Response

try:  # the agency's console (issue 18): its published answers and confirmed groups, once it exists
    from centre.review.models import Answer as ConsoleAnswer
    from centre.review.models import Comment as ConsoleComment
    from centre.review.models import DuplicateGroup as ConsoleGroup
except ImportError:  # pragma: no cover - before the console is merged
    ConsoleAnswer = ConsoleComment = ConsoleGroup = None
from kiosk.legal_key import label_for_key
from kiosk.receipt_code import group
from kiosk.text import clean

STANCES = ("agree", "disagree", "other")
SUBMISSION = "submission"

# ----------------------------------------------------------------------------- the memo

T = TypeVar("T")
MEMO_SECONDS = 300.0
_MEMO: dict[tuple, tuple[float, Any]] = {}
_MEMO_LOCK = threading.Lock()


def _memo(key: tuple, build: Callable[[], T]) -> T:
    """``build()``, kept for MEMO_SECONDS under ``key`` in this process (each gunicorn worker has its own)."""
    now = time.monotonic()
    hit = _MEMO.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = build()
    with _MEMO_LOCK:
        if len(_MEMO) > 512:  # many consultations or stamps: forget what expired
            for stale in [k for k, (until, _v) in _MEMO.items() if until <= now]:
                del _MEMO[stale]
        _MEMO[key] = (now + MEMO_SECONDS, value)
    return value


def clear_memo() -> None:
    """Forget every kept count (tests; a change the stamps cannot see, such as a revocation)."""
    with _MEMO_LOCK:
        _MEMO.clear()


def _events_stamp() -> int:
    """The newest batch's id: every new event comes with a new batch (plain SQL: asked on every receipt page)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {Batch._meta.db_table}")
        return cursor.fetchone()[0] or 0


def _answers_stamp(consultation_code: str) -> tuple:
    loaded = tuple(Response.objects.filter(consultation_code=consultation_code).aggregate(Max("id"), Max("loaded_at")).values())
    if ConsoleAnswer is None:
        return loaded
    return (*loaded, ConsoleAnswer.objects.filter(consultation__code=consultation_code).aggregate(Max("published_at"))["published_at__max"])


# ----------------------------------------------------------------------------- consultations


@dataclass(frozen=True)
class Question:
    kind: str
    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class ConsultationInfo:
    code: str
    title: str
    agency: str
    agency_code: str
    summary: str
    opens: date | None
    closes: date | None
    status: str
    kind: str
    questions: tuple[Question, ...]
    draft_version: int | None
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        """Closed by the centre, marked closed, or past its closing day in Vietnam."""
        if self.closed_at is not None or self.status == "closed":
            return True
        return self.closes is not None and clock.now().astimezone(clock.VIETNAM).date() > self.closes


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _info(
    code: str, spec_text: str, draft_version: int | None, closed_at: datetime | None, agency_code: str, agency_name: str
) -> ConsultationInfo:
    spec = json.loads(spec_text or "{}")
    return ConsultationInfo(
        code=code,
        title=str(spec.get("title", code)),
        agency=agency_name or str(spec.get("agency", "")),
        agency_code=agency_code or "",
        summary=str(spec.get("summary", "")),
        opens=_date(spec.get("opens")),
        closes=_date(spec.get("closes")),
        status=str(spec.get("status", "open")),
        kind=str(spec.get("kind", "draft")),
        questions=tuple(
            Question(str(q.get("kind", "")), str(q.get("text", "")), tuple(str(o) for o in q.get("options", [])))
            for q in spec.get("questions", [])
        ),
        draft_version=draft_version,
        closed_at=closed_at,
    )


def consultation(code: str) -> ConsultationInfo | None:
    row = (
        Consultation.objects.filter(code=code)
        .values_list("code", "spec", "draft_version", "closed_at", "agency__code", "agency__name")
        .first()
    )
    return _info(*row) if row else None


def consultations_of_agency(agency_code: str) -> tuple[str, str, list[ConsultationInfo]] | None:
    """The agency's code, name and consultations; None for an unknown agency."""
    from centre.accounts.models import Agency

    agency = Agency.objects.filter(code=agency_code).values_list("code", "name").first()
    if agency is None:
        return None
    rows = Consultation.objects.filter(agency__code=agency_code).values_list(
        "code", "spec", "draft_version", "closed_at", "agency__code", "agency__name"
    )
    return agency[0], agency[1], [_info(*row) for row in rows]


# ----------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class DraftLine:
    """One node of the draft as the portal prints it: ``role`` is heading, article or text."""

    role: str
    key: str
    depth: int
    heading: str
    text: str


_HEADINGS = {"part": "Phần", "chapter": "Chương", "section": "Mục", "subsection": "Tiểu mục", "appendix": "Phụ lục", "article": "Điều"}


def _walk_tree(nodes: Iterable[dict]) -> list[DraftLine]:
    """The draft's lines with their legal keys, numbered exactly as the kiosk numbers them (kiosk.consultations.add_draft)."""
    lines: list[DraftLine] = []
    position = 0

    def visit(node: dict, depth: int, path: tuple[str, ...]) -> None:  # depth: levels below the article (a clause 1, a point 2)
        nonlocal position
        position += 1
        kind, number = str(node.get("kind", "")), str(node.get("number", ""))
        segment = f"{kind}:{number or position}"
        path = (segment,) if kind in ("article", "appendix") else (*path, segment)
        title, text = str(node.get("title", "")), str(node.get("text", ""))
        if kind in ("article", "appendix"):
            lines.append(DraftLine("article", "/".join(path), depth, f"{_HEADINGS[kind]} {number}. {title}".strip(" ."), text))
        elif kind in _HEADINGS:
            lines.append(
                DraftLine("heading", "/".join(path), depth, f"{_HEADINGS[kind]} {number}".strip(), " ".join((title, text)).strip())
            )
        elif kind == "clause":
            lines.append(DraftLine("text", "/".join(path), depth, f"{number}." if number else "", text))
        elif kind == "point":
            lines.append(DraftLine("text", "/".join(path), depth, f"{number})" if number else "", text))
        else:
            lines.append(DraftLine("text", "/".join(path), depth, title, text))
        below = 1 if kind in ("article", "appendix") else depth + 1 if depth else 0
        for child in node.get("children", []):
            visit(child, below, path)

    for node in nodes:
        visit(node, 0, ())
    return lines


def draft_lines(code: str, version: int | None) -> list[DraftLine]:
    """The published draft's lines (a version never changes: kept without a stamp)."""
    if version is None:
        return []

    def build() -> list[DraftLine]:
        tree = Draft.objects.filter(consultation__code=code, version=version).values_list("tree", flat=True).first()
        return _walk_tree(json.loads(tree)) if tree else []

    return _memo(("draft", code, version), build)


def _titles(code: str, version: int | None) -> dict[str, str]:
    """Legal key → article title, for labels like "Điều 2. Giải thích từ ngữ"."""

    def build() -> dict[str, str]:
        titles = {}
        for line in draft_lines(code, version):
            if line.role == "article":
                titles[line.key] = line.heading.partition(". ")[2]
        return titles

    return _memo(("titles", code, version), build)


def label(key: str, titles: dict[str, str]) -> str:
    return label_for_key(key, titles.get(key, ""))


def places_for(code: str) -> list[tuple[str, str]]:
    """(province, commune) of the kiosks that carry ``code``: those whose packages carried it, else the whole fleet."""
    carrying = Package.objects.filter(draft_versions__contains=json.dumps(code)).values_list("kiosk_id", flat=True)
    kiosks = Kiosk.objects.filter(kiosk_id__in=carrying) if carrying.exists() else Kiosk.objects.all()
    return sorted(set(kiosks.values_list("province_name", "commune_name")))


# ----------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class PublishedAnswer:
    status: str
    text: str
    key: str  # the legal key answered; "" for an answer to one submission
    about: str  # its label
    loaded_at: datetime


def _answers(consultation_code: str) -> tuple[dict[str, PublishedAnswer], dict[str, PublishedAnswer]]:
    """The consultation's answers: per legal key, and per receipt code (normalised).

    A loaded answer (``gopy central respond``) is published as it is loaded;
    the console's (issue 18) once a lead published it, and it comes first.
    """
    by_key: dict[str, PublishedAnswer] = {}
    by_receipt: dict[str, PublishedAnswer] = {}
    for receipt, key, status, text, loaded_at in Response.objects.filter(consultation_code=consultation_code).values_list(
        "receipt_code", "legal_key", "status", "text", "loaded_at"
    ):
        if receipt:
            by_receipt[_compact(receipt)] = PublishedAnswer(status, text, "", "", loaded_at)
        elif key:
            by_key[key] = PublishedAnswer(status, text, key, "", loaded_at)
    if ConsoleAnswer is not None:
        published = ConsoleAnswer.objects.filter(consultation__code=consultation_code, scope="key", published_at__isnull=False)
        for key, outcome, text, at in published.values_list("legal_key", "outcome", "text", "published_at"):
            by_key[key] = PublishedAnswer(outcome, text, key, "", at)
    return by_key, by_receipt


def _console_item_answers(consultation_code: str) -> dict[tuple[int, int], PublishedAnswer]:
    """(event id, item position) → the console's published answer to that comment or to its group."""
    if ConsoleAnswer is None or ConsoleComment is None:
        return {}
    out: dict[tuple[int, int], PublishedAnswer] = {}
    published = ConsoleAnswer.objects.filter(
        consultation__code=consultation_code, published_at__isnull=False, scope__in=["comment", "group"]
    )
    for comment_id, group_id, outcome, text, at in published.values_list("comment_id", "group_id", "outcome", "text", "published_at"):
        members = ConsoleComment.objects.filter(pk=comment_id) if comment_id else ConsoleComment.objects.filter(group_id=group_id)
        for event_id, item in members.values_list("event_id", "item"):
            out[(event_id, item)] = PublishedAnswer(outcome, text, "", "", at)
    return out


def _compact(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def applicable(key: str, by_key: dict[str, PublishedAnswer]) -> PublishedAnswer | None:
    """The most specific answer for ``key``: its own, else its clause's, else its article's."""
    parts = key.split("/")
    for n in range(len(parts), 0, -1):
        found = by_key.get("/".join(parts[:n]))
        if found is not None:
            return found
    return None


# ----------------------------------------------------------------------------- identical comments


def normalised_comment(text: str) -> str:
    """What "identical" means: the same words after NFC, case folding and spacing."""
    return " ".join(clean(text).casefold().split())


def _digest(text: str) -> bytes:
    return hashlib.blake2b(normalised_comment(text).encode("utf-8"), digest_size=12).digest()


def identical_counts(consultation_code: str, events_stamp: int | None = None) -> dict[bytes, int]:
    """Digest of a normalised comment → how many comments of the consultation say exactly it (only 2 and more).

    Issue 18's duplicate groups (a person confirms them) will replace this
    count of exact repeats; until then it is all the portal can say honestly.
    """

    def build() -> dict[bytes, int]:
        counts: Counter[bytes] = Counter()
        for body in _bodies(consultation_code).values_list("body", flat=True):
            for item in json.loads(body).get("items", []):
                if normalised_comment(str(item.get("comment") or "")):
                    counts[_digest(str(item["comment"]))] += 1
        return {digest: n for digest, n in counts.items() if n > 1}

    stamp = _events_stamp() if events_stamp is None else events_stamp
    return _memo(("identical", consultation_code, stamp), build)


def _bodies(consultation_code: str):
    return Event.objects.filter(consultation_code=consultation_code, kind=SUBMISSION, revoked=False)


# ----------------------------------------------------------------------------- a receipt


@dataclass(frozen=True)
class ReceiptItem:
    key: str
    label: str
    stance: str
    identical: int  # how many comments of the consultation say the same; 0 when none other does
    answer: PublishedAnswer | None
    similar: bool = False  # a confirmed group of near-duplicates, not of identical words


@dataclass(frozen=True)
class ReceiptView:
    code: str  # grouped: 7K3M-9QXA-2FHD
    consultation: ConsultationInfo
    received_at: datetime
    commune: str
    province: str
    channel: str
    revoked: bool
    items: tuple[ReceiptItem, ...]
    question_count: int
    idea_count: int
    support_count: int
    voted: bool
    own_answer: PublishedAnswer | None = None
    answered: bool = field(default=False)


# The receipt page is the one every QR code opens, so it reads in ONE round trip to the database, written out in
# SQL: the event with its batch, kiosk and consultation, this receipt's own loaded answer, the console's rows for
# its comments (confirmed group, published answers to the comment or its group: one row per comment), and the
# stamps that say whether the kept counts and key answers are still current. Built with the ORM and in three
# round trips, the page cost two to three times as much under load (benchmarks/bench_portal.py). On PostgreSQL it
# is a prepared statement, planned once per connection (centre.core.database.prepared_rows).
_RECEIPT_CORE = """
SELECT e.id AS event_id, c.id AS consultation_id, e.consultation_code, e.channel, e.body, e.revoked, b.received_at,
       k.commune_name, k.province_name, c.spec, c.draft_version, c.closed_at,
       o.status AS own_status, o.text AS own_text, o.loaded_at AS own_at,
       (SELECT max(id) FROM {batches}) AS events_stamp,
       (SELECT max(id) FROM {responses}) AS answers_stamp
FROM {events} e
JOIN {batches} b ON b.id = e.batch_id
LEFT JOIN {kiosks} k ON k.kiosk_id = e.kiosk_id
LEFT JOIN {consultations} c ON c.code = e.consultation_code
LEFT JOIN {responses} o ON o.receipt_code IN (%s, %s)
WHERE e.receipt_code = %s AND e.kind = %s"""
# The console's part joins the event found above (a materialised CTE): PostgreSQL then plans two joins of five
# tables instead of one of nine, and planning that one had cost ten times its running (EXPLAIN ANALYZE).
_CONSOLE = """
WITH ev AS MATERIALIZED ({core})
SELECT ev.*,
       (SELECT max(published_at) FROM {answers} WHERE consultation_id = ev.consultation_id AND legal_key IS NOT NULL),
       rc.item, g.kind, (SELECT count(*) FROM {comments} m WHERE m.group_id = g.id),
       ca.outcome, ca.text, ca.published_at, ga.outcome, ga.text, ga.published_at
FROM ev
LEFT JOIN {comments} rc ON rc.event_id = ev.event_id
LEFT JOIN {groups} g ON g.id = rc.group_id AND g.state = 'confirmed'
LEFT JOIN {answers} ca ON ca.comment_id = rc.id AND ca.published_at IS NOT NULL
LEFT JOIN {answers} ga ON ga.group_id = g.id AND ga.published_at IS NOT NULL"""
_TABLES = {
    "events": Event._meta.db_table,
    "batches": Batch._meta.db_table,
    "kiosks": Kiosk._meta.db_table,
    "consultations": Consultation._meta.db_table,
    "responses": Response._meta.db_table,
}
_RECEIPT_SQL = _RECEIPT_CORE.format(**_TABLES)
if ConsoleAnswer is not None and ConsoleComment is not None and ConsoleGroup is not None:
    _TABLES |= {"answers": ConsoleAnswer._meta.db_table, "comments": ConsoleComment._meta.db_table, "groups": ConsoleGroup._meta.db_table}
    _RECEIPT_SQL = _CONSOLE.format(core=_RECEIPT_SQL, **_TABLES)
_EVENT_FIELDS = 17  # the columns before the console's


def article_answers(consultation_code: str, answers_stamp: int, console_stamp: object = None) -> dict[str, PublishedAnswer]:
    """Legal key → the published answer on it: loaded ones, then the console's published ones over them. Kept per
    stamps (the newest loaded answer's id, the console's last publication; a loaded answer edited in place shows
    when the memo expires, within MEMO_SECONDS)."""

    def build() -> dict[str, PublishedAnswer]:
        rows = Response.objects.filter(consultation_code=consultation_code, receipt_code__isnull=True).values_list(
            "legal_key", "status", "text", "loaded_at"
        )
        found = {key: PublishedAnswer(status, text, key, "", loaded_at) for key, status, text, loaded_at in rows if key}
        if ConsoleAnswer is not None and console_stamp is not None:
            published = ConsoleAnswer.objects.filter(
                consultation__code=consultation_code, legal_key__isnull=False, published_at__isnull=False
            )
            for key, outcome, text, at in published.values_list("legal_key", "outcome", "text", "published_at"):
                found[key] = PublishedAnswer(outcome, text, key, "", at)
        return found

    return _memo(("answers", consultation_code, answers_stamp, console_stamp), build)


def _moment(value: datetime | str) -> datetime:
    """A stored moment read by plain SQL: PostgreSQL gives an aware datetime, SQLite its UTC text."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _ConsoleItem:
    kind: str  # the confirmed group's kind ("exact", "near"), "" when in none
    members: int
    answer: PublishedAnswer | None  # published, to this comment or to its group


def _console_items(rows: list[tuple]) -> dict[int, _ConsoleItem]:
    """The console's columns of each row (one per indexed comment), by the comment's position in the submission."""
    items: dict[int, _ConsoleItem] = {}
    for row in rows:
        if len(row) <= _EVENT_FIELDS + 1 or row[_EVENT_FIELDS + 1] is None:
            continue  # no console, or nothing of this submission indexed yet
        item, kind, members, c_out, c_text, c_at, g_out, g_text, g_at = row[_EVENT_FIELDS + 1 :]
        answer = None
        if c_out:
            answer = PublishedAnswer(c_out, c_text, "", "", _moment(c_at))
        elif g_out:
            answer = PublishedAnswer(g_out, g_text, "", "", _moment(g_at))
        items[int(item)] = _ConsoleItem(kind or "", int(members or 0) if kind else 0, answer)
    return items


def receipt(code: str) -> ReceiptView | None:
    """The public status of the submission behind ``code`` (normalised); None when the centre has not received it."""
    rows = prepared_rows("gopy_portal_receipt", _RECEIPT_SQL, [code, group(code), code, SUBMISSION], ("text",) * 4)
    if not rows:
        return None
    (_event_id, _consultation_id, consultation_code, channel, body_text, revoked, received_at, commune, province, spec, version,
     closed_at, own_status, own_text, own_at, events_stamp, answers_stamp) = rows[0][:_EVENT_FIELDS]  # fmt: skip
    console_stamp = rows[0][_EVENT_FIELDS] if len(rows[0]) > _EVENT_FIELDS else None
    console_items = _console_items(rows)
    received_at, closed_at = _moment(received_at), _moment(closed_at) if closed_at else None
    info = _info(consultation_code, spec or json.dumps({"title": consultation_code}), version, closed_at, "", "")
    body = json.loads(body_text)
    keys = [str(item.get("node_key", "")) for item in body.get("items", [])]
    own = PublishedAnswer(own_status, own_text, "", "", _moment(own_at)) if own_status else None
    by_key = article_answers(consultation_code, answers_stamp or 0, console_stamp) if answers_stamp or console_stamp else {}
    titles = _titles(consultation_code, version)
    # People decide what is a duplicate: once the console has indexed this submission, only the groups a named
    # person confirmed are shown; before that, exact repeats of the normalised words are counted.
    indexed = bool(console_items)
    has_comment = any(item.get("comment") for item in body.get("items", []))
    identical = identical_counts(consultation_code, events_stamp) if has_comment and not indexed else {}
    items = []
    for n, (item, key) in enumerate(zip(body.get("items", []), keys, strict=True)):
        comment = str(item.get("comment") or "")
        own_item = console_items.get(n)
        answer = (own_item.answer if own_item else None) or applicable(key, by_key)
        if answer is not None:
            answer = PublishedAnswer(
                answer.status, answer.text, answer.key, label(answer.key, titles) if answer.key else "", answer.loaded_at
            )
        if indexed:
            repeated, similar = (own_item.members, own_item.kind == "near") if own_item and own_item.members > 1 else (0, False)
        else:
            repeated, similar = (identical.get(_digest(comment), 0) if normalised_comment(comment) else 0), False
        items.append(
            ReceiptItem(
                key=key, label=label(key, titles), stance=str(item.get("stance", "")), identical=repeated, answer=answer, similar=similar
            )
        )
    return ReceiptView(
        code=group(code),
        consultation=info,
        received_at=received_at,
        commune=commune or "",
        province=province or "",
        channel=channel or str(body.get("channel", "")),
        revoked=bool(revoked),
        items=tuple(items),
        question_count=len(body.get("answers", [])),
        idea_count=len(body.get("ideas", [])),
        support_count=len(body.get("supports", [])),
        voted="vote" in body,
        own_answer=own,
        answered=own is not None or any(i.answer for i in items),
    )


def bare_receipt_lookup(code: str) -> tuple | None:
    """The indexed lookup at the heart of :func:`receipt`, alone: the load run's baseline."""
    return Event.objects.filter(receipt_code=code, kind=SUBMISSION).values_list("consultation_code", "channel", "body").first()


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ArticleResult:
    key: str
    label: str
    counts: dict[str, int]  # stance → opinions on this article and its clauses and points
    total: int
    answers: tuple[PublishedAnswer, ...]  # the article's and its clauses' published answers
    types: dict[str, int] = field(default_factory=dict)  # contributor type → opinions (the legal report's column)


@dataclass(frozen=True)
class PlaceResult:
    province: str
    commune: str
    submissions: int


@dataclass(frozen=True)
class Results:
    submissions: int
    opinions: int
    revoked: int  # kept, shown, never counted
    articles: tuple[ArticleResult, ...]
    places: tuple[PlaceResult, ...]
    individual_answers: int
    # For the agency's figures: opinions with an answer, and the days each waited for it.
    answered: int
    waits: tuple[float, ...]
    # For the public report (centre/portal/report.py): submissions per channel and per contributor type.
    channels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)

    @property
    def published(self) -> tuple[PublishedAnswer, ...]:
        """Every answer on an article or a clause, in the draft's order."""
        return tuple(answer for article in self.articles for answer in article.answers)


def _article_of(key: str) -> str:
    first = key.split("/")[0]
    return first if first.startswith(("article:", "appendix:")) else key


def results(info: ConsultationInfo) -> Results:
    """Counts per article and stance, participation per commune, answers: every stored comment counts."""
    return _memo(("results", info.code, info.draft_version, _events_stamp(), _answers_stamp(info.code)), lambda: _count(info))


def _count(info: ConsultationInfo) -> Results:
    titles = _titles(info.code, info.draft_version)
    by_key, by_receipt = _answers(info.code)
    places_of = {k: (p or "", c or "") for k, p, c in Kiosk.objects.values_list("kiosk_id", "province_name", "commune_name")}
    per_article: dict[str, Counter[str]] = defaultdict(Counter)
    types_of: dict[str, Counter[str]] = defaultdict(Counter)
    channels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    per_place: Counter[tuple[str, str]] = Counter()
    submissions = opinions = revoked = answered = 0
    waits: list[float] = []
    per_item = _console_item_answers(info.code)
    events = Event.objects.filter(consultation_code=info.code, kind=SUBMISSION).values_list(
        "id", "receipt_code", "kiosk_id", "channel", "body", "revoked", "batch__received_at"
    )
    for event_id, receipt_code, kiosk_id, channel, body_text, is_revoked, received_at in events.iterator(chunk_size=2000):
        if is_revoked:
            revoked += 1
            continue
        submissions += 1
        per_place[places_of.get(kiosk_id, ("", ""))] += 1
        own = by_receipt.get(_compact(receipt_code or ""))
        body = json.loads(body_text)
        contributor = _contributor(body)
        channels[channel or str(body.get("channel", ""))] += 1
        types[contributor] += 1
        for position, item in enumerate(body.get("items", [])):
            key = str(item.get("node_key", ""))
            opinions += 1
            per_article[_article_of(key)][str(item.get("stance", ""))] += 1
            types_of[_article_of(key)][contributor] += 1
            answer = per_item.get((event_id, position)) or own or applicable(key, by_key)
            if answer is not None:
                answered += 1
                waits.append(max((answer.loaded_at - received_at).total_seconds() / 86400, 0.0))
    order = {line.key: n for n, line in enumerate(draft_lines(info.code, info.draft_version))}
    answers_of: dict[str, list[PublishedAnswer]] = defaultdict(list)
    for key, answer in by_key.items():
        answers_of[_article_of(key)].append(PublishedAnswer(answer.status, answer.text, key, label(key, titles), answer.loaded_at))
    articles = [
        ArticleResult(
            key=key,
            label=label(key, titles),
            counts={stance: per_article[key][stance] for stance in STANCES},
            total=sum(per_article[key].values()),
            answers=tuple(sorted(answers_of.get(key, []), key=lambda a: a.key)),
            types=dict(types_of[key]),
        )
        for key in set(per_article) | set(answers_of)
    ]
    articles.sort(key=lambda a: (order.get(a.key, len(order)), a.key))
    places = sorted((PlaceResult(p, c, n) for (p, c), n in per_place.items()), key=lambda r: (r.province, r.commune))
    individual = len(by_receipt) + len({event for event, _item in per_item})
    return Results(
        submissions, opinions, revoked, tuple(articles), tuple(places), individual, answered, tuple(waits), dict(channels), dict(types)
    )


_CONTRIBUTOR_TYPES = frozenset(ContributorType.values)


def _contributor(body: dict) -> str:
    """Who sent a submission, as the console indexes it (centre.review.services): an individual unless it says otherwise."""
    found = body.get("contributor_type")
    return found if found in _CONTRIBUTOR_TYPES else ContributorType.INDIVIDUAL.value


# ----------------------------------------------------------------------------- an agency


@dataclass(frozen=True)
class AgencyConsultation:
    info: ConsultationInfo
    opinions: int
    answered: int


@dataclass(frozen=True)
class AgencyFigures:
    code: str
    name: str
    consultations: tuple[AgencyConsultation, ...]
    opinions: int
    answered: int
    median_days: float | None

    @property
    def share(self) -> float | None:
        return self.answered / self.opinions if self.opinions else None


def agency_figures(agency_code: str) -> AgencyFigures | None:
    """Across the agency's consultations: the share of opinions answered and the median days from receipt to answer."""
    found = consultations_of_agency(agency_code)
    if found is None:
        return None
    code, name, infos = found
    rows, waits = [], []
    for info in infos:
        counted = results(info)
        rows.append(AgencyConsultation(info, counted.opinions, counted.answered))
        waits += counted.waits
    return AgencyFigures(
        code=code,
        name=name,
        consultations=tuple(rows),
        opinions=sum(r.opinions for r in rows),
        answered=sum(r.answered for r in rows),
        median_days=statistics.median(waits) if waits else None,
    )
