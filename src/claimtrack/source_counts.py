"""Per-source counts (claims, articles, direct quotations, confidence) kept exact by SQLite
triggers on ``attributions``, so the pages and queries that rank sources read one small row
per source instead of aggregating every attribution on each request (docs/scaling.md).

Triggers rather than code in the store: every writer of attributions (``save_article``,
``delete_article``, the merge, a reviewer's SQL) keeps the counts right without knowing of
them. ``source_counts`` is declared in ``schema.TABLES`` (derived: never copied by the
merge, which re-creates it through the triggers); the migration ``backfill`` fills it once
on a database made before it existed.
"""

from __future__ import annotations

import sqlite_utils

TABLE = "source_counts"
COLUMNS = "source_id, claims, articles, links, direct_quotes, rated_links, confidence_millis"

# What one attribution row adds to its source's counts (the sign is + on insert, - on
# delete). Confidences are summed as integer thousandths: float sums drift when the same
# values are added and taken away, integers stay equal to a recount. A claim or an article
# counts once per source: only when no other attribution links the same source to it (the
# attributions indexes by (claim_id, source_id) and (source_id, article_id) answer these).
_CHANGE = """
update source_counts set
  claims = claims {sign} ({r}.claim_id is not null and not exists (
      select 1 from attributions a where a.claim_id = {r}.claim_id
      and a.source_id = {r}.source_id and a.id != {r}.id)),
  articles = articles {sign} ({r}.article_id is not null and not exists (
      select 1 from attributions a where a.source_id = {r}.source_id
      and a.article_id = {r}.article_id and a.id != {r}.id)),
  links = links {sign} 1,
  direct_quotes = direct_quotes {sign} coalesce({r}.mode = 'direct', 0),
  rated_links = rated_links {sign} ({r}.confidence is not null),
  confidence_millis = confidence_millis {sign}
    coalesce(cast(round({r}.confidence * 1000) as integer), 0)
where source_id = {r}.source_id;
"""


def _add(row: str) -> str:
    return (f"insert or ignore into source_counts ({COLUMNS}) select {row}.source_id, "
            f"0, 0, 0, 0, 0, 0 where {row}.source_id is not null;\n"
            + _CHANGE.format(sign="+", r=row))


def _remove(row: str) -> str:
    return (_CHANGE.format(sign="-", r=row)
            + f"delete from source_counts where source_id = {row}.source_id and links <= 0;\n")


TRIGGERS: dict[str, str] = {
    "source_counts_insert": f"after insert on attributions begin\n{_add('new')}end",
    "source_counts_delete": f"after delete on attributions begin\n{_remove('old')}end",
    # After the update the row holds its new values: the old ones are counted out as if
    # deleted (their row id excluded), the new ones in as if inserted.
    "source_counts_update": (
        "after update of claim_id, source_id, article_id, mode, confidence on attributions "
        f"begin\n{_remove('old')}{_add('new')}end"),
}

BACKFILL_SQL = f"""
insert into source_counts ({COLUMNS})
select source_id, count(distinct claim_id), count(distinct article_id), count(*),
       coalesce(sum(mode = 'direct'), 0), count(confidence),
       coalesce(sum(cast(round(confidence * 1000) as integer)), 0)
from attributions where source_id is not null group by source_id
"""


def ensure_triggers(db: sqlite_utils.Database) -> None:
    """Create the triggers that keep ``source_counts`` exact (idempotent)."""
    for name, body in TRIGGERS.items():
        db.execute(f"create trigger if not exists [{name}] {body}")


def backfill(db: sqlite_utils.Database) -> None:
    """Recount every source from its attributions (a migration on an older database)."""
    db.execute("delete from source_counts")
    db.execute(BACKFILL_SQL)
