"""Exports of the claims database: the one exporter registry and its entry point.

``EXPORTERS`` maps each format to the module that writes it (claimtrack.exporters.*):
``export()`` and the CLI's ``--format`` choices both come from it, so a new format is one
entry here and one module there. Exporter modules are imported only when used: the CLI lists
the formats without loading sqlite-utils. docs/exports.md describes each format and the
choices made (one ClaimReview per judged claim, the reviewer's @type, CSV flattening,
annotation motivations).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO


class ExportError(ValueError):
    """An export that cannot be made (unknown article, not a claimtrack database)."""


@dataclass(frozen=True)
class Exporter:
    """A format: ``module:function`` that writes it, and a line for --help."""

    writer: str
    help: str

    def load(self) -> Callable[..., int]:
        module, function = self.writer.split(":")
        return getattr(importlib.import_module(module), function)


EXPORTERS: dict[str, Exporter] = {
    "claimreview": Exporter("claimtrack.exporters.claimreview:write",
                            "schema.org JSON-LD of judged claims"),
    "jsonl": Exporter("claimtrack.exporters.tabular:write_jsonl_export", "one claim per line"),
    "csv": Exporter("claimtrack.exporters.tabular:write_csv_export", "one claim per row"),
    "webannotation": Exporter("claimtrack.exporters.webannotation:write",
                              "W3C Web Annotation JSON-LD"),
    "corrections": Exporter("claimtrack.exporters.gold:write",
                            "reviewers' corrections as gold data (JSON lines)"),
}
FORMATS = tuple(EXPORTERS)


def formats_help() -> str:
    return "; ".join(f"{name}: {exporter.help}" for name, exporter in EXPORTERS.items()) + "."


def export(
    db, fmt: str, out: IO[str], article_id: str | None = None, *,
    reviewer_type: str = "Organization", on_problem: Callable[[str], None] | None = None,
) -> int:
    """Write ``fmt`` to ``out``; returns the number of items (claims, reviews) written.
    ``on_problem`` hears each ClaimReview validation problem (they are still written: a
    missing fact-check URL can be added later, the rest of the review is still useful)."""
    from claimtrack.exporters.records import check_database

    # Checked before anything is written: an unknown article is an error, not an empty CSV.
    check_database(db, article_id)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return exporter.load()(db, out, article_id, reviewer_type=reviewer_type,
                           on_problem=on_problem)


def export_string(db, fmt: str, article_id: str | None = None, **kwargs) -> str:
    buffer = io.StringIO()
    export(db, fmt, buffer, article_id, **kwargs)
    return buffer.getvalue()
