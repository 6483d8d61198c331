"""The per-claim records every exporter reads, and what the exporters share.

``claim_records`` gives one plain dict per claim, so the formats agree on which claims,
sources, figures and entities there are.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlparse

import sqlite_utils

from claimtrack.corrections import correct_sources
from claimtrack.export import ExportError
from claimtrack.verdicts import latest_verdicts


def check_database(db: sqlite_utils.Database, article_id: str | None) -> None:
    for name in ("articles", "claims"):
        if not db[name].exists():
            raise ExportError(f"not a claimtrack database: no {name} table")
    if article_id is not None and not db.execute(
        "select 1 from articles where id = ?", [article_id]
    ).fetchone():
        raise ExportError(f"unknown article id {article_id!r}")


def _rows_by_claim(
    db: sqlite_utils.Database, sql: str, article_id: str | None
) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    where = "where t.article_id = :article_id" if article_id is not None else ""
    for row in db.query(sql.format(where=where), {"article_id": article_id}):
        grouped[row.pop("claim_id")].append(row)
    return grouped


# Highest-confidence attribution first: exporters that need one source take the first.
_SOURCES_SQL = """
    select t.claim_id, sources.id as source_id, sources.name, sources.kind,
           sources.description, t.cue, t.cue_start, t.cue_end, t.mode, t.confidence
    from attributions t join sources on sources.id = t.source_id
    {where}
    order by t.claim_id, t.confidence desc, t.id
"""
_FIGURES_SQL = """
    select t.claim_id, t.text, t.value, t.unit, t.qualifier from figures t {where}
    order by t.claim_id, t.start, t.id
"""
_ENTITIES_SQL = """
    select t.claim_id, t.text, t.label, t.canonical from entities t {where}
    order by t.claim_id, t.start, t.id
"""
_CLAIMS_SQL = """
    select t.id as claim_id, t.article_id, articles.title as article_title,
           articles.url as article_url, t.seq, t.paragraph, t.start, t."end", t.text, t.kind,
           t.hedged, t.checkworthiness
    from claims t join articles on articles.id = t.article_id
    {where}
    order by articles.ingested_at, t.article_id, t.seq
"""

VERDICT_FIELDS = ("rating", "rating_value", "best", "worst", "url", "reviewer", "note",
                  "created_at")


def claim_records(db: sqlite_utils.Database, article_id: str | None = None) -> Iterator[dict]:
    """One plain dict per claim (in article order): the claim, its article, its sources
    (highest confidence first), figures, entities and its latest verdict or None."""
    check_database(db, article_id)
    sources = _rows_by_claim(db, _SOURCES_SQL, article_id) if db["attributions"].exists() else {}
    figures = _rows_by_claim(db, _FIGURES_SQL, article_id) if db["figures"].exists() else {}
    entities = _rows_by_claim(db, _ENTITIES_SQL, article_id) if db["entities"].exists() else {}
    verdicts = latest_verdicts(db, article_id=article_id)
    where = "where t.article_id = :article_id" if article_id is not None else ""
    claims = list(db.query(_CLAIMS_SQL.format(where=where), {"article_id": article_id}))
    # Reviewers' corrections win over the pipeline's attributions.
    sources = correct_sources(db, sources, [c["claim_id"] for c in claims])
    for claim in claims:
        claim_id = claim["claim_id"]
        verdict = verdicts.get(claim_id)
        yield {
            **claim,
            "sources": [
                {k: s[k] for k in ("name", "kind", "description", "cue", "mode", "confidence")}
                for s in sources.get(claim_id, [])
            ],
            "figures": figures.get(claim_id, []),
            "entities": entities.get(claim_id, []),
            "verdict": {k: verdict[k] for k in VERDICT_FIELDS} if verdict else None,
        }


def articles_by_id(db: sqlite_utils.Database, article_id: str | None) -> dict[str, dict]:
    where, params = ("where id = ?", [article_id]) if article_id is not None else ("", [])
    return {a["id"]: a for a in db.query(f"select * from articles {where}", params)}



def is_http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def script_safe_json(data) -> str:
    """JSON that can be pasted into a <script type="application/ld+json"> block: "<", ">"
    and "&" (which only occur inside strings) become \\u escapes, so a claim containing
    "</script>" cannot end the block. Parsers read the same data."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
