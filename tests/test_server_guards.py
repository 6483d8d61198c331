"""`claimtrack serve` holds against heavy queries, POSTs, missing pages, empty searches and
read-only files (server_guards.py and the serve command)."""

from __future__ import annotations

import hashlib
import json
import os
import time

import httpx
import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from claimtrack import database
from claimtrack.cli import cli
from claimtrack.publish import metadata_dict
from claimtrack.server_guards import MAX_VALUE_BYTES
from publish_fixtures import ARTICLE_ID, build_db


@pytest.fixture
def db_path(tmp_path):
    return build_db(tmp_path / "claims.db")


@pytest.fixture
async def ds(db_path):
    datasette = Datasette([str(db_path)], metadata=metadata_dict("claims"))
    await datasette.invoke_startup()
    return datasette


async def test_a_huge_value_fails_fast_with_a_clear_message(ds):
    # Before: 6.5 s and 2.6 GB for one request, despite the time limit.
    started = time.monotonic()
    response = await ds.client.get(
        "/claims.json?sql=select+length(hex(zeroblob(499999999)))")
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert response.json()["error"] == "string or blob too big"
    # Values up to the cap still work.
    ok = await ds.client.get(
        f"/claims.json?sql=select+length(zeroblob({MAX_VALUE_BYTES}))&_shape=array")
    assert ok.status_code == 200 and ok.json() == [{f"length(zeroblob({MAX_VALUE_BYTES}))":
                                                     MAX_VALUE_BYTES}]


async def test_a_missing_article_is_a_404_without_a_traceback(ds, capfd):
    # Before: each request wrote a 14 KB traceback with local variables to the log.
    response = await ds.client.get("/-/article/no-such-article")
    assert response.status_code == 404
    assert "No article with id no-such-article" in response.text
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and len(out + err) < 500


@pytest.mark.parametrize("path", ["/claims/claims", "/claims/claims/1", "/claims/sources.json",
                                  f"/-/article/{ARTICLE_ID}", "/-/claimtrack/article.css",
                                  "/claims/claims_with_sources"])
async def test_post_to_a_read_only_page_is_405(ds, path):
    # Before: a 500 ("You may only POST to a canned query") or the page itself.
    response = await ds.client.post(path, data={"x": "1"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert (await ds.client.get(path)).status_code == 200


async def test_an_empty_search_shows_every_row(ds, db_path):
    # Before: 400 "fts5: syntax error" on the full-text-indexed claims table.
    total = sqlite_utils.Database(db_path)["claims"].count
    for query in ("_search=", "_search=%20%20", "_search_text="):
        response = await ds.client.get(f"/claims/claims.json?_shape=array&{query}")
        assert response.status_code == 200, (query, response.text[:200])
        assert len(response.json()) == total
    found = await ds.client.get("/claims/claims.json?_shape=array&_search=signatures")
    assert 0 < len(found.json()) < total


def fingerprint(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def served(monkeypatch):
    """Run `claimtrack serve` up to the point of listening; returns the app it would serve."""
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: apps.append(app))

    def serve(db_path):
        result = CliRunner().invoke(cli, ["serve", "--db", str(db_path)])
        return result, (apps[-1] if apps else None)

    return serve


def writable_only_outside(folder, monkeypatch):
    """Pretend ``folder`` is on read-only media (tests run as root, which writes anyway)."""
    real_access = os.access

    def access(path, mode, **kwargs):
        if mode & os.W_OK and str(path).startswith(str(folder)):
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)


async def test_a_read_only_database_is_served_immutable(db_path, served, monkeypatch):
    # Before: "attempt to write a readonly database" (serve migrated the file first).
    writable_only_outside(db_path.parent, monkeypatch)
    before = fingerprint(db_path.parent)
    result, app = served(db_path)
    assert result.exit_code == 0, result.output
    assert "(read-only)" in result.output
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://localhost") as client:
        response = await client.get("/claims/articles.json?_shape=array")
        assert response.status_code == 200 and len(response.json()) == 2
        page = await client.get(f"/-/article/{ARTICLE_ID}")
        assert page.status_code == 200
    assert fingerprint(db_path.parent) == before  # no -wal, no -shm, no change


def test_a_wal_database_with_changes_on_read_only_media_says_what_to_do(tmp_path, served,
                                                                        monkeypatch):
    path = tmp_path / "claims.db"
    writer = database.connect(path)
    writer.enable_wal()
    writer.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the rows in the -wal file
    from claimtrack.schema import ensure_schema

    database.claim(writer, ensure_schema, path)
    writable_only_outside(tmp_path, monkeypatch)
    result, app = served(path)
    writer.close()
    assert result.exit_code == 1 and app is None
    assert result.output == (
        f"Error: {path}: a WAL database with unsaved changes in claims.db-wal on a read-only "
        "medium; copy both files to a writable folder and serve the copy (or run "
        "`sqlite3 claims.db 'PRAGMA journal_mode=delete'` where it is writable)\n")


def test_serve_never_writes_to_a_writable_database(db_path, served):
    before = fingerprint(db_path.parent)
    result, app = served(db_path)
    assert result.exit_code == 0 and app is not None
    assert fingerprint(db_path.parent) == before


def test_serve_refuses_an_older_database_and_upgrade_brings_it_up_to_date(db_path, served):
    # What a database from before the review features looks like: no corrections table,
    # no views built on it, no claim search index, the backfill migration not yet run.
    db = sqlite_utils.Database(db_path)
    for view in ("checked_claims_with_sources", "source_track_record"):
        db[view].drop()
    db["corrections"].drop()
    db["claims_search_fts"].drop()
    db["source_names_fts"].drop()  # and no index of source names
    for trigger in ("insert", "delete", "update"):
        db.execute(f"drop trigger source_names_{trigger}")
    db.execute("delete from _sqlite_migrations")
    db.conn.commit()
    db.close()
    before = fingerprint(db_path.parent)
    result, app = served(db_path)
    assert result.exit_code == 1 and app is None
    assert result.output == (
        f"Error: {db_path}: made by an older claimtrack (no table corrections, view "
        "source_track_record, view checked_claims_with_sources, table claims_search_fts "
        f"and 4 more); bring it up to date with `claimtrack upgrade --db {db_path}` (stored "
        "articles, claims and verdicts are kept)\n")
    assert fingerprint(db_path.parent) == before  # serve wrote nothing
    with pytest.MonkeyPatch.context() as patch:  # the same file on read-only media
        writable_only_outside(db_path.parent, patch)
        result, app = served(db_path)
    assert result.exit_code == 1 and app is None
    assert result.output.endswith(
        "and 4 more); it is read-only here: copy it to a writable folder and bring it up to "
        "date with `claimtrack upgrade --db COPY` (stored articles, claims and verdicts are "
        "kept)\n")

    upgraded = CliRunner().invoke(cli, ["upgrade", "--db", str(db_path)])
    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.stderr == (
        f"{db_path}: added table corrections, view source_track_record, view "
        "checked_claims_with_sources, table claims_search_fts, table source_names_fts, "
        "migration m001_backfill_attribution_article_ids, migration "
        "m002_backfill_source_counts, migration m003_drop_covered_foreign_key_indexes, "
        "migration m004_backfill_source_names\n")
    db = sqlite_utils.Database(db_path)
    assert db["corrections"].exists() and db["claims_search_fts"].count == db["claims"].count
    # Every source is found by its index of names, by name and by alias.
    for row in db["sources"].rows:
        for name in [row["name"], *json.loads(row["aliases"] or "[]")]:
            assert row["id"] in [r[0] for r in db.execute(
                "select rowid from source_names_fts where name like '%' || ? || '%' union "
                "select rowid from source_names_fts where aliases like '%' || ? || '%'",
                [name, name])], name
    assert db["articles"].get(ARTICLE_ID)["id"] == ARTICLE_ID
    db.close()
    again = CliRunner().invoke(cli, ["upgrade", "--db", str(db_path)])
    assert again.exit_code == 0 and again.stderr == f"{db_path}: already up to date\n"
    result, app = served(db_path)
    assert result.exit_code == 0 and app is not None
