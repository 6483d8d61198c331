"""The front page: the articles (each linking to its annotated page), the most cited
sources, and two charts, above Datasette's list of databases (``templates/index.html``)."""

from __future__ import annotations

from claimtrack.web import checks
from claimtrack.web.charts import Bar, bar_chart
from claimtrack.web.common import (
    article_page_url,
    claims_database_name,
    fetch_rows,
    source_page_url,
    static_url,
)

TOP_SOURCES = 10  # the sources chart and list: enough to see who dominates, short to read
ARTICLE_CHART_ROWS = 20  # newest articles in the sourced/unsourced chart
# Newest articles listed on the front page: the counts per article are computed for these
# only, so the page costs the same at a hundred articles or a hundred thousand; the rest
# are one link away (the articles table).
FRONT_PAGE_ARTICLES = 50

# Newest first in the order of the articles(published, id) index: the page reads 50 rows
# instead of sorting every article (undated ties: by id, descending).
ARTICLES_SQL = """
select articles.id, articles.title, articles.publication, articles.published,
  (select count(*) from claims where claims.article_id = articles.id) as claims,
  (select count(distinct source_id) from attributions
    where attributions.article_id = articles.id) as sources,
  (select count(distinct claim_id) from attributions
    where attributions.article_id = articles.id) as sourced_claims,
  (select count(*) from unsourced_figures
    where unsourced_figures.article_id = articles.id) as unsourced_figures
from articles
order by articles.published desc, articles.id desc
limit :limit
"""

# The counts kept by triggers (claimtrack.source_counts), read in their index's order.
SOURCES_SQL = """
select sources.id, sources.name, sources.kind, counts.claims, counts.articles
from source_counts as counts
cross join sources on sources.id = counts.source_id
order by counts.claims desc, counts.articles desc, sources.name
limit :limit
"""
# A database made before source_counts existed, served without being migrated (serve
# never writes): the same list counted from the attributions.
SOURCES_UNCOUNTED_SQL = """
select sources.id, sources.name, sources.kind,
  count(distinct attributions.claim_id) as claims,
  count(distinct attributions.article_id) as articles
from sources join attributions on attributions.source_id = sources.id
group by sources.id
order by claims desc, articles desc, sources.name
limit :limit
"""


async def front_page_vars(datasette, request) -> dict:
    database = claims_database_name(datasette)
    if database is None:
        return {}
    db = datasette.get_database(database)
    if not await db.table_exists("articles"):
        return {}
    actor = request.actor if request else None
    if not await datasette.permission_allowed(actor, "view-database", database, default=True):
        return {}
    articles = await fetch_rows(db, ARTICLES_SQL, {"limit": FRONT_PAGE_ARTICLES})
    total_articles = (await db.execute("select count(*) from articles")).first()[0]
    for article in articles:
        article["url"] = article_page_url(datasette, article["id"])
    counted = await db.table_exists("source_counts")
    sources = await fetch_rows(db, SOURCES_SQL if counted else SOURCES_UNCOUNTED_SQL,
                               {"limit": TOP_SOURCES})
    for source in sources:
        source["url"] = source_page_url(datasette, source["id"])
    worth = await checks.worth_checking(datasette, db)
    ids = [w["claim_id"] for w in worth]
    links = await checks.source_links(datasette, db, ids)
    # Whether a claim in the list was already judged, or matches a judged claim.
    ratings = await checks.current_ratings(db, ids)
    matched = await checks.checked_before(datasette, db, ids)
    for row in worth:
        row["source_links"] = links.get(row["claim_id"], [])
        row["verdict"] = ratings.get(row["claim_id"])
        row["checked_before"] = (matched.get(row["claim_id"]) or [None])[0]
    return {
        "claimtrack": {
            # The place for more front-page lists: a key here and a section in
            # templates/index.html.
            "database": database,
            "css_url": static_url(datasette, "pages.css"),
            "worth_checking": worth,
            "worth_checking_url": datasette.urls.query(database, "worth_checking"),
            "articles": articles,
            "total_articles": total_articles,
            "articles_url": datasette.urls.table(database, "articles"),
            "sources": sources,
            "sources_chart": bar_chart(
                "Most cited sources, by number of claims",
                [Bar(s["name"] or "?", (s["claims"],), s["url"]) for s in sources],
                ["claims"]),
            "articles_chart": bar_chart(
                "Claims with and without a source, per article",
                [Bar(a["title"] or a["id"],
                     (a["sourced_claims"], a["claims"] - a["sourced_claims"]), a["url"])
                 for a in articles[:ARTICLE_CHART_ROWS]],
                ["with a source", "without"]),
        }
    }
