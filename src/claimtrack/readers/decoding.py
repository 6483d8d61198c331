"""Bytes -> text: byte order marks, declared charsets, strict UTF-8, the user's
--encoding; binary and undecodable input refused. Newlines normalised to "\\n"."""

from __future__ import annotations

import codecs
import re

from claimtrack.readers.base import InputError

# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded input is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# The control characters counted against a text (C0 but the allowed ones, DEL, C1): one
# regex scan instead of a Python loop over every character (it ran for every input).
_COUNTED_CONTROLS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _ALLOWED_CONTROLS)
    + "\x7f-\x9f]")


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
