"""Plain-text helpers shared by the pipeline and the publishing side (no spaCy here).

- ``paragraph_spans``: where the paragraphs of a text are. One definition for sentence
  segmentation, attribution, claim numbering and the annotated article page.
- Quotation marks and ``find_quotes``: where the quotations of a text are. One definition
  for attribution (direct speech, carry-over), claims (kind ``quote``) and segmentation.
- ``terminal_safe``: data made harmless to print to a terminal (no escape sequences).
- ``MIN_QUOTE_WORDS`` / ``is_real_quote``: a quotation of at least this many words is
  speech; a shorter one is a scare quote, a coined term or a title ("re-education" camps,
  a "war on terror", "Meet the Press").
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache

# A line break ends a paragraph. Cleaned articles separate paragraphs with a blank line,
# but raw inputs (PolNeAR, pasted text, JSON lines) often use single line breaks, and
# segmentation starts a sentence after every line break, so nothing ever spans one.
PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")

# Quotation marks, as characters of the text.
DOUBLE_OPENING = "“«"  # curly double quote, guillemet
DOUBLE_CLOSING = "”»"
STRAIGHT_DOUBLE = '"'
TYPEWRITER_OPENING = "``"  # NYT style: ``Quote.'' (LaTeX-like)
TYPEWRITER_CLOSING = "''"  # closes ``, and pairs with itself: ''Quote.''
# Single marks open and close quotations too, but "’" and "'" are also the apostrophe:
# find_quotes takes them only where they clearly quote (_single_quotes).
SINGLE_OPENING = "‘"
SINGLE_CLOSING = "’"
STRAIGHT_SINGLE = "'"
# characters that are quotation marks in a double-quote span (for trimming and counting)
QUOTE_CHARS = DOUBLE_OPENING + DOUBLE_CLOSING + STRAIGHT_DOUBLE

# Tokens (as spaCy splits them) that open, close, or may do either.
# (spaCy splits "``" into two "`" tokens; a backtick in prose only ever opens a quotation)
OPENING_QUOTE_TOKENS = frozenset({*DOUBLE_OPENING, SINGLE_OPENING, TYPEWRITER_OPENING, "`"})
CLOSING_QUOTE_TOKENS = frozenset({*DOUBLE_CLOSING, SINGLE_CLOSING})
STRAIGHT_QUOTE_TOKENS = frozenset({STRAIGHT_DOUBLE, STRAIGHT_SINGLE, TYPEWRITER_CLOSING})

# every character find_quotes acts on (backticks and apostrophes only in pairs)
QUOTE_SCAN = re.compile("[" + re.escape(DOUBLE_OPENING + DOUBLE_CLOSING + STRAIGHT_DOUBLE) + "`']")

# single quotation marks (apostrophes too: see _single_quotes for when they quote)
SINGLE_SCAN = re.compile("[" + SINGLE_OPENING + SINGLE_CLOSING + STRAIGHT_SINGLE + "]")
SINGLE_OPEN_AFTER = "([—–-"  # besides a space, what may stand before an opening mark
SINGLE_CLOSE_FOLLOWERS = ".,;:?!)—–-" + DOUBLE_CLOSING + STRAIGHT_DOUBLE
SENTENCE_PUNCT = ".,?!;:"  # a closing single mark after these may be followed by a space

MIN_QUOTE_WORDS = 4  # see the module docstring; docs/attribution.md and docs/claims.md
WORD = re.compile(r"\w+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: the text between line breaks, without the
    whitespace around it; blank lines are skipped. ``text[start:end]`` is never empty."""
    spans, pos = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def headline_end(text: str, title: str | None) -> int:
    """End of the headline paragraph when ``text`` opens with the title as its own paragraph
    (cleaning's layout since pipeline version 2), else 0 (texts stored before, and texts
    without a title)."""
    if title and text.startswith(title) and text[len(title):len(title) + 2] == "\n\n":
        return len(title)
    return 0


def paragraph_index(spans: list[tuple[int, int]], char: int) -> int:
    """The number of the paragraph holding ``char``; a position between two paragraphs
    goes with the one before it."""
    found = 0
    for number, (start, _end) in enumerate(spans):
        if start > char:
            break
        found = number
    return found


@dataclass(frozen=True)
class Quote:
    start: int  # the opening mark
    end: int  # exclusive; includes the closing mark when there is one
    closed: bool  # False: left open at the paragraph end (it resumes in the next one)
    paragraph: int  # index into paragraph_spans(text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def is_real_quote(text: str, quote: Quote) -> bool:
    """A quotation long enough to be speech rather than a scare quote or a title."""
    return word_count(text[quote.start : quote.end]) >= MIN_QUOTE_WORDS


def find_quotes(text: str) -> list[Quote]:
    """The quotations of ``text``, paragraph by paragraph, in order.

    Double curly marks and guillemets, straight double quotes, and typewriter marks
    (``...'' and ''...''). A closing curly mark typed for an opening one ('”What is ...')
    opens. A quotation left open at the end of a paragraph runs to the paragraph end (the
    news convention for a quotation that continues in the next paragraph, which then
    opens again). Computed once per text (cached): attribution and claims share it.
    """
    return list(_find_quotes(text))


@lru_cache(maxsize=4)
def _find_quotes(text: str) -> tuple[Quote, ...]:
    quotes = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(text)):
        opened = None
        i = p_start
        while True:
            # Jump to the next character that can be (part of) a quotation mark: the
            # others are steps of width 1 that change nothing.
            mark = QUOTE_SCAN.search(text, i, p_end)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
            width = 1
            pair = text[i : i + 2]
            if pair in (TYPEWRITER_OPENING, TYPEWRITER_CLOSING):
                width = 2
            if pair == TYPEWRITER_OPENING:
                if opened is None:
                    opened = i
            elif ch in DOUBLE_OPENING:
                if opened is None:
                    opened = i
                elif _closes_here(text, i, p_end):
                    # an opening mark typed for the closing one ('“We will win.“ He left.')
                    quotes.append(Quote(opened, i + 1, True, number))
                    opened = None
            elif ch in DOUBLE_CLOSING and opened is None and (
                i == p_start or text[i - 1].isspace()
            ) and i + 1 < p_end and text[i + 1].isalnum():
                opened = i  # a closing mark typed for an opening one
            elif ch in DOUBLE_CLOSING:
                if opened is not None:
                    quotes.append(Quote(opened, i + 1, True, number))
                    opened = None
            elif ch == STRAIGHT_DOUBLE or pair == TYPEWRITER_CLOSING:
                if opened is None:
                    opened = i
                else:
                    quotes.append(Quote(opened, i + width, True, number))
                    opened = None
            i += width
        if opened is not None:
            quotes.append(Quote(opened, p_end, False, number))
        doubles = [q for q in quotes if q.paragraph == number]
        quotes.extend(q for q in _single_quotes(text, p_start, p_end, number)
                      if not any(q.start < d.end and d.start < q.end for d in doubles))
    quotes.sort(key=lambda q: q.start)
    return tuple(quotes)


def _closes_here(text: str, i: int, p_end: int) -> bool:
    """Whether a mark at ``i`` sits where a quotation closes: right after a word or
    punctuation, and before a space, punctuation or the paragraph end."""
    return i > 0 and not text[i - 1].isspace() and (
        i + 1 >= p_end or text[i + 1].isspace() or text[i + 1] in SINGLE_CLOSE_FOLLOWERS)


def _single_quotes(text: str, p_start: int, p_end: int, number: int) -> list[Quote]:
    """Quotations in single marks (‘…’ or '…') that are clearly quotations, not
    apostrophes: the opening mark after a space, a bracket or a dash (or at the paragraph
    start) and before a letter ("the '90s" is no quotation); the closing mark after a word
    and before punctuation or the paragraph end, or after a sentence's punctuation (so
    "the players' union" and "rock 'n' roll" never close one); closed in the same
    paragraph, at least MIN_QUOTE_WORDS words (shorter is a scare quote or a title), and
    not overlapping a double-quote span (single marks nested in a quotation are part of it).
    """
    out, opened = [], None
    for mark in SINGLE_SCAN.finditer(text, p_start, p_end):
        i = mark.start()
        before = text[i - 1] if i > p_start else " "
        after = text[i + 1] if i + 1 < p_end else " "
        if (before.isspace() or before in SINGLE_OPEN_AFTER) and after.isalpha():
            opened = i  # a later opener restarts the search ('rock 'n' roll, 'Quote...')
        elif opened is not None and not before.isspace() and (
                i + 1 >= p_end or after in SINGLE_CLOSE_FOLLOWERS
                or (after.isspace() and before in SENTENCE_PUNCT)):
            if word_count(text[opened:i]) >= MIN_QUOTE_WORDS:
                out.append(Quote(opened, i + 1, True, number))
            opened = None
    return out


# Each live Doc's text. spaCy rebuilds ``Doc.text`` from every token on each access; the
# components read it often for the same doc (and the quotation cache above needs the same
# string object to hit without re-hashing it). Weak keys: an entry goes with its Doc, and
# nlp.pipe runs each component over a whole batch before the next component.
_doc_texts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc (a Doc's text never changes, retokenizing
    included)."""
    text = _doc_texts.get(doc)
    if text is None:
        text = _doc_texts[doc] = doc.text
    return text


def quote_at(quotes: list[Quote], char: int) -> Quote | None:
    """The quotation holding ``char`` (its marks included), if any."""
    for quote in quotes:
        if quote.start <= char < quote.end:
            return quote
    return None


# Control characters in stored data (article text, titles, names, verdict notes) would reach
# the terminal as escape sequences: clearing the screen, setting the window title, hiding
# text, OSC 8 links. Each is shown as its Unicode control picture instead (ESC -> "␛"), one
# character for one, so offsets into the text still hold. Newline and tab stay.
_TERMINAL_SAFE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}
_TERMINAL_SAFE[0x7F] = 0x2421  # DEL
_TERMINAL_SAFE.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls (CSI...)


def terminal_safe(text: str) -> str:
    """``text`` with every control character but newline and tab replaced by a visible
    stand-in of the same length (see _TERMINAL_SAFE)."""
    return text.translate(_TERMINAL_SAFE)
