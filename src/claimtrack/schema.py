"""The public database schema, as data, applied by one idempotent ``ensure_schema(db)``.

Fact-checkers write SQL against these tables: every table and column carries a
description, and README.md and metadata.yml are generated from ``TABLES`` (cog), so the
documentation cannot drift from the code. The views are in schema_views.py; creating what
a database lacks, and the migrations, in schema_apply.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from claimtrack.schema_apply import apply_schema
from claimtrack.schema_views import VIEWS


@dataclass(frozen=True)
class Column:
    name: str
    type: type | str
    description: str
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    pk: str = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    label_column: str | None = None
    fts: tuple[str, ...] = ()
    # Columns, "-column" for descending, or an expression such as "lower(column)".
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[tuple[str, ...], ...] = field(default=())
    # Rows the store computes from other rows (matches, conflicts): never copied from one
    # database to another (`claimtrack merge`), but found again where they land.
    derived: bool = False


C = Column

TABLES: tuple[Table, ...] = (
    Table(
        "articles",
        "One row per ingested article. `text` is the cleaned body; every offset in every "
        "other table refers to it.",
        (
            C("id", str, "Stable article id: a slug of the title plus the first 8 hex "
              "digits of `sha256`."),
            C("title", str, "Headline found by cleaning (or given by the input's metadata); "
              "also the first paragraph of `text` (pipeline version 2 on)."),
            C("authors", str, "JSON array of author names from the byline."),
            C("publication", str, "Publication name (e.g. The Diplomat)."),
            C("summary", str, "Standfirst or description found with the title, when any."),
            C("published", str, "Publication date as ISO 8601 when known."),
            C("url", str, "Canonical URL when known."),
            C("path", str, "File path, URL or `-` (stdin) the article was read from."),
            C("sha256", str, "SHA-256 of the cleaned text; the same text is ingested once."),
            C("text", str, "Cleaned article: the headline, then the body, paragraphs "
              "separated by a blank line (version 1 stored the body alone)."),
            C("ingested_at", str, "UTC time of ingestion, ISO 8601."),
            C("pipeline_version", str, "claimtrack pipeline version that produced the rows."),
            C("model", str, "spaCy pipeline name and version used."),
        ),
        label_column="title",
        unique=(("sha256",),),
        # Date order without a sort: the articles table, direct_quotes (docs/scaling.md).
        indexes=(("published", "id"),),
    ),
    Table(
        "claims",
        "One row per claim: a sentence of the article body. "
        "`articles.text[start:end] == text`.",
        (
            C("id", int, "Claim id."),
            C("article_id", str, "The article (articles.id)."),
            C("seq", int, "Position of the claim in its article, from 0."),
            C("paragraph", int, "Paragraph number in the article body, from 0."),
            C("text", str, "The claim's text, exactly as in the article."),
            C("start", int, "Start character offset in articles.text.", "characters"),
            C("end", int, "End character offset (exclusive) in articles.text.", "characters"),
            C("kind", str, "statistic, quote, attributed, prediction, opinion or fact "
              "(see README: claim kinds)."),
            C("hedged", int, "1 when the claim is hedged (may, might, could, reportedly...)."),
            C("checkworthiness", float, "0-1: how much the claim is worth checking."),
            C("checkworthiness_reason", str, "Why the claim got its check-worthiness."),
        ),
        foreign_keys=(("article_id", "articles", "id"),),
        label_column="text",
        fts=("text",),
        # The checkworthy_claims query reads claims in this order and stops at a page.
        # The facets (kind, hedged) and the views' facet on kind count from an index
        # instead of reading every claim's row (docs/scaling.md, publication at scale).
        indexes=(("-checkworthiness", "id"), ("kind", "article_id"), ("hedged",)),
    ),
    Table(
        "sources",
        "The source registry: one row per real-world source across all articles "
        "(people, organisations, publications, governments, vague groups, documents).",
        (
            C("id", int, "Source id."),
            C("name", str, "Canonical name (the fullest form seen)."),
            C("kind", str, "person, organization, publication, government, group or document."),
            C("description", str, "Role or description from an appositive "
              "(\"Australian academic\", \"the East Asia director at Amnesty International\")."),
            C("affiliation_id", int, "The organisation the source speaks for (sources.id)."),
            C("aliases", str, "JSON array of other names seen for this source "
              "(surname, acronym, misspelling)."),
        ),
        foreign_keys=(("affiliation_id", "sources", "id"),),
        label_column="name",
        fts=("name", "description"),
        # source_across_articles and the sources table read sources in name order.
        indexes=(("name",),),
    ),
    Table(
        "attributions",
        "Links a claim to the source the article attributes it to, with the evidence: "
        "the cue words and their exact offsets.",
        (
            C("id", int, "Attribution id."),
            C("claim_id", int, "The claim (claims.id)."),
            C("source_id", int, "The source (sources.id)."),
            C("article_id", str, "The article (articles.id), for convenience."),
            C("cue", str, "The cue words (said, according to, argues...)."),
            C("cue_start", int, "Start offset of the cue in articles.text.", "characters"),
            C("cue_end", int, "End offset of the cue in articles.text.", "characters"),
            C("mode", str, "direct (quotation), indirect (reported speech), according_to, "
              "carryover (a following sentence continuing the report), ..."),
            C("confidence", float, "0-1 confidence of the link: the precision of its rule "
              "measured on PolNeAR train, minus 0.1 when the speaker was resolved from a "
              "pronoun or a description."),
            C("rule", str, "Id of the attribution rule that made the link (clausal, "
              "according_to, colon_intro, carryover, ...; the rules table in "
              "docs/attribution.md gives each rule's measured precision)."),
            C("source_text", str, "The source as written at this place (\"he\", \"Clarke\")."),
            C("source_start", int, "Start offset of the source mention.", "characters"),
            C("source_end", int, "End offset of the source mention.", "characters"),
            C("content_start", int, "Start offset of the attributed content.", "characters"),
            C("content_end", int, "End offset of the attributed content.", "characters"),
        ),
        foreign_keys=(
            ("claim_id", "claims", "id"),
            ("source_id", "sources", "id"),
            ("article_id", "articles", "id"),
        ),
        label_column="cue",
        # Covering indexes (docs/scaling.md): claims_with_sources joins and facets by claim;
        # the per-article counts (front page, articles table) by article; the per-source
        # counts (sources_by_claims, source_summary, source_across_articles) read one index
        # in source, article order; direct_quotes reads only direct links.
        indexes=(
            ("claim_id", "source_id", "mode"),
            ("article_id", "source_id", "claim_id"),
            ("source_id", "article_id", "claim_id", "mode", "confidence", "source_text"),
            ("mode",),
            ("article_id", "mode"),  # direct_quotes: an article's direct links
            # A claim's attributions in the order they were stored (claims_with_sources has
            # no ORDER BY; through the index above they would come in source id order).
            ("claim_id",),
        ),
    ),
    Table(
        "entities",
        "Named entities (people, organisations, places, ...) mentioned in claims.",
        (
            C("id", int, "Entity mention id."),
            C("article_id", str, "The article (articles.id)."),
            C("claim_id", int, "The claim containing the mention (claims.id)."),
            C("text", str, "The mention as written."),
            C("label", str, "spaCy label: PERSON, ORG, GPE, NORP, LOC, ..."),
            C("start", int, "Start offset in articles.text.", "characters"),
            C("end", int, "End offset in articles.text.", "characters"),
            C("canonical", str, "The one name all mentions of the same entity share, "
              "across articles."),
        ),
        foreign_keys=(("article_id", "articles", "id"), ("claim_id", "claims", "id")),
        label_column="text",
        # claims_mentioning_entity matches names case-insensitively.
        indexes=(("canonical",), ("lower(canonical)",), ("lower(text)",)),
    ),
    Table(
        "figures",
        "Quantities stated in claims, normalised: value, unit, qualifier.",
        (
            C("id", int, "Figure id."),
            C("article_id", str, "The article (articles.id)."),
            C("claim_id", int, "The claim containing the figure (claims.id)."),
            C("text", str, "The figure as written (\"more than 30,000 signatures\")."),
            C("value", float, "Normalised value (\"$11.07 billion\" -> 11070000000)."),
            C("unit", str, "ISO 4217 currency code, percent (also for shares: \"two-thirds\" "
              "-> 66.67), percentage points, a unit of measure (km, ha, t), a time unit, or "
              "the counted noun as written (signatures, barrels); see docs/figures.md."),
            C("qualifier", str, "Bound or approximation: more than, at least, about, ..."),
            C("low", float, "Lower end of a range (\"between 5 and 10\" -> 5)."),
            C("high", float, "Upper end of a range (-> 10)."),
            C("year", str, "Year or period the figure refers to (\"2017\", \"2016-2018\")."),
            C("metric", str, "What is measured, when the sentence says (\"bilateral trade\")."),
            C("start", int, "Start offset in articles.text.", "characters"),
            C("end", int, "End offset in articles.text.", "characters"),
        ),
        foreign_keys=(("article_id", "articles", "id"), ("claim_id", "claims", "id")),
        label_column="text",
        # figures_without_source lists figures in this order: read from the index, no sort.
        indexes=(("article_id", "start"),),
    ),
    Table(
        "verdicts",
        "Fact-checkers' verdicts on claims. A claim may have several; the newest "
        "(`created_at`) is its current rating.",
        (
            C("id", int, "Verdict id."),
            C("claim_id", int, "The claim judged (claims.id)."),
            C("rating", str, "The rating as words (False, Mostly true, Misleading...): "
              "ClaimReview's reviewRating.alternateName."),
            C("rating_value", float, "Numeric rating on the reviewer's scale, when one is used."),
            C("best", float, "Best value of the numeric scale (ClaimReview bestRating)."),
            C("worst", float, "Worst value of the numeric scale (ClaimReview worstRating)."),
            C("url", str, "URL of the published fact-check."),
            C("reviewer", str, "Who gave the verdict (organisation or person)."),
            C("note", str, "Free-text reasoning or evidence for the verdict."),
            C("created_at", str, "UTC time the verdict was recorded, ISO 8601."),
        ),
        foreign_keys=(("claim_id", "claims", "id"),),
        label_column="rating",
        indexes=(("created_at",),),
    ),
    # --- claim matching and figure conflicts (claimtrack.checked, claimtrack.conflicts) ---
    Table(
        "claim_matches",
        "Claims that state the same thing as a judged claim (\"checked before\"): found "
        "when either claim is stored or the other gets its first verdict. See "
        "docs/matching.md.",
        (
            C("id", int, "Match id."),
            C("claim_id", int, "The claim (claims.id)."),
            C("matched_claim_id", int, "The judged claim it matches (claims.id); its "
              "newest verdict applies."),
            C("score", float, "0-1 similarity from the matcher; stored matches reach the "
              "same-claim threshold and agree on every number, negation and entity."),
            C("method", str, "The matcher that found it (fuzzy: words, entities, figures)."),
            C("reasons", str, "JSON array of reasons: shared words, shared entities, "
              "same figure."),
        ),
        foreign_keys=(("claim_id", "claims", "id"), ("matched_claim_id", "claims", "id")),
        label_column="method",
        unique=(("claim_id", "matched_claim_id", "method"),),
        derived=True,
    ),
    Table(
        "figure_conflict_pairs",
        "Pairs of figures stating the same quantity (unit, metric, year, entity) with values "
        "that cannot both be right; shown with their claims in the figure_conflicts view.",
        (
            C("id", int, "Conflict id."),
            C("figure_id", int, "The figure with the lower id (figures.id)."),
            C("other_figure_id", int, "The other figure (figures.id)."),
            C("reason", str, "The two figures and what they measure."),
        ),
        foreign_keys=(("figure_id", "figures", "id"), ("other_figure_id", "figures", "id")),
        label_column="reason",
        unique=(("figure_id", "other_figure_id"),),
        derived=True,
    ),
    Table(
        "merged_shards",
        "Shard databases merged into this one (`claimtrack merge`, `claimtrack ingest "
        "--dask`): a shard is merged once, recognised by its content.",
        (
            C("id", str, "The shard's content identity: SHA-256 over its articles' sha256 "
              "and its verdict-like rows."),
            C("path", str, "Where the shard was read from."),
            C("articles", int, "Articles in the shard (those already present were skipped)."),
            C("merged_at", str, "UTC time the merge of this shard finished, ISO 8601."),
        ),
        label_column="path",
    ),
    Table(
        "corrections",
        "Reviewers' corrections of the pipeline's output, recorded in the browser. They win "
        "over the pipeline in claims_with_sources and the exports, survive `ingest "
        "--replace`, and export as gold data (`claimtrack export --format corrections`).",
        (
            C("id", int, "Correction id."),
            C("claim_id", int, "The claim corrected (claims.id)."),
            C("action", str, "source (this source instead of the pipeline's), add_source, "
              "remove_source, author (the author's own voice: no source), figure_wrong."),
            C("source_id", int, "The source chosen, added or removed (sources.id)."),
            C("figure_id", int, "The figure marked wrong (figures.id)."),
            C("claim_text", str, "The claim's text when corrected: re-attaches the correction "
              "after the article is re-ingested."),
            C("figure_text", str, "The figure as written, for the same reason."),
            C("note", str, "The reviewer's reason."),
            C("reviewer", str, "Who made the correction (the signed-in reviewer)."),
            C("created_at", str, "UTC time of the correction, ISO 8601."),
        ),
        foreign_keys=(("claim_id", "claims", "id"), ("source_id", "sources", "id"),
                      ("figure_id", "figures", "id")),
        label_column="action",
        indexes=(("created_at",),),
    ),
    # --- per-source counts kept by triggers on attributions (claimtrack.source_counts) ---
    Table(
        "source_counts",
        "Per-source counts, kept exact by triggers on attributions whatever writes them: "
        "the rankings of sources read one row per source instead of counting every "
        "attribution (docs/scaling.md).",
        (
            C("source_id", int, "The source (sources.id); sources without attributions "
              "have no row."),
            C("claims", int, "Distinct claims attributed to the source."),
            C("articles", int, "Distinct articles citing the source."),
            C("links", int, "Attributions (rows of attributions) to the source."),
            C("direct_quotes", int, "Attributions in quotation marks (mode = 'direct')."),
            C("rated_links", int, "Attributions with a confidence."),
            C("confidence_millis", int, "Sum of their confidences in thousandths (an "
              "integer, so it stays exact): mean confidence = confidence_millis / 1000.0 / "
              "rated_links."),
        ),
        pk="source_id",
        foreign_keys=(("source_id", "sources", "id"),),
        # sources_by_claims and the front page's top sources read the counts in this order.
        indexes=(("-claims", "-articles"),),
        derived=True,
    ),
)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes, FTS and views, then apply pending
    migrations; harmless to repeat."""
    # TABLES read at call time: a test may extend it (monkeypatch).
    apply_schema(db, TABLES, VIEWS)
