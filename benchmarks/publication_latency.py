"""Latency of the published database as users see it: `claimtrack serve` (Datasette under
uvicorn) on a database of any size, each page requested --repeat times in turn, p50 and p95
of the wall time per request, with the HTTP status (Datasette answers 400 when a query hits
its time limit), and the server's CPU time per request (what a page costs when other jobs
make it wait for a core).

Pages: the front page, the database page, article pages, the source page of the source with
the most claims (`/-/source/<id>`, skipped while that route does not exist), full-text search
(table search and the search_claims canned query), every view and every canned query in the
generated metadata, with parameters taken from the database.

    nice python benchmarks/publication_latency.py --db /tmp/big/claims.db --repeat 20
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PAGE_TARGET_MS = 500
QUERY_TARGET_MS = 200
STARTUP_TIMEOUT_S = 120
REQUEST_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, 1000 * (time.perf_counter() - start)


def server_cpu_ms(pid: int) -> float | None:
    """CPU time the server process has used (Linux /proc), in ms: on a loaded machine a
    request waits for a core, and its CPU time says what it costs far better than its wall
    time (10 ms ticks: read it as a mean over the repeats)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return 1000 * (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pages(db_path: Path) -> list[tuple[str, str, str]]:
    """(kind, label, path) of every page to time, parameters read from the database."""
    from claimtrack.canned_queries import QUERIES
    from claimtrack.publish import metadata_dict
    from claimtrack.schema import VIEWS

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    name = db_path.stem
    top_source_id, top_source = db.execute(
        "select sources.id, sources.name from sources join (select source_id, count(*) as n "
        "from attributions group by source_id order by n desc limit 1) top "
        "on top.source_id = sources.id").fetchone()
    top_claims = db.execute("select count(distinct claim_id) from attributions "
                            "where source_id = ?", [top_source_id]).fetchone()[0]
    articles = [r[0] for r in db.execute(
        "select id from articles where rowid in (select rowid from articles "
        "order by random() limit 5)")]
    entity = db.execute("select canonical from entities where label = 'PERSON' "
                        "and canonical is not null limit 1").fetchone()[0]
    params = {"source": top_source, "q": "government", "entity": entity, "days": "7"}
    out = [("page", "front page /", "/"), ("page", f"database /{name}", f"/{name}")]
    out += [("page", "article page", f"/-/article/{urllib.parse.quote(a)}") for a in articles]
    out.append(("page", f"source page ({top_source}, {top_claims:,} claims)",
                f"/-/source/{top_source_id}"))
    # The links from the front page and the source page to everything they list in part.
    out.append(("page", "articles table", f"/{name}/articles"))
    out.append(("page", "a source's attributions",
                f"/{name}/attributions?source_id={top_source_id}"))
    out.append(("page", "table search claims?_search=", f"/{name}/claims?_search=government"))
    out.append(("page", "claims table", f"/{name}/claims"))
    out += [("view", view, f"/{name}/{view}") for view in VIEWS]
    assert metadata_dict(name)["databases"][name]["queries"].keys() == QUERIES.keys()
    for query, spec in QUERIES.items():
        args = {p: params[p] for p in spec.get("params", [])}
        path = f"/{name}/{query}" + (f"?{urllib.parse.urlencode(args)}" if args else "")
        out.append(("canned query", query, path))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    db_path = args.db.resolve()
    load_before = os.getloadavg()
    port = free_port()
    with tempfile.TemporaryDirectory() as cwd:  # no metadata.yml: generated for this DB
        server = subprocess.Popen(
            [sys.executable, "-m", "claimtrack", "serve", "--db", str(db_path),
             "--port", str(port)], cwd=cwd, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while True:
                try:
                    get(base + "/-/versions.json")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("claimtrack serve did not start") from None
                    time.sleep(0.5)
            results = []
            by_label: dict[str, list] = {}
            for kind, label, path in pages(db_path):
                status, _ = get(base + path)  # warm-up: first request compiles templates
                if label.startswith("source page") and status == 404:
                    results.append({"kind": kind, "page": label, "status": 404,
                                    "p50_ms": None, "p95_ms": None, "server_cpu_ms": None})
                    continue
                times = []
                cpu_before = server_cpu_ms(server.pid)
                for _ in range(args.repeat):
                    status, ms = get(base + path)
                    times.append(ms)
                cpu_after = server_cpu_ms(server.pid)
                cpu = (None if cpu_before is None or cpu_after is None
                       else (cpu_after - cpu_before) / args.repeat)
                key = "article page" if label == "article page" else label
                by_label.setdefault(key, []).append((kind, status, times, cpu))
            for label, runs in by_label.items():
                times = sorted(t for _, _, ts, _ in runs for t in ts)
                statuses = sorted({s for _, s, _, _ in runs})
                cpus = [c for _, _, _, c in runs if c is not None]
                results.append({
                    "kind": runs[0][0], "page": label, "status": statuses,
                    "p50_ms": round(statistics.median(times)),
                    "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))]),
                    "server_cpu_ms": round(statistics.mean(cpus)) if cpus else None})
        finally:
            server.terminate()
            server.wait(timeout=30)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    n_articles = db.execute("select count(*) from articles").fetchone()[0]
    n_claims = db.execute("select count(*) from claims").fetchone()[0]
    size = db_path.stat().st_size
    print(f"{n_articles:,} articles, {n_claims:,} claims, {size / 2**30:.2f} GiB "
          f"({size / n_articles / 1024:.0f} KB per article); {args.repeat} requests each; "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"(other jobs on the machine inflate every figure)\n")
    print("| kind | page | status | p50 ms | p95 ms | server CPU ms | target |")
    print("|---|---|---|---:|---:|---:|---|")
    for r in results:
        target = QUERY_TARGET_MS if r["kind"] == "canned query" else PAGE_TARGET_MS
        if r["p95_ms"] is None:
            verdict = "skipped: no such route"
        else:
            verdict = f"{'ok' if r['p95_ms'] < target else 'over'} (< {target})"
        print(f"| {r['kind']} | {r['page']} | {r['status']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['server_cpu_ms']} | {verdict} |")


if __name__ == "__main__":
    main()
