"""Benchmark claimtrack ingest against bare spaCy on the same texts, in one run.

Builds N synthetic articles (copies of real texts, each made unique so sha256 dedup does not
skip it), then times, each in a fresh subprocess (whole-process time, which is what users feel):

* bare:   ``spacy.load(<same base model>)`` + ``list(nlp.pipe(cleaned_texts))`` -- the model's
          full pipeline (tok2vec, tagger, parser, ner, ...), nothing of claimtrack;
* ingest: ``load_nlp()`` + ``claimtrack.ingest.ingest(files, fresh_db)`` (reading, cleaning,
          NLP with claimtrack's components, extraction, SQLite), or the real CLI (``--via-cli``).

Reports wall time, the ratio ingest/bare, articles/s and the child's peak RSS (from
``os.wait4``), plus optional ``--workers 1`` vs ``2`` and memory-at-size comparisons.

    python benchmarks/ingest_speed.py --articles 100
    python benchmarks/ingest_speed.py --articles 100 --compare-workers --memory-sizes 100,2000
    python benchmarks/ingest_speed.py --articles 3 --json      # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIRS = [ROOT / "corpus", ROOT.parent / "shared" / "polnear" / "dev" / "text"]
TARGET_RATIO = 1.10  # the brief: ingest at or below 1.10x bare spaCy on the same texts


# --- building the synthetic corpus -------------------------------------------------------

def source_texts(source_dirs: list[Path]) -> list[tuple[str, str]]:
    """(name, raw text) of every .txt/.md file in the source dirs that exist, sorted."""
    texts = []
    for directory in source_dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix in (".txt", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                if text.strip():
                    texts.append((path.stem, text))
    if not texts:
        raise SystemExit(f"no .txt/.md source texts in {', '.join(map(str, source_dirs))}")
    return texts


def make_unique(text: str, copy: int) -> str:
    """The text with a numbered sentence added to its first long paragraph.

    Inside a body paragraph so cleaning keeps it (a title or trailing line could be dropped
    as furniture), which makes every copy's cleaned text, hence its sha256, unique.
    """
    paragraphs = text.split("\n\n")
    for i, paragraph in enumerate(paragraphs):
        if len(paragraph) > 200 and "\n" not in paragraph.strip():
            paragraphs[i] = paragraph.rstrip() + f" This is benchmark copy number {copy}."
            return "\n\n".join(paragraphs)
    return text.rstrip() + f"\n\nThis is benchmark copy number {copy}, added for the test.\n"


def build_corpus(n: int, source_dirs: list[Path], out_dir: Path) -> list[Path]:
    """Write n unique articles cycling over the source texts; returns their paths."""
    sources = source_texts(source_dirs)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for copy in range(n):
        name, text = sources[copy % len(sources)]
        path = out_dir / f"{copy:05d}-{name[:40]}.txt"
        path.write_text(make_unique(text, copy), encoding="utf-8")
        paths.append(path)
    return paths


def cleaned_texts(paths: list[Path]) -> list[str]:
    """The texts claimtrack would feed spaCy (read + cleaned), for the bare baseline."""
    from claimtrack.cleaning import clean
    from claimtrack.readers import InputError, iter_inputs

    texts = []
    for item in iter_inputs([str(p) for p in paths]):
        if isinstance(item, InputError):
            raise SystemExit(f"benchmark input refused: {item}")
        texts.append(clean(item).text)
    if len(set(texts)) != len(texts):
        raise SystemExit("benchmark copies are not unique after cleaning; dedup would skip some")
    return texts


def base_model_name(model: str | None) -> str:
    """The spaCy package claimtrack's load_nlp would load, so both sides use the same model."""
    import spacy.util

    from claimtrack.nlp import DEFAULT_MODELS

    for name in (model,) if model else DEFAULT_MODELS:
        if spacy.util.is_package(name) or Path(name).is_dir():
            return name
    raise SystemExit(f"no spaCy model found among {model or DEFAULT_MODELS}")


# --- the measured children ---------------------------------------------------------------

def _maxrss_mb(who: int) -> float:
    # ru_maxrss is kilobytes on Linux, bytes on macOS.
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return round(resource.getrusage(who).ru_maxrss * scale, 1)


def child_bare(args) -> dict:
    start = time.perf_counter()
    import spacy

    texts = json.loads(Path(args.texts_file).read_text(encoding="utf-8"))
    nlp = spacy.load(args.model)
    loaded = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size, n_process=args.workers))
    done = time.perf_counter()
    return {"pipes": nlp.pipe_names, "docs": len(docs), "load_s": loaded - start,
            "process_s": done - loaded}


def child_ingest(args) -> dict:
    start = time.perf_counter()
    from claimtrack.ingest import ingest
    from claimtrack.nlp import load_nlp
    from claimtrack.store import open_db

    nlp = load_nlp(args.model)
    db = open_db(args.db)
    loaded = time.perf_counter()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    progress = open(args.progress_file, "w", encoding="utf-8") if args.progress_file else None

    def on_article(path: str, outcome: str) -> None:
        # One line per article (count, seconds, peak RSS MB): shows whether the per-article
        # cost or memory grows with the database.
        on_article.count += 1
        if progress and (on_article.count % 50 == 0 or on_article.count == 1):
            progress.write(f"{on_article.count}\t{time.perf_counter() - loaded:.1f}\t"
                           f"{_maxrss_mb(resource.RUSAGE_SELF)}\n")
            progress.flush()

    on_article.count = 0
    summary = ingest([args.input_dir], db, nlp, workers=args.workers, batch_size=args.batch_size,
                     on_article=on_article)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    done = time.perf_counter()
    db.close()
    return {"pipes": nlp.pipe_names, "docs": len(summary.inserted), "refused": summary.refused,
            "duplicates": len(summary.duplicates), "load_s": loaded - start,
            "process_s": done - loaded}


def _wait4_child(argv: list[str]) -> dict:
    """Run a child process: its wall time, whatever JSON it printed on its last stdout line,
    and its peak RSS from os.wait4 (Linux: the max over the child and the processes it
    waited for, such as spaCy's n_process workers; not RUSAGE_CHILDREN, which is a max over
    every child this benchmark ever ran)."""
    start = time.perf_counter()
    out = tempfile.TemporaryFile(mode="w+")
    err = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(argv, stdout=out, stderr=err, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(argv)}\n{stderr[-3000:]}")
    lines = stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    report["wall_s"] = wall
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    report["peak_rss_mb"] = round(usage.ru_maxrss * scale, 1)
    return report


def measure(kind: str, *, work: Path, model: str, workers: int, batch_size: int,
            input_dir: Path | None = None, texts_file: Path | None = None,
            via_cli: bool = False, profile: str | None = None, db_name: str = "bench.db",
            progress_file: str | None = None) -> dict:
    """One measured run in a fresh process. ``kind`` is "bare" or "ingest"."""
    me = [sys.executable, str(Path(__file__).resolve())]
    common = ["--model", model, "--workers", str(workers), "--batch-size", str(batch_size)]
    if kind == "bare":
        argv = me + ["--child", "bare", "--texts-file", str(texts_file)] + common
    else:
        db = work / db_name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)  # a fresh database every run
        if via_cli:
            argv = [sys.executable, "-m", "claimtrack", "ingest", str(input_dir), "--db", str(db),
                    "-q"] + common
        else:
            argv = me + ["--child", "ingest", "--input-dir", str(input_dir), "--db", str(db)]
            argv += common + (["--profile", profile] if profile else [])
            argv += ["--progress-file", progress_file] if progress_file else []
    report = _wait4_child(argv)
    if kind == "ingest":
        report["db_bytes"] = sum(
            Path(f"{work / db_name}{s}").stat().st_size
            for s in ("", "-wal") if Path(f"{work / db_name}{s}").exists()
        )
    return report


# --- the benchmark -------------------------------------------------------------------------

def best_of(repeat: int, kind: str, **options) -> dict:
    """The fastest of ``repeat`` runs: on a shared machine the minimum is the least noisy."""
    reports = [measure(kind, **options) for _ in range(repeat)]
    best = min(reports, key=lambda r: r["wall_s"])
    best["walls_s"] = [round(r["wall_s"], 2) for r in reports]
    return best


def benchmark(args) -> dict:
    source_dirs = [Path(d) for d in args.source_dir] if args.source_dir else DEFAULT_SOURCE_DIRS
    model = base_model_name(args.model)
    results: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average": os.getloadavg()},
        "model": model, "articles": args.articles, "batch_size": args.batch_size,
        "source_dirs": [str(d) for d in source_dirs if d.is_dir()],
        "via_cli": args.via_cli, "repeat": args.repeat,
    }
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-") as tmp:
        work = Path(tmp)

        def corpus(n: int) -> tuple[Path, Path, int]:
            input_dir = work / f"articles-{n}"
            paths = build_corpus(n, source_dirs, input_dir)
            texts = cleaned_texts(paths)
            texts_file = work / f"texts-{n}.json"
            texts_file.write_text(json.dumps(texts), encoding="utf-8")
            return input_dir, texts_file, sum(len(t) for t in texts)

        input_dir, texts_file, chars = corpus(args.articles)
        results["chars"] = chars
        runs = {}
        for workers in ([1, 2] if args.compare_workers else [args.workers]):
            opts = dict(work=work, model=model, workers=workers, batch_size=args.batch_size)
            bare = best_of(args.repeat, "bare", texts_file=texts_file, **opts)
            ingest = best_of(args.repeat, "ingest", input_dir=input_dir, via_cli=args.via_cli,
                             profile=args.profile, **opts)
            if ingest.get("docs", args.articles) != args.articles:
                raise SystemExit(f"ingest stored {ingest.get('docs')} of {args.articles} "
                                 f"articles: {ingest.get('refused')}")
            runs[workers] = {"bare": bare, "ingest": ingest}
        results["runs"] = {str(w): _summarise(r, args.articles) for w, r in runs.items()}

        if args.memory_sizes:
            memory = {}
            for n in args.memory_sizes:
                if n == args.articles and str(args.workers) in results["runs"]:
                    memory[str(n)] = results["runs"][str(args.workers)]["ingest"]
                    continue
                n_dir, _, _ = corpus(n)
                report = measure("ingest", work=work, model=model, workers=args.workers,
                                 batch_size=args.batch_size, input_dir=n_dir,
                                 via_cli=args.via_cli, db_name=f"memory-{n}.db",
                                 progress_file=args.progress_file)
                memory[str(n)] = _side(report, n)
            results["memory"] = memory
    return results


def _side(report: dict, n: int) -> dict:
    side = {
        "wall_s": round(report["wall_s"], 2),
        "articles_per_s": round(n / report["wall_s"], 2),
        "peak_rss_mb": report["peak_rss_mb"],
    }
    for key in ("load_s", "process_s"):
        if key in report:
            side[key] = round(report[key], 2)
    for key in ("self_rss_mb", "workers_rss_mb"):  # main process; largest spaCy worker
        if key in report:
            side[key] = report[key]
    if "process_s" in report:
        side["process_articles_per_s"] = round(n / report["process_s"], 2)
    if "walls_s" in report:
        side["walls_s"] = report["walls_s"]
    if "db_bytes" in report:
        side["db_bytes"] = report["db_bytes"]
        side["db_bytes_per_article"] = report["db_bytes"] // max(n, 1)
    if "pipes" in report:
        side["pipes"] = report["pipes"]
    return side


def _summarise(run: dict, n: int) -> dict:
    bare, ingest = _side(run["bare"], n), _side(run["ingest"], n)
    summary = {"bare": bare, "ingest": ingest,
               "ratio_wall": round(ingest["wall_s"] / bare["wall_s"], 3)}
    if "process_s" in bare and "process_s" in ingest:
        summary["ratio_process"] = round(ingest["process_s"] / bare["process_s"], 3)
    return summary


def markdown(results: dict) -> str:
    n = results["articles"]
    lines = [
        f"{n} articles ({results['chars']:,} characters), model {results['model']}, "
        f"batch size {results['batch_size']}, {results['machine']['cpus']} CPUs, "
        f"best of {results['repeat']}",
        "",
        "| run | workers | wall s | load s | process s | articles/s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, run in results["runs"].items():
        for kind in ("bare", "ingest"):
            s = run[kind]
            label = "bare spaCy" if kind == "bare" else "claimtrack ingest"
            lines.append(f"| {label} | {workers} | {s['wall_s']:.2f} | {s.get('load_s', '-')} | "
                         f"{s.get('process_s', '-')} | {s['articles_per_s']:.2f} | "
                         f"{s['peak_rss_mb']:.0f} |")
    lines.append("")
    for workers, run in results["runs"].items():
        ok = "meets" if run["ratio_wall"] <= TARGET_RATIO else "misses"
        extra = (f"; processing only (after loading) {run['ratio_process']:.2f}"
                 if "ratio_process" in run else "")
        lines.append(f"- workers {workers}: ingest/bare wall-time ratio {run['ratio_wall']:.2f} "
                     f"({ok} the {TARGET_RATIO} target){extra}")
    if "1" in results["runs"] and "2" in results["runs"]:
        one, two = results["runs"]["1"]["ingest"], results["runs"]["2"]["ingest"]
        lines.append(f"- ingest --workers 2 vs 1: {one['wall_s'] / two['wall_s']:.2f}x "
                     f"({two['wall_s']:.1f}s vs {one['wall_s']:.1f}s)")
    if results.get("memory"):
        lines += ["", "| articles | wall s | articles/s | peak RSS MB | DB bytes/article |",
                  "|---:|---:|---:|---:|---:|"]
        for size, s in results["memory"].items():
            lines.append(f"| {size} | {s['wall_s']:.1f} | {s['articles_per_s']:.2f} | "
                         f"{s['peak_rss_mb']:.0f} | {s.get('db_bytes_per_article', '-')} |")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="synthetic articles (100)")
    parser.add_argument("--workers", type=int, default=1, help="nlp.pipe n_process (1)")
    parser.add_argument("--compare-workers", action="store_true",
                        help="measure --workers 1 and 2 (instead of --workers)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (16)")
    parser.add_argument("--model", default=None,
                        help="spaCy model (default: what claimtrack's load_nlp picks)")
    parser.add_argument("--source-dir", action="append",
                        help="directory of real texts to copy (repeatable; default corpus/ "
                             "plus ../shared/polnear/dev/text when present)")
    parser.add_argument("--memory-sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="also ingest these many articles and compare peak RSS, "
                             "e.g. 100,2000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement, best kept")
    parser.add_argument("--via-cli", action="store_true",
                        help="time `python -m claimtrack ingest` instead of the library call")
    parser.add_argument("--profile", help="write a cProfile of the ingest call to this file")
    parser.add_argument("--progress-file",
                        help="memory runs: write 'articles seconds peak-RSS-MB' every 50 articles")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    # Internal: the measured child processes.
    parser.add_argument("--child", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", help=argparse.SUPPRESS)
    parser.add_argument("--input-dir", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.child:
        report = child_bare(args) if args.child == "bare" else child_ingest(args)
        report["self_rss_mb"] = _maxrss_mb(resource.RUSAGE_SELF)
        report["workers_rss_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)
        print(json.dumps(report))
        return
    results = benchmark(args)
    print(json.dumps(results, indent=2) if args.json else markdown(results))


if __name__ == "__main__":
    main()
