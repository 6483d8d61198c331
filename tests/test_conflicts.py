"""Conflicting figures: rounding, bounds and the figure_conflicts view, on fresh sentences
through the real pipeline."""

import pytest

from claimtrack import conflicts, quantities
from claimtrack.matching_eval import store_text
from claimtrack.store import open_db


def fig(text, value, unit="count", qualifier=None, low=None, high=None):
    return {"text": text, "value": value, "unit": unit, "qualifier": qualifier,
            "low": low, "high": high}


@pytest.mark.parametrize(("a", "b", "consistent"), [
    # A lower bound is consistent with a larger value.
    (fig("more than a million", 1e6, low=1e6), fig("1.8 million", 1.8e6), True),
    (fig("more than a million", 1e6, low=1e6), fig("900,000", 9e5), False),
    (fig("fewer than 500", 500, high=500), fig("450", 450), True),
    (fig("fewer than 500", 500, high=500), fig("620", 620), False),
    # Rounding as written: 12 billion stands for 11.5-12.5 billion.
    (fig("$11.07 billion", 11.07e9, "USD"), fig("$12 billion", 12e9, "USD"), False),
    (fig("$11.7 billion", 11.7e9, "USD"), fig("$12 billion", 12e9, "USD"), True),
    (fig("1.8 million", 1.8e6), fig("1,830,000", 1.83e6), True),
    (fig("100", 100), fig("140", 140), False),
    (fig("about 40", 40, qualifier="about"), fig("41", 41), True),
    (fig("between 5 and 10", 7.5, low=5, high=10), fig("9", 9), True),
    (fig("between 5 and 10", 7.5, low=5, high=10), fig("12", 12), False),
])
def test_consistent_reads_rounding_and_bounds(a, b, consistent):
    assert quantities.consistent(a, b) is consistent
    assert quantities.consistent(b, a) is consistent


@pytest.mark.parametrize(("a", "b", "same"), [
    (fig("6.6 percent", 6.6, "percent"), fig("6.6%", 6.6, "percent"), True),
    (fig("6.6 percent", 6.6, "percent"), fig("16 percent", 16, "percent"), False),
    (fig("6.6 percent", 6.6, "percent"), fig("6.6 percentage points", 6.6,
                                              "percentage points"), False),
    (fig("more than a million", 1e6, low=1e6), fig("1.8 million", 1.8e6), False),
    (fig("more than 30,000", 3e4, low=3e4), fig("over 30,000", 3e4, low=3e4), True),
    (fig("at least 30", 30, low=30), fig("fewer than 30", 30, high=30), False),
    (fig("$4.3 billion", 4.3e9, "USD"), fig("4.3 billion euros", 4.3e9, "EUR"), False),
])
def test_same_figure_needs_the_same_number(a, b, same):
    assert quantities.same_figure(a, b) is same
    assert quantities.same_figure(b, a) is same


@pytest.fixture(scope="module")
def conflict_db(nlp):
    db = open_db(":memory:")
    sentences = [
        "Bilateral trade between Kazakhstan and China reached $11.07 billion in 2017.",
        "Trade between China and Kazakhstan was $12 billion in 2017, officials said.",
        # Same quantity, another year: no conflict.
        "Trade between China and Kazakhstan was $14 billion in 2019, officials said.",
        # Lower bound consistent with the larger value: no conflict.
        "More than a million Uighurs have been detained in Xinjiang, the report said.",
        "Researchers estimate that 1.8 million Uighurs have been detained in Xinjiang.",
        # Fewer than the lower bound: a conflict.
        "The minister said 400,000 Uighurs had been held in Xinjiang.",
        # Other entity: no conflict.
        "Bilateral trade between Uzbekistan and Russia reached $7 billion in 2017.",
    ]
    ids = [store_text(db, nlp, text, f"conflict {i}")[0] for i, text in enumerate(sentences)]
    yield db, ids
    db.close()


def test_figure_conflicts_view_lists_only_real_conflicts(conflict_db):
    db, ids = conflict_db
    pairs = {(row["claim_id"], row["other_claim_id"]) for row in
             db.query("select claim_id, other_claim_id from figure_conflicts")}
    assert pairs == {(ids[0], ids[1]), (ids[3], ids[5]), (ids[4], ids[5])}
    row = next(db.query("select * from figure_conflicts where claim_id = ?", [ids[0]]))
    assert row["figure"] == "$11.07 billion" and row["other_figure"] == "$12 billion"
    assert row["unit"] == "USD" and row["year"] == "2017"
    assert row["sources"] is None and row["other_sources"] == "officials"
    assert row["reason"] == "$11.07 billion vs $12 billion: Bilateral trade in 2017"


def test_conflicts_for_article_and_source(conflict_db):
    db, ids = conflict_db
    article = db.execute("select article_id from claims where id = ?", [ids[5]]).fetchone()[0]
    rows = conflicts.conflicts_for_article(db, article)
    assert {(r["claim_id"], r["other_claim_id"]) for r in rows} == {(ids[3], ids[5]),
                                                                   (ids[4], ids[5])}
    officials = db.execute("select id from sources where name = 'officials'").fetchone()
    # Group sources never merge across articles: each "officials" is its own source.
    rows = conflicts.conflicts_for_source(db, officials[0])
    assert all(ids[1] in (r["claim_id"], r["other_claim_id"]) or
               ids[2] in (r["claim_id"], r["other_claim_id"]) for r in rows)


def test_replacing_an_article_removes_its_conflicts(nlp):
    db = open_db(":memory:")
    store_text(db, nlp, "Bilateral trade between Kazakhstan and China reached $11.07 billion "
               "in 2017.", "one")
    store_text(db, nlp, "Trade between China and Kazakhstan was $12 billion in 2017.", "two")
    assert db.execute("select count(*) from figure_conflict_pairs").fetchone()[0] == 1
    from claimtrack.store import delete_article

    with db.atomic():
        delete_article(db, db.execute("select id from articles where title = 'two'"
                                      ).fetchone()[0])
    assert db.execute("select count(*) from figure_conflict_pairs").fetchone()[0] == 0


def test_a_figure_is_compared_with_the_newest_mentions_of_its_entities(nlp, monkeypatch):
    # The cost per stored article stays bounded however often an entity was named before.
    monkeypatch.setattr(conflicts, "RECENT_MENTIONS", 2)
    db = open_db(":memory:")
    store_text(db, nlp, "Exports from Mongolia to Japan reached $3 billion in 2018.", "old")
    store_text(db, nlp, "Exports from Mongolia to Japan reached $3.1 billion in 2018.", "recent")
    # The third's figure conflicts with both earlier ones, but the first is past the two
    # newest mentions of Mongolia and of Japan (the third's own and the second's).
    store_text(db, nlp, "Exports from Mongolia to Japan reached $5 billion in 2018.", "new")
    pairs = {tuple(sorted((row["article"], row["other_article"]))) for row in
             db.query("select article, other_article from figure_conflicts")}
    assert pairs == {("new", "recent")}
    monkeypatch.setattr(conflicts, "RECENT_MENTIONS", 3)
    assert len(conflicts.find_conflicts(db, db.execute(
        "select id from articles where title = 'new'").fetchone()[0])) == 2
