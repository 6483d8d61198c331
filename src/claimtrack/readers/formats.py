"""The format registry: which reader turns a text into a ``RawArticle``.

``format_for(path, text)`` names the format (by suffix, then by content);
``article_from_text`` hands the text to that format's reader in ``FORMAT_READERS``.
Formats without an entry (text, markdown) are kept as they are: cleaning handles them.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack.readers.base import HTML_SUFFIXES, MARKDOWN_SUFFIXES, InputError, RawArticle
from claimtrack.readers.html import html_to_raw, looks_like_html
from claimtrack.transcripts import (
    TRANSCRIPT_SUFFIXES,
    looks_like_transcript,
    parse_transcript,
    split_title,
    table_problem,
    title_from_path,
    transcript_article,
)


def is_transcript(suffix: str, text: str) -> bool:
    """By suffix (.transcript; .tsv when its rows are speaker turns), or a plain-text file
    whose lines are speaker turns."""
    if suffix == ".tsv":
        return table_problem(text) is None
    if suffix in TRANSCRIPT_SUFFIXES:
        return True
    return suffix not in HTML_SUFFIXES and not looks_like_html(text) \
        and looks_like_transcript(text)


def transcript_to_raw(text: str, path: str, url: str | None = None) -> RawArticle:
    """One paragraph "SPEAKER: text" per utterance (claimtrack.transcripts); the title is
    the transcript's title line, else made of the file name."""
    title, text = split_title(text)
    body, spans = transcript_article(parse_transcript(text))
    if not spans:
        raise InputError(path, "no utterances in transcript")
    metadata = {"title": title or title_from_path(path)}
    if url:
        metadata["url"] = url
    return RawArticle(body, path, metadata, "transcript")


def refuse_table(text: str, path: str, url: str | None = None) -> RawArticle:
    """A .tsv data table: claimtrack reads prose and transcripts, not tables of values."""
    raise InputError(path, f"a data table, not a transcript ({table_problem(text)}); a "
                           "transcript has one turn a line: SPEAKER<TAB>text")


# format name -> reader(text, path, url=None) -> RawArticle
FORMAT_READERS = {
    "html": html_to_raw,
    "transcript": transcript_to_raw,
    "table": refuse_table,
}


def format_for(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if is_transcript(suffix, text):
        return "transcript"
    if suffix == ".tsv":
        return "table"
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def article_from_text(text: str, path: str, fmt: str, url: str | None = None) -> RawArticle:
    reader = FORMAT_READERS.get(fmt)
    if reader is not None:
        return reader(text, path, url=url)
    metadata = {"url": url} if url else {}
    return RawArticle(text, path, metadata, fmt)

