"""``clean``: a raw article through the cleaning stages to an ``Article`` (title,
authors, publication, date, body text)."""

from __future__ import annotations

from dataclasses import dataclass

from claimtrack.cleaning.body import keep_body_units, main_run, trim_trailing_links
from claimtrack.cleaning.bylines import find_bylines, guess_authors
from claimtrack.cleaning.furniture import classify, mark_link_lists
from claimtrack.cleaning.headline import (
    guess_publication,
    guess_title,
    same_title,
    split_title_suffix,
    with_headline,
)
from claimtrack.cleaning.units import (
    BYLINE,
    CREDIT,
    DATE,
    MARKDOWN_HEADING,
    MARKDOWN_HEADING_RE,
    PROSE,
    REPEATED,
    SHORT,
    STANDFIRST,
    TITLE,
    Unit,
    normalise_line,
    split_units,
)
from claimtrack.readers import RawArticle, split_authors


@dataclass
class Article:
    """A cleaned article. ``text`` is the body every database offset refers to."""

    title: str | None
    authors: list[str]
    publication: str | None
    published: str | None
    url: str | None
    path: str
    text: str
    summary: str | None = None
    # Where the body starts in ``text``: after the headline paragraph ("Title\n\n"), else 0.
    body_start: int = 0

    @property
    def body(self) -> str:
        """The text without its headline (what pipeline version 1 stored as the text)."""
        return self.text[self.body_start:]


def clean(raw: RawArticle) -> Article:
    """Title, authors, publication, date and body of a raw article."""
    if raw.format == "transcript":
        # One utterance a paragraph already (readers.transcript_to_raw): nothing is page
        # furniture, and short turns ("Thank you.") are dropped by no heuristic here.
        metadata = raw.metadata or {}
        return Article(title=metadata.get("title"), authors=[], publication=None,
                       published=None, url=metadata.get("url"), path=raw.path, text=raw.text)
    return _clean(raw)[0]


def explain(raw: RawArticle) -> list[tuple[str, str]]:
    """Why each line was kept or dropped: ``(kind, text)`` per unit, in order; kind is
    "body" for units in ``Article.text``, else what the unit was taken for (title,
    standfirst, byline, nav, furniture, credit, end, link_item, short...). For debugging
    a page whose cleaning looks wrong."""
    _, units, body = _clean(raw)
    kept = {id(u) for u in body}
    return [("body" if id(u) in kept else u.kind, u.text) for u in units]


def _clean(raw: RawArticle) -> tuple[Article, list[Unit], list[Unit]]:
    metadata = dict(raw.metadata or {})
    units = split_units(raw.text)
    classify(units)
    mark_link_lists(units)

    # Title from metadata or a markdown "# " heading: mark every unit that repeats it.
    title = metadata.get("title") or None
    if not title:
        for unit in units:
            if unit.kind == MARKDOWN_HEADING and unit.text.startswith("# "):
                title = MARKDOWN_HEADING_RE.match(unit.text).group(2)
                break
    if title:
        for unit in units[:12]:
            heading = MARKDOWN_HEADING_RE.match(unit.text)
            if same_title(unit.text, title) or (heading and same_title(heading.group(2), title)):
                unit.kind = TITLE
    # Within-body markdown headings are headings: drop like others.

    run = main_run(units)
    if run is None:
        return _fallback(raw, units, metadata, title)
    first, last = run
    last = trim_trailing_links(units, first, last)
    # A short closing sentence ("He told Reuters.") still belongs to the body; a
    # signature ("John Smith.") or place name has no lowercase word and does not.
    while (
        last + 1 < len(units)
        and units[last + 1].kind == SHORT
        and units[last + 1].terminal
        and any(w[0].islower() for w in units[last + 1].text.split())
    ):
        last += 1

    # A byline near the start of the run: prose before it is the standfirst.
    summary = metadata.get("summary")
    body_start = first
    bylines, standfirst = find_bylines(units, first, last)
    if bylines and bylines[-1].index >= first:
        if standfirst and not summary:
            summary = "\n\n".join(u.text for u in standfirst)
        for unit in standfirst:
            unit.kind = STANDFIRST
        body_start = bylines[-1].index + 1
    # A summary given by metadata (HTML description) is not body text either.
    if summary:
        for unit in units[body_start : body_start + 3]:
            if unit.is_prose and normalise_line(unit.text) == normalise_line(summary):
                unit.kind = STANDFIRST

    head = units[:body_start]
    # Title guesses when metadata gave none, from the head (units before the body).
    if not title:
        title = guess_title(units, head, first)
    title, title_site = split_title_suffix(title) if title else (None, None)

    # A subtitle in the headline's own block ("Headline\nThe vote ends ...") is a
    # standfirst: body paragraphs are never in the same block as the headline.
    title_blocks = {u.block for u in units[: body_start + 1] if u.kind == TITLE}
    while body_start <= last and (
        units[body_start].kind == TITLE
        or (units[body_start].block in title_blocks and units[body_start].kind in (PROSE, SHORT))
    ):
        unit = units[body_start]
        if unit.kind != TITLE:
            summary = summary or unit.text
            unit.kind = STANDFIRST
        body_start += 1

    publication = metadata.get("publication") or title_site or guess_publication(units, head)

    authors = split_authors(metadata.get("authors"))
    if not authors:
        authors = guess_authors(units, bylines, last)

    published = metadata.get("published")
    if not published:
        for unit in [*head, *units[body_start : body_start + 3]]:
            if unit.kind in (DATE, BYLINE) and unit.date:
                published = unit.date
                break

    body_units = keep_body_units(units, body_start, last, title)
    if not body_units:
        return _fallback(raw, units, metadata, title)
    title, text, body_offset = with_headline(title, "\n\n".join(u.text for u in body_units))
    article = Article(
        title=title,
        authors=authors,
        publication=publication,
        published=published,
        url=metadata.get("url"),
        path=raw.path,
        text=text,
        summary=summary,
        body_start=body_offset,
    )
    return article, units, body_units


MIN_CLAIM_WORDS = 4


def _fallback(
    raw: RawArticle, units: list[Unit], metadata: dict, title: str | None
) -> tuple[Article, list[Unit], list[Unit]]:
    """No prose found (a list, a poem, a table): keep every non-furniture unit. A page of
    furniture only (menus, prompts) keeps nothing, and ingest refuses it."""
    kept_kinds = (SHORT, PROSE, REPEATED, CREDIT, DATE)
    body = [u for u in units if u.kind in kept_kinds and not (title and same_title(u.text, title))]
    if not any(u.words >= MIN_CLAIM_WORDS for u in body):
        body = []  # menus and labels only: nothing that could state a claim
    title, text, body_offset = with_headline(title, "\n\n".join(u.text for u in body))
    article = Article(
        title=title,
        authors=split_authors(metadata.get("authors")),
        publication=metadata.get("publication"),
        published=metadata.get("published"),
        url=metadata.get("url"),
        path=raw.path,
        text=text,
        summary=metadata.get("summary"),
        body_start=body_offset,
    )
    return article, units, body
