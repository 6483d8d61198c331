"""What matching on ingest costs: ingest of N articles into a database holding K judged
claims, with the matching hook (and the figure-conflict hook) on and off.

The judged claims are built cheaply: real sentences from the source texts (corpus/, and
../shared/polnear/dev/text when present) other than the N ingested ones (``--same-texts``:
from those, the worst case where every new claim repeats judged ones), each varied by a
number so they are distinct, stored
through store.save_article as articles of 100 claims with one figure each, and given verdicts
in bulk (add_verdict per claim would run the on-verdict hook 10,000 times, which is not what
is measured). Then N unique articles are ingested through claimtrack.ingest.ingest, in one
process with the model loaded once, into copies of that database:

* off:      both hooks replaced by no-ops;
* matching: the claim-matching hook on (conflicts off);
* both:     matching and figure conflicts on.

The time spent inside the hooks is also summed directly, so the share is measured even when
the machine is noisy; and so is the CPU time of the hooks (the thread that runs them)
against the CPU time of the whole ingest (all its threads): the steadiest figure on a
loaded machine, where wall times also count waiting for a core or for the interpreter.
Target: matching under 10 % of ingest time.

    python benchmarks/matching_cost.py --judged 10000 --articles 30
    python benchmarks/matching_cost.py --judged 500 --articles 3      # smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from ingest_speed import DEFAULT_SOURCE_DIRS, make_unique, source_texts  # noqa: E402

from claimtrack import checked, conflicts  # noqa: E402
from claimtrack.extract import ArticleRows, sha256_text  # noqa: E402
from claimtrack.ingest import ingest  # noqa: E402
from claimtrack.nlp import load_nlp  # noqa: E402
from claimtrack.store import open_db, save_article  # noqa: E402

TARGET_SHARE = 0.10
CLAIMS_PER_ARTICLE = 100
SENTENCE = re.compile(r"[^.!?\n]{40,300}[.!?]")


def judged_db(path: Path, texts: list[str], count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    sentences = sorted({s.strip() for t in texts for s in SENTENCE.findall(t)})
    db = open_db(path)
    made = 0
    while made < count:
        claims, figures = [], []
        body_parts, offset = [], 0
        for seq in range(min(CLAIMS_PER_ARTICLE, count - made)):
            number = rng.randint(2, 999)
            text = f"{rng.choice(sentences)} The figure was {number} percent."
            start = offset
            claims.append({"seq": seq, "paragraph": seq, "text": text, "start": start,
                           "end": start + len(text), "kind": "statistic", "hedged": 0,
                           "checkworthiness": 0.5, "checkworthiness_reason": "benchmark"})
            figure_text = f"{number} percent"
            figure_start = start + text.rindex(figure_text)
            figures.append({"claim_seq": seq, "text": figure_text, "value": float(number),
                            "unit": "percent", "qualifier": None, "low": None, "high": None,
                            "year": None, "metric": None, "start": figure_start,
                            "end": figure_start + len(figure_text)})
            body_parts.append(text)
            offset += len(text) + 2
        body = "\n\n".join(body_parts)
        sha = sha256_text(body)
        article = {"id": f"judged-{made}-{sha[:8]}", "title": f"judged {made}", "authors": "[]",
                   "publication": None, "summary": None, "published": None, "url": None,
                   "path": f"judged-{made}", "sha256": sha, "text": body,
                   "ingested_at": "2020-01-01T00:00:00+00:00", "pipeline_version": "bench",
                   "model": "none"}
        save_article(db, ArticleRows(article=article, claims=claims, figures=figures))
        made += len(claims)
    with db.atomic():
        db["verdicts"].insert_all(
            ({"claim_id": cid, "rating": rng.choice(["True", "False", "Misleading"]),
              "created_at": "2020-01-01T00:00:00Z"}
             for (cid,) in db.execute("select id from claims")), batch_size=1000)
    db.close()


def write_articles(directory: Path, texts: list[tuple[str, str]], count: int) -> list[str]:
    paths = []
    for i in range(count):
        name, text = texts[i % len(texts)]
        path = directory / f"{i:03d}-{name}.txt"
        path.write_text(make_unique(text, i), encoding="utf-8")
        paths.append(str(path))
    return paths


class Timed:
    """Wraps a hook and sums the time spent in it, wall and CPU (of the calling thread)."""

    def __init__(self, function):
        self.function, self.seconds, self.cpu = function, 0.0, 0.0

    def __call__(self, *args):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return self.function(*args)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu += time.thread_time() - cpu


def run(nlp, base: Path, work: Path, paths: list[str], mode: str) -> dict:
    target = work / f"{mode}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(base, target)
    originals = checked.after_article_saved, conflicts.after_article_saved
    match_hook = Timed(originals[0] if mode in ("matching", "both") else (lambda *a: None))
    conflict_hook = Timed(originals[1] if mode == "both" else (lambda *a: None))
    checked.after_article_saved, conflicts.after_article_saved = match_hook, conflict_hook
    try:
        db = open_db(target)
        start, cpu = time.perf_counter(), time.process_time()
        summary = ingest(paths, db, nlp)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        matches = db.execute("select count(*) from claim_matches").fetchone()[0]
        db.close()
    finally:
        checked.after_article_saved, conflicts.after_article_saved = originals
    assert summary.ok and len(summary.inserted) == len(paths), summary.line()
    return {"mode": mode, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "matching_seconds": round(match_hook.seconds, 3),
            "matching_cpu_seconds": round(match_hook.cpu, 3),
            "conflict_seconds": round(conflict_hook.seconds, 3), "matches_stored": matches}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=int, default=10000, help="judged claims in the db")
    parser.add_argument("--articles", type=int, default=30, help="articles to ingest")
    parser.add_argument("--repeat", type=int, default=2, help="runs per mode (best is kept)")
    parser.add_argument("--source-dir", action="append", type=Path,
                        help="directory of .txt/.md source texts (repeatable)")
    parser.add_argument("--same-texts", action="store_true",
                        help="build the judged claims from the ingested texts themselves")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    texts = source_texts(args.source_dir or DEFAULT_SOURCE_DIRS)
    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = work / "judged.db"
        start = time.perf_counter()
        # The archive is older news: judged sentences come from texts not ingested in the
        # run, unless --same-texts (worst case: every new claim repeats judged ones).
        archive = texts if args.same_texts or len(texts) <= args.articles \
            else texts[args.articles:]
        judged_db(base, [t for _, t in archive], args.judged)
        build = time.perf_counter() - start
        (work / "articles").mkdir()
        paths = write_articles(work / "articles", texts, args.articles)
        run(nlp, base, work, paths[:2], "both")  # warm-up: caches, lazy imports
        best: dict[str, dict] = {}
        for _ in range(args.repeat):
            for mode in ("off", "matching", "both"):
                result = run(nlp, base, work, paths, mode)
                if mode not in best or result["seconds"] < best[mode]["seconds"]:
                    best[mode] = result
    share = best["matching"]["matching_seconds"] / best["matching"]["seconds"]
    cpu_share = best["matching"]["matching_cpu_seconds"] / best["matching"]["cpu_seconds"]
    report = {"judged_claims": args.judged, "articles": args.articles,
              "judged_from": "the ingested texts" if args.same_texts else "other texts",
              "build_seconds": round(build, 1), "runs": list(best.values()),
              "matching_share_of_ingest": round(share, 4),
              "matching_cpu_share_of_ingest": round(cpu_share, 4),
              "wall_ratio_matching_vs_off": round(
                  best["matching"]["seconds"] / best["off"]["seconds"], 3),
              "wall_ratio_both_vs_off": round(best["both"]["seconds"] / best["off"]["seconds"], 3),
              "target_share": TARGET_SHARE, "ok": share < TARGET_SHARE}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.judged} judged claims from {report['judged_from']} (built in {build:.0f} s), "
          f"{args.articles} articles")
    for r in best.values():
        print(f"  {r['mode']:9} {r['seconds']:7.2f} s  in matching {r['matching_seconds']:6.2f} s"
              f"  in conflicts {r['conflict_seconds']:6.2f} s  matches {r['matches_stored']}")
    print(f"matching share of ingest CPU time {cpu_share:.1%} "
          f"({best['matching']['matching_cpu_seconds']:.2f} s of "
          f"{best['matching']['cpu_seconds']:.2f} s)")
    print(f"matching share of ingest {share:.1%} (target < {TARGET_SHARE:.0%}); wall ratio "
          f"matching/off {report['wall_ratio_matching_vs_off']}, both/off "
          f"{report['wall_ratio_both_vs_off']}")


if __name__ == "__main__":
    main()
