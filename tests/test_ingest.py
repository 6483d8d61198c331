"""The ingest job: transactions, idempotency, --replace, batches past failures, workers."""

import sqlite_utils
from click.testing import CliRunner

from claimtrack import store
from claimtrack.cli import cli
from claimtrack.ingest import ingest
from claimtrack.store import open_db
from claimtrack.verdicts import add_verdict, list_verdicts

ARTICLE_A = """Water rates rise

The city council voted on Tuesday to raise water rates by 4 percent. According to Human Rights \
Watch, the city cut off water to 1,200 homes last year.

"We had no choice," the mayor, Jane Porter, said. Porter added that the utility lost $3 million."""

ARTICLE_B = """Drought hits farms

Farmers lost about 30 percent of their harvest this summer, according to Human Rights Watch. \
The state said it would send aid."""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def dump(db):
    return {t: list(db[t].rows) for t in db.table_names() if not t.endswith(
        ("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config"))}


def test_sources_are_shared_across_articles(nlp, tmp_path):
    db = open_db(tmp_path / "c.db")
    summary = ingest([write(tmp_path, "a.txt", ARTICLE_A), write(tmp_path, "b.txt", ARTICLE_B)],
                     db, nlp)
    assert len(summary.inserted) == 2
    hrw = list(db["sources"].rows_where("name = ?", ["Human Rights Watch"]))
    assert len(hrw) == 1
    articles = {r["article_id"] for r in db["attributions"].rows_where(
        "source_id = ?", [hrw[0]["id"]])}
    assert len(articles) == 2


def test_replace_rewrites_one_article_and_keeps_shared_sources_and_verdicts(nlp, tmp_path):
    db = open_db(tmp_path / "c.db")
    a, b = write(tmp_path, "a.txt", ARTICLE_A), write(tmp_path, "b.txt", ARTICLE_B)
    ingest([a, b], db, nlp)
    claim = next(db["claims"].rows_where("text like ?", ["%1,200 homes%"]))
    add_verdict(db, claim["id"], "Mostly true", reviewer="Desk")
    b_rows_before = dump(db)["attributions"]
    summary = ingest([a], db, nlp, replace=True)
    assert len(summary.replaced) == 1
    assert db["articles"].count == 2
    # The other article's rows are untouched; the shared source is still one row.
    assert [r for r in dump(db)["attributions"] if r["article_id"] != claim["article_id"]] == [
        r for r in b_rows_before if r["article_id"] != claim["article_id"]]
    assert db["sources"].count_where("name = ?", ["Human Rights Watch"]) == 1
    # The verdict follows its claim to the claim's new row.
    new_claim = next(db["claims"].rows_where("text like ?", ["%1,200 homes%"]))
    assert [v["claim_id"] for v in list_verdicts(db)] == [new_claim["id"]]


def test_a_crash_mid_article_leaves_earlier_articles_and_no_partial_rows(nlp, tmp_path,
                                                                          monkeypatch):
    db = open_db(tmp_path / "c.db")
    ingest([write(tmp_path, "a.txt", ARTICLE_A)], db, nlp)
    before = dump(db)
    real = store._reattach_verdicts

    def crash(*args, **kwargs):  # fails after claims, sources and figures were written
        real(*args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_reattach_verdicts", crash)
    try:
        ingest([write(tmp_path, "b.txt", ARTICLE_B)], db, nlp)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the simulated crash did not happen")
    assert dump(db) == before


def test_same_text_under_two_names_is_ingested_once(nlp, tmp_path):
    db = open_db(tmp_path / "c.db")
    summary = ingest([write(tmp_path, "a.txt", ARTICLE_A), write(tmp_path, "copy.txt",
                                                               ARTICLE_A)], db, nlp)
    assert len(summary.inserted) == 1 and len(summary.duplicates) == 1


def test_two_workers_give_the_same_rows_as_one(nlp, tmp_path):
    paths = [write(tmp_path, "a.txt", ARTICLE_A), write(tmp_path, "b.txt", ARTICLE_B)]
    results = []
    for workers in (1, 2):
        db = open_db(tmp_path / f"w{workers}.db")
        assert ingest(paths, db, nlp, workers=workers).ok
        results.append([(r["text"], r["kind"]) for r in db["claims"].rows]
                       + [(r["cue"], r["mode"]) for r in db["attributions"].rows])
    assert results[0] == results[1]


def test_database_uses_wal_so_serve_can_read_while_ingest_writes(tmp_path):
    db = open_db(tmp_path / "c.db")
    assert db.journal_mode == "wal"


def test_ingest_commits_without_fsync_in_wal_and_restores_the_connection(nlp, tmp_path):
    # WAL + synchronous=NORMAL while ingest writes (1), the connection's own level after
    db = open_db(tmp_path / "c.db")
    before = db.execute("PRAGMA synchronous").fetchone()[0]
    during = []
    ingest([write(tmp_path, "a.txt", ARTICLE_A)], db, nlp,
           on_article=lambda path, outcome: during.append(
               db.execute("PRAGMA synchronous").fetchone()[0]))
    assert during == [1]
    assert db.execute("PRAGMA synchronous").fetchone()[0] == before == 2


def test_quiet_ingest_prints_nothing_on_success(nlp, tmp_path):
    db_path = tmp_path / "c.db"
    result = CliRunner().invoke(cli, ["ingest", "--quiet", write(tmp_path, "a.txt", ARTICLE_A),
                                      "--db", str(db_path)])
    assert result.exit_code == 0 and result.output == ""
    assert sqlite_utils.Database(db_path)["articles"].count == 1


def test_an_error_in_the_nlp_stage_reaches_the_caller_and_keeps_earlier_articles(tmp_path):
    import pytest
    import spacy
    from spacy.language import Language

    @Language.component("claimtrack_test_explode")
    def explode(doc):
        if "EXPLODE" in doc.text:
            raise ValueError("component failed")
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("claimtrack_test_explode")
    db = open_db(tmp_path / "c.db")
    first = write(tmp_path, "a.txt", ARTICLE_A)
    second = write(tmp_path, "b.txt", ARTICLE_B.replace("Farmers", "EXPLODE farmers"))
    with pytest.raises(ValueError, match="component failed"):
        ingest([first, second], db, nlp, batch_size=1)
    assert [r["path"] for r in db["articles"].rows] == [first]
