"""Headlines in Title Case: "Mayor Warns Bridge Repairs Will Take Two Years".

The model tags most capitalised words of such a line as proper nouns and parses them as
one long name ("Mayor/PROPN Warns/PROPN Bridge/PROPN ..."), so neither the verb rules nor
the speaker finder can read it. For the first paragraph of an article (the headline,
docs/cleaning.md) written in Title Case, ``headline_cue`` reads its surface words
instead, and where it finds a report the other rules' links in that line are dropped
(the engine, ``in_title_case_headline``): the first word that is a cue verb in a
headline's form ("Says", "Warns", "Vows"; a base form after a plural: "Farmers Insist"),
the capitalised words before it as the source, the words after it as the content. A
bare title as that source ("Minister Says ...") is the one person the body introduces
with that title, or stays the title.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    mode_of,
    strip_possessive,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.coreference import headline_title_source
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.source_types import Source, clean_org_name, kind_of_named
from claimtrack.text import word_count

# A headline is short: a first paragraph longer than this is body text.
MAX_HEADLINE_WORDS = 25
# Title Case: at least this share of the words of 4+ letters are capitalised (short words
# -- of, to, in -- are often lower case in headline style)
TITLE_CASE_SHARE = 0.8
TITLE_CASE_MIN_WORDS = 3  # of 4+ letters: "Lee Warns" alone is too little to tell
# the source before the cue is a name or a title: at most this many words
MAX_SOURCE_TOKENS = 6
MIN_CONTENT_WORDS = 2  # "Minister Says No" states too little to be a claim
# words that may stay lower case inside a Title Case name or title ("Secretary of State")
NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "at", "de", "'s", "’s", "."})
# a segment opening with these asks a question about a report ("Why Trump Says ..."):
# the report is not the headline's claim
QUESTION_WORDS = frozenset({"why", "how", "what", "when", "where", "who", "whether", "if"})
SEGMENT_BREAKS = frozenset({":", "|", "—", "–", "-", ";", ","})
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def headline_span(text: str, paragraphs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first paragraph's span when it can be a headline: short, above a body."""
    if len(paragraphs) < 2:
        return None
    start, end = paragraphs[0]
    return (start, end) if len(WORD.findall(text[start:end])) <= MAX_HEADLINE_WORDS else None


def title_case_headline(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The headline span (``headline_span``) when it is in Title Case."""
    if span is None:
        return None
    start, end = span
    words = WORD.findall(text[start:end])
    long_words = [w for w in words if len(w) >= 4]
    if len(long_words) < TITLE_CASE_MIN_WORDS:
        return None
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return (start, end) if capitalised >= TITLE_CASE_SHARE * len(long_words) else None


def in_title_case_headline(ctx: DocContext, char: int) -> bool:
    return ctx.headline is not None and ctx.headline[0] <= char < ctx.headline[1]


def headline_cue_lemma(tok: Token, before: Token | None, ctx: DocContext) -> str | None:
    """The cue lemma of a headline word in verb position: an -s form of a report or
    infinitive verb ("Says", "Warns", "Vows"), or a base form after a plural subject
    ("Farmers Insist", "Police Say")."""
    lex = ctx.lex
    low = tok.lower_
    lemma = lex.noun_tagged_verb_forms.get(low)
    if lemma is not None:
        return lemma
    if before is None or low not in lex.report_verbs:
        return None
    plural = before.tag_ in ("NNS", "NNPS") or (before.pos_ == "PROPN" and (
        before.lower_.endswith("s") and not before.lower_.endswith("ss")))
    return low if plural or low == "say" else None  # "Police Say ..."



def paragraph_tokens(ctx: DocContext, bounds: tuple[int, int] | None) -> Span | None:
    return None if bounds is None else ctx.doc.char_span(*bounds, alignment_mode="expand")


def source_words_ok(words: list[Token]) -> bool:
    """Capitalised words (a name or a title), connectors allowed inside; no question,
    no verb, pronoun or clause word (the model tags some headline words right)."""
    if not words or len(words) > MAX_SOURCE_TOKENS:
        return False
    if not words[0].text[:1].isupper() or words[0].lower_ in QUESTION_WORDS:
        return False
    if any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ") or (
            t.pos_ == "ADP" and t.lower_ not in NAME_CONNECTORS) for t in words):
        return False  # "Carson Defends Himself Against Claims": a clause, not a name
    return all(t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS for t in words)


@cue_rule("headline_cue", stage="layout", lexicon=None,
          summary="a Title Case headline (the first paragraph): the first cue verb in a "
                  "headline's form, the capitalised words before it as the source, the rest "
                  "as the content (the model tags such verbs as proper nouns)",
          example="Port Authority **Warns** Dock Strike Will Delay Winter Fuel ¶ The strike "
                  "starts on Monday.")
def headline_cue(ctx: DocContext) -> list[Candidate]:
    span = paragraph_tokens(ctx, ctx.headline)
    if span is None:
        return []
    start, end = ctx.headline
    segment_start = span.start
    for tok in span:
        if tok.text in SEGMENT_BREAKS:
            segment_start = tok.i + 1  # "Exclusive: Minister Says ...", "Lee: ..."
            continue
        before = ctx.doc[tok.i - 1] if tok.i > segment_start else None
        lemma = headline_cue_lemma(tok, before, ctx)
        if lemma is None:
            continue
        words = [t for t in ctx.doc[segment_start : tok.i] if not t.is_space]
        if not source_words_ok(words):
            return []  # the first cue word decides: no guessing further along
        rest = [t for t in ctx.doc[tok.i + 1 : span.end] if not t.is_space]
        if rest and rest[0].pos_ == "VERB" and rest[0].tag_ in ("VB", "VBP", "VBZ", "VBD"):
            continue  # "Plant Rules Face Key Test": the cue word is the subject noun
        if rest and rest[0].lower_ == "that":
            rest = rest[1:]
        if not [t for t in rest if not t.is_punct]:
            # trailing cue: "Clinton Hid the Report, Former Aide Says."
            if segment_start - 1 <= span.start or ctx.doc[segment_start - 1].text != ",":
                return []
            c_start, c_end = trim_span(ctx.text, start, ctx.doc[segment_start - 1].idx)
        else:
            c_start, c_end = trim_span(ctx.text, rest[0].idx, end)
        if word_count(ctx.text[c_start:c_end]) < MIN_CONTENT_WORDS:
            return []
        source = headline_source(ctx, words)
        if source is None:
            return []  # a bare title the body names nobody for
        return [named_candidate(ctx, tok, (c_start, c_end), words, source, "headline_cue")]
    return []


def named_candidate(ctx: DocContext, cue: Token, content: tuple[int, int],
                    words: list[Token], source: Source, rule_id: str) -> Candidate:
    """A headline link whose source the rule named from ``words`` itself."""
    s_start, s_end = words[0].idx, token_end(words[-1])
    return Candidate(cue.idx, token_end(cue), content[0], content[1], rule_id, None,
                     mode=mode_of(ctx, *content), source=source, source_start=s_start,
                     source_end=s_end, source_text=ctx.text[s_start:s_end])


def headline_source(ctx: DocContext, words: list[Token]) -> Source | None:
    """The speaker named in a headline: a full name or a surname the body resolves, a bare
    title the body gives exactly one name for (None when it gives none or several), else
    the words as written."""
    lex = ctx.lex
    text = strip_possessive(ctx.text[words[0].idx : token_end(words[-1])])
    full = ctx.full_name_for(text)
    if full is not None:
        return Source(full, "person", aliases=[text] if full != text else [])
    ent = ctx.ent_of.get(words[-1].i)
    label = ent.label_ if ent is not None else ""
    last = words[-1].lower_
    if last in lex.person_words and label != "PERSON":
        # "Minister Says ...", "Health Minister Admits ...": a title, no name
        return headline_title_source(ctx, last, text)
    if last in lex.document_nouns or words[-1].lemma_.lower() in lex.document_nouns:
        return Source(text, "document")  # "New Report Shows ..."
    name = text if label == "PERSON" else clean_org_name(text, lex)
    kind = kind_of_named(name, label, "", lex)
    if kind == "person" and label != "PERSON":
        kind = "group"  # Title Case makes every word look like a name: "Farmers Insist"
    return Source(name, kind)


# a label before a headline's colon names its source in at most this many tokens
MAX_LABEL_TOKENS = 6
# document labels that head the author's own piece, not a document it reports on
AUTHOR_LABELS = frozenset({"review", "reviews"})
MIN_SHOUTED_LETTERS = 4  # shorter all-capital words are acronyms ("AP", "CNN")


@cue_rule("headline_label", stage="layout", lexicon=None,
          summary="a headline (the first paragraph) opening with a name, outlet or document "
                  "before a colon: that label is the source of the rest (not page furniture "
                  "such as Exclusive or Watch)",
          example="Newspaper**:** Harbour chief used a private phone for port business ¶ "
                  "The board met on Monday.")
def headline_label(ctx: DocContext) -> list[Candidate]:
    span = paragraph_tokens(ctx, ctx.headline_span)
    if span is None:
        return []
    end = ctx.headline_span[1]
    colon = next((t for t in span[: MAX_LABEL_TOKENS + 3] if t.text == ":"), None)
    if colon is None:
        return []
    segment_start = span.start
    for tok in span:  # "EXCLUSIVE – Roger Stone: ...": the label starts after the dash
        if tok.i < colon.i and tok.text in ("—", "–", "-") and tok.whitespace_:
            segment_start = tok.i + 1
    words = [t for t in ctx.doc[segment_start : colon.i] if not t.is_space]
    if not label_words_ok(words, ctx):
        return []
    c_start, c_end = trim_span(ctx.text, token_end(colon), end)
    if word_count(ctx.text[c_start:c_end]) < MIN_CONTENT_WORDS + 1:
        return []
    source = headline_source(ctx, words)
    if source is None:
        return []
    return [named_candidate(ctx, colon, (c_start, c_end), words, source, "headline_label")]


def label_words_ok(words: list[Token], ctx: DocContext) -> bool:
    """A name, outlet, title or document: capitalised words (connectors and inner hyphens
    allowed), no verb, pronoun or question word, none of them page furniture."""
    if len(words) == 1 and is_exclamation(words[0]):
        return False  # "Wow: ...", "BUSTED: ...": the author's own exclamation
    if len(words) == 1 and words[0].lower_ in AUTHOR_LABELS:
        return False  # "Review: ..." heads a critic's piece, the author's own voice
    if not words or len(words) > MAX_LABEL_TOKENS or not words[0].text[:1].isupper():
        return False
    # "Poll: ...", "Report: ...": over a headline, a document label is a source (as PolNeAR
    # annotates it), though over a body paragraph it is furniture
    furniture = ctx.lex.colon_furniture - ctx.lex.document_nouns
    for t in words:
        if t.lower_ in furniture or t.lemma_.lower() in furniture or t.lower_ in QUESTION_WORDS:
            return False
        if t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "NUM", "CCONJ") or (
                t.pos_ == "ADP" and t.lower_ != "of"):
            return False  # "Lee and Park: ...", "Big Win For Lee: ...": a topic, no speaker
        if not (t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS
                or (t.text == "-" and not t.whitespace_)):
            return False
    return True


def is_exclamation(tok: Token) -> bool:
    """An interjection, or a word of 4+ letters all in capitals that names no entity
    ("BOOM", "LOOK"; not "NATO", nor a short acronym such as "AP")."""
    return tok.pos_ == "INTJ" or (len(tok.text) >= MIN_SHOUTED_LETTERS and tok.text.isupper()
                                  and not tok.ent_type_)
