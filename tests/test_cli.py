import sqlite_utils
from click.testing import CliRunner

from claimtrack import __version__
from claimtrack.cli import cli
from conftest import SEED


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def article_count(db_path):
    return sqlite_utils.Database(db_path)["articles"].count


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_every_command_has_help():
    assert {"ingest", "serve", "metadata", "verdict", "verdicts", "export", "show"} <= set(
        cli.commands)
    for command in cli.commands:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert f"Usage: cli {command}" in result.output or f"{command} [OPTIONS]" in (
            result.output), command
        if command not in ("metadata", "reviewer"):  # write a file, touch no database
            assert "--db" in result.output, command


def test_ingest_seed_then_again_changes_nothing(nlp, tmp_path):
    db_path = tmp_path / "c.db"
    first = run("ingest", str(SEED), "--db", str(db_path))
    assert first.exit_code == 0, first.output
    assert "ingested 1" in first.output
    db = sqlite_utils.Database(db_path)
    before = {t: list(db[t].rows) for t in db.table_names()}
    (article_id, title), = db.execute("select id, title from articles").fetchall()
    assert f"{article_id}  {title}\n" in first.output  # the id show/export/the page take
    second = run("ingest", str(SEED), "--db", str(db_path))
    assert second.exit_code == 0 and "skipped 1 duplicate" in second.output
    assert article_id not in second.output  # nothing stored, nothing listed
    assert {t: list(db[t].rows) for t in db.table_names()} == before
    third = run("ingest", str(SEED), "--db", str(db_path), "--replace",
                "--server", "http://127.0.0.1:8001/")
    assert f"{article_id}  {title}  http://127.0.0.1:8001/-/article/{article_id}\n" in (
        third.output)


def test_missing_file_is_a_one_line_error_naming_it(tmp_path):
    db_path = tmp_path / "c.db"
    result = run("ingest", str(tmp_path / "nope.txt"), "--db", str(db_path))
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "nope.txt" in errors[0]
    assert "Traceback" not in result.output
    assert not db_path.exists(), "a run that stored nothing leaves no database behind"


def test_empty_binary_and_undecodable_files_are_refused(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00\x00" * 50)
    db_path = tmp_path / "c.db"
    for name, word in (("empty.txt", "empty"), ("binary.txt", "binary")):
        result = run("ingest", str(tmp_path / name), "--db", str(db_path))
        assert result.exit_code == 1
        assert name in result.output and word in result.output.lower()
    assert not db_path.exists()


def test_batch_continues_past_a_bad_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Water rates rise\n\nThe city council voted on Tuesday to raise water rates by 4 percent, "
        "according to the city's budget office. The increase takes effect in March.\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "c.db"
    result = run("ingest", str(tmp_path / "missing.txt"), str(good), "--db", str(db_path))
    assert result.exit_code == 1
    assert "ingested 1" in result.output and "refused 1" in result.output
    assert article_count(db_path) == 1


def test_ingest_from_stdin(tmp_path):
    db_path = tmp_path / "c.db"
    text = ("Bridge reopens\n\nThe Old Mill bridge reopened on Monday after repairs that cost "
            "$2.5 million, officials said.\n")
    result = run("ingest", "-", "--db", str(db_path), input=text)
    assert result.exit_code == 0, result.output
    row = next(sqlite_utils.Database(db_path)["articles"].rows)
    assert row["path"] == "-" and "Old Mill bridge" in row["text"]


def test_serve_refuses_a_missing_database(tmp_path):
    result = run("serve", "--db", str(tmp_path / "none.db"))
    assert result.exit_code != 0 and "none.db" in result.output


def test_a_page_of_furniture_only_is_refused(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
                    "</body></html>", encoding="utf-8")
    db_path = tmp_path / "c.db"
    result = run("ingest", str(page), "--db", str(db_path))
    assert result.exit_code == 1
    assert "menu.html" in result.output and "no article text" in result.output
    assert not db_path.exists()
