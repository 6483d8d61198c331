"""Smoke test of benchmarks/ingest_speed.py: it runs and reports its fields (not timings)."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_benchmark():
    spec = importlib.util.spec_from_file_location(
        "ingest_speed", ROOT / "benchmarks" / "ingest_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_copies_of_one_text_stay_distinct_after_cleaning(tmp_path):
    bench = load_benchmark()
    paths = bench.build_corpus(5, [ROOT / "corpus"], tmp_path / "articles")
    texts = bench.cleaned_texts(paths)  # raises when two copies clean to the same text
    assert len(texts) == 5 == len(set(texts))
    assert all("benchmark copy number" in t for t in texts)


def test_benchmark_reports_bare_and_ingest_runs(capsys):
    bench = load_benchmark()
    bench.main(["--articles", "3", "--source-dir", str(ROOT / "corpus"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 3 and report["chars"] > 0
    run = report["runs"]["1"]
    for side in ("bare", "ingest"):
        assert run[side]["wall_s"] > 0 and run[side]["peak_rss_mb"] > 0
        assert run[side]["articles_per_s"] > 0
    # the baseline is the model's full pipeline; ingest adds claimtrack's components to it
    assert {"parser", "ner"} <= set(run["bare"]["pipes"])
    assert set(run["bare"]["pipes"]) < set(run["ingest"]["pipes"])
    assert "claimtrack_claims" in run["ingest"]["pipes"]
    assert run["ingest"]["db_bytes_per_article"] > 0
    assert run["ratio_wall"] > 0 and run["ratio_process"] > 0
    assert "| claimtrack ingest | 1 |" in bench.markdown(report)


def test_distributed_memory_table_reads_percentiles_and_growth_per_process():
    spec = importlib.util.spec_from_file_location(
        "distributed_speed", ROOT / "benchmarks" / "distributed_speed.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    series = {
        "worker-2": [(t, 200 + t) for t in range(20)],  # grows 1 MB a sample
        "client": [(t, 120) for t in range(20)],  # flat
        "worker-1": [(t, 12) for t in range(20)],  # a helper: too small to be a worker
        "worker-3": [(0, 900), (1, 900)],  # too short-lived to read
    }
    rows = bench.memory_table(series)
    assert [r["process"] for r in rows] == ["client", "worker-2"]
    client, worker = rows
    assert (client["p5"], client["p50"], client["p95"], client["peak"], client["growth"]) == (
        120, 120, 120, 120, 0)
    assert (worker["samples"], worker["p5"], worker["p50"], worker["p95"], worker["peak"]) == (
        20, 201, 210, 219, 219)
    # Growth from the tenth after the warm-up (the first quarter: samples 5 and 6) to the
    # last tenth (samples 18 and 19).
    assert (worker["after_warm_up"], worker["at_end"], worker["growth"]) == (206, 218, 13)
