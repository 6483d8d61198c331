"""Ordinary report verbs (``clausal_verbs``) whose parse breaks the subject / clausal
complement shape, so the rules before found nothing (issue 10; mined on PolNeAR train
1-300, checked on 301-840):

- `recovered_subject`: the cue has no subject because the parser hung the speaker's name
  on a noun before it ("But in a call on Monday, Col. Ana Ruiz, a police spokesman,
  said ..."); the speaker is read from the words before the verb
  (``lost_subjects.recovered_subject``), the content is the clause or the quotation.
- `gerund_clause`: a gerund phrase is the reported clause's subject ("Farmers said
  seeing so many inspectors was a relief"), parsed as the cue's xcomp with the clause
  under it.
- `report_as_head`: the reported clause became the cue's head ("Instead, the mayor told
  reporters, the budget would ...", "... after the minister told the Gazette he was not
  ready"): the clause after the cue's own words.
- `closing_addressee`: a cue closing the sentence with its addressee, parsed as a
  conjunct or with no complement ("The bridge will reopen in May, its chief executive,
  Dana Holt, told the Gazette."): the clause before the comma.

Each keeps its own guards so that a wrong speaker or content is never made: a speaker
that may speak (a name, a person or organisation noun, a personal pronoun), a finite
clause as content, no negation (``verb_rules.NO_NEGATION_RULES``, which also routes a
recovered speaker to its own rule), no question.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import (
    adjacent_quote,
    content_from_tokens,
    ends_in_question,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.lost_subjects import (
    FINITE_TAGS,
    is_finite,
    may_be_speaker,
    recovered_speaker,
)
from claimtrack.nlp.attribution.quote_rules import quote_after_cue
from claimtrack.nlp.attribution.rules import RULES, cue_rule
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue

MIN_CONTENT_WORDS = 3  # "it was", "he did": a stub reports nothing
# what may stand between the cue's words and the clause it reports: "told reporters, the
# budget would ...", "told the Gazette that he was ..."
REPORT_GAP = (",", "that")
# the dependents a closing cue may have after the verb: its addressee, a time, a medium
# ("told a Senate panel on Wednesday", "told the Gazette in an interview")
CLOSING_DEPS = ("dobj", "dative", "npadvmod", "prep", "advmod", "punct")


def finite_clause(tok: Token) -> bool:
    """A verb with a finite form or a modal, the head of a clause that can be reported."""
    return tok.pos_ in ("VERB", "AUX") and (tok.tag_ in FINITE_TAGS or any(
        c.dep_ == "aux" and (c.tag_ in FINITE_TAGS or c.tag_ == "MD") for c in tok.children))


def addressee_only(cue: VerbCue) -> bool:
    """No object, or the addressee of a verb that takes one ("told reporters")."""
    objects = [c for c in cue.children if c.dep_ in ("dobj", "dative")]
    return not objects or cue.lemma in cue.ctx.lex.object_then_clause_verbs


@cue_rule("recovered_subject", stage="verb", lexicon="clausal_verbs",
          summary="a finite cue whose subject the parser hung on a noun before it (*in a "
                  "call on Monday, Col. Ana Ruiz, a police spokesman, said*): the speaker "
                  "phrase right before the verb; the clause or the quotation",
          example="At the briefing on Monday, Col. Ana Ruiz, a police spokesman, **said** "
                  "the suspects had fled.")
def recovered(cue: VerbCue) -> list[Found]:
    if ends_in_question(cue.sent):
        return []
    found = RULES["clausal"].func(cue) or quote_after_cue(cue)
    if found or not addressee_only(cue):
        return found
    quote = adjacent_quote(cue.ctx, None, token_end(cue.tok.right_edge)) or adjacent_quote(
        cue.ctx, cue.doc[recovered_speaker(cue.tok, cue.ctx.lex)[1]].idx, None)
    if quote is not None:  # '... told AFP, "..."' or '"...," Ramos, 58, told AFP.'
        return [(quote.start, quote.end, cue.span)]
    return closing_addressee(cue)  # "..., a spokeswoman, Jo Lee, said on Saturday."


@cue_rule("gerund_clause", stage="verb", lexicon="clausal_verbs",
          summary="a gerund phrase as the reported clause's subject, parsed as the cue's "
                  "xcomp (*said seeing so many inspectors was a relief*)",
          example="Local farmers **said** seeing so many inspectors at the market was a "
                  "welcome change.")
def gerund_clause(cue: VerbCue) -> list[Found]:
    if cue.how_subject not in ("subject", "shared") or not may_be_speaker(
            cue.subject, cue.ctx.lex) or ends_in_question(cue.sent):
        return []
    tok = cue.tok
    gerund = next((c for c in cue.children if c.dep_ == "xcomp" and c.tag_ == "VBG"
                   and c.i == tok.i + 1), None)
    if gerund is None or any(c.dep_ == "aux" for c in gerund.children):
        return []
    if not any(c.dep_ in ("ccomp", "conj") and c.i > gerund.i and finite_clause(c)
               for c in gerund.children):
        return []  # "said hoping for the best": no clause, nothing stated
    start, end = content_from_tokens(cue.doc, gerund, gerund.right_edge)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CONTENT_WORDS else []


@cue_rule("report_as_head", stage="verb", lexicon="clausal_verbs",
          summary="the reported clause parsed as the cue's head (*Instead, the mayor told "
                  "reporters, the budget would ...*): the clause right after the cue's words",
          example="Instead, the mayor **told** reporters, the new budget would merely "
                  "freeze spending.")
def report_as_head(cue: VerbCue) -> list[Found]:
    tok, doc = cue.tok, cue.doc
    if cue.how_subject != "subject" or cue.subject.i > tok.i or not is_finite(tok) or (
            ends_in_question(cue.sent)):
        return []
    head = tok.head
    if tok.dep_ not in ("ccomp", "advcl", "parataxis") or head.i <= tok.right_edge.i or (
            not finite_clause(head)) or not may_be_speaker(cue.subject, cue.ctx.lex):
        return []
    if any(c.dep_ in ("ccomp", "xcomp", "advcl") and c.i > tok.i for c in cue.children) or (
            not addressee_only(cue)):
        return []
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i < tok.i:
        return []
    gap = doc[tok.right_edge.i + 1 : subject.left_edge.i]
    if len(gap) > 1 or (len(gap) == 1 and gap[0].lower_ not in REPORT_GAP):
        return []
    # "After ...", "When ...", "Whenever ...": a subordinating word opens the cue's clause
    marked = any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < tok.i)
                 for c in cue.children)
    if marked and len(gap) == 1 and gap[0].text == ",":
        return []  # "After the mayor told reporters, the crowd left": a time, no report
    start, end = content_from_tokens(doc, subject.left_edge, head.right_edge)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CONTENT_WORDS else []


@cue_rule("closing_addressee", stage="verb", lexicon="clausal_verbs",
          summary="a cue closing the sentence after a comma with its addressee or time, "
                  "parsed with no complement (*..., its chief executive told the Gazette.*): "
                  "the clause before the comma",
          example="The ferry will resume next week, its chief executive, Dana Holt, **told** "
                  "the Harbour Gazette.", rescue=True)
def closing_addressee(cue: VerbCue) -> list[Found]:
    tok, doc, sent, subject = cue.tok, cue.doc, cue.sent, cue.subject
    if cue.how_subject not in ("subject", "recovered") or subject.i > tok.i or not (
            is_finite(tok)) or ends_in_question(sent) or not may_be_speaker(subject, cue.ctx.lex):
        return []
    after = [c for c in cue.children if c.i > tok.i]
    if any(c.dep_ not in CLOSING_DEPS for c in after) or not addressee_only(cue) or not all(
            is_addressee(c, cue.ctx.lex) for c in after if c.dep_ in ("dobj", "dative")):
        return []  # "..., its leader wrote a long letter": a thing written, no report
    if not all(t.is_punct or t.is_space for t in doc[tok.right_edge.i + 1 : sent.end]):
        return []
    phrase_start = subject.left_edge.i
    if cue.how_subject == "recovered":  # "..., her chief of staff, Dana Holt, told ..."
        phrase_start = recovered_speaker(tok, cue.ctx.lex)[1]
    first = doc[min([phrase_start] + [c.left_edge.i for c in cue.children
                                      if c.dep_ not in ("punct", "cc")])]
    comma = doc[first.i - 1] if first.i > sent.start else None
    if comma is None or comma.text != ",":
        return []
    before = doc[sent.start : comma.i]
    # the cue hangs on the clause before (a conjunct of its verb) or heads the sentence;
    # that clause is a main clause: "When the mayor arrived, ...", "Speaking in Paris,
    # ..." report nothing
    if tok.dep_ == "conj":
        if not main_clause_verb(tok.head, before):
            return []
    elif tok.dep_ != "ROOT" or not any(main_clause_verb(t, before) for t in before):
        return []
    start, end = trim_span(cue.ctx.text, sent.start_char, comma.idx)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CONTENT_WORDS else []


def is_addressee(obj: Token, lex) -> bool:
    """Whom a closing cue tells: a name, a person or body ("reporters", "a Senate panel"),
    an outlet ("local radio")."""
    return obj.pos_ == "PROPN" or may_be_speaker(obj, lex) or (
        obj.text.capitalize() in lex.publication_words_cased) or any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in obj.children)


def main_clause_verb(tok: Token, before) -> bool:
    """A finite verb with its own subject in ``before``, heading no subordinate clause
    ("when the mayor arrived") nor a relative one."""
    if not before.start <= tok.i < before.end or not finite_clause(tok) or tok.dep_ in (
            "relcl", "acl", "advcl", "pcomp"):
        return False
    if any(c.dep_ == "mark" for c in tok.children):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")
               and before.start <= c.i < before.end for c in tok.children)
