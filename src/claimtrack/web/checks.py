"""What the pages show from claim matching, figure conflicts, track records and
check-worthiness: "checked before" on claim cards, conflicting figures on article and source
pages, a source's track record, and the front page's "Worth checking" list.

The SQL stays where it is written once: ``claimtrack.checked`` and ``claimtrack.conflicts``
(synchronous sqlite-utils functions, run here on Datasette's read connection through
``execute_fn``) and ``canned_queries.worth_checking_sql`` (the canned query's SQL). Databases made
before these features lack their tables; the pages then show nothing of them.
"""

from __future__ import annotations

import sqlite_utils

from claimtrack import canned_queries, checked, conflicts
from claimtrack.web.common import article_page_url, fetch_rows, safe_http_url, source_page_url

# Claims in the front page's "Worth checking" list: a first screen of work; the canned query
# (canned_queries.WORTH_CHECKING_LIMIT rows) has the rest.
FRONT_PAGE_WORTH_CHECKING = 10


async def _run(db, function, *args):
    """``function(sqlite_utils.Database, *args)`` on one of Datasette's read connections."""
    def call(conn):
        # No pragmas, no plugins: the connection is Datasette's and stays as it was.
        return function(sqlite_utils.Database(conn, recursive_triggers=False,
                                              execute_plugins=False), *args)

    return await db.execute_fn(call)


async def _has_tables(db, *names: str) -> bool:
    for name in names:
        if not await db.table_exists(name):
            return False
    return True


async def checked_before(datasette, db, claim_ids: list[int]) -> dict[int, list[dict]]:
    """{claim id: [judged claims it matches, best first]} for the claim cards."""
    if not claim_ids or not await _has_tables(db, "claim_matches", "verdicts"):
        return {}
    found = await _run(db, checked.checked_before, claim_ids)
    return {
        claim_id: [
            {"rating": m.get("rating"), "claim": m.get("claim"),
             "claim_id": m["matched_claim_id"],
             "page_url": article_page_url(datasette, m["article_id"], m["matched_claim_id"]),
             "factcheck_url": safe_http_url(m.get("url")), "reviewer": m.get("reviewer"),
             "score": m.get("score"), "reasons": list(m.get("reasons") or [])}
            for m in matches
        ]
        for claim_id, matches in found.items()
    }


def _side(row: dict, mine: str, datasette) -> dict:
    """One figure of a conflict pair seen from the other: (this figure, the other one)."""
    other = "other_" if mine == "" else ""
    return {
        "figure_id": row[f"{mine}figure_id"],
        "claim_id": row[f"{mine}claim_id"],
        "figure": row[f"{mine}figure"],
        "other_figure": row[f"{other}figure"],
        "other_claim": row[f"{other}claim"],
        "other_article": row[f"{other}article"] or row[f"{other}article_id"],
        "other_sources": row[f"{other}sources"],
        "other_url": article_page_url(datasette, row[f"{other}article_id"],
                                      row[f"{other}claim_id"]),
        "same_article": row["article_id"] == row["other_article_id"],
        "reason": row["reason"],
    }


async def article_conflicts(datasette, db, article_id: str) -> list[dict]:
    """The article's figures that conflict with another figure, one entry per figure of
    this article and figure it conflicts with."""
    if not await _has_tables(db, "figure_conflict_pairs"):
        return []
    rows = await _run(db, conflicts.conflicts_for_article, article_id)
    found = []
    for row in rows:
        if row["article_id"] == article_id:
            found.append(_side(row, "", datasette))
        if row["other_article_id"] == article_id:
            found.append(_side(row, "other_", datasette))
    return found


def conflict_text(conflict: dict) -> str:
    """'conflicts with $12 billion in <article> (officials)', the words of mark and card."""
    where = "this article" if conflict["same_article"] else conflict["other_article"]
    sources = f" ({conflict['other_sources']})" if conflict.get("other_sources") else \
        " (no source given)"
    return f"conflicts with {conflict['other_figure']} in {where}{sources}"


async def source_conflicts(datasette, db, source_id: int, own_claims: set[int]) -> list[dict]:
    """Conflicts involving the source's claims (``own_claims``), the source's figure first:
    [{figure, claim, article, sources, url, other_figure, other_claim, other_article,
    other_sources, other_url, reason}]."""
    if not await _has_tables(db, "figure_conflict_pairs"):
        return []
    rows = await _run(db, conflicts.conflicts_for_source, source_id)
    found = []
    for row in rows:
        mine, theirs = ("", "other_") if row["claim_id"] in own_claims else ("other_", "")
        entry = {"reason": row["reason"]}
        for prefix, side in ((mine, ""), (theirs, "other_")):
            for key in ("figure", "claim", "sources"):
                entry[side + key] = row[prefix + key]
            entry[side + "article"] = row[prefix + "article"] or row[prefix + "article_id"]
            entry[side + "url"] = article_page_url(datasette, row[prefix + "article_id"],
                                                   row[prefix + "claim_id"])
        found.append(entry)
    return found


async def track_record(db, source_id: int) -> dict | None:
    """{claims, checked, ratings: [(rating, count)]} or None without a verdicts table."""
    if not await _has_tables(db, "verdicts", "attributions"):
        return None
    record = await _run(db, checked.track_record, source_id)
    return {**record, "ratings": list(record["ratings"].items())}


async def worth_checking(datasette, db, limit: int = FRONT_PAGE_WORTH_CHECKING) -> list[dict]:
    """The top of the worth_checking canned query (the same SQL), with links."""
    rows = await fetch_rows(db, canned_queries.worth_checking_sql(limit), {})
    for row in rows:
        row["url"] = article_page_url(datasette, row["article_id"], row["claim_id"])
    return rows


async def current_ratings(db, claim_ids: list[int]) -> dict[int, str]:
    """{claim id: the rating of its newest verdict} (newest by created_at, then id, as in
    claimtrack.checked)."""
    if not claim_ids or not await _has_tables(db, "verdicts"):
        return {}
    rows = await fetch_rows(
        db, "select claim_id, rating from verdicts "
            "where claim_id in (select value from json_each(:ids)) order by created_at, id",
        {"ids": _id_list(claim_ids)})
    return {row["claim_id"]: row["rating"] for row in rows}  # the newest comes last


def _id_list(claim_ids: list[int]) -> str:
    return "[" + ",".join(str(int(c)) for c in claim_ids) + "]"


async def source_links(datasette, db, claim_ids: list[int]) -> dict[int, list[dict]]:
    """{claim id: [{name, url}]} of the claims' sources, for lists that link them."""
    if not claim_ids:
        return {}
    rows = await fetch_rows(
        db, "select attributions.claim_id, sources.id, sources.name from attributions "
            "join sources on sources.id = attributions.source_id "
            "where attributions.claim_id in (select value from json_each(:ids)) "
            "order by attributions.confidence desc, attributions.id",
        {"ids": _id_list(claim_ids)})
    found: dict[int, list[dict]] = {}
    for row in rows:
        names = found.setdefault(row["claim_id"], [])
        if all(s["id"] != row["id"] for s in names):
            names.append({"id": row["id"], "name": row["name"],
                          "url": source_page_url(datasette, row["id"])})
    return found
