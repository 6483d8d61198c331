"""benchmarks/scale_db.py builds its large database from copies of annotated articles: the
copies must be distinct articles with exact offsets, share nothing the store could change,
and grow the registry only through their permuted names."""

import copy
import importlib.util
import sys
from pathlib import Path

from claimtrack.cleaning import clean
from claimtrack.extract import article_rows
from claimtrack.readers import iter_inputs
from claimtrack.store import KnownNames, open_db, save_article

ROOT = Path(__file__).resolve().parent.parent


def load_scale_db():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("scale_db", ROOT / "benchmarks" / "scale_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_copies_are_distinct_exact_and_leave_their_original_alone(nlp, tmp_path):
    bench = load_scale_db()
    path = sorted((ROOT / "corpus").glob("*.txt"))[0]
    article = clean(next(iter(iter_inputs([str(path)]))))
    rows = article_rows(article, nlp(article.text))
    assert rows.sources and rows.entities
    before = copy.deepcopy(rows)
    db = open_db(tmp_path / "scale.db")
    known = KnownNames()
    sources = []
    for n, cipher_number in [(1, None), (2, 7), (3, 7), (4, 8)]:
        assert save_article(db, bench.varied(rows, n, cipher_number), known=known) == "inserted"
        sources.append(db["sources"].count)
    assert rows == before  # the store changed nothing the copies share with the original
    assert db["articles"].count == 4
    for text, start, end, claim in db.execute(
            "select articles.text, claims.start, claims.[end], claims.text from claims "
            "join articles on articles.id = claims.article_id"):
        assert text[start:end] == claim
    # Copy 3 reuses copy 2's cipher: only its vague groups ("critics") are new, as each
    # article's group is its own; copy 4's names are all new.
    groups = sum(s["kind"] == "group" for s in rows.sources)
    assert sources[2] - sources[1] == groups
    assert sources[3] - sources[2] == sources[1] - sources[0] > groups
    assert {r[0] for r in db.execute("select name from sources")} >= {
        s["name"] for s in rows.sources}


def test_report_tables():
    bench = load_scale_db()
    text = bench.report(
        [{"merge_into_articles": 1000, "sources": 16000, "merge_ms_per_article": 20.5,
          "merge_cpu_ms_per_article": 18.0, "merge_articles_per_s": 48.8}],
        [{"articles": 5000, "sources": 80000, "save_ms_per_article": 11.0,
          "cpu_ms_per_article": 10.2, "articles_per_s": 90.9, "rss_mb": 900.0}],
        {"articles": 5000, "claims": 585000, "sources": 80000, "finish_s": 12.0,
         "known_names_cold_load_s": 30.5, "db_bytes": 2**30, "kb_per_article": 209.7})
    assert "| 1,000 articles | 16,000 | 20.5 | 18.0 | 48.8 |" in text
    assert "| 5,000 | 80,000 | 11.0 | 10.2 | 90.9 | 900.0 |" in text
    assert "5,000 articles, 585,000 claims, 80,000 sources; 1.00 GiB, 209.7 KB" in text
