"""source_counts: per-source counts kept exact by triggers on attributions, whatever writes
them (the store, delete_article, the merge, plain SQL), and backfilled on an older database."""

import sqlite_utils

from claimtrack.canned_queries import QUERIES
from claimtrack.ingest import ingest
from claimtrack.merge import merge
from claimtrack.schema import ensure_schema
from claimtrack.store import delete_article, open_db
from shard_fixtures import ORG_FULL, write_articles

COLUMNS = "source_id, claims, articles, links, direct_quotes, rated_links, confidence_millis"

# The oracle: the counts recomputed from the attributions, written here independently of
# claimtrack.source_counts.
RECOUNT = """
select source_id, count(distinct claim_id), count(distinct article_id), count(*),
       coalesce(sum(mode = 'direct'), 0), count(confidence),
       coalesce(sum(cast(round(confidence * 1000) as integer)), 0)
from attributions where source_id is not null group by source_id order by source_id
"""


def counts(db) -> list[tuple]:
    return db.execute(f"select {COLUMNS} from source_counts order by source_id").fetchall()


def recount(db) -> list[tuple]:
    return db.execute(RECOUNT).fetchall()


def hrw(db) -> tuple:
    """(claims, articles) of Human Rights Watch, cited once in each generated article."""
    return db.execute(
        "select claims, articles from source_counts join sources on sources.id = source_id "
        "where sources.name = :name or exists (select 1 from json_each(sources.aliases) "
        "where value = :name)", {"name": ORG_FULL}).fetchone()


def small_db():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    db.execute("insert into articles (id) values ('a'), ('b')")
    db.execute("insert into claims (id, article_id) values (1, 'a'), (2, 'a'), (3, 'b')")
    db.execute("insert into sources (id, name) values (1, 'Ann Lee'), (2, 'City council')")
    db.execute(
        "insert into attributions (id, claim_id, source_id, article_id, mode, confidence) "
        "values (1, 1, 1, 'a', 'direct', 0.9), (2, 1, 1, 'a', 'indirect', 0.8), "
        "(3, 2, 1, 'a', null, null), (4, 3, 1, 'b', 'direct', 0.75), "
        "(5, 3, 2, 'b', 'according_to', 0.6)")
    return db


def test_insert_update_and_delete_keep_exact_rows():
    db = small_db()
    # Ann Lee: claims 1, 2, 3 (claim 1 twice), articles a and b, four links, two direct,
    # three with a confidence (0.9 + 0.8 + 0.75).
    assert counts(db) == [(1, 3, 2, 4, 2, 3, 2450), (2, 1, 1, 1, 0, 1, 600)]
    # Claim 1's second link moves to the council: Ann Lee keeps claim 1 by its first link.
    db.execute("update attributions set source_id = 2 where id = 2")
    assert counts(db) == [(1, 3, 2, 3, 2, 2, 1650), (2, 2, 2, 2, 0, 2, 1400)]
    db.execute("update attributions set mode = 'direct', confidence = 0.5 where id = 5")
    assert counts(db) == [(1, 3, 2, 3, 2, 2, 1650), (2, 2, 2, 2, 1, 2, 1300)]
    db.execute("delete from attributions where article_id = 'b'")
    assert counts(db) == [(1, 2, 1, 2, 1, 1, 900), (2, 1, 1, 1, 0, 1, 800)]
    # A source's last link gone: its row goes too (no row of zeros).
    db.execute("delete from attributions where source_id = 2")
    assert counts(db) == [(1, 2, 1, 2, 1, 1, 900)]
    assert counts(db) == recount(db)


def test_an_older_database_is_backfilled_once():
    db = small_db()
    db.execute("drop table source_counts")
    for trigger in ("insert", "delete", "update"):
        db.execute(f"drop trigger source_counts_{trigger}")
    db.execute("delete from _sqlite_migrations where name = 'm002_backfill_source_counts'")
    db.execute("delete from attributions where id = 1")  # a write nothing counted
    ensure_schema(db)
    assert counts(db) == recount(db) == [(1, 3, 2, 3, 1, 2, 1550), (2, 1, 1, 1, 0, 1, 600)]
    ensure_schema(db)  # the backfill is not repeated (nor doubled)
    assert counts(db) == recount(db)


def test_store_delete_and_merge_keep_the_counts_exact(nlp, tmp_path):
    paths = [str(p) for p in write_articles(tmp_path / "texts", 6)]
    db = open_db(tmp_path / "target.db")
    assert ingest(paths[:4], db, nlp).ok
    assert counts(db) == recount(db) and len(counts(db)) > 3
    assert hrw(db) == (4, 4)

    first = db.execute("select id from articles where title like 'Riverton%'").fetchone()[0]
    with db.conn:
        delete_article(db, first)  # the first article, which the shard below does not hold
    assert counts(db) == recount(db)
    assert hrw(db) == (3, 3)
    # Every counted source still exists: the counts of a source deleted with its last
    # article went with its last attribution.
    assert not db.execute("select 1 from source_counts where source_id not in "
                          "(select id from sources)").fetchall()

    shard = open_db(tmp_path / "shard.db")
    assert ingest(paths[2:], shard, nlp).ok  # two articles the target has, two it has not
    shard.close()
    merge([tmp_path / "shard.db"], db)
    assert counts(db) == recount(db)
    assert hrw(db) == (5, 5)


def test_sources_by_claims_gives_what_counting_the_attributions_gives(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    assert ingest([str(p) for p in write_articles(tmp_path / "texts", 5)], db, nlp).ok
    counted = """
        select sources.id as source_id, sources.name, sources.kind, sources.description,
          count(distinct attributions.claim_id) as claims,
          count(distinct attributions.article_id) as articles,
          sum(attributions.mode = 'direct') as direct_quotes,
          round(avg(attributions.confidence), 2) as mean_confidence
        from sources join attributions on attributions.source_id = sources.id
        group by sources.id order by claims desc, articles desc, sources.name"""
    expected = db.execute(counted).fetchall()
    assert expected and db.execute(QUERIES["sources_by_claims"]["sql"]).fetchall() == expected
