"""Article cleaning: page furniture out; title, authors, publication and date found.

A scraped page arrives as lines: the site name and menus, the headline (often twice), a
photo credit, a standfirst, a byline, the body, then subscription prompts, an author bio
box, "related" link lists, share buttons and a copyright line. ``clean`` keeps the body.

How (general heuristics, the word lists live in ``nlp/data/cleaning.json``, loaded by
``lexicon``), one module a stage:

1. ``units``: the text is cut into *units*: paragraphs (blocks between blank lines). A
   block whose lines are short (a menu, "Want to read more?" + "Subscribe ...") is cut
   into one unit per line; a hard-wrapped paragraph (long lines) stays one unit.
2. ``furniture``: each unit is classified: prose (a sentence: terminal punctuation, or
   long), a short line (heading, menu item, headline), navigation word, prompt/furniture
   (lexicon patterns: subscription, newsletter, cookies, share, "Read more:", photo
   credits, copyright), an *end heading* after which nothing belongs to the article
   ("About the author", "Comments", a paywall prompt), a list heading ("Related", "Most
   read": the short lines after it are links), a byline ("By NAME and NAME", ``bylines``),
   a date line (``dates``), a photo credit (a short line naming a photo agency), or a
   short line repeated on the page.
3. ``body``: the body is the run of units, not crossing an end heading, that holds the
   most prose. A byline near its start splits it (``bylines.find_bylines``): prose before
   the byline is the standfirst (``summary``), the body starts after it.
4. ``headline``: title: the reader's metadata; else a markdown "# " heading; else a
   headline-like line before the body (a repeated one wins, else the first that is not
   the site name); else the first line when it looks like a headline. Publication:
   metadata; else a " | Site" title suffix; else a site-name-like first line; else a
   copyright line.
5. Body text: kept units joined by exactly "\\n\\n"; each unit keeps its inner whitespace,
   only whitespace at line ends (spaces, no-break spaces) is stripped. Headings inside the
   body ("Conclusion") are dropped: a heading is not a claim and offsets stay simple.
6. Headline: the title, on one line, is the text's first paragraph ("Title\\n\\nBody ..."),
   so a headline's claim ("Minister says exports will double") has exact offsets; a copy
   of it in the body is dropped (step 4), so it is there once. Transcripts keep no headline.

``article`` runs the stages (``clean``, ``explain``) and holds the ``Article`` record.
"""

from claimtrack.cleaning.article import Article, clean, explain
from claimtrack.cleaning.bylines import parse_byline, parse_reporting_line, person_name
from claimtrack.cleaning.dates import date_line, find_date
from claimtrack.cleaning.headline import with_headline
from claimtrack.cleaning.lexicon import Lexicon, lexicon
from claimtrack.cleaning.units import Unit, normalise_line, split_units

__all__ = [
    "Article",
    "Lexicon",
    "Unit",
    "clean",
    "date_line",
    "explain",
    "find_date",
    "lexicon",
    "normalise_line",
    "parse_byline",
    "parse_reporting_line",
    "person_name",
    "split_units",
    "with_headline",
]
