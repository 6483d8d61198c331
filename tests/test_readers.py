"""readers: files, directories, stdin, URLs, HTML, JSONL, encodings and refusals."""

from __future__ import annotations

import codecs
import io
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.readers import InputError, RawArticle, decode_bytes, iter_inputs

ARTICLE = (
    "Café owners in Zürich said the naïve plan would cost 5 million francs, "
    "according to the mayor’s “résumé” of the talks.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour plan approved | The Coastal Herald</title>
<meta property="og:site_name" content="The Coastal Herald">
<meta property="og:title" content="Harbour plan approved after long debate">
<meta name="author" content="Jane Smith; Tom Brown">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://herald.example.com/news/harbour-plan">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour plan approved after long debate</h1>
<p>The town council approved the harbour redevelopment plan on Tuesday by a vote of seven
to two, ending a debate that lasted almost three years.</p>
<p>Mayor Ann Lee said the project would create 400 jobs and bring new visitors to the
waterfront.<br>Critics argued that the cost, estimated at $45 million, was too high.</p>
<p>Construction is expected to begin next spring, according to the council's planning
office.</p>
</article>
<footer><p>© 2024 The Coastal Herald. All rights reserved.</p></footer>
</body></html>
"""


def only(results):
    results = list(results)
    assert len(results) == 1, results
    return results[0]


def write(tmp_path, name, data: bytes | str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- text files


def test_txt_file(tmp_path):
    path = write(tmp_path, "a.txt", "Title\r\n\r\nFirst paragraph.\r\nSecond line.\r\n")
    article = only(iter_inputs([str(path)]))
    assert isinstance(article, RawArticle)
    assert article.text == "Title\n\nFirst paragraph.\nSecond line.\n"
    assert article.path == str(path)
    assert article.format == "text"
    assert article.metadata == {}


def test_markdown_file_keeps_text(tmp_path):
    path = write(tmp_path, "a.md", "# Heading\n\nSome *text* here.\n")
    article = only(iter_inputs([path]))
    assert article.format == "markdown"
    assert article.text == "# Heading\n\nSome *text* here.\n"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig", "utf-8"])
def test_encodings(tmp_path, encoding):
    text = ARTICLE
    if encoding == "latin-1":  # no curly quotes in latin-1
        text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    path = write(tmp_path, f"{encoding}.txt", text.encode(encoding))
    # A legacy code page is used only when the user names it: nothing is guessed.
    legacy = encoding in ("latin-1", "cp1252")
    assert only(iter_inputs([path], encoding=encoding if legacy else None)).text == text


@pytest.mark.parametrize("encoding", ["cp1252", "cp932", "latin-1"])
def test_undeclared_legacy_encoding_is_refused_not_guessed(tmp_path, encoding):
    # The old reader guessed a code page (cp932 for some Western text): mojibake, exit 0.
    text = "Café owners said the 2½% levy “hurts” trade, Zoë Müller reported."
    if encoding == "cp932":
        text = "東京都の発表によると、料金は据え置かれる。"
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"')
    message = refusal(tmp_path, f"{encoding}.txt", text.encode(encoding))
    assert message.endswith(": not UTF-8 and no charset declared; convert it to UTF-8 or "
                            "pass --encoding (e.g. --encoding cp1252)")


def test_utf8_bom_removed(tmp_path):
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + b"Hello world.\n")
    assert only(iter_inputs([path])).text == "Hello world.\n"


def test_utf16_with_bom_both_byte_orders():
    for encoding, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        assert decode_bytes(bom + ARTICLE.encode(encoding), "x") == ARTICLE


# ---------------------------------------------------------------------------- refusals


def refusal(tmp_path, name, data) -> str:
    path = write(tmp_path, name, data)
    error = only(iter_inputs([path]))
    assert isinstance(error, InputError)
    message = str(error)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def test_missing_file(tmp_path):
    error = only(iter_inputs([str(tmp_path / "nope.txt")]))
    assert isinstance(error, InputError)
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file"


def test_empty_and_whitespace_only(tmp_path):
    assert refusal(tmp_path, "empty.txt", b"").endswith(": empty file")
    assert refusal(tmp_path, "blank.txt", b" \n\t\r\n ").endswith(": empty file")
    assert refusal(tmp_path, "bom-only.txt", codecs.BOM_UTF8 + b"\n").endswith(": empty file")


def test_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert refusal(tmp_path, "image.txt", png).endswith(": binary file")
    controls = bytes(range(1, 9)) * 200  # control characters, no NUL
    assert refusal(tmp_path, "controls.txt", controls).endswith(": binary file")


def test_undecodable(tmp_path):
    # Random high bytes: not UTF-8, and no encoding charset-normalizer trusts.
    rnd = random.Random(7)
    noise = bytes(rnd.randrange(128, 256) for _ in range(2000))
    message = refusal(tmp_path, "noise.txt", noise)
    assert message.endswith(": not UTF-8 and no charset declared; convert it to UTF-8 or "
                            "pass --encoding (e.g. --encoding cp1252)")
    wrong = only(iter_inputs([tmp_path / "noise.txt"], encoding="ascii"))
    assert str(wrong) == f"{tmp_path / 'noise.txt'}: not UTF-8 and not ascii either"


def test_invalid_utf8_despite_bom(tmp_path):
    message = refusal(tmp_path, "bad-bom.txt", codecs.BOM_UTF8 + b"caf\xe9 \xff broken")
    assert message.endswith(": not UTF-8 despite its UTF-8 byte order mark")


def test_too_large(tmp_path):
    path = write(tmp_path, "big.txt", "word " * 1000)
    error = only(iter_inputs([path], max_bytes=1000))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: too large (5 KB > 1000 bytes)"
    assert isinstance(only(iter_inputs([path])), RawArticle)  # default 5 MB limit


def test_directory_without_articles(tmp_path):
    write(tmp_path, "data/notes.csv", "a,b\n")
    error = only(iter_inputs([tmp_path / "data"]))
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{tmp_path / 'data'}: no articles")


def test_batch_continues_past_errors(tmp_path):
    good = write(tmp_path, "good.txt", "Fine text here.")
    empty = write(tmp_path, "empty.txt", "")
    results = list(iter_inputs([empty, tmp_path / "missing.txt", good]))
    assert [type(r) for r in results] == [InputError, InputError, RawArticle]


# ---------------------------------------------------------------------------- directories


def test_directory_recursive_sorted_skips_hidden(tmp_path):
    root = tmp_path / "corpus"
    write(root, "b.txt", "B text.")
    write(root, "a.md", "A text.")
    write(root, "sub/c.htm", HTML_PAGE)
    write(root, "sub/deeper/d.TXT", "D text.")
    write(root, ".hidden.txt", "hidden")
    write(root, ".git/e.txt", "hidden too")
    write(root, "notes.csv", "x,y")
    results = list(iter_inputs([root]))
    assert all(isinstance(r, RawArticle) for r in results)
    assert [r.path for r in results] == [
        str(root / "a.md"),
        str(root / "b.txt"),
        str(root / "sub/c.htm"),
        str(root / "sub/deeper/d.TXT"),
    ]
    assert results[2].format == "html"


def test_directory_bad_file_is_reported_and_batch_continues(tmp_path):
    write(tmp_path, "a.txt", "")
    write(tmp_path, "b.txt", "Good text.")
    results = list(iter_inputs([tmp_path]))
    assert isinstance(results[0], InputError)
    assert str(results[0]) == f"{tmp_path / 'a.txt'}: empty file"
    assert results[1].text == "Good text."


# ---------------------------------------------------------------------------- stdin


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin("Text from a pipe.\r\n".encode("utf-16")))
    article = only(iter_inputs(["-"]))
    assert article.path == "-"
    assert article.text == "Text from a pipe.\n"


def test_stdin_empty_and_too_large(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    assert str(only(iter_inputs(["-"]))) == "-: empty file"
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"x" * 50))
    assert str(only(iter_inputs(["-"], max_bytes=10))) == "-: too large (> 10 bytes)"


def test_stdin_html_is_extracted(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(HTML_PAGE.encode()))
    article = only(iter_inputs(["-"]))
    assert article.format == "html"
    assert "<p>" not in article.text


# ---------------------------------------------------------------------------- HTML


def test_html_file_text_and_metadata(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    article = only(iter_inputs([path]))
    assert article.format == "html"
    assert article.metadata["title"] == "Harbour plan approved after long debate"
    assert article.metadata["authors"] == ["Jane Smith", "Tom Brown"]
    assert article.metadata["publication"] == "The Coastal Herald"
    assert article.metadata["published"] == "2024-03-05"
    assert article.metadata["url"] == "https://herald.example.com/news/harbour-plan"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Harbour plan approved after long debate"
    assert paragraphs[1].startswith("The town council approved")
    # <br> inside a paragraph stays a line break inside it.
    assert paragraphs[2].endswith("waterfront.\nCritics argued that the cost, estimated at "
                                  "$45 million, was too high.")
    assert paragraphs[-1].startswith("Construction is expected")
    for furniture in ("Home", "Sport", "rights reserved"):
        assert furniture not in article.text


def test_html_then_clean(tmp_path):
    from claimtrack.cleaning import clean

    article = clean(only(iter_inputs([write(tmp_path, "page.htm", HTML_PAGE)])))
    assert article.title == "Harbour plan approved after long debate"
    assert article.authors == ["Jane Smith", "Tom Brown"]
    assert article.publication == "The Coastal Herald"
    assert article.body.startswith("The town council approved")
    # The <br> line break inside the second <p> becomes a paragraph break.
    assert article.body.split("\n\n") == [
        "The town council approved the harbour redevelopment plan on Tuesday by a vote of "
        "seven to two, ending a debate that lasted almost three years.",
        "Mayor Ann Lee said the project would create 400 jobs and bring new visitors to the "
        "waterfront.",
        "Critics argued that the cost, estimated at $45 million, was too high.",
        "Construction is expected to begin next spring, according to the council's planning "
        "office.",
    ]


def test_html_without_text(tmp_path):
    path = write(tmp_path, "blank.html", "<html><body><script>var a = 1;</script></body></html>")
    error = only(iter_inputs([path]))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: no article text found in HTML"


# ---------------------------------------------------------------------------- JSONL


def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": "First article text.", "title": "One", "authors": "A B; C D",
                    "publication": "Paper", "published": "2024-01-02", "url": "https://x.org/1"}),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Second\r\narticle.", "authors": ["E F"]}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    results = list(iter_inputs([path], jsonl=True))
    assert len(results) == 6
    first, bad_json, no_text, not_object, empty_text, last = results
    assert first.text == "First article text."
    assert first.path == f"{path}:1"
    assert first.format == "jsonl"
    assert first.metadata == {"title": "One", "authors": ["A B", "C D"], "publication": "Paper",
                              "published": "2024-01-02", "url": "https://x.org/1"}
    assert str(bad_json).startswith(f"{path}:3: invalid JSON")
    assert str(no_text) == f'{path}:4: no "text" field'
    assert str(not_object) == f"{path}:5: not a JSON object"
    assert str(empty_text) == f"{path}:6: empty text"
    assert last.text == "Second\narticle."
    assert last.metadata == {"authors": ["E F"]}


def test_jsonl_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b'{"text": "Piped."}\n'))
    article = only(iter_inputs(["-"], jsonl=True))
    assert (article.text, article.path) == ("Piped.", "-:1")


def test_jsonl_directory_picks_jsonl_files(tmp_path):
    write(tmp_path, "a.jsonl", '{"text": "A."}\n')
    write(tmp_path, "b.txt", "not json")
    results = list(iter_inputs([tmp_path], jsonl=True))
    assert [r.text for r in results] == ["A."]


# ---------------------------------------------------------------------------- URLs


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/article.html": (200, "text/html; charset=utf-8", HTML_PAGE.encode()),
        "/plain.txt": (200, "text/plain; charset=windows-1252", ARTICLE.encode("cp1252")),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        "/big.txt": (200, "text/plain", b"word " * 400),
        "/feed.jsonl": (200, "application/x-ndjson", b'{"text": "From a feed."}\n'),
    }

    def do_GET(self):  # noqa: N802 (http.server's naming)
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.timeout = 5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_url_html(server):
    url = f"{server}/article.html"
    article = only(iter_inputs([url]))
    assert isinstance(article, RawArticle)
    assert article.path == url
    assert article.format == "html"
    assert article.metadata["title"] == "Harbour plan approved after long debate"
    # The page's canonical URL wins over the fetched one.
    assert article.metadata["url"] == "https://herald.example.com/news/harbour-plan"


def test_url_plain_text_uses_declared_charset(server):
    article = only(iter_inputs([f"{server}/plain.txt"]))
    assert article.text == ARTICLE
    assert article.metadata == {"url": f"{server}/plain.txt"}


def test_url_errors(server):
    missing = only(iter_inputs([f"{server}/missing"]))
    assert str(missing) == f"{server}/missing: HTTP 404 Not Found"
    image = only(iter_inputs([f"{server}/image.png"]))
    assert str(image) == f"{server}/image.png: binary file"
    big = only(iter_inputs([f"{server}/big.txt"], max_bytes=100))
    assert str(big) == f"{server}/big.txt: too large (2 KB > 100 bytes)"


def test_url_jsonl(server):
    article = only(iter_inputs([f"{server}/feed.jsonl"], jsonl=True))
    assert article.text == "From a feed."


def test_url_network_failure():
    # Port 9 on loopback: nothing listens there, the connection is refused at once.
    error = only(iter_inputs(["http://127.0.0.1:9/x"], timeout=2))
    assert isinstance(error, InputError)
    assert str(error).startswith("http://127.0.0.1:9/x: network error")


def test_html_meta_charset_is_used(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Mayor Ann Lee", "Mayor Zoë Lee")
    path = write(tmp_path, "cp1252.html", page.encode("cp1252"))
    article = only(iter_inputs([path]))
    assert "Mayor Zoë Lee said" in article.text


class SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        time.sleep(1.5)
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"late")
        except OSError:  # the client has gone
            pass

    def log_message(self, *args):
        pass


def test_url_timeout():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/slow"
        error = only(iter_inputs([url], timeout=0.3))
        assert str(error) == f"{url}: timed out after 0.3 s"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_single_path_and_pickling(tmp_path):
    import pickle

    path = write(tmp_path, "one.txt", "Just one.")
    assert only(iter_inputs(str(path))).text == "Just one."
    error = InputError("corpus/x.txt", "binary file")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.path, copy.reason) == ("corpus/x.txt: binary file",
                                                   "corpus/x.txt", "binary file")


class TruncatingHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        # Promise 1000 bytes, send 10 and close: the client sees an incomplete read.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.close_connection = True

    def log_message(self, *args):
        pass


def test_url_broken_response_is_an_input_error():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), TruncatingHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/cut"
        good = f"http://127.0.0.1:{httpd.server_address[1]}/again"
        results = list(iter_inputs([url, "not-a-scheme://x", good]))
        assert str(results[0]) == f"{url}: incomplete response (10 of 1000 bytes)"
        assert str(results[1]) == "not-a-scheme://x: no such file"
        assert isinstance(results[2], InputError)  # the batch went on
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1)
       .filter(lambda t: t.strip()))
@settings(max_examples=200, deadline=None)
def test_utf8_and_utf16_round_trip(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if not expected.strip():
        return
    assert decode_bytes(text.encode("utf-8"), "x") == expected
    assert decode_bytes(text.encode("utf-16"), "x") == expected


# ---------------------------------------------------------------------------- hostile input


def test_only_regular_files_are_read(tmp_path):
    # /dev/zero used to be read until memory ran out; a FIFO blocked forever.
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        error = only(iter_inputs([path]))
        assert str(error) == f"{path}: not a regular file (give files, folders, - or URLs)"


def test_jsonl_line_with_wrongly_typed_metadata_is_refused_alone(tmp_path):
    lines = [
        {"text": "First good article.", "authors": ["Ann Lee"]},
        {"text": "Bad authors.", "authors": 12},
        {"text": "Bad title.", "title": {"nested": True}},
        {"text": "Numeric year is fine.", "published": 2024},
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(line) for line in lines))
    results = list(iter_inputs([path], jsonl=True))
    assert [getattr(r, "text", None) for r in results] == [
        "First good article.", None, None, "Numeric year is fine."]
    assert str(results[1]) == f'{path}:2: "authors" must be a string or a list of strings'
    assert str(results[2]) == f'{path}:3: "title" must be a string'
    assert results[3].metadata == {"published": "2024"}


def _nested_page(depth: int) -> str:
    before = "<p>The council approved the harbour plan on Tuesday after a long debate.</p>"
    after = "<p>Residents said the decision came after years of delays and broken promises.</p>"
    return ("<html><head><title>Harbour</title></head><body><article>" + before * 2
            + "<div>" * depth + "<p>Deep inside.</p>" + "</div>" * depth + after * 2
            + "</article></body></html>")


def test_deeply_nested_html_keeps_the_text_after_the_nesting(tmp_path):
    # At 300 levels the default HTML parser stopped building the tree: the text after the
    # nesting was dropped and the page ingested without a word.
    article = only(iter_inputs([write(tmp_path, "deep.html", _nested_page(300))]))
    assert "The council approved the harbour plan" in article.text
    assert "Residents said the decision came after years" in article.text


def test_html_deeper_than_any_parser_allows_is_refused(tmp_path):
    path = write(tmp_path, "deeper.html", _nested_page(3000))
    error = only(iter_inputs([path]))
    assert str(error) == (f"{path}: HTML nested deeper than 2048 levels; text past the "
                          "nesting cannot be extracted")


class DribbleHandler(BaseHTTPRequestHandler):
    """Sends a byte every 0.2 s: each read finishes in time, the whole never does."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the client has gone
            pass

    def log_message(self, *args):
        pass


class FtpRedirectHandler(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802
        self.send_response(302)
        self.send_header("Location", self.target)
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve(handler):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    return httpd, thread


def test_a_url_has_a_total_deadline():
    httpd, thread = _serve(DribbleHandler)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/dribble"
        started = time.monotonic()
        error = only(iter_inputs([url], timeout=1, deadline=1))
        assert str(error) == f"{url}: timed out (no complete response within 1 s)"
        assert time.monotonic() - started < 3
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_redirect_to_ftp_is_refused_without_connecting():
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    FtpRedirectHandler.target = f"ftp://127.0.0.1:{listener.getsockname()[1]}/file.txt"
    httpd, thread = _serve(FtpRedirectHandler)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/moved"
        error = only(iter_inputs([url], timeout=2))
        assert str(error) == (f"{url}: redirect to a ftp: URL refused (only http and https "
                              "are followed)")
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected to the ftp address
    finally:
        listener.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


BLOCKQUOTE_PAGE = """<html><head><title>What the critics say about the stadium deal</title></head>
<body><article><h1>What the critics say about the stadium deal</h1>
<p>The city's plan to spend $300 million on a new stadium has drawn sharp criticism from
economists and columnists this week. Here is a selection of what they wrote.</p>
<p>Writing in the Harbour Gazette, columnist Joan Pryce argues:</p>
<blockquote><p>Study after study has found that stadiums do not pay for themselves. The jobs
they create are seasonal and low paid.</p><p>The council knows this. It has simply decided
that a shiny new ground is worth more than the libraries it will close.</p></blockquote>
<p>Commuters were quick to react online after the vote on the new ground on Tuesday.</p>
<blockquote class="twitter-tweet"><p>The new toll will double the cost of my commute. Nobody
asked us. <a href="https://t.co/xyz">pic.twitter.com/xyz</a></p>&mdash; Maria Lopez
(@marialopez) <a href="https://example.com/status/1">March 4, 2024</a></blockquote>
<p>The council's finance chief, Ellen Ward, defended the plan at a meeting on Tuesday.</p>
</article></body></html>"""


def test_html_block_quotations(tmp_path):
    article = only(iter_inputs([write(tmp_path, "critics.html", BLOCKQUOTE_PAGE)]))
    paragraphs = article.text.split("\n\n")
    # each paragraph of a block quotation is a paragraph of its own, between quotation
    # marks: the page shows them as someone's words
    assert paragraphs[3:5] == [
        "“Study after study has found that stadiums do not pay for themselves. The jobs "
        "they create are seasonal and low paid.”",
        "“The council knows this. It has simply decided that a shiny new ground is worth "
        "more than the libraries it will close.”",
    ]
    # an embedded post keeps its signature with it, as one paragraph, unquoted
    assert paragraphs[6] == ("The new toll will double the cost of my commute. Nobody asked "
                             "us. pic.twitter.com/xyz — Maria Lopez (@marialopez) March 4, "
                             "2024")


BLOCKQUOTE_LIST_PAGE = """<html><head><title>The union's demands</title></head>
<body><article><h1>The union's demands</h1>
<p>The drivers' union set out its position in a letter to the transport authority on
Monday, ahead of talks planned for the end of the month.</p>
<p>The letter reads:</p>
<blockquote><h3>Our demands</h3><p>We ask for three changes before the talks.</p>
<ul><li>More buses on weekday evenings.</li><li>Cheaper fares for students.</li></ul>
</blockquote>
<p>The authority said it would reply within a week of receiving the letter.</p>
</article></body></html>"""


def test_html_block_quotation_with_a_list(tmp_path):
    article = only(iter_inputs([write(tmp_path, "demands.html", BLOCKQUOTE_LIST_PAGE)]))
    paragraphs = article.text.split("\n\n")
    # a list inside a block quotation: each item its own quoted paragraph (items never
    # run together), a heading its own paragraph, unquoted
    assert paragraphs[3:7] == [
        "Our demands",
        "“We ask for three changes before the talks.”",
        "“More buses on weekday evenings.”",
        "“Cheaper fares for students.”",
    ]
