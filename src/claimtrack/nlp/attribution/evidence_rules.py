"""Stage 3a, verb cues: evidence that places a thing at a value.

"The survey puts the governor at 38 percent", "census figures put unemployment at 5.1
percent", "a Gallup poll puts ...": the document or data states the figure, so it is the
source (a named publisher is resolved as for every report: "Gallup" with "Gallup poll" as
description). Precision guards: the subject is a document, data or an organisation, never a
person or a pronoun ("She puts the keys on the table", "the coach put him on the bench"),
and the "at" object holds a number ("puts the blame at the door" is no estimate).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import content_from_tokens
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue

# entity labels of a value an estimate puts something at
VALUE_LABELS = ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")


def _is_evidence(subject: Token, lex) -> bool:
    """A document, data or an organisation: what publishes an estimate."""
    lemma, low = subject.lemma_.lower(), subject.lower_
    if subject.pos_ == "PRON" or lemma in lex.person_words or low in lex.person_words:
        return False
    if subject.ent_type_ in ("PERSON", "NORP"):
        return False
    if lemma in lex.document_nouns or low in lex.document_nouns:
        return True
    return subject.ent_type_ == "ORG" or subject.text in lex.pollsters


def _holds_value(tok: Token) -> bool:
    return any(t.like_num or t.ent_type_ in VALUE_LABELS for t in tok.subtree)


@cue_rule("evidence_value", stage="verb", lexicon="value_verbs",
          summary="a document, data or an organisation puts a thing at a value "
                  "(`value_verbs` + their preposition; never a person)",
          example="A county survey **puts** the jobless rate at 6 percent.")
def evidence_value(cue: VerbCue) -> list[Found]:
    if cue.how_subject != "subject" or not _is_evidence(cue.subject, cue.ctx.lex):
        return []
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    allowed = cue.ctx.lex.value_verbs[cue.lemma]
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in allowed
                 and obj is not None and c.i > obj.i), None)
    if obj is None or prep is None or not _holds_value(prep):
        return []
    start, end = content_from_tokens(cue.doc, obj.left_edge, prep.right_edge)
    return [(start, end, cue.span)]
