"""Write an article's rows to SQLite: one transaction per article, idempotent by sha256."""

from __future__ import annotations

import gc
import itertools
import json
import sqlite3
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path

import sqlite_utils

from claimtrack import checked, conflicts, database, name_index, registry, search
from claimtrack.extract import ArticleRows
from claimtrack.schema import ensure_schema


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a claimtrack database with its schema applied, or raise
    database.DatabaseError (another application's file, not SQLite, missing folder)."""
    db = database.connect(path)  # refuses a foreign file before anything is written
    try:
        if str(path) != ":memory:":
            # WAL lets `claimtrack serve` read while an ingest writes.
            database.retry_when_busy(db.enable_wal)
        database.claim(db, ensure_schema, path)
    except sqlite3.Error as error:
        db.close()
        raise database.DatabaseError(database.describe(error, path)) from None
    return db


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    return (db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]) + 1


def _known_sources(db: sqlite_utils.Database) -> registry.SourceIndex:
    rows = []
    for row in db.query("select id, name, kind, description, affiliation_id, aliases from sources"):
        row["aliases"] = json.loads(row["aliases"] or "[]")
        rows.append(row)
    return registry.SourceIndex(rows)


def _known_canonicals(db: sqlite_utils.Database) -> list[tuple[str, str | None]]:
    """Each stored (canonical, label) once, by canonical, then first stored. A scan of the
    table, not of the canonical index: that plan read every row through the index in
    canonical order (random reads of the table); sorting here keeps its order."""
    return sorted(db.execute("select distinct canonical, label from entities not indexed "
                             "where canonical is not null"), key=itemgetter(0))


@contextmanager
def _gc_paused():
    """The cyclic collector off while the indexes are built: they are some hundreds of
    thousands of tuples, lists and dicts without cycles, and the collector walked the
    growing heap again and again (a fifth of the load's CPU at 2,000 articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class KnownNames:
    """The stored sources and entity canonicals, indexed once per ingest run and kept
    current as save_article adds rows (re-reading and re-indexing them for every article
    costs more as the database grows). Pass one to every save_article of a run. It re-reads
    the database when another connection wrote to it, after a replace (which deletes
    rows), and after a failed save (a rolled-back transaction)."""

    def __init__(self) -> None:
        self.sources = registry.SourceIndex()
        self.canonicals = name_index.CanonicalIndex()
        self._mark: tuple | None = None  # the database state the indexes reflect

    def current(self, db: sqlite_utils.Database) -> KnownNames:
        if self._mark is None or self._mark != _mark(db):
            with _gc_paused():
                self.sources = _known_sources(db)
                self.canonicals = name_index.CanonicalIndex(_known_canonicals(db))
        return self

    def saved(self, db: sqlite_utils.Database) -> None:
        self._mark = _mark(db)

    def forget(self) -> None:
        self._mark = None


def _mark(db: sqlite_utils.Database) -> tuple:
    # data_version changes when another connection commits; the max ids when this one adds.
    return (db.execute("pragma data_version").fetchone()[0],
            *db.execute("select (select max(id) from sources), (select max(id) from entities)"
                        ).fetchone())


def _source_id(db: sqlite_utils.Database, known: registry.SourceIndex, candidate: dict,
               enriched: set[int] | None = None) -> int:
    """The registry id of a source, adding or enriching the row as needed; the ids of
    stored sources whose row changed are added to ``enriched``."""
    affiliation_id = None
    if candidate.get("affiliation"):
        affiliation_id = _source_id(
            db, known, {"name": candidate["affiliation"], "kind": "organization",
                        "description": None, "aliases": []}, enriched,
        )
    index = known.resolve(candidate)
    if index is None:
        row = {
            "id": _next_id(db, "sources"),
            "name": candidate["name"],
            "kind": candidate.get("kind"),
            "description": candidate.get("description"),
            "affiliation_id": affiliation_id,
            "aliases": [a for a in candidate.get("aliases") or [] if a != candidate["name"]],
        }
        # A plain INSERT: Table.insert() would re-read the table's columns for every row.
        db.execute(
            "insert into sources (id, name, kind, description, affiliation_id, aliases) "
            "values (?, ?, ?, ?, ?, ?)",
            [row["id"], row["name"], row["kind"], row["description"], affiliation_id,
             json.dumps(row["aliases"], ensure_ascii=False)],
        )
        known.add(row)
        return row["id"]
    row = known.rows[index]
    merged = registry.merge_source(dict(row), candidate)
    if affiliation_id and not merged.get("affiliation_id"):
        merged["affiliation_id"] = affiliation_id
    if merged != row:
        known.update(index, merged)
        # merge_source may carry the candidate's "affiliation" name: not a column. A plain
        # UPDATE, as above: Table.update() re-reads the schema.
        changed = {k: (json.dumps(v, ensure_ascii=False) if k == "aliases" else v)
                   for k, v in merged.items() if k not in ("id", "affiliation")}
        db.execute(f"update sources set {', '.join(f'[{k}] = ?' for k in changed)} "
                   "where id = ?", [*changed.values(), row["id"]])
        if enriched is not None:
            enriched.add(row["id"])
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
    if db["corrections"].exists():
        # Corrections keep their claim's and figure's text; _reattach_corrections finds them
        # again in the replacement.
        db.execute(f"update corrections set claim_id = null, figure_id = null "
                   f"where claim_id in ({claim_ids})", [article_id])
    search.unindex_article(db, article_id)
    # Matches and conflicts involving the article's claims and figures are derived data:
    # they go with it (and are found again when a replacement is stored).
    figure_ids = "select id from figures where article_id = ?"
    db.execute(f"delete from claim_matches where claim_id in ({claim_ids}) "
               f"or matched_claim_id in ({claim_ids})", [article_id, article_id])
    db.execute(f"delete from figure_conflict_pairs where figure_id in ({figure_ids}) "
               f"or other_figure_id in ({figure_ids})", [article_id, article_id])
    db.execute("delete from attributions where article_id = ?", [article_id])
    db.execute("delete from entities where article_id = ?", [article_id])
    db.execute("delete from figures where article_id = ?", [article_id])
    db.execute("delete from claims where article_id = ?", [article_id])
    db.execute("delete from articles where id = ?", [article_id])
    # Sources that no attribution and no affiliation points to any more go too.
    db.execute(
        "delete from sources where id not in (select source_id from attributions) "
        "and id not in (select affiliation_id from sources where affiliation_id is not null)"
        + (" and id not in (select source_id from corrections where source_id is not null)"
           if db["corrections"].exists() else "")
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


def _reattach_corrections(db: sqlite_utils.Database, article_id: str) -> None:
    """Give detached corrections back their claim (same text) and figure (same text in it)."""
    if not db["corrections"].exists():
        return
    db.execute(
        "update corrections set claim_id = (select id from claims where article_id = :a "
        "and claims.text = corrections.claim_text order by id limit 1) "
        "where claim_id is null and claim_text in "
        "(select text from claims where article_id = :a)", {"a": article_id})
    db.execute(
        "update corrections set figure_id = (select id from figures where figures.claim_id = "
        "corrections.claim_id and figures.text = corrections.figure_text order by id limit 1) "
        "where figure_id is null and figure_text is not null and claim_id in "
        "(select id from claims where article_id = :a)", {"a": article_id})


def save_article(db: sqlite_utils.Database, rows: ArticleRows, *, replace: bool = False,
                 known: KnownNames | None = None) -> str:
    """Store one article's rows atomically. Returns "inserted", "replaced" or "duplicate".
    ``known``: a KnownNames kept across the articles of a run (without one, the stored
    names are read and indexed for this article alone)."""
    known = known or KnownNames()
    try:
        outcome = _save_article(db, rows, replace, known)
    except BaseException:
        known.forget()  # rolled back: the indexes may hold rows that are not stored
        raise
    if outcome != "duplicate":
        known.saved(db)
    return outcome


def _insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert plain rows (scalar values) with one prepared statement.
    ``Table.insert_all`` re-reads the schema (table and view names) on every call, which
    cost about 6 % of a whole ingest; these tables exist once ensure_schema has run."""
    if not rows:
        return
    columns = list(dict.fromkeys(itertools.chain.from_iterable(rows)))  # keys, C-level
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    db.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])


def _save_article(db: sqlite_utils.Database, rows: ArticleRows, replace: bool,
                  known: KnownNames) -> str:
    article = rows.article
    # IMMEDIATE: the duplicate check below reads before writing; another process's commit
    # in between would make a deferred transaction fail at once with "database is locked".
    with database.write_lock(db):
        # body_sha256: the same article stored before headlines were kept in the text
        existing = db.execute(
            "select id from articles where sha256 in (?, ?)",
            [article["sha256"], rows.body_sha256 or article["sha256"]],
        ).fetchone()
        if existing and not replace:
            return "duplicate"
        detached = delete_article(db, existing[0]) if existing else {}
        if existing:
            known.forget()  # the delete may have removed sources and canonicals
        _insert_rows(db, "articles", [article])
        aid = article["id"]

        first_claim = _next_id(db, "claims")
        claim_ids = [first_claim + c["seq"] for c in rows.claims]
        _insert_rows(db, "claims", [{"id": first_claim + c["seq"], "article_id": aid, **c}
                                    for c in rows.claims])

        known.current(db)
        enriched: set[int] = set()  # stored sources given a new name or alias
        source_ids = [_source_id(db, known.sources, s, enriched) for s in rows.sources]
        _insert_rows(db, "attributions", [
            {
                "claim_id": claim_ids[a["claim_seq"]],
                "source_id": source_ids[a["source_index"]],
                "article_id": aid,
                **{k: v for k, v in a.items() if k not in ("claim_seq", "source_index")},
            }
            for a in rows.attributions
        ])

        # Labelled: "Jordan" the country never takes "Michael Jordan"'s canonical.
        mapping = name_index.canonical_map(
            sorted({(e["canonical"], e["label"]) for e in rows.entities}), known.canonicals)
        _insert_rows(db, "entities", [
            {
                "article_id": aid,
                "claim_id": None if e["claim_seq"] is None else claim_ids[e["claim_seq"]],
                **{k: v for k, v in e.items() if k != "claim_seq"},
                "canonical": mapping[e["canonical"], e["label"]],
            }
            for e in rows.entities
        ])
        for (_, label), canonical in mapping.items():
            known.canonicals.add(canonical, label)
        _insert_rows(db, "figures", [
            {
                "article_id": aid,
                "claim_id": None if f["claim_seq"] is None else claim_ids[f["claim_seq"]],
                **{k: v for k, v in f.items() if k != "claim_seq"},
            }
            for f in rows.figures
        ])
        _reattach_verdicts(db, aid, detached)
        _reattach_corrections(db, aid)
        search.index_article(db, aid)
        # Earlier claims of an enriched source become findable by its new alias too.
        search.reindex_sources(db, enriched)
        # Has this been checked before? Figures stated differently elsewhere?
        checked.after_article_saved(db, claim_ids)
        conflicts.after_article_saved(db, aid)
    return "replaced" if existing else "inserted"
