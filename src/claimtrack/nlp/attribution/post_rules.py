"""Social posts quoted through their embed (issue 10, coverage item 2), layout stage.

``post_signature``: a post embedded from Twitter/X (and the platforms that copied its
embed code) reaches claimtrack as the paragraph the embed leaves once the page is
extracted: the post's words, a dash, the author's name, the handle in brackets and the
date, "The bridge is shut again. — Dana Lee (@danalee) May 2, 2024". Blog round-ups are
built from such paragraphs, and the verb rules never see them: no verb names the author.
The author speaks the words before the dash (links and "pic.twitter.com" stubs left out),
with the handle kept as an alias so one account's posts meet in the registry.

Guards: the whole signature (name, bracketed handle, date) closes the paragraph, so a
dash inside ordinary prose ("— Lee (@lee) said ...") is no signature; the name is
capitalised and at most ``MAX_NAME_WORDS`` words; the post keeps at least
``MIN_POST_WORDS`` words once its links are gone (a bare link says nothing).
"""

from __future__ import annotations

import re

from claimtrack.nlp.attribution.context import Candidate, DocContext
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.source_types import Source, kind_of_named
from claimtrack.text import word_count

MONTHS = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|"
          r"July?|Aug(?:ust|\.)?|Sep(?:tember|t?\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
          r"Dec(?:ember|\.)?)")
# dash, name, (@handle), date, then nothing but closing markup or punctuation before the
# paragraph ends
POST_SIGNATURE = re.compile(
    r"[^\S\n]*(?:[—–―]|--?)[^\S\n]*(?P<name>[^\s()<>@—–―][^\n()<>@—–―]{0,59}?)[^\S\n]*"
    r"\((?P<handle>@\w{1,30})\)[^\S\n]*" + MONTHS + r"[^\S\n]+\d{1,2},[^\S\n]+\d{4}"
    r"(?=(?:[^\S\n]*</?\w+/?>)*[^\S\n]*[.)\]]?[^\S\n]*(?:\n|$))")
# A paragraph still wrapped in the embed's own tag ('<tweet id=... author=...>') is a
# dump of the page's markup, not extracted text: claimtrack's readers never leave one, and
# PolNeAR's annotators left the posts inside such tags unannotated (5 of about 120 in
# train), so links there would be measured as false alarms while the markup says nothing
# the signature does not.
RAW_EMBED = re.compile(r"\s*<\w+[^<>\n]*>")
# the end of an earlier post's signature in the same paragraph (two embeds the extractor
# ran together): the later post's words start after it, never the earlier post's
EARLIER_SIGNATURE = re.compile(r"\((?:@\w{1,30})\)[^\S\n]*" + MONTHS
                               + r"[^\S\n]+\d{1,2},[^\S\n]+\d{4}[.)\]]?")
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+))+\s*$")
MAX_NAME_WORDS = 6  # a display name, not a sentence that happens to end in brackets
MIN_POST_WORDS = 3  # fewer words once the links are gone: a link or a hashtag, no claim


@cue_rule("post_signature", stage="layout", lexicon=None,
          summary="an embedded social post: its words, then a dash, the author, (@handle) "
                  "and the date",
          example="The bridge is shut again. **—** Dana Lee (@danalee) May 2, 2024")
def post_signature(ctx: DocContext) -> list[Candidate]:
    text = ctx.text
    if "(@" not in text:
        return []  # most articles embed no post: one substring test per doc
    out = []
    for m in POST_SIGNATURE.finditer(text):
        name = m.group("name").strip()
        words = name.split()
        if not name[:1].isupper() or len(words) > MAX_NAME_WORDS:
            continue
        para = ctx.paragraph_of(m.start())
        start, _ = ctx.paragraphs[para]
        if RAW_EMBED.match(text, start):
            continue  # the embed's own markup, never parsed: see RAW_EMBED
        if start >= m.start() and para > 0:
            # the signature on a line of its own (as some extractors leave the embed):
            # the post is the paragraph before it
            start, body_end = ctx.paragraphs[para - 1]
        else:
            body_end = m.start()
        start = max((e.end() for e in EARLIER_SIGNATURE.finditer(text, start, body_end)),
                    default=start)
        body = TRAILING_LINKS.sub("", text[start:body_end])
        start += len(body) - len(body.lstrip())
        end = start + len(body.strip())
        if word_count(text[start:end]) < MIN_POST_WORDS:
            continue
        name_start = m.start("name")
        span = ctx.doc.char_span(name_start, name_start + len(name), alignment_mode="expand")
        label = next((t.ent_type_ for t in span if t.ent_type_), "") if span is not None else ""
        source = Source(name, kind_of_named(name, label, "", ctx.lex),
                        aliases=[m.group("handle")])
        dash = m.start() + len(m.group()) - len(m.group().lstrip())
        dash_end = dash + len(re.match(r"[—–―]|--?", text[dash:]).group())
        out.append(Candidate(dash, dash_end, start, end, "post_signature", None,
                             mode="direct", source=source, source_start=name_start,
                             source_end=name_start + len(name), source_text=name))
    return out
