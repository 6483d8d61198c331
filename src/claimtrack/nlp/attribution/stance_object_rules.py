"""Stance verbs whose content is an object with its predicate or a gerund (issue 10,
coverage item 5; mined on PolNeAR train 1-300, checked on 301-840; docs/attribution.md,
"Stance with a predicate or a gerund"):

- "The stadium is considered unsafe by the city's engineers", "The reform was seen by
  many teachers as an attack on their pay", "The mayor has been criticized by residents
  for ignoring the flooding" (`passive_stance`): a stance verb (``stance_as_verbs``,
  ``charge_verbs``) in the passive with its agent, who holds the stance, and a predicate
  (an object predicate, an *as* phrase or clause, the charge's preposition). The content
  is the passive subject through the predicate. Without a predicate ``passive_np`` takes
  the noun alone; without an agent there is no holder and nothing is made.
- "The minister suggested raising the fuel tax", "Several councillors have considered
  closing the library" (`gerund_content`): a verb from ``gerund_content_verbs`` whose
  complement is a gerund clause (the parser's ``xcomp`` or ``dobj`` tagged VBG with no
  subject of its own): the clause is the content; an explicit subject only.

Both make nothing when asked, still to come or only supposed (``speech_np_rules.asked``);
a negated gerund states no stance ("has not considered raising": ``verb_rules.
NO_NEGATION_RULES``), a negated predicate still does ("is not seen as a threat by").
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import clause_content, content_from_tokens
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.speech_np_rules import asked
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue, as_predicate

MIN_PASSIVE_STANCE_WORDS = 3  # "It is seen as X" holds more than a stub
MIN_GERUND_WORDS = 2  # "suggested waiting": one word says what, not what of


def passive_theme(cue: VerbCue) -> Token | None:
    """The thing the stance is about: the passive subject, or the noun a participle
    describes ("an option seen by organisers as a lifeboat")."""
    tok = cue.tok
    theme = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if theme is None and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return theme


def passive_predicate(cue: VerbCue, agent: Token) -> Token | None:
    """The predicate of a passive stance: an object predicate or *as* phrase on the verb
    (or on the agent's noun, where the parser may hang it), or the charge preposition."""
    pred = as_predicate(cue.children, None)
    if pred is not None:
        return pred
    allowed = {"as"} | cue.ctx.lex.charge_verbs.get(cue.lemma, frozenset())
    noun = next((c for c in agent.children if c.dep_ == "pobj"), None)
    return next((c for c in (*cue.children, *(noun.children if noun is not None else ()))
                 if c.dep_ == "prep" and c.lower_ in allowed and c.i > agent.i
                 and any(g.dep_ in ("pobj", "pcomp") for g in c.children)), None)


@cue_rule("passive_stance", stage="verb", lexicon=None,
          summary="a stance verb in the passive with its agent and a predicate (*is "
                  "considered unsafe by*, *was seen by X as*, *criticized by X for*): the "
                  "agent holds the stance; the passive subject through the predicate",
          example="The stadium is **considered** unsafe by the city's own engineers.")
def passive_stance(cue: VerbCue) -> list[Found]:
    lex = cue.ctx.lex
    if cue.how_subject != "agent" or asked(cue) or (
            cue.lemma not in lex.stance_as_verbs and cue.lemma not in lex.charge_verbs):
        return []
    if any(c.dep_ == "conj" for c in cue.subject.children):
        return []  # "seen by Lee and Gomez as": the source would name one of two
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    theme = passive_theme(cue)
    if agent is None or theme is None:
        return []
    pred = passive_predicate(cue, agent)
    if pred is None:
        return []
    first = theme.left_edge if theme.i < cue.tok.i else cue.tok
    start, end = content_from_tokens(cue.doc, first, pred.right_edge)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_PASSIVE_STANCE_WORDS else []


@cue_rule("gerund_content", stage="verb", lexicon="gerund_content_verbs",
          summary="a stance or speech verb + a gerund clause (*suggested raising the "
                  "tax*, *opposed closing the pier*): the clause; explicit subject",
          example="The minister **suggested** raising the fuel tax to pay for the repairs.")
def gerund_content(cue: VerbCue) -> list[Found]:
    if not cue.explicit_subject or asked(cue):
        return []
    for c in cue.children:
        if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG" and c.i > cue.tok.i and not any(
                g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            start, end = clause_content(c)
            return [(start, end, cue.span)] if cue.words(start, end) >= MIN_GERUND_WORDS else []
    return []

