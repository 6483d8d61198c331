"""Input readers: files, directories, stdin, URLs and JSON lines -> ``RawArticle``.

Readers turn bytes into text (decoding, newline normalisation, HTML main-text extraction)
and collect whatever metadata the format carries. They do not clean the text: page
furniture, bylines and titles inside plain text are ``cleaning.py``'s job.

Every refusal is an ``InputError`` whose message is one line, ``PATH: reason``.
``iter_inputs`` yields errors instead of raising them so a batch goes on past bad files.
"""

from __future__ import annotations

import codecs
import http.client
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.transcripts import (
    TRANSCRIPT_SUFFIXES,
    looks_like_transcript,
    parse_transcript,
    transcript_article,
)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", *TRANSCRIPT_SUFFIXES)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
METADATA_KEYS = ("title", "authors", "publication", "published", "url")

# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded input is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")


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


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(
        1
        for ch in sample
        if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or 0x7F <= ord(ch) < 0xA0
    )
    return controls / len(sample)


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> str:
    """Decode input bytes, or raise InputError (empty, binary, undecodable).

    Order: a BOM (UTF-8, UTF-32, UTF-16), a declared charset (HTTP header), strict
    UTF-8, then charset-normalizer's best guess. Newlines are normalised to "\\n".
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
        if text is None:
            text = _detect(data)
        if text is None:
            raise InputError(path, "not UTF-8 or any detected encoding")
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


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Single-byte code pages tie often (cp1250/cp1252/cp1257 decode the same bytes with
    # equal "chaos"); English news is written in a Western code page, so prefer one.
    for match in matches:
        if match.encoding in WESTERN_ENCODINGS and match.chaos <= best.chaos + 0.01:
            return str(match)
    return str(best)


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
    else:
        parts = [str(v) for v in value]
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


def html_to_raw(html: str, path: str, url: str | None = None) -> RawArticle:
    """Main text and metadata of an HTML page (trafilatura); paragraphs separated by a
    blank line."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
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
    if getattr(document, "body", None) is not None:
        paragraphs = _body_paragraphs(document.body)
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


def _metadata_from_record(record: dict) -> dict:
    metadata: dict = {}
    for key in METADATA_KEYS:
        value = record.get(key)
        if value in (None, "", []):
            continue
        if key == "authors":
            metadata[key] = split_authors(value)
        else:
            metadata[key] = " ".join(str(value).split())
    if record.get("summary"):
        metadata["summary"] = " ".join(str(record["summary"]).split())
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
        yield RawArticle(normalise_newlines(body), where, _metadata_from_record(record), "jsonl")
    if not found:
        yield InputError(path, "empty file")


# ---------------------------------------------------------------------------- sources


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_file(path: Path, shown: str, *, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    if size > max_bytes:
        raise _too_large(shown, size, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    return decode_bytes(data, shown)


def read_stdin(*, max_bytes: int) -> str:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("-", f"too large (> {_format_size(max_bytes)})")
    return decode_bytes(data, "-")


def fetch_url(
    url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT
) -> tuple[str, str, str]:
    """GET a URL -> (text, content type, final URL), or raise InputError."""
    from claimtrack import __version__

    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"claimtrack/{__version__} (+news claim annotation)",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, int(length), max_bytes)
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(url, f"too large (> {_format_size(max_bytes)})")
            if length and length.isdigit() and len(data) < int(length):
                # read(n) returns what arrived before the connection closed: a cut page.
                raise InputError(url, f"incomplete response ({len(data)} of {length} bytes)")
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            final_url = response.geturl() or url
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise InputError(url, f"timed out after {timeout:g} s") from None
        raise InputError(url, f"network error ({reason})") from None
    except TimeoutError:
        raise InputError(url, f"timed out after {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        # ValueError: a malformed URL; HTTPException: a broken response (IncompleteRead).
        raise InputError(url, f"network error ({type(exc).__name__}: {exc})") from None
    text = decode_bytes(data, url, declared=charset)
    return text, content_type, final_url


def read_url(url: str, *, jsonl: bool, max_bytes: int, timeout: float):
    text, content_type, final_url = fetch_url(url, max_bytes=max_bytes, timeout=timeout)
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
    source: str, *, jsonl: bool, max_bytes: int, timeout: float
) -> Iterator[RawArticle | InputError]:
    if source == "-":
        text = read_stdin(max_bytes=max_bytes)
        if jsonl:
            yield from iter_jsonl(text, "-")
        else:
            yield _article_from_text(text, "-", "html" if looks_like_html(text) else "text")
        return
    if is_url(source):
        yield from read_url(source, jsonl=jsonl, max_bytes=max_bytes, timeout=timeout)
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
                yield from _read_path(file, shown, jsonl=jsonl, max_bytes=max_bytes)
            except InputError as error:
                yield error
        return
    yield from _read_path(path, source, jsonl=jsonl, max_bytes=max_bytes)


def _read_path(path: Path, shown: str, *, jsonl: bool, max_bytes: int):
    text = read_file(path, shown, max_bytes=max_bytes)
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
) -> Iterator[RawArticle | InputError]:
    """Yield a RawArticle per article, or an InputError per refused input, in order.

    ``paths``: files, directories (recursive, sorted), ``-`` for stdin, http(s) URLs.
    With ``jsonl=True`` every file (and stdin, and a URL) holds one JSON article a line.
    """
    if isinstance(paths, (str, Path)):  # one path, not an iterable of characters
        paths = [paths]
    for source in paths:
        source = str(source)
        try:
            yield from _read_one(source, jsonl=jsonl, max_bytes=max_bytes, timeout=timeout)
        except InputError as error:
            yield error
