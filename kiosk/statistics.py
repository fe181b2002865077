"""Numbers for the commune's superiors: what this kiosk collected, by day, article, stance, channel.

Counted from the stored events themselves (their hashed bodies), so the
statistics can never disagree with what will be sent to the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.legal_key import label_for_key
from kiosk.storage.db import Store


@dataclass(frozen=True)
class ArticleCount:
    legal_key: str
    label: str
    agree: int
    disagree: int
    other: int

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.other


@dataclass(frozen=True)
class Statistics:
    total: int
    per_day: list[tuple[date, int]]
    per_consultation: list[tuple[str, int]]
    per_channel: dict[str, int]
    per_stance: dict[str, int]
    per_article: list[ArticleCount]


def statistics(store: Store, consultation_code: str | None = None) -> Statistics:
    """Counts over every submission stored here, or over one consultation's."""
    where, params = "kind = 'submission'", []
    if consultation_code:
        where += " AND consultation_code = ?"
        params.append(consultation_code)
    total = store.query_one(f"SELECT count(*) AS n FROM events WHERE {where}", tuple(params))["n"]
    per_day = [
        (date.fromisoformat(r["day"]), r["n"])
        for r in store.query(
            f"SELECT substr(created_at, 1, 10) AS day, count(*) AS n FROM events WHERE {where} GROUP BY day ORDER BY day", tuple(params)
        )
    ]
    per_consultation = [
        (r["consultation_code"], r["n"])
        for r in store.query(
            f"SELECT consultation_code, count(*) AS n FROM events WHERE {where} GROUP BY consultation_code ORDER BY n DESC", tuple(params)
        )
    ]
    per_channel = {
        r["channel"]: r["n"]
        for r in store.query(f"SELECT channel, count(*) AS n FROM events WHERE {where} GROUP BY channel", tuple(params))
    }
    items = store.query(
        f"SELECT json_extract(item.value, '$.node_key') AS key, json_extract(item.value, '$.stance') AS stance, count(*) AS n"
        f" FROM events, json_each(events.body, '$.items') AS item WHERE {where} GROUP BY key, stance",
        tuple(params),
    )
    per_stance: dict[str, int] = {"agree": 0, "disagree": 0, "other": 0}
    by_key: dict[str, dict[str, int]] = {}
    for row in items:
        per_stance[row["stance"]] = per_stance.get(row["stance"], 0) + row["n"]
        by_key.setdefault(row["key"], {})[row["stance"]] = row["n"]
    titles = {r["legal_key"]: r["title"] for r in store.query("SELECT legal_key, title FROM nodes WHERE kind = 'article'")}
    per_article = sorted(
        (
            ArticleCount(key, label_for_key(key, titles.get(key, "")), c.get("agree", 0), c.get("disagree", 0), c.get("other", 0))
            for key, c in by_key.items()
        ),
        key=lambda a: -a.total,
    )
    return Statistics(total, per_day, per_consultation, per_channel, per_stance, per_article)
