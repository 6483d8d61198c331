"""A substring index of every source's name and aliases, so finding "the source named X"
(the ``claims_by_source`` canned query) is a lookup instead of reading the whole registry:
at 366,583 sources that read cost some 600 ms a request (docs/scaling.md).

``source_names_fts`` is an FTS5 table with the trigram tokenizer over ``sources.name`` and
``sources.aliases`` (their JSON text), reading its text from ``sources`` (external content:
the names are not stored twice). A ``like '%text%'`` on it with three characters or more
is answered from the index, case-insensitively; shorter text reads every row, as before.
SQLite triggers on ``sources`` keep it current, so every writer of sources (the store, the
merge, a reviewer's SQL) does without knowing of it; the migration
``ensure`` fills it whenever it has to create it on a database holding sources (the
migration ``m004_backfill_source_names`` did that once on one made before it existed).
"""

from __future__ import annotations

import sqlite_utils

TABLE = "source_names_fts"

CREATE_SQL = (
    f"create virtual table if not exists [{TABLE}] using fts5("
    "name, aliases, content='sources', content_rowid='id', columnsize=0, tokenize='trigram')"
)

# An external-content index must be told each row's old text to take it out ('delete').
_ADD = f"insert into [{TABLE}] (rowid, name, aliases) values (new.id, new.name, new.aliases);"
_REMOVE = (f"insert into [{TABLE}] ([{TABLE}], rowid, name, aliases) "
           "values ('delete', old.id, old.name, old.aliases);")

TRIGGERS: dict[str, str] = {
    "source_names_insert": f"after insert on sources begin\n{_ADD}\nend",
    "source_names_delete": f"after delete on sources begin\n{_REMOVE}\nend",
    # only when the indexed text changes: the store's UPDATE of an enriched source sets
    # name and aliases every time, mostly to the values they had
    "source_names_update": (
        "after update of id, name, aliases on sources when old.id is not new.id "
        "or old.name is not new.name or old.aliases is not new.aliases "
        f"begin\n{_REMOVE}\n{_ADD}\nend"),
}


def ensure(db: sqlite_utils.Database) -> None:
    """Create the index and the triggers that keep it current (idempotent). An index made
    here on a database that already holds sources (an older one, or the table dropped) is
    filled at once: an empty one would make ``claims_by_source`` silently find nothing."""
    if not db["sources"].exists():
        return
    created = not db[TABLE].exists()
    db.execute(CREATE_SQL)
    if created and db.execute("select 1 from sources limit 1").fetchone() is not None:
        backfill(db)
    stored = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'"
                             f" and name in ({', '.join('?' * len(TRIGGERS))})",
                             list(TRIGGERS)).fetchall())
    for name, body in TRIGGERS.items():
        if name in stored and not stored[name].endswith(body):
            db.execute(f"drop trigger [{name}]")  # an earlier version of the trigger
        db.execute(f"create trigger if not exists [{name}] {body}")


def backfill(db: sqlite_utils.Database) -> None:
    """Index every stored source (a migration on an older database): reads the names and
    aliases once, rewrites no table."""
    if db[TABLE].exists():
        db.execute(f"insert into [{TABLE}] ([{TABLE}]) values ('rebuild')")
