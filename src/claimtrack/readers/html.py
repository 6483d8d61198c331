"""HTML pages -> main text and metadata (trafilatura)."""

from __future__ import annotations

import re

from claimtrack.readers.base import HTML_MAX_DEPTH, InputError, RawArticle, split_authors


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower()



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


# opening marks of a paragraph that is already a quotation
QUOTE_OPENERS = ("\"", "“", "‘", "'", "«", "„")


def _quote_items(element) -> list[str]:
    """A block quotation's paragraphs, each its own paragraph and, when the block holds
    only paragraphs, each between quotation marks: the page shows them as someone's
    words, and the marks let attribution carry a cue ending in a colon to every paragraph
    of the block until the author's own voice resumes (README, Decisions). A block with
    loose text of its own (an embedded post's "— Name (@handle) date") stays one
    paragraph as written, its parts joined by spaces: the signature stays with the post.
    A list's items are paragraphs of their own and quoted as the block's paragraphs are
    (they never run together: "weekdays.Cheaper"); any other element (a heading) is a
    paragraph of its own, unquoted."""
    children = [child for child in element if child.tag in ("p", "list")]
    loose = (element.text or "").strip() or any(
        (child.tail or "").strip() for child in element)
    if not children or loose:
        parts = [element.text or ""]
        for child in element:
            items = child.iter("item") if child.tag == "list" else [child]
            parts += [*(_element_text(item) for item in items), child.tail or ""]
        return [" ".join(" ".join(part.split()) for part in parts if part.strip())]
    items = []
    for child in element:
        if child.tag not in ("p", "list"):
            items.append(_element_text(child))
            continue
        for part in child.iter("item") if child.tag == "list" else [child]:
            text = " ".join(_element_text(part).split())
            if text and not text.startswith(QUOTE_OPENERS):
                text = f"“{text}”"
            items.append(text)
    return items


def _body_paragraphs(body) -> list[str]:
    paragraphs: list[str] = []
    for element in body:
        if element.tag == "quote":
            items = _quote_items(element)
        elif element.tag == "list":
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

