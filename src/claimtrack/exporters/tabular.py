"""JSON lines and CSV: one claim a line or a row (see docs/exports.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from claimtrack.exporters.records import VERDICT_FIELDS, claim_records


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


CSV_COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "seq", "paragraph", "start", "end",
    "text", "kind", "hedged", "checkworthiness",
    "source_names", "source_kinds", "source_cues", "sources",
    "figures", "entities",
    *(f"verdict_{field}" for field in VERDICT_FIELDS),
)
# Lists of plain strings are joined with this for spreadsheets; lists of records are JSON.
CSV_LIST_SEPARATOR = "; "


def csv_row(record: dict) -> dict:
    """Flatten one claim record into CSV_COLUMNS (see docs/exports.md)."""
    row = {k: record[k] for k in CSV_COLUMNS if k in record and not isinstance(record[k], list)}
    srcs = record["sources"]
    row["source_names"] = CSV_LIST_SEPARATOR.join(s["name"] or "" for s in srcs)
    row["source_kinds"] = CSV_LIST_SEPARATOR.join(s["kind"] or "" for s in srcs)
    row["source_cues"] = CSV_LIST_SEPARATOR.join(s["cue"] or "" for s in srcs)
    for key in ("sources", "figures", "entities"):
        row[key] = json.dumps(record[key], ensure_ascii=False)
    verdict = record["verdict"] or {}
    for key in VERDICT_FIELDS:
        row[f"verdict_{key}"] = verdict.get(key)
    return row


# A cell starting with one of these is run as a formula by spreadsheet software
# (=HYPERLINK(...), +cmd|..., @SUM): OWASP's advice is to prefix such cells with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text, never runs (see FORMULA_STARTS)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: spreadsheet_safe(v) for k, v in csv_row(record).items()})
        count += 1
    return count


def write_jsonl_export(db, out: IO[str], article_id: str | None = None, **_options) -> int:
    return write_jsonl(claim_records(db, article_id), out)


def write_csv_export(db, out: IO[str], article_id: str | None = None, **_options) -> int:
    return write_csv(claim_records(db, article_id), out)
