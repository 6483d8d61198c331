"""The canned queries Datasette shows for a claimtrack database, as data: each one's title,
description, parameters and SQL. publish.py puts them into the metadata (Datasette 0.65
reads canned queries from metadata); web/checks.py runs ``worth_checking_sql`` for the front
page. Every query only reads.
"""

from __future__ import annotations

from textwrap import dedent

# search_claims ranks the newest matches only (their ids are the highest): FTS5 computes the
# rank of every match before the first row, a second or more for a common word in millions
# of claims; 2,000 is several pages of results and a few milliseconds of ranking.
SEARCH_RANK_WINDOW = 2000

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
        -- CROSS JOIN keeps claims the outer loop, read in checkworthiness order from its
        -- index: with statistics of a large archive the planner would otherwise scan
        -- articles and sort every claim (1 s at 11.7 million claims).
        cross join articles on articles.id = claims.article_id
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
              -- the sources whose name or aliases hold the text, from their trigram index
              -- (source_names.py): a lookup, where reading every source's names took
              -- 0.6 s at 366,583 sources. The index holds runs of three characters:
              -- shorter text ("Xi") reads the sources themselves, the faster scan.
              and sources.id in (
                select rowid from source_names_fts
                where length(:source) >= 3 and name like '%' || :source || '%'
                union
                select rowid from source_names_fts
                where length(:source) >= 3 and aliases like '%' || :source || '%'
                union
                select id from sources as short
                where length(:source) < 3
                  and (short.name like '%' || :source || '%'
                       or short.aliases like '%' || :source || '%')
              )
              and (
                sources.name like '%' || :source || '%'
                or exists (
                  select 1
                  from json_each(
                    case when json_valid(sources.aliases) then sources.aliases else '[]' end
                  ) as alias
                  where lower(alias.value) = lower(:source)
                )
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
