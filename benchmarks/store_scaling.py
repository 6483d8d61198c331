"""How store.save_article's cost grows with the database.

Runs the real pipeline once over up to --texts real articles, then saves --articles article
row sets into one fresh database, cycling over those rows. Each copy gets a unique article
id and sha256 and, unless --same-names, its own source and entity names (the letters
permuted per copy), so the source registry and the entity canonicals grow the way they do on a
real archive, where new articles keep bringing new people and organisations. Prints the mean
milliseconds per save_article in each window of --window articles.

    python benchmarks/store_scaling.py --articles 2000
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import DEFAULT_SOURCE_DIRS, build_corpus  # noqa: E402


def cipher(copy_number: int):
    """A letter permutation for one copy: names stay consistent within the copy (an acronym
    still matches its full name) but read as new names to the registry and fuzzy matching."""
    letters = list(string.ascii_lowercase)
    random.Random(copy_number).shuffle(letters)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(letters) + "".join(letters).upper())
    return lambda name: name.translate(table) if name else name


def renamed(rows, copy_number: int, cycle: int, same_names: bool):
    rows = copy.deepcopy(rows)
    rows.article["id"] += f"-{copy_number}"
    rows.article["sha256"] = f"{rows.article['sha256'][:-8]}{copy_number:08d}"
    if same_names or copy_number < cycle:
        return rows  # the first cycle keeps the real names
    return rename_names(rows, cipher(copy_number))


def rename_names(rows, rename):
    """``rows`` with every source name, alias, affiliation and entity canonical renamed."""
    for source in rows.sources:
        source["name"] = rename(source["name"])
        source["aliases"] = [rename(a) for a in source["aliases"]]
        source["affiliation"] = rename(source.get("affiliation"))
    for entity in rows.entities:
        entity["canonical"] = rename(entity["canonical"])
    return rows


def current_rss_mb() -> float | None:
    """Resident memory now (Linux), not the peak: annotating the texts first sets a peak
    that would hide the growth of the in-memory name indexes."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--texts", type=int, default=100, help="real texts to annotate (100)")
    parser.add_argument("--window", type=int, default=250)
    parser.add_argument("--same-names", action="store_true",
                        help="keep the names: the registry stops growing after one cycle")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from claimtrack.cleaning import clean
    from claimtrack.extract import article_rows
    from claimtrack.nlp import load_nlp
    from claimtrack.readers import iter_inputs
    from claimtrack.store import KnownNames, open_db, save_article

    nlp = load_nlp()
    windows = []
    with tempfile.TemporaryDirectory(prefix="claimtrack-store-") as tmp:
        paths = build_corpus(args.texts, DEFAULT_SOURCE_DIRS, Path(tmp) / "articles")
        articles = [clean(raw) for raw in iter_inputs([str(p) for p in paths])]
        row_sets = [article_rows(a, doc) for doc, a in
                    nlp.pipe(((a.text, a) for a in articles), as_tuples=True)]
        db = open_db(Path(tmp) / "store.db")
        known = KnownNames()  # as ingest does: names indexed once per run
        window_start, elapsed = time.perf_counter(), 0.0
        for n in range(args.articles):
            rows = renamed(row_sets[n % len(row_sets)], n, len(row_sets), args.same_names)
            start = time.perf_counter()
            assert save_article(db, rows, known=known) == "inserted"
            elapsed += time.perf_counter() - start
            if (n + 1) % args.window == 0:
                windows.append({
                    "articles": n + 1,
                    "ms_per_save": round(1000 * elapsed / args.window, 1),
                    "sources": db["sources"].count,
                    "canonicals": db.execute(
                        "select count(distinct canonical) from entities").fetchone()[0],
                    "window_wall_s": round(time.perf_counter() - window_start, 1),
                    "rss_mb": current_rss_mb(),
                })
                print(json.dumps(windows[-1]), file=sys.stderr, flush=True)
                window_start, elapsed = time.perf_counter(), 0.0
    if args.json:
        print(json.dumps(windows, indent=2))
        return
    print("| articles in DB | sources | entity canonicals | ms per save_article | RSS MB |")
    print("|---:|---:|---:|---:|---:|")
    for w in windows:
        print(f"| {w['articles']} | {w['sources']} | {w['canonicals']} | {w['ms_per_save']} | "
              f"{w['rss_mb']} |")


if __name__ == "__main__":
    main()
