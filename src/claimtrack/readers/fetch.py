"""Fetching a URL for the readers: bounded in time and size, http(s) only.

``fetch_url`` -> (text, content type, final URL) or ``InputError``. Each network wait is
bounded by ``timeout`` and the whole fetch by ``deadline`` (the body is read a piece at a
time, so a server dribbling a byte every few seconds is cut off); every redirect must stay
on http or https. The limits themselves are the readers' constants.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request

from claimtrack.readers.base import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    URL_SCHEMES,
    InputError,
    format_size,
    too_large,
)
from claimtrack.readers.decoding import decode_bytes


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s): urllib alone would also follow one to ftp."""

    def __init__(self, url: str):
        self.url = url

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in URL_SCHEMES:
            raise InputError(self.url, f"redirect to a {scheme or 'relative'}: URL refused "
                                       "(only http and https are followed)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_body(response, url: str, max_bytes: int, deadline: float, limit: float) -> bytes:
    """The response body, read a piece at a time so the whole URL keeps to its deadline (a
    server sending a byte every few seconds never trips the per-read timeout)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise InputError(url, f"timed out (no complete response within {limit:g} s)")
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"too large (> {format_size(max_bytes)})")


def fetch_url(
    url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE, encoding: str | None = None,
) -> tuple[str, str, str]:
    """GET a URL -> (text, content type, final URL), or raise InputError. ``timeout``
    bounds each network wait, ``deadline`` the whole fetch."""
    from claimtrack import __version__

    if urllib.parse.urlsplit(url).scheme.lower() not in URL_SCHEMES:
        raise InputError(url, "only http and https URLs are read")
    ends = time.monotonic() + deadline

    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"claimtrack/{__version__} (+news claim annotation)",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    opener = urllib.request.build_opener(_HttpOnlyRedirects(url))
    try:
        with opener.open(request, timeout=min(timeout, deadline)) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise too_large(url, int(length), max_bytes)
            data = _read_body(response, url, max_bytes, ends, deadline)
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
    text = decode_bytes(data, url, declared=charset, fallback=encoding)
    return text, content_type, final_url
