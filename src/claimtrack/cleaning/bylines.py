"""Authors: person names, bylines ("By NAME and NAME"), wire-copy credit lines
("Reporting by ..."), the article's byline units and the author bio box."""

from __future__ import annotations

import re

from claimtrack.cleaning.dates import DATE_FILLER, MONTHS, TIME_RE, find_date
from claimtrack.cleaning.lexicon import lexicon
from claimtrack.cleaning.units import (
    BYLINE,
    CREDIT,
    DATE,
    END,
    FURNITURE,
    NAV,
    PROSE,
    Unit,
    normalise_line,
)

BYLINE_RE = re.compile(
    r"^(?:by|written by|words by|story by|text by|reported by|posted by|authors?)\s*[:\-]?\s+"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
BYLINE_LEAD_RE = re.compile(
    r"^(?:(?:posted|published|updated|last updated|first published)\b|on\b|[,|\u2022\u00b7\-\s])*",
    re.IGNORECASE,
)
ROLE_NAME_RE = re.compile(
    r"^(?:[A-Za-z&-]+\s+){0,3}(?:correspondent|editor|reporter|writer|columnist|analyst)"
    r",?\s+(?P<name>[A-Z][^,;|]{2,50})$",
    re.IGNORECASE,
)
HONORIFIC_RE = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame|rev)\.?\s+", re.IGNORECASE)
BYLINE_SPLIT_RE = re.compile(
    r"\s*(?:,|;|\||\u2022|\u00b7|\u2014|\u2013|\s-\s|\band\b|&|\bwith\b)\s*",
    re.IGNORECASE,
)
# "Jane Doe in West Palm Beach", "Ana Cruz for The Herald": the name is before the cut.
BYLINE_PLACE_RE = re.compile(r"\s+(?:in|for|at|from)\s+", re.IGNORECASE)
NAME_TOKEN_RE = re.compile(r"^[^\W\d_][\w'\u2019.\-]*$")
NOT_NAME_WORDS = frozenset(
    "the a an this that these those staff our his her their its mr mrs ms dr prof "
    "president minister said says according".split()
) | frozenset(MONTHS) | DATE_FILLER
BIO_NAME_RE = re.compile(
    r"^(?P<name>[A-Z][\w'\u2019.\-]+(?:\s+[A-Z][\w'\u2019.\-]+){1,3})\s+"
    r"(?:is|was|has been|writes|covers|reports)\b"
)


def person_name(piece: str) -> str | None:
    """The piece as a person's name ("Nazira Kozhanova", "J. R. Smith", "Ana de la Cruz"),
    or None."""
    piece = HONORIFIC_RE.sub("", piece.strip(" .,;:"))
    tokens = piece.split()
    if not 2 <= len(tokens) <= 5:
        return None
    particles = lexicon().name_particles
    capitalised = 0
    for token in tokens:
        if token.lower() in NOT_NAME_WORDS and not token.isupper():
            return None
        if token.lower() in particles and token[0].islower():
            continue
        if not NAME_TOKEN_RE.match(token) or not token[0].isupper():
            return None
        capitalised += 1
    if capitalised < 2 or tokens[0].lower() in particles:
        return None
    if piece.isupper():
        piece = piece.title()
    return piece


def parse_byline(text: str) -> tuple[list[str], str | None] | None:
    """(authors, ISO date or None) when the line is a byline, else None."""
    if "\n" in text or len(text) > 160:
        return None
    line = text.strip()
    published = None
    found = find_date(line)
    if found:
        # "Posted on 12 January 2023 by Ruth Adler", "By Jane Smith | March 5, 2024"
        published, date_match = found
        line = line[: date_match.start()] + " , " + line[date_match.end() :]
        line = BYLINE_LEAD_RE.sub("", line).strip()
    match = BYLINE_RE.match(line)
    if not match:
        # "Health correspondent Tom Hale": a job title, then the name, without "By".
        titled = ROLE_NAME_RE.match(line)
        name = person_name(titled.group("name")) if titled else None
        return ([name], published) if name else None
    rest = match.group("rest")
    rest = TIME_RE.sub(" , ", rest)
    roles = lexicon().byline_roles
    names: list[str] = []
    for piece in BYLINE_SPLIT_RE.split(rest):
        piece = BYLINE_PLACE_RE.split(piece)[0].strip(" .,;:()")
        if not piece:
            continue
        lowered = normalise_line(piece)
        if lowered in roles or lowered in DATE_FILLER:
            continue
        name = person_name(piece)
        if name:
            names.append(name)
            continue
        words = piece.split()
        # An organisation or place after the names ("The Diplomat", "Beijing") is fine;
        # lowercase running words mean the line is a sentence that starts with "By".
        if not all(w[0].isupper() or w.lower() in roles or not w[0].isalpha() for w in words):
            return None
        if len(words) > 4:
            return None
    if not names:
        return None
    return names, published


# "Additional reporting by" names helpers, not the author, and is furniture only.
REPORTING_RE = re.compile(
    r"^\(?(?P<extra>(?:additional|further|contributing|with) )?reporting by\s+(?P<rest>.+?)\)?$",
    re.IGNORECASE,
)


def parse_reporting_line(text: str) -> list[str] | None:
    """Reporters of a wire-copy credit line ("Reporting by Jane Doe in London; Editing
    by Sam Holt"), or None when the line is not one ("Reporting by the Times showed...")."""
    match = REPORTING_RE.match(text.strip())
    if not match or "\n" in text:
        return None
    # Only the reporters count as authors; editors and writers after ";" do not.
    reporters = re.split(r";", match.group("rest"))[0].strip().rstrip(".")
    parsed = parse_byline(f"By {reporters}")
    if not parsed:
        return None
    return [] if match.group("extra") else parsed[0]


def find_bylines(units: list[Unit], first: int, last: int) -> tuple[list[Unit], list[Unit]]:
    """The byline(s) of the article (consecutive byline lines, "By A" / "By B") and the
    standfirst units before them. A byline counts before the body run or near its start
    (at most two prose units, 600 characters, before it); one deeper in the body is
    text, not a byline."""
    for unit in units[: last + 1]:
        if unit.kind != BYLINE:
            continue
        standfirst = [u for u in units[first : unit.index] if u.is_prose]
        if unit.index >= first and (
            len(standfirst) > 2 or sum(len(u.text) for u in standfirst) > 600
        ):
            return [], []
        bylines = [unit]
        for following in units[unit.index + 1 : last + 1]:
            if following.kind == BYLINE:
                bylines.append(following)
            elif following.kind not in (DATE, NAV, FURNITURE, CREDIT):
                break
        return bylines, standfirst
    return [], []


def guess_authors(units: list[Unit], bylines: list[Unit], last: int) -> list[str]:
    if bylines:
        names = [name for unit in bylines for name in unit.names]
        return list(dict.fromkeys(names))
    # "Reporting by Jane Doe in London; Editing by ..." at the foot of wire copy.
    for unit in units:
        if unit.kind == FURNITURE and unit.names:
            return list(unit.names)
    # The author bio box after the article: "NAME is a ..."
    seen_end = False
    for unit in units[last + 1 :]:
        if unit.kind == END:
            seen_end = True
            continue
        if seen_end and unit.kind == PROSE:
            match = BIO_NAME_RE.match(unit.text)
            if match and person_name(match.group("name")):
                return [person_name(match.group("name"))]
    return []
