"""Datasette metadata for a claimtrack database, generated from ``schema.TABLES``.

``metadata.yml`` at the repository root is this module's output, so table and column
descriptions cannot drift from the schema; tests/test_datasette.py fails when they differ.
Regenerate it with::

    claimtrack metadata            # writes ./metadata.yml
    claimtrack metadata --check    # exit 1 when metadata.yml is stale

Datasette 0.65 reads canned queries from metadata (``-m``), so they live here too. Nothing
here grants write access or changes the SQL time limit: the published database is read-only.
"""

from __future__ import annotations

from textwrap import dedent

import yaml

from claimtrack import schema
from claimtrack.search import SEARCH_TABLE

DATABASE = "claims"

TITLE = "claimtrack: news claims and their sources"
DESCRIPTION = (
    "Claims (sentences) from news articles, each linked to the source the article "
    "attributes it to, with the cue words as evidence, plus the entities and figures the "
    "claims mention. Open an article's annotated page from the articles table."
)
SOURCE = "News articles as published; claims, sources and figures extracted by claimtrack"
LICENSE = "Apache-2.0 (annotations); article text belongs to its publishers"
LICENSE_URL = "https://www.apache.org/licenses/LICENSE-2.0"

# Datasette table options that schema.py does not carry (presentation only).
FACETS: dict[str, list[str]] = {
    # One facet: on millions of claims each facet runs to its time limit on every page.
    # Not by article_id (one value per article, the costliest group-by; the articles table
    # and the article pages count claims per article) nor hedged (`?hedged=1` filters).
    "claims": ["kind"],
    "attributions": ["mode"],
    "sources": ["kind"],
    "entities": ["label"],
    "figures": ["unit"],
    # Views over every claim or every attribution (claims_with_sources, unsourced_figures,
    # source_summary) declare no facets: each would be a group-by over the whole join on
    # every request, past its time limit at scale (docs/scaling.md). "Facet by this" in a
    # column's menu still computes one on demand.
    "claims_checked_before": ["rating", "article"],
    "figure_conflicts": ["unit", "year"],
    "source_track_record": ["kind"],
}
# Views over every claim whose pages skip Datasette's row count (`_nocount=1`, added by
# server_guards): counting the join of millions of claims takes seconds, past the SQL time
# limit, on every page; the rows, facets on demand and the next-page link stay.
UNCOUNTED_VIEWS = ("claims_with_sources", "checked_claims_with_sources")
# The claims table's search box searches claims by their words, their sources' names and
# aliases and their entities' canonical names (search.py), not by the words alone.
FTS_TABLES = {"claims": SEARCH_TABLE}

# Facet values shown per facet (Datasette's default is 30): facets sit side by side above
# the rows, so the longest list decides where the first row starts. Five keep it on screen.
FACET_SIZE = 5

# Datasette settings for `claimtrack serve` (docs/scaling.md, publication at scale). Suggested
# facets run one query per column on every table page and time out on a large table, so
# they are off; the facets declared above stay, each bounded by its own time limit. A
# canned query shows one page of rows like a table (rendering 1,000 rows of HTML took over
# a second); the CSV and JSON links and SQL with limit/offset reach the rest.
DATASETTE_SETTINGS: dict[str, object] = {
    "suggest_facets": False,
    "facet_time_limit_ms": 200,
    "max_returned_rows": 100,
}

# search_claims ranks the newest matches only (their ids are the highest): FTS5 computes the
# rank of every match before the first row, a second or more for a common word in millions
# of claims; 2,000 is several pages of results and a few milliseconds of ranking.
SEARCH_RANK_WINDOW = 2000

SORT: dict[str, tuple[str, str]] = {
    # table: ("sort" | "sort_desc", column)
    "articles": ("sort_desc", "published"),
    "claims": ("sort", "id"),
    "sources": ("sort", "name"),
    "attributions": ("sort", "id"),
    "entities": ("sort", "canonical"),
    "figures": ("sort", "id"),
}

# The views are defined in schema.VIEWS; their columns are described here.
VIEW_DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "claims_with_sources": (
        "Every claim with each source it is attributed to (one row per attribution; "
        "unattributed claims appear once with an empty source).",
        {
            "claim_id": "The claim (claims.id).",
            "claim": "The claim's text.",
            "kind": "Claim kind (claims.kind).",
            "source": "Name of the source the claim is attributed to (sources.name).",
            "source_kind": "Kind of source (sources.kind).",
            "cue": "The cue words that attribute the claim.",
            "mode": "Attribution mode (attributions.mode).",
            "confidence": "0-1 confidence of the link.",
            "article": "Title of the article.",
            "article_id": "The article (articles.id).",
        },
    ),
    "unsourced_figures": (
        "Figures stated in claims that the article attributes to no source.",
        {
            "figure_id": "The figure (figures.id).",
            "figure": "The figure as written.",
            "value": "Normalised value.",
            "unit": "Unit of the value (figures.unit).",
            "qualifier": "Bound or approximation (more than, about, ...).",
            "claim_id": "The claim containing the figure (claims.id).",
            "claim": "The claim's text.",
            "article": "Title of the article.",
            "article_id": "The article (articles.id).",
        },
    ),
    "checked_claims_with_sources": (
        "claims_with_sources after reviewers' corrections: a source a reviewer removed is "
        "gone, one they chose or added is there (mode 'corrected'), a claim marked as the "
        "author's own voice has no source.",
        {
            "claim_id": "The claim (claims.id).",
            "claim": "The claim's text.",
            "kind": "Claim kind (claims.kind).",
            "source": "Name of the source, after corrections (sources.name).",
            "source_kind": "Kind of source (sources.kind).",
            "cue": "The cue words, when the pipeline found this source.",
            "mode": "Attribution mode, or 'corrected' for a source only a reviewer gave.",
            "confidence": "0-1 confidence of the pipeline's link (empty when corrected).",
            "corrections": "Number of corrections recorded on the claim.",
            "article": "Title of the article.",
            "article_id": "The article (articles.id).",
        },
    ),
    "source_summary": (
        "One row per source with how many claims and articles cite it.",
        {
            "source_id": "The source (sources.id).",
            "name": "Canonical name of the source.",
            "kind": "Kind of source (sources.kind).",
            "description": "Role or description of the source.",
            "claims": "Number of distinct claims attributed to the source.",
            "articles": "Number of distinct articles citing the source.",
        },
    ),
    # --- claim matching, figure conflicts, track records ---
    "claims_checked_before": (
        "Claims without a verdict of their own that state the same as a judged claim: "
        "newest articles first (docs/matching.md).",
        {
            "claim_id": "The claim (claims.id).",
            "claim": "The claim's text.",
            "article": "Title of the claim's article.",
            "article_id": "The article (articles.id).",
            "ingested_at": "When the claim's article was ingested.",
            "matched_claim_id": "The judged claim it matches (claims.id).",
            "matched_claim": "The judged claim's text.",
            "rating": "Current (newest) verdict on the judged claim.",
            "verdict_url": "URL of that verdict's published fact-check.",
            "score": "0-1 similarity from the matcher.",
            "method": "The matcher that found the match.",
            "reasons": "JSON array of reasons (shared words, entities, same figure).",
        },
    ),
    "figure_conflicts": (
        "Pairs of figures stating the same quantity (same unit, metric, year and entity) "
        "with values that cannot both be right, with both claims, sources and articles.",
        {
            "figure_id": "The first figure (figures.id).",
            "figure": "The first figure as written.",
            "value": "Its normalised value.",
            "claim_id": "The claim stating it (claims.id).",
            "claim": "That claim's text.",
            "sources": "Sources the article attributes that claim to.",
            "article": "Title of that article.",
            "article_id": "That article (articles.id).",
            "other_figure_id": "The conflicting figure (figures.id).",
            "other_figure": "The conflicting figure as written.",
            "other_value": "Its normalised value.",
            "other_claim_id": "The claim stating it (claims.id).",
            "other_claim": "That claim's text.",
            "other_sources": "Sources the article attributes that claim to.",
            "other_article": "Title of that article.",
            "other_article_id": "That article (articles.id).",
            "unit": "The shared unit.",
            "year": "The shared year or period, when stated.",
            "metric": "What is measured.",
            "reason": "The two figures and what they measure.",
        },
    ),
    "source_track_record": (
        "Sources with judged claims: how many of their claims were checked and the current "
        "ratings those claims got.",
        {
            "source_id": "The source (sources.id).",
            "name": "Canonical name of the source.",
            "kind": "Kind of source (sources.kind).",
            "claims": "Claims attributed to the source.",
            "checked": "Of those, claims with a verdict.",
            "ratings": "Current ratings with counts (\"False: 2; Mostly true: 1\").",
        },
    ),
}

# Bookkeeping tables that are not claimtrack's data: described, and hidden from the lists.
INTERNAL_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "_sqlite_migrations": (
        "Schema migrations applied to this database (sqlite-utils bookkeeping).",
        {
            "id": "Row id.",
            "migration_set": "Name of the set of migrations (claimtrack).",
            "name": "Name of the migration applied.",
            "applied_at": "UTC time the migration was applied.",
        },
    ),
}

# The names of a claim's sources, for queries that list claims: written CLAIM_SOURCES
# on a line of its own in a query below.
_CLAIM_SOURCES = (
    "(select group_concat(sources.name, '; ')",
    "   from attributions",
    "   join sources on sources.id = attributions.source_id",
    "   where attributions.claim_id = claims.id) as sources,",
)


def _sql(text: str) -> str:
    """Dedent a query and drop trailing spaces, so YAML keeps it as a readable block."""
    lines = []
    for line in dedent(text).strip().splitlines():
        if line.strip() == "CLAIM_SOURCES":
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(indent + part for part in _CLAIM_SOURCES)
        else:
            lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


# The "worth checking" list: the claims a fact-checker should look at first, across
# articles. WORTH_CHECKING_LIMIT keeps it a work queue (a page), not the whole table.
WORTH_CHECKING_LIMIT = 50


def worth_checking_sql(limit: int | None = WORTH_CHECKING_LIMIT) -> str:
    """Claims by check-worthiness, best first (ties: oldest claim first), with the reason,
    the sources the article attributes them to and the article; ``limit`` rows (None: all).
    Columns: claim_id, checkworthiness, checkworthiness_reason, claim, kind, hedged,
    sources, article, article_id. The annotated page shows a claim at
    ``/-/article/<article_id>#claim-<claim_id>`` (datasette_plugin.article_page_url)."""
    sql = _sql(
        """
        select
          claims.id as claim_id,
          claims.checkworthiness,
          claims.checkworthiness_reason,
          claims.text as claim,
          claims.kind,
          claims.hedged,
          CLAIM_SOURCES
          articles.title as article,
          claims.article_id
        from claims
        join articles on articles.id = claims.article_id
        order by claims.checkworthiness desc, claims.id
        """
    )
    return sql if limit is None else sql + f"limit {int(limit)}\n"


QUERIES: dict[str, dict] = {
    "claims_by_source": {
        "title": "Everything a source claims",
        "description": (
            "Every claim attributed to a source, across all articles. The source matches "
            "when its name contains the text you type or one of its aliases equals it "
            "(\"Clarke\", \"HRW\")."
        ),
        "params": ["source"],
        "sql": _sql(
            """
            select
              claims.id as claim_id,
              claims.text as claim,
              claims.kind,
              sources.name as source,
              attributions.source_text as written_as,
              attributions.cue,
              attributions.mode,
              attributions.confidence,
              articles.title as article,
              claims.article_id
            from sources
            -- cross join: match the sources first, then read only their attributions
            cross join attributions on attributions.source_id = sources.id
            join claims on claims.id = attributions.claim_id
            join articles on articles.id = claims.article_id
            where :source != ''
              and (
                sources.name like '%' || :source || '%'
                -- the aliases' JSON is parsed only where its text holds the name: parsing
                -- every source's aliases cost as much as the rest of the query
                or (sources.aliases like '%' || :source || '%' and exists (
                  select 1
                  from json_each(
                    case when json_valid(sources.aliases) then sources.aliases else '[]' end
                  ) as alias
                  where lower(alias.value) = lower(:source)
                ))
              )
            order by sources.name, articles.published, claims.article_id, claims.seq
            """
        ),
    },
    "figures_without_source": {
        "title": "Figures without a source",
        "description": (
            "Quantities stated in claims that the article attributes to nobody: "
            "the first figures to check."
        ),
        "sql": _sql(
            """
            select
              unsourced_figures.figure_id,
              unsourced_figures.figure,
              unsourced_figures.value,
              unsourced_figures.unit,
              unsourced_figures.qualifier,
              figures.year,
              figures.metric,
              unsourced_figures.claim_id,
              unsourced_figures.claim,
              unsourced_figures.article,
              unsourced_figures.article_id
            from unsourced_figures
            join figures on figures.id = unsourced_figures.figure_id
            order by unsourced_figures.article_id, figures.start
            """
        ),
    },
    "sources_by_claims": {
        "title": "Sources ranked by number of claims",
        "description": (
            "Who is cited most: claims and articles per source, direct quotations "
            "and the mean confidence of the links."
        ),
        "sql": _sql(
            """
            select
              sources.id as source_id,
              sources.name,
              sources.kind,
              sources.description,
              counts.claims,
              counts.articles,
              counts.direct_quotes,
              round(counts.confidence_millis / 1000.0 / counts.rated_links, 2)
                as mean_confidence
            -- the counts kept by triggers (source_counts.py), read in their index's order
            from source_counts as counts
            cross join sources on sources.id = counts.source_id
            order by counts.claims desc, counts.articles desc, sources.name
            """
        ),
    },
    "search_claims": {
        "title": "Search claims",
        "description": (
            "Claims found by their words, by the names and aliases of their sources "
            "(\"HRW\" finds what Human Rights Watch said) and by the canonical names of the "
            "people, organisations and places they mention, whatever the spelling; best "
            f"matches first among the newest {SEARCH_RANK_WINDOW:,} that match (the newest "
            "claims have the highest ids). Words are matched as typed (quotes and operators "
            "are escaped)."
        ),
        "params": ["q"],
        "sql": _sql(
            f"""
            select
              claims.id as claim_id,
              claims.text as claim,
              claims.kind,
              claims.checkworthiness,
              CLAIM_SOURCES
              articles.title as article,
              claims.article_id
            from claims_search_fts
            join claims on claims.id = claims_search_fts.rowid
            join articles on articles.id = claims.article_id
            -- an empty search is the empty phrase, which matches nothing instead of failing
            where claims_search_fts match coalesce(nullif(escape_fts(:q), ''), '""')
              -- rank only the newest matches: ranking every match of a common word costs
              -- seconds on a large archive (docs/scaling.md)
              and claims_search_fts.rowid >= coalesce((
                select min(rowid) from (
                  select rowid from claims_search_fts
                  where claims_search_fts match coalesce(nullif(escape_fts(:q), ''), '""')
                  order by rowid desc limit {SEARCH_RANK_WINDOW})), 0)
            order by claims_search_fts.rank
            """
        ),
    },
    "claims_mentioning_entity": {
        "title": "Claims mentioning an entity",
        "description": (
            "Claims that mention a person, organisation or place under any of its names: "
            "type the canonical name or any mention (\"Tokayev\") and every mention of "
            "the same entity is found through entities.canonical."
        ),
        "params": ["entity"],
        "sql": _sql(
            """
            select
              claims.id as claim_id,
              claims.text as claim,
              entities.canonical as entity,
              group_concat(distinct entities.text) as mentioned_as,
              claims.kind,
              CLAIM_SOURCES
              articles.title as article,
              claims.article_id
            from entities
            join claims on claims.id = entities.claim_id
            join articles on articles.id = claims.article_id
            where entities.canonical in (
              select canonical from entities
              where lower(canonical) = lower(:entity) or lower(text) = lower(:entity)
            )
            group by claims.id, entities.canonical
            order by articles.published, claims.article_id, claims.seq
            """
        ),
    },
    "direct_quotes": {
        "title": "Direct quotations",
        "description": (
            "Only what sources said in quotation marks (attributions.mode = 'direct'), "
            "with the quoted words cut from the article by their offsets."
        ),
        "sql": _sql(
            """
            select
              attributions.id as attribution_id,
              coalesce(
                substr(articles.text, attributions.content_start + 1,
                       attributions.content_end - attributions.content_start),
                claims.text
              ) as quote,
              sources.name as source,
              attributions.cue,
              attributions.confidence,
              claims.id as claim_id,
              articles.title as article,
              claims.article_id
            -- articles in date order (an index), each one's direct links: the first page
            -- streams instead of sorting every quotation
            from articles
            cross join attributions on attributions.article_id = articles.id
            cross join claims on claims.id = attributions.claim_id
            cross join sources on sources.id = attributions.source_id
            where attributions.mode = 'direct'
            order by articles.published, articles.id, claims.seq
            """
        ),
    },
    "checkworthy_claims": {
        "title": "Claims ranked by check-worthiness",
        "description": (
            "Claims most worth checking first, with the reason for the score and "
            "who the article attributes them to."
        ),
        "sql": worth_checking_sql(None),
    },
    "worth_checking": {
        "title": "Worth checking",
        "description": (
            f"The {WORTH_CHECKING_LIMIT} claims most worth checking across all articles: "
            "specific, checkable statements (figures, comparisons, named sources) first; "
            "questions, greetings, opinions, predictions and hedged claims last. The reason "
            "says which features raised or lowered the score (docs/claims.md)."
        ),
        "sql": worth_checking_sql(),
    },
    "source_across_articles": {
        "title": "The same source across articles",
        "description": (
            "Sources cited by more than one article: one row per source and article, "
            "with how the article names the source and how many claims it attributes."
        ),
        "sql": _sql(
            """
            select
              sources.id as source_id,
              sources.name as source,
              sources.kind,
              group_concat(distinct attributions.source_text) as written_as,
              count(distinct attributions.claim_id) as claims,
              articles.title as article,
              articles.published,
              attributions.article_id
            -- sources in name order (an index), those cited by two articles or more (the
            -- counts kept by triggers), each one's links in article order (an index):
            -- the first page streams instead of grouping every attribution
            from sources
            cross join source_counts as counts on counts.source_id = sources.id
            cross join attributions on attributions.source_id = sources.id
            cross join articles on articles.id = attributions.article_id
            where counts.articles > 1
            group by sources.name, sources.id, attributions.article_id
            order by sources.name, sources.id, attributions.article_id
            """
        ),
    },
    "new_claims_checked_before": {
        "title": "New claims already checked",
        "description": (
            "Claims from the most recently ingested articles that state the same as a claim "
            "that has a verdict: the rating applies, or the check needs a second look. "
            "Type how many days back to look (default 7)."
        ),
        "params": ["days"],
        "sql": _sql(
            """
            select
              claim_id,
              claim,
              rating,
              verdict_url,
              matched_claim,
              matched_claim_id,
              score,
              reasons,
              article,
              article_id,
              ingested_at
            from claims_checked_before
            where datetime(ingested_at) >= datetime('now', '-' || coalesce(nullif(:days, ''), '7')
                                          || ' days')
            order by ingested_at desc, score desc
            """
        ),
    },
}


def _table_metadata(t: schema.Table) -> dict:
    meta: dict = {"description": t.description}
    meta["columns"] = {c.name: c.description for c in t.columns}
    meta["label_column"] = t.label_column or t.pk
    if t.name in SORT:
        key, column = SORT[t.name]
        meta[key] = column
    if t.name in FACETS:
        meta["facets"] = list(FACETS[t.name])
        meta["facet_size"] = FACET_SIZE
    if t.fts:
        meta["fts_table"] = FTS_TABLES.get(t.name, f"{t.name}_fts")
        meta["fts_pk"] = t.pk
    return meta


def metadata_dict(database: str = DATABASE) -> dict:
    """The Datasette 0.65 metadata for a claimtrack database named ``database``."""
    tables: dict[str, dict] = {t.name: _table_metadata(t) for t in schema.TABLES}
    for view in schema.VIEWS:
        description, columns = VIEW_DESCRIPTIONS[view]
        tables[view] = {"description": description, "columns": dict(columns)}
        if view in FACETS:
            tables[view]["facets"] = list(FACETS[view])
            tables[view]["facet_size"] = FACET_SIZE
    for name, (description, columns) in INTERNAL_TABLES.items():
        tables[name] = {"description": description, "columns": dict(columns), "hidden": True}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": SOURCE,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": tables,
                # hide_sql: the form and the rows come first; "Show SQL" is one click.
                "queries": {name: {**q, "hide_sql": True} for name, q in QUERIES.items()},
            }
        },
    }


class _Dumper(yaml.SafeDumper):
    """Writes multi-line strings (SQL) as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)

HEADER = (
    "# Datasette metadata for claimtrack, generated from src/claimtrack/schema.py and\n"
    "# src/claimtrack/publish.py. Do not edit by hand: run `claimtrack metadata`.\n"
)


def render_yaml(database: str = DATABASE) -> str:
    body = yaml.dump(
        metadata_dict(database),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
    )
    return HEADER + body
