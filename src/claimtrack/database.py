"""Opening claimtrack databases safely: which file is ours, who may write, one line per failure.

Every connection waits for other writers (``busy_timeout``) instead of failing with
"database is locked"; article transactions start with ``BEGIN IMMEDIATE`` so a writer takes
the write lock before it reads (a deferred transaction that reads, then writes, fails at once
under WAL when another process committed in between, whatever the timeout). A claimtrack
database carries ``PRAGMA application_id = APPLICATION_ID``; any other non-empty SQLite file
is refused before anything is written to it. Read-only commands open the file read-only, so
they cannot change it even by accident.

This module needs neither spaCy nor the NLP code: exports and verdicts use it directly.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

# "ctrk": written into the database header so claimtrack can tell its own files from others.
APPLICATION_ID = 0x6374726B
# How long a writer waits for another run's transaction to finish. One article's
# transaction takes milliseconds to a second; a minute leaves room for a slow disk.
BUSY_TIMEOUT_S = 60.0
# BEGIN IMMEDIATE is retried this many times when the wait above runs out (a writer that
# holds the lock longer than that is stuck or doing a huge replace), then the run stops.
LOCK_ATTEMPTS = 3
# Tables that make an unmarked file a claimtrack database written before the mark existed.
CLAIMTRACK_TABLES = frozenset({"articles", "claims"})
CLAIMTRACK_ARTICLE_COLUMNS = frozenset({"id", "sha256", "text", "pipeline_version"})


class DatabaseError(Exception):
    """A database that cannot be used; the message is one line naming the file and what to do."""


def _uri(path: Path, mode: str) -> str:
    return f"file:{urllib.parse.quote(str(path.resolve()))}?mode={mode}"


def _connect(path: str | Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if str(path) == ":memory:":
        return sqlite3.connect(":memory:")
    path = Path(path)
    if read_only or immutable:
        if not path.is_file():
            raise DatabaseError(f"{path}: no such database (run claimtrack ingest first)")
        uri = _uri(path, "ro") + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: folder {path.parent} does not exist (create it first)")
        if path.exists() and not path.is_file():
            raise DatabaseError(f"{path}: not a regular file (choose a database file)")
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def database_kind(conn: sqlite3.Connection) -> str:
    """"claimtrack", "empty" (a new file) or "other" (another application's database)."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return "claimtrack"
    if application_id != 0:
        return "other"
    names = {row[0] for row in conn.execute(
        "select name from sqlite_master where type in ('table', 'view')")}
    if not names:
        return "empty"
    if not CLAIMTRACK_TABLES <= names:
        return "other"
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    return "claimtrack" if CLAIMTRACK_ARTICLE_COLUMNS <= columns else "other"


def _foreign(path: str | Path) -> str:
    return (f"{path}: not a claimtrack database (it holds another application's tables); "
            "choose another --db")


def describe(error: sqlite3.Error, path: str | Path) -> str:
    """One line for an SQLite error a user can cause, naming the file and what to do."""
    name = getattr(error, "sqlite_errorname", "")
    message = str(error)
    if name == "SQLITE_FULL" or "disk is full" in message:
        return (f"{path}: disk full; free space and run the same command again "
                "(articles already stored are kept, the rest will be added)")
    if name == "SQLITE_NOTADB" or "file is not a database" in message:
        return f"{path}: not an SQLite database (choose another --db)"
    if name.startswith("SQLITE_BUSY") or "database is locked" in message:
        return (f"{path}: still locked by another process after {BUSY_TIMEOUT_S:g} s x "
                f"{LOCK_ATTEMPTS} attempts; wait for it to finish and run the command again")
    if name == "SQLITE_READONLY" or "readonly database" in message:
        return f"{path}: read-only (check the file's and its folder's permissions)"
    if name == "SQLITE_CANTOPEN" or "unable to open" in message:
        return (f"{path}: cannot open (a WAL database needs its folder writable for its -shm "
                "file: copy it to a writable folder, or run `sqlite3 FILE 'PRAGMA "
                "journal_mode=delete'` where it is writable)")
    if name in ("SQLITE_IOERR_WRITE", "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_FSYNC"):
        # The operating system refused a write: a full disk, a quota, a file size limit.
        return (f"{path}: cannot write (disk full or a file size limit); free space and run "
                "the same command again (articles already stored are kept, the rest will be "
                "added)")
    if name.startswith("SQLITE_IOERR"):
        return f"{path}: disk error ({message}); check the disk and run the command again"
    return f"{path}: database error ({message})"


SQLITE_HEADER = b"SQLite format 3\x00"
SIDECAR_SUFFIXES = ("", "-wal", "-shm", "-journal")


def check_output_file(output: str | Path, db_path: str | Path) -> None:
    """Refuse an output file (``export -o``) that would overwrite the database being read,
    one of its -wal/-shm/-journal files, or any other SQLite database: a typo must not
    replace a database with a CSV file."""
    output = Path(output).resolve()
    database = Path(db_path).resolve()
    if any(output == Path(f"{database}{suffix}") for suffix in SIDECAR_SUFFIXES):
        raise DatabaseError(f"{output.name}: is the database being exported (or one of its "
                            "files); choose another output file")
    try:
        with output.open("rb") as existing:
            header = existing.read(len(SQLITE_HEADER))
    except OSError:
        return  # missing (to be created) or unreadable: the write says what is wrong
    if header == SQLITE_HEADER:
        raise DatabaseError(f"{output.name}: is an SQLite database; an export never "
                            "overwrites one (choose another output file)")


def needs_immutable(path: str | Path) -> bool:
    """Whether ``path`` must be opened as immutable: the file or its folder is read-only
    (a read-only connection still creates a -shm file for a WAL database, and locks).
    A WAL database with uncheckpointed changes on a read-only medium cannot be read
    correctly at all: DatabaseError saying what to do."""
    import os

    path = Path(path)
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return False
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseError(
            f"{path}: a WAL database with unsaved changes in {wal.name} on a read-only "
            "medium; copy both files to a writable folder and serve the copy (or run "
            f"`sqlite3 {path.name} 'PRAGMA journal_mode=delete'` where it is writable)")
    return True


def connect(path: str | Path, *, read_only: bool = False,
            immutable: bool = False) -> sqlite_utils.Database:
    """A connection to a claimtrack database (or a new, empty file), or DatabaseError.
    ``read_only``: opened so nothing can be written; ``immutable``: also no locks and no
    -shm file (a file on read-only media).

    Nothing is written here: a writer marks and sets up the file with ``claim`` below."""
    try:
        conn = _connect(path, read_only=read_only, immutable=immutable)
        kind = database_kind(conn)
    except sqlite3.Error as error:
        raise DatabaseError(describe(error, path)) from None
    if kind == "other":
        conn.close()
        raise DatabaseError(_foreign(path))
    return sqlite_utils.Database(conn)


@contextlib.contextmanager
def write_lock(db: sqlite_utils.Database, path: str | Path = "database") -> Iterator[None]:
    """One transaction holding the write lock from its start (BEGIN IMMEDIATE): committed
    when the block ends, rolled back when it raises. Waits for other writers (busy timeout),
    ``LOCK_ATTEMPTS`` times, before giving up with DatabaseError. Inside a transaction the
    caller already opened, a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if attempt == LOCK_ATTEMPTS:
                raise DatabaseError(describe(error, path)) from None
            time.sleep(0.1 * attempt)
    try:
        yield
        db.conn.execute("COMMIT")  # a full disk can fail here too: rolled back below
    except BaseException:
        db.rollback()
        raise


def retry_when_busy(operation, attempts: int = LOCK_ATTEMPTS):
    """``operation()``, tried again when SQLite answers "locked" at once. Two processes that
    switch a new file to WAL together meet in the rollback journal's locks, where SQLite
    breaks the deadlock by failing one of them at once (no busy wait): a moment later the
    other has finished and the switch is a no-op."""
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except sqlite3.OperationalError as error:
            if attempt == attempts or not ("locked" in str(error) or "busy" in str(error)):
                raise
            time.sleep(0.1 * attempt)


def claim(db: sqlite_utils.Database, setup, path: str | Path = "database") -> None:
    """Under the write lock: check again that the file is claimtrack's or empty (another
    process may have filled it since ``connect``), mark it, and run ``setup(db)``."""
    with write_lock(db, path):
        if database_kind(db.conn) == "other":
            raise DatabaseError(_foreign(path))
        db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        setup(db)


def remove_if_unused(db: sqlite_utils.Database, path: str | Path) -> bool:
    """Delete a database this run created when it holds no article and no verdict, and no
    other process has it open. Decided under an exclusive lock, so another ingest that
    opened the file meanwhile keeps it (and its articles). Returns True when removed."""
    try:
        with write_lock(db, path):
            if db.execute("select exists(select 1 from articles) "
                          "or exists(select 1 from verdicts)").fetchone()[0]:
                return False
        # Leaving WAL mode needs every other connection gone: when it fails, someone else
        # has the file open and may be about to write to it. No waiting for them.
        db.execute("PRAGMA busy_timeout = 0")
        with db.ensure_autocommit_on():
            mode = db.execute("PRAGMA journal_mode = delete").fetchone()[0]
        if mode != "delete":
            return False
        db.execute("PRAGMA locking_mode = exclusive")
        db.conn.execute("BEGIN EXCLUSIVE")
        if db.execute("select exists(select 1 from articles)").fetchone()[0]:
            db.rollback()
            return False
        # Unlinked while the exclusive lock is held; closing releases it.
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        db.rollback()
        return True
    except (sqlite3.Error, DatabaseError):
        return False  # locked by another process (it is in use) or unwritable: keep it
    finally:
        db.close()
