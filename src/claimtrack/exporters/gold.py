"""Reviewers' corrections as gold data (JSON lines; claimtrack.corrections makes them)."""

from __future__ import annotations

from typing import IO

import sqlite_utils

from claimtrack.corrections import write_gold


def write(db: sqlite_utils.Database, out: IO[str], article_id: str | None = None,
          **_options) -> int:
    # All corrections, whatever the article: gold data is taken as a whole.
    return write_gold(db, out)
