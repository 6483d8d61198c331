import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from claimtrack import schema
from claimtrack.cli import cli
from claimtrack.verdicts import VerdictError, add_verdict, latest_verdicts, list_verdicts
from factcheck_fixtures import ARTICLE_ID, BARE_ARTICLE_ID, build_db

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    return build_db(tmp_path / "claims.db")


def test_verdicts_table_is_documented_and_linked_to_claims(db):
    table = schema.table("verdicts")
    assert [c.name for c in table.columns] == [
        "id", "claim_id", "rating", "rating_value", "best", "worst", "url", "reviewer",
        "note", "created_at"]
    assert all(c.description.strip() for c in table.columns)
    assert [(fk.column, fk.other_table, fk.other_column)
            for fk in db["verdicts"].foreign_keys] == [("claim_id", "claims", "id")]


def test_add_verdict_stores_the_row_with_a_utc_timestamp(db):
    row = add_verdict(db, 1, " Mostly true ", rating_value=4, best=5, worst=1,
                      url="https://checks.example/hrw", reviewer="Example Checks",
                      note="HRW's estimate is sourced.")
    stored = db["verdicts"].get(row["id"])
    assert stored == row
    assert stored["rating"] == "Mostly true"
    assert (stored["rating_value"], stored["best"], stored["worst"]) == (4.0, 5.0, 1.0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stored["created_at"])
    recorded = datetime.strptime(stored["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(recorded.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)) < timedelta(
        minutes=1)


def test_a_local_time_is_stored_as_utc(db):
    paris = timezone(timedelta(hours=1))
    row = add_verdict(db, 1, "False", created_at=datetime(2026, 3, 1, 10, 30, tzinfo=paris))
    assert row["created_at"] == "2026-03-01T09:30:00Z"
    with pytest.raises(VerdictError, match="timezone"):
        add_verdict(db, 1, "False", created_at=datetime(2026, 3, 1, 10, 30))


def test_several_verdicts_are_kept_newest_first(db):
    # Recorded out of order: the newest by time comes first, not the last inserted.
    add_verdict(db, 1, "Unproven", created_at=T0 + timedelta(days=1))
    add_verdict(db, 1, "Mostly true", created_at=T0 + timedelta(days=3))
    add_verdict(db, 1, "False", created_at=T0)
    add_verdict(db, 2, "Accurate", created_at=T0 + timedelta(days=2))
    assert [v["rating"] for v in list_verdicts(db, claim_id=1)] == [
        "Mostly true", "Unproven", "False"]
    assert [v["rating"] for v in list_verdicts(db)] == [
        "Mostly true", "Accurate", "Unproven", "False"]
    latest = latest_verdicts(db)
    assert {cid: v["rating"] for cid, v in latest.items()} == {1: "Mostly true", 2: "Accurate"}


def test_verdicts_in_the_same_second_keep_insertion_order(db):
    add_verdict(db, 3, "First", created_at=T0)
    add_verdict(db, 3, "Second", created_at=T0)
    assert [v["rating"] for v in list_verdicts(db, claim_id=3)] == ["Second", "First"]


def test_list_verdicts_carries_the_claim_and_filters_by_article(db):
    add_verdict(db, 2, "False", created_at=T0)
    add_verdict(db, 10, "Premature", created_at=T0 + timedelta(hours=1))
    in_article = list_verdicts(db, article_id=ARTICLE_ID)
    assert [(v["claim_id"], v["article_id"]) for v in in_article] == [(2, ARTICLE_ID)]
    assert in_article[0]["claim"] == db["claims"].get(2)["text"]
    assert [v["claim_id"] for v in list_verdicts(db, article_id=BARE_ARTICLE_ID)] == [10]
    assert list_verdicts(db, claim_id=4) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"claim_id": 999, "rating": "False"}, "unknown claim id 999"),
        ({"claim_id": 1, "rating": "  "}, "needs a rating"),
        ({"claim_id": 1, "rating": "False", "rating_value": 7, "best": 5, "worst": 1},
         "outside the scale"),
        ({"claim_id": 1, "rating": "False", "best": 3, "worst": 3}, "not a scale"),
        ({"claim_id": 1, "rating": "False", "rating_value": "high"}, "must be a number"),
        ({"claim_id": 1, "rating": "False", "rating_value": float("nan")}, "finite"),
        ({"claim_id": 1, "rating": "False", "url": "checks.example/x"}, "absolute http"),
    ],
)
def test_bad_verdicts_are_refused_and_nothing_is_stored(db, kwargs, message):
    claim_id = kwargs.pop("claim_id")
    rating = kwargs.pop("rating")
    with pytest.raises(VerdictError, match=message):
        add_verdict(db, claim_id, rating, **kwargs)
    assert db["verdicts"].count == 0


def test_reversed_scales_are_accepted(db):
    # Some scales put the best rating lowest (0 = true ... 5 = pants on fire).
    row = add_verdict(db, 1, "Pants on fire", rating_value=5, best=0, worst=5)
    assert row["rating_value"] == 5.0


def test_listing_an_unknown_claim_is_an_error(db):
    with pytest.raises(VerdictError, match="unknown claim id 42"):
        list_verdicts(db, claim_id=42)


def test_a_database_from_before_verdicts_gains_the_table(db):
    db["verdicts"].drop()
    assert list_verdicts(db) == []
    add_verdict(db, 1, "False")
    assert db["verdicts"].count == 1


# --- command line ---


def test_cli_verdict_then_verdicts_lists_newest_first(tmp_path):
    path = tmp_path / "claims.db"
    build_db(path)
    runner = CliRunner()
    first = runner.invoke(cli, ["verdict", "1", "--rating", "Unproven", "--db", str(path)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, [
        "verdict", "1", "--rating", "Mostly true", "--rating-value", "4", "--best", "5",
        "--worst", "1", "--url", "https://checks.example/hrw", "--reviewer", "Example Checks",
        "--note", "Sourced estimate", "--db", str(path)])
    assert second.exit_code == 0, second.output
    assert "claim 1: Mostly true" in second.output
    listed = runner.invoke(cli, ["verdicts", "--claim", "1", "--db", str(path)])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert len(lines) == 2
    assert "Mostly true (4 on 1..5) by Example Checks" in lines[0]
    assert "Unproven" in lines[1]
    assert "According to Human Rights Watch" in lines[0]


def test_cli_errors_are_one_line_and_fail(tmp_path):
    path = tmp_path / "claims.db"
    build_db(path)
    runner = CliRunner()
    unknown = runner.invoke(cli, ["verdict", "999", "--rating", "False", "--db", str(path)])
    assert unknown.exit_code != 0
    assert unknown.output.strip() == "Error: unknown claim id 999"
    missing = runner.invoke(cli, ["verdicts", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code != 0
    assert missing.output.strip() == (
        f"Error: {tmp_path / 'nope.db'}: no such database (run claimtrack ingest first)")
    assert not (tmp_path / "nope.db").exists()
    scale = runner.invoke(cli, ["verdict", "1", "--rating", "x", "--rating-value", "9",
                                "--best", "5", "--worst", "1", "--db", str(path)])
    assert scale.exit_code != 0
    assert scale.output.count("\n") == 1
