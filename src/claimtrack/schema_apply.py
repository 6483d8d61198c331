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
def m003_backfill_source_names(db: sqlite_utils.Database) -> None:
    # source_names_fts came after sources: index the names an older database already holds.
    source_names.backfill(db)


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
        wanted = [(fk[0],) for fk in t.foreign_keys] + list(t.indexes)
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
