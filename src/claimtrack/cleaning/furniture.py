"""Classifying units: prose, short line, navigation, prompt/furniture, end heading, list
heading and its links, byline, date line, photo credit, or a short line repeated on
the page."""

from __future__ import annotations

import re
from collections import Counter

from claimtrack.cleaning.bylines import parse_byline, parse_reporting_line
from claimtrack.cleaning.dates import date_line
from claimtrack.cleaning.lexicon import CREDIT_TAIL_HINT_RE, Lexicon, lexicon
from claimtrack.cleaning.units import (
    BYLINE,
    CREDIT,
    DATE,
    END,
    FURNITURE,
    LINK_ITEM,
    LIST_HEADING,
    MARKDOWN_HEADING,
    MARKDOWN_HEADING_RE,
    MARKDOWN_IMAGE_RE,
    NAV,
    PROSE,
    REPEATED,
    SHORT,
    TERMINAL_RE,
    URL_LINE_RE,
    WORD_RE,
    Unit,
    normalise_line,
)


def classify(units: list[Unit]) -> None:
    lex = lexicon()
    for unit in units:
        text = unit.text
        unit.norm = normalise_line(text)
        unit.words = len(WORD_RE.findall(text))
        unit.terminal = bool(TERMINAL_RE.search(text))
        unit.kind = _kind(unit, lex)
    # Short lines repeated on the page are menus, section labels, share bars.
    counts = Counter(u.norm for u in units if u.words < 15 and u.kind != PROSE)
    for unit in units:
        if counts[unit.norm] > 1 and unit.kind in (SHORT, NAV):
            unit.kind = REPEATED


def _kind(unit: Unit, lex: Lexicon) -> str:
    text, norm, words = unit.text, unit.norm, unit.words
    if not norm:
        return FURNITURE
    if words <= 6 and (norm in lex.end_headings or norm.rstrip("?.!") in lex.end_headings):
        return END
    if words <= 6 and (norm in lex.list_headings or norm.startswith("more from ")):
        return LIST_HEADING
    if norm in lex.nav_lines or _nav_bar(text):
        return NAV
    if MARKDOWN_HEADING_RE.match(text) and unit.n_lines == 1:
        return MARKDOWN_HEADING
    if URL_LINE_RE.match(text) or MARKDOWN_IMAGE_RE.match(text):
        return FURNITURE
    if words <= 40 and any(p.search(text) for p in lex.prompt_patterns):
        return FURNITURE
    # Markdown emphasis around a byline or date ("*By Jane Smith*") is not part of it.
    plain = text.strip("*_ ")
    reporters = parse_reporting_line(plain)
    if reporters is not None:
        unit.names = reporters
        return FURNITURE
    byline = parse_byline(plain)
    if byline:
        unit.names, unit.date = byline
        return BYLINE
    iso = date_line(plain.replace("*", ""))
    if iso:
        unit.date = iso
        return DATE
    if words <= 45 and CREDIT_TAIL_HINT_RE.search(text) and lex.credit_tail_pattern.search(text):
        return CREDIT
    if words <= 10 and _credit_line(text, lex):
        return CREDIT
    if (unit.terminal and words >= 4) or words >= 20:
        return PROSE
    return SHORT


CREDIT_WORDS = frozenset(
    "via photo photos photograph file images image handout courtesy of by credit pool "
    "staff for".split()
)


def _credit_line(text: str, lex: Lexicon) -> bool:
    """A short line naming a photo agency and at most a photographer: "Associated Press,
    Jane Doe", "Jane Doe/AFP via Getty Images". A headline that mentions an agency
    ("Bleak outlook for Bloomberg run") has running lowercase words and is not one."""
    if not lex.credit_pattern.search(text):
        return False
    rest = lex.credit_pattern.sub(" ", text)
    words = re.sub(r"[.,/|;:()\-\u2013\u2014]", " ", rest).split()
    return len(words) <= 5 and all(w[0].isupper() or w.lower() in CREDIT_WORDS for w in words)


# A navigation bar or breadcrumb on one line: "Home | About | Archive", "Home › World".
NAV_BAR_SPLIT_RE = re.compile(r"\s+[|\u00b7\u2022/\u203a\u00bb>]\s+")


def _nav_bar(text: str) -> bool:
    parts = NAV_BAR_SPLIT_RE.split(text)
    return len(parts) >= 3 and all(1 <= len(part.split()) <= 3 for part in parts)


def mark_link_lists(units: list[Unit]) -> None:
    """Short lines after a "Related"/"Most read" heading are links, not text."""
    in_list = False
    for unit in units:
        if unit.kind == LIST_HEADING:
            in_list = True
            continue
        if not in_list:
            continue
        if unit.kind in (END, BYLINE):
            in_list = False
        elif (unit.terminal and unit.words >= 15) or unit.words >= 25:
            in_list = False
        elif unit.kind in (SHORT, PROSE, REPEATED, NAV, CREDIT, DATE):
            unit.kind = LINK_ITEM
