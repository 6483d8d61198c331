"""Stage 3a, verb cues whose content is an object: a stance on a thing ("has endorsed the
governor's plan", ``stance_np``), a stance with an object predicate ("describe the plan
as reckless", "what economists call spending", ``stance_as``), a stance verb and its
preposition ("called for a review", ``prep_stance``) and a document's object ("the audit
highlighted overdue repairs", ``np_content``). Split from verb_rules.py, which keeps the
shared guards and the clause and quotation rules.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import (
    content_from_tokens,
    subtree_span,
    trim_span,
)
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.sources import is_document_noun
from claimtrack.nlp.attribution.subjects import is_document_like, may_speak
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue, is_person

MIN_NAMING_WORDS = 3  # "called Lee" names a person; "called Lee a liar" takes a stance


@cue_rule("stance_as", stage="verb", lexicon="stance_as_verbs",
          summary="stance verb + object + *as* predicate",
          example="The plan, which critics **describe** as reckless, passed.")
def stance_as(cue: VerbCue) -> list[Found]:
    tok, doc = cue.tok, cue.doc
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return []  # "the data now considered a requirement": a passive, nobody holds it
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    pred = as_predicate(cue.children, obj)
    if pred is None:
        return []
    if obj is None:
        return object_as_predicate(cue, pred)
    if obj.lower_ in ("what", "whatever"):  # "what economists call spending"
        start, end = content_from_tokens(doc, obj, pred.right_edge)
        return [(start, end, cue.span)]
    if pred.dep_ != "oprd" and cue.lemma in cue.ctx.lex.stance_as_needs_object_predicate:
        return []  # "considering a run as an independent": a role, not a stance
    if pred.head is not tok or pred.dep_ == "advcl":
        # the parser's less usual attachments: a participle's noun must be a speaker
        # ("the caucuses portraying X as ...": a time, not a source)
        if cue.how_subject == "acl" and not may_speak(cue.subject, cue.ctx.lex):
            return []
    if obj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        start, end = subtree_span(tok.head)
    else:
        first = doc[min(obj.left_edge.i, pred.left_edge.i)]
        last = doc[max(obj.right_edge.i, pred.right_edge.i)]
        start, end = content_from_tokens(doc, first, last)
    return [(start, end, cue.span)]


def object_as_predicate(cue: VerbCue, pred: Token) -> list[Found]:
    """"called Clinton, his rival, a liar": the parser takes the object for the predicate
    and hangs the rest on it; its subtree holds both. Active voice only ("was called a
    liar" has no holder), at least MIN_NAMING_WORDS words."""
    if pred.dep_ != "oprd" or pred.pos_ not in ("NOUN", "PROPN") or any(
            c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
        return []
    start, end = subtree_span(pred)
    return [(start, end, cue.span)] if cue.words(start, end) >= MIN_NAMING_WORDS else []


def as_predicate(children: list[Token], obj: Token | None) -> Token | None:
    """The predicate a stance verb gives its object: an object predicate ("called it a
    mistake", "considered it too risky"), an *as* phrase on the verb ("see X as Y"), the
    *as* phrase the parser hangs on the object ("see [X as Y]") or an *as* clause ("sees
    X as misled by ..."); an *as* clause with its own subject is a time ("saw the
    crowd as it marched past")."""
    for c in children:
        if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") or (
                c.dep_ == "advcl" and c.pos_ in ("VERB", "ADJ") and any(
                    m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
                and not any(m.dep_ in ("nsubj", "nsubjpass") for m in c.children)):
            return c
    if obj is not None:
        return next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "as"
                     and c.i > obj.i), None)
    return None


@cue_rule("np_content", stage="verb", lexicon="np_content_verbs",
          summary="document verb + object (show/find need a document-like or named subject)",
          example="An audit by the council **highlighted** several overdue repairs.")
def np_content(cue: VerbCue) -> list[Found]:
    lex = cue.ctx.lex
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or (cue.lemma in lex.np_content_needs_document_subject
                       and not is_document_like(cue.subject, lex)):
        return []
    # "the poll shows Lee with 47 percent", "polls show him leading Park": the object
    # and what a document puts it at (only a document noun's show/find: "Lee found him
    # with the keys" is no finding)
    standing = [c for c in cue.children if c.i > obj.i and (
        c.dep_ in ("xcomp", "oprd") or c.dep_ == "prep" and c.lower_ == "with")] if (
        cue.lemma in lex.np_content_needs_document_subject
        and is_document_noun(cue.subject, lex)) else []
    if obj.pos_ not in ("NOUN", "PROPN", "NUM") and not (standing and obj.pos_ == "PRON"):
        return []
    if standing:
        start, end = content_from_tokens(cue.doc, obj.left_edge, standing[-1].right_edge)
    else:
        start, end = trim_span(cue.ctx.text, *subtree_span(obj))
    return [(start, end, cue.span)] if cue.words(start, end) >= 2 else []


@cue_rule("stance_np", stage="verb", lexicon="stance_np_verbs",
          summary="stance on a thing (explicit subject; some verbs need 2-3 words of object)",
          example="The senator has **endorsed** the governor's housing plan.")
def stance_np(cue: VerbCue) -> list[Found]:
    if not cue.explicit_subject:
        return []
    doc, children = cue.doc, cue.children
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "NUM") or obj.tag_ in ("WP", "WDT"):
        return []
    if cue.lemma in cue.ctx.lex.greeting_verbs and (is_person(obj, cue.ctx.lex) or any(
            c.dep_ == "prep" and c.lower_ == "to" for c in children)):
        return []  # "welcomed the delegates to the summit": a greeting, not a stance
    parts = [obj] + [c for c in children if c.i > obj.i and (
        c.dep_ in ("oprd", "ccomp") or (c.dep_ == "prep" and c.lower_ in (
            "as", "of", "for", "to", "with")))]
    first = doc[min(p.left_edge.i for p in parts)]
    last = doc[max(p.right_edge.i for p in parts)]
    start, end = content_from_tokens(doc, first, last)
    minimum = cue.ctx.lex.stance_np_min_words.get(cue.lemma, 1)
    return [(start, end, cue.span)] if cue.words(start, end) >= minimum else []


@cue_rule("prep_stance", stage="verb", lexicon="prep_stance_verbs",
          summary="stance verb + its preposition (`call for`, `push for`)",
          example="Teachers have **called** for a review of the exam rules.")
def prep_stance(cue: VerbCue) -> list[Found]:
    if not cue.explicit_subject:
        return []
    lex = cue.ctx.lex
    return prep_object(cue, lex.prep_stance_verbs[cue.lemma],
                       lex.prep_stance_min_words.get(cue.lemma, 2))


def prep_object(cue: VerbCue, allowed: frozenset[str], minimum: int) -> list[Found]:
    """The object of the cue's preposition from ``allowed`` ("called for a review"), at
    least ``minimum`` words."""
    doc, children = cue.doc, cue.children
    for prep in children:
        if prep.dep_ not in ("prep", "prt") or prep.lower_ not in allowed:
            continue
        target = prep
        if prep.dep_ == "prt":
            target = next((c for c in children if c.dep_ == "prep"), None)
            if target is None:
                continue
        obj = next((c for c in target.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            continue
        if obj.dep_ == "pcomp" and obj.left_edge.lower_ in ("what", "whatever"):
            continue  # "spoke openly about what was happening": no stance stated
        start, end = content_from_tokens(doc, obj.left_edge, obj.right_edge)
        if cue.words(start, end) >= minimum:
            return [(start, end, cue.span)]
    return []
