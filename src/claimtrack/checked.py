"""Has this been checked before? Claim matches against judged claims, stored and looked up.

Candidates come from the claims FTS index (claimtrack.candidates: the claims sharing a
claim's rarest words; on ingest only judged ones) and a matcher (claimtrack.matching)
re-ranks them. On ingest only claims with candidates, paired with candidates that can match
them (both or neither stating a figure), have their features read and compared.

Matches are kept in ``claim_matches`` (claim_id -> matched_claim_id, the judged claim) and
found from both sides, so the order of ingest and verdict does not matter:

* when an article is stored, each of its claims is matched against every judged claim;
* when a claim gets its first verdict, the claims already stored are matched against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from claimtrack import candidates, matching
from claimtrack.candidates import CANDIDATE_LIMIT, candidate_ids

# On a new verdict, claims are matched against the judged one: more candidates, because
# every stored claim may repeat it, and this runs once per verdict, not per claim.
VERDICT_CANDIDATE_LIMIT = 200

_CURRENT_VERDICT = """
    (select {col} from verdicts v where v.claim_id = {claim}
     order by v.created_at desc, v.id desc limit 1)
"""


def load_features(db: sqlite_utils.Database, claim_ids: Iterable[int]
                  ) -> dict[int, matching.ClaimFeatures]:
    """Matching features of stored claims, read in three queries for all of them."""
    ids = json.dumps(sorted(set(claim_ids)))
    claims = {cid: (text, start) for cid, text, start in db.execute(
        "select id, text, start from claims where id in (select value from json_each(?))",
        [ids])}
    figures: dict[int, list[dict]] = {cid: [] for cid in claims}
    for row in db.query(
        "select claim_id, text, value, unit, qualifier, low, high, start, end from figures "
        "where claim_id in (select value from json_each(?))", [ids],
    ):
        offset = claims[row["claim_id"]][1]
        figures[row["claim_id"]].append(
            {**row, "start": row["start"] - offset, "end": row["end"] - offset})
    entities: dict[int, list[tuple[str, str]]] = {cid: [] for cid in claims}
    for cid, canonical, label in db.execute(
        "select claim_id, canonical, label from entities "
        "where claim_id in (select value from json_each(?))", [ids],
    ):
        entities[cid].append((canonical, label))
    return {
        cid: matching.claim_features(text, claim_id=cid, figures=figures[cid],
                                     entities=entities[cid])
        for cid, (text, _) in claims.items()
    }


def rank(query: matching.ClaimFeatures, candidates: Iterable[matching.ClaimFeatures],
         matcher_name: str = matching.DEFAULT_MATCHER
         ) -> list[tuple[matching.ClaimFeatures, matching.Comparison]]:
    """Candidates compared with the query: same-claim matches first, then by score."""
    matcher = matching.get_matcher(matcher_name)
    scored = [(c, matcher.compare(query, c)) for c in candidates]
    return sorted(scored, key=lambda pair: (not pair[1].same, -pair[1].score,
                                            pair[0].claim_id or 0))


def save_claim_matches(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Store matches ({claim_id, matched_claim_id, score, method, reasons: [..]}); a pair
    already stored for the same method is replaced."""
    db["claim_matches"].insert_all(
        [{**row, "reasons": json.dumps(list(row["reasons"]), ensure_ascii=False)}
         for row in rows],
        replace=True,
    )


def _match_row(claim_id: int, matched_id: int, comparison: matching.Comparison,
               method: str) -> dict:
    return {"claim_id": claim_id, "matched_claim_id": matched_id,
            "score": comparison.score, "method": method, "reasons": comparison.reasons}


def _has_verdicts(db: sqlite_utils.Database) -> bool:
    return db.execute("select exists (select 1 from verdicts)").fetchone()[0] == 1


def match_new_claims(db: sqlite_utils.Database, claim_ids: list[int],
                     matcher_name: str = matching.DEFAULT_MATCHER) -> int:
    """Match freshly stored claims against every judged claim; returns matches stored."""
    if not claim_ids or not _has_verdicts(db):
        return 0
    index = candidates.search_index(db, reuse=True)
    if index is None:
        return 0
    # Candidates from the words alone: most new claims have none, and need no more.
    queries = [matching.ClaimFeatures(text, claim_id=cid, words=matching.claim_words(text))
               for cid, text in db.execute("select id, text from claims where id in "
                                           "(select value from json_each(?))",
                                           [json.dumps(claim_ids)])]
    # The postings of all the article's words not yet kept, in one query.
    missing = {w for q in queries for w in candidates.query_words(q.words, index.counts)}
    candidates.read_postings(db, index, sorted(missing - index.postings.keys()),
                             index.postings, True)
    wanted = {}
    for query in queries:
        ids = candidate_ids(db, query, index=index)
        if ids:
            wanted[query.claim_id] = ids
    if getattr(matching.get_matcher(matcher_name), "figures_must_agree", False):
        wanted = _figures_agree(db, wanted)
    if not wanted:
        return 0
    new = load_features(db, wanted)
    known = index.features
    known.update(load_features(db, {c for ids in wanted.values() for c in ids} - known.keys()))
    rows = []
    for cid, ids in wanted.items():
        # (a claim deleted by hand since the judged ids were read has no features)
        for candidate, comparison in rank(new[cid], (known[i] for i in ids if i in known),
                                          matcher_name):
            if comparison.same:
                rows.append(_match_row(cid, candidate.claim_id, comparison, matcher_name))
    save_claim_matches(db, rows)
    return len(rows)


def _figures_agree(db: sqlite_utils.Database, wanted: dict[int, list[int]]
                   ) -> dict[int, list[int]]:
    """Candidates that state a figure when the claim does, and none when it does not: the
    others can never be the same claim (numbers must agree), so they are not compared and
    their features are not read. One query on the figures' claim_id index."""
    ids = set(wanted).union(*wanted.values())
    with_figures = {row[0] for row in db.execute(
        "select distinct claim_id from figures where value is not null and claim_id in "
        "(select value from json_each(?))", [json.dumps(sorted(ids))])}
    kept = {cid: [c for c in ids if (c in with_figures) == (cid in with_figures)]
            for cid, ids in wanted.items()}
    return {cid: ids for cid, ids in kept.items() if ids}


def match_against_judged_claim(db: sqlite_utils.Database, judged_id: int,
                               matcher_name: str = matching.DEFAULT_MATCHER) -> int:
    """Match the stored claims against a claim that was just judged; returns matches
    stored. Claims are found by BM25 among all claims (not only judged ones)."""
    judged = load_features(db, [judged_id]).get(judged_id)
    if judged is None:
        return 0
    ids = candidate_ids(db, judged, checked_only=False, limit=VERDICT_CANDIDATE_LIMIT)
    rows = []
    for candidate, comparison in rank(judged, load_features(db, ids).values(), matcher_name):
        if comparison.same:
            # Compared from the stored claim's side, as on ingest.
            rows.append(_match_row(candidate.claim_id, judged_id, comparison, matcher_name))
    save_claim_matches(db, rows)
    return len(rows)


def after_verdict(db: sqlite_utils.Database, claim_id: int) -> None:
    """Hook for verdicts.add_verdict: the first verdict on a claim makes it a candidate."""
    first = db.execute("select count(*) from verdicts where claim_id = ?",
                       [claim_id]).fetchone()[0] == 1
    if first:
        match_against_judged_claim(db, claim_id)


def after_article_saved(db: sqlite_utils.Database, claim_ids: list[int]) -> None:
    """Hook for store.save_article (inside its transaction): match the new claims against
    judged ones, and match stored claims against claims that kept their verdicts through a
    replace."""
    reattached = [row[0] for row in db.execute(
        "select distinct claim_id from verdicts where claim_id in "
        "(select value from json_each(?))", [json.dumps(claim_ids)])] if claim_ids else []
    if reattached:
        # Their ids may be the replaced claims' ids, with new figures and entities.
        candidates.forget(db)
    match_new_claims(db, claim_ids)
    for judged in reattached:
        match_against_judged_claim(db, judged)


def text_features(db: sqlite_utils.Database, nlp, text: str) -> matching.ClaimFeatures:
    """Features of free text (``claimtrack match "TEXT"``): figures and entities from the
    pipeline, entity names mapped to the canonicals already in the database."""
    from claimtrack import name_index

    doc = nlp(text)
    found = [(e["canonical"], e["label"]) for e in doc._.ct_entities]
    known = name_index.CanonicalIndex(db.execute(
        "select distinct canonical, label from entities where canonical is not null"))
    mapping = name_index.canonical_map(sorted(set(found)), known)
    return matching.claim_features(doc.text, figures=list(doc._.ct_figures),
                                   entities=[(mapping[e], e[1]) for e in found])


def find_matches(db: sqlite_utils.Database, query: matching.ClaimFeatures, *,
                 checked_only: bool = True, near: bool = False, limit: int = CANDIDATE_LIMIT,
                 matcher_name: str = matching.DEFAULT_MATCHER) -> list[dict]:
    """Ranked matches for ``claimtrack match``: same-claim matches (and, with ``near``, the
    similar claims a blocker separates, with the reason), each with the claim's text,
    article and current verdict."""
    ids = candidate_ids(db, query, checked_only=checked_only, limit=limit)
    results = []
    for candidate, comparison in rank(query, load_features(db, ids).values(), matcher_name):
        if not (comparison.same or (near and comparison.score >= matching.SAME_CLAIM_THRESHOLD)):
            continue
        row = db.execute(
            f"select article_id, "
            f"{_CURRENT_VERDICT.format(col='rating', claim='claims.id')}, "
            f"{_CURRENT_VERDICT.format(col='url', claim='claims.id')} "
            "from claims where id = ?", [candidate.claim_id]).fetchone()
        results.append({"claim_id": candidate.claim_id, "claim": candidate.text,
                        "article_id": row[0], "rating": row[1], "url": row[2],
                        "score": comparison.score, "same": comparison.same,
                        "reasons": list(comparison.reasons),
                        "blockers": list(comparison.blockers)})
    return results


def checked_before(db: sqlite_utils.Database, claim_ids: Iterable[int]) -> dict[int, list[dict]]:
    """For each claim id, the judged claims it matches, best first, each with its current
    verdict: {claim_id: [{matched_claim_id, score, method, reasons, claim, article_id,
    rating, url, reviewer}]}. Claims without matches are absent."""
    found: dict[int, list[dict]] = {}
    rows = db.query(
        f"""
        select m.claim_id, m.matched_claim_id, m.score, m.method, m.reasons,
               c.text as claim, c.article_id,
               {_CURRENT_VERDICT.format(col='rating', claim='m.matched_claim_id')} as rating,
               {_CURRENT_VERDICT.format(col='url', claim='m.matched_claim_id')} as url,
               {_CURRENT_VERDICT.format(col='reviewer', claim='m.matched_claim_id')} as reviewer
        from claim_matches m join claims c on c.id = m.matched_claim_id
        where m.claim_id in (select value from json_each(?))
        order by m.claim_id, m.score desc, m.matched_claim_id
        """,
        [json.dumps(sorted(set(claim_ids)))],
    )
    for row in rows:
        row["reasons"] = json.loads(row["reasons"] or "[]")
        found.setdefault(row.pop("claim_id"), []).append(row)
    return found


def track_record(db: sqlite_utils.Database, source_id: int) -> dict:
    """A source's record: claims attributed, claims judged, and the current ratings of the
    judged ones ({rating: count}, most frequent first)."""
    row = db.execute(
        "select count(distinct claim_id) from attributions where source_id = ?", [source_id]
    ).fetchone()
    ratings: dict[str, int] = {}
    for rating, count in db.execute(
        f"""
        select rating, count(*) from (
          select distinct a.claim_id,
                 {_CURRENT_VERDICT.format(col='rating', claim='a.claim_id')} as rating
          from attributions a where a.source_id = ?
        ) where rating is not null
        group by rating order by count(*) desc, rating
        """, [source_id],
    ):
        ratings[rating] = count
    return {"source_id": source_id, "claims": row[0], "checked": sum(ratings.values()),
            "ratings": ratings}
