"""Claim search (search.py) kept in sync by the store through ingest, --replace and source
enrichment, on articles run through the real pipeline."""

import json

from claimtrack import search
from claimtrack.ingest import ingest
from claimtrack.store import open_db

ARTICLE_A = """Harbour dredging resumes

The port authority will dredge the harbour again in March, according to Human Rights \
Watch. The group said fishermen were not consulted.

"Nobody asked us," said Tomas Varga, a fisherman in Rijeka. Varga said the catch fell by \
a third."""

ARTICLE_B = """Fishermen protest

About 200 fishermen marched through Rijeka on Sunday, Human Rights Watch said. \
Mr. Varga led the march."""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def search_rows(db):
    return {row["rowid"]: row["text"] for row in db.query(
        f"select rowid, text from [{search.SEARCH_TABLE}]")}


def find(db, words):
    return sorted(r[0] for r in db.execute(
        f"select rowid from [{search.SEARCH_TABLE}] where [{search.SEARCH_TABLE}] match ?",
        [words]))


def test_every_claim_has_one_search_row_through_ingest_and_replace(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    a, b = write(tmp_path, "a.txt", ARTICLE_A), write(tmp_path, "b.txt", ARTICLE_B)
    assert ingest([a, b], db, nlp).ok
    claims = {row["id"]: row["text"] for row in db.query("select id, text from claims")}
    assert search_rows(db) == claims
    assert ingest([a], db, nlp, replace=True).ok
    claims = {row["id"]: row["text"] for row in db.query("select id, text from claims")}
    assert search_rows(db) == claims  # no row left for the replaced claims


def test_claims_are_found_by_source_name_they_do_not_contain(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    assert ingest([write(tmp_path, "a.txt", ARTICLE_A)], db, nlp).ok
    said_by = {row["id"]: row["text"] for row in db.query(
        "select claims.id, claims.text from claims join attributions on "
        "attributions.claim_id = claims.id join sources on sources.id = attributions.source_id "
        "where sources.name = 'Human Rights Watch'")}
    without_name = [cid for cid, text in said_by.items() if "Rights" not in text]
    assert without_name, said_by  # "The group said ..." carries the source, not its name
    assert set(find(db, '"Human Rights Watch"')) >= set(said_by)
    assert set(find(db, "Rights")) >= set(without_name)


def test_a_new_alias_reaches_earlier_claims(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    assert ingest([write(tmp_path, "a.txt", ARTICLE_A)], db, nlp).ok
    source_id, = db.execute(
        "select id from sources where name = 'Human Rights Watch'").fetchone()
    assert find(db, "HRW") == []
    with db.atomic():
        db["sources"].update(source_id, {"aliases": json.dumps(["HRW"])})
        search.reindex_sources(db, [source_id])
    cited = sorted(r[0] for r in db.execute(
        "select claim_id from attributions where source_id = ?", [source_id]))
    assert find(db, "HRW") == cited
    assert sorted(search_rows(db)) == sorted(r[0] for r in db.execute("select id from claims"))


def test_an_older_database_gains_a_filled_search_table(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    assert ingest([write(tmp_path, "a.txt", ARTICLE_A)], db, nlp).ok
    db[search.SEARCH_TABLE].drop()
    db.close()
    db = open_db(tmp_path / "claims.db")
    assert search_rows(db) == {r["id"]: r["text"] for r in db.query("select id, text from claims")}
