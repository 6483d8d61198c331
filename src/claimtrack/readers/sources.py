"""Where inputs come from: files, directories, stdin, URLs -> ``RawArticle`` or
``InputError``, one input at a time (``iter_inputs``)."""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimtrack.readers.base import (
    ARTICLE_SUFFIXES,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    JSONL_SUFFIXES,
    InputError,
    RawArticle,
    format_size,
    too_large,
)
from claimtrack.readers.decoding import decode_bytes
from claimtrack.readers.formats import article_from_text, format_for
from claimtrack.readers.html import html_to_raw, looks_like_html
from claimtrack.readers.jsonl import iter_jsonl


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
        raise too_large(shown, info.st_size, max_bytes)
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # the size may have grown since stat()
    except OSError as exc:
        raise InputError(shown, f"cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"too large (> {format_size(max_bytes)})")
    return decode_bytes(data, shown, fallback=encoding)


def read_stdin(*, max_bytes: int, encoding: str | None = None) -> str:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("-", f"too large (> {format_size(max_bytes)})")
    return decode_bytes(data, "-", fallback=encoding)


def read_url(url: str, *, jsonl: bool, max_bytes: int, timeout: float,
             deadline: float = DEFAULT_DEADLINE, encoding: str | None = None):
    from claimtrack.readers.fetch import fetch_url  # urllib only for runs that read URLs

    text, content_type, final_url = fetch_url(url, max_bytes=max_bytes, timeout=timeout,
                                              deadline=deadline, encoding=encoding)
    if jsonl:
        yield from iter_jsonl(text, url)
        return
    if content_type in ("text/html", "application/xhtml+xml") or looks_like_html(text):
        yield html_to_raw(text, url, url=final_url)
    elif content_type.startswith("text/"):
        fmt = "markdown" if content_type == "text/markdown" else "text"
        yield article_from_text(text, url, fmt, url=final_url)
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
            yield article_from_text(text, "-", "html" if looks_like_html(text) else "text")
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
        yield article_from_text(text, shown, format_for(shown, text))


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
