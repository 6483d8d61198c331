"""Reviewers in the browser, through Datasette's test client: sign-in, verdicts and
corrections as CSRF-protected POSTs, 403 for everyone else, corrections shown, surviving a
re-ingest and exported as gold data."""

from __future__ import annotations

import json
import re

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner
from datasette.app import Datasette

from claimtrack import corrections
from claimtrack.cli import cli
from claimtrack.web import review
from publish_fixtures import ARTICLE_ID, build_db
from test_datasette import METADATA

FAST = 1_000  # PBKDF2 iterations for test passwords: the real default is slow on purpose


@pytest.fixture
def db_path(tmp_path):
    return build_db(tmp_path / "claims.db")


@pytest.fixture
def reviewers_file(tmp_path):
    path = tmp_path / "reviewers.txt"
    path.write_text(f"desk:{review.hash_password('s3cret', FAST)}\n", encoding="utf-8")
    return path


async def make_ds(db_path, reviewers_file=None):
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    if reviewers_file:
        metadata["plugins"] = {"claimtrack": {"reviewers_file": str(reviewers_file)}}
    ds = Datasette([str(db_path)], metadata=metadata)
    await ds.invoke_startup()
    return ds


async def csrf(ds, path="/-/claimtrack/login", cookies=None):
    page = await ds.client.get(path, cookies=cookies or {})
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    return token, {**(cookies or {}), "ds_csrftoken": page.cookies.get("ds_csrftoken") or
                   (cookies or {}).get("ds_csrftoken")}


async def sign_in(ds, name="desk", password="s3cret"):
    token, cookies = await csrf(ds)
    response = await ds.client.post("/-/claimtrack/login", cookies=cookies, data={
        "name": name, "password": password, "csrftoken": token})
    return response, {**cookies, "ds_actor": response.cookies.get("ds_actor", "")}


def test_password_hashes_check_and_the_file_round_trips(tmp_path):
    stored = review.hash_password("pw", FAST)
    assert stored.startswith("pbkdf2_sha256$1000$") and "pw" not in stored
    assert review.check_password("pw", stored) and not review.check_password("pW", stored)
    assert not review.check_password("pw", "garbage")
    path = tmp_path / "r.txt"
    result = CliRunner().invoke(cli, ["reviewer", "ana", "--file", str(path),
                                      "--password", "x1x1x1x1"])
    assert result.exit_code == 0, result.output
    assert review.check_password("x1x1x1x1", review.read_reviewers(path)["ana"])
    assert not list(tmp_path.glob("*.partial"))
    path.write_text("ana:plain\n")
    with pytest.raises(review.ReviewerFileError, match=r"r.txt:1: expected"):
        review.read_reviewers(path)


@pytest.mark.parametrize("args, content, message", [
    (["--password", ""], None, "password has at least 8 characters"),
    (["--password", "short"], None, "password has at least 8 characters"),
    (["--password", "long enough"], b"\xff\xfe not text", "not a reviewers file (not UTF-8"),
])
def test_reviewer_command_refuses_in_one_line(tmp_path, args, content, message):
    path = tmp_path / "r.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["reviewer", "ana", "--file", str(path), *args])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert (path.read_bytes() == content) if content is not None else not path.exists()


def test_reviewer_file_in_a_missing_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["reviewer", "ana", "--file",
                                      str(tmp_path / "nodir" / "r.txt"), "--password", "x" * 8])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: ") and "no such folder" in result.output


async def test_sign_in(db_path, reviewers_file):
    ds = await make_ds(db_path, reviewers_file)
    wrong, _ = await sign_in(ds, password="nope")
    assert wrong.status_code == 403 and "Wrong name or password" in wrong.text
    right, cookies = await sign_in(ds)
    assert right.status_code == 303 and cookies["ds_actor"]
    page = (await ds.client.get(f"/-/article/{ARTICLE_ID}", cookies=cookies)).text
    assert 'id="ct-review-template"' in page and "Save verdict" in page
    anonymous = (await ds.client.get(f"/-/article/{ARTICLE_ID}")).text
    assert "ct-review-template" not in anonymous
    # The hashes never reach the public metadata.
    assert "pbkdf2" not in (await ds.client.get("/-/metadata.json")).text


async def test_anonymous_and_unknown_actors_cannot_write(db_path, reviewers_file):
    ds = await make_ds(db_path, reviewers_file)
    token, cookies = await csrf(ds)
    data = {"kind": "verdict", "claim_id": "2", "rating": "False", "csrftoken": token}
    refused = await ds.client.post("/-/claimtrack/review", cookies=cookies, data=data)
    assert refused.status_code == 403
    stranger = {**cookies, "ds_actor": ds.sign({"a": {"id": "root"}}, "actor")}
    assert (await ds.client.post("/-/claimtrack/review", cookies=stranger,
                                 data=data)).status_code == 403
    # Without the CSRF token even a reviewer is refused.
    _, signed_in = await sign_in(ds)
    no_token = await ds.client.post("/-/claimtrack/review",
                                    cookies={"ds_actor": signed_in["ds_actor"]},
                                    data={k: v for k, v in data.items() if k != "csrftoken"})
    assert no_token.status_code == 403
    assert sqlite_utils.Database(db_path)["verdicts"].count == 0
    # Without a reviewers file there is no sign-in at all.
    plain = await make_ds(db_path)
    assert (await plain.client.get("/-/claimtrack/login")).status_code == 404


async def test_reviewer_records_a_verdict_and_corrections_shown_on_the_page(db_path,
                                                                         reviewers_file):
    ds = await make_ds(db_path, reviewers_file)
    _, cookies = await sign_in(ds)
    token, cookies = await csrf(ds, f"/-/article/{ARTICLE_ID}", cookies)

    async def post(**fields):
        return await ds.client.post("/-/claimtrack/review", cookies=cookies,
                                    data={"csrftoken": token, **fields})

    verdict = await post(kind="verdict", claim_id="2", rating="Mostly true",
                         url="https://example.org/check", note="customs data")
    assert verdict.status_code == 303
    assert verdict.headers["location"] == f"/-/article/{ARTICLE_ID}#claim-2"
    # Claim 4 was attributed to Bilash: a reviewer says it is the Foreign Ministry's.
    assert (await post(kind="correction", claim_id="4", action="source", source_id="1",
                       note="ministry press release")).status_code == 303
    assert (await post(kind="correction", claim_id="4", action="figure_wrong",
                       figure_id="2")).status_code == 303
    assert (await post(kind="correction", claim_id="5", action="author")).status_code == 303
    bad = await post(kind="correction", claim_id="4", action="figure_wrong", figure_id="1")
    assert bad.status_code == 400 and "figure 1 is not in claim 4" in bad.text

    db = sqlite_utils.Database(db_path)
    assert [(v["claim_id"], v["rating"], v["reviewer"]) for v in db["verdicts"].rows] == [
        (2, "Mostly true", "desk")]
    rows = [(c["claim_id"], c["action"], c["source_id"], c["figure_id"], c["reviewer"])
            for c in db["corrections"].rows]
    assert rows == [(4, "source", 1, None, "desk"), (4, "figure_wrong", None, 2, "desk"),
                    (5, "author", None, None, "desk")]
    rows_created = [c["created_at"] for c in db["corrections"].rows]
    page = (await ds.client.get(f"/-/article/{ARTICLE_ID}")).text
    details = json.loads(re.search(
        r'<script type="application/json" id="ct-claim-details">(.*?)</script>',
        page, re.S).group(1))
    # The card leads with the corrected source; the pipeline's (Bilash) is superseded.
    assert details["4"]["correction"] == {
        "sources": [{"source": "Foreign Ministry", "source_url": "/-/source/1",
                     "colours": details["4"]["correction"]["sources"][0]["colours"]}],
        "text": "the source is Foreign Ministry — ministry press release",
        "reviewer": "desk", "created_at": rows_created[0]}
    assert [(a["source"], a["superseded"]) for a in details["4"]["attributions"]] == [
        ("Serikzhan Bilash", True)]
    assert [c["text"] for c in details["4"]["corrections"]] == [
        "figure wrong: more than 30,000 signatures"]
    assert details["5"]["correction"]["sources"] == []  # the author's own voice
    assert all(a["superseded"] for a in details["5"]["attributions"])
    assert details["1"]["correction"] is None
    assert not any(a["superseded"] for a in details["1"]["attributions"])
    assert re.search(r'class="ct-claim ct-kind-statistic ct-corrected"[^>]*data-claim="4"', page)
    assert details["2"]["verdicts"][0]["rating"] == "Mostly true"


def test_corrections_win_survive_replace_and_export_as_gold(db_path, nlp, tmp_path):
    from claimtrack.ingest import ingest
    from claimtrack.store import open_db

    article = tmp_path / "a.txt"
    article.write_text("Port fees\n\nThe port will raise its fees by 12 percent, the harbour "
                       "master said. Ships already pay more than $4 million a year.\n",
                       encoding="utf-8")
    db = open_db(tmp_path / "fresh.db")
    assert ingest([str(article)], db, nlp).ok
    claim_id, figure_id = db.execute(
        "select claims.id, figures.id from figures join claims on claims.id = figures.claim_id "
        "where figures.text like '%4 million%'").fetchone()
    said = db.execute("select source_id from attributions limit 1").fetchone()[0]
    corrections.save_correction(db, claim_id, "add_source", reviewer="desk", source_id=said)
    corrections.save_correction(db, claim_id, "figure_wrong", reviewer="desk",
                                figure_id=figure_id, note="it is 4.2 million")
    assert ingest([str(article)], db, nlp, replace=True).ok
    new_claim, new_figure = db.execute(
        "select claims.id, figures.id from figures join claims on claims.id = figures.claim_id "
        "where figures.text like '%4 million%'").fetchone()
    assert [(c["claim_id"], c["figure_id"]) for c in db["corrections"].rows] == [
        (new_claim, None), (new_claim, new_figure)]  # detached by the delete, re-attached
    gold = [json.loads(line) for line in CliRunner().invoke(
        cli, ["export", "--format", "corrections", "--db", str(tmp_path / "fresh.db")]
    ).output.splitlines()]
    assert len(gold) == 1 and gold[0]["claim_id"] == new_claim
    name = db.execute("select name from sources where id = ?", [said]).fetchone()[0]
    assert gold[0]["pipeline_sources"] == [] and gold[0]["gold_sources"] == [name]
    assert gold[0]["wrong_figures"] == ["more than $4 million"]
    # The correction wins in the other exports too.
    from claimtrack.exporters.records import claim_records

    record = next(r for r in claim_records(db) if r["claim_id"] == new_claim)
    assert [(s["name"], s["mode"]) for s in record["sources"]] == [(name, "corrected")]


def test_effective_sources_apply_in_order():
    apply = corrections.effective_source_ids
    assert apply([1, 2], []) == [1, 2]
    assert apply([1], [{"action": "source", "source_id": 3}]) == [3]
    assert apply([1], [{"action": "add_source", "source_id": 3},
                       {"action": "remove_source", "source_id": 1}]) == [3]
    assert apply([1], [{"action": "author", "source_id": None}]) == []
    assert apply([1], [{"action": "author", "source_id": None},
                       {"action": "add_source", "source_id": 2}]) == [2]


def test_checked_view_applies_corrections_like_the_exports(db_path):
    db = sqlite_utils.Database(db_path)

    def view(claim_id):
        return sorted((r["source"], r["mode"]) for r in db.query(
            "select source, mode from checked_claims_with_sources where claim_id = ?",
            [claim_id]))

    assert view(4) == [("Serikzhan Bilash", "indirect")]  # the pipeline's answer
    corrections.save_correction(db, 4, "add_source", reviewer="desk", source_id=1)
    assert view(4) == [("Foreign Ministry", "corrected"), ("Serikzhan Bilash", "indirect")]
    corrections.save_correction(db, 4, "remove_source", reviewer="desk", source_id=2)
    assert view(4) == [("Foreign Ministry", "corrected")]
    corrections.save_correction(db, 4, "author", reviewer="desk")
    assert view(4) == [(None, None)]  # no source: one row, like an unsourced claim
    corrections.save_correction(db, 4, "source", reviewer="desk", source_id=2)
    assert view(4) == [("Serikzhan Bilash", "indirect")]
    assert view(1) == [("Foreign Ministry", "according_to")]  # uncorrected claims unchanged
    assert view(2) == [(None, None)]
    # The same answers as the Python that the exports use.
    rows = [dict(r) for r in db.query("select * from corrections where claim_id = 4")]
    names = {2: "Serikzhan Bilash"}
    assert [names[s] for s in corrections.effective_source_ids([2], rows)] == [
        s for s, _ in view(4)]
