"""Databases are never damaged: other applications' files are refused untouched, read-only
commands never write, a full disk and every other user error end in one line."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from click.testing import CliRunner

from claimtrack import database
from claimtrack.cli import cli
from claimtrack.ingest import ingest
from claimtrack.readers import MAX_ARTICLE_CHARS
from claimtrack.store import open_db
from conftest import SEED


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error(result) -> str:
    """The single line a failed command printed (asserting there is exactly one)."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def fingerprint(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def other_app_db(tmp_path):
    path = tmp_path / "app" / "crm.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.execute("insert into customers (name) values ('Ann Lee')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def seed_copy(seed_db_path, tmp_path):
    """The seed database as a single file (no -wal): any write changes its bytes."""
    folder = tmp_path / "seed"
    folder.mkdir()
    path = folder / "claims.db"
    source = sqlite3.connect(seed_db_path)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode = delete")
    target.close()
    return path


COMMANDS = (
    ("export", "--format", "csv"),
    ("export", "--format", "claimreview"),
    ("verdicts",),
    ("show", "some-article"),
    ("verdict", "1", "--rating", "False"),
)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_another_applications_database_is_refused_untouched(other_app_db, command):
    # Before: export and verdicts added ~20 tables and 11 columns to it and exited 0.
    before = fingerprint(other_app_db.parent)
    error = one_error(run(*command, "--db", other_app_db))
    assert error == (f"Error: {other_app_db}: not a claimtrack database (it holds another "
                     "application's tables); choose another --db")
    assert fingerprint(other_app_db.parent) == before


def test_ingest_refuses_another_applications_database_before_changing_it(other_app_db,
                                                                         tmp_path):
    # Before: ingest added claimtrack's tables and left the file in WAL mode.
    article = tmp_path / "a.txt"
    article.write_text("The council approved the plan on Monday, the mayor said.\n")
    before = fingerprint(other_app_db.parent)
    error = one_error(run("ingest", article, "--db", other_app_db, "-q"))
    assert error.endswith("not a claimtrack database (it holds another application's "
                          "tables); choose another --db")
    assert fingerprint(other_app_db.parent) == before


@pytest.mark.parametrize("command", COMMANDS[:4], ids=" ".join)
def test_read_only_commands_never_write(seed_copy, command):
    # Before: each of them brought the schema "up to date", rewriting the views.
    if command[0] == "show":
        article_id = sqlite_utils.Database(seed_copy).execute(
            "select id from articles").fetchone()[0]
        command = ("show", article_id)
    before = fingerprint(seed_copy.parent)
    result = run(*command, "--db", seed_copy)
    assert result.exit_code == 0, result.output
    assert fingerprint(seed_copy.parent) == before


def test_databases_are_marked_and_unmarked_claimtrack_files_still_open(seed_copy):
    conn = sqlite3.connect(seed_copy)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
    conn.execute("PRAGMA application_id = 0")  # as written by claimtrack before the mark
    conn.commit()
    conn.close()
    db = open_db(seed_copy)
    assert db.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
    assert db["articles"].count == 1


def test_another_applications_articles_table_is_not_mistaken_for_claimtrack(tmp_path):
    path = tmp_path / "blog.db"
    conn = sqlite3.connect(path)
    conn.execute("create table articles (id integer primary key, body text)")
    conn.execute("create table claims (id integer primary key, amount real)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    error = one_error(run("export", "--format", "csv", "--db", path))
    assert error.endswith("not a claimtrack database (it holds another application's tables); "
                          "choose another --db")
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("These are my notes, not a database.\n" * 50)
    before = notes.read_bytes()
    for command in (("export", "--format", "jsonl"), ("verdicts",),
                    ("ingest", str(SEED), "-q")):
        error = one_error(run(*command, "--db", notes))
        assert error == f"Error: {notes}: not an SQLite database (choose another --db)"
    assert notes.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["notes.db"]


def test_db_and_output_in_a_missing_folder(seed_copy, tmp_path):
    missing = tmp_path / "nowhere"
    error = one_error(run("ingest", SEED, "--db", missing / "c.db", "-q"))
    assert error == f"Error: {missing / 'c.db'}: folder {missing} does not exist (create it first)"
    error = one_error(run("export", "--format", "csv", "-o", missing / "out.csv",
                          "--db", seed_copy))
    assert error == (f"Error: {missing / 'out.csv'}: folder {missing} does not exist "
                     "(create it first)")


def test_export_of_an_unknown_article_writes_nothing_first(seed_copy):
    # Before: the CSV header went to stdout, then the error.
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--article", "nope",
                                      "--db", str(seed_copy)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: no article with id, id prefix or title words 'nope' "
                             "(see claimtrack articles)\n")


def test_debug_shows_the_traceback_instead(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 50)
    result = CliRunner().invoke(cli, ["--debug", "ingest", str(SEED), "--db", str(notes)])
    assert isinstance(result.exception, database.DatabaseError)


def report(n: int, sentences: int) -> str:
    """A fresh article of distinct sentences (repeated lines would be cleaned away)."""
    return "\n\n".join(
        f"Inspectors in district {n} found {n + k + 3} faults on bridge number {k}, the "
        f"regional transport office said in report {n}-{k} on Friday."
        for k in range(sentences)) + "\n"


def _full_after_one_more_page(conn: sqlite3.Connection) -> sqlite3.Connection:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    return conn


def test_a_full_database_disk_is_one_line_and_keeps_what_is_stored(seed_copy, tmp_path,
                                                                   monkeypatch):
    # Before: a 36-line traceback and an abort (exit 134). SQLite's max_page_count gives
    # the same SQLITE_FULL error a full disk does.
    connect = database._connect
    monkeypatch.setattr(database, "_connect", lambda *a, **k: _full_after_one_more_page(
        connect(*a, **k)))
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(3):
        (articles / f"a{n}.txt").write_text(report(n, 30))
    result = CliRunner().invoke(cli, ["ingest", str(articles), "--db", str(seed_copy), "-q"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {seed_copy}: disk full; free space and run the same "
                             "command again (articles already stored are kept, the rest "
                             "will be added)\n")
    monkeypatch.undo()
    assert sqlite_utils.Database(seed_copy)["articles"].count == 1  # intact, still readable


def test_a_file_size_limit_is_one_line_in_a_real_process(seed_copy, tmp_path):
    # The operating system refuses the write (RLIMIT_FSIZE: a full disk for this process).
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(15):
        (articles / f"a{n}.txt").write_text(report(n, 30))
    limit = seed_copy.stat().st_size + 64 * 1024

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([sys.executable, "-m", "claimtrack", "ingest", str(articles),
                             "--db", str(seed_copy), "-q"], preexec_fn=limit_file_size,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"Error: {seed_copy}: cannot write (disk full or a file size limit); free space and "
        "run the same command again (articles already stored are kept, the rest will be "
        "added)"]
    db = sqlite_utils.Database(seed_copy)
    stored = db["articles"].count
    assert 1 <= stored < 16
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_article_is_refused_alone(nlp, tmp_path, workers):
    # Before: a text past spaCy's max_length or "authors": 12 raised a traceback that ended
    # the batch, also with --workers 2; the good articles before and after were lost.
    lines = [
        {"text": "The council approved the harbour plan on Monday, the mayor said."},
        {"text": "Officials said the budget grew. " * (MAX_ARTICLE_CHARS // 32 + 1)},
        {"text": "Critics said the plan was rushed.", "authors": 12},
        {"text": "Residents said the river rose two metres last winter, the report said."},
    ]
    source = tmp_path / "batch.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    db = open_db(tmp_path / "c.db")
    summary = ingest([str(source)], db, nlp, jsonl=True, workers=workers)
    assert summary.inserted == [f"{source}:1", f"{source}:4"]
    length = len(lines[1]["text"].strip())
    assert summary.refused == [
        f"{source}:2: article too long ({length:,} characters > 200,000); split it into parts",
        f'{source}:3: "authors" must be a string or a list of strings',
    ]


def test_the_size_limit_is_the_one_the_docs_state():
    from conftest import ROOT

    assert MAX_ARTICLE_CHARS == 200_000
    for doc in ("README.md", "docs/cleaning.md"):
        words = " ".join((ROOT / doc).read_text(encoding="utf-8").replace("**", "").split())
        assert "200,000 characters" in words, doc


def test_remove_if_unused_keeps_a_database_another_connection_has_open(tmp_path):
    path = tmp_path / "c.db"
    mine = open_db(path)
    other = open_db(path)  # another run, about to write
    assert database.remove_if_unused(mine, path) is False
    assert path.exists()
    other.close()
    assert database.remove_if_unused(open_db(path), path) is True
    assert not path.exists()


def test_a_database_holding_articles_is_never_removed(seed_copy, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(seed_copy, path)
    assert database.remove_if_unused(open_db(path), path) is False
    assert sqlite_utils.Database(path)["articles"].count == 1
