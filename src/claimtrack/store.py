"""Write an article's rows to SQLite: one transaction per article, idempotent by sha256."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from claimtrack import registry
from claimtrack.extract import ArticleRows
from claimtrack.nlp import entities as entity_names
from claimtrack.schema import ensure_schema


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a claimtrack database with its schema applied."""
    db = sqlite_utils.Database(path)
    if str(path) != ":memory:":
        # WAL lets `claimtrack serve` read while an ingest writes.
        db.enable_wal()
    ensure_schema(db)
    return db


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    return (db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]) + 1


def _known_sources(db: sqlite_utils.Database) -> list[dict]:
    rows = []
    for row in db.query("select id, name, kind, description, affiliation_id, aliases from sources"):
        row["aliases"] = json.loads(row["aliases"] or "[]")
        rows.append(row)
    return rows


def _source_id(db: sqlite_utils.Database, known: list[dict], candidate: dict) -> int:
    """The registry id of a source, adding or enriching the row as needed."""
    affiliation_id = None
    if candidate.get("affiliation"):
        affiliation_id = _source_id(
            db, known, {"name": candidate["affiliation"], "kind": "organization",
                        "description": None, "aliases": []},
        )
    index = registry.resolve_source(candidate, known)
    if index is None:
        row = {
            "id": _next_id(db, "sources"),
            "name": candidate["name"],
            "kind": candidate.get("kind"),
            "description": candidate.get("description"),
            "affiliation_id": affiliation_id,
            "aliases": [a for a in candidate.get("aliases") or [] if a != candidate["name"]],
        }
        db["sources"].insert({**row, "aliases": json.dumps(row["aliases"], ensure_ascii=False)})
        known.append(row)
        return row["id"]
    row = known[index]
    merged = registry.merge_source(dict(row), candidate)
    if affiliation_id and not merged.get("affiliation_id"):
        merged["affiliation_id"] = affiliation_id
    if merged != row:
        known[index] = merged
        db["sources"].update(
            row["id"],
            {k: (json.dumps(v, ensure_ascii=False) if k == "aliases" else v)
             # merge_source may carry the candidate's "affiliation" name: not a column.
             for k, v in merged.items() if k not in ("id", "affiliation")},
        )
    return row["id"]


def delete_article(db: sqlite_utils.Database, article_id: str) -> dict[int, str]:
    """Remove an article and everything derived from it; shared sources survive.

    Returns {verdict id: claim text} for verdicts that were detached from its claims, so a
    replacement can re-attach them: verdicts are people's work and are never deleted here.
    """
    claim_ids = "select id from claims where article_id = ?"
    detached: dict[int, str] = {}
    if db["verdicts"].exists():
        for vid, text in db.execute(
            f"select verdicts.id, claims.text from verdicts join claims "
            f"on claims.id = verdicts.claim_id where claims.id in ({claim_ids})", [article_id]
        ):
            detached[vid] = text
        db.execute(f"update verdicts set claim_id = null where claim_id in ({claim_ids})",
                   [article_id])
    db.execute("delete from attributions where article_id = ?", [article_id])
    db.execute("delete from entities where article_id = ?", [article_id])
    db.execute("delete from figures where article_id = ?", [article_id])
    db.execute("delete from claims where article_id = ?", [article_id])
    db.execute("delete from articles where id = ?", [article_id])
    # Sources that no attribution and no affiliation points to any more go too.
    db.execute(
        "delete from sources where id not in (select source_id from attributions) "
        "and id not in (select affiliation_id from sources where affiliation_id is not null)"
    )
    return detached


def _reattach_verdicts(db: sqlite_utils.Database, article_id: str,
                       detached: dict[int, str]) -> None:
    if not detached:
        return
    new_ids = {text: cid for cid, text in db.execute(
        "select id, text from claims where article_id = ?", [article_id])}
    for vid, text in detached.items():
        if text in new_ids:
            db.execute("update verdicts set claim_id = ? where id = ?", [new_ids[text], vid])


def save_article(db: sqlite_utils.Database, rows: ArticleRows, *, replace: bool = False) -> str:
    """Store one article's rows atomically. Returns "inserted", "replaced" or "duplicate"."""
    article = rows.article
    with db.atomic():
        existing = db.execute(
            "select id from articles where sha256 = ?", [article["sha256"]]
        ).fetchone()
        if existing and not replace:
            return "duplicate"
        detached = delete_article(db, existing[0]) if existing else {}
        db["articles"].insert(article)
        aid = article["id"]

        first_claim = _next_id(db, "claims")
        claim_ids = [first_claim + c["seq"] for c in rows.claims]
        db["claims"].insert_all(
            [{"id": first_claim + c["seq"], "article_id": aid, **c} for c in rows.claims],
            batch_size=500,
        )

        known = _known_sources(db)
        source_ids = [_source_id(db, known, s) for s in rows.sources]
        db["attributions"].insert_all(
            [
                {
                    "claim_id": claim_ids[a["claim_seq"]],
                    "source_id": source_ids[a["source_index"]],
                    "article_id": aid,
                    **{k: v for k, v in a.items() if k not in ("claim_seq", "source_index")},
                }
                for a in rows.attributions
            ],
            batch_size=500,
        )

        names = sorted({e["canonical"] for e in rows.entities})
        known_names = [r[0] for r in db.execute(
            "select distinct canonical from entities where canonical is not null")]
        mapping = entity_names.canonical_map(names, known_names) if names else {}
        db["entities"].insert_all(
            [
                {
                    "article_id": aid,
                    "claim_id": None if e["claim_seq"] is None else claim_ids[e["claim_seq"]],
                    **{k: v for k, v in e.items() if k != "claim_seq"},
                    "canonical": mapping.get(e["canonical"], e["canonical"]),
                }
                for e in rows.entities
            ],
            batch_size=500,
        )
        db["figures"].insert_all(
            [
                {
                    "article_id": aid,
                    "claim_id": None if f["claim_seq"] is None else claim_ids[f["claim_seq"]],
                    **{k: v for k, v in f.items() if k != "claim_seq"},
                }
                for f in rows.figures
            ],
            batch_size=500,
        )
        _reattach_verdicts(db, aid, detached)
    return "replaced" if existing else "inserted"
