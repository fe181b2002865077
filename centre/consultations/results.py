"""Counting at the centre: ideas with their supports, and votes, verified and anonymous, kept apart.

An event signed by a revoked key is never counted (the selectors leave it out).

A vote is sealed at the kiosk; only the centre's sealing key opens it. Each
vote is then put in exactly one class, in the order the votes reached the
centre (batch, then kiosk, epoch and sequence; never the kiosks' clocks):

``verified``   an ID number that is a well-formed citizen identity number
               (CCCD), not seen on an earlier vote: counted as verified;
``duplicate``  that ID number was on an earlier vote: flagged, not counted
               (the first vote counts);
``anonymous``  no ID number: counted as anonymous;
``invalid_id`` an ID number that is not a well-formed CCCD, or personal data
               that cannot be opened: counted as anonymous and flagged;
``spoilt``     choices that do not fit the ballot: flagged, not counted;
``unreadable`` a vote the centre's key cannot open: flagged, not counted.

Verified and anonymous counts are reported side by side, never added up.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nacl.public import PrivateKey

from centre.consultations import selectors
from kiosk import canonical
from kiosk.citizen_id import compact_id_number, is_citizen_id
from kiosk.text import fold
from sync.errors import Undecryptable
from sync.keys import b64decode, unseal

PERSONAL_FIELDS = ("name", "phone", "id_number", "address")


class VoteClass(enum.StrEnum):
    VERIFIED = "verified"
    DUPLICATE = "duplicate"
    ANONYMOUS = "anonymous"
    INVALID_ID = "invalid_id"
    SPOILT = "spoilt"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Ballot:
    """One vote as the centre counted it. ``choices`` never leaves the centre's tally."""

    row: dict[str, Any]  # the event's columns (kiosk_id, epoch, seq, receipt_code, …)
    cls: VoteClass
    choices: tuple[int, ...] = ()
    personal: dict[str, str] = field(default_factory=dict)
    duplicate_of: str = ""  # the receipt code of the vote that counted for this ID number


@dataclass(frozen=True)
class VoteTally:
    options: list[dict[str, Any]]
    verified: list[int]  # per option, in ballot order
    anonymous: list[int]
    ballots: list[Ballot]

    def count(self, *classes: VoteClass) -> int:
        return sum(1 for ballot in self.ballots if ballot.cls in classes)

    @property
    def verified_votes(self) -> int:
        return self.count(VoteClass.VERIFIED)

    @property
    def anonymous_votes(self) -> int:
        """Votes counted as anonymous: without an ID number, or with one that could not be verified."""
        return self.count(VoteClass.ANONYMOUS, VoteClass.INVALID_ID)


def open_sealed(sealing: PrivateKey, sealed: Any) -> dict[str, Any]:
    """What the kiosk sealed (``{"key_id", "ct"}``), opened with the centre's key.

    :raises Undecryptable: when it cannot be opened or read
    """
    try:
        value = canonical.loads(unseal(sealing, b64decode(sealed["ct"])))
    except (KeyError, TypeError, ValueError) as error:
        raise Undecryptable(str(error)) from error
    if not isinstance(value, dict):
        raise Undecryptable("not an object")
    return value


def open_personal(sealing: PrivateKey, sealed: Any) -> dict[str, str]:
    fields = open_sealed(sealing, sealed)
    return {name: str(fields.get(name, "")) for name in PERSONAL_FIELDS}


def _arrival(row: dict[str, Any]) -> tuple:
    return (row["batch_id"], row["kiosk_id"], row["epoch"], row["seq"])


def tally_votes(code: str, spec: dict[str, Any], sealing: PrivateKey, *, rows: Iterable[dict[str, Any]] | None = None) -> VoteTally:
    """Every counted vote of ``code`` opened, classed and counted (see the module's docstring).

    :param rows: the submissions to count, when not the centre's own (a test's, say)
    """
    options = spec.get("options", [])
    max_choices = spec.get("max_choices", 1)
    verified, anonymous = [0] * len(options), [0] * len(options)
    first_by_id: dict[str, str] = {}
    ballots = []
    for row in sorted(selectors.submissions(code) if rows is None else rows, key=_arrival):
        event = canonical.loads(row["body"])
        try:
            vote = open_sealed(sealing, event["vote"])
            choices = vote["choices"]
            if vote.get("submission") != event.get("id") or not isinstance(choices, list):
                raise Undecryptable("a vote sealed for another submission")
        except (KeyError, TypeError, Undecryptable):
            ballots.append(Ballot(row, VoteClass.UNREADABLE))
            continue
        if (
            not choices
            or len(choices) > max_choices
            or len(set(choices)) != len(choices)
            or any(isinstance(c, bool) or not isinstance(c, int) or not 0 <= c < len(options) for c in choices)
        ):
            ballots.append(Ballot(row, VoteClass.SPOILT))
            continue
        choices = tuple(sorted(choices))
        personal, cls, duplicate_of = dict.fromkeys(PERSONAL_FIELDS, ""), VoteClass.ANONYMOUS, ""
        if event.get("sealed"):
            try:
                personal = open_personal(sealing, event["sealed"])
            except Undecryptable:
                cls = VoteClass.INVALID_ID
        number = compact_id_number(personal["id_number"])
        if cls == VoteClass.ANONYMOUS and number:
            if not is_citizen_id(number):
                cls = VoteClass.INVALID_ID
            elif number in first_by_id:
                cls, duplicate_of = VoteClass.DUPLICATE, first_by_id[number]
            else:
                cls = VoteClass.VERIFIED
                first_by_id[number] = row["receipt_code"] or f"{row['kiosk_id']}/{row['epoch']}/{row['seq']}"
        counts = verified if cls == VoteClass.VERIFIED else anonymous if cls in (VoteClass.ANONYMOUS, VoteClass.INVALID_ID) else None
        if counts is not None:
            for choice in choices:
                counts[choice] += 1
        ballots.append(Ballot(row, cls, choices, personal, duplicate_of))
    return VoteTally(options, verified, anonymous, ballots)


@dataclass(frozen=True)
class IdeaCounts:
    ideas: list[dict[str, Any]]  # the idea rows (centre.consultations.selectors.ideas), each with its ``supports``
    by_category: list[tuple[str, int, int]]  # (category, ideas, supports), in the call's order of categories
    by_place: list[tuple[str, str, int, int]]  # (category, hamlet, ideas, supports)

    @property
    def supports(self) -> int:
        return sum(idea["supports"] for idea in self.ideas)


def count_ideas(code: str, spec: dict[str, Any]) -> IdeaCounts:
    ideas = selectors.ideas(code)
    order = {category: n for n, category in enumerate(spec.get("categories", []))}

    def rank(category: str) -> tuple[int, str]:
        return (order.get(category, len(order)), category)

    ideas_by: Counter = Counter()
    supports_by: Counter = Counter()
    for idea in ideas:
        ideas_by[(idea["category"], idea["hamlet"])] += 1
        supports_by[(idea["category"], idea["hamlet"])] += idea["supports"]
    places = sorted(ideas_by, key=lambda key: (rank(key[0]), fold(key[1]), key[1]))  # Thôn Bắc, Thôn Đông, Thôn Nam
    categories = sorted({category for category, _hamlet in ideas_by}, key=rank)
    return IdeaCounts(
        ideas,
        [
            (c, sum(n for (k, _h), n in ideas_by.items() if k == c), sum(n for (k, _h), n in supports_by.items() if k == c))
            for c in categories
        ],
        [(c, h, ideas_by[(c, h)], supports_by[(c, h)]) for c, h in places],
    )


# ---------------------------------------------------------------- what packages carry


def ideas_for_package() -> list[dict[str, Any]]:
    """The ideas of every ideas call the centre holds, with their support counts now."""
    out = []
    for code, spec in selectors.consultation_specs():
        if spec.get("kind") != "ideas":
            continue
        for idea in selectors.ideas(code):
            out.append(
                {
                    "id": idea["id"],
                    "consultation": code,
                    "category": idea["category"],
                    "hamlet": idea["hamlet"],
                    "problem": idea["problem"],
                    "proposal": idea["proposal"],
                    "commune_name": idea["commune_name"] or "",
                    "local_time": idea["local_time"] or "",
                    "supports": idea["supports"],
                }
            )
    return out


def results_for_package(sealing: PrivateKey) -> list[dict[str, Any]]:
    """The results of every closed consultation: what a kiosk shows and prints for the notice board.

    Only closed ones: a running count could sway the people still to vote.
    """
    out = []
    for code, spec in selectors.consultation_specs():
        if spec.get("status") == "closed":
            out.append(consultation_results(code, spec, sealing))
    return out


def consultation_results(code: str, spec: dict[str, Any], sealing: PrivateKey) -> dict[str, Any]:
    kind = spec.get("kind", "draft")
    result: dict[str, Any] = {"code": code, "kind": kind, "submissions": selectors.submission_count(code)}
    if kind == "vote":
        tally = tally_votes(code, spec, sealing)
        result |= {
            "options": [
                {"position": n, "title": option["title"], "verified": tally.verified[n - 1], "anonymous": tally.anonymous[n - 1]}
                for n, option in enumerate(tally.options, start=1)
            ],
            "verified": tally.verified_votes,
            "anonymous": tally.anonymous_votes,
            **{cls.value: tally.count(cls) for cls in (VoteClass.INVALID_ID, VoteClass.DUPLICATE, VoteClass.SPOILT, VoteClass.UNREADABLE)},
        }
    elif kind == "ideas":
        counts = count_ideas(code, spec)
        result |= {
            "ideas": len(counts.ideas),
            "supports": counts.supports,
            "categories": [{"category": c, "ideas": n, "supports": s} for c, n, s in counts.by_category],
        }
    else:
        stances: dict[str, Counter] = {}
        for row in selectors.submissions(code):
            for item in canonical.loads(row["body"]).get("items", []):
                stances.setdefault(item["node_key"], Counter())[item["stance"]] += 1
        result["articles"] = [
            {"key": key, **{stance: counter[stance] for stance in ("agree", "disagree", "other")}}
            for key, counter in sorted(stances.items())
        ]
    return result
