"""Turn a cleaned article and its annotated spaCy Doc into plain row dicts.

Rows reference each other by position (claim ``seq``, source index) because database ids
are only known at store time.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from spacy.tokens import Doc

from claimtrack import PIPELINE_VERSION
from claimtrack.cleaning import Article
from claimtrack.text import doc_text


@dataclass
class ArticleRows:
    article: dict
    claims: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    attributions: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    # SHA-256 of the text without its headline: the ``sha256`` pipeline version 1 stored for
    # this article, so a database made before headlines were kept finds it (None: no headline)
    body_sha256: str | None = None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(value: str, max_length: int = 60) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"['’]", "", value.lower())
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:max_length].rstrip("-") or "article"


def article_id(article: Article, sha: str) -> str:
    """A readable, stable id: same cleaned text -> same id."""
    stem = article.title or (article.path or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{slugify(stem or 'article')}-{sha[:8]}"


def _exact(text: str, span: dict) -> bool:
    start, end = span.get("start"), span.get("end")
    return (
        isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        and text[start:end] == span.get("text")
    )


class _ClaimIndex:
    """Find the claim that contains a character span."""

    def __init__(self, claims: list[dict]):
        self.claims = claims
        self.starts = [c["start"] for c in claims]

    def seq_for(self, start: int, end: int) -> int | None:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.claims[i]["start"] <= start and end <= self.claims[i]["end"]:
            return self.claims[i]["seq"]
        # A span crossing a claim boundary belongs to the claim holding most of it.
        best, best_overlap = None, 0
        for c in self.claims[max(i, 0): i + 3]:
            overlap = min(end, c["end"]) - max(start, c["start"])
            if overlap > best_overlap:
                best, best_overlap = c["seq"], overlap
        return best


def article_rows(article: Article, doc: Doc, *, model: str = "") -> ArticleRows:
    text = article.text
    if doc_text(doc) != text:  # built once per doc; the components have it already
        raise ValueError("doc text differs from the article text; offsets would not match")
    sha = sha256_text(text)
    aid = article_id(article, sha)
    rows = ArticleRows(
        body_sha256=sha256_text(article.body) if getattr(article, "body_start", 0) else None,
        article={
            "id": aid,
            "title": article.title,
            "authors": json.dumps(list(article.authors or []), ensure_ascii=False),
            "publication": article.publication,
            "summary": getattr(article, "summary", None),
            "published": article.published,
            "url": article.url,
            "path": article.path,
            "sha256": sha,
            "text": text,
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "pipeline_version": PIPELINE_VERSION,
            "model": model,
        }
    )
    claims = [c for c in (doc._.ct_claims or []) if _exact(text, c)]
    for seq, claim in enumerate(claims):
        rows.claims.append({
            "seq": seq,
            "paragraph": claim.get("paragraph"),
            "text": claim["text"],
            "start": claim["start"],
            "end": claim["end"],
            "kind": claim.get("kind"),
            "hedged": int(bool(claim.get("hedged"))),
            "checkworthiness": claim.get("checkworthiness"),
            "checkworthiness_reason": claim.get("checkworthiness_reason"),
        })
    index = _ClaimIndex(rows.claims)

    source_keys: dict[tuple[str, str], int] = {}
    attributions = doc._.ct_attributions or []
    for seq, claim in enumerate(claims):
        for a_index in claim.get("attributions", []):
            a = attributions[a_index]
            src = a["source"]
            key = (src["name"], src.get("kind") or "")
            if key not in source_keys:
                source_keys[key] = len(rows.sources)
                rows.sources.append({
                    "name": src["name"],
                    "kind": src.get("kind"),
                    "description": src.get("description"),
                    "affiliation": src.get("affiliation"),
                    "aliases": list(src.get("aliases") or []),
                })
            else:
                known = rows.sources[source_keys[key]]
                known["description"] = known["description"] or src.get("description")
                known["affiliation"] = known["affiliation"] or src.get("affiliation")
                for alias in src.get("aliases") or []:
                    if alias not in known["aliases"]:
                        known["aliases"].append(alias)
            rows.attributions.append({
                "claim_seq": seq,
                "source_index": source_keys[key],
                "cue": a.get("cue"),
                "cue_start": a.get("cue_start"),
                "cue_end": a.get("cue_end"),
                "mode": a.get("mode"),
                "confidence": a.get("confidence"),
                "rule": a.get("rule"),
                "source_text": a.get("source_text"),
                "source_start": a.get("source_start"),
                "source_end": a.get("source_end"),
                "content_start": a.get("content_start"),
                "content_end": a.get("content_end"),
            })

    for ent in doc._.ct_entities or []:
        if _exact(text, ent):
            rows.entities.append({
                "claim_seq": index.seq_for(ent["start"], ent["end"]),
                "text": ent["text"], "label": ent["label"],
                "start": ent["start"], "end": ent["end"],
                "canonical": ent.get("canonical") or ent["text"],
            })
    figure_columns = ("text", "value", "unit", "qualifier", "low", "high", "year", "metric",
                      "start", "end")
    for fig in doc._.ct_figures or []:
        if _exact(text, fig):
            row = {k: fig.get(k) for k in figure_columns}
            row["claim_seq"] = index.seq_for(fig["start"], fig["end"])
            rows.figures.append(row)
    return rows
