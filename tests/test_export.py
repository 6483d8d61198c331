import copy
import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from claimtrack import export
from claimtrack.cli import cli
from claimtrack.exporters import claimreview, tabular, webannotation
from claimtrack.verdicts import add_verdict
from factcheck_fixtures import ARTICLE_ID, BARE_ARTICLE_ID, build_db

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    db = build_db(tmp_path / "claims.db")
    # Claim 1 (Human Rights Watch): an older verdict superseded by a newer one.
    add_verdict(db, 1, "Unproven", reviewer="Old Checks", created_at=T0)
    add_verdict(db, 1, "Mostly true", rating_value=4, best=5, worst=1,
                url="https://checks.example/hrw-camps", reviewer="Example Checks",
                note="The estimate is HRW's own.", created_at=T0 + timedelta(days=2))
    # Claim 3 (Michael Clarke, a person).
    add_verdict(db, 3, "Accurate quote", url="https://checks.example/clarke",
                reviewer="Jane Doe", created_at=T0 + timedelta(days=1))
    # Claim 2 (vague "officials"), no URL or reviewer yet.
    add_verdict(db, 2, "Misleading", created_at=T0 + timedelta(days=3))
    return db


def db_claims(db, article_id=None):
    where, params = ("where article_id = ?", [article_id]) if article_id else ("", [])
    return list(db.query(f"select * from claims {where} order by article_id, seq", params))


def db_sources(db, claim_id):
    return list(db.query(
        "select sources.name, sources.kind, attributions.cue from attributions "
        "join sources on sources.id = attributions.source_id where claim_id = ? "
        "order by confidence desc", [claim_id]))


def reviews_by_claim(db, **kwargs):
    return {r["claimReviewed"]: r for r in claimreview.claimreviews(db, **kwargs)}


# --- JSON lines ---


def test_jsonl_round_trip_matches_the_database(db):
    lines = export.export_string(db, "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    claims = db_claims(db)
    assert sorted(r["claim_id"] for r in records) == sorted(c["id"] for c in claims)
    for record in records:
        claim = db["claims"].get(record["claim_id"])
        article = db["articles"].get(claim["article_id"])
        assert record["text"] == claim["text"] == article["text"][record["start"]:record["end"]]
        assert (record["article_id"], record["article_title"], record["article_url"]) == (
            article["id"], article["title"], article["url"])
        assert [(s["name"], s["kind"], s["cue"]) for s in record["sources"]] == [
            (s["name"], s["kind"], s["cue"]) for s in db_sources(db, claim["id"])]
        assert record["figures"] == [
            {k: f[k] for k in ("text", "value", "unit", "qualifier")}
            for f in db["figures"].rows_where("claim_id = ?", [claim["id"]], order_by="start")]
        assert record["entities"] == [
            {k: e[k] for k in ("text", "label", "canonical")}
            for e in db["entities"].rows_where("claim_id = ?", [claim["id"]], order_by="start")]


def test_jsonl_keeps_article_order_and_the_latest_verdict(db):
    records = [json.loads(line) for line in export.export_string(db, "jsonl").splitlines()]
    ours = [r for r in records if r["article_id"] == ARTICLE_ID]
    assert [r["seq"] for r in ours] == [0, 1, 2, 3]
    first = ours[0]
    assert first["verdict"]["rating"] == "Mostly true"
    assert first["verdict"]["reviewer"] == "Example Checks"
    assert ours[3]["verdict"] is None
    # The stronger of claim 1's two attributions comes first.
    assert [s["name"] for s in first["sources"]] == ["Human Rights Watch", "Michael Clarke"]


def test_export_can_be_limited_to_one_article(db):
    records = [json.loads(line)
               for line in export.export_string(db, "jsonl", BARE_ARTICLE_ID).splitlines()]
    assert [r["claim_id"] for r in records] == [c["id"] for c in db_claims(db, BARE_ARTICLE_ID)]
    with pytest.raises(export.ExportError, match="unknown article id 'nope'"):
        export.export_string(db, "jsonl", "nope")


# --- CSV ---


def test_csv_round_trip_matches_jsonl(db):
    rows = list(csv.DictReader(io.StringIO(export.export_string(db, "csv"))))
    records = [json.loads(line) for line in export.export_string(db, "jsonl").splitlines()]
    assert len(rows) == len(records) == db["claims"].count
    assert tuple(rows[0]) == tabular.CSV_COLUMNS
    for row, record in zip(rows, records, strict=True):
        assert int(row["claim_id"]) == record["claim_id"]
        assert row["text"] == record["text"]
        assert (int(row["start"]), int(row["end"])) == (record["start"], record["end"])
        names = row["source_names"].split("; ") if row["source_names"] else []
        assert names == [s["name"] for s in record["sources"]]
        kinds = row["source_kinds"].split("; ") if row["source_kinds"] else []
        assert kinds == [s["kind"] for s in record["sources"]]
        assert json.loads(row["sources"]) == record["sources"]
        assert json.loads(row["figures"]) == record["figures"]
        assert json.loads(row["entities"]) == record["entities"]
        verdict = record["verdict"] or {}
        for key in ("rating", "url", "reviewer", "note", "created_at"):
            assert row[f"verdict_{key}"] == (verdict.get(key) or "")
        for key in ("rating_value", "best", "worst"):
            cell = row[f"verdict_{key}"]
            assert (float(cell) if cell else None) == verdict.get(key)


def test_csv_keeps_quotes_commas_and_newlines_intact(db):
    text = db["articles"].get(ARTICLE_ID)["text"]
    row = next(r for r in csv.DictReader(io.StringIO(export.export_string(db, "csv")))
               if r["claim_id"] == "3")
    assert row["text"] == text[int(row["start"]):int(row["end"])]
    assert row["text"].startswith("\u201cWe cannot stay silent about this,\u201d")
    assert json.loads(row["figures"]) == []


# --- ClaimReview ---


def test_claimreview_of_a_human_rights_watch_claim(db):
    review = reviews_by_claim(db)[db["claims"].get(1)["text"]]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    author = review["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Human Rights Watch"}
    # The latest verdict, with its numeric scale as numbers.
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly true",
                                      "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    assert review["url"] == "https://checks.example/hrw-camps"
    assert review["author"] == {"@type": "Organization", "name": "Example Checks"}
    assert review["datePublished"] == "2026-03-03"
    assert review["reviewBody"] == "The estimate is HRW's own."
    appearance = review["itemReviewed"]["appearance"]
    article = db["articles"].get(ARTICLE_ID)
    assert appearance["url"] == article["url"]
    assert appearance["headline"] == article["title"]
    assert appearance["publisher"] == {"@type": "Organization", "name": "The Diplomat"}
    assert appearance["author"] == [{"@type": "Person", "name": "Nazira K"}]
    assert review["itemReviewed"]["datePublished"] == "2019-04-20"
    assert claimreview.validate_claimreview(review, recommended=True) == []


def test_claimreview_names_a_person_source_as_person(db):
    review = reviews_by_claim(db)[db["claims"].get(3)["text"]]
    assert review["itemReviewed"]["author"] == {
        "@type": "Person", "name": "Michael Clarke", "description": "an Australian academic"}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Accurate quote"}


def test_claimreview_only_for_judged_claims_one_each(db):
    reviews = claimreview.claimreviews(db)
    judged = {v["claim_id"] for v in db["verdicts"].rows}
    assert sorted(r["claimReviewed"] for r in reviews) == sorted(
        db["claims"].get(cid)["text"] for cid in judged)
    assert claimreview.claimreviews(db, BARE_ARTICLE_ID) == []


def test_claimreview_of_a_vague_group_has_no_claim_author_and_reports_gaps(db):
    review = reviews_by_claim(db)[db["claims"].get(2)["text"]]
    assert "author" not in review["itemReviewed"]
    assert claimreview.validate_claimreview(review) == [
        "url missing or not an absolute http(s) URL", "author.name missing"]
    assert "recommended: itemReviewed.author missing" in claimreview.validate_claimreview(
        review, recommended=True)


def test_reviewer_type_person(db):
    review = reviews_by_claim(db, reviewer_type="Person")[db["claims"].get(3)["text"]]
    assert review["author"] == {"@type": "Person", "name": "Jane Doe"}
    with pytest.raises(export.ExportError, match="reviewer type"):
        claimreview.claimreviews(db, reviewer_type="Robot")


def test_claimreview_of_an_article_without_url(db):
    add_verdict(db, 10, "Premature", url="https://checks.example/road", reviewer="Checks")
    (review,) = claimreview.claimreviews(db, BARE_ARTICLE_ID)
    appearance = review["itemReviewed"]["appearance"]
    assert "url" not in appearance and "publisher" not in appearance
    assert "datePublished" not in review["itemReviewed"]
    assert claimreview.validate_claimreview(review) == []
    assert claimreview.validate_claimreview(review, recommended=True) == [
        "recommended: itemReviewed.author missing",
        "recommended: itemReviewed.appearance has no URL"]


GOOD_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://example.com/news/science/worldisflat.html",
    "claimReviewed": "The world is flat",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Square World Society"},
        "datePublished": "2016-06-20",
        "appearance": {"@type": "OpinionNewsArticle", "url": "https://example.com/flat"},
    },
    "author": {"@type": "Organization", "name": "Example.com science watch"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                     "alternateName": "False"},
    "datePublished": "2016-06-22",
}


def broken(**changes):
    review = copy.deepcopy(GOOD_REVIEW)
    for path, value in changes.items():
        target = review
        *parents, leaf = path.split("__")
        for parent in parents:
            target = target[parent]
        if value is None:
            del target[leaf]
        else:
            target[leaf] = value
    return review


def test_validate_accepts_googles_example():
    assert claimreview.validate_claimreview(GOOD_REVIEW, recommended=True) == []


@pytest.mark.parametrize(
    ("review", "problem"),
    [
        (broken(claimReviewed=None), "claimReviewed missing or empty"),
        (broken(claimReviewed="  "), "claimReviewed missing or empty"),
        (broken(reviewRating=None), "reviewRating missing"),
        (broken(reviewRating__alternateName=None, reviewRating__ratingValue=None),
         "reviewRating needs alternateName or ratingValue"),
        (broken(reviewRating__ratingValue=9), "reviewRating.ratingValue 9 is outside 1..5"),
        (broken(reviewRating__ratingValue="one"), "reviewRating.ratingValue is not a number"),
        (broken(url=None), "url missing or not an absolute http(s) URL"),
        (broken(url="/relative/page"), "url missing or not an absolute http(s) URL"),
        (broken(author=None), "author.name missing"),
        (broken(author__name=""), "author.name missing"),
        (broken(author={"@type": "Thing", "name": "X"}),
         "author @type is not Organization or Person"),
        (broken(**{"@type": "Review"}), "@type is not ClaimReview"),
        (broken(**{"@context": "https://example.org"}), "@context is not https://schema.org"),
    ],
)
def test_validate_reports_each_missing_required_field(review, problem):
    assert claimreview.validate_claimreview(review) == [problem]


def test_validate_numeric_only_rating_is_accepted():
    review = broken(reviewRating__alternateName=None)
    assert claimreview.validate_claimreview(review) == []
    assert claimreview.validate_claimreview([]) == ["not a JSON object"]


@pytest.mark.parametrize(
    ("review", "problem"),
    [
        (broken(datePublished=None), "recommended: datePublished missing"),
        (broken(itemReviewed=None), "recommended: itemReviewed Claim missing"),
        (broken(itemReviewed__author=None), "recommended: itemReviewed.author missing"),
        (broken(itemReviewed__appearance=None), "recommended: itemReviewed.appearance missing"),
    ],
)
def test_validate_recommended_fields(review, problem):
    assert claimreview.validate_claimreview(review) == []
    assert claimreview.validate_claimreview(review, recommended=True) == [problem]


# --- W3C Web Annotation ---


def test_webannotation_one_annotation_per_claim_with_exact_selectors(db):
    collection = json.loads(export.export_string(db, "webannotation"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == db["claims"].count
    for annotation in items:
        claim_id = int(annotation["id"].rsplit(":", 1)[1])
        claim = db["claims"].get(claim_id)
        article = db["articles"].get(claim["article_id"])
        text = article["text"]
        assert annotation["type"] == "Annotation"
        target = annotation["target"]
        assert target["source"] == (article["url"] or f"urn:claimtrack:article:{article['id']}")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert quote["exact"] == claim["text"] == text[position["start"]:position["end"]]
        assert position == {"type": "TextPositionSelector", "start": claim["start"],
                            "end": claim["end"]}
        assert quote["prefix"] == text[max(0, claim["start"] - 32):claim["start"]]
        assert quote["suffix"] == text[claim["end"]:claim["end"] + 32]
        assert len(quote["prefix"]) == min(32, claim["start"])
        assert len(quote["suffix"]) == min(32, len(text) - claim["end"])


def test_webannotation_bodies_and_motivations(db):
    items = {a["id"]: a for a in webannotation.web_annotations(db)["first"]["items"]}
    hrw = items["urn:claimtrack:claim:1"]
    assert hrw["motivation"] == "tagging"
    tags = [b["value"] for b in hrw["body"] if b["purpose"] == "tagging"]
    assert tags == ["Human Rights Watch", "Michael Clarke"]
    described = [b["value"] for b in hrw["body"] if b["purpose"] == "describing"]
    assert described[0].startswith(
        "Human Rights Watch (organization), cue \u201cAccording to\u201d")
    (assessment,) = [b for b in hrw["body"] if b["purpose"] == "assessing"]
    assert assessment["value"] == "Mostly true"
    assert assessment["creator"]["name"] == "Example Checks"
    unattributed = items["urn:claimtrack:claim:4"]
    assert unattributed["motivation"] == "commenting"
    assert [b["purpose"] for b in unattributed["body"]] == ["describing"]
    assert items["urn:claimtrack:claim:11"]["target"]["source"] == (
        f"urn:claimtrack:article:{BARE_ARTICLE_ID}")


def test_unknown_format_and_non_claimtrack_database(db, tmp_path):
    with pytest.raises(export.ExportError, match="unknown format"):
        export.export_string(db, "xml")
    import sqlite_utils

    other = sqlite_utils.Database(tmp_path / "other.db")
    other["things"].insert({"a": 1})
    with pytest.raises(export.ExportError, match="not a claimtrack database"):
        export.export_string(other, "jsonl")


# --- command line ---


def test_cli_export_to_file_and_stdout(db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "reviews.json"
    db_path = str(tmp_path / "claims.db")
    result = runner.invoke(cli, ["export", "--format", "claimreview", "-o", str(out),
                                 "--db", db_path])
    assert result.exit_code == 0, result.output
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert len(reviews) == 3
    # The "Misleading" verdict has no URL and no reviewer: exported, with warnings.
    assert "url missing" in result.stderr and "author.name missing" in result.stderr
    lines = runner.invoke(cli, ["export", "--format", "jsonl", "--article", BARE_ARTICLE_ID,
                                "--db", db_path])
    assert lines.exit_code == 0
    assert [json.loads(x)["claim_id"] for x in lines.stdout.splitlines()] == [10, 11]


def test_cli_export_errors(db, tmp_path):
    runner = CliRunner()
    db_path = str(tmp_path / "claims.db")
    unknown = runner.invoke(cli, ["export", "--format", "csv", "--article", "nope",
                                  "--db", db_path, "-o", str(tmp_path / "x.csv")])
    assert unknown.exit_code != 0
    assert unknown.output.strip() == ("Error: no article with id, id prefix or title words "
                                      "'nope' (see claimtrack articles)")
    assert not (tmp_path / "x.csv").exists()
    bad_format = runner.invoke(cli, ["export", "--format", "xml", "--db", db_path])
    assert bad_format.exit_code != 0
    missing = runner.invoke(cli, ["export", "--format", "csv", "--db",
                                  str(tmp_path / "missing.db")])
    assert missing.exit_code != 0
    assert missing.output.strip().endswith("missing.db: no such database (run claimtrack "
                                           "ingest first)")
    assert missing.output.count("\n") == 1


# --- the seed article, through the real pipeline (ingested once per session by conftest) ---


@pytest.fixture(scope="module")
def seed_copy(seed_db_path, tmp_path_factory):
    """A private copy of the ingested seed database, so verdicts added here stay here."""
    import sqlite3

    import sqlite_utils

    path = tmp_path_factory.mktemp("seed-export") / "claims.db"
    source, target = sqlite3.connect(seed_db_path), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return sqlite_utils.Database(path)


def seed_claim(db, fragment):
    (claim,) = db.query("select * from claims where text like ?", [f"%{fragment}%"])
    return claim


def test_seed_claimreview_names_human_rights_watch_as_organization(seed_copy):
    claim = seed_claim(seed_copy, "more than a million Muslim ethnic minorities")
    add_verdict(seed_copy, claim["id"], "Accurate estimate", url="https://checks.example/hrw",
                reviewer="Example Checks")
    (review,) = claimreview.claimreviews(seed_copy)
    assert review["claimReviewed"] == claim["text"]
    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert review["itemReviewed"]["author"]["name"] == "Human Rights Watch"
    assert review["itemReviewed"]["appearance"]["headline"] == "Kazakhstan\u2019s Xinjiang Dilemma"
    assert review["itemReviewed"]["appearance"]["publisher"]["name"] == "The Diplomat"
    assert claimreview.validate_claimreview(review) == []


def test_seed_exports_round_trip(seed_copy):
    text = next(seed_copy["articles"].rows)["text"]
    records = [json.loads(x) for x in export.export_string(seed_copy, "jsonl").splitlines()]
    assert len(records) == seed_copy["claims"].count > 80
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    attributed = sum(1 for r in records if r["sources"])
    assert attributed == seed_copy.execute(
        "select count(distinct claim_id) from attributions").fetchone()[0] > 0
    rows = list(csv.DictReader(io.StringIO(export.export_string(seed_copy, "csv"))))
    assert [r["text"] for r in rows] == [r["text"] for r in records]
    assert [json.loads(r["figures"]) for r in rows] == [r["figures"] for r in records]
    items = webannotation.web_annotations(seed_copy)["first"]["items"]
    assert len(items) == len(records)
    for annotation in items:
        quote, position = annotation["target"]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])


def test_cli_export_article_by_unique_id_prefix(db, tmp_path):
    runner = CliRunner()
    db_path = str(tmp_path / "claims.db")
    by_prefix = runner.invoke(cli, ["export", "--format", "jsonl", "--article", "no-url",
                                    "--db", db_path])
    assert by_prefix.exit_code == 0, by_prefix.output
    assert [json.loads(x)["claim_id"] for x in by_prefix.stdout.splitlines()] == [10, 11]
    # A second article whose id starts the same way: the prefix is ambiguous, and the
    # error names both ids (and titles) so the user can pick one; nothing is written.
    db["articles"].insert({**db["articles"].get(ARTICLE_ID),
                           "id": "camps-and-trade-99990000", "title": "Camps again",
                           "sha256": "c" * 64})
    out = tmp_path / "x.jsonl"
    ambiguous = runner.invoke(cli, ["export", "--format", "jsonl", "--article", "camps-and",
                                    "--db", db_path, "-o", str(out)])
    assert ambiguous.exit_code != 0
    assert ambiguous.output.strip() == (
        "Error: 'camps-and' matches 2 articles: camps-and-trade-1a2b3c4d (Camps, trade and a "
        "border); camps-and-trade-99990000 (Camps again)")
    assert not out.exists()
    longer = runner.invoke(cli, ["export", "--format", "jsonl", "--article", "camps-and-trade-1",
                                 "--db", db_path])
    assert longer.exit_code == 0, longer.output
    assert [json.loads(x)["claim_id"] for x in longer.stdout.splitlines()] == [1, 2, 3, 4]
