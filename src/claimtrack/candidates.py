"""Candidates for claim matching: the stored claims sharing a claim's rarest words.

Candidates come from the claims FTS index (postings of the claim's rarest words, scored by
BM25's IDF), limited to ``CANDIDATE_LIMIT`` and, on ingest, to claims that have a verdict,
so the cost per claim stays bounded however large the archive grows; a matcher
(claimtrack.matching) re-ranks them (claimtrack.checked). On ingest what the search reads
is kept for the run (``search_index(reuse=True)``): the vocabulary's counts, the judged
claim ids, each query word's judged claims and the judged claims' features.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
from collections.abc import Iterable, Set
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
# Words whose judged claims are kept for an ingest run (most words of news are far fewer):
# bounds the memory of a very long run.
POSTINGS_KEPT = 200_000
# Candidates share at least two of the claim's query words: a claim sharing one rare word
# (a name) is about the same thing, rarely the same claim, and re-ranking it costs.
MIN_SHARED_WORDS = 2


def fts_query(words: Iterable[str]) -> str:
    """An FTS5 query matching any of the words, each quoted (user text may hold FTS5
    syntax: quotes, AND/OR/NEAR, column filters, stars)."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    return " OR ".join(quoted)


@dataclass
class SearchIndex:
    """What candidate search reads once per run: the index's word counts, the number of
    claims and the judged claim ids. On ingest also, for the run, each query word's judged
    claims (``postings``: new claims are not judged, so they stay right while the verdicts
    do; a word comes back in many articles) and the features of judged claims already
    compared (they come back for every article sharing their words)."""

    conn: object
    mark: tuple
    uses: int
    counts: dict[str, int]
    claims: int
    judged: set[int]
    features: dict[int, matching.ClaimFeatures] = field(default_factory=dict)
    postings: dict[str, frozenset[int]] | None = None


_kept: dict[int, SearchIndex] = {}


def _read_index(db: sqlite_utils.Database, mark: tuple, words: list[str] | None) -> SearchIndex:
    db.execute("create virtual table if not exists temp.claims_fts_terms "
               "using fts5vocab(main, claims_fts, row)")
    if words is None:
        counts = dict(db.execute("select term, doc from temp.claims_fts_terms"))
    else:
        counts = dict(db.execute(
            "select term, doc from temp.claims_fts_terms "
            "where term in (select value from json_each(?))", [json.dumps(sorted(set(words)))]))
    return SearchIndex(db.conn, mark, 0, counts,
                       db.execute("select count(*) from claims").fetchone()[0],
                       {row[0] for row in db.execute(
                           "select distinct claim_id from verdicts where claim_id is not null")})


def search_index(db: sqlite_utils.Database, words: Iterable[str] = (), *,
                 reuse: bool = False) -> SearchIndex | None:
    """Word counts (fts5vocab in the temp schema: nothing is written to the database file),
    claim count and judged ids. With ``reuse`` (ingest), the whole vocabulary is read once
    and kept for this connection while the verdicts stay the same, up to VOCABULARY_REUSE
    calls; words new since then count 0 (no judged claim has them)."""
    kept = _kept.get(id(db.conn)) if reuse else None
    if kept is None or kept.conn is not db.conn:
        kept = None
        if not db["claims_fts"].exists():  # a database made by hand, without the index
            return None
    # Changes with any verdict added (a new id), detached from its claim by a replace (one
    # more without a claim) or re-attached (one fewer); verdicts are never deleted. Two index
    # lookups, where a scan of the verdicts cost a share of every article's ingest.
    mark = tuple(db.execute(
        "select (select max(id) from verdicts), "
        "(select count(*) from verdicts where claim_id is null)").fetchone())
    if kept is not None and kept.mark == mark and kept.uses < VOCABULARY_REUSE:
        kept.uses += 1
        return kept
    if not reuse:
        return _read_index(db, mark, list(words))
    fresh = _read_index(db, mark, None)
    if kept is not None and kept.judged == fresh.judged:
        fresh.postings, fresh.features = kept.postings, kept.features
    if fresh.postings is None or len(fresh.postings) > POSTINGS_KEPT:
        fresh.postings = {}
    fresh.uses = 1
    _kept[id(db.conn)] = fresh
    return fresh


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
                  index: SearchIndex | None = None) -> list[int]:
    """Claim ids sharing the claim's rarest words, best first, without the claim itself.

    Each query word's postings come from the FTS index and a claim scores the BM25 weight
    (IDF) of the words it shares: claims are single sentences, so BM25's term-frequency and
    length terms hardly move the order, and reading the words' postings (in one statement)
    is much cheaper than FTS5 ranking every hit of an OR query. A candidate must share
    MIN_SHARED_WORDS of them.
    ``index``: a search_index already read for many claims; with ``checked_only``, the
    judged claims of each word are kept there for the run."""
    index = index or search_index(db, features.words)
    if index is None:
        return []
    words = query_words(features.words, index.counts)
    kept = checked_only and index.postings is not None
    postings: dict[str, Set[int]] = index.postings if kept else {}
    missing = [w for w in words if w not in postings]
    if missing:
        read_postings(db, index, missing, postings, kept)
    sets = [postings[word] for word in words]
    found = _in_at_least(sets, min(MIN_SHARED_WORDS, len(words)))
    found.discard(features.claim_id)  # sets may be kept: found is a new set
    if checked_only:
        found &= index.judged
    if len(words) == 1:  # one word: every claim holding it scores the same
        return heapq.nsmallest(limit, found)
    idfs = [math.log(1 + (index.claims - index.counts[w] + 0.5) / (index.counts[w] + 0.5))
            for w in words]
    scores = {rowid: sum(idf for idf, ids in zip(idfs, sets, strict=True) if rowid in ids)
              for rowid in found}
    return sorted(found, key=lambda rowid: (-scores[rowid], rowid))[:limit]


def read_postings(db: sqlite_utils.Database, index: SearchIndex, words: list[str],
                   postings: dict[str, Set[int]], judged_only: bool) -> None:
    """Each word's claims (only the judged ones with ``judged_only``) from the FTS index,
    into ``postings``: one query for all the words (every statement lets other threads take
    the interpreter, which on ingest costs more than the lookup itself)."""
    found: dict[str, set[int]] = {word: set() for word in words}
    if words:
        for key, rowid in db.execute(
            "select j.key, f.rowid from json_each(?) as j join claims_fts as f "
            "on f.claims_fts match j.value", [json.dumps([fts_query([w]) for w in words])],
        ):
            found[words[key]].add(rowid)
    for word, ids in found.items():
        postings[word] = frozenset(ids & index.judged) if judged_only else ids


def _in_at_least(sets: list[Set[int]], needed: int) -> set[int]:
    """Ids in at least ``needed`` of the sets, by set operations (run in C) rather than a
    count per posting: the postings of a claim's words can hold thousands of ids."""
    if needed <= 1:
        return set().union(*sets)
    found: set[int] = set()
    for group in itertools.combinations(sets, needed):
        found |= group[0].intersection(*group[1:])
    return found


def forget(db: sqlite_utils.Database) -> None:
    """Drop what is kept for this connection (claims replaced under the same ids: their
    figures and entities may differ)."""
    _kept.pop(id(db.conn), None)
