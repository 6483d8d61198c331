"""Check that a change to the pipeline leaves ingest's output unchanged.

Ingests the corpus (``corpus/``) plus the first N PolNeAR dev texts into a fresh database
with the code on ``PYTHONPATH`` and writes every table, minus timestamp columns, as sorted
JSON lines to a file. Run it once on the reference code, once after a change, and compare:

    PYTHONPATH=src python benchmarks/output_drift.py --out ref.jsonl        # on main
    PYTHONPATH=src python benchmarks/output_drift.py --out new.jsonl --compare ref.jsonl

``--compare`` prints the first differing lines per table and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the main checkout, or beside the worktrees' parent (/work/wt/<branch>)
POLNEAR_DEV = next((d / "shared" / "polnear" / "dev" / "text" for d in ROOT.parents
                    if (d / "shared" / "polnear").is_dir()), ROOT.parent / "shared")
# Columns that record when something ran, not what was found.
TIMESTAMP_COLUMNS = {"ingested_at", "created_at", "merged_at"}
SHOWN_DIFFERENCES = 10  # per table: enough to see the pattern of a change


def input_paths(polnear_texts: int) -> list[str]:
    paths = sorted(str(p) for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md"))
    if polnear_texts and POLNEAR_DEV.is_dir():
        paths += [str(p) for p in sorted(POLNEAR_DEV.glob("*.txt"))[:polnear_texts]]
    return paths


def dump_tables(db) -> list[str]:
    """One JSON line per row, "table<TAB>row", sorted within each table."""
    lines = []
    for table in sorted(db.table_names()):
        if table.startswith(("_", "sqlite_")) or "_fts" in table:
            continue
        rows = []
        for row in db[table].rows:
            kept = {k: v for k, v in row.items() if k not in TIMESTAMP_COLUMNS}
            rows.append(f"{table}\t{json.dumps(kept, sort_keys=True, default=str)}")
        lines += sorted(rows)
    return lines


def differences(reference: list[str], current: list[str]) -> dict[str, tuple[list, list]]:
    """Per table: rows only in the reference, rows only in the current dump."""
    ref, cur = set(reference), set(current)
    found: dict[str, tuple[list, list]] = {}
    for line in sorted(ref - cur):
        found.setdefault(line.split("\t", 1)[0], ([], []))[0].append(line)
    for line in sorted(cur - ref):
        found.setdefault(line.split("\t", 1)[0], ([], []))[1].append(line)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="file for the dump (JSON lines)")
    parser.add_argument("--compare", help="a reference dump to compare with")
    parser.add_argument("--polnear", type=int, default=60, help="PolNeAR dev texts (default 60)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    from claimtrack.ingest import ingest
    from claimtrack.nlp import load_nlp
    from claimtrack.store import open_db

    paths = input_paths(args.polnear)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "drift.db")
        summary = ingest(paths, db, load_nlp(), workers=args.workers)
        lines = dump_tables(db)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(paths)} inputs, {len(summary.inserted)} stored, {len(summary.refused)} refused, "
          f"{len(lines)} rows -> {args.out}")
    if not args.compare:
        return 0
    reference = Path(args.compare).read_text(encoding="utf-8").splitlines()
    found = differences(reference, lines)
    for table, (gone, new) in found.items():
        print(f"{table}: {len(gone)} rows only in the reference, {len(new)} only now")
        for line in (gone[:SHOWN_DIFFERENCES]):
            print("  -", line[:300])
        for line in (new[:SHOWN_DIFFERENCES]):
            print("  +", line[:300])
    print("identical" if not found else "DIFFERENT")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
