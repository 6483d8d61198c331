"""CPU time of each pipeline stage as a share of bare spaCy's CPU on the same texts.

CPU time (``time.process_time``), not wall time: on a shared machine wall time measures the
other jobs. The texts are built as ``ingest_speed.py`` builds them and cleaned as ingest
cleans them; the pipeline then runs component by component (each with ``pipe`` and the
ingest batch size when it has one), and each stage's time is the least over ``--repeat`` runs.
"bare spaCy" is the sum of the stages of the model as ``spacy.load`` gives it (tokenizer
included), run the same way; claimtrack's pipeline is then timed stage by stage, each as a
share of that. The model's attribute ruler and lemmatizer appear in both: claimtrack runs
them as table look-ups (claimtrack.nlp.model_tables), so those two rows show what that saves,
and "pipeline / bare" is the whole NLP pass against bare spaCy.

``--load`` also times, each in a fresh process, ``spacy.load`` against ``load_nlp()`` (what
claimtrack adds at start-up: imports, word lists, compiled patterns).

    PYTHONPATH=src python benchmarks/stage_cpu.py --articles 60 --repeat 3 --load
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_speed import build_corpus, cleaned_texts  # noqa: E402
from output_drift import POLNEAR_DEV, ROOT  # noqa: E402

BATCH_SIZE = 16  # ingest's default batch size
LOAD_CHILD = """
import sys, time, json
start = time.process_time()
if sys.argv[1] == "bare":
    import spacy
    from claimtrack.nlp import DEFAULT_MODELS
    spacy.load(DEFAULT_MODELS[0]) if __import__("spacy.util").util.is_package(DEFAULT_MODELS[0]) \
        else spacy.load(DEFAULT_MODELS[1])
else:
    from claimtrack.nlp import load_base_model, load_nlp
    load_nlp()
print(json.dumps(time.process_time() - start))
"""


def stage_times(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds of make_doc and of each pipeline component over all texts."""
    times = {}
    start = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    times["make_doc"] = time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=BATCH_SIZE))
        else:
            docs = [component(doc) for doc in docs]
        times[name] = time.process_time() - start
    return times


def load_cpu(kind: str) -> float:
    out = subprocess.run([sys.executable, "-c", LOAD_CHILD, kind], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load", action="store_true", help="also time start-up (fresh processes)")
    parser.add_argument("--source-dir", action="append", type=Path,
                        help="texts to copy (default: corpus/ and the PolNeAR dev texts)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from claimtrack.nlp import load_base_model, load_nlp

    sources = args.source_dir or [ROOT / "corpus", POLNEAR_DEV]
    with tempfile.TemporaryDirectory() as tmp:
        texts = cleaned_texts(build_corpus(args.articles, sources, Path(tmp)))
    bare_nlp, nlp = load_base_model(), load_nlp()
    for pipeline in (bare_nlp, nlp):
        stage_times(pipeline, texts[:2])  # warm-up: lazily built tables, first-call caches
    bare_best: dict[str, float] = {}
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for pipeline, into in ((bare_nlp, bare_best), (nlp, best)):
            for name, seconds in stage_times(pipeline, texts).items():
                into[name] = min(seconds, into.get(name, seconds))
    spacy_cpu = sum(bare_best.values())
    report = {"articles": len(texts), "characters": sum(map(len, texts)),
              "bare_spacy_cpu_s": round(spacy_cpu, 3),
              "bare_stages": {name: round(s, 3) for name, s in bare_best.items()},
              "stages": {name: {"cpu_s": round(s, 3), "share_pct": round(100 * s / spacy_cpu, 2)}
                         for name, s in best.items()}}
    ours = sum(s for name, s in best.items() if name.startswith("claimtrack_"))
    report["claimtrack_components_pct"] = round(100 * ours / spacy_cpu, 2)
    report["pipeline_over_bare"] = round(sum(best.values()) / spacy_cpu, 3)
    if args.load:
        bare = min(load_cpu("bare") for _ in range(args.repeat))
        full = min(load_cpu("ours") for _ in range(args.repeat))
        report["load_cpu_s"] = {"spacy_load": round(bare, 3), "load_nlp": round(full, 3),
                                "added": round(full - bare, 3)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['articles']} articles, {report['characters']:,} characters, "
          f"bare spaCy CPU {spacy_cpu:.2f} s (least of {args.repeat} runs per stage)")
    print(f"{'stage':32} {'cpu s':>7} {'% of spaCy':>10} {'bare cpu s':>10}")
    for name, row in report["stages"].items():
        bare = f"{bare_best[name]:10.3f}" if name in bare_best else ""
        print(f"{name:32} {row['cpu_s']:7.3f} {row['share_pct']:10.2f} {bare}")
    print(f"{'claimtrack components':32} {ours:7.3f} {report['claimtrack_components_pct']:10.2f}")
    print(f"claimtrack's whole NLP pass / bare spaCy's: {report['pipeline_over_bare']:.3f}")
    if args.load:
        load = report["load_cpu_s"]
        print(f"load CPU: spacy.load {load['spacy_load']:.2f} s, load_nlp() {load['load_nlp']:.2f}"
              f" s, claimtrack adds {load['added']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
