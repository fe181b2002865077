"""The console's writes: the comment index, duplicate groups, answers, approval, publishing, bulk actions.

Every function that changes something runs in one transaction with its audit
event (centre-style.md, "Where business rules live"). None edits or deletes
what a citizen sent: the index can be rebuilt from the events at any time, and
a group a person splits is kept as dismissed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from centre.accounts.models import Role
from centre.audit.models import EventType
from centre.audit.services import record
from centre.consultations.models import Consultation
from centre.consultations.selectors import draft_trees
from centre.core import clock, public_cache
from centre.core.database import insert_rows
from centre.fleet.models import Kiosk
from centre.ingest.models import Batch, Event
from centre.review import word_index
from centre.review.models import (
    Answer,
    AnswerScope,
    BulkAction,
    Comment,
    CommentStatus,
    ContributorType,
    DuplicateGroup,
    GroupKind,
    GroupState,
    ResponseStatus,
    ReviewSettings,
    SavedFilter,
    Tag,
)
from kiosk import canonical
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import _
from kiosk.text import fold

SUBMISSION = "submission"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_CONTRIBUTOR_TYPES = {c.value for c in ContributorType}
_CHUNK = 5000

# ---------------------------------------------------------------- text


def normalise(text: str) -> str:
    """NFC, case, diacritics and đ folded, punctuation dropped, spacing collapsed: the key of exact grouping and search."""
    folded = fold(unicodedata.normalize("NFC", text))
    return " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())


def text_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_of(legal_key: str) -> str:
    """``article:12/clause:2/point:a`` → ``article:12``; a key that is no article's stays whole."""
    return legal_key.split("/", 1)[0]


def key_ancestors(legal_key: str) -> list[str]:
    """The key and every key above it, most specific first: point, clause, article."""
    parts = legal_key.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]


def article_chapters(trees: list[str]) -> dict[str, str]:
    """Article key → the chapter it stands in ("chapter:II"), numbered as report.article_titles numbers keys."""
    chapters: dict[str, str] = {}
    for tree in trees:
        position = 0

        def walk(node: dict[str, Any], chapter: str) -> None:
            nonlocal position
            position += 1
            segment = f"{node['kind']}:{node.get('number') or position}"
            if node["kind"] == "chapter":
                chapter = segment
            elif node["kind"] in ("article", "appendix"):
                chapters.setdefault(segment, chapter)
            for child in node.get("children", []):
                walk(child, chapter)

        for node in canonical.loads(tree):
            walk(node, "")
    return chapters


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=clock.now().tzinfo)


# ---------------------------------------------------------------- the index


def settings_for(consultation: Consultation) -> ReviewSettings:
    found, _created = ReviewSettings.objects.get_or_create(consultation=consultation)
    return found


# The index's columns, in the order _comment_rows gives them. Every other column is left to its
# database default or NULL (group, tags), which only a person's decision sets.
COMMENT_COLUMNS = (
    "consultation_id", "event_id", "item", "receipt_code", "legal_key", "article_key", "chapter_key", "stance",
    "text", "folded", "folded_hash", "channel", "kiosk_id", "commune_name", "province_name", "submitted_at",
    "contributor_type", "age_band", "gender", "status", "assignee_id", "revoked",
)  # fmt: skip
_EVENT_FIELDS = ("pk", "consultation_code", "body", "kiosk_id", "receipt_code", "channel", "local_time")


def _comment_rows(events: Any, consultations: dict[str, Consultation]) -> Iterator[tuple[Any, ...]]:
    """One row of COMMENT_COLUMNS per commented item of each non-revoked submission of a known consultation, streamed.

    Rows, not model instances: building a million Comment objects and having the ORM
    compile their INSERTs took nine tenths of an ingest's time.
    """
    places = {k.kiosk_id: (k.commune_name, k.province_name) for k in Kiosk.objects.all()}
    chapters: dict[str, dict[str, str]] = {}
    defaults: dict[str, dict[str, int]] = {}
    as_datetime = connection.ops.adapt_datetimefield_value
    for pk, code, body_text, kiosk_id, receipt_code, event_channel, local_time in events.values_list(*_EVENT_FIELDS).iterator(
        chunk_size=2000
    ):
        consultation = consultations.get(code or "")
        if consultation is None:
            continue
        if consultation.code not in chapters:
            chapters[consultation.code] = article_chapters(draft_trees(consultation.code))
            defaults[consultation.code] = canonical.loads(settings_for(consultation).chapter_assignees)
        body = canonical.loads(body_text)
        contributor = body.get("contributor_type") or ContributorType.INDIVIDUAL
        if contributor not in _CONTRIBUTOR_TYPES:
            contributor = ContributorType.INDIVIDUAL
        commune, province = places.get(kiosk_id, ("", ""))
        demographics = body.get("demographics") or {}
        age_band, gender = str(demographics.get("age_band") or "")[:40], str(demographics.get("gender") or "")[:40]
        channel = event_channel or body.get("channel") or ""
        submitted_at = as_datetime(_moment(local_time))
        for position, item in enumerate(body.get("items") or []):
            text = (item.get("comment") or "").strip()
            key = item.get("node_key") or ""
            if not key or not (text or item.get("stance")):
                continue
            normalised = normalise(text)
            article = article_of(key)
            chapter = chapters[consultation.code].get(article, "")
            yield (
                consultation.pk, pk, position, receipt_code, key, article, chapter, item.get("stance") or "",
                text, normalised, text_hash(normalised), channel, kiosk_id, commune, province, submitted_at,
                str(contributor), age_band, gender, str(CommentStatus.RECEIVED), defaults[consultation.code].get(chapter), False,
            )  # fmt: skip


def _store(rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert the rows not indexed yet, the fastest way the engine has (COPY on PostgreSQL); returns how many.

    An item is indexed once: the constraint, not a check, decides. The only code that adds
    comments, so the one that puts them into the search's word index too.
    """
    with word_index.filled_after(connection):
        return insert_rows(Comment._meta.db_table, COMMENT_COLUMNS, rows, skip_existing=True)


def index_pending(*, actor: Any = None) -> int:
    """Index the comments of every applied batch not indexed yet, one batch per transaction; returns how many were added.

    Ingest calls this once a batch's events are committed; ``gopy central index`` too. Two
    workers at once add each comment once (index_comments).
    """
    pending = Batch.objects.filter(comments_pending=True).order_by("pk").values_list("pk", flat=True)
    return sum(index_comments(batch_id, actor=actor) for batch_id in list(pending))


@transaction.atomic
def index_comments(batch_id: int, *, actor: Any = None) -> int:
    """Index the commented items an applied batch carried, and mark the batch indexed.

    Returns how many comments were added. Revoked events are left out.
    """
    Batch.objects.filter(pk=batch_id).update(comments_pending=False)
    events = Event.objects.filter(batch_id=batch_id, kind=SUBMISSION, revoked=False).order_by("seq")
    codes = set(events.order_by().values_list("consultation_code", flat=True).distinct())
    consultations = {c.code: c for c in Consultation.objects.filter(code__in=codes)}
    if not consultations:
        return 0
    added = _store(_comment_rows(events, consultations))
    if added:
        record(EventType.COMMENTS_INDEXED, actor=actor, target_type="batch", target_id=batch_id, extra={"added": added})
        public_cache.bump()  # an indexed receipt shows confirmed groups, not repeated words
    return added


@transaction.atomic
def do_reindex_consultation(code: str, *, actor: Any = None) -> int:
    """Index every submission of ``code`` not indexed yet (until ingest calls index_comments, and after revocations)."""
    consultation = _consultation(code)
    events = Event.objects.filter(consultation_code=code, kind=SUBMISSION, revoked=False).order_by("kiosk_id", "epoch", "seq")
    added = _store(_comment_rows(events, {code: consultation}))
    # Keys revoked since: their comments stay, marked, out of every count.
    revoked = Comment.objects.filter(consultation=consultation, revoked=False, event__revoked=True).update(revoked=True)
    record(EventType.COMMENTS_INDEXED, actor=actor, target_type="consultation", target_id=code, extra={"added": added, "revoked": revoked})
    public_cache.bump()
    return added


def counted(consultation: Consultation) -> Any:
    """The comments every count and every listing starts from: all but those of revoked keys."""
    return Comment.objects.filter(consultation=consultation, revoked=False)


def _consultation(code: str) -> Consultation:
    found = Consultation.objects.filter(code=code).first()
    if found is None:
        raise NotFoundError(_("No consultation with the code {code}.").format(code=code))
    return found


# ---------------------------------------------------------------- duplicate groups


def shingles(normalised: str, size: int = 2) -> set[str]:
    """Syllable shingles: Vietnamese writes one syllable per word, so words are syllables."""
    words = normalised.split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@functools.cache
def _minhash_setup(threshold: float, num_perm: int) -> tuple[Any, tuple[int, int]]:
    """The permutations and the LSH's bands and rows, computed once per threshold: each costs more than a thousand hashes."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations, (lsh.b, lsh.r)


def near_clusters(texts: dict[int, str], threshold: float, *, num_perm: int = 128) -> list[set[int]]:
    """Clusters (of the keys of ``texts``, normalised texts) whose MinHash Jaccard estimate reaches ``threshold``.

    Exact duplicates collapse first (one MinHash per distinct text); LSH proposes
    candidates and each candidate pair is kept only if its estimate holds.
    """
    from datasketch import MinHash, MinHashLSH  # imported here: only grouping needs it

    by_text: dict[str, list[int]] = defaultdict(list)
    for key, text in texts.items():
        by_text[text].append(key)
    union = _Union()
    for keys in by_text.values():
        for other in keys[1:]:
            union.join(keys[0], other)
    permutations, params = _minhash_setup(threshold, num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=params)
    hashes: dict[int, MinHash] = {}
    for keys in by_text.values():
        first = keys[0]
        words = shingles(texts[first])
        if not words:
            continue
        mh = MinHash(num_perm=num_perm, seed=1, permutations=permutations, scheme="affine32")
        mh.update_batch([w.encode("utf-8") for w in words])
        for candidate in lsh.query(mh):
            if hashes[candidate].jaccard(mh) >= threshold:
                union.join(first, candidate)
        lsh.insert(first, mh)
        hashes[first] = mh
    clusters: dict[int, set[int]] = defaultdict(set)
    for key in texts:
        clusters[union.find(key)].add(key)
    return [members for members in clusters.values() if len(members) > 1]


def _representative(members: list[Comment]) -> Comment:
    """The most common normalised text of the group, its earliest comment."""
    counts = Counter(m.folded_hash for m in members)
    return min(members, key=lambda m: (-counts[m.folded_hash], m.pk))


# Suggesting groups reads every comment not in a confirmed group: about 20 s per 100,000 on a 2-core centre
# (benchmarks/bench_console.py). Above this many, a click in the console would outlast the web worker's
# timeout (centre/core/commands.py): the operator runs ``gopy central group`` instead, and the groups appear.
ONLINE_GROUPING_LIMIT = 100_000


def check_online_grouping(code: str) -> None:
    """:raises ValidationError: when the consultation is too large to group within a web request."""
    consultation = _consultation(code)
    count = counted(consultation).filter(group__isnull=True).count()
    if count > ONLINE_GROUPING_LIMIT:
        raise ValidationError(
            _(
                "{count} comments are not in a confirmed group: suggesting groups for them takes minutes, longer than a page "
                "may wait. Ask the centre's operator to run: gopy central group --consultation {code}"
            ).format(count=count, code=code)
        )


@transaction.atomic
def do_suggest_groups(code: str, *, actor: Any = None, threshold: float | None = None) -> int:
    """Suggest duplicate groups among comments not in a confirmed group, per article. Returns how many were suggested.

    Earlier suggestions nobody confirmed are dismissed (kept) and their members freed first.
    """
    consultation = _consultation(code)
    review = settings_for(consultation)
    if threshold is not None:
        if not 0 < threshold <= 1:
            raise ValidationError(_("The near-duplicate threshold is a number above 0 and at most 1, such as 0.5."))
        review.near_threshold = threshold
        review.save(update_fields=["near_threshold"])
    stale = DuplicateGroup.objects.filter(consultation=consultation, state=GroupState.SUGGESTED)
    Comment.objects.filter(group__in=stale).update(group=None)
    stale.update(state=GroupState.DISMISSED, decided_at=clock.now())
    free = counted(consultation).filter(group__isnull=True).only("id", "article_key", "folded", "folded_hash")
    by_article: dict[str, dict[int, str]] = defaultdict(dict)
    comments: dict[int, Comment] = {}
    for comment in free.iterator(chunk_size=5000):
        if comment.folded:
            by_article[comment.article_key][comment.pk] = comment.folded
            comments[comment.pk] = comment
    now, made = clock.now(), 0
    for article, texts in sorted(by_article.items()):
        for cluster in near_clusters(texts, review.near_threshold):
            members = [comments[i] for i in sorted(cluster)]
            kind = GroupKind.EXACT if len({m.folded_hash for m in members}) == 1 else GroupKind.NEAR
            group = DuplicateGroup.objects.create(
                consultation=consultation, article_key=article, kind=kind, created_at=now, representative=_representative(members)
            )
            ids = sorted(cluster)
            for start in range(0, len(ids), _CHUNK):  # SQLite takes at most 32,766 parameters in one statement
                Comment.objects.filter(pk__in=ids[start : start + _CHUNK]).update(group=group)
            made += 1
    record(
        EventType.GROUPS_SUGGESTED,
        actor=actor,
        target_type="consultation",
        target_id=code,
        extra={"groups": made, "threshold": str(review.near_threshold)},
    )
    return made


@transaction.atomic
def do_confirm_group(group_id: int, *, actor: Any, representative_id: int | None = None) -> DuplicateGroup:
    """A person confirms a group; naming ``representative_id`` (one of its members) also chooses the text that stands for it."""
    group = DuplicateGroup.objects.select_for_update().get(pk=group_id)
    if group.state == GroupState.DISMISSED:
        raise ValidationError(_("This group was dismissed; suggest groups again or merge its comments."))
    old_representative = group.representative_id
    if representative_id is not None:
        if not group.members.filter(pk=representative_id).exists():
            raise ValidationError(_("The representative text must be one of the group's comments."))
        group.representative_id = representative_id
    group.state, group.decided_by, group.decided_at = GroupState.CONFIRMED, actor, clock.now()
    group.save()
    public_cache.bump()  # "one of N identical comments" on the portal
    record(
        EventType.GROUP_CONFIRMED,
        actor=actor,
        target_type="group",
        target_id=group.pk,
        extra={"members": group.members.count(), "representative": group.representative_id, "old_representative": old_representative},
    )
    return group


@transaction.atomic
def do_split_group(group_id: int, comment_ids: Iterable[int] | None = None, *, actor: Any) -> DuplicateGroup:
    """Take ``comment_ids`` out of the group (all of them when None): the group is dismissed when one member or none is left."""
    group = DuplicateGroup.objects.select_for_update().get(pk=group_id)
    members = group.members.all()
    leaving = list(members.values_list("pk", flat=True)) if comment_ids is None else [int(i) for i in comment_ids]
    members.filter(pk__in=leaving).update(group=None)
    remaining = group.members.order_by("pk")
    if remaining.count() < 2:
        remaining.update(group=None)
        group.state = GroupState.DISMISSED
    elif group.representative_id in leaving:
        group.representative = _representative(list(remaining))
    group.decided_by, group.decided_at = actor, clock.now()
    group.save()
    public_cache.bump()
    record(EventType.GROUP_SPLIT, actor=actor, target_type="group", target_id=group.pk, extra={"removed": sorted(leaving)})
    return group


def _group_state(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "state": group.state,
        "kind": group.kind,
        "representative": group.representative_id,
        "decided_by": group.decided_by_id,
        "decided_at": group.decided_at.isoformat() if group.decided_at else None,
    }


@dataclass(frozen=True)
class Merged:
    group: DuplicateGroup  # the group kept, holding every member
    undo: BulkAction  # what do_undo_bulk puts back


@transaction.atomic
def do_merge_groups(
    group_ids: Iterable[int],
    comment_ids: Iterable[int] = (),
    *,
    actor: Any,
    into: int | None = None,
    consultation: Consultation | None = None,
) -> Merged:
    """Merge groups (and loose comments) of one article into one group, confirmed by ``actor``; undone by do_undo_bulk.

    The group kept is ``into`` (else the first by number); the others are dismissed, kept as rows,
    their members moved, none lost. A group with its own answer can only be the one kept: an answer
    is never dropped. ``consultation``, when given, is the one every group must belong to.
    """
    wanted = sorted({int(i) for i in group_ids})
    loose = sorted({int(i) for i in comment_ids})
    groups = list(DuplicateGroup.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    if not groups or len(groups) != len(wanted) or (consultation is not None and any(g.consultation_id != consultation.pk for g in groups)):
        raise ValidationError(_("Choose groups of this consultation to merge."))
    if len(groups) + len(loose) < 2:
        raise ValidationError(_("Choose two or more groups to merge."))
    if len({g.consultation_id for g in groups}) != 1:
        raise ValidationError(_("Groups of different consultations cannot be merged."))
    if any(g.state == GroupState.DISMISSED for g in groups):
        raise ValidationError(_("A dismissed group cannot be merged; it has no comments any more."))
    if len({g.article_key for g in groups}) != 1:
        raise ValidationError(_("Only groups of the same article can be merged: the report shows each group under its article."))
    target = next((g for g in groups if g.pk == into), None) if into is not None else groups[0]
    if target is None:
        raise ValidationError(_("The group kept must be one of the groups merged."))
    others = [g for g in groups if g.pk != target.pk]
    answered = set(Answer.objects.filter(group_id__in=[g.pk for g in others]).values_list("group_id", flat=True))
    if answered:
        raise ValidationError(
            _("Group #{number} has its own answer: keep that group, and merge the others into it.").format(number=min(answered))
        )
    moving = Comment.objects.filter(consultation_id=target.consultation_id).filter(
        Q(group_id__in=[g.pk for g in others]) | Q(pk__in=loose, group__isnull=True)
    )
    loose_in_groups = Comment.objects.filter(pk__in=loose).exclude(group__isnull=True).exclude(group_id=target.pk)
    if loose_in_groups.exists():
        raise ValidationError(_("A comment already in another group is merged with its group, not alone."))
    if Comment.objects.filter(pk__in=loose).exclude(article_key=target.article_key).exists():
        raise ValidationError(_("Only groups of the same article can be merged: the report shows each group under its article."))
    before = {str(pk): {"group": group} for pk, group in moving.order_by("pk").values_list("pk", "group_id")}
    states = {str(g.pk): _group_state(g) for g in groups}
    now = clock.now()
    moved = list(moving.values_list("pk", flat=True))
    for start in range(0, len(moved), _CHUNK):
        Comment.objects.filter(pk__in=moved[start : start + _CHUNK]).update(group=target)
    DuplicateGroup.objects.filter(pk__in=[g.pk for g in others]).update(state=GroupState.DISMISSED, decided_by=actor, decided_at=now)
    if target.members.values("folded_hash").distinct().count() > 1:
        target.kind = GroupKind.NEAR
    target.state, target.decided_by, target.decided_at = GroupState.CONFIRMED, actor, now
    target.save()
    public_cache.bump()
    undo = BulkAction.objects.create(
        consultation_id=target.consultation_id,
        actor=actor,
        action="merge",
        params=canonical.dumps({"into": target.pk, "groups": states, "members": target.members.count()}).decode(),
        before=canonical.dumps(before).decode(),
        at=now,
    )
    record(
        EventType.GROUPS_MERGED,
        actor=actor,
        target_type="group",
        target_id=target.pk,
        extra={"merged": [g.pk for g in others], "comments": loose, "moved": len(moved), "undo": undo.pk},
    )
    return Merged(target, undo)


def _undo_merge(bulk: BulkAction) -> None:
    """Put the members of a merge back in their groups, and the groups back as they were; refused once the group changed."""
    params = canonical.loads(bulk.params)
    target = DuplicateGroup.objects.select_for_update().get(pk=params["into"])
    decided_since = target.decided_at is not None and target.decided_at > bulk.at  # confirmed again, a new representative…
    changed = decided_since or target.members.count() != params["members"] or target.state != GroupState.CONFIRMED
    if changed or Answer.objects.filter(group=target, written_at__gt=bulk.at).exists():
        raise ValidationError(_("The group changed after the merge; take comments out of it instead."))
    by_group: dict[int | None, list[int]] = defaultdict(list)
    for key, state in canonical.loads(bulk.before).items():
        by_group[state["group"]].append(int(key))
    for group_id, ids in by_group.items():
        for start in range(0, len(ids), _CHUNK):
            Comment.objects.filter(pk__in=ids[start : start + _CHUNK], group_id=target.pk).update(group_id=group_id)
    for key, state in params["groups"].items():
        DuplicateGroup.objects.filter(pk=int(key)).update(
            state=state["state"],
            kind=state["kind"],
            representative_id=state["representative"],
            decided_by_id=state["decided_by"],
            decided_at=_moment(state["decided_at"]),
        )


# ---------------------------------------------------------------- answers


def covered_comments(answer: Answer) -> Any:
    """The comments an answer reaches: its comment, its group's members, or every comment at or under its key."""
    if answer.scope == AnswerScope.COMMENT:
        return Comment.objects.filter(pk=answer.comment_id)
    if answer.scope == AnswerScope.GROUP:
        return Comment.objects.filter(group_id=answer.group_id)
    key = answer.legal_key or ""
    return Comment.objects.filter(Q(legal_key=key) | Q(legal_key__startswith=key + "/"), consultation_id=answer.consultation_id)


@transaction.atomic
def do_answer(
    consultation: Consultation,
    *,
    actor: Any,
    outcome: str,
    text: str,
    comment_id: int | None = None,
    group_id: int | None = None,
    legal_key: str | None = None,
) -> Answer:
    """Write (or rewrite, until published) the answer to a comment, a group or a legal key; what it reaches becomes answered."""
    if outcome not in ResponseStatus.values:
        raise ValidationError(_("Choose accepted, partly accepted, not accepted or explained."))
    if not text.strip():
        raise ValidationError(_("An answer needs its text: what was accepted, or why not."))
    targets = [t for t in (comment_id, group_id, legal_key) if t]
    if len(targets) != 1:
        raise ValidationError(_("An answer is to one comment, one group or one article, clause or point."))
    if comment_id:
        scope, lookup = AnswerScope.COMMENT, {"comment_id": comment_id}
        Comment.objects.get(pk=comment_id, consultation=consultation)
    elif group_id:
        scope, lookup = AnswerScope.GROUP, {"group_id": group_id}
        DuplicateGroup.objects.get(pk=group_id, consultation=consultation)
    else:
        scope, lookup = AnswerScope.KEY, {"legal_key": legal_key}
    answer = Answer.objects.select_for_update().filter(consultation=consultation, **lookup).first()
    old = None
    if answer is None:
        answer = Answer(consultation=consultation, scope=scope, **lookup)
    else:
        if answer.published_at is not None:
            raise ValidationError(_("This answer is published; it cannot be changed any more."))
        old = {"outcome": answer.outcome, "text": answer.text}
    answer.outcome, answer.text = outcome, text.strip()
    answer.written_by, answer.written_at = actor, clock.now()
    answer.approved_by, answer.approved_at = None, None  # a changed answer needs approving again
    answer.save()
    covered_comments(answer).filter(status__in=[CommentStatus.RECEIVED, CommentStatus.IN_REVIEW]).update(status=CommentStatus.ANSWERED)
    record(
        EventType.ANSWER_WRITTEN,
        actor=actor,
        target_type="answer",
        target_id=answer.pk,
        extra={
            "scope": scope,
            "target": str(comment_id or group_id or legal_key),
            "old": old,
            "new": {"outcome": outcome, "text": answer.text},
        },
    )
    return answer


@transaction.atomic
def do_approve_answers(answer_ids: Iterable[int], *, actor: Any) -> int:
    """A lead approves answers (their own agency's: the view checks); approval comes before publishing."""
    ids = sorted(int(i) for i in answer_ids)
    count = Answer.objects.filter(pk__in=ids, approved_at__isnull=True, published_at__isnull=True).update(
        approved_by=actor, approved_at=clock.now()
    )
    record(
        EventType.ANSWER_APPROVED, actor=actor, target_type="answers", target_id=",".join(map(str, ids))[:200], extra={"approved": count}
    )
    return count


@dataclass(frozen=True)
class Published:
    answers: int
    comments: int
    unapproved: int


@transaction.atomic
def do_publish_answers(code: str, *, actor: Any) -> Published:
    """Publish every approved answer of ``code``: they go to the kiosks in their next package. Unapproved ones wait."""
    consultation = _consultation(code)
    ready = list(Answer.objects.filter(consultation=consultation, approved_at__isnull=False, published_at__isnull=True))
    now = clock.now()
    comments = 0
    for answer in ready:
        answer.published_at = now
        answer.save(update_fields=["published_at"])
        comments += covered_comments(answer).exclude(status=CommentStatus.PUBLISHED).update(status=CommentStatus.PUBLISHED)
    waiting = Answer.objects.filter(consultation=consultation, approved_at__isnull=True, published_at__isnull=True).count()
    public_cache.bump()  # the answers show on the portal at once
    record(
        EventType.ANSWERS_PUBLISHED,
        actor=actor,
        target_type="consultation",
        target_id=code,
        extra={"answers": len(ready), "comments": comments, "unapproved": waiting},
    )
    return Published(len(ready), comments, waiting)


# ---------------------------------------------------------------- assignees, tags, statuses, bulk


def chapters_of(consultation: Consultation) -> set[str]:
    """The chapter keys of the draft ("chapter:II"), and "" when some article stands in no chapter."""
    return set(article_chapters(draft_trees(consultation.code)).values())


def _check_assignee(consultation: Consultation, user: Any) -> None:
    if user is None:
        return
    if not user.is_active or user.role not in (Role.OFFICER, Role.LEAD) or user.agency_id != consultation.agency_id:
        raise ValidationError(_("Comments are assigned to an officer or a lead of the consultation's agency."))


@transaction.atomic
def do_set_chapter_assignee(consultation: Consultation, chapter_key: str, user: Any, *, actor: Any) -> None:
    """The default assignee of a chapter's comments: set on comments not assigned yet, and on comments indexed later.

    Comments someone already has keep their assignee (a bulk action moves them). ``user`` None clears the default.
    """
    if chapter_key not in chapters_of(consultation):
        raise ValidationError(_("The draft has no chapter {chapter}.").format(chapter=chapter_key))
    _check_assignee(consultation, user)
    review = ReviewSettings.objects.select_for_update().get(pk=settings_for(consultation).pk)
    mapping = canonical.loads(review.chapter_assignees)
    old = mapping.get(chapter_key)
    mapping[chapter_key] = user.pk if user else None
    review.chapter_assignees = canonical.dumps(mapping).decode()
    review.save(update_fields=["chapter_assignees"])
    assigned = 0
    if user is not None:
        assigned = Comment.objects.filter(consultation=consultation, chapter_key=chapter_key, assignee__isnull=True).update(assignee=user)
    record(
        EventType.REVIEW_SETTINGS_CHANGED,
        actor=actor,
        target_type="consultation",
        target_id=consultation.code,
        extra={"chapter": chapter_key, "old": old, "new": mapping[chapter_key], "assigned": assigned},
    )


@transaction.atomic
def do_set_chapter_assignees(consultation: Consultation, wanted: dict[str, Any], *, actor: Any) -> int:
    """Several chapters' default assignees at once (the console's form): only those that change, each audited. Returns how many."""
    current = canonical.loads(settings_for(consultation).chapter_assignees)
    changed = 0
    for chapter, user in sorted(wanted.items()):
        if current.get(chapter) != (user.pk if user else None):
            do_set_chapter_assignee(consultation, chapter, user, actor=actor)
            changed += 1
    return changed


BULK_ACTIONS = ("assign", "tag", "untag", "status")
_MANUAL_STATUSES = (CommentStatus.RECEIVED, CommentStatus.IN_REVIEW)


def _state_of(comment: Comment) -> dict[str, Any]:
    return {"status": comment.status, "assignee": comment.assignee_id, "tags": sorted(t.pk for t in comment.tags.all())}


@transaction.atomic
def do_bulk(consultation: Consultation, comment_ids: Iterable[int], action: str, *, actor: Any, value: Any = None) -> BulkAction:
    """One change on a selection, audited once, with what each comment had before (for undo).

    ``assign``: value a user or None; ``tag``/``untag``: value a tag name; ``status``: received or in_review
    (answered and published follow from answers, never from a bulk action).
    """
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action: {action}.").format(action=action))
    selection = list(Comment.objects.filter(consultation=consultation, pk__in=list(comment_ids)).prefetch_related("tags").order_by("pk"))
    if not selection:
        raise ValidationError(_("Select at least one comment."))
    before = {str(c.pk): _state_of(c) for c in selection}
    params: dict[str, Any] = {"value": getattr(value, "pk", value)}
    ids = [c.pk for c in selection]
    rows = Comment.objects.filter(pk__in=ids)
    if action == "assign":
        _check_assignee(consultation, value)
        rows.update(assignee=value)
    elif action in ("tag", "untag"):
        name = " ".join(str(value or "").split())
        if not name:
            raise ValidationError(_("A tag needs a name."))
        tag, _created = Tag.objects.get_or_create(consultation=consultation, name=name)
        through = Comment.tags.through
        if action == "tag":
            through.objects.bulk_create([through(comment_id=i, tag_id=tag.pk) for i in ids], ignore_conflicts=True)
        else:
            through.objects.filter(comment_id__in=ids, tag_id=tag.pk).delete()  # the agency's label, not the citizen's words
        params["value"] = name
    else:
        if value not in _MANUAL_STATUSES:
            raise ValidationError(_("A selection can be set to received or in review; answers set the rest."))
        rows.filter(status__in=_MANUAL_STATUSES).update(status=value)
    bulk = BulkAction.objects.create(
        consultation=consultation,
        actor=actor,
        action=action,
        params=canonical.dumps(params).decode(),
        before=canonical.dumps(before).decode(),
        at=clock.now(),
    )
    record(
        EventType.BULK_ACTION, actor=actor, target_type="bulk", target_id=bulk.pk, extra={"action": action, **params, "comments": len(ids)}
    )
    return bulk


@transaction.atomic
def do_undo_bulk(bulk_id: int, *, actor: Any, consultation: Consultation | None = None) -> BulkAction:
    """Put back what each comment had before the bulk action (a status that answers moved on since stays), or undo a merge.

    ``consultation``, when given, is the one the action must belong to (the console's pages pass theirs).
    """
    bulk = BulkAction.objects.select_for_update().filter(pk=bulk_id).first()
    if bulk is None or (consultation is not None and bulk.consultation_id != consultation.pk):
        raise NotFoundError(_("No such action to undo."))
    if bulk.undone_at is not None:
        raise ValidationError(_("This action was already undone."))
    if bulk.action == "merge":
        _undo_merge(bulk)
    else:
        _undo_comments(bulk)
    bulk.undone_at = clock.now()
    bulk.save(update_fields=["undone_at"])
    public_cache.bump()  # an undone merge changes the portal's groups
    record(EventType.BULK_UNDONE, actor=actor, target_type="bulk", target_id=bulk.pk, extra={"action": bulk.action})
    return bulk


def _undo_comments(bulk: BulkAction) -> None:
    through = Comment.tags.through
    for key, state in canonical.loads(bulk.before).items():
        comment_id = int(key)
        if bulk.action == "assign":
            Comment.objects.filter(pk=comment_id).update(assignee_id=state["assignee"])
        elif bulk.action in ("tag", "untag"):
            through.objects.filter(comment_id=comment_id).exclude(tag_id__in=state["tags"]).delete()
            through.objects.bulk_create([through(comment_id=comment_id, tag_id=t) for t in state["tags"]], ignore_conflicts=True)
        else:
            Comment.objects.filter(pk=comment_id, status__in=_MANUAL_STATUSES).update(status=state["status"])


@transaction.atomic
def do_save_filter(user: Any, consultation: Consultation, name: str, query: str) -> SavedFilter:
    """A user's own named queue filter (not audited: it changes nothing anyone else sees)."""
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, consultation=consultation, name=name.strip()[:80], defaults={"query": query}
    )
    return saved
