"""Cutting a page into units (paragraphs, or lines of a block of short lines) and what
a unit can be taken for.

A hard-wrapped paragraph is joined into one line; a block of separate short lines (a
menu, a headline and its subtitle) becomes one unit per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PROSE = "prose"
SHORT = "short"  # a line that is not a sentence: heading, headline, menu item, site name
NAV = "nav"
FURNITURE = "furniture"
END = "end"
LIST_HEADING = "list_heading"
BYLINE = "byline"
DATE = "date"
CREDIT = "credit"
REPEATED = "repeated"
TITLE = "title"
LINK_ITEM = "link_item"
MARKDOWN_HEADING = "md_heading"
STANDFIRST = "standfirst"

# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes/brackets.
TERMINAL_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
INNER_SENTENCE_END_RE = re.compile(r"\w[.!?\u2026][\"'\u201d\u2019)\]]*\s+\S")
BULLET_RE = re.compile(r"^(?:[-*\u2022\u2013+]\s+|\d{1,2}[.)]\s+)")
URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
MARKDOWN_IMAGE_RE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
WORD_RE = re.compile(r"\S+")
# Characters trimmed from a line before comparing it with the lexicon.
TRIM_CHARS = " \t\u00a0:|\u00bb\u203a>\u00ab\u2039<-\u2013\u2014\u2022\u00b7*#\u2192\u2190"
# Minimum line length for a multi-line block to count as one hard-wrapped paragraph.
WRAPPED_LINE_MIN = 40
# Text is wrapped at 60-80 columns; longer lines are whole paragraphs.
WRAPPED_LINE_MAX = 100


@dataclass
class Unit:
    index: int
    text: str
    block: int
    n_lines: int
    kind: str = SHORT
    norm: str = ""
    words: int = 0
    terminal: bool = False
    names: list[str] = field(default_factory=list)
    date: str | None = None

    @property
    def is_prose(self) -> bool:
        return self.kind == PROSE


def normalise_line(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(TRIM_CHARS)


def _wrapped_paragraph(lines: list[str]) -> bool:
    """True for a hard-wrapped paragraph (lines cut at a fixed width), False for a block
    of separate lines (a menu, a headline and its subtitle, one paragraph per line)."""
    if len(lines) < 2 or any(BULLET_RE.match(line.lstrip()) for line in lines[1:]):
        return False
    if not all(WRAPPED_LINE_MIN <= len(line.strip()) <= WRAPPED_LINE_MAX for line in lines[:-1]):
        return False
    # A wrapper breaks a line only when the next word does not fit: a line plus the next
    # line's first word is longer than the longest line. One paragraph per line fails this.
    width = max(len(line.rstrip()) for line in lines)
    for line, following in zip(lines, lines[1:], strict=False):
        next_word = following.split()[0] if following.split() else ""
        if next_word[:1].islower() and line.rstrip()[-1:] not in ".!?:":
            continue  # a sentence running on into the next line, whatever the width
        if len(line.rstrip()) + 1 + len(next_word) <= width:
            return False
    # Two lines, the first ending a sentence: a headline and subtitle, or two paragraphs.
    return len(lines) > 2 or not re.search(r"[.;:!?][\"'\u201d\u2019)]*$", lines[0])


def split_units(text: str) -> list[Unit]:
    """Paragraph units; line-end whitespace stripped, inner whitespace kept."""
    units: list[Unit] = []
    blocks = re.split(r"\n[^\S\n]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    for block_number, block in enumerate(blocks):
        lines = [line.rstrip() for line in block.split("\n")]
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        if _wrapped_paragraph(lines):
            # Unwrapped to one line: a line break inside a sentence would split the claim.
            pieces = [" ".join(line.strip() for line in lines)]
        else:
            pieces = [line.strip() for line in lines]
        for piece in pieces:
            units.append(Unit(len(units), piece, block_number, piece.count("\n") + 1))
    return units


def title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019\-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)
