"""Build a large claimtrack database through the store, and time the merge as it grows.

Annotates --texts real articles once, then saves --articles copies with store.save_article
(the one write path ingest and merge use): each copy's text gets a numbered closing
paragraph (offsets of every span stay exact, the sha256 and article id change) and, except
every REAL_NAMES_EVERY-th copy, its source and entity names letter-permuted by one of
NAME_VARIANTS ciphers, so the registry keeps growing and the real sources gather thousands
of claims, as on a real archive.

At each --checkpoints size it builds a probe shard of --probe copies whose names no copy
used before (the worst case for resolution: every name is new and goes through the fuzzy
step) and times merge.merge_shard of it into the database: merge articles/s and ms per
article as the target grows. Prints one JSON line per checkpoint and build window.

    nice python benchmarks/scale_db.py --articles 100000 --db /tmp/big/claims.db
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import DEFAULT_SOURCE_DIRS, build_corpus  # noqa: E402
from store_scaling import cipher, current_rss_mb, rename_names  # noqa: E402

# Every 10th copy keeps the real names: the real sources gather thousands of claims.
REAL_NAMES_EVERY = 10
# Ciphers the other copies cycle through: the registry grows to about NAME_VARIANTS times
# the sources of the real texts, then names recur as they do in an archive.
NAME_VARIANTS = 2000
# Probe shards take cipher numbers from here on: names no copy used.
PROBE_CIPHERS = 10**6


def varied(rows, n: int, cipher_number: int | None):
    """A copy of an article's rows with distinct text (hence sha256 and id), and names
    permuted by ``cipher_number`` (None: the real names)."""
    from claimtrack.extract import sha256_text

    rows = copy.deepcopy(rows)
    article = rows.article
    article["text"] = article["text"] + f"\n\nArchive copy {n}."
    article["sha256"] = sha256_text(article["text"])
    article["id"] = f"{article['id'][:-8]}{article['sha256'][:8]}"
    if cipher_number is not None:
        rename_names(rows, cipher(cipher_number))
    return rows


def annotate(texts: int, tmp: Path) -> list:
    from claimtrack.cleaning import clean
    from claimtrack.extract import article_rows
    from claimtrack.nlp import load_nlp
    from claimtrack.readers import iter_inputs

    nlp = load_nlp()
    paths = build_corpus(texts, DEFAULT_SOURCE_DIRS, tmp / "articles")
    articles = [clean(raw) for raw in iter_inputs([str(p) for p in paths])]
    return [article_rows(a, doc) for doc, a in
            nlp.pipe(((a.text, a) for a in articles), as_tuples=True)]


def probe_shard(path: Path, row_sets: list, first: int, size: int) -> Path:
    from claimtrack.store import KnownNames, open_db, save_article

    db = open_db(path)
    known = KnownNames()
    for i in range(size):
        n = first + i
        save_article(db, varied(row_sets[n % len(row_sets)], n, PROBE_CIPHERS + n),
                     known=known)
    db.disable_wal()
    db.close()
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--texts", type=int, default=20, help="real texts to annotate (20)")
    parser.add_argument("--checkpoints", default="0,1000,10000,25000,50000,100000")
    parser.add_argument("--probe", type=int, default=200, help="articles per probe shard")
    parser.add_argument("--window", type=int, default=5000)
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop building after this long (then finish and report)")
    args = parser.parse_args(argv)

    from claimtrack.merge import MergeSummary, finish, merge_shard
    from claimtrack.store import KnownNames, open_db, save_article

    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    with tempfile.TemporaryDirectory(prefix="claimtrack-scale-") as tmp:
        row_sets = annotate(args.texts, Path(tmp))
        args.db.parent.mkdir(parents=True, exist_ok=True)
        db = open_db(args.db)
        # A bulk build: a power cut may lose the last transactions (WAL keeps the file sound).
        db.execute("pragma synchronous = normal")
        known = KnownNames()
        n = db["articles"].count
        window_start, window_n = time.perf_counter(), n
        deadline = time.monotonic() + 60 * args.max_minutes if args.max_minutes else None
        while n < args.articles and (deadline is None or time.monotonic() < deadline):
            if checkpoints and n >= checkpoints[0]:
                checkpoints.pop(0)
                # Numbered after the database size: names and texts no earlier probe used.
                shard = probe_shard(Path(tmp) / f"probe-{n}.db", row_sets,
                                    PROBE_CIPHERS + 10 * n, args.probe)
                summary = MergeSummary()
                start = time.perf_counter()
                merge_shard(db, shard, known=known, summary=summary)
                took = time.perf_counter() - start
                n = db["articles"].count
                print(json.dumps({
                    "merge_into_articles": n - summary.inserted, "merged": summary.inserted,
                    "merge_articles_per_s": round(summary.inserted / took, 1),
                    "merge_ms_per_article": round(1000 * took / summary.inserted, 1),
                    "sources": db["sources"].count, "rss_mb": current_rss_mb()}), flush=True)
                continue
            base = n % len(row_sets)
            cipher_number = None if n % REAL_NAMES_EVERY == 0 else n % NAME_VARIANTS
            assert save_article(db, varied(row_sets[base], n, cipher_number),
                                known=known) == "inserted"
            n += 1
            if n % args.window == 0:
                took = time.perf_counter() - window_start
                print(json.dumps({
                    "articles": n, "save_ms_per_article": round(1000 * took / (n - window_n), 1),
                    "sources": db["sources"].count, "rss_mb": current_rss_mb()}), flush=True)
                window_start, window_n = time.perf_counter(), n
        start = time.perf_counter()
        finish(db)
        db.execute("pragma wal_checkpoint(truncate)")
        size = args.db.stat().st_size
        print(json.dumps({
            "articles": n, "claims": db["claims"].count, "sources": db["sources"].count,
            "finish_s": round(time.perf_counter() - start, 1), "db_bytes": size,
            "kb_per_article": round(size / n / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
