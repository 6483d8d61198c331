"""Stage 3d, stance and nominal cues triggered by a noun or adjective, not a verb.

- "The governor is confident that ...", "Officials remain sceptical that ...": a stance
  adjective (``stance_adjectives``) with a clausal complement; the subject holds it.
- "In the governor's view, ...", "in the words of X", "in the eyes of X": a viewpoint
  phrase (``viewpoint_nouns``); the content is the sentence minus the phrase.
- "The union's claim that ...": a speech noun (``nominal_cue_nouns``) with an owner and
  a that-clause; the owner is the source.

The engine calls these for the tokens the lexicon's trigger words pick (one array
lookup per doc), so they cost nothing on other tokens.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    content_from_tokens,
    extend_to_quotes,
    inside_quote_marks,
    mode_of,
    sentence_minus,
    token_end,
)
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.text import word_count

# a viewpoint phrase ends at a comma at most this many tokens after its noun
VIEWPOINT_COMMA_WINDOW = 6
MIN_CONTENT_WORDS = 3  # shorter content is a fragment, not a claim


def speech_outside_quotes(tok: Token) -> bool:
    return not inside_quote_marks(tok)


def candidate(ctx: DocContext, tok: Token, cue_end: int, start: int, end: int, rule: str,
              source_head: Token, exclude: set[int]) -> list[Candidate]:
    if word_count(ctx.text[start:end]) < MIN_CONTENT_WORDS:
        return []
    start, end = extend_to_quotes(ctx, start, end)
    return [Candidate(tok.idx, cue_end, start, end, rule, source_head, exclude,
                      mode=mode_of(ctx, start, end))]


@cue_rule("stance_adjective", stage="phrase", lexicon="stance_adjectives",
          summary="stance adjective + that-clause (*is confident that*, *remain sceptical*)",
          example="The engineers are **confident** that the dam will hold through the storm.")
def stance_adjective(tok: Token, ctx: DocContext) -> list[Candidate]:
    return adjective_with_clause(tok, ctx, ctx.lex.stance_adjectives, "stance_adjective")


def adjective_with_clause(tok: Token, ctx: DocContext, words: frozenset[str], rule: str
                          ) -> list[Candidate]:
    """A predicate adjective from ``words`` with a clausal complement; the subject of
    its verb holds the stance."""
    if tok.lower_ not in words or tok.dep_ != "acomp":
        return []
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    verb = tok.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if clause is None or subject is None or not speech_outside_quotes(tok):
        return []
    if any(c.dep_ == "neg" for c in verb.children) or subject.lower_ in ctx.lex.generic_pronouns:
        return []  # "is not sure that": no stance taken
    start, end = content_from_tokens(tok.doc, clause.left_edge, clause.right_edge)
    return candidate(ctx, tok, token_end(tok), start, end, rule, subject, {verb.i, tok.i})


def set_off(prep: Token) -> bool:
    """The phrase stands apart as a comment on the sentence: it opens it (after a "But"
    or "And") or follows a comma or dash, never a verb that takes it ("believed in her
    judgment", "put the idea in the public's mind", "summed up in the words of X")."""
    doc, sent = prep.doc, prep.sent
    before = doc[sent.start : prep.i]
    return all(t.dep_ in ("cc", "advmod", "punct") or t.is_space for t in before) or (
        doc[prep.i - 1].text in (",", "—", "–", "(", ";"))


@cue_rule("viewpoint", stage="phrase", lexicon="viewpoint_nouns",
          summary="*in X's view*, *in the words of X*, *in the eyes of X*",
          example="**In the words of** one farmer, the river has never been this low.")
def viewpoint(tok: Token, ctx: DocContext) -> list[Candidate]:
    if tok.lower_ not in ctx.lex.viewpoint_nouns or tok.dep_ != "pobj":
        return []
    prep = tok.head
    if prep.lower_ != "in" or not speech_outside_quotes(tok) or not set_off(prep):
        return []
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    cue_end = token_end(tok)
    if owner is None:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        cue_end = token_end(of) if of is not None else cue_end
    if owner is None or owner.lower_ in ("my", "our", "your"):
        return []
    doc, sent = tok.doc, tok.sent
    phrase_end = token_end(tok.right_edge)
    for t in doc[tok.right_edge.i + 1 : min(tok.right_edge.i + VIEWPOINT_COMMA_WINDOW,
                                             sent.end)]:
        if t.text in (",", ";", ":"):
            phrase_end = t.idx
            break
    start, end = sentence_minus(doc, sent, prep.idx, phrase_end)
    if prep.idx < start and end <= phrase_end:
        return []
    case = {c.i for c in owner.children if c.tag_ == "POS"}  # "the governor's"
    return candidate(ctx, prep, cue_end, start, end, "viewpoint", owner, case)


@cue_rule("nominal_cue", stage="phrase", lexicon="nominal_cue_nouns",
          summary="X's claim / warning / estimate that ...: the owner is the source",
          example="The union's **claim** that wages fell by a tenth was disputed by the firm.")
def nominal_cue(tok: Token, ctx: DocContext) -> list[Candidate]:
    if tok.lemma_.lower() not in ctx.lex.nominal_cue_nouns or tok.pos_ != "NOUN":
        return []
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i
                   and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if owner is None or clause is None or not speech_outside_quotes(tok):
        return []
    if owner.lower_ in ("my", "our", "your", "its"):
        return []
    start, end = content_from_tokens(tok.doc, clause.left_edge, clause.right_edge)
    case = {c.i for c in owner.children if c.tag_ == "POS"}
    return candidate(ctx, tok, token_end(tok), start, end, "nominal_cue", owner, {tok.i} | case)

