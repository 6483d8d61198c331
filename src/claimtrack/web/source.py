"""A source's page, ``/-/source/<id>``: who the source is, everything it is cited for across
all articles in date order, its figures, the verdicts on its claims, the articles citing it,
and its claims over time."""

from __future__ import annotations

import json
from collections import Counter

from datasette.utils.asgi import NotFound, Response

from claimtrack.display import format_figure
from claimtrack.web import checks
from claimtrack.web.charts import Bar, bar_chart
from claimtrack.web.common import (
    article_page_url,
    claims_database_name,
    fetch_rows,
    row_url,
    source_page_url,
    static_url,
)

SOURCE_TEMPLATE = "claimtrack_source.html"
UNDATED = "no date"
# A source cited thousands of times (a minister across an archive) would make a page of
# megabytes: the page lists its newest claims, articles and figures up to these limits and
# links to the attributions table for all of them; the counts and the time chart cover all.
SOURCE_PAGE_CLAIMS = 200
SOURCE_PAGE_ARTICLES = 200
SOURCE_PAGE_FIGURES = 200

# The newest claims first here (the page shows them in date order); a claim's attributions
# in the order they were stored.
CLAIMS_SQL = """
select claims.id as claim_id, claims.text, claims.kind, claims.checkworthiness,
       attributions.cue, attributions.mode, attributions.source_text as written_as,
       attributions.confidence, articles.id as article_id, articles.title as article,
       articles.publication, articles.published
from attributions
join claims on claims.id = attributions.claim_id
join articles on articles.id = claims.article_id
where attributions.source_id = :id
order by articles.published is null desc, articles.published desc, articles.id desc,
         claims.seq desc, attributions.id
limit :limit
"""

ARTICLES_SQL = """
select articles.id as article_id, articles.title as article, articles.publication,
       articles.published, count(distinct attributions.claim_id) as claims,
       json_group_array(attributions.source_text) as written_as
from attributions
join articles on articles.id = attributions.article_id
where attributions.source_id = :id
group by attributions.article_id
order by articles.published is null, articles.published, articles.id
limit :limit
"""

# Claims per month of publication, over all the source's claims.
PERIODS_SQL = """
select substr(articles.published, 1, 7) as period, count(distinct attributions.claim_id) as n
from attributions
join articles on articles.id = attributions.article_id
where attributions.source_id = :id
group by period
"""

COUNTS_SQL = """
select claims, articles from source_counts where source_id = :id
"""

FIGURES_SQL = """
select figures.id, figures.text, figures.value, figures.unit, figures.year, figures.metric,
       figures.claim_id
from figures
where figures.claim_id in (select claim_id from attributions where source_id = :id)
order by figures.article_id, figures.start
limit :limit
"""

VERDICTS_SQL = """
select verdicts.*, claims.text as claim from verdicts
join claims on claims.id = verdicts.claim_id
where verdicts.claim_id in (select claim_id from attributions where source_id = :id)
order by verdicts.created_at desc, verdicts.id desc
"""


def _aliases(value) -> list[str]:
    try:
        parsed = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return [str(a) for a in parsed if a] if isinstance(parsed, list) else []


def _period(published: str | None) -> str:
    """The month a claim was published in ("2019-04"), the unit of the time chart."""
    return published[:7] if published and len(published) >= 7 else UNDATED


async def source_page(datasette, request):
    database = claims_database_name(datasette)
    if database is None:
        raise NotFound("No database is being served")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, "sources")), ("view-database", database), "view-instance"],
    )
    db = datasette.get_database(database)
    try:
        source_id = int(request.url_vars["source_id"])
    except ValueError:
        raise NotFound("A source id is a number") from None
    found = await fetch_rows(db, "select * from sources where id = :id", {"id": source_id})
    if not found:
        raise NotFound(f"No source with id {source_id}")
    source = found[0]
    params = {"id": source_id}
    affiliation = None
    if source.get("affiliation_id") is not None:
        rows = await fetch_rows(db, "select id, name from sources where id = :id",
                                {"id": source["affiliation_id"]})
        affiliation = rows[0] if rows else None
    members = await fetch_rows(
        db, "select id, name from sources where affiliation_id = :id order by name", params)
    claims = (await fetch_rows(db, CLAIMS_SQL, {**params, "limit": SOURCE_PAGE_CLAIMS}))[::-1]
    for claim in claims:
        claim["url"] = row_url(datasette, database, "claims", claim["claim_id"])
        claim["page_url"] = article_page_url(datasette, claim["article_id"], claim["claim_id"])
    figures = await fetch_rows(db, FIGURES_SQL, {**params, "limit": SOURCE_PAGE_FIGURES})
    for figure in figures:
        figure["shown"] = format_figure(figure.get("value"), figure.get("unit"))
    verdicts = (await fetch_rows(db, VERDICTS_SQL, params)
                if await db.table_exists("verdicts") else [])
    record = await checks.track_record(db, source_id)
    conflicts = await checks.source_conflicts(datasette, db, source_id,
                                              {c["claim_id"] for c in claims})
    articles = [{
        "title": a["article"] or a["article_id"], "published": a["published"],
        "publication": a["publication"], "url": article_page_url(datasette, a["article_id"]),
        "claims": a["claims"],
        "written_as": Counter(w for w in json.loads(a["written_as"]) if w)}
        for a in await fetch_rows(db, ARTICLES_SQL, {**params, "limit": SOURCE_PAGE_ARTICLES})]
    per_period: Counter = Counter()
    for row in await fetch_rows(db, PERIODS_SQL, params):
        per_period[_period(row["period"])] += row["n"]
    periods = sorted(p for p in per_period if p != UNDATED) + (
        [UNDATED] if UNDATED in per_period else [])
    counted = (await fetch_rows(db, COUNTS_SQL, params)
               if await db.table_exists("source_counts") else [])
    total = counted[0] if counted else {"claims": len(claims), "articles": len(articles)}
    context = {
        "database": database,
        "source": source,
        "aliases": _aliases(source.get("aliases")),
        "affiliation": affiliation and {**affiliation,
                                        "url": source_page_url(datasette, affiliation["id"])},
        "members": [{**m, "url": source_page_url(datasette, m["id"])} for m in members],
        "claims": claims,
        "figures": figures,
        "verdicts": verdicts,
        "track_record": record,
        "conflicts": conflicts,
        "articles": articles,
        "total": total,
        "all_claims_url": datasette.urls.table(database, "attributions")
        + f"?source_id={source_id}",
        "time_chart": bar_chart(
            f"Claims attributed to {source['name']}, by month of publication",
            [Bar(p, (per_period[p],)) for p in periods], ["claims"]),
        "row_url": row_url(datasette, database, "sources", source_id),
        "css_url": static_url(datasette, "pages.css"),
    }
    return Response.html(
        await datasette.render_template(SOURCE_TEMPLATE, context, request=request))
