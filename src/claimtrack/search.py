"""Claim search that finds what people mean: a claim is found by its own words, by the names
and aliases of the sources it is attributed to, and by the canonical names of the entities it
mentions. So "HRW" and "Human Rights Watch" find the same claims, and "Nazarbayev" finds the
claims that spell him "Nazarbaev" (their entities share the canonical name).

One FTS5 table, ``claims_search_fts``, with one row per claim (rowid = claims.id), kept in
sync by store.py: written after an article's rows, removed with them, and rewritten for the
claims of a source whose name or aliases changed. Datasette's search box on the claims
table and the ``search_claims`` canned query both use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

SEARCH_TABLE = "claims_search_fts"
COLUMNS = ("text", "sources", "entities")

_ROWS_SQL = """
select claims.id, claims.text,
  (select group_concat(name, ' ') from (
     select sources.name from attributions join sources on sources.id = attributions.source_id
     where attributions.claim_id = claims.id
     union
     select alias.value from attributions join sources on sources.id = attributions.source_id,
       json_each(case when json_valid(sources.aliases) then sources.aliases else '[]' end)
         as alias
     where attributions.claim_id = claims.id)) as sources,
  (select group_concat(distinct entities.canonical)
     from entities where entities.claim_id = claims.id) as entities
from claims
where {where}
"""


def ensure_search_table(db: sqlite_utils.Database) -> None:
    """Create the search table when it is missing and fill it from the stored claims."""
    if db[SEARCH_TABLE].exists() or not db["claims"].exists():
        return
    with db.atomic():
        db.execute(f"create virtual table [{SEARCH_TABLE}] using fts5({', '.join(COLUMNS)})")
        _index(db, "1 = 1", [])


def _index(db: sqlite_utils.Database, where: str, params: list) -> None:
    rows = db.execute(_ROWS_SQL.format(where=where), params).fetchall()
    db.conn.executemany(
        f"insert into [{SEARCH_TABLE}] (rowid, text, sources, entities) values (?, ?, ?, ?)",
        [(cid, text, sources or "", entities or "")
         for cid, text, sources, entities in rows],
    )


def rebuild(db: sqlite_utils.Database) -> None:
    """Rewrite every search row (for databases written without store.py, e.g. by hand)."""
    ensure_search_table(db)
    with db.atomic():
        db.execute(f"delete from [{SEARCH_TABLE}]")
        _index(db, "1 = 1", [])


def index_article(db: sqlite_utils.Database, article_id: str) -> None:
    """Write the search rows of one article's claims (call after its rows are stored)."""
    if db[SEARCH_TABLE].exists():
        _index(db, "claims.article_id = ?", [article_id])


def unindex_article(db: sqlite_utils.Database, article_id: str) -> None:
    """Remove one article's search rows (call before its claims are deleted)."""
    if db[SEARCH_TABLE].exists():
        db.execute(f"delete from [{SEARCH_TABLE}] where rowid in "
                   "(select id from claims where article_id = ?)", [article_id])


def reindex_sources(db: sqlite_utils.Database, source_ids: Iterable[int]) -> None:
    """Rewrite the search rows of every claim attributed to these sources (their names or
    aliases changed)."""
    ids = sorted(set(source_ids))
    if not ids or not db[SEARCH_TABLE].exists():
        return
    marks = ", ".join("?" for _ in ids)
    claims = f"select claim_id from attributions where source_id in ({marks})"
    db.execute(f"delete from [{SEARCH_TABLE}] where rowid in ({claims})", ids)
    _index(db, f"claims.id in ({claims})", ids)
