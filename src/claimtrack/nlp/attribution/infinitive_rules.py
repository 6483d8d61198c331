"""Stage 3e, shapes the core verb rules miss: infinitives of intent and participles,
and report verbs the tagger took for plural nouns.

- "The minister went on to say that ...", "Okafor appeared to suggest that ...": a report
  verb in an infinitive whose speaker is the subject of the verb it completes
  (``subjects.find_subject``, "controlled"; `infinitive_report`).

- "The team said single parents ... would qualify": a that-less complement whose subject
  the parser made the verb's object (`split_complement`).
- "The bridge, officials said in a statement, will reopen": a parenthetical cue with a
  time, place or medium phrase (`parenthetical_circumstance`; `parenthetical` takes
  only a bare cue).
- "..., promising to cut the tax": a trailing participle of a speech verb with an
  infinitive (`participle_infinitive`); the speaker is the subject of the clause it
  hangs on (``subjects.find_subject``, "participle").
- "The council agreed to reopen the pool", "The firm offered to pay": commitment verbs
  (``intent_verbs``) whose infinitive states what the subject commits to
  (`intent_infinitive`); explicit subject only. Attempts, decisions and refusals ("tried
  to", "decided to", "refused to") are left out for their precision on the first 300
  PolNeAR train articles (try 15 of 45 links right, refuse 15 of 19, decide 7 of 10):
  mostly actions the author reports.
- "Shop owners are worried that ...": a feeling adjective with a that-clause
  (`emotion_adjective`, the shape of `stance_adjective` with ``emotion_adjectives``).
- "Trump claims that ...", "The campaign plans to ...": a present-tense report verb that
  the tagger labelled NOUN (NNS) although the parser gave it a subject and a clause or
  infinitive complement (`noun_tagged_verb`). The engine reaches these tokens through
  ``Lexicon.trigger_words`` (the -s forms of the clausal and infinitive verbs), so the
  rule costs nothing on other tokens.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    adjacent_quote,
    clause_content,
    extend_to_quotes,
    inside_quote_marks,
    mode_of,
    sentence_minus,
    token_end,
)
from claimtrack.nlp.attribution.quote_rules import (
    is_parenthetical,
    parenthetical_cut,
    quote_after_cue,
)
from claimtrack.nlp.attribution.rules import RULES, cue_rule
from claimtrack.nlp.attribution.stance_rules import adjective_with_clause
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue
from claimtrack.text import word_count

MIN_CONTENT_WORDS = 3  # "to comment", "to do so": no stance stated
# prepositions of a parenthetical cue's circumstances ("said on Monday", "said in a
# statement", "told reporters at a rally"); "about", "of", "for" name a topic instead
CIRCUMSTANCE_PREPS = frozenset({"in", "on", "at", "during", "after", "before", "to", "from"})


def infinitive(verb: Token, deps: tuple[str, ...] = ("xcomp",)) -> Token | None:
    """The infinitive complement of ``verb`` ("to" + verb), if any."""
    return next((c for c in verb.children if c.dep_ in deps and c.pos_ in ("VERB", "AUX")
                 and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)


def infinitive_content(cue: VerbCue) -> list[Found]:
    comp = infinitive(cue.tok)
    lex = cue.ctx.lex
    if comp is None or cue.lemma in lex.xcomp_needs_clause:
        return []
    if comp.lemma_.lower() in lex.no_content_infinitives:
        return []  # "declined to comment on the delays": no stance stated
    start, end = clause_content(comp)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CONTENT_WORDS else []


@cue_rule("infinitive_report", stage="verb", lexicon="clausal_verbs",
          summary="a report verb in an infinitive (*went on to say*, *appeared to "
                  "suggest*): the subject of the verb it completes; a clause or a "
                  "quotation after it",
          example="The minister went on to **say** that the tax would fall next year.")
def infinitive_report(cue: VerbCue) -> list[Found]:
    return RULES["clausal"].func(cue) or quote_after_cue(cue)  # clausal: a pattern rule


@cue_rule("split_complement", stage="verb", lexicon="clausal_verbs",
          summary="that-less complement whose subject the parser made the verb's object "
                  "(*said single parents ... would qualify*)",
          example="The club **said** season tickets for the new stand would go on sale in "
                  "May.", rescue=True)
def split_complement(cue: VerbCue) -> list[Found]:
    lex, tok = cue.ctx.lex, cue.tok
    if cue.lemma in lex.object_then_clause_verbs or cue.lemma in lex.evidence_verbs:
        return []  # "told the board the plan ...", "showed the town ...": a real object
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > tok.i), None)
    comp = next((c for c in cue.children if c.dep_ == "ccomp" and obj is not None
                 and c.i > obj.i), None)
    if comp is None or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark")
                           for c in comp.children):
        return []
    finite = comp.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ == "aux" and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in comp.children)
    if not finite:
        return []
    start, end = clause_content(obj)
    end = clause_content(comp)[1]
    return [(start, end, cue.span)]


@cue_rule("parenthetical_circumstance", stage="verb", lexicon="clausal_verbs",
          summary="a parenthetical cue with its time, place or medium ('X, officials said "
                  "in a statement, will ...'): the sentence around it",
          example="The bridge, officials **said** in a statement, will reopen in May.")
def parenthetical_circumstance(cue: VerbCue) -> list[Found]:
    tok, lex = cue.tok, cue.ctx.lex
    if tok.dep_ == "ROOT" or not is_parenthetical(cue):
        return []
    preps = [c for c in cue.children if c.dep_ == "prep"]
    if not preps or any(p.lower_ not in CIRCUMSTANCE_PREPS for p in preps):
        return []
    if any(c.dep_ in ("xcomp", "ccomp") or (
            c.dep_ == "dobj" and cue.lemma not in lex.object_then_clause_verbs)
           for c in cue.children):
        return []
    cut_start, cut_end = parenthetical_cut(cue)
    if adjacent_quote(cue.ctx, cut_start, cut_end) is not None:
        return []  # the quotation beside it is the content (parenthetical_quote)
    start, end = sentence_minus(cue.doc, cue.sent, cut_start, cut_end)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CONTENT_WORDS else []


@cue_rule("participle_infinitive", stage="verb", lexicon="xcomp_verbs",
          summary="trailing participle of a speech verb + infinitive; the speaker is the "
                  "subject of the clause it hangs on",
          example="The mayor unveiled the budget on Monday, **promising** to hire forty "
                  "new teachers.")
def participle_infinitive(cue: VerbCue) -> list[Found]:
    if cue.how_subject != "participle" or cue.tok.tag_ != "VBG":
        return []
    return infinitive_content(cue)


@cue_rule("intent_infinitive", stage="verb", lexicon="intent_verbs",
          summary="commitment + infinitive (agree, offer, vote, aim; decline with "
                  "content); explicit subject only",
          example="The regional council **agreed** to reopen the swimming pool next spring.")
def intent_infinitive(cue: VerbCue) -> list[Found]:
    if cue.how_subject not in ("subject", "shared") or cue.subject.lower_ == "it":
        return []
    return infinitive_content(cue)


@cue_rule("noun_tagged_verb", stage="phrase", lexicon="clausal_verbs",
          summary="a report verb tagged as a plural noun but parsed with a subject and a "
                  "clause or infinitive (*claims that*, *plans to*; -s forms of "
                  "`clausal_verbs` and `xcomp_verbs`)",
          example="The opposition leader **claims** that the tender was rigged from the "
                  "start.", rescue=True)
def noun_tagged_verb(tok: Token, ctx: DocContext) -> list[Candidate]:
    lex = ctx.lex
    if tok.tag_ != "NNS" or tok.lower_ not in lex.noun_tagged_verb_forms:
        return []
    children = list(tok.children)
    if any(c.dep_ in ("det", "poss", "amod", "nummod") for c in children):
        return []  # "the claims that ...", "his plans to ...": a noun after all
    subject = next((c for c in children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subject is None and tok.dep_ == "ROOT":
        # "Biden pledges to ...": the name parsed as a compound of the "noun"
        subject = next((c for c in children if c.dep_ == "compound" and c.i == tok.i - 1
                        and c.pos_ == "PROPN"), None)
    elif any(c.dep_ == "compound" for c in children):
        return []  # "Trump plans to ...": "Trump" modifies the noun, a subject is elsewhere
    if subject is None or inside_quote_marks(tok) or subject.lower_ in lex.generic_pronouns:
        return []
    if subject.tag_ in ("WDT", "WP", "EX") or subject.lower_ in ("it", "there", "this"):
        return []
    lemma = lex.noun_tagged_verb_forms[tok.lower_]
    comp = None
    if lemma in lex.clausal_verbs:
        comp = next((c for c in children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if comp is None and lemma in lex.xcomp_verbs and lemma not in lex.xcomp_needs_clause:
        comp = infinitive(tok, ("xcomp", "acl"))  # a noun's infinitive is its "acl"
    if comp is None:
        return []
    start, end = clause_content(comp)
    if word_count(ctx.text[start:end]) < MIN_CONTENT_WORDS:
        return []
    start, end = extend_to_quotes(ctx, start, end)
    return [Candidate(tok.idx, token_end(tok), start, end, "noun_tagged_verb", subject,
                      {tok.i}, mode=mode_of(ctx, start, end))]


@cue_rule("emotion_adjective", stage="phrase", lexicon="emotion_adjectives",
          summary="feeling adjective + that-clause (*are afraid that*, *was pleased that*)",
          example="Shop owners are **worried** that the roadworks will last all summer.")
def emotion_adjective(tok: Token, ctx: DocContext) -> list[Candidate]:
    return adjective_with_clause(tok, ctx, ctx.lex.emotion_adjectives, "emotion_adjective")
