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
# Ciphers the other copies cycle through (--name-variants): the registry grows to about
# this many times the sources of the real texts (10,000: some 160,000 sources and 900,000
# entity canonicals), then names recur as they do in an archive.
NAME_VARIANTS = 10_000
# Probe shards take cipher numbers from here on: names no copy used.
PROBE_CIPHERS = 10**6


def varied(rows, n: int, cipher_number: int | None):
    """A copy of an article's rows with distinct text (hence sha256 and id), and names
    permuted by ``cipher_number`` (None: the real names). Only the article, source and
    entity dicts are new: save_article never changes the rows it is given, and a deep copy
    of a long article cost more than saving it."""
    from claimtrack.extract import ArticleRows, sha256_text

    article = dict(rows.article)
    article["text"] = article["text"] + f"\n\nArchive copy {n}."
    article["sha256"] = sha256_text(article["text"])
    article["id"] = f"{article['id'][:-8]}{article['sha256'][:8]}"
    copied = ArticleRows(article, rows.claims, [dict(s) for s in rows.sources],
                         rows.attributions, [dict(e) for e in rows.entities], rows.figures)
    if cipher_number is not None:
        rename_names(copied, cipher(cipher_number))
    return copied


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
    parser.add_argument("--name-variants", type=int, default=NAME_VARIANTS,
                        help=f"name ciphers the copies cycle through ({NAME_VARIANTS})")
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
        merges, windows = [], []
        window_start, window_cpu, window_n = time.perf_counter(), time.process_time(), n
        deadline = time.monotonic() + 60 * args.max_minutes if args.max_minutes else None
        while n < args.articles and (deadline is None or time.monotonic() < deadline):
            if checkpoints and n >= checkpoints[0]:
                checkpoints.pop(0)
                # Numbered after the database size: names and texts no earlier probe used.
                shard = probe_shard(Path(tmp) / f"probe-{n}.db", row_sets,
                                    PROBE_CIPHERS + 10 * n, args.probe)
                summary = MergeSummary()
                start, cpu_start = time.perf_counter(), time.process_time()
                merge_shard(db, shard, known=known, summary=summary)
                took, cpu = time.perf_counter() - start, time.process_time() - cpu_start
                n = db["articles"].count
                merges.append({
                    "merge_into_articles": n - summary.inserted, "merged": summary.inserted,
                    "merge_articles_per_s": round(summary.inserted / took, 1),
                    "merge_ms_per_article": round(1000 * took / summary.inserted, 1),
                    "merge_cpu_ms_per_article": round(1000 * cpu / summary.inserted, 1),
                    "sources": db["sources"].count, "rss_mb": current_rss_mb()})
                print(json.dumps(merges[-1]), flush=True)
                # the merge is not a save
                window_start, window_cpu, window_n = time.perf_counter(), time.process_time(), n
                continue
            base = n % len(row_sets)
            cipher_number = None if n % REAL_NAMES_EVERY == 0 else n % args.name_variants
            assert save_article(db, varied(row_sets[base], n, cipher_number),
                                known=known) == "inserted"
            n += 1
            if n % args.window == 0:
                took = time.perf_counter() - window_start
                cpu = time.process_time() - window_cpu
                windows.append({
                    "articles": n, "save_ms_per_article": round(1000 * took / (n - window_n), 1),
                    "cpu_ms_per_article": round(1000 * cpu / (n - window_n), 1),
                    "articles_per_s": round((n - window_n) / took, 1),
                    "sources": db["sources"].count, "rss_mb": current_rss_mb()})
                print(json.dumps(windows[-1]), flush=True)
                window_start, window_cpu, window_n = (time.perf_counter(),
                                                      time.process_time(), n)
        start = time.perf_counter()
        finish(db)
        db.execute("pragma wal_checkpoint(truncate)")
        finish_s = time.perf_counter() - start
        size = args.db.stat().st_size
        # What a `claimtrack merge` into this database pays once before its first article.
        start, start_cpu = time.perf_counter(), time.process_time()
        KnownNames().current(db)
        cold_s = time.perf_counter() - start
        cold_cpu_s = time.process_time() - start_cpu  # the wall time is mostly waiting, loaded
        final = {"articles": n, "claims": db["claims"].count, "sources": db["sources"].count,
                 "finish_s": round(finish_s, 1), "known_names_cold_load_s": round(cold_s, 1),
                 "known_names_cold_load_cpu_s": round(cold_cpu_s, 1),
                 "db_bytes": size, "kb_per_article": round(size / max(n, 1) / 1024, 1)}
        print(json.dumps(final), flush=True)
    print(report(merges, windows, final))


def report(merges: list[dict], windows: list[dict], final: dict) -> str:
    """The figures as markdown tables for docs/scaling.md."""
    lines = ["", "| merge of a probe shard into | sources | ms per article | CPU ms per "
             "article | articles/s |", "|---:|---:|---:|---:|---:|"]
    lines += [f"| {m['merge_into_articles']:,} articles | {m['sources']:,} | "
              f"{m['merge_ms_per_article']} | {m['merge_cpu_ms_per_article']} | "
              f"{m['merge_articles_per_s']} |" for m in merges]
    lines += ["", "| build window ending at | sources | ms per save | CPU ms per save | "
              "articles/s | RSS MB |", "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {w['articles']:,} | {w['sources']:,} | {w['save_ms_per_article']} | "
              f"{w['cpu_ms_per_article']} | {w['articles_per_s']} | {w['rss_mb']} |"
              for w in windows]
    lines += ["", f"{final['articles']:,} articles, {final['claims']:,} claims, "
              f"{final['sources']:,} sources; {final['db_bytes'] / 2**30:.2f} GiB, "
              f"{final['kb_per_article']} KB per article; FTS optimize + ANALYZE "
              f"{final['finish_s']} s; KnownNames cold load {final['known_names_cold_load_s']} s"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
