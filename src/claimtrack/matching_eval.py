"""Score claim matching on sentence pairs: precision and recall of "same claim", and the
mean reciprocal rank of the true match among all judged claims.

The pairs go through the real path: each first sentence is stored as an article and given a
verdict, then each second sentence is stored, so the on-ingest hook (FTS candidates, matcher)
decides what is stored in claim_matches. Used by scripts/eval_matching.py and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils
from spacy.language import Language

from claimtrack import checked
from claimtrack.cleaning import Article
from claimtrack.extract import article_rows
from claimtrack.store import open_db, save_article
from claimtrack.verdicts import add_verdict


def store_text(db: sqlite_utils.Database, nlp: Language, text: str, title: str) -> list[int]:
    """Store one text as an article through the pipeline; returns its claim ids."""
    article = Article(title=title, authors=[], publication=None, published=None, url=None,
                      path=title, text=text)
    rows = article_rows(article, nlp(text))
    save_article(db, rows)
    return [row[0] for row in db.execute(
        "select id from claims where article_id = ? order by seq", [rows.article["id"]])]


@dataclass
class MatchingScores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    reciprocal_ranks: list[float] = field(default_factory=list)
    # Pairs decided wrongly: (kind, checked sentence, new sentence).
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    # Stored matches between sentences of different pairs (all written to differ).
    cross_pair_matches: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def mrr(self) -> float:
        ranks = self.reciprocal_ranks
        return sum(ranks) / len(ranks) if ranks else 0.0


def evaluate_pairs(nlp: Language, pairs: list[tuple[str, str, str]]) -> MatchingScores:
    db = open_db(":memory:")
    judged: list[int] = []
    for i, (first, _, _) in enumerate(pairs):
        ids = store_text(db, nlp, first, f"checked {i}")
        add_verdict(db, ids[0], "True")
        judged.append(ids[0])
    new: list[int] = [store_text(db, nlp, second, f"new {i}")[0]
                      for i, (_, second, _) in enumerate(pairs)]
    stored = {(row[0], row[1]) for row in db.execute(
        "select claim_id, matched_claim_id from claim_matches")}
    scores = MatchingScores()
    pair_of = {(n, j): i for i, (n, j) in enumerate(zip(new, judged, strict=True))}
    scores.cross_pair_matches = sum(1 for key in stored if key not in pair_of)
    for i, (first, second, kind) in enumerate(pairs):
        predicted = (new[i], judged[i]) in stored
        if kind == "same":
            if predicted:
                scores.true_positives += 1
            else:
                scores.false_negatives += 1
            # MRR of `match --claim`: the rank of the true match among all judged claims.
            query = checked.load_features(db, [new[i]])[new[i]]
            candidates = checked.load_features(db, checked.candidate_ids(db, query))
            ranked = [c.claim_id for c, comparison in checked.rank(query, candidates.values())
                      if comparison.same]
            rank = ranked.index(judged[i]) + 1 if judged[i] in ranked else None
            scores.reciprocal_ranks.append(1.0 / rank if rank else 0.0)
        elif predicted:
            scores.false_positives += 1
        if predicted != (kind == "same"):
            scores.errors.append((kind, first, second))
    db.close()
    return scores
