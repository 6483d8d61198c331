"""Reviewers' corrections of the pipeline's output: a claim's source replaced, added or
removed, a claim marked as the author's own voice, a figure marked wrong.

Corrections are people's work: they are kept (every one, newest last), win over the
pipeline's attributions where claims are read (``effective_sources``), are detached and
re-attached by text when an article is re-ingested (store.py), and export as gold data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from claimtrack.verdicts import claim_exists, utc_timestamp

ACTIONS = ("source", "add_source", "remove_source", "author", "figure_wrong")
NEEDS_SOURCE = {"source", "add_source", "remove_source"}


class CorrectionError(ValueError):
    """A correction that cannot be recorded; the message is one line."""


def save_correction(db: sqlite_utils.Database, claim_id: int, action: str, *,
                    reviewer: str, source_id: int | None = None,
                    figure_id: int | None = None, note: str | None = None) -> dict:
    """Record one correction and return the stored row."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r} (choose from {', '.join(ACTIONS)})")
    if not claim_exists(db, claim_id):
        raise CorrectionError(f"unknown claim id {claim_id}")
    claim_text = db.execute("select text from claims where id = ?", [claim_id]).fetchone()[0]
    figure_text = None
    if action in NEEDS_SOURCE:
        if source_id is None or not db.execute(
                "select 1 from sources where id = ?", [source_id]).fetchone():
            raise CorrectionError(f"correction {action!r} needs a known source id")
    else:
        source_id = None
    if action == "figure_wrong":
        found = db.execute("select text from figures where id = ? and claim_id = ?",
                           [figure_id, claim_id]).fetchone()
        if not found:
            raise CorrectionError(f"figure {figure_id} is not in claim {claim_id}")
        figure_text = found[0]
    else:
        figure_id = None
    if not (reviewer or "").strip():
        raise CorrectionError("a correction needs a reviewer")
    row = {"claim_id": claim_id, "action": action, "source_id": source_id,
           "figure_id": figure_id, "claim_text": claim_text, "figure_text": figure_text,
           "note": (note or "").strip() or None, "reviewer": reviewer.strip(),
           "created_at": utc_timestamp()}
    with db.atomic():
        row["id"] = db["corrections"].insert(row).last_pk
    return row


def corrections_for(db: sqlite_utils.Database, claim_ids: Iterable[int]) -> dict[int, list]:
    """Corrections by claim id, oldest first (the order they apply in)."""
    wanted = set(claim_ids)
    if not wanted or not db["corrections"].exists():
        return {}
    found: dict[int, list] = {}
    # Corrections are few next to claims: read them all rather than bind every claim id.
    for row in db.query(
            "select corrections.*, sources.name as source_name from corrections "
            "left join sources on sources.id = corrections.source_id "
            "where claim_id is not null order by created_at, corrections.id"):
        if row["claim_id"] in wanted:
            found.setdefault(row["claim_id"], []).append(row)
    return found


def effective_source_ids(pipeline: list[int], corrections: list[dict]) -> list[int]:
    """The claim's source ids after its corrections, applied in order."""
    current = list(dict.fromkeys(pipeline))
    for c in corrections:
        if c["action"] == "source":
            current = [c["source_id"]]
        elif c["action"] == "add_source" and c["source_id"] not in current:
            current.append(c["source_id"])
        elif c["action"] == "remove_source":
            current = [s for s in current if s != c["source_id"]]
        elif c["action"] == "author":
            current = []
    return current


def correct_sources(db: sqlite_utils.Database, sources_by_claim: dict[int, list[dict]],
                    claim_ids: Iterable[int]) -> dict[int, list[dict]]:
    """The pipeline's source rows by claim (export.py's shape) with reviewers' corrections
    applied: removed sources dropped, chosen or added ones appended with mode "corrected"."""
    by_claim = corrections_for(db, claim_ids)
    if not by_claim:
        return sources_by_claim
    result = dict(sources_by_claim)
    for claim_id, claim_corrections in by_claim.items():
        pipeline = {row["source_id"]: row for row in sources_by_claim.get(claim_id, [])}
        wanted = effective_source_ids(list(pipeline), claim_corrections)
        rows = []
        for source_id in wanted:
            if source_id in pipeline:
                rows.append(pipeline[source_id])
                continue
            source = next(db.query("select id, name, kind, description from sources "
                                   "where id = ?", [source_id]), None)
            if source is not None:
                rows.append({"source_id": source_id, "name": source["name"],
                             "kind": source["kind"], "description": source["description"],
                             "cue": None, "cue_start": None, "cue_end": None,
                             "mode": "corrected", "confidence": 1.0})
        result[claim_id] = rows
    return result


def gold_records(db: sqlite_utils.Database) -> Iterable[dict]:
    """One record per corrected claim: the pipeline's sources, the reviewers' answer, and
    the figures marked wrong, to measure the engine against."""
    if not db["corrections"].exists():
        return
    claim_ids = [r[0] for r in db.execute(
        "select distinct claim_id from corrections where claim_id is not null order by claim_id")]
    by_claim = corrections_for(db, claim_ids)
    names = {r[0]: r[1] for r in db.execute("select id, name from sources")}
    for claim_id in claim_ids:
        claim = next(db.query("select id, article_id, text, start, end from claims "
                              "where id = ?", [claim_id]))
        pipeline = [r[0] for r in db.execute(
            "select source_id from attributions where claim_id = ? order by confidence desc, id",
            [claim_id])]
        corrections = by_claim[claim_id]
        answer = effective_source_ids(pipeline, corrections)
        yield {
            "claim_id": claim_id, "article_id": claim["article_id"], "text": claim["text"],
            "start": claim["start"], "end": claim["end"],
            "pipeline_sources": [names.get(s) for s in pipeline],
            "gold_sources": [names.get(s) for s in answer],
            "authors_voice": not answer and any(c["action"] == "author" for c in corrections),
            "wrong_figures": [c["figure_text"] for c in corrections
                              if c["action"] == "figure_wrong"],
            "corrections": [{k: c[k] for k in ("action", "note", "reviewer", "created_at")}
                            | {"source": c["source_name"]} for c in corrections],
        }


def write_gold(db: sqlite_utils.Database, out) -> int:
    count = 0
    for record in gold_records(db):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
