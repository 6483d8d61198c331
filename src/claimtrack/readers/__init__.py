"""Input readers: files, directories, stdin, URLs and JSON lines -> ``RawArticle``.

Readers turn bytes into text (decoding, newline normalisation, HTML main-text extraction)
and collect whatever metadata the format carries. They do not clean the text: page
furniture, bylines and titles inside plain text are the ``cleaning`` package's job.

Every refusal is an ``InputError`` whose message is one line, ``PATH: reason``.
``iter_inputs`` yields errors instead of raising them so a batch goes on past bad files.

Modules: ``base`` (RawArticle, InputError, limits), ``decoding`` (bytes -> text),
``formats`` (the format registry: which reader a text goes to), ``html``, ``jsonl``,
``sources`` (files, folders, stdin, URLs) and ``fetch`` (bounded URL reads).
"""

from claimtrack.readers.base import (
    ARTICLE_SUFFIXES,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    MAX_ARTICLE_CHARS,
    METADATA_KEYS,
    URL_SCHEMES,
    InputError,
    RawArticle,
    split_authors,
    too_long,
)
from claimtrack.readers.decoding import decode_bytes, normalise_newlines
from claimtrack.readers.formats import FORMAT_READERS, article_from_text, format_for
from claimtrack.readers.html import html_to_raw, looks_like_html
from claimtrack.readers.jsonl import iter_jsonl
from claimtrack.readers.sources import (
    expand_directory,
    is_url,
    iter_inputs,
    read_file,
    read_stdin,
    read_url,
)

__all__ = [
    "ARTICLE_SUFFIXES", "DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT",
    "FORMAT_READERS", "HTML_SUFFIXES", "JSONL_SUFFIXES", "MARKDOWN_SUFFIXES",
    "MAX_ARTICLE_CHARS", "METADATA_KEYS", "URL_SCHEMES", "InputError", "RawArticle",
    "article_from_text", "decode_bytes", "expand_directory", "format_for", "html_to_raw",
    "is_url", "iter_inputs", "iter_jsonl", "looks_like_html", "normalise_newlines",
    "read_file", "read_stdin", "read_url", "split_authors", "too_long",
]
