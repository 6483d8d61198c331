"""Dates in page lines: "March 5, 2024", "5 March 2024", "2024-03-05", and lines that
are only a date ("Updated: March 5, 2024 10:02 a.m. EST")."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?:T[\d:.+\-Z]*)?\b"),
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b",
        re.I,
    ),
)
TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?\b"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?:\s*[A-Z]{2,4})?",
    re.IGNORECASE,
)
DATE_FILLER = frozenset(
    "updated published posted on at last first modified originally date dated "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun min mins minute minutes read reading time ago hours hour".split()
)


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first full date (year, month, day) in text, as ISO 8601 and its match."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
        day, year = int(groups["day"]), int(groups["year"])
        if 1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}", match
    return None


def date_line(text: str) -> str | None:
    """ISO date when the line is only a date ("Updated: March 5, 2024 10:02 a.m. EST")."""
    if len(text) > 120:
        return None
    found = find_date(text)
    if not found:
        return None
    iso, match = found
    rest = text[: match.start()] + " " + text[match.end() :]
    rest = TIME_RE.sub(" ", rest)
    leftover = [
        word
        for word in re.findall(r"[A-Za-z]+", rest)
        if word.lower() not in DATE_FILLER and len(word) > 1
    ]
    return iso if len(leftover) <= 1 else None
