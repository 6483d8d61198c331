"""Conflicting figures: the same quantity stated with values that cannot both be right.

Two figures conflict when they are in different claims and have

* the same unit (currency code, percent, or the same counted noun: "detainees"),
* the same metric (both stated and alike: "bilateral trade" / "trade"); a figure without a
  metric qualifies only for counted units, where the noun says what is counted,
* the same year or period (figures.year), or no year on either side and articles published
  in the same year (or undated),
* a named entity or place in common (entities.canonical of the two claims),
* values that no reading can reconcile: outside each other's rounding, and not allowed by a
  bound or range (claimtrack.quantities.consistent). "More than a million" and "1.8 million"
  detainees do NOT conflict: a lower bound is consistent with a larger value. "$11.07 billion"
  and "$12 billion" do: 12 billion written to the billion is 11.5-12.5 billion.

Pairs are found when an article is stored (candidates through the entities.canonical index,
so the cost does not grow with the whole figures table) and kept in ``figure_conflict_pairs``;
the ``figure_conflicts`` view shows them with both claims, sources and articles.
"""

from __future__ import annotations

import json

import sqlite_utils
from rapidfuzz import fuzz

from claimtrack import matching, quantities

# rapidfuzz token_set_ratio at which two metrics name the same thing: "bilateral trade" and
# "trade" (a subset) pass, "unemployment" and "inflation" do not.
METRIC_MATCH = 85

# A figure is compared with the figures of the newest RECENT_MENTIONS mentions of each
# entity its claim names, not with every mention: "China" is named in a tenth of an
# archive's claims, and comparing with all of them made each stored article cost more than
# the one before (docs/scaling.md). A conflict with an older figure about a much-mentioned
# entity is the price.
RECENT_MENTIONS = 200
_FIGURE_COLUMNS = ("id", "claim_id", "article_id", "text", "value", "unit", "qualifier", "low",
                   "high", "year", "metric")


def same_metric(a: dict, b: dict) -> bool:
    """Do two figures measure the same thing? Compared by their metrics; when one lacks a
    metric ("Trade ... was $12 billion": a copula leaves none), by the other's metric words
    all being in its claim; without any metric, only a counted noun says what is measured."""
    if a.get("metric") and b.get("metric"):
        return fuzz.token_set_ratio(a["metric"].lower(), b["metric"].lower()) >= METRIC_MATCH
    for stated, other in ((a, b), (b, a)):
        if stated.get("metric") and other.get("claim"):
            # The metric's head noun (its last word: "bilateral trade" -> trade).
            words = matching.content_words(stated["metric"])
            return bool(words) and words[-1] in matching.content_words(other["claim"])
    return quantities.unit_kind(a.get("unit")) == "count" and bool(a.get("unit"))


def conflict_reason(a: dict, b: dict) -> str | None:
    """Why two figures of the same unit, period and entity conflict, or None."""
    if a.get("value") is None or b.get("value") is None or a["claim_id"] == b["claim_id"]:
        return None
    if (a.get("unit") or "").lower() != (b.get("unit") or "").lower() or not a.get("unit"):
        return None
    if (a.get("year") or None) != (b.get("year") or None) or not same_metric(a, b):
        return None
    if quantities.consistent(a, b):
        return None
    what = a.get("metric") or b.get("metric") or a["unit"]
    period = f" in {a['year']}" if a.get("year") else ""
    return f"{a['text']} vs {b['text']}: {what}{period}"


def _published_year(db: sqlite_utils.Database, article_id: str) -> str | None:
    row = db.execute("select substr(published, 1, 4) from articles where id = ?",
                     [article_id]).fetchone()
    return row[0] if row and row[0] else None


def find_conflicts(db: sqlite_utils.Database, article_id: str) -> list[dict]:
    """Conflict pairs between the article's figures and all stored figures (not yet saved):
    [{figure_id, other_figure_id, reason}] with figure_id < other_figure_id."""
    columns = ", ".join(f"f.{c}" for c in _FIGURE_COLUMNS) + \
        ", (select text from claims where claims.id = f.claim_id) as claim"
    labels = json.dumps(sorted(matching.ENTITY_LABELS))
    new = list(db.query(
        f"select {columns} from figures f where f.article_id = ? and f.value is not null "
        "and f.claim_id is not null", [article_id]))
    years = {article_id: _published_year(db, article_id)}
    pairs: dict[tuple[int, int], str] = {}
    for figure in new:
        others = db.query(
            f"""
            select distinct {columns} from entities mine
            join entities theirs on theirs.id in (
              select e.id from entities e where e.canonical = mine.canonical
              order by e.id desc limit :recent)
            join figures f on f.claim_id = theirs.claim_id
            where mine.claim_id = :claim and mine.label in (select value from json_each(:labels))
              and f.id != :id and f.claim_id != :claim and f.value is not null
              and f.unit = :unit and f.year is :year
            """,
            {"claim": figure["claim_id"], "labels": labels, "id": figure["id"],
             "recent": RECENT_MENTIONS,
             "unit": figure["unit"], "year": figure["year"]},
        )
        for other in others:
            if figure["year"] is None:
                if other["article_id"] not in years:
                    years[other["article_id"]] = _published_year(db, other["article_id"])
                mine, theirs = years[article_id], years[other["article_id"]]
                if mine and theirs and mine != theirs:
                    continue
            first, second = sorted((figure, other), key=lambda f: f["id"])
            reason = conflict_reason(first, second)
            if reason:
                pairs.setdefault((first["id"], second["id"]), reason)
    return [{"figure_id": a, "other_figure_id": b, "reason": reason}
            for (a, b), reason in sorted(pairs.items())]


def save_figure_conflicts(db: sqlite_utils.Database, rows: list[dict]) -> None:
    if rows:  # most articles have none: no schema look-up for nothing
        db["figure_conflict_pairs"].insert_all(rows, replace=True)


def after_article_saved(db: sqlite_utils.Database, article_id: str) -> None:
    """Hook for store.save_article (inside its transaction)."""
    save_figure_conflicts(db, find_conflicts(db, article_id))


def conflicts_for_article(db: sqlite_utils.Database, article_id: str) -> list[dict]:
    """Rows of the figure_conflicts view that involve the article (on either side)."""
    return list(db.query(
        "select * from figure_conflicts where article_id = :a or other_article_id = :a "
        "order by figure_id, other_figure_id", {"a": article_id}))


def conflicts_for_source(db: sqlite_utils.Database, source_id: int) -> list[dict]:
    """Rows of the figure_conflicts view where either claim is attributed to the source."""
    return list(db.query(
        """
        select * from figure_conflicts where claim_id in
          (select claim_id from attributions where source_id = :s)
          or other_claim_id in (select claim_id from attributions where source_id = :s)
        order by figure_id, other_figure_id
        """, {"s": source_id}))
