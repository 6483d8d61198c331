"""The row counts on Datasette's database page, bounded (installed by server_guards at
startup for every database served from a file).

Datasette 0.65 counts every table on each request for the database page, hidden ones
included, with ``select count(*)``. SQLite answers that by walking the table's whole b-tree
in one step that the SQL time limit cannot interrupt, so at 5.8 million claims the page
spent most of its 0.8 s counting; the largest count was ``claims_search_fts_content``, a
hidden copy of every claim's text that the page never shows. Two changes:

- Hidden tables (full-text indexes and their shadow tables) are not counted: the page lists
  them only behind "hidden tables", where a count-less table reads "Many rows".
- The counts of the other tables are kept until the database file changes (its size or
  modification time, or its write-ahead log's), so a page after a write counts again and
  one after none reads the same numbers. Datasette keeps them the same way for a read-only
  (immutable) database, which is left as Datasette serves it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from datasette.database import Database, QueryInterrupted


def _file_state(path: str) -> tuple:
    """What changes when anything writes the database: size and mtime of the file and of
    its WAL (a commit in WAL mode writes only the WAL)."""
    state = []
    for p in (Path(path), Path(path + "-wal")):
        try:
            st = p.stat()
            state.append((st.st_size, st.st_mtime_ns))
        except OSError:
            state.append(None)
    return tuple(state)


def bound_table_counts(db: Database) -> None:
    """Replace ``db.table_counts`` (Datasette's database page and index) with the bounded
    version above; a database held in memory or served immutable keeps Datasette's."""
    if not db.is_mutable or not db.path:
        return
    cache: dict = {}

    async def table_counts(limit: int = 10) -> dict[str, int | None]:
        state = _file_state(db.path)
        if cache.get("state") == state:
            return dict(cache["counts"])
        hidden = set(await db.hidden_table_names())
        counts: dict[str, int | None] = {}
        for table in await db.table_names():
            if table in hidden:
                counts[table] = None
                continue
            try:
                result = await db.execute(f"select count(*) from [{table}]",
                                          custom_time_limit=limit)
                counts[table] = result.rows[0][0]
            except (QueryInterrupted, sqlite3.OperationalError, sqlite3.DatabaseError):
                counts[table] = None
        if _file_state(db.path) == state:  # nothing wrote while counting
            cache.update(state=state, counts=dict(counts))
        return counts

    db.table_counts = table_counts
