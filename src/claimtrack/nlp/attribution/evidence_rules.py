"""Stage 3a, verb cues: evidence that places a thing at a value.

"The survey puts the governor at 38 percent", "census figures put unemployment at 5.1
percent", "a Gallup poll puts ...": the document or data states the figure, so it is the
source (a named publisher is resolved as for every report: "Gallup" with "Gallup poll" as
description). Precision guards: the subject is a document, data or an organisation, never a
person or a pronoun ("She puts the keys on the table", "the coach put him on the bench"),
and the "at" object holds a number ("puts the blame at the door" is no estimate).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    content_from_tokens,
    extend_to_quotes,
    inside_quote_marks,
    mode_of,
    sentence_minus,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.polls import names_its_maker, share_subject
from claimtrack.nlp.attribution.rules import cue_rule
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue
from claimtrack.text import word_count

# entity labels of a value an estimate puts something at
VALUE_LABELS = ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")
MIN_FINDING_WORDS = 3  # "In the poll, Lee." is no finding


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


# modals of a poll answer: "would vote for Lee" is the respondents' stated choice
INTENT_MODALS = ("would", "will", "'d", "'ll")
# a share's preference content: the object or prepositional phrase, its predicate
PREFERENCE_DEPS = ("dobj", "xcomp", "oprd", "advmod", "prep")


@cue_rule("share_preference", stage="verb", lexicon="share_preference_verbs",
          summary="a poll share prefers, votes, approves (`share_preference_verbs`): the "
                  "poll that names its maker, else the share (as for *42 percent say*)",
          example="Among nurses, 41 percent would **vote** for the mayor again.")
def share_preference(cue: VerbCue) -> list[Found]:
    lex = cue.ctx.lex
    if share_subject(cue.tok) is None or cue.how_subject != "subject":
        return []
    if cue.lemma in lex.share_intent_only_verbs and not any(
            c.dep_ == "aux" and c.lower_ in INTENT_MODALS for c in cue.children):
        return []  # "48 percent chose Lee": a tally, not a stated choice
    allowed = lex.share_preference_verbs[cue.lemma]
    obj = next((c for c in cue.children if c.dep_ == "dobj" and "" in allowed), None)
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in allowed
                 and c.i > cue.tok.i), None)
    target = obj if obj is not None else prep
    if target is None:
        return []
    if cue.lemma in ("view", "see") and not any(
            c.dep_ == "advmod" and c.lower_ in lex.poll_finding_words for c in cue.children):
        return []  # "viewed him favorably" is a rating; "viewed the site" is not
    parts = [c for c in cue.children if c.i >= target.i and c.dep_ in PREFERENCE_DEPS and (
        c.dep_ != "prep" or c.lower_ in allowed)]
    first = target.left_edge if target is obj else next(
        (g for g in target.children if g.dep_ in ("pobj", "pcomp")), target).left_edge
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    start, end = content_from_tokens(cue.doc, first, last)
    return [(start, end, cue.span)] if end > start else []

# the phrase reporting a finding may close on a comma this many tokens after its noun
# ("In a Gazette poll released on Monday by the university, ...")
POLL_PHRASE_COMMA_WINDOW = 12
# clauses that are background to the sentence, not its report: "Lee, who leads in a
# Gazette poll, ..." says nothing the poll found in the main clause
BACKGROUND_DEPS = ("relcl", "acl")


def names_one_poll(noun: Token) -> bool:
    """A poll the phrase identifies by its maker ("a Gazette poll", "the survey by Pew";
    not a place or a time: "an Ohio poll", "Monday's poll"), as a poll share's source is
    (``polls.poll_of_share``), or exit and entrance polls; never the polls in general
    ("in the polls", "in New Hampshire polls") nor one named only by the text before
    ("the new poll", whose maker the phrase does not say)."""
    if any(c.lower_ in ("exit", "entrance") for c in noun.children):
        return True
    return noun.tag_ != "NNS" and names_its_maker(noun)


def reports_finding(sent: Span, cut: tuple[int, int], lex) -> bool:
    """The sentence outside the poll phrase holds a figure or a standing ("leads", "4
    points", "ahead of", "favourably"): what a poll finds, not "campaigned in its shadow"."""
    return any(not cut[0] <= t.idx < cut[1] and (
        t.like_num or t.lower_ in lex.poll_finding_words) for t in sent)


@cue_rule("poll_finding", stage="phrase", lexicon="poll_nouns",
          summary="a finding (a share, a lead) *in* one named or picked-out poll: the poll "
                  "is the source (`poll_nouns`; never *in the polls*)",
          example="The mayor leads her rival by nine points **in** a Gazette poll released "
                  "on Sunday.")
def poll_finding(tok: Token, ctx: DocContext) -> list[Candidate]:
    lex = ctx.lex
    if tok.lower_ not in lex.poll_nouns or tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return []
    prep = tok.head
    if inside_quote_marks(tok) or not names_one_poll(tok):
        return []
    head = prep.head
    if any(t.dep_ in BACKGROUND_DEPS for t in (head, *head.ancestors)):
        return []
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex.clausal_verbs:
        return []  # "half said so in the earlier poll": the share speaks (poll_of_share)
    doc, sent = tok.doc, tok.sent
    phrase_end = token_end(prep.right_edge)
    for t in doc[prep.right_edge.i + 1 : min(tok.i + POLL_PHRASE_COMMA_WINDOW, sent.end)]:
        if t.text in (",", ";", ":"):
            phrase_end = t.idx
            break
        if not t.is_punct:
            break
    if not reports_finding(sent, (prep.idx, phrase_end), lex):
        return []
    start, end = finding_span(doc, sent, head, (prep.idx, phrase_end), lex)
    if word_count(ctx.text[start:end]) < MIN_FINDING_WORDS:
        return []
    start, end = extend_to_quotes(ctx, start, end)
    return [Candidate(prep.idx, token_end(prep), start, end, "poll_finding", tok, {prep.i},
                      mode=mode_of(ctx, start, end))]


def finding_span(doc, sent: Span, head: Token, cut: tuple[int, int],
                 lex) -> tuple[int, int]:
    """What the poll found: the sentence minus the poll phrase, or, when the phrase sits
    in a subordinate clause ("While 86 percent in a Gazette poll backed Lee, ...") or in
    a clause someone reports ("Lee leads by 4 points in a CNN poll, the network said"),
    that clause alone (without the poll phrase at its edge), so the main clause and its
    reporter keep their own source."""
    verb = next((t for t in (head, *head.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    reported = verb is not None and verb.dep_ == "ccomp" and (
        verb.head.lemma_.lower() in lex.clausal_verbs)
    if verb is None or verb.dep_ in ("ROOT", "conj") or verb.head.dep_ == "ROOT" and (
            verb.dep_ == "ccomp") and not reported:
        return sentence_minus(doc, sent, *cut)
    first = verb.left_edge
    while first.dep_ == "mark" and first.i < verb.i:  # "While 86 percent ...", "that"
        first = doc[first.i + 1]
    start, end = content_from_tokens(doc, first, verb.right_edge)
    if reported and cut[0] > start and cut[1] >= end:  # the poll phrase closes the clause
        start, end = trim_span(doc.text, start, cut[0])
    elif reported and cut[0] <= start < cut[1]:  # the poll phrase opens it
        start, end = trim_span(doc.text, cut[1], end)
    return start, end
