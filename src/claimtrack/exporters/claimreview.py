"""schema.org ClaimReview: one review per judged claim, from its latest verdict."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

import sqlite_utils

from claimtrack.export import ExportError
from claimtrack.exporters.records import (
    articles_by_id,
    claim_records,
    is_http_url,
    script_safe_json,
)

SCHEMA_ORG = "https://schema.org"


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
    if is_http_url(article.get("url")):  # never javascript: or data: from an input
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
    if is_http_url(verdict["url"]):
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
    articles = articles_by_id(db, article_id)
    return [
        claimreview(r, articles[r["article_id"]], reviewer_type=reviewer_type) for r in records
    ]



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
    if not is_http_url(obj.get("url")):
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
            elif isinstance(appearance, dict) and not is_http_url(appearance.get("url")):
                problems.append("recommended: itemReviewed.appearance has no URL")
    return problems


def write(db: sqlite_utils.Database, out: IO[str], article_id: str | None = None, *,
          reviewer_type: str = "Organization",
          on_problem: Callable[[str], None] | None = None, **_options) -> int:
    reviews = claimreviews(db, article_id, reviewer_type=reviewer_type)
    if on_problem:
        for review in reviews:
            for problem in validate_claimreview(review):
                on_problem(f"{review['claimReviewed'][:60]!r}: {problem}")
    out.write(script_safe_json(reviews) + "\n")
    return len(reviews)
