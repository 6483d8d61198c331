"""Stage 3b, verb cues placed around their content: parentheticals, closing cues, a
quotation right before or after the cue clause, and colon introductions.

These rules take the reporting verbs of ``clausal_verbs`` when the parse gives no
clausal complement: the content is then found by position (the sentence minus the cue,
the quotation beside it, what follows the colon).
"""

from __future__ import annotations

from claimtrack.nlp.attribution.context import (
    adjacent_quote,
    inside_quote_marks,
    sentence_minus,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue
from claimtrack.text import QUOTE_CHARS


def is_parenthetical(cue: VerbCue) -> bool:
    """A cue set off from its report: 'Bilash, they say, was ...', 'As X argues, Y',
    '"Y," he said.'"""
    tok, subject, doc = cue.tok, cue.subject, cue.doc
    as_clause = tok.dep_ == "advcl" and (
        any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
        or (subject.left_edge.i > cue.sent.start and doc[subject.left_edge.i - 1].lower_ == "as"))
    return tok.dep_ in ("parataxis", "ROOT") or as_clause


def parenthetical_cut(cue: VerbCue) -> tuple[int, int]:
    """The characters of the cue clause (with a leading 'as')."""
    tok, subject, doc, sent = cue.tok, cue.subject, cue.doc, cue.sent
    cut_start = min(tok.idx, subject.left_edge.idx)
    if tok.dep_ != "ROOT":
        cut_start = min(tok.left_edge.idx, subject.left_edge.idx)
    first_cut = doc.char_span(cut_start, cut_start + 1, alignment_mode="expand")
    prev = doc[first_cut.start - 1] if first_cut is not None and (
        first_cut.start > sent.start) else None
    if prev is not None and prev.lower_ == "as":
        cut_start = prev.idx
    return cut_start, token_end(tok.right_edge)


@cue_rule("parenthetical_quote", stage="verb", lexicon="clausal_verbs",
          summary="parenthetical or trailing cue beside a quotation",
          example='The pier, the mayor **insisted**, "will be rebuilt whatever it costs."')
def parenthetical_quote(cue: VerbCue) -> list[Found]:
    if not is_parenthetical(cue):
        return []
    adjacent = adjacent_quote(cue.ctx, *parenthetical_cut(cue))
    return [(adjacent.start, adjacent.end, cue.span)] if adjacent is not None else []


@cue_rule("closing_cue", stage="verb", lexicon="clausal_verbs",
          summary="cue closing the sentence after a comma: the report before it",
          example="Ticket prices will double next season, the club **confirmed**.")
def closing_cue(cue: VerbCue) -> list[Found]:
    tok, doc, sent, ctx = cue.tok, cue.doc, cue.sent, cue.ctx
    if tok.dep_ != "ROOT" or ctx.text[sent.start_char : sent.end_char].rstrip().endswith(":"):
        return []  # "Writing in the Gazette, Joan Pryce argues:": it introduces what follows
    cut_start, cut_end = parenthetical_cut(cue)
    if adjacent_quote(ctx, cut_start, cut_end) is not None:
        return []
    before = ctx.text[sent.start_char : cut_start]
    closing = not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp")
                      for c in cue.children if c.i > tok.i) and all(
        t.is_punct or t.is_space or t.dep_ in ("prep", "npadvmod", "advmod", "pobj",
                                             "det", "compound", "amod")
        for t in doc[tok.i + 1 : sent.end])
    if cue.words(sent.start_char, cut_start) >= 3 and closing and (
        any(ch in QUOTE_CHARS for ch in before) or before.rstrip().endswith(",")
    ):
        start, end = trim_span(ctx.text, sent.start_char, cut_start)
        return [(start, end, cue.span)]
    return []


@cue_rule("parenthetical", stage="verb", lexicon="clausal_verbs",
          summary="cue inside the sentence it reports ('X, they say, was ...', 'As X argues, Y')",
          example="The ferry, its owners **say**, was never insured.")
def parenthetical(cue: VerbCue) -> list[Found]:
    tok = cue.tok
    if tok.dep_ == "ROOT" or not is_parenthetical(cue):
        return []
    cut_start, cut_end = parenthetical_cut(cue)
    if adjacent_quote(cue.ctx, cut_start, cut_end) is not None:
        return []
    if [c for c in cue.children if c.dep_ in ("prep", "xcomp") or (
            c.dep_ == "dobj" and cue.lemma not in cue.ctx.lex.object_then_clause_verbs)]:
        return []
    start, end = sentence_minus(cue.doc, cue.sent, cut_start, cut_end)
    return [(start, end, cue.span)] if cue.words(start, end) >= 3 else []


@cue_rule("quote_before_name", stage="verb", lexicon="clausal_verbs",
          summary="a quotation right before the speaker and cue, whatever the parse",
          example='"Nobody was hurt," Fire Chief Ana Ruiz **said** Monday.', rescue=True)
def quote_before_name(cue: VerbCue) -> list[Found]:
    tok, subject, doc, sent = cue.tok, cue.subject, cue.doc, cue.sent
    if cue.how_subject not in ("adjacent", "subject"):
        return []
    first = doc[min(subject.left_edge.i, tok.i)]
    while first.is_punct and first.i < subject.i:
        first = doc[first.i + 1]  # the closing mark can hang on the speaker
    # walk back over the rest of a name phrase the parser split off ("Tulsa police Chief")
    while first.i > sent.start and doc[first.i - 1].pos_ in ("PROPN", "NOUN", "ADJ") and (
            not inside_quote_marks(doc[first.i - 1])):
        first = doc[first.i - 1]
    before = adjacent_quote(cue.ctx, first.idx, None)
    if before is not None and not inside_quote_marks(subject):
        return [(before.start, before.end, cue.span)]
    return []


@cue_rule("quote_after_cue", stage="verb", lexicon="clausal_verbs",
          summary="the cue clause followed by a quotation",
          example='The singer **joked** of the new stadium, "I haven\'t seen it yet, but I will."')
def quote_after_cue(cue: VerbCue) -> list[Found]:
    tok = cue.tok
    clause_end = token_end(tok.right_edge)
    colon = next((c for c in cue.children if c.text == ":"), None)
    if colon is not None:
        clause_end = min(clause_end, colon.idx)
    adjacent = adjacent_quote(cue.ctx, None, clause_end)
    if adjacent is not None and not [c for c in cue.children if c.dep_ in ("dobj",)]:
        return [(adjacent.start, adjacent.end, cue.span)]
    return []
