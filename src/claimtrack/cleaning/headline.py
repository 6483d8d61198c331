"""Title and publication: the headline among the units before the body, a " | Site"
title suffix, the site name or copyright line; and the headline as the text's first
paragraph."""

from __future__ import annotations

import re
from collections import Counter

from claimtrack.cleaning.units import (
    CREDIT,
    DATE,
    END,
    FURNITURE,
    LINK_ITEM,
    LIST_HEADING,
    NAV,
    PROSE,
    REPEATED,
    SHORT,
    STANDFIRST,
    TERMINAL_RE,
    TITLE,
    Unit,
    normalise_line,
    title_case_share,
)

# Kinds that are never the page's opening content line (site name).
NOT_CONTENT = frozenset({NAV, FURNITURE, CREDIT, DATE, LINK_ITEM, LIST_HEADING, END})


def _title_like(unit: Unit) -> bool:
    if unit.kind not in (SHORT, PROSE, REPEATED) or unit.n_lines > 1:
        return False
    first_char = next((ch for ch in unit.text if ch.isalnum()), "")
    if not 2 <= unit.words <= 25 or not (first_char.isupper() or first_char.isdigit()):
        return False
    if unit.text.endswith((",", ":")):
        return False
    # A headline rarely ends with a full stop; when it does, it is in Title Case.
    if unit.text.endswith(".") and title_case_share(unit.text) < 0.6:
        return False
    return True


def same_title(a: str, b: str) -> bool:
    a, b = normalise_line(a), normalise_line(b)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    separator = longer[len(shorter) :].lstrip()[:1]
    return longer.startswith(shorter) and separator in ("|", "-", "\u2013", "\u2014", ":")


def _site_name_like(unit: Unit) -> bool:
    if unit.kind not in (SHORT, REPEATED) or unit.terminal or not 1 <= unit.words <= 6:
        return False
    words = unit.text.split()
    small = {"the", "of", "and", "for", "on", "in", "a", "&", "de", "la", "le"}
    return all(w[0].isupper() or w.lower() in small or w[0].isdigit() for w in words) and (
        words[0][0].isupper()
    )


# "Headline | Site Name" (a page <title> copied into the text). Dashes are not used: too
# many headlines contain one ("... Platform — Yet.").
TITLE_SUFFIX_RE = re.compile(r"^(?P<title>.{8,}?)\s+\|\s+(?P<site>[^|]{2,50})$")
COPYRIGHT_RE = re.compile(
    r"(?:\u00a9|\([cC]\)|(?i:copyright))\s*(?:\u00a9\s*)?(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?"
    r"\s*,?\s*(?P<name>[A-Z][\w'&.\- ]{1,60}?)(?:[.,]|\s+(?i:all rights reserved)|$)"
)


def split_title_suffix(title: str) -> tuple[str, str | None]:
    match = TITLE_SUFFIX_RE.match(title.strip())
    if match and len(match.group("site").split()) <= 5 and not TERMINAL_RE.search(title):
        return match.group("title").strip(), match.group("site").strip()
    return title.strip(), None


def with_headline(title: str | None, body: str) -> tuple[str | None, str, int]:
    """(title, text, body start): the headline is the text's first paragraph, so its claim,
    entities and figures have exact offsets like the body's. The title is the headline on
    one line (whitespace runs, line breaks included, become one space); an empty body gets
    no headline (a page that is only a title is refused, as before)."""
    headline = " ".join(title.split()) if title else ""
    if not headline or not body:
        return headline or None, body, 0
    return headline, f"{headline}\n\n{body}", len(headline) + 2


def guess_title(units: list[Unit], head: list[Unit], first: int) -> str | None:
    # A PolNeAR-style or plain file: the first unit is its own block and reads as a
    # headline, and the body run starts right there.
    if units and not head and _first_is_own_block(units) and _first_line_title(units[0]):
        units[0].kind = TITLE
        return units[0].text
    candidates = [u for u in head if _title_like(u) and u.kind != STANDFIRST]
    if not candidates:
        return None
    counts = Counter(u.norm for u in candidates)
    repeated = [u for u in candidates if counts[u.norm] > 1]
    if repeated:  # the headline shown twice (page title and article heading)
        chosen = repeated[-1]
    else:
        # The first headline-like line, unless it is the site name that opens the page.
        chosen = candidates[0]
        opening = next((u for u in head if u.kind not in NOT_CONTENT), None)
        if len(candidates) > 1 and chosen is opening and _site_name_like(chosen):
            chosen = candidates[1]
    for unit in head:
        if unit.norm == chosen.norm:
            unit.kind = TITLE
    return chosen.text


def _first_line_title(unit: Unit) -> bool:
    """A one-line first paragraph short enough for a headline. Sentence-case headlines
    ending in a full stop (PolNeAR, wire copy) count; news leads are longer."""
    first_char = next((ch for ch in unit.text if ch.isalnum()), "")
    if unit.kind not in (SHORT, PROSE, REPEATED):
        return False
    if not (first_char.isupper() or first_char.isdigit()):
        return False
    if unit.text.endswith((",", ":")):
        return False
    limit = 25 if title_case_share(unit.text) >= 0.6 or not unit.terminal else 20
    return 1 <= unit.words <= limit


def _first_is_own_block(units: list[Unit]) -> bool:
    return len(units) > 1 and units[0].block != units[1].block and units[0].n_lines == 1


def guess_publication(units: list[Unit], head: list[Unit]) -> str | None:
    for unit in head:
        if unit.kind in (NAV, FURNITURE):
            continue
        if unit.kind == TITLE:
            break
        if _site_name_like(unit):
            return unit.text
        break
    for unit in units:
        if unit.kind == FURNITURE and unit.words <= 15:
            match = COPYRIGHT_RE.search(unit.text)
            if match and not re.search(r"(?i)all rights reserved$", match.group("name")):
                name = match.group("name").strip(" .,")
                if name and len(name.split()) <= 6:
                    return name
    return None
