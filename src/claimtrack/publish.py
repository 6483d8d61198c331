"""Datasette metadata for a claimtrack database, generated from ``schema.TABLES``.

``metadata.yml`` at the repository root is this module's output, so table and column
descriptions cannot drift from the schema; tests/test_datasette.py fails when they differ.
Regenerate it with::

    claimtrack metadata            # writes ./metadata.yml
    claimtrack metadata --check    # exit 1 when metadata.yml is stale

Datasette 0.65 reads canned queries from metadata (``-m``), so canned_queries.QUERIES go in
here too. Nothing here grants write access or changes the SQL time limit: the published
database is read-only.
"""

from __future__ import annotations

import yaml

from claimtrack import schema
from claimtrack.canned_queries import QUERIES
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
# Views over every claim (or figure) whose pages skip Datasette's row count (`_nocount=1`,
# added by server_guards): counting the join of millions of claims takes seconds, past the
# SQL time limit, on every page (unsourced_figures: 1.0 s of 1.05 s at 5.8 million claims);
# the rows, facets on demand and the next-page link stay. source_summary (one row per
# source) counts by running the whole view, its sort by claims included (715 ms at 81,070
# sources): the sources table's page says how many sources there are.
UNCOUNTED_VIEWS = ("claims_with_sources", "checked_claims_with_sources", "unsourced_figures",
                   "source_summary")
# Tables whose full-text searches (`?_search=`) list their matches, by id as ever, without
# counting or faceting them (server_guards adds `_nocount=1&_nofacet=1`; `_count=1` or a
# `_facet=` asks for them): both read every matching row, and for a common word at 5.8
# million claims the count ran into the 1 s SQL time limit and the facet into its own.
UNCOUNTED_SEARCHES = ("claims",)
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

SORT: dict[str, tuple[str, str]] = {
    # table: ("sort" | "sort_desc", column)
    "articles": ("sort_desc", "published"),
    "claims": ("sort", "id"),
    "sources": ("sort", "name"),
    "attributions": ("sort", "id"),
    "entities": ("sort", "canonical"),
    "figures": ("sort", "id"),
}

# The views are defined in schema_views.py; their columns are described here.
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
    "# Datasette metadata for claimtrack, generated from src/claimtrack/schema.py,\n"
    "# schema_views.py, publish.py and canned_queries.py. Do not edit by hand: run\n"
    "# `claimtrack metadata`.\n"
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
