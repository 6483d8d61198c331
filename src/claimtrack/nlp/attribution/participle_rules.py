"""Cue verbs in gerunds and participles whose speaker sits in the clause they modify
(issue 10, clause and infinitive misses mined on the first 300 PolNeAR train articles):

- "After arguing that the plan failed, the senator ...", "Cruz pivoted to arguing that
  ...", "She ended the speech in saying that ...": a gerund under a preposition of the verb
  it modifies speaks for that verb's subject (``subjects.find_subject``, "gerund";
  `prep_gerund`). "by telling reporters that ..." has long been the participle rule's; a
  gerund under *for* ("criticised him for saying") or *without* is left out: the first
  speaks for the object, the second says nothing.
- "Mr. Lee has turned against free trade, calling for heavy tariffs on imports": a
  trailing participle of a stance verb with its preposition or object takes the subject
  of the verb it hangs on (`participle_stance`; `prep_stance` and `stance_np` want an
  explicit subject). Only that verb's own subject: the nearest subject of another clause
  ("Trump, whose views have upset many, proposed a ban, citing ...") and a place
  ("Utah has long backed Republicans, supporting ...": votes, not a stated stance) speak
  for nobody.

Each is its own rule id, so its precision on PolNeAR train is measured apart from the rule
whose content builder it shares.
"""

from __future__ import annotations

from dataclasses import replace

from claimtrack.nlp.attribution.context import inside_quote_marks
from claimtrack.nlp.attribution.infinitive_rules import infinitive_content
from claimtrack.nlp.attribution.quote_rules import quote_after_cue
from claimtrack.nlp.attribution.rules import RULES, cue_rule
from claimtrack.nlp.attribution.subjects import may_speak
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue


@cue_rule("prep_gerund", stage="verb", lexicon="clausal_verbs",
          summary="a report verb as a gerund under a preposition (*after arguing that*, "
                  "*pivoted to arguing that*): the subject of the verb it modifies",
          example="After **arguing** that the budget was sound, the mayor left the meeting.")
def prep_gerund(cue: VerbCue) -> list[Found]:
    # clausal: a pattern rule
    return RULES["clausal"].func(cue) or infinitive_content(cue) or quote_after_cue(cue)


@cue_rule("participle_stance", stage="verb", lexicon=None,
          summary="a trailing participle of a stance verb with its preposition or object "
                  "(*..., calling for higher tariffs*): the subject of the clause it hangs on",
          example="The senator turned against the treaty, **calling** for new talks with "
                  "the neighbours.")
def participle_stance(cue: VerbCue) -> list[Found]:
    if cue.how_subject not in ("participle", "stance_participle") or cue.tok.tag_ != "VBG":
        return []
    if not subject_of_governing_verb(cue):
        return []  # the nearest subject belongs to another clause ("..., whose views ...")
    lex, stated = cue.ctx.lex, replace(cue, how_subject="subject")
    if cue.lemma in lex.prep_stance_verbs:
        found = RULES["prep_stance"].func(stated)
        if found:
            return found
    if cue.lemma in lex.stance_np_verbs:
        return RULES["stance_np"].func(stated)
    return []


def subject_of_governing_verb(cue: VerbCue) -> bool:
    """The participle's speaker is the subject of the verb it hangs on ("Lee attacked the
    plan, calling for ..."; "Lee won by calling for ..."), not the nearest subject of some
    other clause, and is not a place ("Utah has long backed Republicans, supporting ..."
    is a state's vote, not a stance anyone stated) or a thing ("Oil prices jumped,
    supporting calls for a tax": subjects.may_speak)."""
    tok, subject = cue.tok, cue.subject
    head = tok.head.head if tok.dep_ == "pcomp" else tok.head
    if tok.dep_ == "conj":  # "..., attacking A and calling for B": the first participle's
        head = head.head
    return subject.head == head and subject.dep_ == "nsubj" and subject.ent_type_ != "GPE" and (
        not inside_quote_marks(subject)) and may_speak(subject, cue.ctx.lex)
