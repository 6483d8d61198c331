"""Article cleaning: page furniture out; title, authors, publication and date found.

A scraped page arrives as lines: the site name and menus, the headline (often twice), a
photo credit, a standfirst, a byline, the body, then subscription prompts, an author bio
box, "related" link lists, share buttons and a copyright line. ``clean`` keeps the body.

How (general heuristics, the word lists live in ``nlp/data/cleaning.json``):

1. The text is cut into *units*: paragraphs (blocks between blank lines). A block whose
   lines are short (a menu, "Want to read more?" + "Subscribe ...") is cut into one unit
   per line; a hard-wrapped paragraph (long lines) stays one unit.
2. Each unit is classified: prose (a sentence: terminal punctuation, or long), a short
   line (heading, menu item, headline), navigation word, prompt/furniture (lexicon
   patterns: subscription, newsletter, cookies, share, "Read more:", photo credits,
   copyright), an *end heading* after which nothing belongs to the article ("About the
   author", "Comments", a paywall prompt), a list heading ("Related", "Most read": the
   short lines after it are links), a byline ("By NAME and NAME"), a date line, a photo
   credit (a short line naming a photo agency), or a short line repeated on the page.
3. The body is the run of units, not crossing an end heading, that holds the most prose.
   A byline near its start splits it: prose before the byline is the standfirst
   (``summary``), the body starts after it.
4. Title: the reader's metadata; else a markdown "# " heading; else a headline-like line
   before the body (a repeated one wins, else the first that is not the site name);
   else the first line when it looks like a headline. Publication: metadata; else a " | Site" title
   suffix; else a site-name-like first line; else a copyright line.
5. Body text: kept units joined by exactly "\\n\\n"; each unit keeps its inner whitespace,
   only whitespace at line ends (spaces, no-break spaces) is stripped. Headings inside the
   body ("Conclusion") are dropped: a heading is not a claim and offsets stay simple.
6. Headline: the title, on one line, is the text's first paragraph ("Title\\n\\nBody ..."),
   so a headline's claim ("Minister says exports will double") has exact offsets; a copy
   of it in the body is dropped (step 4), so it is there once. Transcripts keep no headline.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from claimtrack.readers import RawArticle, split_authors

# ---------------------------------------------------------------------------- data


@dataclass
class Article:
    """A cleaned article. ``text`` is the body every database offset refers to."""

    title: str | None
    authors: list[str]
    publication: str | None
    published: str | None
    url: str | None
    path: str
    text: str
    summary: str | None = None
    # Where the body starts in ``text``: after the headline paragraph ("Title\n\n"), else 0.
    body_start: int = 0

    @property
    def body(self) -> str:
        """The text without its headline (what pipeline version 1 stored as the text)."""
        return self.text[self.body_start:]


@dataclass(frozen=True)
class Lexicon:
    nav_lines: frozenset[str]
    list_headings: frozenset[str]
    end_headings: frozenset[str]
    prompt_patterns: tuple[re.Pattern, ...]
    credit_pattern: re.Pattern
    credit_tail_pattern: re.Pattern
    name_particles: frozenset[str]
    byline_roles: frozenset[str]


# A photographer's name in a credit: up to four capitalised words.
CREDIT_NAME = r"[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,3}"
# Each form of credit_tail_pattern has a slash or "via" (same flags): only a line holding
# one is searched with the long pattern, which costs a third of cleaning on every line.
CREDIT_TAIL_HINT_RE = re.compile(r"/|via", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The furniture lexicon, loaded on first use (no work at import time)."""
    path = resources.files("claimtrack.nlp") / "data" / "cleaning.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    agencies = sorted(data["credit_agencies"], key=len, reverse=True)
    agency = "|".join(re.escape(a) for a in agencies)
    return Lexicon(
        nav_lines=frozenset(data["nav_lines"]),
        list_headings=frozenset(data["list_headings"]),
        end_headings=frozenset(data["end_headings"]),
        prompt_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["prompt_patterns"]),
        credit_pattern=re.compile(rf"(?<![\w-])(?:{agency})(?![\w-])", re.IGNORECASE),
        # "... on Tuesday. Jane Doe/Reuters", "(AP Photo/Evan Vucci, File)", "Reuters/Jane
        # Doe", "Jane Doe/AFP via Getty Images". Names are capitalised (case-sensitive
        # groups), so "a Reuters/Ipsos poll conducted last week." is not a credit.
        credit_tail_pattern=re.compile(
            rf"(?:(?-i:{CREDIT_NAME})\s*/\s*(?:{agency})"
            rf"|(?:{agency})\s*/\s*(?-i:{CREDIT_NAME})(?:,\s*file)?"
            rf"|(?:(?:{agency})|(?-i:{CREDIT_NAME}))\s+via\s+(?:{agency}))\)?\.?\s*$",
            re.IGNORECASE,
        ),
        name_particles=frozenset(data["person_name_particles"]),
        byline_roles=frozenset(data["byline_roles"]),
    )


# ---------------------------------------------------------------------------- units

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


# ---------------------------------------------------------------------------- dates

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


# ---------------------------------------------------------------------------- names

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


# ---------------------------------------------------------------------------- classify


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019\-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


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


def _mark_link_lists(units: list[Unit]) -> None:
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


# ---------------------------------------------------------------------------- structure


def _main_run(units: list[Unit]) -> tuple[int, int] | None:
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


def _trim_trailing_links(units: list[Unit], first: int, last: int) -> int:
    """Drop headline links that end the run: "Leads" / "Is China Winning the Trade War?"
    after the last paragraph reads as prose (a question of 4+ words) but is a link to
    another article: Title Case, short, and right after a label or another link."""
    while last > first:
        unit = units[last]
        previous = units[last - 1]
        if not (
            unit.kind == PROSE
            and unit.words < 15
            and _title_case_share(unit.text) >= 0.6
            and previous.kind in LINK_LABELS
            and previous.words < 15
        ):
            break
        unit.kind = LINK_ITEM
        last -= 1
        while last > first and not units[last].is_prose:
            last -= 1
    return last


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
    if unit.text.endswith(".") and _title_case_share(unit.text) < 0.6:
        return False
    return True


def _same_title(a: str, b: str) -> bool:
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


def _split_title_suffix(title: str) -> tuple[str, str | None]:
    match = TITLE_SUFFIX_RE.match(title.strip())
    if match and len(match.group("site").split()) <= 5 and not TERMINAL_RE.search(title):
        return match.group("title").strip(), match.group("site").strip()
    return title.strip(), None


def clean(raw: RawArticle) -> Article:
    """Title, authors, publication, date and body of a raw article."""
    if raw.format == "transcript":
        # One utterance a paragraph already (readers.transcript_to_raw): nothing is page
        # furniture, and short turns ("Thank you.") are dropped by no heuristic here.
        metadata = raw.metadata or {}
        return Article(title=metadata.get("title"), authors=[], publication=None,
                       published=None, url=metadata.get("url"), path=raw.path, text=raw.text)
    return _clean(raw)[0]


def explain(raw: RawArticle) -> list[tuple[str, str]]:
    """Why each line was kept or dropped: ``(kind, text)`` per unit, in order; kind is
    "body" for units in ``Article.text``, else what the unit was taken for (title,
    standfirst, byline, nav, furniture, credit, end, link_item, short...). For debugging
    a page whose cleaning looks wrong."""
    _, units, body = _clean(raw)
    kept = {id(u) for u in body}
    return [("body" if id(u) in kept else u.kind, u.text) for u in units]


def _clean(raw: RawArticle) -> tuple[Article, list[Unit], list[Unit]]:
    metadata = dict(raw.metadata or {})
    units = split_units(raw.text)
    classify(units)
    _mark_link_lists(units)

    # Title from metadata or a markdown "# " heading: mark every unit that repeats it.
    title = metadata.get("title") or None
    if not title:
        for unit in units:
            if unit.kind == MARKDOWN_HEADING and unit.text.startswith("# "):
                title = MARKDOWN_HEADING_RE.match(unit.text).group(2)
                break
    if title:
        for unit in units[:12]:
            heading = MARKDOWN_HEADING_RE.match(unit.text)
            if _same_title(unit.text, title) or (heading and _same_title(heading.group(2), title)):
                unit.kind = TITLE
    # Within-body markdown headings are headings: drop like others.

    run = _main_run(units)
    if run is None:
        return _fallback(raw, units, metadata, title)
    first, last = run
    last = _trim_trailing_links(units, first, last)
    # A short closing sentence ("He told Reuters.") still belongs to the body; a
    # signature ("John Smith.") or place name has no lowercase word and does not.
    while (
        last + 1 < len(units)
        and units[last + 1].kind == SHORT
        and units[last + 1].terminal
        and any(w[0].islower() for w in units[last + 1].text.split())
    ):
        last += 1

    # A byline near the start of the run: prose before it is the standfirst.
    summary = metadata.get("summary")
    body_start = first
    bylines, standfirst = _find_bylines(units, first, last)
    if bylines and bylines[-1].index >= first:
        if standfirst and not summary:
            summary = "\n\n".join(u.text for u in standfirst)
        for unit in standfirst:
            unit.kind = STANDFIRST
        body_start = bylines[-1].index + 1
    # A summary given by metadata (HTML description) is not body text either.
    if summary:
        for unit in units[body_start : body_start + 3]:
            if unit.is_prose and normalise_line(unit.text) == normalise_line(summary):
                unit.kind = STANDFIRST

    head = units[:body_start]
    # Title guesses when metadata gave none, from the head (units before the body).
    if not title:
        title = _guess_title(units, head, first)
    title, title_site = _split_title_suffix(title) if title else (None, None)

    # A subtitle in the headline's own block ("Headline\nThe vote ends ...") is a
    # standfirst: body paragraphs are never in the same block as the headline.
    title_blocks = {u.block for u in units[: body_start + 1] if u.kind == TITLE}
    while body_start <= last and (
        units[body_start].kind == TITLE
        or (units[body_start].block in title_blocks and units[body_start].kind in (PROSE, SHORT))
    ):
        unit = units[body_start]
        if unit.kind != TITLE:
            summary = summary or unit.text
            unit.kind = STANDFIRST
        body_start += 1

    publication = metadata.get("publication") or title_site or _guess_publication(units, head)

    authors = split_authors(metadata.get("authors"))
    if not authors:
        authors = _guess_authors(units, bylines, last)

    published = metadata.get("published")
    if not published:
        for unit in [*head, *units[body_start : body_start + 3]]:
            if unit.kind in (DATE, BYLINE) and unit.date:
                published = unit.date
                break

    body_units = _body_units(units, body_start, last, title)
    if not body_units:
        return _fallback(raw, units, metadata, title)
    title, text, body_offset = with_headline(title, "\n\n".join(u.text for u in body_units))
    article = Article(
        title=title,
        authors=authors,
        publication=publication,
        published=published,
        url=metadata.get("url"),
        path=raw.path,
        text=text,
        summary=summary,
        body_start=body_offset,
    )
    return article, units, body_units


def with_headline(title: str | None, body: str) -> tuple[str | None, str, int]:
    """(title, text, body start): the headline is the text's first paragraph, so its claim,
    entities and figures have exact offsets like the body's. The title is the headline on
    one line (whitespace runs, line breaks included, become one space); an empty body gets
    no headline (a page that is only a title is refused, as before)."""
    headline = " ".join(title.split()) if title else ""
    if not headline or not body:
        return headline or None, body, 0
    return headline, f"{headline}\n\n{body}", len(headline) + 2


def _guess_title(units: list[Unit], head: list[Unit], first: int) -> str | None:
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
    limit = 25 if _title_case_share(unit.text) >= 0.6 or not unit.terminal else 20
    return 1 <= unit.words <= limit


def _first_is_own_block(units: list[Unit]) -> bool:
    return len(units) > 1 and units[0].block != units[1].block and units[0].n_lines == 1


def _guess_publication(units: list[Unit], head: list[Unit]) -> str | None:
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


def _find_bylines(units: list[Unit], first: int, last: int) -> tuple[list[Unit], list[Unit]]:
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


def _guess_authors(units: list[Unit], bylines: list[Unit], last: int) -> list[str]:
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


def _body_units(units: list[Unit], start: int, last: int, title: str | None) -> list[Unit]:
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
                or (unit.words >= 12 and _title_case_share(unit.text) < 0.6)
                or (BULLET_RE.match(unit.text) is not None and unit.words >= 4)
            )
        else:
            keep = False
        if keep and title and unit.index <= start + 1 and _same_title(unit.text, title):
            keep = False
        if keep and unit.norm in seen:  # a pull quote repeats a paragraph
            keep = False
        if keep:
            kept.append(unit)
            seen.add(unit.norm)
    return kept


# A unit shorter than this cannot carry a claim on its own ("Home About", "Menu").
MIN_CLAIM_WORDS = 4


def _fallback(
    raw: RawArticle, units: list[Unit], metadata: dict, title: str | None
) -> tuple[Article, list[Unit], list[Unit]]:
    """No prose found (a list, a poem, a table): keep every non-furniture unit. A page of
    furniture only (menus, prompts) keeps nothing, and ingest refuses it."""
    kept_kinds = (SHORT, PROSE, REPEATED, CREDIT, DATE)
    body = [u for u in units if u.kind in kept_kinds and not (title and _same_title(u.text, title))]
    if not any(u.words >= MIN_CLAIM_WORDS for u in body):
        body = []  # menus and labels only: nothing that could state a claim
    title, text, body_offset = with_headline(title, "\n\n".join(u.text for u in body))
    article = Article(
        title=title,
        authors=split_authors(metadata.get("authors")),
        publication=metadata.get("publication"),
        published=metadata.get("published"),
        url=metadata.get("url"),
        path=raw.path,
        text=text,
        summary=metadata.get("summary"),
        body_start=body_offset,
    )
    return article, units, body
