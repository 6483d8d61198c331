"""The body: the run of units holding the most prose, its trailing links trimmed, and
the units of it kept as text (prose, sentence-like short lines; not headings)."""

from __future__ import annotations

from claimtrack.cleaning.headline import same_title
from claimtrack.cleaning.units import (
    BULLET_RE,
    END,
    INNER_SENTENCE_END_RE,
    LINK_ITEM,
    LIST_HEADING,
    NAV,
    PROSE,
    REPEATED,
    SHORT,
    Unit,
    title_case_share,
)


def main_run(units: list[Unit]) -> tuple[int, int] | None:
    """(first, last) indexes of the prose run with the most prose, not crossing an end
    heading; None when there is no prose."""
    best: tuple[int, int] | None = None
    best_score = 0
    start = None
    last_prose = None
    score = 0
    for unit in [*units, None]:
        if unit is None or unit.kind == END:
            if start is not None and score > best_score:
                best, best_score = (start, last_prose), score
            start, last_prose, score = None, None, 0
            continue
        if unit.is_prose:
            if start is None:
                start = unit.index
            last_prose = unit.index
            score += len(unit.text)
    return best


LINK_LABELS = frozenset({REPEATED, LINK_ITEM, LIST_HEADING, NAV, SHORT})


def trim_trailing_links(units: list[Unit], first: int, last: int) -> int:
    """Drop headline links that end the run: "Leads" / "Is China Winning the Trade War?"
    after the last paragraph reads as prose (a question of 4+ words) but is a link to
    another article: Title Case, short, and right after a label or another link."""
    while last > first:
        unit = units[last]
        previous = units[last - 1]
        if not (
            unit.kind == PROSE
            and unit.words < 15
            and title_case_share(unit.text) >= 0.6
            and previous.kind in LINK_LABELS
            and previous.words < 15
        ):
            break
        unit.kind = LINK_ITEM
        last -= 1
        while last > first and not units[last].is_prose:
            last -= 1
    return last


def keep_body_units(units: list[Unit], start: int, last: int, title: str | None) -> list[Unit]:
    kept: list[Unit] = []
    seen: set[str] = set()
    for unit in units[start : last + 1]:
        if unit.kind == PROSE:
            keep = True
        elif unit.kind == SHORT:
            # A sentence-final short line ("He refused.") or a list item is content;
            # a short line without sentence punctuation is a heading.
            keep = (
                unit.terminal
                or (unit.text.endswith(":") and unit.words >= 2)
                # a quotation with its attribution: "“...” ― Name"
                or (unit.words >= 5 and INNER_SENTENCE_END_RE.search(unit.text) is not None)
                # a long line cut short in the source; headings are shorter or Title Case
                or (unit.words >= 12 and title_case_share(unit.text) < 0.6)
                or (BULLET_RE.match(unit.text) is not None and unit.words >= 4)
            )
        else:
            keep = False
        if keep and title and unit.index <= start + 1 and same_title(unit.text, title):
            keep = False
        if keep and unit.norm in seen:  # a pull quote repeats a paragraph
            keep = False
        if keep:
            kept.append(unit)
            seen.add(unit.norm)
    return kept
