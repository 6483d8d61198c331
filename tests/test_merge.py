"""claimtrack merge: shard databases replayed through the store into one database."""

import json
import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner

from claimtrack import schema
from claimtrack.cli import cli
from claimtrack.corrections import save_correction
from claimtrack.ingest import ingest
from claimtrack.merge import carried_tables, merge
from claimtrack.schema import Column, Table
from claimtrack.store import open_db
from claimtrack.verdicts import add_verdict
from conftest import SEED
from shard_fixtures import comparable, write_articles

N_ARTICLES = 24


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bundled article and 24 generated ones."""
    directory = tmp_path_factory.mktemp("corpus")
    return [str(p) for p in write_articles(directory, N_ARTICLES)] + [str(SEED)]


def ingest_into(nlp, path, inputs):
    db = open_db(path)
    summary = ingest(inputs, db, nlp)
    assert summary.ok, summary.refused
    return db


@pytest.fixture(scope="module")
def single(nlp, corpus, tmp_path_factory):
    """One single-process ingest of the whole corpus."""
    return ingest_into(nlp, tmp_path_factory.mktemp("single") / "single.db", corpus)


@pytest.fixture(scope="module")
def shards(nlp, corpus, tmp_path_factory):
    """The corpus in three interleaved shards (so every shard sees only part of the
    registry), each ingested into its own file."""
    directory = tmp_path_factory.mktemp("shards")
    paths = []
    for k in range(3):
        path = directory / f"shard-{k}.db"
        ingest_into(nlp, path, corpus[k::3]).close()
        paths.append(path)
    return paths


def test_merged_shards_equal_one_single_process_ingest(single, shards, tmp_path):
    target = open_db(tmp_path / "merged.db")
    summary = merge(shards, target)
    assert summary.ok and len(summary.merged) == 3
    assert summary.inserted == N_ARTICLES + 1 and summary.duplicates == 0
    got, want = comparable(target), comparable(single)
    assert got.keys() == want.keys()
    for table in want:
        assert got[table] == want[table], table
    # Claim ids were renumbered into one sequence; the full-text index covers every claim.
    ids = [r[0] for r in target.execute("select id from claims order by id")]
    assert ids == list(range(1, len(ids) + 1))
    assert target.execute("select count(*) from claims_fts").fetchone()[0] == len(ids)
    hits = target.execute("select count(*) from claims_fts where claims_fts match 'Okafor'"
                          ).fetchone()[0]
    assert hits == single.execute("select count(*) from claims where text like '%Okafor%'"
                                  ).fetchone()[0] > 0


def test_sources_resolve_across_shards(nlp, tmp_path):
    # Articles 0, 3, 6 name "HRW", articles 1, 2, 4 "Human Rights Watch": one shard each.
    stories = tmp_path / "in"
    paths = [str(p) for p in write_articles(stories, 7)]
    acronym = ingest_into(nlp, tmp_path / "a.db", [paths[0], paths[3], paths[6]])
    full = ingest_into(nlp, tmp_path / "b.db", [paths[1], paths[2], paths[4]])
    assert [r["name"] for r in acronym["sources"].rows_where("name = 'HRW'")] == ["HRW"]
    assert not list(acronym["sources"].rows_where("name = 'Human Rights Watch'"))
    assert list(full["sources"].rows_where("name = 'Human Rights Watch'"))
    target = open_db(tmp_path / "merged.db")
    merge([tmp_path / "a.db", tmp_path / "b.db"], target)
    rows = [r for r in target["sources"].rows
            if "HRW" in r["name"] + r["aliases"] or "Human Rights" in r["name"] + r["aliases"]]
    assert len(rows) == 1
    assert {rows[0]["name"], *json.loads(rows[0]["aliases"])} == {
        "HRW", "Human Rights Watch"}
    articles = {r[0] for r in target.execute(
        "select article_id from attributions where source_id = ?", [rows[0]["id"]])}
    assert len(articles) == 6
    # Two people sharing a surname stay two.
    okafors = {r["name"] for r in target["sources"].rows_where("name like '% Okafor'")}
    assert okafors == {"Maria Okafor", "Daniel Okafor"}


def test_merge_into_a_database_holding_some_articles_carries_verdicts(nlp, tmp_path):
    paths = [str(p) for p in write_articles(tmp_path / "in", 8)]
    target = ingest_into(nlp, tmp_path / "target.db", paths[:5])
    shard = ingest_into(nlp, tmp_path / "shard.db", paths[3:])  # 3 and 4 are in both

    def claim(db, number, words):
        row = db.execute(
            "select claims.id, claims.text from claims join articles on "
            "articles.id = claims.article_id where articles.path = ? and claims.text like ?",
            [paths[number], f"%{words}%"]).fetchone()
        assert row, (number, words)
        return row

    # A verdict on a claim of an article both hold (the target already has it, too) and one
    # on an article only the shard has.
    both_id, both_text = claim(shard, 3, "were affected")
    new_id, new_text = claim(shard, 6, "lost $")
    add_verdict(shard, both_id, "Mostly true", reviewer="Desk A")
    add_verdict(target, claim(target, 3, "were affected")[0], "Mostly true", reviewer="Desk A")
    add_verdict(shard, new_id, "False", reviewer="Desk B", note="Budget shows $1 million.")
    shard.close()
    before = target.execute("select count(*) from claims").fetchone()[0]

    summary = merge([tmp_path / "shard.db"], target)
    assert (summary.inserted, summary.duplicates) == (3, 2)
    assert target.execute("select count(*) from articles").fetchone()[0] == 8
    assert target.execute("select count(distinct sha256) from articles").fetchone()[0] == 8
    added = sum(len(list(shard_db.query("select id from claims where article_id = ?", [a])))
                for shard_db in [sqlite_utils.Database(tmp_path / "shard.db")]
                for a in [r[0] for r in shard_db.execute(
                    "select id from articles where path in (?, ?, ?)", paths[5:])])
    assert target.execute("select count(*) from claims").fetchone()[0] == before + added
    verdicts = [(r["claim"], r["rating"], r["reviewer"], r["note"]) for r in target.query(
        "select claims.text as claim, rating, reviewer, note from verdicts "
        "join claims on claims.id = verdicts.claim_id order by verdicts.id")]
    # The identical verdict the target already held is not copied again.
    assert verdicts == [(both_text, "Mostly true", "Desk A", None),
                        (new_text, "False", "Desk B", "Budget shows $1 million.")]
    assert summary.carried == {"verdicts": 1}

    # The same shard again, or a copy of it under another name, is not merged twice.
    shutil.copy(tmp_path / "shard.db", tmp_path / "copy.db")
    again = merge([tmp_path / "shard.db", tmp_path / "copy.db"], target)
    assert again.merged == [] and len(again.already_merged) == 2
    assert target.execute("select count(*) from verdicts").fetchone()[0] == 2
    assert [r["articles"] for r in target["merged_shards"].rows] == [5]


def test_carried_tables_follow_the_schema_foreign_keys(monkeypatch):
    reviews = Table("reviews", "Reviews of claims.", (
        Column("id", int, "Id."), Column("claim_id", int, "The claim."),
        Column("text", str, "The review.")), foreign_keys=(("claim_id", "claims", "id"),))
    elsewhere = Table("notes", "Notes on something the merge cannot remap.", (
        Column("id", int, "Id."), Column("other_id", int, "Elsewhere.")),
        foreign_keys=(("other_id", "elsewhere", "id"),))
    monkeypatch.setattr(schema, "TABLES", (*schema.TABLES, reviews, elsewhere))
    # Derived tables (claim_matches, figure_conflict_pairs) are found again, never copied.
    assert [t.name for t in carried_tables()] == ["verdicts", "corrections", "reviews"]


def test_a_new_table_hanging_off_claims_is_carried(nlp, tmp_path, monkeypatch):
    reviews = Table("reviews", "Reviews of claims.", (
        Column("id", int, "Id."), Column("claim_id", int, "The claim."),
        Column("text", str, "The review.")), foreign_keys=(("claim_id", "claims", "id"),))
    monkeypatch.setattr(schema, "TABLES", (*schema.TABLES, reviews))
    paths = [str(p) for p in write_articles(tmp_path / "in", 2)]
    shard = ingest_into(nlp, tmp_path / "shard.db", paths)
    claim_id, text = shard.execute("select id, text from claims where text like '%percent%' "
                                   "order by id desc").fetchone()
    shard["reviews"].insert({"claim_id": claim_id, "text": "It was 5 percent."})
    shard.close()
    target = ingest_into(nlp, tmp_path / "target.db", paths[1:])  # claim ids now differ
    merge([tmp_path / "shard.db"], target)
    rows = list(target.query("select claims.text as claim, reviews.text from reviews "
                             "join claims on claims.id = reviews.claim_id"))
    assert rows == [{"claim": text, "text": "It was 5 percent."}]


def test_corrections_are_carried_with_their_claim_source_and_figure(nlp, tmp_path):
    paths = [str(p) for p in write_articles(tmp_path / "in", 2)]
    shard = ingest_into(nlp, tmp_path / "shard.db", paths)
    claim_id, figure_id, figure_text = shard.execute(
        "select claim_id, id, text from figures order by id desc").fetchone()
    # a named source (a group such as "critics" is each article's own, never resolved)
    source_id, source = shard.execute(
        "select id, name from sources where kind != 'group' order by id").fetchone()
    save_correction(shard, claim_id, "figure_wrong", figure_id=figure_id, reviewer="Desk A")
    save_correction(shard, claim_id, "add_source", source_id=source_id, reviewer="Desk A")
    claim_text = shard.execute("select text from claims where id = ?", [claim_id]).fetchone()[0]
    shard.close()
    target = ingest_into(nlp, tmp_path / "target.db", paths[1:])  # ids now differ
    summary = merge([tmp_path / "shard.db"], target)
    assert summary.carried == {"corrections": 2}
    rows = list(target.query(
        "select corrections.action, claims.text as claim, figures.text as figure, "
        "sources.name as source from corrections "
        "join claims on claims.id = corrections.claim_id "
        "left join figures on figures.id = corrections.figure_id "
        "left join sources on sources.id = corrections.source_id order by corrections.id"))
    # The source is the target registry's row for it ("HRW" joins "Human Rights Watch").
    target_source = next(r["name"] for r in target["sources"].rows
                         if r["name"] == source or source in json.loads(r["aliases"] or "[]"))
    assert rows == [
        {"action": "figure_wrong", "claim": claim_text, "figure": figure_text, "source": None},
        {"action": "add_source", "claim": claim_text, "figure": None, "source": target_source},
    ]


def test_cli_merge_refuses_what_is_not_a_shard_and_merges_the_rest(shards, tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database at all, just some text " * 20)
    out = tmp_path / "out.db"
    result = CliRunner().invoke(cli, ["merge", str(shards[0]), str(bogus),
                                      str(tmp_path / "missing.db"), "--db", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == f"Error: {bogus}: not a claimtrack database (file is not a database)"
    assert lines[1] == f"Error: {tmp_path / 'missing.db'}: no such shard database"
    assert lines[2].startswith("merged 1 shard(s), skipped 0 already merged, refused 2: ")
    assert sqlite_utils.Database(out)["articles"].count == sqlite_utils.Database(
        shards[0])["articles"].count
    # Nothing to merge into a new file: no empty database is left behind.
    result = CliRunner().invoke(cli, ["merge", str(bogus), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and not (tmp_path / "x.db").exists()
