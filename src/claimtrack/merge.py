"""Merge shard databases into one by replaying every shard article through the store.

A shard is a claimtrack database built elsewhere (another machine, another day, a Dask
task). Its ids start at 1 and it built its own source registry and entity canonicals, so
rows cannot be copied: each shard article is read back into the ``ArticleRows`` that
``store.save_article`` takes (the inverse of the store) and saved like a freshly ingested
article. That one write path renumbers ids, skips an article already present (same
sha256), re-resolves each source against the target's registry ("HRW" joins "Human Rights
Watch") and maps entity canonicals onto the target's.

Rows of other tables that hang off claims, articles or sources (verdicts, and whatever
schema.TABLES adds later) are carried generically, their foreign keys remapped, in the same
transaction as their article; a row already present is not copied twice. A merged shard is
recorded in ``merged_shards`` under its content identity and never merged again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from claimtrack import checked, database, schema
from claimtrack.extract import ArticleRows
from claimtrack.schema import Table
from claimtrack.store import KnownNames, save_article

# Written by store.save_article itself; every other table is "carried".
STORED_BY_SAVE = frozenset({"articles", "claims", "sources", "attributions", "entities",
                            "figures"})
# The tables a carried row may point at, and so have its foreign keys remapped to.
REMAPPED = ("claims", "articles", "sources", "figures")
# What the store does when such a row is written in place (a verdict makes the stored claims
# that state the same thing "checked before"): derived rows are found again, not copied.
def _verdict_carried(db: sqlite_utils.Database, row: dict) -> None:
    if row.get("claim_id") is not None:
        checked.after_verdict(db, row["claim_id"])


AFTER_CARRY: dict[str, Callable[[sqlite_utils.Database, dict], None]] = {
    "verdicts": _verdict_carried,
}
_SHARD_TABLES = ("articles", "claims", "sources", "attributions", "entities", "figures")


class MergeError(Exception):
    """A shard that cannot be merged; the message is one line naming it."""


@dataclass
class MergeSummary:
    merged: list[str] = field(default_factory=list)  # shard paths
    already_merged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line reasons
    inserted: int = 0
    duplicates: int = 0
    carried: dict[str, int] = field(default_factory=dict)  # table -> rows copied

    @property
    def ok(self) -> bool:
        return not self.refused

    def count_carried(self, table: str, rows: int) -> None:
        if rows:
            self.carried[table] = self.carried.get(table, 0) + rows

    def line(self) -> str:
        carried = "".join(f", {n} {t}" for t, n in sorted(self.carried.items()) if n)
        return (f"merged {len(self.merged)} shard(s), skipped {len(self.already_merged)} "
                f"already merged, refused {len(self.refused)}: {self.inserted} articles "
                f"inserted, {self.duplicates} already present{carried}")


def carried_tables(tables: Iterable[Table] | None = None) -> list[Table]:
    """Tables the merge copies row by row: not written by save_article, not derived, with at
    least one foreign key, all of them to claims, articles or sources (anything else could
    not be remapped). ``tables``: schema.TABLES by default."""
    return [t for t in (schema.TABLES if tables is None else tables)
            if t.name not in STORED_BY_SAVE and not t.derived and t.foreign_keys
            and all(fk[1] in REMAPPED for fk in t.foreign_keys)]


def open_shard(path: str | Path) -> sqlite_utils.Database:
    """A shard opened read-only: merging never writes to (or migrates) a shard."""
    path = Path(path)
    if not path.is_file():
        raise MergeError(f"{path}: no such shard database")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        shard = sqlite_utils.Database(sqlite3.connect(uri, uri=True))
        missing = [t for t in _SHARD_TABLES if not shard[t].exists()]
    except sqlite3.DatabaseError as e:
        raise MergeError(f"{path}: not a claimtrack database ({e})") from None
    if missing:
        raise MergeError(f"{path}: not a claimtrack database (no {', '.join(missing)} table)")
    return shard


def shard_identity(shard: sqlite_utils.Database) -> str:
    """The shard's content identity: its articles' sha256s and its carried rows. The same
    shard copied or renamed has the same identity, so it is merged once."""
    digest = hashlib.sha256()
    for (sha,) in shard.execute("select sha256 from articles order by sha256"):
        digest.update(sha.encode() + b"\n")
    for t in carried_tables():
        if shard[t.name].exists():
            count, top = shard.execute(f"select count(*), max([{t.pk}]) from [{t.name}]"
                                       ).fetchone()
            digest.update(f"{t.name}:{count}:{top}\n".encode())
    return digest.hexdigest()


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return set(db[table].columns_dict)


class _ShardReader:
    """Reads a shard's articles back as ArticleRows (store.save_article read backwards)."""

    def __init__(self, shard: sqlite_utils.Database, target: sqlite_utils.Database):
        self.shard = shard
        # Only columns the target has: a shard from a newer claimtrack may have more.
        self.target_columns = {t: _columns(target, t) for t in _SHARD_TABLES}
        self.sources = {row["id"]: row for row in shard.query("select * from sources")}

    def _keep(self, table: str, row: dict, drop: tuple[str, ...]) -> dict:
        wanted = self.target_columns[table]
        return {k: v for k, v in row.items() if k in wanted and k not in drop}

    def candidate(self, source_id: int) -> dict:
        """A shard registry row as a source candidate, as extract.article_rows makes them."""
        row = self.sources[source_id]
        affiliation = self.sources.get(row.get("affiliation_id"))
        return {"name": row["name"], "kind": row.get("kind"),
                "description": row.get("description"),
                "affiliation": affiliation["name"] if affiliation else None,
                "aliases": json.loads(row.get("aliases") or "[]")}

    def article_rows(self, article: dict) -> tuple[ArticleRows, dict[int, int]]:
        """The article's rows and {shard claim id: seq}."""
        aid = article["id"]
        rows = ArticleRows(article=self._keep("articles", article, ()))
        claim_seq: dict[int, int] = {}
        for claim in self.shard.query("select * from claims where article_id = ? order by seq",
                                      [aid]):
            claim_seq[claim["id"]] = claim["seq"]
            rows.claims.append(self._keep("claims", claim, ("id", "article_id")))
        source_index: dict[int, int] = {}
        for a in self.shard.query("select * from attributions where article_id = ? "
                                  "order by id", [aid]):
            if a["source_id"] not in source_index:
                source_index[a["source_id"]] = len(rows.sources)
                rows.sources.append(self.candidate(a["source_id"]))
            rows.attributions.append({
                "claim_seq": claim_seq[a["claim_id"]],
                "source_index": source_index[a["source_id"]],
                **self._keep("attributions", a, ("id", "claim_id", "source_id", "article_id")),
            })
        for table, target in (("entities", rows.entities), ("figures", rows.figures)):
            for row in self.shard.query(f"select * from {table} where article_id = ? "
                                        "order by id", [aid]):
                target.append({"claim_seq": claim_seq.get(row["claim_id"]),
                               **self._keep(table, row, ("id", "article_id", "claim_id"))})
        return rows, claim_seq


def _row_present(target: sqlite_utils.Database, table: str, row: dict) -> bool:
    where = " and ".join(f"[{k}] is ?" for k in row)
    return target.execute(f"select 1 from [{table}] where {where} limit 1",
                          list(row.values())).fetchone() is not None


class _Carrier:
    """Copies the carried tables' rows of one shard, foreign keys remapped."""

    def __init__(self, shard: sqlite_utils.Database, target: sqlite_utils.Database):
        self.shard, self.target = shard, target
        self.tables = [t for t in carried_tables() if shard[t.name].exists()]
        self.columns = {t.name: _columns(target, t.name) for t in self.tables}

    def carry(self, table: Table, rows: Iterable[dict], maps: dict[str, Callable]) -> int:
        copied = 0
        for row in rows:
            out = {k: v for k, v in row.items() if k in self.columns[table.name]
                   and k != table.pk}
            for column, other, _ in table.foreign_keys:
                if out.get(column) is not None:
                    out[column] = maps[other](out[column])
            if any(out.get(c) is None and row.get(c) is not None
                   for c, _, _ in table.foreign_keys):
                continue  # points at something the target does not hold
            if not _row_present(self.target, table.name, out):
                self.target[table.name].insert(out)
                copied += 1
                if table.name in AFTER_CARRY:
                    AFTER_CARRY[table.name](self.target, out)
        return copied

    def article_rows(self, table: Table, article_id: str, claim_ids: list[int]) -> list[dict]:
        """Rows of ``table`` pointing at this article or one of its claims."""
        conditions, params = [], []
        for column, other, _ in table.foreign_keys:
            if other == "articles":
                conditions.append(f"[{column}] = ?")
                params.append(article_id)
            elif other == "claims" and claim_ids:
                conditions.append(f"[{column}] in ({', '.join('?' * len(claim_ids))})")
                params.extend(claim_ids)
        if not conditions:
            return []
        return list(self.shard.query(
            f"select * from [{table.name}] where {' or '.join(conditions)} order by [{table.pk}]",
            params))


def merge_shard(target: sqlite_utils.Database, shard_path: str | Path, *,
                known: KnownNames | None = None, summary: MergeSummary | None = None,
                on_article: Callable[[str, str], None] | None = None) -> MergeSummary:
    """Merge one shard into ``target`` (an open claimtrack database). Raises MergeError for
    a shard that is not a claimtrack database; returns the summary, updated."""
    summary = summary if summary is not None else MergeSummary()
    known = known or KnownNames()
    shard = open_shard(shard_path)
    try:
        identity = shard_identity(shard)
        if target["merged_shards"].count_where("id = ?", [identity]):
            summary.already_merged.append(str(shard_path))
            return summary
        reader, carrier = _ShardReader(shard, target), _Carrier(shard, target)
        articles = shard.execute("select id from articles order by id").fetchall()
        saved = []
        for (shard_aid,) in articles:
            article = next(shard.query("select * from articles where id = ?", [shard_aid]))
            rows, claim_seq = reader.article_rows(article)
            try:
                # The write lock from the start (BEGIN IMMEDIATE): a deferred transaction
                # that reads, then writes, fails at once when another ingest or merge into
                # the same file committed in between.
                with database.write_lock(target, shard_path):
                    outcome = save_article(target, rows, known=known)
            except BaseException:
                known.forget()  # rolled back: the name indexes may hold unsaved rows
                raise
            saved.append((rows, claim_seq))
            if outcome == "duplicate":
                summary.duplicates += 1
            else:
                summary.inserted += 1
            if on_article:
                on_article(article["id"], outcome)
        # Carried rows once every article of the shard is in: a correction may name a source
        # that a later article brings. A run stopped here has not marked the shard merged,
        # so a re-run carries them (rows already present are not copied twice).
        for rows, claim_seq in saved:
            with database.write_lock(target, shard_path):
                _carry_article(target, reader, carrier, rows, claim_seq, known, summary)
        _carry_source_rows(reader, carrier, known, summary)
        target["merged_shards"].insert({
            "id": identity, "path": str(shard_path), "articles": len(articles),
            "merged_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        summary.merged.append(str(shard_path))
        return summary
    finally:
        shard.close()


def _carry_article(target, reader: _ShardReader, carrier: _Carrier, rows: ArticleRows,
                   claim_seq: dict[int, int], known: KnownNames, summary: MergeSummary) -> None:
    if not carrier.tables:
        return
    # The target's copy of the article: this one, or the one with the same text.
    (target_aid,) = target.execute("select id from articles where sha256 = ?",
                                   [rows.article["sha256"]]).fetchone()
    by_span = {(s, e): cid for cid, s, e in target.execute(
        "select id, start, [end] from claims where article_id = ?", [target_aid])}
    seq_spans = {c["seq"]: (c["start"], c["end"]) for c in rows.claims}
    # A figure is the same figure where it has the same span in the same text.
    figure_by_span = {(s, e): fid for fid, s, e in target.execute(
        "select id, start, [end] from figures where article_id = ?", [target_aid])}
    shard_figure_spans = {fid: (s, e) for fid, s, e in reader.shard.execute(
        "select id, start, [end] from figures where article_id = ?", [rows.article["id"]])}
    maps = {
        "articles": lambda _: target_aid,
        "claims": lambda cid: by_span.get(seq_spans.get(claim_seq.get(cid))),
        "figures": lambda fid: figure_by_span.get(shard_figure_spans.get(fid)),
        "sources": lambda sid: _target_source(reader, known, sid),
    }
    for table in carrier.tables:
        found = carrier.article_rows(table, rows.article["id"], list(claim_seq))
        summary.count_carried(table.name, carrier.carry(table, found, maps))


def _target_source(reader: _ShardReader, known: KnownNames, shard_source_id: int) -> int | None:
    if shard_source_id not in reader.sources:
        return None
    index = known.sources.resolve(reader.candidate(shard_source_id))
    return None if index is None else known.sources.rows[index]["id"]


def _carry_source_rows(reader: _ShardReader, carrier: _Carrier, known: KnownNames,
                       summary: MergeSummary) -> None:
    """Rows of carried tables that point only at sources (no article, no claim)."""
    for table in carrier.tables:
        if {fk[1] for fk in table.foreign_keys} != {"sources"}:
            continue
        known.current(carrier.target)
        maps = {"sources": lambda sid: _target_source(reader, known, sid)}
        found = reader.shard.query(f"select * from [{table.name}] order by [{table.pk}]")
        with database.write_lock(carrier.target):
            summary.count_carried(table.name, carrier.carry(table, found, maps))


def finish(target: sqlite_utils.Database) -> None:
    """After the last shard: merge the full-text indexes' segments (kept current article by
    article by their triggers) and refresh the query planner's statistics."""
    for t in schema.TABLES:
        if t.fts:
            target[t.name].optimize()
    target.execute("analyze")


def merge(shard_paths: Iterable[str | Path], target: sqlite_utils.Database, *,
          on_article: Callable[[str, str], None] | None = None) -> MergeSummary:
    """Merge shard databases into ``target`` in the order given (the order decides which
    spelling of a source comes first, so a fixed order gives a reproducible result). A shard
    that cannot be read is refused with one line; the others are merged."""
    summary, known = MergeSummary(), KnownNames()
    target_file = _file_of(target)
    for path in shard_paths:
        if target_file and Path(path).resolve() == target_file:
            summary.refused.append(f"{path}: is the target database")
            continue
        try:
            merge_shard(target, path, known=known, summary=summary, on_article=on_article)
        except MergeError as e:
            summary.refused.append(str(e))
    if summary.merged:
        finish(target)
    return summary


def _file_of(db: sqlite_utils.Database) -> Path | None:
    row = db.execute("pragma database_list").fetchone()
    return Path(row[2]).resolve() if row and row[2] else None
