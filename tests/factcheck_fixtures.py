"""A small claims database built row by row (as store.py would write it), for the
verdict, export and show tests. Offsets are found in the text, never typed in."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from claimtrack import schema

ARTICLE_ID = "camps-and-trade-1a2b3c4d"
BARE_ARTICLE_ID = "no-url-article-9f8e7d6c"

PARAGRAPHS = [
    "According to Human Rights Watch, more than a million Muslims are being held in "
    "camps in Xinjiang. Trade between the two countries reached $11.07 billion in 2017, "
    "officials said.",
    "\u201cWe cannot stay silent about this,\u201d said Michael Clarke, an Australian "
    "academic. The border crossing at Khorgos reopened on Monday.",
]
TEXT = "\n\n".join(PARAGRAPHS)
SENTENCES = [
    "According to Human Rights Watch, more than a million Muslims are being held in camps "
    "in Xinjiang.",
    "Trade between the two countries reached $11.07 billion in 2017, officials said.",
    "\u201cWe cannot stay silent about this,\u201d said Michael Clarke, an Australian academic.",
    "The border crossing at Khorgos reopened on Monday.",
]
BARE_TEXT = "Officials said the road would open in May. Nobody has confirmed it."

SOURCES = [
    {"id": 1, "name": "Human Rights Watch", "kind": "organization", "description": None,
     "aliases": json.dumps(["HRW"])},
    {"id": 2, "name": "Michael Clarke", "kind": "person",
     "description": "an Australian academic", "aliases": json.dumps(["Clarke"])},
    {"id": 3, "name": "officials", "kind": "group", "description": None,
     "aliases": "[]"},
]


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def build_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    schema.ensure_schema(db)
    db["articles"].insert_all([
        {"id": ARTICLE_ID, "title": "Camps, trade and a border", "authors": '["Nazira K"]',
         "publication": "The Diplomat", "published": "2019-04-20",
         "url": "https://example.org/camps-and-trade", "path": "camps.txt",
         "sha256": "a" * 64, "text": TEXT, "ingested_at": "2026-11-29T10:00:00Z",
         "pipeline_version": "1", "model": "test"},
        {"id": BARE_ARTICLE_ID, "title": "A road", "authors": "[]", "publication": None,
         "published": None, "url": None, "path": "-", "sha256": "b" * 64, "text": BARE_TEXT,
         "ingested_at": "2026-11-29T11:00:00Z", "pipeline_version": "1", "model": "test"},
    ])
    claims = []
    for seq, sentence in enumerate(SENTENCES):
        start, end = span(TEXT, sentence)
        claims.append({"id": seq + 1, "article_id": ARTICLE_ID, "seq": seq,
                       "paragraph": 0 if seq < 2 else 1, "text": sentence, "start": start,
                       "end": end, "kind": ["statistic", "statistic", "quote", "fact"][seq],
                       "hedged": 0, "checkworthiness": [0.9, 0.8, 0.3, 0.2][seq],
                       "checkworthiness_reason": "test"})
    for seq, sentence in enumerate(["Officials said the road would open in May.",
                                    "Nobody has confirmed it."]):
        start, end = span(BARE_TEXT, sentence)
        claims.append({"id": 10 + seq, "article_id": BARE_ARTICLE_ID, "seq": seq,
                       "paragraph": 0, "text": sentence, "start": start, "end": end,
                       "kind": "prediction" if seq == 0 else "fact", "hedged": 0,
                       "checkworthiness": 0.5, "checkworthiness_reason": "test"})
    db["claims"].insert_all(claims)
    db["sources"].insert_all(SOURCES)

    def attribution(claim_id, source_id, article_id, text, cue, after, mode, confidence):
        cue_start, cue_end = span(text, cue, after)
        claim = claims[[c["id"] for c in claims].index(claim_id)]
        return {"claim_id": claim_id, "source_id": source_id, "article_id": article_id,
                "cue": cue, "cue_start": cue_start, "cue_end": cue_end, "mode": mode,
                "confidence": confidence, "source_text": None, "source_start": None,
                "source_end": None, "content_start": claim["start"],
                "content_end": claim["end"]}

    db["attributions"].insert_all([
        attribution(1, 1, ARTICLE_ID, TEXT, "According to", 0, "according_to", 0.9),
        # A weaker second link on the same claim: exporters must prefer the stronger one.
        attribution(1, 2, ARTICLE_ID, TEXT, "said", claims[2]["start"], "carryover", 0.3),
        attribution(2, 3, ARTICLE_ID, TEXT, "said", claims[1]["start"], "indirect", 0.7),
        attribution(3, 2, ARTICLE_ID, TEXT, "said", claims[2]["start"], "direct", 0.95),
        attribution(10, 3, BARE_ARTICLE_ID, BARE_TEXT, "said", 0, "indirect", 0.6),
    ])
    entities = [
        (1, "Human Rights Watch", "ORG", "Human Rights Watch"),
        (1, "Xinjiang", "GPE", "Xinjiang"),
        (3, "Michael Clarke", "PERSON", "Michael Clarke"),
        (3, "Australian", "NORP", "Australian"),
        (4, "Khorgos", "GPE", "Khorgos"),
    ]
    db["entities"].insert_all(
        {"article_id": ARTICLE_ID, "claim_id": claim_id, "text": text_, "label": label,
         "canonical": canonical, **dict(zip(("start", "end"), span(TEXT, text_), strict=True))}
        for claim_id, text_, label, canonical in entities
    )
    figures = [
        (1, "more than a million Muslims", 1_000_000, "Muslims", "more than", None),
        (2, "$11.07 billion", 11_070_000_000, "USD", None, "2017"),
    ]
    db["figures"].insert_all(
        {"article_id": ARTICLE_ID, "claim_id": claim_id, "text": text_, "value": value,
         "unit": unit, "qualifier": qualifier, "low": None, "high": None, "year": year,
         "metric": None, **dict(zip(("start", "end"), span(TEXT, text_), strict=True))}
        for claim_id, text_, value, unit, qualifier, year in figures
    )
    return db
