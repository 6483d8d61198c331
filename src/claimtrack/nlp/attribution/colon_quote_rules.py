"""Quotations introduced by a colon that the verb rules cannot reach (issue 10, the
quote-form misses on PolNeAR train):

- ``colon_quote``: "Trump boomed: "...."", "Eva Schultheis posted: "..."", "The mayor
  went even further: "..."": a named speaker, a verb of any word (manner-of-speaking and
  publishing verbs are an open class the cue lists never close) and a colon right before
  a real quotation. The verb rules start from listed cue words, so this rule starts from
  the text instead: a colon followed by a quotation mark (one regex per doc).
- ``roundup_label``: round-up posts that quote their sources under a line of their own,
  "POLLS NOT WRONG, JUST EARLY - Mark Blumenthal: "..."", "More from Jones: "..."",
  "From the report: "..."": the name between a dash (or *more from* / *from*) and the
  colon speaks the quotation after it.

Guards (a wrong source is worse than none): the quotation is real (4+ words) and opens
right after the colon; the speaker is a name, a person word or a personal pronoun, never
a thing ("The headline reads: ..."), and not inside a quotation; a passive ("was asked:")
or a copula ("The question is: ...") introduces someone else's words or the author's; a
verb with its own object or clause before the colon ("listed three demands: ...") is
introducing that object, unless the object is a message noun ("released the following
statement: ..."), or "it" ("sees it very differently: ...").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import Candidate, DocContext, governing_verb, token_end
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.source_types import MESSAGE_NOUNS
from claimtrack.nlp.attribution.subjects import find_subject
from claimtrack.nlp.attribution.verb_rules import is_person
from claimtrack.text import QUOTE_CHARS, is_real_quote

# a colon, spaces or one paragraph break, then an opening quotation mark
COLON_QUOTE = re.compile(r":\s*(?=[\"“‘'«])")
# a round-up label: a dash (or "More from" / "From") before the name, the name before
# the colon; at most this many tokens
MAX_LABEL_TOKENS = 6
LABEL_DASHES = ("-", "—", "–", "--")
LABEL_LEADS = ("more from", "from")  # longest first
# dependents that give the verb content of its own before the colon
OWN_CONTENT_DEPS = ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative")
# entity types a label can name that never speak: places, products, titles, dates
NOT_SPEAKER_ENTS = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE",
                              "TIME"})
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
CHANNEL_PREPS = ("in", "on", "via", "through")  # "in a statement", "on a post", "via email"
# an inverted speaker ("Replied one listener, who signs as Night Owl") is at most this
# many tokens between the verb and the colon
MAX_INVERTED_SPEAKER_TOKENS = 14


def colon_quotes(ctx: DocContext) -> list[tuple[Token, object]]:
    """(colon token, quotation) for each colon right before a real quotation, in its
    paragraph or opening the next one ("released the following statement: ¶ "...")."""
    out = []
    starts = {q.start: q for q in ctx.quotes}
    for m in COLON_QUOTE.finditer(ctx.text):
        q = starts.get(m.end())
        if q is None or not is_real_quote(ctx.text, q):
            continue
        span = ctx.doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        if ctx.text[q.start:q.end].rstrip(QUOTE_CHARS + " ").endswith((",", ";", "-", "—")):
            continue  # '"A," he wrote, "B"': the cue after it owns the whole quotation
        if span is not None and ctx.paragraph_of(q.start) - ctx.paragraph_of(m.start()) in (
                0, 1):
            out.append((span[0], q))
    return out


def is_speaker(tok: Token, ctx: DocContext) -> bool:
    """A name, a person word, a personal pronoun or a document ("the editorial reads:")."""
    if tok.lemma_.lower() in ctx.lex.audience_nouns:
        return False  # "the crowd cheered": an audience reacts, it speaks no quotation
    if tok.lower_ in SPEAKER_PRONOUNS or tok.lemma_.lower() in ctx.lex.document_nouns:
        return True
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP") or is_person(
        tok, ctx.lex)


def intro_verb(colon: Token) -> Token | None:
    """The verb whose phrase the colon ends: its head, or the verb right before it."""
    for tok in (colon.head, colon.doc[colon.i - 1] if colon.i else colon):
        if tok.pos_ == "VERB" and tok.i < colon.i:
            return tok
    return None


@cue_rule("colon_quote", stage="layout", lexicon=None,
          summary="a named speaker, a verb of any word and a colon right before a real "
                  "quotation (*boomed: \"...\"*, *posted: \"...\"*)",
          example='The mayor **boomed**: "We will finish this bridge by the spring."')
def colon_quote(ctx: DocContext) -> list[Candidate]:
    out = []
    for colon, q in colon_quotes(ctx):
        channel = message_channel(colon)
        verb = intro_verb(colon) or (channel_verb(channel) if channel is not None else None)
        if verb is None or verb.sent != colon.sent:
            continue
        kids = [c for c in verb.children if c.idx < q.start]
        if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in kids):
            continue  # "was asked: ...": someone else's words
        if channel is None and any(c.dep_ in OWN_CONTENT_DEPS and not (
                c.dep_ == "dobj" and (c.lemma_.lower() in MESSAGE_NOUNS or c.lower_ == "it"))
                for c in kids):
            continue  # "listed three demands: ...": the colon introduces the object
        if any(c.dep_ == "neg" for c in kids):
            continue
        subject, how = find_subject(verb, ctx.lex)
        if subject is None or how not in ("subject", "shared") or not is_speaker(subject, ctx):
            continue
        quote = ctx.quote_at(subject.idx)
        if quote is not None and is_real_quote(ctx.text, quote):
            continue
        cue = channel if channel is not None and verb.pos_ == "AUX" else verb
        out.append(Candidate(cue.idx, token_end(cue), q.start, q.end, "colon_quote",
                             subject, {verb.i}, mode="direct"))
    return out


def message_channel(colon: Token) -> Token | None:
    """The message the clause before the colon names as its channel ("was defiant in a
    statement:", "struck a softer tone in a letter to members:"): the quotation after the
    colon is that message's words, whatever the verb or its object."""
    for noun in colon.sent[: colon.i - colon.sent.start]:
        if noun.dep_ == "pobj" and noun.lemma_.lower() in MESSAGE_NOUNS and (
                noun.head.lower_ in CHANNEL_PREPS):
            return noun
    return None


def channel_verb(channel: Token) -> Token | None:
    """The verb (or copula) the channel's preposition belongs to: "struck a softer tone
    [in a letter]", "was defiant [in a statement]" (through the adjective)."""
    return governing_verb(channel.head.head)


@cue_rule("inverted_colon", stage="layout", lexicon=None,
          summary="a sentence opened by a reporting verb, then its speaker and a colon before "
                  "a real quotation (*Replied one listener, who signs as Night Owl: \"...\"*)",
          example='**Replied** the mayor: "We will finish the new bridge by the spring."')
def inverted_colon(ctx: DocContext) -> list[Candidate]:
    out = []
    doc = ctx.doc
    for colon, q in colon_quotes(ctx):
        sent = colon.sent
        words = [t for t in sent if not t.is_space and t.text not in QUOTE_CHARS]
        verb = words[0] if words else None
        if verb is None or verb.i >= colon.i or not verb.text[:1].isupper() or (
                verb.tag_ not in ("VBD", "VBN", "VBZ") or verb.lemma_.lower() not in
                ctx.lex.clausal_verbs):
            continue
        between = doc[verb.i + 1 : colon.i]
        if not between or len(between) > MAX_INVERTED_SPEAKER_TOKENS:
            continue
        # the speaker: the phrase right after the verb, up to a comma (a relative clause
        # or an appositive may follow it: "one reader, who signs as Night Owl")
        phrase = [t for t in between if t.i < next((c.i for c in between if c.text == ","),
                                                    colon.i)]
        heads = [t for t in phrase if t.head.i < phrase[0].i or t.head.i > phrase[-1].i
                 or t.head == t] if phrase else []
        head = heads[0] if len(heads) == 1 else None
        if head is None or head.pos_ not in ("NOUN", "PROPN") or not is_speaker(head, ctx):
            continue
        # the source phrase: the speaker's words between the verb and the colon only
        outside = set(range(sent.start, verb.i + 1)) | set(range(colon.i, sent.end))
        out.append(Candidate(verb.idx, token_end(verb), q.start, q.end, "inverted_colon",
                             head, outside, mode="direct"))
    return out


@cue_rule("roundup_label", stage="layout", lexicon=None,
          summary="a round-up line: a name after a dash (or *more from*) and before a colon "
                  "that opens a real quotation",
          example='Turnout will set a record - Dana Lee**:** "We have never seen queues '
                  'like this before."')
def roundup_label(ctx: DocContext) -> list[Candidate]:
    out = []
    doc = ctx.doc
    for colon, q in colon_quotes(ctx):
        para_start = ctx.paragraphs[ctx.paragraph_of(colon.idx)][0]
        first = colon.i - 1
        while first >= 0 and colon.i - first <= MAX_LABEL_TOKENS + 2 and doc[first].idx >= (
                para_start) and doc[first].text not in LABEL_DASHES:
            first -= 1
        dashed = first >= 0 and doc[first].text in LABEL_DASHES and doc[first].idx >= (
            para_start)
        name = list(doc[first + 1 : colon.i])
        lead = [t.lower_ for t in name[:2]]
        led = next((len(w.split()) for w in LABEL_LEADS if lead[: len(w.split())] == w.split()), 0)
        name = name[led:]
        if not dashed and not (led and (first < 0 or doc[first].idx < para_start)):
            continue  # a label opens its line or follows a dash
        if not name or len(name) > MAX_LABEL_TOKENS or name[-1].pos_ not in ("PROPN", "NOUN"):
            continue
        if not (name[0].text[:1].isupper() or name[0].lower_ == "the"):
            continue
        if name[-1].pos_ == "NOUN" and name[-1].lemma_.lower() not in ctx.lex.document_nouns:
            continue  # "the report" speaks; "the bottom line" does not
        if name[-1].pos_ == "PROPN" and (name[-1].ent_type_ in NOT_SPEAKER_ENTS or not all(
                t.pos_ == "PROPN" or t.lower_ in ("and", "&") or t.is_punct for t in name)):
            continue  # a name of words only ("iPhone 15" is no speaker), not a place
        # the source phrase is the label alone: not the line before it, not the quotation
        outside = set(range(colon.sent.start, name[0].i)) | set(range(colon.i, colon.sent.end))
        out.append(Candidate(colon.idx, token_end(colon), q.start, q.end, "roundup_label",
                             name[-1], outside, mode="direct"))
    return out


# a quotation that hands over to its speaker: its last word before the closing mark
HANDOVER_PUNCT = (",", "!", "?")
# the speaker and verb sit within this many tokens after the closing mark
MAX_SPEAKER_TOKENS = 6


@cue_rule("quote_speaker_verb", stage="layout", lexicon=None,
          summary="a quotation handing over with a comma, then its speaker and a verb of any "
                  "word closing the sentence (*\"...,\" Trump shot back.*)",
          example='"France will always welcome its visitors," an angry mayor **retaliated**.')
def quote_speaker_verb(ctx: DocContext) -> list[Candidate]:
    out = []
    doc, text = ctx.doc, ctx.text
    for q in ctx.quotes:
        if not q.closed or not is_real_quote(text, q):
            continue
        if not text[q.start:q.end].rstrip(QUOTE_CHARS + " ").endswith(HANDOVER_PUNCT):
            continue
        quoted = doc.char_span(q.start, q.end, alignment_mode="expand")
        if quoted is None or quoted.end >= len(doc):
            continue
        first = doc[quoted.end]
        window = doc[first.i : min(first.sent.end, first.i + MAX_SPEAKER_TOKENS)]
        verb = next((t for t in window if t.pos_ == "VERB"), None)
        if verb is None or verb.dep_ not in ("ROOT", "parataxis", "ccomp", "conj"):
            continue
        kids = list(verb.children)
        if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in kids):
            continue
        if any(c.dep_ in OWN_CONTENT_DEPS and c.idx >= q.end for c in kids):
            continue  # '"...," she wrote the minister a letter': a verb with its own object
        subject = next((c for c in kids if c.dep_ == "nsubj" and c.idx >= q.end), None)
        if subject is None or not is_speaker(subject, ctx) or subject.lower_ == "it":
            continue
        between = [t for t in doc[first.i : verb.i] if not t.is_punct]
        if any(t.i not in {s.i for s in subject.subtree} for t in between):
            continue  # only the speaker's own words sit between the quotation and the verb
        out.append(Candidate(verb.idx, token_end(verb), q.start, q.end, "quote_speaker_verb",
                             subject, {verb.i}, mode="direct"))
    return out
