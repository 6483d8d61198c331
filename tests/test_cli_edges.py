"""The commands as a hostile user meets them: output piped into a reader that goes away, blank
arguments, an empty reviewers file, ambiguous article names without titles."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimtrack.articles import ArticleNotFound, resolve_article
from claimtrack.cli import cli
from factcheck_fixtures import ARTICLE_ID, build_db


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def db_path(tmp_path):
    build_db(tmp_path / "claims.db").close()
    return tmp_path / "claims.db"


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["show", ARTICLE_ID],
                                     ["articles"]])
def test_a_closed_pipe_ends_the_command_quietly(db_path, command):
    """`claimtrack export | head -1`: the reader leaves early; no error line, exit 1."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        done = subprocess.run([sys.executable, "-m", "claimtrack", *command,
                               "--db", str(db_path)], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == ""


@pytest.mark.parametrize("text", ["", "   "])
def test_match_refuses_blank_text(db_path, text):
    result = run("match", text, "--db", str(db_path))
    assert result.exit_code == 2
    assert "TEXT is empty: give the claim's words, or --claim ID" in result.output


def test_serve_refuses_a_reviewers_file_with_no_reviewers(db_path, tmp_path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append(args))
    empty = tmp_path / "reviewers.txt"
    empty.write_text("# nobody yet\n\n", encoding="utf-8")
    result = run("serve", "--db", str(db_path), "--reviewers", str(empty))
    assert result.exit_code == 1 and started == []
    assert result.output == (
        f"Error: {empty}: no reviewers in it (add one with `claimtrack reviewer NAME --file "
        "FILE`), so nobody could sign in\n")


def test_an_ambiguous_name_lists_untitled_articles_as_untitled(db_path):
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    untitled = dict(db["articles"].get(ARTICLE_ID), id=f"{ARTICLE_ID}-2", title=None,
                    sha256="c" * 64)
    db["articles"].insert(untitled)
    with pytest.raises(ArticleNotFound) as refused:
        resolve_article(db, "camps")
    assert str(refused.value) == (
        f"'camps' matches 2 articles: {ARTICLE_ID} (Camps, trade and a border); "
        f"{ARTICLE_ID}-2 (untitled)")


@pytest.mark.parametrize("target", ["{db}", "./{name}", "{db}-wal", "other.db"])
def test_export_never_overwrites_a_database(db_path, tmp_path, target):
    """`export -o claims.db --db claims.db` (a typo) once replaced the database with CSV."""
    import sqlite_utils

    sqlite_utils.Database(tmp_path / "other.db")["t"].insert({"x": 1})
    (tmp_path / "claims.db-wal").write_bytes(b"")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    output = target.format(db=db_path, name=db_path.name)
    if not os.path.isabs(output):
        output = str(tmp_path / output)
    result = run("export", "--format", "csv", "-o", output, "--db", str(db_path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {os.path.basename(output)}: is ")
    assert len(result.output.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_export_still_replaces_an_earlier_export(db_path, tmp_path):
    out = tmp_path / "claims.csv"
    out.write_text("an earlier export\n", encoding="utf-8")
    assert run("export", "--format", "csv", "-o", str(out), "--db", str(db_path)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("claim_id,article_id,")
