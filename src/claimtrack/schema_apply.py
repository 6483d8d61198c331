"""Applying the schema (tables, views as data) to a database, idempotently: create what is
missing (tables, columns, indexes, full-text search, views), then run the migrations that
"create what is missing" cannot express. ``schema.ensure_schema`` is the entry point."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.migrations import Migrations

from claimtrack import source_counts, source_names

if TYPE_CHECKING:  # schema.py imports this module
    from claimtrack.schema import Table

# Changes that "create what is missing" cannot express (backfills, renames) are migrations,
# recorded in _sqlite_migrations so an older database is brought up to date exactly once.
migrations = Migrations("claimtrack")


@migrations()
def m001_backfill_attribution_article_ids(db: sqlite_utils.Database) -> None:
    # attributions.article_id was added after claims: derive it from the claim.
    if db["attributions"].exists() and "article_id" in db["attributions"].columns_dict:
        db.execute(
            "update attributions set article_id = (select article_id from claims "
            "where claims.id = attributions.claim_id) where article_id is null"
        )


@migrations()
def m002_backfill_source_counts(db: sqlite_utils.Database) -> None:
    # source_counts came after attributions: count what an older database already holds.
    source_counts.backfill(db)


@migrations()
def m003_drop_covered_foreign_key_indexes(db: sqlite_utils.Database) -> None:
    # Before covered_foreign_keys, every foreign key had a one-column index of its own,
    # written on every insert and read by no query (see covered_foreign_keys).
    from claimtrack.schema import TABLES  # schema.py imports this module

    for t in TABLES:
        if not db[t.name].exists():
            continue
        indexes = db[t.name].indexes
        for column in covered_foreign_keys(t):
            name = f"idx_{t.name}_{column}"  # the name Table.create_index gave it
            covering = [i for i in indexes if i.name != name and i.columns[:1] == [column]]
            if covering and any(i.name == name and i.columns == [column] for i in indexes):
                db.execute(f"drop index [{name}]")


# Migrations that only drop or add indexes: a database without them shows the same pages,
# so `serve` does not refuse it for them (upgrade.missing_schema); the next writer runs them.
INDEX_ONLY_MIGRATIONS = frozenset({"m003_drop_covered_foreign_key_indexes"})


def covered_foreign_keys(t: Table) -> set[str]:
    """Foreign-key columns that lead another index of the table. SQLite finds rows by such
    a column (queries, and the foreign-key checks on a delete) through that index, so a
    one-column index on it would only cost writes: none is made."""
    leading = {cols[0] for cols in (*t.indexes, *t.unique)
               if len(cols) > 1 and not cols[0].startswith("-") and "(" not in cols[0]}
    # A one-column index the table lists itself is wanted for its row order (rowid order
    # within the key, where a compound index gives the next column's order).
    return {fk[0] for fk in t.foreign_keys if fk[0] in leading and (fk[0],) not in t.indexes}


@migrations()
def m004_backfill_source_names(db: sqlite_utils.Database) -> None:
    # source_names_fts came after sources: index the names an older database already holds.
    # source_names.ensure(), run before the migrations, now fills an index it creates.
    source_names.ensure(db)


def apply_schema(db: sqlite_utils.Database, tables: Iterable[Table],
                 views: Mapping[str, str]) -> None:
    """``schema.ensure_schema`` for the tables and views given."""
    db.execute("PRAGMA foreign_keys = ON")
    _ensure_tables(db, tables, views)
    source_counts.ensure_triggers(db)  # before the backfill: no write goes uncounted
    source_names.ensure(db)  # likewise: no source written after the backfill goes unindexed
    migrations.apply(db)
    from claimtrack.search import ensure_search_table  # search.py builds on this schema

    ensure_search_table(db)


def _ensure_tables(db: sqlite_utils.Database, tables: Iterable[Table],
                   views: Mapping[str, str]) -> None:
    for t in tables:
        cols = {c.name: c.type for c in t.columns}
        if not db[t.name].exists():
            db[t.name].create(
                cols, pk=t.pk, foreign_keys=list(t.foreign_keys), not_null={t.pk}
            )
        else:
            existing = set(db[t.name].columns_dict)
            for name, coltype in cols.items():
                if name not in existing:
                    db[t.name].add_column(name, coltype)
        tbl = db[t.name]
        indexed = {tuple(i.columns) for i in tbl.indexes}
        covered = covered_foreign_keys(t)
        wanted = [(fk[0],) for fk in t.foreign_keys if fk[0] not in covered] + list(t.indexes)
        for cols_ in wanted:
            if any(c.startswith("-") or "(" in c for c in cols_):
                _create_ordered_index(db, t.name, cols_)
            elif cols_ not in indexed:
                tbl.create_index(list(cols_), if_not_exists=True)
        for cols_ in t.unique:
            if cols_ not in indexed:
                tbl.create_index(list(cols_), unique=True, if_not_exists=True)
        if t.fts and not db[f"{t.name}_fts"].exists():
            tbl.enable_fts(list(t.fts), create_triggers=True)
    for name, sql in views.items():
        db.create_view(name, sql.strip(), replace=True)


def _create_ordered_index(db: sqlite_utils.Database, table: str, columns: tuple[str, ...]) -> None:
    """An index with descending columns or expressions, which Table.create_index does not
    write; named after its parts, created once."""
    parts = [f"[{c[1:]}] desc" if c.startswith("-") else c for c in columns]
    name = "idx_" + "_".join([table, *(re.sub(r"\W+", "_", c).strip("_") for c in columns)])
    db.execute(f"create index if not exists [{name}] on [{table}] ({', '.join(parts)})")
