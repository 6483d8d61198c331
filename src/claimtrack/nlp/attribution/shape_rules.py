"""Cue shapes whose speaker or content the parse puts away from the cue verb (issue 10,
"cue known but shape missed" on PolNeAR train):

- "The mayor was quick to point out that ...", "Voters are more likely to say that ...":
  an infinitive cue on a predicate adjective; the speaker is the clause's subject
  (``subjects.find_subject``, "adjective"; `adjective_infinitive`).
- "The scandal forced the chief executive to admit that ...": an infinitive cue whose
  governing verb has an object; the object speaks (``find_subject``, "object";
  `object_control`).
- "The coach brushed off the criticism, telling reporters, "..."": an addressee verb with
  its addressee and the quotation after the clause (`addressee_quote`; `quote_after_cue`
  takes no object, since "praised the plan, "..."" quotes someone else).

- "The senator is calling for the council to resign": a stance verb whose preposition the
  parser made the marker of a for-to clause (`for_clause`; `prep_stance` reads a
  prepositional object).

- "Farmers said in interviews that ...": the that-clause the parser hung on the medium
  noun (`medium_clause`). A function, not a DependencyMatcher pattern: as a pattern its
  cue node matches every verb of the doc and cost about 3 ms an article.
- "As one farmer put it, ..." / "As Lena Park put it: "..."": the idiom *as X put it*,
  whose verb is no report verb alone (`as_put_it`): the quotation after it, else the
  sentence around it.

Each is its own rule id, so its precision on PolNeAR train is measured apart from the
rule whose content builder it shares.
"""

from __future__ import annotations

from claimtrack.nlp.attribution.context import (
    adjacent_quote,
    content_from_tokens,
    sentence_minus,
    token_end,
)
from claimtrack.nlp.attribution.quote_rules import quote_after_cue
from claimtrack.nlp.attribution.rules import RULES, cue_rule
from claimtrack.nlp.attribution.verb_rules import HEARER_VERBS, Found, VerbCue, is_person


@cue_rule("adjective_infinitive", stage="verb", lexicon="clausal_verbs",
          summary="a report verb in an infinitive on a predicate adjective (*was quick to "
                  "point out*, *are more likely to say*): the subject of the clause",
          example="The mayor was quick to **point** out that the budget had been balanced.")
def adjective_infinitive(cue: VerbCue) -> list[Found]:
    return RULES["clausal"].func(cue) or quote_after_cue(cue)  # clausal: a pattern rule


@cue_rule("object_control", stage="verb", lexicon="clausal_verbs",
          summary="a report verb in an infinitive whose governing verb has an object "
                  "(*forced the chief to admit that*): the object is the speaker",
          example="The inquiry forced the chief executive to **admit** that the figures "
                  "were wrong.")
def object_control(cue: VerbCue) -> list[Found]:
    if not is_person(cue.subject, cue.ctx.lex) and cue.subject.pos_ != "PROPN":
        return []  # "led the report to conclude": only a person or a name is made to speak
    return RULES["clausal"].func(cue)


@cue_rule("addressee_quote", stage="verb", lexicon="object_then_clause_verbs",
          summary="an addressee verb with its addressee, then a quotation (*telling "
                  "reporters, \"...\"*)",
          example='The coach shrugged off the defeat, **telling** reporters, "We will be '
                  'fine by the spring."')
def addressee_quote(cue: VerbCue) -> list[Found]:
    obj = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
    if obj is None or not (is_person(obj, cue.ctx.lex) or obj.pos_ == "PROPN"
                           or obj.lower_ in cue.ctx.lex.pronouns_person):
        return []
    return quote_after_cue_with_object(cue)


def quote_after_cue_with_object(cue: VerbCue) -> list[Found]:
    clause_end = token_end(cue.tok.right_edge)
    adjacent = adjacent_quote(cue.ctx, None, clause_end)
    return [(adjacent.start, adjacent.end, cue.span)] if adjacent is not None else []


@cue_rule("for_clause", stage="verb", lexicon="prep_stance_verbs",
          summary="a stance verb with a for-to clause (*calling for the council to "
                  "resign*), its preposition parsed as the clause's marker",
          example="The senator is **calling** for the harbour board to resign.")
def for_clause(cue: VerbCue) -> list[Found]:
    if not cue.explicit_subject:
        return []
    allowed = cue.ctx.lex.prep_stance_verbs[cue.lemma]
    for clause in cue.children:
        if clause.dep_ != "advcl" or clause.pos_ not in ("VERB", "AUX") or clause.i < cue.tok.i:
            continue
        first = clause.left_edge
        if first.dep_ == "mark" and first.lower_ in allowed and first.i == cue.tok.i + 1:
            start, end = content_from_tokens(cue.doc, cue.doc[first.i + 1], clause.right_edge)
            return [(start, end, cue.span)]
    return []


# "as X put it": the idiom's verb and object ("put" alone is an evidence verb: "puts the
# cost at ..."), so the rule names them here rather than in a cue word list
PUT_IT = ("put", "it")


@cue_rule("as_put_it", stage="verb", lexicon=None, lemmas=PUT_IT[:1],
          summary="*as X put it*: the quotation after it, else the sentence around it",
          example="As one farmer **put** it, the river has never been this low.")
def as_put_it(cue: VerbCue) -> list[Found]:
    tok = cue.tok
    if cue.lemma != PUT_IT[0] or cue.how_subject != "subject":
        return []
    if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < cue.subject.i
               for c in cue.children):
        return []
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ != PUT_IT[1] or obj.i != tok.i + 1:
        return []
    if any(c.i > obj.i and c.dep_ != "punct" and c.dep_ not in ("advmod", "npadvmod") and not (
            c.dep_ == "prep" and c.lower_ == "to") for c in cue.children):
        # "as the crew put it in the hold": a placing, not words ("put it privately", "put
        # it last week", "put it to me" still are words)
        return []
    last = max((c.right_edge for c in cue.children if c.i > obj.i and c.dep_ != "punct"),
               key=lambda t: t.i, default=obj)
    cut_start, cut_end = tok.left_edge.idx, token_end(last)
    quote = adjacent_quote(cue.ctx, None, cut_end)
    if quote is not None:
        return [(quote.start, quote.end, cue.span)]
    start, end = sentence_minus(cue.doc, cue.sent, cut_start, cut_end)
    return [(start, end, cue.span)] if cue.words(start, end) >= 3 else []


@cue_rule("medium_clause", stage="verb", lexicon="clausal_verbs",
          summary="the clause after the cue's medium or occasion (*said in interviews that*, "
                  "*wrote in a memo that*), which the parser hung on that noun",
          example="Farmers **said** in interviews that the drought had ruined the harvest.")
def medium_clause(cue: VerbCue) -> list[Found]:
    # the medium of a preposition after the cue, or the hearer of a tell-verb ("told a
    # meeting that ...": the parser hangs the clause on "meeting")
    media = [m for prep in cue.children if prep.dep_ == "prep" and prep.i > cue.tok.i
             for m in prep.children if m.dep_ == "pobj"]
    if cue.lemma in HEARER_VERBS:
        media += [c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.tok.i]
    for medium in media:
        for clause in medium.children:
            # a complement ("that" as its marker), never a relative clause ("that" as
            # its subject or object: "the letter that she sent")
            if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                start, end = content_from_tokens(cue.doc, clause.left_edge,
                                                 clause.right_edge)
                return [(start, end, cue.span)]
    return []
