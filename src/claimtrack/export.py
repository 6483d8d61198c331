"""Exports of the claims database: ClaimReview, JSON lines, CSV and W3C Web Annotation.

Every exporter reads the same per-claim records (``claim_records``) so the formats agree on
which claims, sources, figures and entities there are. docs/exports.md describes each format
and the choices made (one ClaimReview per judged claim, the reviewer's @type, CSV flattening,
annotation motivations).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import IO
from urllib.parse import urlparse

import sqlite_utils

from claimtrack import __version__
from claimtrack.corrections import correct_sources
from claimtrack.verdicts import latest_verdicts

FORMATS = ("claimreview", "jsonl", "csv", "webannotation", "corrections")

SCHEMA_ORG = "https://schema.org"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Context kept either side of a claim in a TextQuoteSelector, enough to re-anchor a quote
# that occurs more than once in the page.
QUOTE_CONTEXT_CHARS = 32


class ExportError(ValueError):
    """An export that cannot be made (unknown article, not a claimtrack database)."""


# ---------------------------------------------------------------------------------------------
# Reading the database


def _check_database(db: sqlite_utils.Database, article_id: str | None) -> None:
    for name in ("articles", "claims"):
        if not db[name].exists():
            raise ExportError(f"not a claimtrack database: no {name} table")
    if article_id is not None and not db.execute(
        "select 1 from articles where id = ?", [article_id]
    ).fetchone():
        raise ExportError(f"unknown article id {article_id!r}")


def _rows_by_claim(
    db: sqlite_utils.Database, sql: str, article_id: str | None
) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    where = "where t.article_id = :article_id" if article_id is not None else ""
    for row in db.query(sql.format(where=where), {"article_id": article_id}):
        grouped[row.pop("claim_id")].append(row)
    return grouped


# Highest-confidence attribution first: exporters that need one source take the first.
_SOURCES_SQL = """
    select t.claim_id, sources.id as source_id, sources.name, sources.kind,
           sources.description, t.cue, t.cue_start, t.cue_end, t.mode, t.confidence
    from attributions t join sources on sources.id = t.source_id
    {where}
    order by t.claim_id, t.confidence desc, t.id
"""
_FIGURES_SQL = """
    select t.claim_id, t.text, t.value, t.unit, t.qualifier from figures t {where}
    order by t.claim_id, t.start, t.id
"""
_ENTITIES_SQL = """
    select t.claim_id, t.text, t.label, t.canonical from entities t {where}
    order by t.claim_id, t.start, t.id
"""
_CLAIMS_SQL = """
    select t.id as claim_id, t.article_id, articles.title as article_title,
           articles.url as article_url, t.seq, t.paragraph, t.start, t."end", t.text, t.kind,
           t.hedged, t.checkworthiness
    from claims t join articles on articles.id = t.article_id
    {where}
    order by articles.ingested_at, t.article_id, t.seq
"""

VERDICT_FIELDS = ("rating", "rating_value", "best", "worst", "url", "reviewer", "note",
                  "created_at")


def claim_records(db: sqlite_utils.Database, article_id: str | None = None) -> Iterator[dict]:
    """One plain dict per claim (in article order): the claim, its article, its sources
    (highest confidence first), figures, entities and its latest verdict or None."""
    _check_database(db, article_id)
    sources = _rows_by_claim(db, _SOURCES_SQL, article_id) if db["attributions"].exists() else {}
    figures = _rows_by_claim(db, _FIGURES_SQL, article_id) if db["figures"].exists() else {}
    entities = _rows_by_claim(db, _ENTITIES_SQL, article_id) if db["entities"].exists() else {}
    verdicts = latest_verdicts(db, article_id=article_id)
    where = "where t.article_id = :article_id" if article_id is not None else ""
    claims = list(db.query(_CLAIMS_SQL.format(where=where), {"article_id": article_id}))
    # Reviewers' corrections win over the pipeline's attributions.
    sources = correct_sources(db, sources, [c["claim_id"] for c in claims])
    for claim in claims:
        claim_id = claim["claim_id"]
        verdict = verdicts.get(claim_id)
        yield {
            **claim,
            "sources": [
                {k: s[k] for k in ("name", "kind", "description", "cue", "mode", "confidence")}
                for s in sources.get(claim_id, [])
            ],
            "figures": figures.get(claim_id, []),
            "entities": entities.get(claim_id, []),
            "verdict": {k: verdict[k] for k in VERDICT_FIELDS} if verdict else None,
        }


def _articles(db: sqlite_utils.Database, article_id: str | None) -> dict[str, dict]:
    where, params = ("where id = ?", [article_id]) if article_id is not None else ("", [])
    return {a["id"]: a for a in db.query(f"select * from articles {where}", params)}


# ---------------------------------------------------------------------------------------------
# JSON lines and CSV


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


CSV_COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "seq", "paragraph", "start", "end",
    "text", "kind", "hedged", "checkworthiness",
    "source_names", "source_kinds", "source_cues", "sources",
    "figures", "entities",
    *(f"verdict_{field}" for field in VERDICT_FIELDS),
)
# Lists of plain strings are joined with this for spreadsheets; lists of records are JSON.
CSV_LIST_SEPARATOR = "; "


def csv_row(record: dict) -> dict:
    """Flatten one claim record into CSV_COLUMNS (see docs/exports.md)."""
    row = {k: record[k] for k in CSV_COLUMNS if k in record and not isinstance(record[k], list)}
    srcs = record["sources"]
    row["source_names"] = CSV_LIST_SEPARATOR.join(s["name"] or "" for s in srcs)
    row["source_kinds"] = CSV_LIST_SEPARATOR.join(s["kind"] or "" for s in srcs)
    row["source_cues"] = CSV_LIST_SEPARATOR.join(s["cue"] or "" for s in srcs)
    for key in ("sources", "figures", "entities"):
        row[key] = json.dumps(record[key], ensure_ascii=False)
    verdict = record["verdict"] or {}
    for key in VERDICT_FIELDS:
        row[f"verdict_{key}"] = verdict.get(key)
    return row


# A cell starting with one of these is run as a formula by spreadsheet software
# (=HYPERLINK(...), +cmd|..., @SUM): OWASP's advice is to prefix such cells with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text, never runs (see FORMULA_STARTS)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: spreadsheet_safe(v) for k, v in csv_row(record).items()})
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# schema.org ClaimReview


def _number(value: float | None) -> int | float | None:
    """Ratings are usually whole numbers: write 3, not 3.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _authors(article: dict) -> list[str]:
    try:
        authors = json.loads(article.get("authors") or "[]")
    except json.JSONDecodeError:
        return []
    return [a for a in authors if isinstance(a, str) and a.strip()]


# Source kinds that name an identifiable organisation; "group" sources are vague
# ("officials", "experts") and "document" ones are not authors (see docs/exports.md).
ORGANIZATION_KINDS = ("organization", "publication", "government")


def _claim_author(source: dict) -> dict | None:
    """A source as a Claim's author: a person is a Person; an organisation, publication or
    government an Organization; a vague group or a document is no author."""
    if source["kind"] not in ("person", *ORGANIZATION_KINDS):
        return None
    author = {"@type": "Person" if source["kind"] == "person" else "Organization",
              "name": source["name"]}
    if source.get("description"):
        author["description"] = source["description"]
    return author


def _appearance(article: dict) -> dict:
    work: dict = {"@type": "CreativeWork", "headline": article["title"]}
    if _is_http_url(article.get("url")):  # never javascript: or data: from an input
        work["url"] = article["url"]
    if article.get("publication"):
        work["publisher"] = {"@type": "Organization", "name": article["publication"]}
    authors = _authors(article)
    if authors:
        work["author"] = [{"@type": "Person", "name": name} for name in authors]
    if article.get("published"):
        work["datePublished"] = article["published"]
    return {k: v for k, v in work.items() if v is not None}


def claimreview(record: dict, article: dict, *, reviewer_type: str = "Organization") -> dict:
    """The ClaimReview of one judged claim record (its latest verdict)."""
    verdict = record["verdict"]
    rating = {"@type": "Rating", "alternateName": verdict["rating"]}
    for key, field in (("rating_value", "ratingValue"), ("best", "bestRating"),
                       ("worst", "worstRating")):
        if verdict[key] is not None:
            rating[field] = _number(verdict[key])
    item: dict = {"@type": "Claim", "appearance": _appearance(article)}
    if record["sources"]:
        top = record["sources"][0]
        author = _claim_author(top)
        if author:
            item["author"] = author
        elif top["kind"] == "document":
            # A report or statement the claim comes from is where it first appeared.
            item["firstAppearance"] = {"@type": "CreativeWork", "name": top["name"]}
    if article.get("published"):
        item["datePublished"] = article["published"]
    review: dict = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "claimReviewed": record["text"],
        "reviewRating": rating,
        "itemReviewed": item,
        "datePublished": verdict["created_at"][:10],
    }
    if _is_http_url(verdict["url"]):
        review["url"] = verdict["url"]
    if verdict["reviewer"]:
        review["author"] = {"@type": reviewer_type, "name": verdict["reviewer"]}
    if verdict["note"]:
        review["reviewBody"] = verdict["note"]
    return review


def claimreviews(
    db: sqlite_utils.Database, article_id: str | None = None, *,
    reviewer_type: str = "Organization",
) -> list[dict]:
    """One ClaimReview per claim that has a verdict, from its latest verdict."""
    if reviewer_type not in ("Organization", "Person"):
        raise ExportError(f"reviewer type must be Organization or Person, not {reviewer_type!r}")
    records = [r for r in claim_records(db, article_id) if r["verdict"]]
    articles = _articles(db, article_id)
    return [
        claimreview(r, articles[r["article_id"]], reviewer_type=reviewer_type) for r in records
    ]


def _is_http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_claimreview(obj: dict, *, recommended: bool = False) -> list[str]:
    """Problems that keep ``obj`` from being a ClaimReview Google's fact-check markup accepts.

    Required: claimReviewed, reviewRating (a Rating with alternateName or ratingValue; a
    numeric value within worstRating..bestRating), url (absolute http(s)), author with a
    name. With ``recommended=True`` also the recommended fields: datePublished and an
    itemReviewed Claim with an author (with a name) and an appearance.
    """
    problems: list[str] = []
    if not isinstance(obj, dict):
        return ["not a JSON object"]
    context = obj.get("@context")
    if not (isinstance(context, str) and context.rstrip("/") in (SCHEMA_ORG, "http://schema.org")):
        problems.append("@context is not https://schema.org")
    if obj.get("@type") != "ClaimReview":
        problems.append("@type is not ClaimReview")
    claim = obj.get("claimReviewed")
    if not (isinstance(claim, str) and claim.strip()):
        problems.append("claimReviewed missing or empty")
    rating = obj.get("reviewRating")
    if not isinstance(rating, dict):
        problems.append("reviewRating missing")
    else:
        if rating.get("@type") not in (None, "Rating"):
            problems.append("reviewRating @type is not Rating")
        name = rating.get("alternateName")
        has_name = isinstance(name, str) and bool(name.strip())
        value = rating.get("ratingValue")
        if not has_name and value is None:
            problems.append("reviewRating needs alternateName or ratingValue")
        if value is not None and not _is_number(value):
            problems.append("reviewRating.ratingValue is not a number")
        bounds = [rating.get(k) for k in ("worstRating", "bestRating")]
        if any(b is not None and not _is_number(b) for b in bounds):
            problems.append("reviewRating bestRating/worstRating must be numbers")
        elif _is_number(value) and all(_is_number(b) for b in bounds):
            low, high = sorted(bounds)
            if not low <= value <= high:
                problems.append(f"reviewRating.ratingValue {value} is outside {low}..{high}")
    if not _is_http_url(obj.get("url")):
        problems.append("url missing or not an absolute http(s) URL")
    author = obj.get("author")
    if not (isinstance(author, dict) and isinstance(author.get("name"), str)
            and author["name"].strip()):
        problems.append("author.name missing")
    elif author.get("@type") not in ("Organization", "Person"):
        problems.append("author @type is not Organization or Person")
    if recommended:
        if not obj.get("datePublished"):
            problems.append("recommended: datePublished missing")
        item = obj.get("itemReviewed")
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            problems.append("recommended: itemReviewed Claim missing")
        else:
            item_author = item.get("author")
            if not (isinstance(item_author, dict) and item_author.get("name")):
                problems.append("recommended: itemReviewed.author missing")
            elif item_author.get("@type") not in ("Organization", "Person"):
                problems.append("recommended: itemReviewed.author @type is not "
                                "Organization or Person")
            appearance = item.get("appearance")
            if not appearance:
                problems.append("recommended: itemReviewed.appearance missing")
            elif isinstance(appearance, dict) and not _is_http_url(appearance.get("url")):
                problems.append("recommended: itemReviewed.appearance has no URL")
    return problems


# ---------------------------------------------------------------------------------------------
# W3C Web Annotation


def article_iri(article: dict) -> str:
    """The article's http(s) URL, or a URN: an input's javascript: URL never gets through."""
    if _is_http_url(article.get("url")):
        return article["url"]
    return f"urn:claimtrack:article:{article['id']}"


def text_quote_selector(text: str, start: int, end: int) -> dict:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - QUOTE_CONTEXT_CHARS):start],
        "suffix": text[end:end + QUOTE_CONTEXT_CHARS],
    }


def _describe_attribution(source: dict) -> str:
    parts = [f"{source['name']} ({source['kind']})"]
    if source["cue"]:
        parts.append(f"cue \u201c{source['cue']}\u201d")
    if source["mode"]:
        parts.append(source["mode"])
    if source["confidence"] is not None:
        parts.append(f"confidence {source['confidence']:.2f}")
    return ", ".join(parts)


def web_annotation(record: dict, article: dict, *, reviewer_type: str = "Organization") -> dict:
    """One claim as a Web Annotation. An attributed claim is motivated by "tagging": a
    tagging body per source and a describing body with the cue. An unattributed claim is
    "commenting", with a describing body saying so. A verdict adds an "assessing" body."""
    text = article["text"]
    start, end = record["start"], record["end"]
    bodies: list[dict] = []
    for source in record["sources"]:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": source["name"]})
        bodies.append({
            "type": "TextualBody",
            "purpose": "describing",
            "value": _describe_attribution(source),
        })
    if record["sources"]:
        motivation = "tagging"
    else:
        motivation = "commenting"
        bodies.append({"type": "TextualBody", "purpose": "describing",
                       "value": f"Unattributed claim ({record['kind']})"})
    verdict = record["verdict"]
    if verdict:
        assessment = {"type": "TextualBody", "purpose": "assessing", "value": verdict["rating"]}
        if verdict["reviewer"]:
            assessment["creator"] = {"type": reviewer_type, "name": verdict["reviewer"]}
        if _is_http_url(verdict["url"]):
            assessment["id"] = verdict["url"]
        bodies.append(assessment)
    annotation = {
        "id": f"urn:claimtrack:claim:{record['claim_id']}",
        "type": "Annotation",
        "motivation": motivation,
        "body": bodies,
        "target": {
            "source": article_iri(article),
            "selector": [
                text_quote_selector(text, start, end),
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
    if article.get("ingested_at"):
        annotation["created"] = article["ingested_at"]
    return annotation


def web_annotations(db: sqlite_utils.Database, article_id: str | None = None, *,
                    reviewer_type: str = "Organization") -> dict:
    """All claims as a W3C AnnotationCollection with one embedded page."""
    records = list(claim_records(db, article_id))
    articles = _articles(db, article_id)
    items = [web_annotation(r, articles[r["article_id"]], reviewer_type=reviewer_type)
             for r in records]
    return {
        "@context": ANNO_CONTEXT,
        "id": f"urn:claimtrack:collection:{article_id or 'all'}",
        "type": "AnnotationCollection",
        "label": (articles[article_id]["title"] if article_id else "claimtrack claims"),
        "generator": {"type": "Software", "name": f"claimtrack {__version__}"},
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# ---------------------------------------------------------------------------------------------
# One entry point for the CLI


def script_safe_json(data) -> str:
    """JSON that can be pasted into a <script type="application/ld+json"> block: "<", ">"
    and "&" (which only occur inside strings) become \\u escapes, so a claim containing
    "</script>" cannot end the block. Parsers read the same data."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def export(
    db: sqlite_utils.Database, fmt: str, out: IO[str], article_id: str | None = None, *,
    reviewer_type: str = "Organization", on_problem: Callable[[str], None] | None = None,
) -> int:
    """Write ``fmt`` to ``out``; returns the number of items (claims, reviews) written.
    ``on_problem`` hears each ClaimReview validation problem (they are still written: a
    missing fact-check URL can be added later, the rest of the review is still useful)."""
    # Checked before anything is written: an unknown article is an error, not an empty CSV.
    _check_database(db, article_id)
    if fmt == "jsonl":
        return write_jsonl(claim_records(db, article_id), out)
    if fmt == "csv":
        return write_csv(claim_records(db, article_id), out)
    if fmt == "claimreview":
        reviews = claimreviews(db, article_id, reviewer_type=reviewer_type)
        if on_problem:
            for review in reviews:
                for problem in validate_claimreview(review):
                    on_problem(f"{review['claimReviewed'][:60]!r}: {problem}")
        out.write(script_safe_json(reviews) + "\n")
        return len(reviews)
    if fmt == "webannotation":
        collection = web_annotations(db, article_id, reviewer_type=reviewer_type)
        out.write(script_safe_json(collection) + "\n")
        return collection["total"]
    if fmt == "corrections":  # reviewers' answers as gold data (JSON lines)
        from claimtrack.corrections import write_gold

        return write_gold(db, out)
    raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def export_string(db: sqlite_utils.Database, fmt: str, article_id: str | None = None,
                  **kwargs) -> str:
    buffer = io.StringIO()
    export(db, fmt, buffer, article_id, **kwargs)
    return buffer.getvalue()
