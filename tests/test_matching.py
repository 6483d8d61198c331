"""Claim matching: blockers, scores, claim_matches from both sides, `claimtrack match`, the
evaluation set's precision/recall/MRR, and track records. Fresh sentences, real pipeline."""

import json

import pytest
from click.testing import CliRunner

from claimtrack import candidates, checked, matching
from claimtrack.cli import cli
from claimtrack.matching_eval import evaluate_pairs, store_text
from claimtrack.store import open_db
from claimtrack.verdicts import add_verdict
from matching_pairs import PAIRS

CHECKED = "Unemployment in Portugal fell to 6.2 percent in the second quarter, the bank said."
PARAPHRASE = "Portugal's jobless rate dropped to 6.2% in the second quarter, according to the bank."
OTHER_NUMBER = "Unemployment in Portugal fell to 16.2 percent in the second quarter, the bank said."


@pytest.fixture(scope="module")
def scores(nlp):
    return evaluate_pairs(nlp, PAIRS)


def test_evaluation_set_meets_targets(scores):
    assert len(PAIRS) >= 60
    assert scores.precision >= 0.9
    assert scores.recall >= 0.7
    assert scores.mrr >= 0.7
    assert scores.cross_pair_matches == 0


def test_near_misses_are_never_matches(scores):
    wrong_kinds = {kind for kind, _, _ in scores.errors}
    assert not wrong_kinds & {"number", "entity", "negation", "direction", "unrelated"}


@pytest.mark.parametrize(("checked_text", "new_text", "blocker"), [
    (pair[0], pair[1], kind) for pair in PAIRS for kind in [pair[2]] if kind == "number"
])
def test_a_number_near_miss_is_blocked(nlp, checked_text, new_text, blocker):
    db = open_db(":memory:")
    a = store_text(db, nlp, checked_text, "a")[0]
    b = store_text(db, nlp, new_text, "b")[0]
    features = checked.load_features(db, [a, b])
    comparison = matching.get_matcher().compare(features[b], features[a])
    assert not comparison.same
    assert any(reason.startswith(("different figure", "different numbers"))
               for reason in comparison.blockers), comparison


@pytest.mark.parametrize(("text", "negated"), [
    ("The ceasefire was not respected.", True),
    ("The ceasefire wasn't respected.", True),
    ("No country has signed the treaty.", True),
    ("The ceasefire was respected.", False),
    ("Not only farmers but also teachers joined the strike.", False),
    ("No fewer than 30 people were hurt.", False),
])
def test_negation(text, negated):
    assert matching.is_negated(text) is negated


def test_fts_query_quotes_user_text():
    assert candidates.fts_query(['say', 'he"s', "NEAR"]) == '"say" OR "he""s" OR "NEAR"'
    db = open_db(":memory:")
    db["claims"].insert({"id": 1, "article_id": None, "text": 'He said "AND" OR NEAR( x*'})
    add_verdict(db, 1, "False")
    features = matching.claim_features('AND OR NEAR( "x* he said')
    assert candidates.candidate_ids(db, features) == [1]


def _match_rows(db):
    return [{**row, "reasons": json.loads(row["reasons"])} for row in
            db.query("select claim_id, matched_claim_id, score, method, reasons "
                     "from claim_matches order by id")]


@pytest.mark.parametrize("verdict_first", [True, False])
def test_order_of_ingest_and_verdict_does_not_matter(nlp, verdict_first):
    db = open_db(":memory:")
    judged = store_text(db, nlp, CHECKED, "checked")[0]
    if verdict_first:
        add_verdict(db, judged, "Mostly true")
    new = store_text(db, nlp, PARAPHRASE, "new")[0]
    near = store_text(db, nlp, OTHER_NUMBER, "near")[0]
    if not verdict_first:
        assert _match_rows(db) == []
        add_verdict(db, judged, "Mostly true")
    rows = _match_rows(db)
    assert [(r["claim_id"], r["matched_claim_id"], r["method"]) for r in rows] == [
        (new, judged, "fuzzy")]
    assert near not in {r["claim_id"] for r in rows}
    assert rows[0]["score"] >= matching.SAME_CLAIM_THRESHOLD
    assert "shared entities: Portugal" in rows[0]["reasons"]
    assert any(r.startswith("same figure: 6.2") for r in rows[0]["reasons"])
    found = checked.checked_before(db, [new, near])
    assert list(found) == [new]
    assert found[new][0]["rating"] == "Mostly true"
    assert found[new][0]["matched_claim_id"] == judged
    view = list(db.query("select claim_id, matched_claim_id, rating from claims_checked_before"))
    assert view == [{"claim_id": new, "matched_claim_id": judged, "rating": "Mostly true"}]


def test_replacing_an_article_finds_its_matches_again(nlp, tmp_path):
    from claimtrack.cleaning import Article
    from claimtrack.extract import article_rows
    from claimtrack.store import save_article

    db = open_db(":memory:")
    judged = store_text(db, nlp, CHECKED, "checked")[0]
    add_verdict(db, judged, "False")
    store_text(db, nlp, PARAPHRASE, "new")
    article = Article(title="checked", authors=[], publication=None, published=None, url=None,
                      path="checked", text=CHECKED)
    assert save_article(db, article_rows(article, nlp(CHECKED)), replace=True) == "replaced"
    rows = _match_rows(db)
    rejudged = db.execute("select claim_id from verdicts").fetchone()[0]
    assert rejudged != judged
    assert [r["matched_claim_id"] for r in rows] == [rejudged]


def test_match_command_prints_ranked_matches_with_verdicts(nlp, tmp_path):
    path = tmp_path / "claims.db"
    db = open_db(path)
    judged = store_text(db, nlp, CHECKED, "checked")[0]
    add_verdict(db, judged, "Mostly true", url="https://example.org/check")
    near = store_text(db, nlp, OTHER_NUMBER, "near")[0]
    add_verdict(db, near, "False")
    db.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["match", PARAPHRASE, "--db", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"1. claim {judged}  score ")
    assert lines[0].endswith("Mostly true (https://example.org/check)")
    assert lines[1] == f"   {CHECKED}"
    assert f"claim {near}" not in result.output
    result = runner.invoke(cli, ["match", "--claim", str(judged), "--near", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert f"1. claim {near}" in result.output
    assert "not the same claim: different figure: 6.2 percent vs 16.2 percent" in result.output
    result = runner.invoke(cli, ["match", "--claim", "999", "--db", str(path)])
    assert result.exit_code == 1 and "unknown claim id 999" in result.output
    result = runner.invoke(cli, ["match", "x", "--matcher", "nope", "--db", str(path)])
    assert result.exit_code == 1 and "unknown matcher 'nope'" in result.output


def test_matcher_registry_takes_another_matcher():
    class Exact:
        name = "exact"

        def compare(self, a, b):
            same = a.text == b.text
            return matching.Comparison(1.0 if same else 0.0, same, ("same text",) if same else ())

    matching.register_matcher("exact", Exact)
    try:
        a = matching.claim_features("The river froze.")
        assert matching.get_matcher("exact").compare(a, a).same
    finally:
        del matching.MATCHERS["exact"]
        matching.get_matcher.cache_clear()
    with pytest.raises(matching.UnknownMatcher):
        matching.get_matcher("exact")


def test_track_record_counts_current_ratings(nlp):
    db = open_db(":memory:")
    ids = store_text(db, nlp, "The minister said exports rose 4 percent. The minister said "
                     "the new port will open in May. The minister said taxes will not rise.",
                     "record")
    source = db.execute("select source_id from attributions where claim_id = ?",
                        [ids[0]]).fetchone()[0]
    add_verdict(db, ids[0], "False")
    add_verdict(db, ids[1], "True")
    from datetime import datetime, timedelta, timezone

    later = datetime.now(timezone.utc) + timedelta(minutes=1)
    add_verdict(db, ids[1], "False", created_at=later)  # the newer verdict counts
    record = checked.track_record(db, source)
    assert record == {"source_id": source, "claims": 3, "checked": 2, "ratings": {"False": 2}}
    view = list(db.query("select source_id, claims, checked, ratings from source_track_record"))
    assert view == [{"source_id": source, "claims": 3, "checked": 2, "ratings": "False: 2"}]


def test_cost_benchmark_builds_judged_claims(tmp_path):
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "matching_cost", root / "benchmarks" / "matching_cost.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text = (root / "corpus" / "kazakhstans-xinjiang-dilemma.txt").read_text(encoding="utf-8")
    bench.judged_db(tmp_path / "judged.db", [text], 150)
    db = open_db(tmp_path / "judged.db")
    assert db.execute("select count(*) from claims").fetchone()[0] == 150
    assert db.execute("select count(distinct claim_id) from verdicts").fetchone()[0] == 150
    for claim_text, start, end, article in db.execute(
            "select claims.text, start, end, articles.text from claims "
            "join articles on articles.id = claims.article_id"):
        assert article[start:end] == claim_text
    db.close()


def test_plural_and_singular_group_names_are_one_entity():
    a = matching.claim_features("More than a million Muslims are held in camps.",
                                entities=[("Muslims", "NORP")])
    b = matching.claim_features("More than a million Muslim minorities are held in camps.",
                                entities=[("Muslim", "NORP")])
    c = matching.claim_features("More than a million Buddhists are held in camps.",
                                entities=[("Buddhists", "NORP")])
    assert matching.get_matcher().compare(a, b).blockers == ()
    assert matching.get_matcher().compare(a, c).blockers == (
        "different NORP: Muslims vs Buddhists",)
