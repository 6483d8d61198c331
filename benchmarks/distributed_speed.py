"""`claimtrack ingest --dask local:N` against `--workers N` and one process, and memory.

Runs the CLI as a user does, in a fresh subprocess per run, on the same N synthetic articles
(ingest_speed.build_corpus: real texts, each copy made unique), into a fresh database each
time, and reports wall times and their ratios. While the Dask run goes, the resident memory
of the client process and of each worker process (its children) is sampled, so memory over
a long distributed run can be read per process (flat or growing).

    nice python benchmarks/distributed_speed.py --articles 200 --workers 2
    nice python benchmarks/distributed_speed.py --articles 2000 --only dask --shard-size 100
"""

from __future__ import annotations

import argparse
import json
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


def timed(argv: list[str], sample: bool) -> dict:
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
            time.sleep(SAMPLE_EVERY_S)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()[-2000:]}")
    return {"wall_s": round(time.perf_counter() - start, 1), "rss_series": series,
            "summary": err.decode().strip().splitlines()[-1:]}


def memory_table(series: dict[str, list[tuple[float, float]]]) -> list[dict]:
    """RSS of each process at a quarter, half and three quarters of its life, and its peak
    (small or short-lived processes are helpers, skipped)."""
    rows = []
    for name, points in sorted(series.items()):
        if len(points) < 3 or max(r for _, r in points) < 50:
            continue
        at = {f"{q}%": points[min(len(points) - 1, len(points) * q // 100)][1]
              for q in (25, 50, 75)}
        rows.append({"process": name, **at, "peak": max(r for _, r in points)})
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--only", choices=["dask", "workers", "one"], action="append")
    args = parser.parse_args(argv)
    runs = args.only or ["one", "workers", "dask"]

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
            results[run] = timed(argv, sample=run == "dask")
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
        print("\nResident memory (MB) of each process of the Dask run, by share of the run:\n")
        print("| process | 25% | 50% | 75% | peak |")
        print("|---|---:|---:|---:|---:|")
        for row in memory_table(results["dask"]["rss_series"]):
            print(f"| {row['process']} | {row['25%']} | {row['50%']} | {row['75%']} | "
                  f"{row['peak']} |")


if __name__ == "__main__":
    main()
