"""What the annotated article page reads from the database: the article, its claims,
attributions, entities, figures, verdicts and corrections, and what other features found
about its claims (checked before, conflicting figures)."""

from __future__ import annotations

import json

from claimtrack.web import checks
from claimtrack.web.common import fetch_rows


def authors(value) -> list[str]:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    if isinstance(parsed, list):
        return [str(a) for a in parsed if a]
    return [str(parsed)]



async def load_article(datasette, db, article_id: str) -> dict | None:
    found = await fetch_rows(db, "select * from articles where id = :id", {"id": article_id})
    if not found:
        return None
    params = {"id": article_id}
    article = found[0]
    article["claims"] = await fetch_rows(
        db, "select * from claims where article_id = :id order by start, id", params
    )
    article["attributions"] = await fetch_rows(
        db,
        """
        select attributions.*, sources.name as source_name, sources.kind as source_kind,
               sources.description as source_description
        from attributions
        left join sources on sources.id = attributions.source_id
        where attributions.claim_id in (select id from claims where article_id = :id)
        order by attributions.confidence desc, attributions.id
        """,
        params,
    )
    article["entities"] = await fetch_rows(
        db, "select * from entities where article_id = :id order by start, id", params
    )
    article["figures"] = await fetch_rows(
        db, "select * from figures where article_id = :id order by start, id", params
    )
    article["verdicts"] = []
    # The verdicts table is added by `claimtrack verdict`; older databases lack it.
    if await db.table_exists("verdicts"):
        verdicts = await fetch_rows(
            db,
            "select * from verdicts where claim_id in "
            "(select id from claims where article_id = :id)",
            params,
        )
        article["verdicts"] = sorted(verdicts, key=lambda v: str(v.get("created_at") or ""))
    article["corrections"] = []
    if await db.table_exists("corrections"):
        article["corrections"] = await fetch_rows(
            db,
            "select corrections.*, sources.name as source_name from corrections "
            "left join sources on sources.id = corrections.source_id "
            "where claim_id in (select id from claims where article_id = :id) "
            "order by created_at, corrections.id",
            params,
        )
    # Other features' findings about the claims (web/checks.py).
    claim_ids = [c["id"] for c in article["claims"]]
    article["checked_before"] = await checks.checked_before(datasette, db, claim_ids)
    article["conflicts"] = await checks.article_conflicts(datasette, db, article_id)
    return article
