"""`claimtrack ingest --dask local:N` against `--workers N` and one process, and memory.

Runs the CLI as a user does, in a fresh subprocess per run, on the same N synthetic articles
(ingest_speed.build_corpus: real texts, each copy made unique), into a fresh database each
time, and reports wall times and their ratios. While the Dask run goes, the resident memory
of the client process and of each worker process (its children) is sampled, so memory over
a long distributed run can be read per process (flat or growing).

    nice python benchmarks/distributed_speed.py --articles 200 --workers 2
    nice python benchmarks/distributed_speed.py --articles 2000 --memory --shard-size 100
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import DEFAULT_SOURCE_DIRS, build_corpus  # noqa: E402

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]
SAMPLE_EVERY_S = 1.0
# Processes that never reach this resident size are Dask's helpers (the resource tracker),
# not the client or a worker.
MIN_PROCESS_MB = 50
# The first quarter of a process's samples is its warm-up (imports, the model loading, the
# first batch): growth is read from there to the end.
WARM_UP_SHARE = 25


def timed(argv: list[str], sample: bool, every_s: float = SAMPLE_EVERY_S) -> dict:
    """Run argv; wall seconds and, when sampling, RSS series of the process and children."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    series: dict[str, list[tuple[float, float]]] = {}
    if sample:
        parent = psutil.Process(proc.pid)
        names: dict[int, str] = {}
        while proc.poll() is None:
            now = round(time.perf_counter() - start, 1)
            try:
                procs = [parent, *parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    continue
                if not rss:
                    continue  # exited, not yet reaped
                name = names.setdefault(p.pid, "client" if p.pid == proc.pid
                                        else f"worker-{len(names)}")
                series.setdefault(name, []).append((now, round(rss)))
            time.sleep(every_s)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()[-2000:]}")
    return {"wall_s": round(time.perf_counter() - start, 1), "rss_series": series,
            "summary": err.decode().strip().splitlines()[-1:]}


def memory_table(series: dict[str, list[tuple[float, float]]]) -> list[dict]:
    """Per process: RSS percentiles over its samples and its peak; the median of the tenth
    of its samples that follows the warm-up (WARM_UP_SHARE) and of its last tenth, and their
    difference (flat memory: near 0). Small or short-lived processes (Dask's helpers) are
    skipped."""
    rows = []
    for name, points in sorted(series.items(), key=lambda kv: (kv[0] != "client", kv[0])):
        rss = [r for _, r in points]
        if len(rss) < 3 or max(rss) < MIN_PROCESS_MB:
            continue
        ordered = sorted(rss)
        tenth = max(1, len(rss) // 10)
        warm = len(rss) * WARM_UP_SHARE // 100
        first = statistics.median(rss[warm:warm + tenth])
        last = statistics.median(rss[-tenth:])
        rows.append({
            "process": name, "samples": len(rss),
            **{f"p{q}": ordered[min(len(rss) - 1, len(rss) * q // 100)] for q in (5, 50, 95)},
            "peak": ordered[-1], "after_warm_up": round(first), "at_end": round(last),
            "growth": round(last - first)})
    return rows


def print_memory(series: dict[str, list[tuple[float, float]]], every_s: float) -> None:
    print(f"\nResident memory (MB) of each process of the Dask run, sampled every {every_s} s; "
          f"growth: median of the last tenth of the samples minus that of the tenth after "
          f"the first {WARM_UP_SHARE} % (the warm-up):\n")
    print("| process | samples | p5 | p50 | p95 | peak | after warm-up | at end | growth |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in memory_table(series):
        print(f"| {r['process']} | {r['samples']} | {r['p5']} | {r['p50']} | {r['p95']} | "
              f"{r['peak']} | {r['after_warm_up']} | {r['at_end']} | {r['growth']:+d} |")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--only", choices=["dask", "workers", "one"], action="append")
    parser.add_argument("--memory", action="store_true",
                        help="only the Dask run, for the memory of its client and workers "
                             "(the same as --only dask)")
    parser.add_argument("--sample-every", type=float, default=SAMPLE_EVERY_S,
                        help="seconds between two samples of each process's memory")
    parser.add_argument("--rss-json", type=Path,
                        help="also write every sample, {process: [[seconds, MB], ...]}")
    args = parser.parse_args(argv)
    runs = ["dask"] if args.memory else args.only or ["one", "workers", "dask"]

    results = {}
    with tempfile.TemporaryDirectory(prefix="claimtrack-dask-") as tmp:
        corpus = Path(tmp) / "articles"
        build_corpus(args.articles, DEFAULT_SOURCE_DIRS, corpus)
        for run in runs:
            db = Path(tmp) / f"{run}.db"
            argv = [*CLAIMTRACK, "ingest", str(corpus), "--db", str(db), "-q"]
            if run == "workers":
                argv += ["--workers", str(args.workers)]
            elif run == "dask":
                argv += ["--dask", f"local:{args.workers}", "--shard-size", str(args.shard_size)]
            results[run] = timed(argv, sample=run == "dask", every_s=args.sample_every)
            print(json.dumps({run: {k: v for k, v in results[run].items()
                                    if k != "rss_series"}}), file=sys.stderr, flush=True)
    print(f"{args.articles} articles, {args.workers} workers, shard size {args.shard_size}\n")
    print("| run | wall s | articles/s | vs one process |")
    print("|---|---:|---:|---:|")
    one = results.get("one", {}).get("wall_s")
    labels = {"one": "one process", "workers": f"`--workers {args.workers}`",
              "dask": f"`--dask local:{args.workers}`"}
    for run, r in results.items():
        ratio = f"{one / r['wall_s']:.2f}x" if one else "-"
        print(f"| {labels[run]} | {r['wall_s']} | {args.articles / r['wall_s']:.2f} | {ratio} |")
    if "dask" in results:
        print_memory(results["dask"]["rss_series"], args.sample_every)
        if args.rss_json:
            args.rss_json.write_text(json.dumps(results["dask"]["rss_series"]))


if __name__ == "__main__":
    main()
