"""Results of closed consultations, for people who were not there: the notice board and the home screen.

The centre counts; the kiosk only shows what the centre sent down with its
package (``results``, ``ideas`` and ``responses`` tables). :func:`results_for`
turns it into :class:`Results`: the same headings, sentences and tables the
poster prints (:mod:`kiosk.receipts.poster`) and a screen shows, in one
language. A vote's verified and anonymous counts stay side by side: they are
never added up into one figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk import canonical, i18n
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus
from kiosk.errors import NotFoundError, ValidationError
from kiosk.i18n import N_, _
from kiosk.legal_key import label_for_key
from kiosk.qr_code import DEFAULT_PORTAL, results_payload
from kiosk.storage.db import Store

TOP_IDEAS = 3  # the most supported ideas shown (one A4 sheet); every idea is in the full report behind the QR code

Translate = Callable[[str], str]


@dataclass(frozen=True)
class ResultRow:
    label: str  # the first, short column: "1", "Điều 5", a category
    text: str  # the option, the idea, the agency's decision
    detail: str = ""  # a description, a hamlet, the agency's reasons
    figures: tuple[str, ...] = ()  # the numbers, one per figure column


@dataclass(frozen=True)
class ResultTable:
    heading: str
    columns: tuple[str, ...]  # label, text, then one per figure
    rows: tuple[ResultRow, ...]
    note: str = ""  # under the table
    bars: bool = False  # the figures are best seen as bars side by side (a vote's verified and unverified counts)


@dataclass(frozen=True)
class Results:
    """What is known of a closed consultation, ready to show or print."""

    code: str
    kind: ConsultationKind
    heading: str  # "VOTE RESULTS" and the like, already in the language
    title: str
    agency: str
    commune_name: str
    period: str  # "Open from 01/11/2026 to 30/11/2026"
    summary: tuple[str, ...]
    tables: tuple[ResultTable, ...]
    report_url: str  # the full report, for the QR code
    report_hint: str  # where the full report is
    qr_caption: str  # under the QR code
    language: str

    def lines(self) -> list[str]:
        """Everything as lines of plain text, in the order the poster prints it."""
        lines = [self.heading, self.title, self.agency, self.period, *self.summary]
        for table in self.tables:
            lines.append(table.heading)
            for row in table.rows:
                figures = " · ".join(f"{name}: {value}" for name, value in zip(table.columns[2:], row.figures, strict=False))
                first = f"{row.label}. {row.text}" if row.label else row.text
                lines.append(" — ".join(part for part in (first, row.detail, figures) if part))
            if table.note:
                lines.append(table.note)
        lines.append(self.report_hint)
        return lines


def has_results(store: Store, code: str) -> bool:
    """Whether the results of ``code`` can be shown: it is closed and the centre's results are here."""
    try:
        consultation = ConsultationRepository(store).get(code)
    except NotFoundError:
        return False
    return consultation.status == ConsultationStatus.CLOSED and _stored(store, code) is not None


def results_for(store: Store, code: str, *, language: str | None = None) -> Results:
    """The results of consultation ``code`` in ``language`` (the kiosk's current one when not given).

    :raises NotFoundError: when the kiosk has no such consultation, it is still
        open, or the centre's results have not arrived yet
    """
    from kiosk.receipts.language import local_date  # babel's dates: not needed for the home screen's list

    repo = ConsultationRepository(store)
    consultation = repo.get(code)
    if consultation.status != ConsultationStatus.CLOSED:
        raise NotFoundError(_("“{title}” is not closed yet: its results are shown once it has closed.").format(title=consultation.title))
    stored = _stored(store, code)
    if stored is None:
        raise NotFoundError(
            _("The results of “{title}” have not arrived from the centre yet: they come with its next package.").format(
                title=consultation.title
            )
        )
    language = language or i18n.current_language()
    tr = i18n.translator(language)
    kind = ConsultationKind(consultation.kind)
    if kind == ConsultationKind.VOTE:
        heading, summary, tables = _vote(repo, consultation, stored, tr)
    elif kind == ConsultationKind.IDEAS:
        heading, summary, tables = _ideas(store, consultation, stored, tr)
    else:
        heading, summary, tables = _draft(store, repo, consultation, stored, tr)
    identity = store.query_one("SELECT commune_name FROM identity")
    portal = store.setting("portal_url", DEFAULT_PORTAL) or DEFAULT_PORTAL
    try:
        report_url = results_payload(portal, consultation.code)
    except ValueError as error:
        raise ValidationError(
            _("The kiosk's portal address “{url}” is not an http(s) address; an administrator can correct it.").format(url=portal)
        ) from error
    return Results(
        code=consultation.code,
        kind=kind,
        heading=heading,
        title=consultation.title,
        agency=consultation.agency,
        commune_name=identity["commune_name"] if identity else "",
        period=tr(N_("Open from {opens} to {closes}")).format(
            opens=local_date(consultation.opens_on, language), closes=local_date(consultation.closes_on, language)
        ),
        summary=tuple(summary),
        tables=tuple(tables),
        report_url=report_url,
        report_hint=tr(N_("The full report: scan the QR code, or ask at the commune office.")),
        qr_caption=tr(N_("Scan for the full report")),
        language=language,
    )


def _stored(store: Store, code: str) -> dict | None:
    row = store.query_one("SELECT body FROM results WHERE consultation_code = ?", (code,))
    return canonical.loads(row["body"]) if row else None


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _vote(repo: ConsultationRepository, consultation: Consultation, stored: dict, _: Translate):
    options = repo.vote_options(consultation.code)
    counted = {o.get("position"): o for o in stored.get("options", []) if isinstance(o, dict)}
    verified, anonymous = _count(stored.get("verified")), _count(stored.get("anonymous"))
    summary = [
        _("{count} votes were received.").format(count=_count(stored.get("submissions"))),
        _(
            "Votes verified by a citizen ID number, one per person: {verified}. Votes without verification: {anonymous}. "
            "The two are counted separately."
        ).format(verified=verified, anonymous=anonymous),
    ]
    if _count(stored.get("duplicate")):
        summary.append(
            _("{count} votes repeated an ID number that had already voted: only the first vote of each ID number counts.").format(
                count=_count(stored.get("duplicate"))
            )
        )
    if _count(stored.get("invalid_id")):
        summary.append(
            _("{count} votes carried an ID number that is not valid: they are counted as votes without verification.").format(
                count=_count(stored.get("invalid_id"))
            )
        )
    others = _count(stored.get("spoilt")) + _count(stored.get("unreadable"))
    if others:
        summary.append(_("{count} votes could not be counted.").format(count=others))
    if consultation.max_choices > 1:
        summary.append(_("Each voter could choose up to {count} options.").format(count=consultation.max_choices))
    rows = []
    for option in options:
        figures = counted.get(option.position, {})
        rows.append(
            ResultRow(
                str(option.position),
                option.title,
                option.description,
                (str(_count(figures.get("verified"))), str(_count(figures.get("anonymous")))),
            )
        )
    table = ResultTable(
        _("Votes for each option"), (_("No."), _("Option"), _("Verified"), _("Not verified")), tuple(rows), bars=True
    )
    return _("Vote results"), summary, [table]


def _ideas(store: Store, consultation: Consultation, stored: dict, _: Translate):
    ideas, supports = _count(stored.get("ideas")), _count(stored.get("supports"))
    summary = [
        _("{ideas} ideas were put forward; people said “I have this problem too” {supports} times.").format(
            ideas=ideas, supports=supports
        )
    ]
    categories = [c for c in stored.get("categories", []) if isinstance(c, dict)]
    by_category = ResultTable(
        _("Ideas by category"),
        ("", _("Category"), _("Ideas"), _("Supports")),
        tuple(
            ResultRow("", str(c.get("category", "")), "", (str(_count(c.get("ideas"))), str(_count(c.get("supports")))))
            for c in categories
        ),
    )
    rows = store.query(
        "SELECT * FROM ideas WHERE consultation_code = ? AND listed_by_centre = 1 AND centre_supports > 0"
        " ORDER BY centre_supports DESC, centre_rank LIMIT ?",
        (consultation.code, TOP_IDEAS),
    )
    top = ResultTable(
        _("The most supported ideas"),
        (_("No."), _("Idea"), _("Supports")),
        tuple(
            ResultRow(str(n), row["proposal"] or row["problem"], f"{row['category']} · {row['hamlet']}", (str(row["centre_supports"]),))
            for n, row in enumerate(rows, start=1)
        ),
    )
    return _("Results of the call for ideas"), summary, [by_category, top] if rows else [by_category]


def _status_label(status: str, _: Translate) -> str:
    return {
        "accepted": _("Accepted"),
        "partly_accepted": _("Partly accepted"),
        "not_accepted": _("Not accepted"),
        "explained": _("Explained"),
    }.get(status, status)


def _draft(store: Store, repo: ConsultationRepository, consultation: Consultation, stored: dict, _: Translate):
    draft_id = repo.current_draft_id(consultation.code)
    opinions = {a["key"]: sum(_count(a.get(s)) for s in ("agree", "disagree", "other")) for a in stored.get("articles", []) if "key" in a}
    responses = store.query(
        "SELECT legal_key, status, text FROM responses WHERE consultation_code = ? AND receipt_code IS NULL AND legal_key IS NOT NULL",
        (consultation.code,),
    )

    def place(key: str) -> tuple[int, str]:
        node = repo.node_by_key(draft_id, key) if draft_id else None
        return (node.position if node else 10**9, key)

    rows = []
    for response in sorted(responses, key=lambda r: place(r["legal_key"])):
        node = repo.node_by_key(draft_id, response["legal_key"]) if draft_id else None
        rows.append(
            ResultRow(
                label_for_key(response["legal_key"], node.title if node else ""),
                _status_label(response["status"], _),
                response["text"],
                (str(opinions.get(response["legal_key"], 0)),),
            )
        )
    summary = [_("{count} people gave their opinion on the draft.").format(count=_count(stored.get("submissions")))]
    if not rows:
        summary.append(_("The drafting agency has not answered article by article yet."))
    table = ResultTable(
        _("The drafting agency's answer, article by article"), (_("Article"), _("Decision and reasons"), _("Opinions")), tuple(rows)
    )
    return _("Responses to the opinions given"), summary, [table] if rows else []
