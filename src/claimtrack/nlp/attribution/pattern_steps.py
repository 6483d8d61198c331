"""The code a pattern rule names (data/attribution_patterns.json): guards, match filters
and content builders, each small and shared by name.

- a ``where`` filter keeps one match: ``(cue, match) -> bool``;
- a guard decides for a rule's matches at one cue: ``(cue, matches) -> bool`` (False:
  no attribution from this rule, the next rule in precedence order is tried);
- a content builder turns the matches into ``Found`` tuples (verb stage) or
  ``Candidate`` records (phrase stage).

``cue`` is a ``VerbCue`` for verb rules and a ``PhraseCue`` for phrase rules; ``match``
maps the pattern's node names ("cue", "content", "object", ...) to tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    content_from_tokens,
    extend_to_quotes,
    mode_of,
    sentence_minus,
    subtree_span,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.source_types import MESSAGE_NOUNS
from claimtrack.nlp.attribution.subjects import is_document_like
from claimtrack.nlp.attribution.verb_rules import HEARER_VERBS, Found, VerbCue, is_person
from claimtrack.text import is_real_quote, word_count

Match = dict[str, Token]
# a colon introduction needs this many words after the colon to be a statement
MIN_COLON_CONTENT_WORDS = 3
# "According to X estimates, Y": the phrase runs to a comma this many tokens after X
ACCORDING_COMMA_WINDOW = 5
# content of a phrase rule shorter than this many words is a fragment, not a report
MIN_PHRASE_CONTENT_WORDS = 3
# the words of a light verb's object complement that carry its topic ("concerns about")
LIGHT_OBJECT_PREPS = ("about", "over", "on", "that", "regarding", "for", "of")


@dataclass
class PhraseCue:
    """A phrase-rule trigger token ("according") with what the steps read."""

    tok: Token
    ctx: DocContext
    rule: str
    mode: str | None = None  # the rule's fixed mode ("according_to"), else from quotes

    @property
    def doc(self) -> Doc:
        return self.tok.doc

    @property
    def sent(self) -> Span:
        return self.tok.sent


WHERE: dict[str, Callable] = {}
GUARDS: dict[str, Callable] = {}
CONTENT: dict[str, Callable] = {}


def step(table: dict[str, Callable]) -> Callable[[Callable], Callable]:
    def register(func: Callable) -> Callable:
        table[func.__name__] = func
        return func
    return register


# --------------------------------------------------------------------------- where


@step(WHERE)
def content_has_no_mark_but_that(cue: VerbCue, match: Match) -> bool:
    """'said after the convention he would ...' is a report; 'said because he ...' not."""
    return not any(g.dep_ == "mark" and g.lower_ != "that" for g in match["content"].children)


@step(WHERE)
def colon_ends_cue_phrase(cue: VerbCue, match: Match) -> bool:
    return match["colon"].i == cue.tok.right_edge.i + 1


@step(WHERE)
def source_after_cue(cue: PhraseCue, match: Match) -> bool:
    return match["source"].i > match.get("to", cue.tok).i


# --------------------------------------------------------------------------- guards


@step(GUARDS)
def no_noun_object_before_clause(cue: VerbCue, matches: list[Match]) -> bool:
    """'feared persecution ... given that ...': with a noun object the clause is not the
    report, unless the verb takes both ('told reporters that')."""
    return cue.lemma in cue.ctx.lex.object_then_clause_verbs or not any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in cue.children)


@step(GUARDS)
def evidence_needs_document_subject(cue: VerbCue, matches: list[Match]) -> bool:
    """'Bilash's arrest shows how ...' is the author's inference; 'the report shows' is not."""
    lex = cue.ctx.lex
    return cue.lemma not in lex.evidence_verbs or is_document_like(cue.subject, lex)


@step(GUARDS)
def object_not_compared(cue: VerbCue, matches: list[Match]) -> bool:
    """'share the same worries': a comparison, not speech."""
    return not any(c.lower_ == "same" for c in matches[0]["object"].children)


@step(GUARDS)
def no_object_or_clause(cue: VerbCue, matches: list[Match]) -> bool:
    """A colon after a verb with its own object or clause introduces something else
    ("listed three demands: ..."), unless the object is who hears it, the message
    itself or "it" ("told the committee: ...", "issued a statement: ...", "sees it very
    differently: ...")."""
    lex = cue.ctx.lex
    return not any(c.dep_ == "ccomp" or (c.dep_ == "dobj" and not (
        c.lemma_.lower() in MESSAGE_NOUNS or c.lower_ == "it" or cue.lemma in HEARER_VERBS and (
            c.lemma_.lower() in lex.audience_nouns or c.lemma_.lower() in lex.organization_words
            or is_person(c, lex) or c.lower_ in PERSONAL_OBJECTS)))
        for c in cue.children)


PERSONAL_OBJECTS = frozenset({"him", "her", "them", "us", "me", "you"})


@step(GUARDS)
def outside_real_quote(cue: PhraseCue, matches: list[Match]) -> bool:
    """Inside a quotation the phrase is the quoted speaker's own sourcing."""
    quote = cue.ctx.quote_at(cue.tok.idx)
    return quote is None or not is_real_quote(cue.ctx.text, quote)


# --------------------------------------------------------------------------- content


@step(CONTENT)
def content_subtrees(cue: VerbCue, matches: list[Match]) -> list[Found]:
    """From the first to the last word of the content nodes' subtrees, without a
    leading complementizer."""
    doc = cue.doc
    first = min(m["content"].left_edge.i for m in matches)
    last = max(m["content"].right_edge.i for m in matches)
    start, end = content_from_tokens(doc, doc[first], doc[last])
    return [(start, end, cue.span)]


@step(CONTENT)
def object_complement(cue: VerbCue, matches: list[Match]) -> list[Found]:
    """'raised concerns about X': the object's complement (X), else the object phrase;
    the cue spans verb and noun when only modifiers stand between them."""
    tok, doc, obj = cue.tok, cue.doc, matches[0]["object"]
    parts = [c for c in obj.children if c.dep_ in ("prep", "acl", "ccomp", "relcl")
             and (c.dep_ != "prep" or c.lower_ in LIGHT_OBJECT_PREPS)]
    if parts:
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        start, end = content_from_tokens(doc, doc[first], doc[last])
    else:
        start, end = subtree_span(obj)
    cue_span = cue.span
    if obj.i > tok.i and all(
        t.dep_ in ("det", "amod", "poss", "compound", "advmod") or t.i == obj.i
        for t in doc[tok.i + 1 : obj.i + 1]
    ):
        cue_span = (tok.idx, token_end(obj))
    return [(start, end, cue_span)]


@step(CONTENT)
def after_colon(cue: VerbCue, matches: list[Match]) -> list[Found]:
    """The rest of the colon's paragraph, or the next paragraph when the colon ends one."""
    ctx = cue.ctx
    colon_end = token_end(matches[0]["colon"])
    para = ctx.paragraph_of(colon_end)
    start, end = trim_span(ctx.text, colon_end, ctx.paragraphs[para][1])
    if end - start < 3 and para + 1 < len(ctx.paragraphs):
        start, end = trim_span(ctx.text, *ctx.paragraphs[para + 1])
    if cue.words(start, end) >= MIN_COLON_CONTENT_WORDS:
        return [(start, end, cue.span)]
    return []


@step(CONTENT)
def sentence_minus_phrase(cue: PhraseCue, matches: list[Match]) -> list[Candidate]:
    """The sentence without the cue phrase ('According to X[ estimates],'); the phrase
    runs to a comma that follows the source closely."""
    ctx, doc, sent, tok = cue.ctx, cue.doc, cue.sent, cue.tok
    match = matches[0]
    source, cue_last = match["source"], match.get("to", tok)
    phrase_end = token_end(source.right_edge)
    window_end = min(source.right_edge.i + ACCORDING_COMMA_WINDOW, sent.end)
    for t in doc[source.right_edge.i + 1 : window_end]:
        if t.text in (",", ";", ":"):
            phrase_end = t.idx
            break
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in ctx.lex.document_nouns:
            break
    start, end = sentence_minus(doc, sent, tok.idx, phrase_end)
    exclude: set[int] = set()
    if word_count(ctx.text[start:end]) < MIN_PHRASE_CONTENT_WORDS:
        # the parser hung the report on the source ("According to X, the move reeks of
        # ..." with "reeks" as X's appositive): the phrase ends at the first comma
        comma = next((t for t in doc[source.i + 1 : source.right_edge.i] if t.text == ","),
                     None)
        if comma is None:
            return []
        start, end = sentence_minus(doc, sent, tok.idx, comma.idx)
        if word_count(ctx.text[start:end]) < MIN_PHRASE_CONTENT_WORDS:
            return []
        exclude = set(range(comma.i, source.right_edge.i + 1))
    start, end = extend_to_quotes(ctx, start, end)
    return [Candidate(tok.idx, token_end(cue_last), start, end, cue.rule, source, exclude,
                      mode=cue.mode or mode_of(ctx, start, end))]
