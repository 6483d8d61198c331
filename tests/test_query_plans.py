"""The published queries read indexes, not whole tables (issue 14: the publication stays fast
at a million claims). Asserted on SQLite's query plans, never on timings: a plan does not
depend on the machine's load. docs/scaling.md has the measured latencies."""

import pytest
import sqlite_utils
from datasette.app import SETTINGS, Datasette

from claimtrack.canned_queries import QUERIES, worth_checking_sql
from claimtrack.publish import DATASETTE_SETTINGS
from claimtrack.schema import ensure_schema
from claimtrack.web.home import ARTICLES_SQL, SOURCES_SQL

# A bare "SCAN <table>" reads every row of the table; these grow with the corpus.
BIG_TABLES = ("articles", "claims", "attributions", "entities", "figures")


@pytest.fixture(scope="module")
def db():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    # search_claims calls the function the plugin registers; the plan does not run it.
    db.conn.create_function("escape_fts", 1, lambda text: text)
    return db


def plan(db, sql: str, params: dict | None = None) -> list[str]:
    return [row[3] for row in db.conn.execute("explain query plan " + sql, params or {})]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_canned_query_scans_a_table_that_grows_with_the_corpus(db, name):
    spec = QUERIES[name]
    steps = plan(db, spec["sql"], {p: "x" for p in spec.get("params", [])})
    bare_scans = [s for s in steps if s in {f"SCAN {t}" for t in BIG_TABLES}]
    assert not bare_scans, (name, steps)


@pytest.mark.parametrize(("name", "expected"), [
    ("checkworthy_claims", "SCAN claims USING INDEX idx_claims_checkworthiness_id"),
    ("worth_checking", "SCAN claims USING INDEX idx_claims_checkworthiness_id"),
    ("figures_without_source", "SCAN figures USING INDEX idx_figures_article_id_start"),
    ("direct_quotes", "SCAN articles USING INDEX idx_articles_published_id"),
    ("direct_quotes", "SEARCH attributions USING INDEX idx_attributions_article_id_mode "
     "(article_id=? AND mode=?)"),
    ("claims_by_source", "SEARCH attributions USING INDEX "
     "idx_attributions_source_id_article_id_claim_id_mode_confidence_source_text "
     "(source_id=?)"),
    ("sources_by_claims", "SCAN counts USING INDEX idx_source_counts_claims_articles"),
    ("source_across_articles", "SCAN sources USING INDEX idx_sources_name"),
    ("source_across_articles", "SEARCH attributions USING COVERING INDEX "
     "idx_attributions_source_id_article_id_claim_id_mode_confidence_source_text "
     "(source_id=?)"),
])
def test_canned_query_reads_its_index(db, name, expected):
    spec = QUERIES[name]
    assert expected in plan(db, spec["sql"], {p: "x" for p in spec.get("params", [])})


@pytest.mark.parametrize(("view", "first"), [
    ("claims_checked_before", "SCAN claim_matches"),
    ("figure_conflicts", "SCAN pairs"),
])
def test_views_over_few_rows_start_from_them(db, view, first):
    steps = plan(db, f"select * from {view} limit 101")
    assert steps[0] == first, steps
    assert not [s for s in steps if s in {f"SCAN {t}" for t in BIG_TABLES}]


@pytest.mark.parametrize(("column", "index"), [("kind", "idx_claims_kind_article_id"),
                                               ("hedged", "idx_claims_hedged")])
def test_claims_facets_count_from_a_covering_index(db, column, index):
    # The shape of Datasette's facet query.
    steps = plan(db, f"select {column} as value, count(*) as count from (select * from claims) "
                     f"where {column} is not null group by {column} order by count desc limit 6")
    assert any(s.startswith(("SCAN", "SEARCH")) and f"claims USING COVERING INDEX {index}" in s
               for s in steps), steps


def test_claims_with_sources_counts_and_facets_without_reading_claim_rows(db):
    count = plan(db, "select count(*) from claims_with_sources")
    facet = plan(db, "select kind, count(*) from (select * from claims_with_sources) "
                     "group by kind")
    for steps in (count, facet):
        assert any(s.startswith("SEARCH attributions USING COVERING INDEX") for s in steps)
        assert any("claims USING COVERING INDEX" in s for s in steps), steps


def test_serve_settings_are_datasette_settings_and_turn_suggestions_off():
    assert set(DATASETTE_SETTINGS) <= {s.name for s in SETTINGS}
    ds = Datasette([], memory=True, settings=DATASETTE_SETTINGS)
    assert ds.setting("suggest_facets") is False


@pytest.mark.parametrize("name", ["sources_by_claims", "direct_quotes", "source_across_articles"])
def test_ranked_queries_stream_their_first_page(db, name):
    # Rows come in index order: only ties are sorted ("RIGHT PART"), never every row, so
    # the first page costs the same at any size (docs/scaling.md).
    spec = QUERIES[name]
    steps = plan(db, spec["sql"], {p: "x" for p in spec.get("params", [])})
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    assert not [s for s in steps if "GROUP BY" in s], steps


@pytest.mark.parametrize("sql", [ARTICLES_SQL, SOURCES_SQL])
def test_front_page_lists_read_in_index_order(db, sql):
    steps = plan(db, sql, {"limit": 10})
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    assert not [s for s in steps if s in {f"SCAN {t}" for t in BIG_TABLES}], steps
    assert steps[0].replace("COVERING ", "") in (
        "SCAN articles USING INDEX idx_articles_published_id",
        "SCAN counts USING INDEX idx_source_counts_claims_articles"), steps


# sqlite_stat1 as ANALYZE wrote it for the 100,000-article benchmark database (11.7 million
# claims; docs/scaling.md). With real statistics the planner weighs the tables' sizes, and
# a plan fine on an empty database can turn into a scan of articles and a sort of every claim
# (the front page's worth-checking list did: 1 s, then Datasette's time limit).
ARCHIVE_STATS = [
    ("articles", "idx_articles_published_id", "100000 100000 1"),
    ("articles", "sqlite_autoindex_articles_1", "100000 1"),
    ("attributions", "idx_attributions_article_id_mode", "1650656 17 6"),
    ("attributions", "idx_attributions_claim_id", "1650656 1"),
    ("attributions", "idx_attributions_claim_id_source_id_mode", "1650656 1 1 1"),
    ("claims", "idx_claims_article_id", "11700000 117"),
    ("claims", "idx_claims_checkworthiness_id", "11700000 150000 1"),
    ("claims", "idx_claims_hedged", "11700000 5850000"),
    ("claims", "idx_claims_kind_article_id", "11700000 1950000 20"),
    ("entities", "idx_entities_article_id", "36801312 369"),
    ("entities", "idx_entities_canonical", "36801312 38"),
    ("entities", "idx_entities_claim_id", "36801312 4"),
    ("figures", "idx_figures_article_id_start", "1200000 12 1"),
    ("figures", "idx_figures_claim_id", "1200000 1"),
    ("source_counts", "idx_source_counts_claims_articles", "602850 31729 28708"),
    ("sources", "idx_sources_name", "634052 4"),
]


@pytest.fixture(scope="module")
def archive_db():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    db.conn.create_function("escape_fts", 1, lambda text: text)
    db.execute("analyze")  # creates sqlite_stat1
    db.execute("delete from sqlite_stat1")
    db.conn.executemany("insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)",
                        ARCHIVE_STATS)
    db.execute("analyze sqlite_schema")  # the planner reloads the statistics
    return db


@pytest.mark.parametrize("sql", [worth_checking_sql(10), ARTICLES_SQL, SOURCES_SQL])
def test_front_page_lists_keep_their_index_with_an_archives_statistics(archive_db, sql):
    steps = plan(archive_db, sql, {"limit": 10})
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps, steps
    assert not [s for s in steps if s in {f"SCAN {t}" for t in BIG_TABLES}], steps


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_queries_read_no_whole_table_with_an_archives_statistics(archive_db, name):
    # A query looking up its parameter (a source, an entity) may sort what it found: the
    # planner's choice with these statistics, bounded by the matches, not the archive.
    spec = QUERIES[name]
    steps = plan(archive_db, spec["sql"], {p: "x" for p in spec.get("params", [])})
    assert not [s for s in steps if s in {f"SCAN {t}" for t in BIG_TABLES}], steps
