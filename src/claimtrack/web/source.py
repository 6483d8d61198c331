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

CLAIMS_SQL = """
select claims.id as claim_id, claims.text, claims.kind, claims.checkworthiness,
       attributions.cue, attributions.mode, attributions.source_text as written_as,
       attributions.confidence, articles.id as article_id, articles.title as article,
       articles.publication, articles.published
from attributions
join claims on claims.id = attributions.claim_id
join articles on articles.id = claims.article_id
where attributions.source_id = :id
order by articles.published is null, articles.published, articles.id, claims.seq
"""

FIGURES_SQL = """
select figures.id, figures.text, figures.value, figures.unit, figures.year, figures.metric,
       figures.claim_id
from figures
where figures.claim_id in (select claim_id from attributions where source_id = :id)
order by figures.article_id, figures.start
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
    claims = await fetch_rows(db, CLAIMS_SQL, params)
    for claim in claims:
        claim["url"] = row_url(datasette, database, "claims", claim["claim_id"])
        claim["page_url"] = article_page_url(datasette, claim["article_id"], claim["claim_id"])
    figures = await fetch_rows(db, FIGURES_SQL, params)
    for figure in figures:
        figure["shown"] = format_figure(figure.get("value"), figure.get("unit"))
    verdicts = (await fetch_rows(db, VERDICTS_SQL, params)
                if await db.table_exists("verdicts") else [])
    record = await checks.track_record(db, source_id)
    conflicts = await checks.source_conflicts(datasette, db, source_id,
                                              {c["claim_id"] for c in claims})
    articles: dict[str, dict] = {}
    for claim in claims:
        entry = articles.setdefault(claim["article_id"], {
            "title": claim["article"] or claim["article_id"], "published": claim["published"],
            "publication": claim["publication"],
            "url": article_page_url(datasette, claim["article_id"]), "claims": 0,
            "written_as": Counter()})
        entry["claims"] += 1
        if claim["written_as"]:
            entry["written_as"][claim["written_as"]] += 1
    per_period = Counter(_period(c["published"]) for c in claims)
    periods = sorted(p for p in per_period if p != UNDATED) + (
        [UNDATED] if UNDATED in per_period else [])
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
        "articles": list(articles.values()),
        "time_chart": bar_chart(
            f"Claims attributed to {source['name']}, by month of publication",
            [Bar(p, (per_period[p],)) for p in periods], ["claims"]),
        "row_url": row_url(datasette, database, "sources", source_id),
        "css_url": static_url(datasette, "pages.css"),
    }
    return Response.html(
        await datasette.render_template(SOURCE_TEMPLATE, context, request=request))
