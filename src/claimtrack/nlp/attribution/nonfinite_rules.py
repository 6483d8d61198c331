"""Report verbs with a prepositional content, finite or not (issue 10; mined on PolNeAR
train 1-300, checked on 301-840; docs/attribution.md, "Charges and made it clear"):

- "Lee accused him of sexism", "..., accusing her of being asleep", "took to Twitter to
  accuse the governor of lying", "blamed the council for the delays": a charge verb
  (``charge_verbs``: verb -> prepositions) with its object and the preposition's phrase
  (`charge_object`); the object may be a pronoun (``stance_np`` takes nouns only). The
  speaker is an explicit subject, a participle's or gerund's, or the subject of a verb
  after which the infinitive happened (``occurred_infinitive_heads``: went on to, took to
  Twitter to, came out to; never "declined to", "plans to"). The passive with no accuser
  ("was accused of fraud") has no speaker and makes nothing.
- "The minister made it clear that taxes would not rise" (`made_clear`): *make (it)
  clear* + a clause, the speaker a name, a person or organisation noun or a personal
  pronoun ("the primary made it clear", "Cairo made this clear" are events showing).

Each is its own rule id so its precision on PolNeAR train is measured apart; both make
nothing when negated (``verb_rules.NO_NEGATION_RULES``) or in a question. Speech verbs
with a noun-phrase content as infinitives and gerunds ("went on to discuss", "by talking
about") were measured and left out (what they add on train: 5 right, 1 wrong, and most of
their links repeat the main verb's source).
"""

from __future__ import annotations

from claimtrack.nlp.attribution.context import clause_content, content_from_tokens
from claimtrack.nlp.attribution.participle_rules import subject_of_governing_verb
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.speech_np_rules import asked, thing_relative
from claimtrack.nlp.attribution.verb_rules import (
    NONFINITE_HOWS,
    Found,
    VerbCue,
    is_person,
)

# how subjects.find_subject found a speaker that charge_object accepts: an explicit or
# shared subject, a trailing or by- participle, a gerund under a preposition, a subject
# controlling an infinitive
EXPLICIT_HOWS = ("subject", "shared")
NONFINITE_HOWS["charge_object"] = frozenset({"controlled", "participle", "gerund",
                                             *EXPLICIT_HOWS})
MIN_CHARGE_WORDS = 3  # "accused him of it": a pronoun stub says nothing


def happened(cue: VerbCue) -> bool:
    """The speaker's non-finite speech took place: a controlled infinitive under a verb of
    sequence or manner ("went on to", "took to Twitter to"), a gerund under a preposition
    (``subjects.gerund_speaker`` checked its speaker), or a participle whose speaker is the
    subject of the verb it hangs on."""
    tok = cue.tok
    if cue.how_subject == "controlled":
        return tok.head.lemma_.lower() in cue.ctx.lex.occurred_infinitive_heads
    return tok.dep_ == "pcomp" or subject_of_governing_verb(cue)


@cue_rule("charge_object", stage="verb", lexicon="charge_verbs",
          summary="a charge verb + object + its preposition (*accused him of sexism*, "
                  "*blamed the council for*), finite or not: object and phrase",
          example="Ms. Okafor **accused** him of ignoring the flood warnings.")
def charge_object(cue: VerbCue) -> list[Found]:
    if asked(cue) or thing_relative(cue) or cue.subject.lower_ == "it":
        return []
    if cue.how_subject not in EXPLICIT_HOWS and not happened(cue):
        return []
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ in ("WP", "WDT"):
        return []
    allowed = cue.ctx.lex.charge_verbs[cue.lemma]
    # the parser hangs the phrase on the verb or on the object ("the governor of lying")
    prep = next((c for c in (*cue.children, *obj.children) if c.dep_ == "prep"
                 and c.lower_ in allowed and c.i > obj.i), None)
    if prep is None or not any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        return []
    start, end = content_from_tokens(cue.doc, obj.left_edge, prep.right_edge)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_CHARGE_WORDS else []


MAKE, CLEAR = "make", "clear"
PLACE_OR_EVENT = ("GPE", "LOC", "FAC", "EVENT", "DATE")


def may_make_clear(subject, lex) -> bool:
    """A speaker: a name (not a place or an event), a person or organisation noun, a
    personal pronoun; "it", "this", "the primary", "Cairo" make things clear by events."""
    if subject.ent_type_ in PLACE_OR_EVENT:
        return False
    if subject.pos_ == "PROPN":
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in lex.pronouns_person or subject.lower_ in lex.pronouns_plural
    lemma = subject.lemma_.lower()
    return is_person(subject, lex) or lemma in lex.organization_words or (
        lemma in lex.person_titles)


@cue_rule("made_clear", stage="verb", lexicon=None, lemmas=(MAKE,),
          summary="*made (it) clear (that)* + a clause: the clause; explicit subject",
          example="The minister **made** it clear that taxes would not rise this year.")
def made_clear(cue: VerbCue) -> list[Found]:
    if cue.lemma != MAKE or cue.how_subject not in EXPLICIT_HOWS or asked(cue):
        return []
    if not may_make_clear(cue.subject, cue.ctx.lex):
        return []  # "The primary made it clear that ...": an event shows, nobody says
    clear = next((c for c in cue.children if c.lower_ == CLEAR and c.i > cue.tok.i), None)
    if clear is None:
        return []
    clause = next((c for c in (*cue.children, *clear.children)
                   if c.dep_ in ("ccomp", "advcl", "csubj") and c.i > clear.i
                   and c.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        return []
    start, end = clause_content(clause)
    return [(start, end, cue.span)] if cue.words(start, end) >= 3 else []

