"""Candidates for claim matching: BM25 postings of the rarest words, the judged claims kept
for an ingest run, and the pairs left out before comparing. Fresh sentences, real pipeline."""

import pytest

from claimtrack import candidates, checked, matching
from claimtrack.matching_eval import store_text
from claimtrack.store import open_db
from claimtrack.verdicts import add_verdict


def _claims(db, texts):
    for i, text in enumerate(texts, start=1):
        db["claims"].insert({"id": i, "article_id": None, "text": text})


def test_candidates_share_two_query_words_ranked_by_idf():
    db = open_db(":memory:")
    _claims(db, [
        "Walrus tusk ivory trade was banned",   # 1: all five words
        "A walrus tusk carving",                # 2: walrus, tusk (rarer pair)
        "The ivory trade museum",               # 3: ivory, trade
        "A walrus on the beach",                # 4: one word only
        "Trade talks resumed",                  # 5: one word only
        "Ivory trade routes",                   # 6: ivory, trade, as 3
    ])
    query = matching.claim_features("The walrus tusk ivory trade was banned.")
    assert candidates.candidate_ids(db, query, checked_only=False) == [1, 2, 3, 6]
    assert candidates.candidate_ids(db, query, checked_only=False, limit=2) == [1, 2]
    add_verdict(db, 3, "False")
    add_verdict(db, 4, "True")
    assert candidates.candidate_ids(db, query) == [3]


JUDGED = [
    "The ferry between Vidin and Calafat carried 310,000 passengers last year.",
    "Farmers in the Po valley didn't receive the drought compensation promised in March.",
    "The city's covid-19 testing centres closed after the health ministry cut their funding.",
    "Fishermen on Lake Constance reported the smallest whitefish catch in sixty years.",
]
NEW = [
    "Last year the Vidin-Calafat ferry carried 310,000 passengers, the operator said.",
    "Po valley farmers said they didn't get the drought compensation.",
    "Covid-19 testing centres closed when the ministry cut their funding.",
    "The orchestra named a new conductor from Lisbon on Tuesday.",
]


def test_judged_claims_kept_for_a_run_are_the_ones_the_index_finds(nlp):
    db = open_db(":memory:")
    judged = store_text(db, nlp, " ".join(JUDGED), "judged")
    assert len(judged) == len(JUDGED)
    for claim_id in judged:
        add_verdict(db, claim_id, "Mostly true")
    new = store_text(db, nlp, " ".join(NEW), "new")  # the ingest hook fills the kept index
    assert len(new) == len(NEW)
    index = candidates.search_index(db, reuse=True)
    assert index.postings  # words looked up while the new article was stored
    features = checked.load_features(db, new)
    found = [candidates.candidate_ids(db, features[cid], index=index) for cid in new]
    assert found == [candidates.candidate_ids(db, features[cid]) for cid in new]
    assert [ids[:1] for ids in found] == [[judged[0]], [judged[1]], [judged[2]], []]


def test_a_verdict_between_two_ingests_on_one_connection_is_used(nlp):
    db = open_db(":memory:")
    first = store_text(db, nlp, JUDGED[0], "first")[0]
    add_verdict(db, first, "False")
    # Its second sentence (negated: not the same claim) has the words of the one judged
    # next: their judged claims are looked up, and kept, before that claim is judged.
    second = store_text(db, nlp, NEW[0] + " Fishermen on Lake Constance have not reported "
                        "the smallest whitefish catch in sixty years.", "second")
    later = store_text(db, nlp, JUDGED[3], "third")[0]
    add_verdict(db, later, "True")
    repeat = store_text(db, nlp, "Lake Constance fishermen reported the smallest whitefish "
                        "catch in sixty years, a report said.", "fourth")[0]
    rows = db.execute("select claim_id, matched_claim_id from claim_matches "
                      "order by claim_id").fetchall()
    assert rows == [(second[0], first), (repeat, later)]


@pytest.fixture
def spy(monkeypatch):
    compared = []

    class Spy(matching.FuzzyMatcher):
        name = "spy"

        def compare(self, a, b):
            compared.append((a.claim_id, b.claim_id))
            return super().compare(a, b)

    monkeypatch.setitem(matching.MATCHERS, "spy", Spy)
    matching.get_matcher.cache_clear()
    yield compared
    matching.get_matcher.cache_clear()


def test_a_candidate_stating_a_figure_the_claim_lacks_is_not_compared(nlp, spy):
    db = open_db(":memory:")
    with_figure, without = store_text(
        db, nlp, "The regional airport handled 2.4 million passengers, the operator said. "
        "The regional airport handled record passenger numbers, the operator said.", "judged")
    assert db.execute("select claim_id from figures where value is not null").fetchall() == [
        (with_figure,)]
    add_verdict(db, with_figure, "True")
    add_verdict(db, without, "True")
    new = store_text(db, nlp, "The operator said the regional airport handled record "
                     "passenger numbers.", "new")[0]
    features = checked.load_features(db, [new, with_figure, without])
    assert candidates.candidate_ids(db, features[new]) == [without, with_figure]
    # The pair left out could never be the same claim: the fuzzy matcher blocks it.
    left_out = matching.get_matcher().compare(features[new], features[with_figure])
    assert left_out.blockers[0].startswith("figure stated only once")
    assert checked.match_new_claims(db, [new], matcher_name="spy") == 1
    assert spy == [(new, without)]
    assert db.execute("select claim_id, matched_claim_id from claim_matches "
                      "where method = 'spy'").fetchall() == [(new, without)]
