"""A small claims database for the Datasette tests, built row by row after ensure_schema
(as store.py writes it): two articles sharing a source, the second full of HTML that must
stay text. Offsets are found in the text, never typed in."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from claimtrack import schema, search

ARTICLE_ID = "kazakhstan-china-ties-0a1b2c3d"
HOSTILE_ID = "scripts-&-tags-déjà-deadbeef"

TEXT = "\n\n".join([
    "Kazakhstan and China have developed strong economic ties, according to the Foreign "
    "Ministry. Trade between the two countries reached an estimated $11.07 billion in 2017.",
    "\u201cWe cannot stay silent,\u201d said Serikzhan Bilash, an activist in Almaty. "
    "Bilash said more than 30,000 signatures had been collected.",
    "Officials may review the policy next year.",
])
HOSTILE_TEXT = (
    "Bilash said the page <script>alert('x')</script> was fake. "
    "An image <img src=x onerror=alert(3)> appeared & vanished, the <Unnamed> Group claimed."
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def build_db(path: Path) -> Path:
    """Two articles sharing a source; the second full of HTML that must stay text."""
    db = sqlite_utils.Database(path)
    schema.ensure_schema(db)
    base = {"path": "corpus/x.txt", "ingested_at": "2026-11-29T10:00:00Z",
            "pipeline_version": "1", "model": "test"}
    db["articles"].insert_all([
        {**base, "id": ARTICLE_ID, "title": "Kazakhstan weighs its China ties",
         "authors": json.dumps(["Nazira Kozhanova", "Dake Kang"]),
         "publication": "The Diplomat", "published": "2019-04-30",
         "url": "https://example.org/kazakhstan", "sha256": "a" * 64, "text": TEXT},
        {**base, "id": HOSTILE_ID, "title": "<script>alert('title')</script> & <b>bold</b>",
         "authors": json.dumps(["Eve <img src=x onerror=alert(1)>"]),
         "publication": "<i>Evil</i> Times", "published": "2019-05-01",
         "url": "javascript:alert(2)", "sha256": "b" * 64, "text": HOSTILE_TEXT},
    ])
    db["sources"].insert_all([
        {"id": 1, "name": "Foreign Ministry", "kind": "government",
         "description": "Kazakhstan's foreign ministry", "affiliation_id": None,
         "aliases": json.dumps(["FM", "the Foreign Ministry"])},
        {"id": 2, "name": "Serikzhan Bilash", "kind": "person",
         "description": "an activist in Almaty", "affiliation_id": None,
         "aliases": json.dumps(["Bilash"])},
        {"id": 3, "name": "The <Unnamed> Group", "kind": "group",
         "description": "<em>spokespeople</em> & friends", "affiliation_id": None,
         "aliases": "[]"},
    ])

    sentences = [
        ("Kazakhstan and China have developed strong economic ties, according to the "
         "Foreign Ministry.", "attributed", 0, 0.35),
        ("Trade between the two countries reached an estimated $11.07 billion in 2017.",
         "statistic", 0, 0.9),
        ("\u201cWe cannot stay silent,\u201d said Serikzhan Bilash, an activist in Almaty.",
         "quote", 1, 0.2),
        ("Bilash said more than 30,000 signatures had been collected.", "statistic", 1, 0.8),
        ("Officials may review the policy next year.", "prediction", 2, 0.4),
    ]
    claims, after = [], 0
    for seq, (sentence, kind, paragraph, worth) in enumerate(sentences):
        start, end = span(TEXT, sentence, after)
        after = end
        claims.append({"id": seq + 1, "article_id": ARTICLE_ID, "seq": seq,
                       "paragraph": paragraph, "text": sentence, "start": start, "end": end,
                       "kind": kind, "hedged": int("may" in sentence.split()),
                       "checkworthiness": worth, "checkworthiness_reason": f"{kind} claim"})
    hostile_sentences = [
        "Bilash said the page <script>alert('x')</script> was fake.",
        "An image <img src=x onerror=alert(3)> appeared & vanished, the <Unnamed> Group claimed.",
    ]
    for seq, sentence in enumerate(hostile_sentences):
        start, end = span(HOSTILE_TEXT, sentence)
        claims.append({"id": 6 + seq, "article_id": HOSTILE_ID, "seq": seq, "paragraph": 0,
                       "text": sentence, "start": start, "end": end, "kind": "attributed",
                       "hedged": 0, "checkworthiness": 0.5 + seq / 10,
                       "checkworthiness_reason": "<b>reason</b>"})
    db["claims"].insert_all(claims)

    def attribution(aid, claim_id, source_id, article_id, text, cue, mode, source_text,
                    content, confidence, cue_after=0):
        cue_start, cue_end = span(text, cue, cue_after)
        source_start, source_end = span(text, source_text, cue_after)
        content_start, content_end = span(text, content)
        return {"id": aid, "claim_id": claim_id, "source_id": source_id,
                "article_id": article_id, "cue": cue, "cue_start": cue_start,
                "cue_end": cue_end, "mode": mode, "confidence": confidence,
                "source_text": source_text, "source_start": source_start,
                "source_end": source_end, "content_start": content_start,
                "content_end": content_end}

    second_paragraph = TEXT.index("Bilash said")
    db["attributions"].insert_all([
        attribution(1, 1, 1, ARTICLE_ID, TEXT, "according to", "according_to",
                    "the Foreign Ministry", "Kazakhstan and China have developed strong "
                    "economic ties", 0.9),
        attribution(2, 3, 2, ARTICLE_ID, TEXT, "said", "direct", "Serikzhan Bilash",
                    "We cannot stay silent,", 0.95),
        attribution(3, 4, 2, ARTICLE_ID, TEXT, "said", "indirect", "Bilash",
                    "more than 30,000 signatures had been collected", 0.8,
                    cue_after=second_paragraph),
        attribution(4, 6, 2, HOSTILE_ID, HOSTILE_TEXT, "said", "indirect", "Bilash",
                    "the page <script>alert('x')</script> was fake", 0.7),
        attribution(5, 7, 3, HOSTILE_ID, HOSTILE_TEXT, "claimed", "indirect",
                    "the <Unnamed> Group", "An image <img src=x onerror=alert(3)> appeared "
                    "& vanished", 0.6),
    ])

    def entity(eid, claim_id, text, part, label, canonical, article_id=ARTICLE_ID, after=0):
        start, end = span(text, part, after)
        return {"id": eid, "article_id": article_id, "claim_id": claim_id, "text": part,
                "label": label, "start": start, "end": end, "canonical": canonical}

    db["entities"].insert_all([
        entity(1, 1, TEXT, "Kazakhstan", "GPE", "Kazakhstan"),
        entity(2, 1, TEXT, "China", "GPE", "China"),
        entity(3, 1, TEXT, "Foreign Ministry", "ORG", "Foreign Ministry"),
        entity(4, 3, TEXT, "Serikzhan Bilash", "PERSON", "Serikzhan Bilash"),
        entity(5, 3, TEXT, "Almaty", "GPE", "Almaty"),
        entity(6, 4, TEXT, "Bilash", "PERSON", "Serikzhan Bilash", after=second_paragraph),
        entity(7, 6, HOSTILE_TEXT, "Bilash", "PERSON", "Serikzhan Bilash",
               article_id=HOSTILE_ID),
        # Crosses the end of the <script> text: must stay text, split safely.
        entity(8, 6, HOSTILE_TEXT, "</script> was", "WORK_OF_ART", "<script>",
               article_id=HOSTILE_ID),
    ])

    def figure(fid, claim_id, part, value, unit, qualifier=None, year=None):
        start, end = span(TEXT, part)
        return {"id": fid, "article_id": ARTICLE_ID, "claim_id": claim_id, "text": part,
                "value": value, "unit": unit, "qualifier": qualifier, "low": None,
                "high": None, "year": year, "metric": None, "start": start, "end": end}

    db["figures"].insert_all([
        figure(1, 2, "$11.07 billion", 11.07e9, "USD", "estimated", "2017"),
        figure(2, 4, "more than 30,000 signatures", 30000, "signatures", "more than"),
    ])
    search.rebuild(db)  # rows were written by hand, not by store.py
    db.close()
    return path


def stop_server(process) -> None:
    """End a server subprocess started by a test, killing it if it will not stop."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
