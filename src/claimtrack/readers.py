"""Input readers: files, directories, stdin, URLs and JSON lines -> ``RawArticle``.

Readers turn bytes into text (decoding, newline normalisation, HTML main-text extraction)
and collect whatever metadata the format carries. They do not clean the text: page
furniture, bylines and titles inside plain text are ``cleaning.py``'s job.

Every refusal is an ``InputError`` whose message is one line, ``PATH: reason``.
``iter_inputs`` yields errors instead of raising them so a batch goes on past bad files.
"""

from __future__ import annotations

import codecs
import json
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.transcripts import (
    TRANSCRIPT_SUFFIXES,
    looks_like_transcript,
    parse_transcript,
    transcript_article,
)

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

# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded input is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# The control characters counted against a text (C0 but the allowed ones, DEL, C1): one
# regex scan instead of a Python loop over every character (it ran for every input).
_COUNTED_CONTROLS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _ALLOWED_CONTROLS)
    + "\x7f-\x9f]")


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


# ---------------------------------------------------------------------------- decoding


def _format_size(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        value = f"{n_bytes / (1024 * 1024):.1f}".removesuffix(".0")
        return f"{value} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes} bytes"


def _too_large(path: str, size: int, max_bytes: int) -> InputError:
    return InputError(path, f"too large ({_format_size(size)} > {_format_size(max_bytes)})")


def too_long(path: str, length: int) -> str:
    """The refusal of an article text longer than MAX_ARTICLE_CHARS."""
    return (f"{path}: article too long ({length:,} characters > {MAX_ARTICLE_CHARS:,}); "
            "split it into parts")


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_COUNTED_CONTROLS.findall(sample)) / len(sample)


def decode_bytes(data: bytes, path: str, declared: str | None = None,
                 fallback: str | None = None) -> str:
    """Decode input bytes, or raise InputError (empty, binary, undecodable).

    Order: a BOM (UTF-8, UTF-32, UTF-16), a declared charset (HTTP header, HTML meta),
    strict UTF-8, then ``fallback`` (the user's --encoding). Nothing is guessed: bytes that
    are not UTF-8 and say nothing of their encoding are refused (a guessed code page turns
    text into mojibake without a word). Newlines are normalised to "\\n".
    """
    if not data.strip():
        raise InputError(path, "empty file")
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, "not UTF-8 despite its UTF-8 byte order mark") from exc
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode_or_none(data, "utf-32")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_or_none(data, "utf-16")
    if text is None:
        # NUL bytes never occur in text outside UTF-16/32, which announce themselves by BOM.
        if b"\x00" in data:
            raise InputError(path, "binary file")
        declared = declared or _meta_charset(data)
        if declared:
            text = _decode_or_none(data, declared)
        if text is None:
            text = _decode_or_none(data, "utf-8")
        if text is None and fallback:
            text = _decode_or_none(data, fallback)
            if text is None:
                raise InputError(path, f"not UTF-8 and not {fallback} either")
        if text is None:
            raise InputError(path, "not UTF-8 and no charset declared; convert it to UTF-8 "
                                   "or pass --encoding (e.g. --encoding cp1252)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(path, "binary file")
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "empty file")
    return text


META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (first 4 KB), if any."""
    match = META_CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


# ---------------------------------------------------------------------------- HTML


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower()


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


def _element_text(element) -> str:
    """Text of a trafilatura body element: source whitespace collapsed as a browser does,
    <lb/> (<br>) kept as "\\n"."""
    pieces: list[str] = []

    def add(text: str | None) -> None:
        if text:
            pieces.append(re.sub(r"\s+", " ", text))

    def walk(node) -> None:
        if node.tag == "lb":
            pieces.append("\n")
        else:
            add(node.text)
        for child in node:
            walk(child)
            add(child.tail)

    walk(element)
    return "".join(pieces)


def _body_paragraphs(body) -> list[str]:
    paragraphs: list[str] = []
    for element in body:
        if element.tag == "list":
            items = [_element_text(item) for item in element.iter("item")]
        elif element.tag == "table":
            # Tables rarely hold claims in prose form; keep each row as a line.
            rows = [
                " | ".join(" ".join(_element_text(cell).split()) for cell in row)
                for row in element.iter("row")
            ]
            items = ["\n".join(row for row in rows if row.strip())]
        else:
            items = [_element_text(element)]
        for item in items:
            lines = [line.strip() for line in item.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text:
                paragraphs.append(text)
    return paragraphs


def _deep_tree(html: str, path: str):
    """``html`` itself, or its lxml tree when it nests deeper than libxml2's default limit
    (256 levels): a tree built for huge documents keeps the text after the nesting, which
    the default parser drops without a word."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return html  # trafilatura reports what it cannot parse
    if not any("Excessive depth" in e.message for e in parser.error_log):
        return html
    parser = lxml.html.HTMLParser(huge_tree=True)
    tree = lxml.html.document_fromstring(html, parser=parser)
    if any("Excessive depth" in e.message for e in parser.error_log):
        raise InputError(path, f"HTML nested deeper than {HTML_MAX_DEPTH} levels; "
                               "text past the nesting cannot be extracted")
    return tree


def html_to_raw(html: str, path: str, url: str | None = None) -> RawArticle:
    """Main text and metadata of an HTML page (trafilatura); paragraphs separated by a
    blank line."""
    import trafilatura

    document = trafilatura.bare_extraction(
        _deep_tree(html, path),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if document is None:
        raise InputError(path, "no article text found in HTML")
    paragraphs: list[str] = []
    try:
        if getattr(document, "body", None) is not None:
            paragraphs = _body_paragraphs(document.body)
    except RecursionError:
        raise InputError(path, "HTML nested too deeply to extract its text") from None
    if not paragraphs and document.text:
        paragraphs = [line.strip() for line in document.text.split("\n") if line.strip()]
    if not paragraphs:
        raise InputError(path, "no article text found in HTML")
    metadata: dict = {}
    if document.title:
        metadata["title"] = document.title.strip()
    authors = split_authors(document.author)
    if authors:
        metadata["authors"] = authors
    if document.sitename:
        metadata["publication"] = document.sitename.strip()
    if document.date:
        metadata["published"] = document.date
    page_url = document.url or url
    if page_url:
        metadata["url"] = page_url
    if document.description:
        metadata["summary"] = " ".join(document.description.split())
    return RawArticle("\n\n".join(paragraphs), path, metadata, "html")


# ---------------------------------------------------------------------------- transcripts


def _is_transcript(suffix: str, text: str) -> bool:
    """By suffix (.tsv, .transcript), or a plain-text file whose lines are speaker turns."""
    if suffix in TRANSCRIPT_SUFFIXES:
        return True
    return suffix not in HTML_SUFFIXES and not looks_like_html(text) \
        and looks_like_transcript(text)


def transcript_to_raw(text: str, path: str, url: str | None = None) -> RawArticle:
    """One paragraph "SPEAKER: text" per utterance (claimtrack.transcripts)."""
    body, spans = transcript_article(parse_transcript(text))
    if not spans:
        raise InputError(path, "no utterances in transcript")
    return RawArticle(body, path, {"url": url} if url else {}, "transcript")


# ---------------------------------------------------------------------------- formats


def _format_for(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if _is_transcript(suffix, text):
        return "transcript"
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def _article_from_text(text: str, path: str, fmt: str, url: str | None = None) -> RawArticle:
    if fmt == "html":
        return html_to_raw(text, path, url=url)
    if fmt == "transcript":
        return transcript_to_raw(text, path, url=url)
    metadata = {"url": url} if url else {}
    return RawArticle(text, path, metadata, fmt)


def _metadata_from_record(record: dict, where: str) -> dict:
    """The metadata fields of a JSON line, or InputError when one has the wrong type
    ("authors": 12): checked here so a bad line is refused alone, before it reaches
    cleaning or spaCy."""
    metadata: dict = {}
    for key in (*METADATA_KEYS, "summary"):
        value = record.get(key)
        if value in (None, "", []):
            continue
        if key == "authors":
            if not (isinstance(value, str) or (isinstance(value, list)
                                               and all(isinstance(v, str) for v in value))):
                raise InputError(where, '"authors" must be a string or a list of strings')
            metadata[key] = split_authors(value)
        elif isinstance(value, str):
            metadata[key] = " ".join(value.split())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            metadata[key] = str(value)  # "published": 2024
        else:
            raise InputError(where, f'"{key}" must be a string')
    return metadata


def iter_jsonl(text: str, path: str) -> Iterator[RawArticle | InputError]:
    """One article per line: ``{"text": ..., "title"?, "authors"?, "publication"?,
    "published"?, "url"?}``. A bad line is an InputError naming ``path:line``."""
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "not a JSON object")
            continue
        body = record.get("text")
        if not isinstance(body, str):
            yield InputError(where, 'no "text" field')
            continue
        if not body.strip():
            yield InputError(where, "empty text")
            continue
        try:
            metadata = _metadata_from_record(record, where)
        except InputError as error:
            yield error
            continue
        yield RawArticle(normalise_newlines(body), where, metadata, "jsonl")
    if not found:
        yield InputError(path, "empty file")


# ---------------------------------------------------------------------------- sources


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_file(path: Path, shown: str, *, max_bytes: int, encoding: str | None = None) -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        # /dev/zero would be read until memory runs out, a FIFO would block forever.
        raise InputError(shown, "not a regular file (give files, folders, - or URLs)")
    if info.st_size > max_bytes:
        raise _too_large(shown, info.st_size, max_bytes)
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # the size may have grown since stat()
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"too large (> {_format_size(max_bytes)})")
    return decode_bytes(data, shown, fallback=encoding)


def read_stdin(*, max_bytes: int, encoding: str | None = None) -> str:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("-", f"too large (> {_format_size(max_bytes)})")
    return decode_bytes(data, "-", fallback=encoding)


def read_url(url: str, *, jsonl: bool, max_bytes: int, timeout: float,
             deadline: float = DEFAULT_DEADLINE, encoding: str | None = None):
    from claimtrack.fetch import fetch_url  # urllib only for runs that read URLs

    text, content_type, final_url = fetch_url(url, max_bytes=max_bytes, timeout=timeout,
                                              deadline=deadline, encoding=encoding)
    if jsonl:
        yield from iter_jsonl(text, url)
        return
    if content_type in ("text/html", "application/xhtml+xml") or looks_like_html(text):
        yield html_to_raw(text, url, url=final_url)
    elif content_type.startswith("text/"):
        fmt = "markdown" if content_type == "text/markdown" else "text"
        yield _article_from_text(text, url, fmt, url=final_url)
    else:
        raise InputError(url, f"unsupported content type {content_type}")


def expand_directory(directory: Path, *, jsonl: bool = False) -> list[Path]:
    """Article files under a directory, recursively, sorted; hidden files and folders
    skipped."""
    suffixes = JSONL_SUFFIXES if jsonl else ARTICLE_SUFFIXES
    found = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in suffixes and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def _read_one(
    source: str, *, jsonl: bool, max_bytes: int, timeout: float, deadline: float,
    encoding: str | None,
) -> Iterator[RawArticle | InputError]:
    if source == "-":
        text = read_stdin(max_bytes=max_bytes, encoding=encoding)
        if jsonl:
            yield from iter_jsonl(text, "-")
        else:
            yield _article_from_text(text, "-", "html" if looks_like_html(text) else "text")
        return
    if is_url(source):
        yield from read_url(source, jsonl=jsonl, max_bytes=max_bytes, timeout=timeout,
                            deadline=deadline, encoding=encoding)
        return
    path = Path(source)
    if path.is_dir():
        files = expand_directory(path, jsonl=jsonl)
        if not files:
            kinds = ", ".join(JSONL_SUFFIXES if jsonl else ARTICLE_SUFFIXES)
            raise InputError(source, f"no articles ({kinds}) in directory")
        for file in files:
            shown = str(file)
            try:
                yield from _read_path(file, shown, jsonl=jsonl, max_bytes=max_bytes,
                                      encoding=encoding)
            except InputError as error:
                yield error
        return
    yield from _read_path(path, source, jsonl=jsonl, max_bytes=max_bytes, encoding=encoding)


def _read_path(path: Path, shown: str, *, jsonl: bool, max_bytes: int,
               encoding: str | None = None):
    text = read_file(path, shown, max_bytes=max_bytes, encoding=encoding)
    if jsonl:
        yield from iter_jsonl(text, shown)
    else:
        yield _article_from_text(text, shown, _format_for(shown, text))


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    jsonl: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    encoding: str | None = None,
) -> Iterator[RawArticle | InputError]:
    """Yield a RawArticle per article, or an InputError per refused input, in order.

    ``paths``: regular files, directories (recursive, sorted), ``-`` for stdin, http(s)
    URLs. With ``jsonl=True`` every file (and stdin, and a URL) holds one JSON article a
    line. ``encoding``: used for input that is not UTF-8 and declares no charset (without
    it such input is refused, never guessed).
    """
    if isinstance(paths, (str, Path)):  # one path, not an iterable of characters
        paths = [paths]
    for source in paths:
        source = str(source)
        try:
            yield from _read_one(source, jsonl=jsonl, max_bytes=max_bytes, timeout=timeout,
                                 deadline=deadline, encoding=encoding)
        except InputError as error:
            yield error
