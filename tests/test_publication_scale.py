"""What keeps the publication fast on a large database (docs/scaling.md, issue 14), asserted
on results and on what the server does, never on timings: the view of corrected claims
replays corrections only for corrected claims, search ranks the newest matches, and the
views over every claim are served without Datasette's row count."""

from __future__ import annotations

import pytest
import sqlite_utils
from datasette.app import Datasette

from claimtrack.canned_queries import QUERIES, SEARCH_RANK_WINDOW
from claimtrack.publish import metadata_dict
from claimtrack.schema import ensure_schema
from claimtrack.server_guards import _uncounted
from publish_fixtures import build_db

# The view as it was before it was split (every claim replayed its events): the oracle.
CHECKED_BEFORE_SPLIT = """
with events(claim_id, source_id, at, keep) as (
  select claim_id, source_id, '', 1 from attributions
  union all
  select claim_id, source_id, created_at || printf('%012d', id), action != 'remove_source'
  from corrections where action in ('source', 'add_source', 'remove_source')
  union all
  select c.claim_id, a.source_id, c.created_at || printf('%012d', c.id), 0
  from corrections c
  join (select claim_id, source_id from attributions union
        select claim_id, source_id from corrections where source_id is not null) a
    on a.claim_id = c.claim_id
  where c.action in ('source', 'author') and a.source_id is not c.source_id
),
latest as (
  select claim_id, source_id, keep, max(at) as at from events
  where claim_id is not null group by claim_id, source_id
)
select claims.id as claim_id, claims.text as claim, claims.kind,
       sources.name as source, sources.kind as source_kind, attributions.cue,
       case when latest.source_id is null then null
            else coalesce(attributions.mode, 'corrected') end as mode,
       attributions.confidence,
       (select count(*) from corrections where corrections.claim_id = claims.id)
         as corrections,
       articles.title as article, claims.article_id
from claims
join articles on articles.id = claims.article_id
left join latest on latest.claim_id = claims.id and latest.keep = 1
left join sources on sources.id = latest.source_id
left join attributions on attributions.claim_id = claims.id
  and attributions.source_id = latest.source_id
"""


def test_checked_claims_with_sources_replays_corrections_only_where_there_are_some():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    db.execute("insert into articles (id, title) values ('a', 'One'), ('b', 'Two')")
    db.execute("insert into claims (id, article_id, text, kind) values "
               + ", ".join(f"({i}, '{'a' if i < 5 else 'b'}', 'claim {i}', 'fact')"
                           for i in range(1, 9)))
    db.execute("insert into sources (id, name, kind) values (1, 'Ann Lee', 'person'), "
               "(2, 'City council', 'organization'), (3, 'Bo Chan', 'person')")
    db.execute("insert into attributions (claim_id, source_id, article_id, cue, mode, "
               "confidence) values (1, 1, 'a', 'said', 'direct', 0.9), "
               "(2, 1, 'a', 'said', 'indirect', 0.8), (2, 2, 'a', 'according to', "
               "'according_to', 0.7), (3, 2, 'a', 'said', 'indirect', 0.8), "
               "(4, 1, 'a', 'said', null, 0.5), (5, 3, 'b', 'told', 'indirect', 0.6), "
               "(6, 3, 'b', 'told', 'indirect', 0.6), (6, 3, 'b', 'added', 'carryover', 0.4)")
    db.execute(
        "insert into corrections (claim_id, action, source_id, created_at) values "
        "(2, 'remove_source', 1, '2026-11-01'), "  # one of two sources removed
        "(3, 'source', 3, '2026-11-01'), "  # another source instead
        "(5, 'author', null, '2026-11-01'), "  # the author's own voice
        "(5, 'add_source', 2, '2026-11-02'), "  # then a source added after all
        "(7, 'add_source', 1, '2026-11-01'), "  # an unattributed claim given a source
        "(8, 'figure_wrong', null, '2026-11-01')")  # no source change
    rows = sorted(db.execute("select * from checked_claims_with_sources").fetchall(),
                  key=repr)
    assert rows == sorted(db.execute(CHECKED_BEFORE_SPLIT).fetchall(), key=repr)
    assert len(rows) == 9
    # What the reviewers decided, read back.
    by_claim = {}
    for row in db.query("select claim_id, source, mode, corrections "
                        "from checked_claims_with_sources order by claim_id, source"):
        by_claim.setdefault(row["claim_id"], []).append(
            (row["source"], row["mode"], row["corrections"]))
    assert by_claim[1] == [("Ann Lee", "direct", 0)]
    assert by_claim[2] == [("City council", "according_to", 1)]
    assert by_claim[3] == [("Bo Chan", "corrected", 1)]
    assert by_claim[4] == [("Ann Lee", "corrected", 0)]  # a link without a mode, as before
    assert by_claim[5] == [("City council", "corrected", 2)]
    assert by_claim[6] == [("Bo Chan", "carryover", 0), ("Bo Chan", "indirect", 0)]
    assert by_claim[7] == [("Ann Lee", "corrected", 1)]
    assert by_claim[8] == [(None, None, 1)]


def test_search_claims_ranks_the_newest_matches(seed_db_path, tmp_path):
    db = sqlite_utils.Database(seed_db_path)
    db.conn.create_function("escape_fts", 1, lambda text: '"' + text.replace('"', '""') + '"')
    sql = QUERIES["search_claims"]["sql"]
    assert f"limit {SEARCH_RANK_WINDOW}" in sql
    word = "China"
    matching = [r[0] for r in db.execute(
        "select rowid from claims_search_fts where claims_search_fts match ? order by rowid",
        [word])]
    assert len(matching) >= 3
    ranked = [r["claim_id"] for r in db.query(sql, {"q": word})]
    assert sorted(ranked) == matching  # within the window: every match, best first
    narrow = [r["claim_id"] for r in db.query(
        sql.replace(f"limit {SEARCH_RANK_WINDOW}", "limit 2"), {"q": word})]
    assert sorted(narrow) == matching[-2:]
    assert narrow == [c for c in ranked if c in matching[-2:]]  # still in rank order
    db.close()


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/claims/claims_with_sources", b"", b"_nocount=1"),
    ("/claims/claims_with_sources.json", b"kind=fact", b"kind=fact&_nocount=1"),
    ("/claims/checked_claims_with_sources", b"_next=100", b"_next=100&_nocount=1"),
    ("/claims/unsourced_figures", b"unit=percent", b"unit=percent&_nocount=1"),
    ("/claims/claims_with_sources", b"_count=1", b"_count=1"),  # a count asked for
    ("/claims/claims_with_sources", b"_nocount=1", b"_nocount=1"),
    ("/claims/claims", b"", b""),  # tables keep their counts
    # A search of the claims table: no count, no facets, unless asked for.
    ("/claims/claims", b"_search=tax", b"_search=tax&_nocount=1&_nofacet=1"),
    ("/claims/claims.json", b"kind=fact&_search_text=tax",
     b"kind=fact&_search_text=tax&_nocount=1&_nofacet=1"),
    ("/claims/claims", b"_search=tax&_count=1", b"_search=tax&_count=1&_nofacet=1"),
    ("/claims/claims", b"_search=tax&_facet=kind", b"_search=tax&_facet=kind&_nocount=1"),
    ("/claims/articles", b"_search=tax", b"_search=tax"),  # a few rows per article
    ("/claims/source_summary", b"", b"_nocount=1"),
    ("/claims/source_track_record", b"", b""),  # a view over judged claims only
    ("/claims/claims_with_sources/extra", b"", b""),
])
def test_views_over_every_claim_and_claim_searches_skip_the_count(path, query, expected):
    assert _uncounted(path, query) == expected


async def test_the_view_page_shows_rows_without_counting(tmp_path):
    datasette = Datasette([str(build_db(tmp_path / "claims.db"))],
                          metadata=metadata_dict("claims"))
    await datasette.invoke_startup()
    uncounted = (await datasette.client.get("/claims/claims_with_sources.json")).json()
    assert uncounted["rows"] and uncounted["filtered_table_rows_count"] is None
    counted = (await datasette.client.get("/claims/claims_with_sources.json?_count=1")).json()
    assert counted["filtered_table_rows_count"] == len(counted["rows"]) > 0
    html = await datasette.client.get("/claims/claims_with_sources")
    assert html.status_code == 200 and "claim" in html.text


async def test_a_claims_search_lists_every_match_by_id_without_count_or_facets(tmp_path):
    path = build_db(tmp_path / "claims.db")
    db = sqlite_utils.Database(path)
    word = "Bilash"
    matching = [r[0] for r in db.execute(
        "select rowid from claims_search_fts where claims_search_fts match ? order by rowid",
        [word])]
    db.close()
    assert len(matching) >= 2
    datasette = Datasette([str(path)], metadata=metadata_dict("claims"))
    await datasette.invoke_startup()
    found = (await datasette.client.get(f"/claims/claims.json?_search={word}")).json()
    assert [r[0] for r in found["rows"]] == matching
    assert found["filtered_table_rows_count"] is None and found["facet_results"] == {}
    asked = (await datasette.client.get(
        f"/claims/claims.json?_search={word}&_count=1&_facet=kind")).json()
    assert [r[0] for r in asked["rows"]] == matching
    assert asked["filtered_table_rows_count"] == len(matching)
    assert sum(v["count"] for v in asked["facet_results"]["kind"]["results"]) == len(matching)
    # The table without a search keeps its count and its declared facet.
    table = (await datasette.client.get("/claims/claims.json")).json()
    assert table["filtered_table_rows_count"] == len(table["rows"]) and table["facet_results"]
    html = await datasette.client.get(f"/claims/claims?_search={word}")
    assert html.status_code == 200 and word in html.text
