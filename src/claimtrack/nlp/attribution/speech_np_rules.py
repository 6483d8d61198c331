"""Speech acts whose content is a noun phrase (issue 10, "phrase" misses on PolNeAR train):

- "The minister noted the rise in exports", "The two mayors discussed the cost of the
  bridge", "Critics deemed the deal a giveaway": a verb whose act is saying, claiming
  or judging something (``speech_np_verbs``, each with the fewest object words it needs),
  its object (and an *as*/predicate phrase after it) the content (`speech_np`);
  announce and unveil only with a proposal noun ("unveiled a plan", "announced her
  support for": ``speech_np_plan_verbs``, ``proposal_nouns``).
- "The senator spoke about the need for tighter border checks", "Residents talked of
  moving away": a verb of speaking with its topic preposition (``speech_topic_verbs``:
  verb -> prepositions); the prepositional object is the content (`speech_topic`).

Both need an explicit subject and make nothing when negated ("did not discuss the
budget": ``verb_rules.NO_NEGATION_RULES``). Reported actions with a noun-phrase object
("endorsed the mayor", "announced snap elections", "posted a video") stay out on purpose:
they are events, not claims (docs/attribution.md, "Speech acts with noun-phrase content").
They come last in the verb stage (``rules.ORDER``), so a clause, a quotation or a colon
after the same verb keeps its own rule.
"""

from __future__ import annotations

from claimtrack.nlp.attribution.context import (
    content_from_tokens,
    ends_in_question,
    token_end,
)
from claimtrack.nlp.attribution.object_rules import prep_object, stance_np
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.subjects import may_speak
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue, is_person

THING_RELATIVES = ("that", "which")
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})  # "wo" of "won't"
SUPPOSING_MARKS = frozenset({"if", "unless"})
# "This article discusses ...": the author's own piece, never a source
OWN_PIECE_NOUNS = frozenset({"article", "column", "story", "piece", "essay", "post", "op-ed",
                             "editorial", "newsletter", "report"})
NOT_PERSON_ENTITIES = ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "NORP")


def thing_relative(cue: VerbCue) -> bool:
    """The subject is "that" or "which" of a relative clause: a thing speaks ("the stories
    that reflect on ...", "a speech that explains ..."), not a speaker ("who")."""
    return cue.subject.lower_ in THING_RELATIVES and cue.tok.dep_ == "relcl"


def asked(cue: VerbCue) -> bool:
    """Nothing was said yet: the cue's sentence is a question ("Did the minister discuss
    the budget?"), or the act is still to come or only supposed ("will discuss the
    proposal next week", "If the minister discusses the budget, ..."). A clause after the
    verb can carry a stance already held ("will argue that ..."); a bare noun phrase
    cannot, so these rules take none of them."""
    if ends_in_question(cue.sent):
        return True
    verb = cue.tok
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES
               or c.dep_ == "mark" and c.lower_ in SUPPOSING_MARKS for c in verb.children)


def thing_speaks(cue: VerbCue) -> bool:
    """The subject is a thing, not a speaker ("The table below states the figures", "The
    film reflects on loss"; subjects.may_speak), or the author's own piece ("This article
    discusses ...")."""
    subject = cue.subject
    if not may_speak(subject, cue.ctx.lex):
        return True
    return subject.lemma_.lower() in OWN_PIECE_NOUNS and any(
        c.dep_ == "det" and c.lower_ in ("this", "these") for c in subject.children)


def speaks_as_person(cue: VerbCue) -> bool:
    """A person speaks: a name, a person word or a personal pronoun ("the choir recalled
    the soloist" and "the carmaker recalled 5,000 vans" are no memories told)."""
    subject, lex = cue.subject, cue.ctx.lex
    if subject.pos_ == "PROPN":  # a name the recogniser missed is a person's, not a firm's
        return subject.ent_type_ not in NOT_PERSON_ENTITIES
    return subject.lower_ in lex.pronouns_person or is_person(subject, lex)


@cue_rule("speech_np", stage="verb", lexicon="speech_np_verbs",
          summary="a speech act with a noun-phrase object (*discussed the cost*, *noted the "
                  "rise in*, *deemed X a Y*); explicit subject, some verbs need 3 words",
          example="Finance minister Clara Holt **noted** the steady rise in exports over the "
                  "summer.")
def speech_np(cue: VerbCue) -> list[Found]:
    lex = cue.ctx.lex
    if thing_relative(cue) or asked(cue) or thing_speaks(cue) or (
            cue.lemma in lex.speech_np_person_verbs and not speaks_as_person(cue)):
        return []
    found = stance_np(cue)
    if cue.lemma in lex.speech_np_plan_verbs and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex.proposal_nouns for c in cue.children):
        return []  # "announced a plan", never "announced snap elections" (an event)
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if found and len(objects) > 1:  # "deemed the pier a danger": the parser's two objects
        start, _, span = found[0]
        found = [(start, max(found[0][1], token_end(objects[-1].right_edge)), span)]
    minimum = lex.speech_np_verbs[cue.lemma]
    return [f for f in found if cue.words(f[0], f[1]) >= minimum]


@cue_rule("speech_topic", stage="verb", lexicon="speech_topic_verbs",
          summary="a verb of speaking + its topic preposition (*spoke about*, *talked of*, "
                  "*reflected on*): the topic",
          example="The fire chief **spoke** about the need for a second station.")
def speech_topic(cue: VerbCue) -> list[Found]:
    if not cue.explicit_subject or thing_relative(cue) or asked(cue) or thing_speaks(cue):
        return []
    return prep_object(cue, cue.ctx.lex.speech_topic_verbs[cue.lemma], 2)


# "said so", "said yes", "said the same of X": the words that stand for what was said
PRO_FORMS = frozenset({"so", "yes", "no", "same"})
SAY = "say"


@cue_rule("say_pro_form", stage="verb", lexicon=None, lemmas=(SAY,),
          summary="*say so / yes / no / the same (of X)*: the pro-form (and its phrase) "
                  "stands for the content; explicit subject",
          example="Asked whether the pier was safe, the harbour master **said** no.")
def say_pro_form(cue: VerbCue) -> list[Found]:
    if cue.lemma != SAY or not cue.explicit_subject or asked(cue):
        return []
    for c in cue.children:
        if c.i > cue.tok.i and c.lower_ in PRO_FORMS and c.dep_ in ("dobj", "intj", "advmod"):
            start, end = content_from_tokens(cue.doc, c.left_edge, c.right_edge)
            return [(start, end, cue.span)]
    return []


# the word lists whose verbs take a noun-phrase content that the passive puts first; not
# speech_np_verbs: "was explained by the rules", "was stated by the law" name causes
PASSIVE_LISTS = ("stance_np_verbs", "np_content_verbs")
MIN_PASSIVE_WORDS = 2  # "it was reported by ...": a one-word theme is a pronoun or a stub


@cue_rule("passive_np", stage="verb", lexicon=None,
          summary="a noun-phrase cue verb in the passive with its agent (*was first reported "
                  "by*, *a bill opposed by the unions*): the passive subject or the noun "
                  "the participle describes",
          example="The merger was first **reported** by the Harbour Gazette.")
def passive_np(cue: VerbCue) -> list[Found]:
    lex, tok = cue.ctx.lex, cue.tok
    if cue.how_subject != "agent" or asked(cue) or not any(
            cue.lemma in lex[k] for k in PASSIVE_LISTS):
        return []
    if cue.lemma in lex.greeting_verbs:
        return []  # "was welcomed by the allies": a greeting or a reception, not a stance
    if any(c.dep_ == "conj" for c in cue.subject.children):
        return []  # "praised by Anna Lee and Maria Gomez": the source would name one of two
    theme = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if theme is None and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        theme = tok.head  # "the bill, opposed by the unions, ..."
        start, end = content_from_tokens(cue.doc, theme.left_edge, theme)
    elif theme is not None and theme.pos_ in ("NOUN", "PROPN"):
        start, end = content_from_tokens(cue.doc, theme.left_edge, theme.right_edge)
    else:
        return []
    if any(t.dep_ in ("acl", "ccomp") and t.pos_ in ("VERB", "AUX") and t.i != tok.i
           for t in theme.subtree):
        return []  # "the union's claim that wages fell was disputed by": the report inside
    minimum = max(MIN_PASSIVE_WORDS, lex.stance_np_min_words.get(cue.lemma, 1))
    return [(start, end, cue.span)] if cue.words(start, end) >= minimum else []
