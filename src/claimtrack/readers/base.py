"""What every reader shares: ``RawArticle``, ``InputError`` and the input limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimtrack.transcripts import TRANSCRIPT_SUFFIXES

# Bytes read from one file, stdin or URL (HTML pages carry far more markup than text).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The longest article text, in characters after cleaning, that goes to spaCy. spaCy's own
# limit is 1,000,000, but a 990,000-character text took 79 s and 3.2 GB; 200,000 characters
# (about 35,000 words, longer than any news long read) stays under about 16 s and 700 MB.
MAX_ARTICLE_CHARS = 200_000
# Seconds one network read may wait, and seconds a whole URL (redirects included) may take.
DEFAULT_TIMEOUT = 20.0
DEFAULT_DEADLINE = 60.0
# Schemes a URL (and every redirect it takes) may use.
URL_SCHEMES = ("http", "https")
# libxml2 stops building an HTML tree at 256 levels unless asked for huge trees, and
# then at 2048: deeper pages are refused rather than cut.
HTML_MAX_DEPTH = 2048
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", *TRANSCRIPT_SUFFIXES)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
METADATA_KEYS = ("title", "authors", "publication", "published", "url")


class InputError(Exception):
    """An input that cannot be read as an article; the message is ``PATH: reason``."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # picklable across processes despite the two-argument __init__
        return (type(self), (self.path, self.reason))


@dataclass
class RawArticle:
    """Text as read, before cleaning.

    ``metadata`` holds what the input format itself said (HTML meta tags, JSONL fields):
    title, authors (list), publication, published (ISO date), url, summary. ``format``
    tells cleaning how the text was produced: text, markdown, html (already main text
    via trafilatura) or jsonl.
    """

    text: str
    path: str
    metadata: dict = field(default_factory=dict)
    format: str = "text"



def format_size(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        value = f"{n_bytes / (1024 * 1024):.1f}".removesuffix(".0")
        return f"{value} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes} bytes"


def too_large(path: str, size: int, max_bytes: int) -> InputError:
    return InputError(path, f"too large ({format_size(size)} > {format_size(max_bytes)})")


def too_long(path: str, length: int) -> str:
    """The refusal of an article text longer than MAX_ARTICLE_CHARS."""
    return (f"{path}: article too long ({length:,} characters > {MAX_ARTICLE_CHARS:,}); "
            "split it into parts")


def split_authors(value) -> list[str]:
    """Author names from a metadata value: a list, or a string joined by ';' / ' and '."""
    if not value:
        return []
    if isinstance(value, str):
        parts = [value]
        for separator in (";", "|", " and ", " & "):
            parts = [piece for part in parts for piece in part.split(separator)]
    elif isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        raise TypeError(f"authors must be a string or a list, not {type(value).__name__}")
    names = []
    for part in parts:
        name = " ".join(part.split()).strip(" ,")
        if name and name not in names:
            names.append(name)
    return names
