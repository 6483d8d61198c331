"""W3C Web Annotation: every claim as an annotation of its article, in one collection."""

from __future__ import annotations

from typing import IO

import sqlite_utils

from claimtrack import __version__
from claimtrack.exporters.records import (
    articles_by_id,
    claim_records,
    is_http_url,
    script_safe_json,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Context kept either side of a claim in a TextQuoteSelector, enough to re-anchor a quote
# that occurs more than once in the page.
QUOTE_CONTEXT_CHARS = 32


def article_iri(article: dict) -> str:
    """The article's http(s) URL, or a URN: an input's javascript: URL never gets through."""
    if is_http_url(article.get("url")):
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
        if is_http_url(verdict["url"]):
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
    articles = articles_by_id(db, article_id)
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


def write(db: sqlite_utils.Database, out: IO[str], article_id: str | None = None, *,
          reviewer_type: str = "Organization", **_options) -> int:
    collection = web_annotations(db, article_id, reviewer_type=reviewer_type)
    out.write(script_safe_json(collection) + "\n")
    return collection["total"]
