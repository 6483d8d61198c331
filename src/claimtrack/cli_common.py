"""What the commands that read or annotate an existing database share: opening it, and
its --db option."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click


def open_existing_db(path: str, *, read_only: bool = True, immutable: bool = False):
    """Open a database a command reads (read-only: it cannot change it) or annotates.
    Not store.open_db: that pulls in the NLP modules (spaCy), which a verdict or
    an export does not need. Another application's database is refused before anything."""
    from claimtrack import database
    from claimtrack.schema import ensure_schema

    if not Path(path).is_file():
        # Checked here rather than by click.Path(exists=True) to keep it to one line.
        raise click.ClickException(f"{path}: no such database (run claimtrack ingest first)")
    try:
        db = database.connect(path, read_only=read_only, immutable=immutable)
        if database.database_kind(db.conn) == "empty":
            raise database.DatabaseError(f"{path}: empty database (run claimtrack ingest first)")
        if not read_only:
            database.claim(db, ensure_schema, path)  # an older database gains new tables
    except sqlite3.Error as error:
        raise click.ClickException(database.describe(error, path)) from None
    except database.DatabaseError as error:
        raise click.ClickException(str(error)) from None
    return db


existing_db_option = click.option(
    "--db", "db_path", default="claims.db", show_default=True,
    type=click.Path(dir_okay=False), help="claimtrack SQLite database (must exist).",
)
