"""Is a database older than this claimtrack's schema? And bringing one up to date.

Read-only commands never write, so ``serve`` never migrates a database behind the user's
back: it checks ``missing_schema`` and refuses an older database with one line naming what
is missing and ``claimtrack upgrade``, the command that only brings a database up to date
(``ingest`` and ``verdict`` also do, on their way, as writers). Indexes are not checked:
a missing one costs speed, never a page.
"""

from __future__ import annotations

import sqlite_utils

from claimtrack import source_names
from claimtrack.schema import TABLES, VIEWS
from claimtrack.schema_apply import INDEX_ONLY_MIGRATIONS, migrations
from claimtrack.search import SEARCH_TABLE

# Parts named in serve's one-line refusal; the rest are counted ("and 9 more").
MAX_PARTS_SHOWN = 4


def missing_schema(db: sqlite_utils.Database, *, index_only: bool = False) -> list[str]:
    """What this version's schema has and ``db`` lacks: tables, columns, full-text
    tables, views and pending migrations, as "table verdicts", "view claim_sources"...
    Migrations that only change indexes are listed with ``index_only`` (what `upgrade`
    does; `serve` shows the same pages without them). Read-only."""
    missing: list[str] = []
    for table in TABLES:
        if not db[table.name].exists():
            missing.append(f"table {table.name}")
            continue
        have = set(db[table.name].columns_dict)
        missing += [f"column {table.name}.{c.name}" for c in table.columns if c.name not in have]
        if table.fts and not db[f"{table.name}_fts"].exists():
            missing.append(f"table {table.name}_fts")
    views = set(db.view_names())
    missing += [f"view {name}" for name in VIEWS if name not in views]
    missing += [f"table {name}" for name in (SEARCH_TABLE, source_names.TABLE)
                if not db[name].exists()]
    missing += [f"migration {m.name}" for m in migrations.pending(db)
                if index_only or m.name not in INDEX_ONLY_MIGRATIONS]
    return missing


def describe_missing(path: str, missing: list[str], *, writable: bool = True) -> str:
    """serve's refusal of an older database: one line, what is missing and the command
    (run on a writable copy when the file cannot be written here)."""
    shown = ", ".join(missing[:MAX_PARTS_SHOWN])
    if len(missing) > MAX_PARTS_SHOWN:
        shown += f" and {len(missing) - MAX_PARTS_SHOWN} more"
    where = path if writable else "COPY"
    copy = "" if writable else "it is read-only here: copy it to a writable folder and "
    return (f"{path}: made by an older claimtrack (no {shown}); {copy}bring it up to date "
            f"with `claimtrack upgrade --db {where}` (stored articles, claims and verdicts "
            "are kept)")
