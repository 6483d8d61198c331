"""End to end: the seed article through cleaning, the pipeline and the database."""

import json

import pytest


def test_seed_article_metadata(seed_db):
    article = next(seed_db["articles"].rows)
    assert article["title"] == "Kazakhstan’s Xinjiang Dilemma"
    assert json.loads(article["authors"]) == ["Nazira Kozhanova"]
    assert article["publication"] == "The Diplomat"
    # the headline is the text's first paragraph (a verbless one makes no claim)
    assert article["text"].startswith(
        "Kazakhstan’s Xinjiang Dilemma\n\nKazakhstan and China have developed strong")
    assert article["text"].rstrip().endswith("growth of trade in the region.")


def test_no_furniture_becomes_a_claim(seed_db):
    texts = [row["text"] for row in seed_db["claims"].rows]
    assert len(texts) > 80
    for word in ("Subscribe", "subscriber", "Associated Press", "The Authors", "Leads"):
        assert not any(word in t for t in texts), word


def test_every_offset_is_exact(seed_db):
    text = next(seed_db["articles"].rows)["text"]
    for table in ("claims", "entities", "figures"):
        rows = list(seed_db[table].rows)
        assert rows, table
        for row in rows:
            assert text[row["start"]:row["end"]] == row["text"], (table, row)
    for row in seed_db["attributions"].rows:
        assert text[row["cue_start"]:row["cue_end"]] == row["cue"], row


def sources_of(seed_db, fragment):
    return {
        row["name"]
        for row in seed_db.query(
            "select sources.name from claims join attributions on attributions.claim_id = "
            "claims.id join sources on sources.id = attributions.source_id "
            "where claims.text like ?", [f"%{fragment}%"])
    }


@pytest.mark.parametrize(
    "fragment, source",
    [
        ("more than a million Muslim ethnic minorities", "Human Rights Watch"),
        ("these connections have been exaggerated by Beijing", "Michael Clarke"),
        ("legitimacy is strongly rooted in his", "Rico Isaacs"),
        ("highlighted several cases of ethnic Kazakhs", "Foreign Policy"),
        ("We will never let any person", "Wang Yi"),
    ],
)
def test_seed_claims_are_attributed_to_their_sources(seed_db, fragment, source):
    assert source in sources_of(seed_db, fragment)


def test_seed_author_voice_is_not_attributed(seed_db):
    assert sources_of(seed_db, "Kazakhstan and China have developed strong") == set()


def test_seed_money_figure_is_normalised(seed_db):
    row = next(seed_db["figures"].rows_where("text like ?", ["%$11.07 billion%"]))
    assert row["value"] == 11070000000 and row["unit"] == "USD"
