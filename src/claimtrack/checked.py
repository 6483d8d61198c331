"""Has this been checked before? Claim matches against judged claims, stored and looked up.

Candidates come from the claims FTS index (postings of the claim's rarest words, scored by
BM25's IDF), limited to ``CANDIDATE_LIMIT`` and, on ingest, to claims that have a verdict,
so the cost per claim stays bounded however large the archive grows; a matcher
(claimtrack.matching) re-ranks them.

Matches are kept in ``claim_matches`` (claim_id -> matched_claim_id, the judged claim) and
found from both sides, so the order of ingest and verdict does not matter:

* when an article is stored, each of its claims is matched against every judged claim;
* when a claim gets its first verdict, the claims already stored are matched against it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from claimtrack import matching

# BM25 candidates re-ranked per claim: paraphrases of a claim share its rare words, so the
# true match is near the top; 8 keeps the re-ranking cost per claim fixed and small.
CANDIDATE_LIMIT = 8
# Content words looked up per claim: the rarest ones in the index (a paraphrase keeps a
# claim's rare words: names, nouns of the topic). Every posting read costs, so words are
# added rarest first only while the postings they bring stay within QUERY_HIT_BUDGET (common
# words, "said" or "government", would bring most of the archive); the rarest word goes in
# whatever its count, and never more than QUERY_WORD_LIMIT.
QUERY_WORD_LIMIT = 8
QUERY_HIT_BUDGET = 100
# The index's word counts are read once (a full scan of its vocabulary) and reused while no
# verdict changes, for at most this many articles: counts only choose which words to send.
VOCABULARY_REUSE = 200
# Candidates share at least two of the claim's query words: a claim sharing one rare word
# (a name) is about the same thing, rarely the same claim, and re-ranking it costs.
MIN_SHARED_WORDS = 2
# On a new verdict, claims are matched against the judged one: more candidates, because
# every stored claim may repeat it, and this runs once per verdict, not per claim.
VERDICT_CANDIDATE_LIMIT = 200

_CURRENT_VERDICT = """
    (select {col} from verdicts v where v.claim_id = {claim}
     order by v.created_at desc, v.id desc limit 1)
"""


def fts_query(words: Iterable[str]) -> str:
    """An FTS5 query matching any of the words, each quoted (user text may hold FTS5
    syntax: quotes, AND/OR/NEAR, column filters, stars)."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    return " OR ".join(quoted)


@dataclass
class _Index:
    """What candidate search reads once per run: the index's word counts, the number of
    claims and the judged claim ids; and the features of judged claims already compared
    (they come back for every article sharing their words, and stay the same while the
    verdicts do: a replaced article detaches its verdicts, which renews the index)."""

    conn: object
    mark: tuple
    uses: int
    counts: dict[str, int]
    claims: int
    judged: set[int]
    features: dict[int, matching.ClaimFeatures] = field(default_factory=dict)


_kept: dict[int, _Index] = {}


def _read_index(db: sqlite_utils.Database, mark: tuple, words: list[str] | None) -> _Index:
    db.execute("create virtual table if not exists temp.claims_fts_terms "
               "using fts5vocab(main, claims_fts, row)")
    if words is None:
        counts = dict(db.execute("select term, doc from temp.claims_fts_terms"))
    else:
        counts = dict(db.execute(
            "select term, doc from temp.claims_fts_terms "
            "where term in (select value from json_each(?))", [json.dumps(sorted(set(words)))]))
    return _Index(db.conn, mark, 0, counts,
                  db.execute("select count(*) from claims").fetchone()[0],
                  {row[0] for row in db.execute(
                      "select distinct claim_id from verdicts where claim_id is not null")})


def search_index(db: sqlite_utils.Database, words: Iterable[str] = (), *,
                 reuse: bool = False) -> _Index | None:
    """Word counts (fts5vocab in the temp schema: nothing is written to the database file),
    claim count and judged ids. With ``reuse`` (ingest), the whole vocabulary is read once
    and kept for this connection while the verdicts stay the same, up to VOCABULARY_REUSE
    calls; words new since then count 0 (no judged claim has them)."""
    if not db["claims_fts"].exists():  # a database made by hand, without the index
        return None
    # Changes with any verdict added, removed, detached or re-attached.
    mark = tuple(db.execute("select count(*), max(id), total(claim_id) from verdicts"
                            ).fetchone())
    if not reuse:
        return _read_index(db, mark, list(words))
    kept = _kept.get(id(db.conn))
    if kept is None or kept.conn is not db.conn or kept.mark != mark \
            or kept.uses >= VOCABULARY_REUSE:
        kept = _kept[id(db.conn)] = _read_index(db, mark, None)
    kept.uses += 1
    return kept


def query_words(words: Iterable[str], counts: dict[str, int]) -> list[str]:
    """The claim's words to search for: rarest first, within the hit budget."""
    words = list(words)
    found = sorted((w for w in words if counts.get(w)), key=lambda w: (counts[w], words.index(w)))
    chosen, hits = [], 0
    for word in found[:QUERY_WORD_LIMIT]:
        if chosen and hits + counts[word] > QUERY_HIT_BUDGET:
            break
        chosen.append(word)
        hits += counts[word]
    return chosen


def candidate_ids(db: sqlite_utils.Database, features: matching.ClaimFeatures, *,
                  checked_only: bool = True, limit: int = CANDIDATE_LIMIT,
                  index: _Index | None = None,
                  postings: dict[str, list[int]] | None = None) -> list[int]:
    """Claim ids sharing the claim's rarest words, best first, without the claim itself.

    Each query word's postings come from the FTS index and a claim scores the BM25 weight
    (IDF) of the words it shares: claims are single sentences, so BM25's term-frequency and
    length terms hardly move the order, and one posting read per word is much cheaper than
    FTS5 ranking every hit of an OR query. A candidate must share MIN_SHARED_WORDS of them.
    ``index``: a search_index already read for many claims; ``postings``: a dict kept
    across the claims of one article (their words repeat), filled here."""
    index = index or search_index(db, features.words)
    if index is None:
        return []
    words = query_words(features.words, index.counts)
    scores: dict[int, float] = {}
    shared: dict[int, int] = {}
    for word in words:
        df = index.counts[word]
        idf = math.log(1 + (index.claims - df + 0.5) / (df + 0.5))
        if postings is None or word not in postings:
            found = [row[0] for row in db.execute(
                "select rowid from claims_fts where claims_fts match ?", [fts_query([word])])]
            if postings is None:
                postings = {}
            postings[word] = found
        for rowid in postings[word]:
            if rowid == features.claim_id or (checked_only and rowid not in index.judged):
                continue
            scores[rowid] = scores.get(rowid, 0.0) + idf
            shared[rowid] = shared.get(rowid, 0) + 1
    needed = min(MIN_SHARED_WORDS, len(words))
    ranked = sorted((rowid for rowid in scores if shared[rowid] >= needed),
                    key=lambda rowid: (-scores[rowid], rowid))
    return ranked[:limit]


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
    new = load_features(db, claim_ids)
    index = search_index(db, reuse=True)
    postings: dict[str, list[int]] = {}
    wanted = {cid: candidate_ids(db, features, index=index, postings=postings)
              for cid, features in new.items()}
    known = index.features if index is not None else {}
    known.update(load_features(db, {c for ids in wanted.values() for c in ids} - known.keys()))
    rows = []
    for cid, ids in wanted.items():
        for candidate, comparison in rank(new[cid], (known[i] for i in ids), matcher_name):
            if comparison.same:
                rows.append(_match_row(cid, candidate.claim_id, comparison, matcher_name))
    save_claim_matches(db, rows)
    return len(rows)


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
    match_new_claims(db, claim_ids)
    if claim_ids:
        for (judged,) in db.execute(
            "select distinct claim_id from verdicts where claim_id in "
            "(select value from json_each(?))", [json.dumps(claim_ids)],
        ).fetchall():
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
