"""Fact-checkers' verdicts on claims.

A claim can be judged more than once (a first rating, a correction, a second reviewer); every
verdict is kept and the newest one (``created_at``, then ``id``) is the claim's current rating.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from urllib.parse import urlparse

import sqlite_utils

from claimtrack import checked, schema


class VerdictError(ValueError):
    """A verdict that cannot be recorded or looked up; the message is one line."""


# created_at is stored as fixed-width UTC text so that string order is time order.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_timestamp(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        raise VerdictError("verdict time must be timezone-aware")
    return moment.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def _number(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise VerdictError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise VerdictError(f"{name} must be a finite number, not {value!r}")
    return number


def _check_scale(rating_value: float | None, best: float | None, worst: float | None) -> None:
    if best is not None and worst is not None and best == worst:
        raise VerdictError(f"best and worst rating are both {best:g}: not a scale")
    if rating_value is None:
        return
    if best is not None and worst is not None:
        low, high = sorted((best, worst))
        if not low <= rating_value <= high:
            raise VerdictError(
                f"rating value {rating_value:g} is outside the scale {worst:g}..{best:g}"
            )


def claim_exists(db: sqlite_utils.Database, claim_id: int) -> bool:
    if not db["claims"].exists():
        return False
    return bool(db.execute("select 1 from claims where id = ?", [claim_id]).fetchone())


def add_verdict(
    db: sqlite_utils.Database,
    claim_id: int,
    rating: str,
    *,
    rating_value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
    url: str | None = None,
    reviewer: str | None = None,
    note: str | None = None,
    created_at: datetime | None = None,
) -> dict:
    """Record a verdict on a claim and return the stored row (with its id)."""
    rating = (rating or "").strip()
    if not rating:
        raise VerdictError("a verdict needs a rating (e.g. --rating False)")
    rating_value = _number("rating value", rating_value)
    best = _number("best rating", best)
    worst = _number("worst rating", worst)
    _check_scale(rating_value, best, worst)
    url = (url or "").strip() or None
    if url is not None:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise VerdictError(f"verdict URL must be an absolute http(s) URL, not {url!r}")
    if not claim_exists(db, claim_id):
        raise VerdictError(f"unknown claim id {claim_id}")
    if not db["verdicts"].exists():
        # A database ingested before verdicts existed gains the table here.
        schema.ensure_schema(db)
    row = {
        "claim_id": claim_id,
        "rating": rating,
        "rating_value": rating_value,
        "best": best,
        "worst": worst,
        "url": url,
        "reviewer": (reviewer or "").strip() or None,
        "note": (note or "").strip() or None,
        "created_at": utc_timestamp(created_at),
    }
    with db.atomic():
        row["id"] = db["verdicts"].insert(row).last_pk
        # Claims already stored that repeat this one are "checked before" from now on.
        checked.after_verdict(db, claim_id)
    return row


_LIST_SQL = """
    select verdicts.*, claims.article_id, claims.text as claim
    from verdicts join claims on claims.id = verdicts.claim_id
    {where}
    order by verdicts.created_at desc, verdicts.id desc
"""


def list_verdicts(
    db: sqlite_utils.Database, claim_id: int | None = None, article_id: str | None = None
) -> list[dict]:
    """Verdicts newest first, each with the claim's ``article_id`` and text (``claim``)."""
    if claim_id is not None and not claim_exists(db, claim_id):
        raise VerdictError(f"unknown claim id {claim_id}")
    if not db["verdicts"].exists():
        return []
    clauses, params = [], []
    if claim_id is not None:
        clauses.append("verdicts.claim_id = ?")
        params.append(claim_id)
    if article_id is not None:
        clauses.append("claims.article_id = ?")
        params.append(article_id)
    where = ("where " + " and ".join(clauses)) if clauses else ""
    return list(db.query(_LIST_SQL.format(where=where), params))


def latest_verdicts(db: sqlite_utils.Database, article_id: str | None = None) -> dict[int, dict]:
    """The current (newest) verdict of every judged claim, by claim id."""
    latest: dict[int, dict] = {}
    for verdict in list_verdicts(db, article_id=article_id):
        latest.setdefault(verdict["claim_id"], verdict)
    return latest
