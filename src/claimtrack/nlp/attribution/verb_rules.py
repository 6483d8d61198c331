"""Stage 3a, verb cues: a reporting verb and the content its dependents carry.

``verb_candidates`` applies the shared guards (cue inside a quotation, modal or
hypothetical verb, no speaker, free relative, generic "you") and then the ``verb`` rules
of the registry in order; the first that finds content wins. Each rule is a function of a
``VerbCue`` returning ``(content_start, content_end, (cue_start, cue_end))`` tuples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    adjacent_quote,
    clause_content,
    content_from_tokens,
    ends_in_question,
    extend_to_quotes,
    inside_quote_marks,
    mode_of,
    subtree_span,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.polls import share_subject
from claimtrack.nlp.attribution.rules import cue_rule, rules_of
from claimtrack.nlp.attribution.subjects import find_subject
from claimtrack.text import is_real_quote, word_count

Found = tuple[int, int, tuple[int, int]]  # content start, content end, cue span
# verbs whose object is who hears the words ("told the committee:", "warned voters:")
HEARER_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "brief", "advise",
                          "caution", "urge"})
# "asked not to be named / identified / quoted": how a source stays anonymous, no claim
ANONYMITY_VERBS = frozenset({"name", "identify", "quote"})
# rules whose content is a thing, not a clause: negated, they state nothing ("did not
# respond to requests", "has not endorsed anyone"); a negated clause is still reported
NO_NEGATION_RULES = frozenset({"prep_stance", "stance_np", "light_verb", "np_content",
                               "for_clause", "speech_np", "speech_topic",
                               "say_pro_form", "passive_np"})
# speakers found away from the subject (subjects.find_subject's "how") go to one rule
# each, measured apart: an inverted name only speaks the quotation before it; "went on
# to say", "was quick to point out", "forced the chief to admit" are their own shapes
SPEAKER_RULES = {"inverted": "inverted_quote", "closing_inverted": "closing_inverted",
                 "controlled": "infinitive_report",
                 "adjective": "adjective_infinitive", "object": "object_control"}
SPEAKER_RULE_IDS = frozenset(SPEAKER_RULES.values())
EDITORS_NOTE = re.compile(r"\s*editor[’']?s['’]? note\s*:", re.IGNORECASE)


@dataclass
class VerbCue:
    tok: Token
    ctx: DocContext
    lemma: str
    subject: Token
    how_subject: str  # how find_subject found it
    children: list[Token] = field(default_factory=list)

    @property
    def doc(self) -> Doc:
        return self.tok.doc

    @property
    def sent(self) -> Span:
        return self.tok.sent

    @property
    def span(self) -> tuple[int, int]:
        return self.tok.idx, token_end(self.tok)

    @property
    def explicit_subject(self) -> bool:
        return self.how_subject in ("subject", "shared", "agent") and self.subject.lower_ != "it"

    def words(self, start: int, end: int) -> int:
        return word_count(self.ctx.text[start:end])


# gerunds and stance participles (participle_rules.py) are their own rules too;
# participle_stance also runs for a report verb's participle (how "participle")
SPEAKER_RULES |= {"gerund": "prep_gerund", "stance_participle": "participle_stance"}
SPEAKER_RULE_IDS = frozenset(SPEAKER_RULES.values()) - {"participle_stance"}
NO_NEGATION_RULES |= {"participle_stance"}  # "..., not endorsing the offer": no stance
# rules of nonfinite_rules.py that take speakers found in several ways: rule id -> the
# "how"s it accepts (checked by the rule itself, before the one-rule-per-how routing)
NONFINITE_HOWS: dict[str, frozenset[str]] = {}
NO_NEGATION_RULES |= {"charge_object", "made_clear", "gerund_content"}
# parse_repair_rules.py: a speaker read before a subjectless cue is its own rule; the
# repairs of a broken parse state nothing when negated
SPEAKER_RULES["recovered"] = "recovered_subject"
SPEAKER_RULE_IDS |= {"recovered_subject"}
NO_NEGATION_RULES |= {"recovered_subject", "gerund_clause", "report_as_head",
                      "closing_addressee"}


def verb_candidates(tok: Token, ctx: DocContext) -> list[Candidate]:
    lex = ctx.lex
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound", "nmod"):
        return []
    lemma = lex.lemma_slips.get(tok.lower_) or tok.lemma_.lower()  # "hopes" -> "hop"
    if lemma not in ctx.patterns.verb_lemmas:  # the cue lists and pattern rules' cue words
        return []
    quote = ctx.quote_at(tok.idx)
    if quote is not None and is_real_quote(ctx.text, quote):
        return []  # speech inside a quotation belongs to the quoted speaker
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("will", "'ll")
           and c.i < tok.i and not inside_quote_marks(c) for c in tok.children) and not (
            lemma in lex.share_preference_verbs and share_subject(tok) is not None):
        return []  # "would pledge", "could threaten": hypothetical, not a report (but
        # "27 percent would vote for Lee" is what a poll found: evidence_rules)
    subject, how_subject = find_subject(tok, lex)
    if subject is None:
        return []
    if how_subject in ("participle", "gerund") and lemma not in lex.clausal_verbs:
        if how_subject == "gerund" or (
                lemma not in lex.prep_stance_verbs and lemma not in lex.stance_np_verbs):
            return []
        how_subject = "stance_participle"  # "..., endorsing the plan": that rule alone
    children = list(tok.children)
    # "no matter what anyone says": a free relative, not a report; but "what economists
    # call spending" (a stance verb with an object predicate) names a thing: stance_as
    if any(c.dep_ in ("dobj", "ccomp") and c.lower_ in ("what", "whatever") for c in children
           ) and not (lemma in lex.stance_as_verbs and any(c.dep_ == "oprd" for c in children)):
        return []
    if subject.lower_ in lex.generic_pronouns:
        return []
    if any(c.dep_ == "dobj" and c.lower_ in lex.no_content_objects for c in children):
        return []  # "said nothing more": speech with no content
    if not_asserted(tok, lex) or in_editors_note(tok):
        return []
    negated = any(c.dep_ == "neg" for c in children)
    cue = VerbCue(tok, ctx, lemma, subject, how_subject, children)
    for rule in rules_of("verb"):
        if rule.kind == "function" and rule.lexicon is not None and (
                lemma not in lex[rule.lexicon]):
            continue  # a pattern rule's own cue node checks the words
        if negated and rule.id in NO_NEGATION_RULES:
            continue  # "did not respond to requests for comment": no stance stated
        if rule.id in NONFINITE_HOWS:
            if how_subject not in NONFINITE_HOWS[rule.id]:
                continue
        elif SPEAKER_RULES.get(how_subject, rule.id) != rule.id or (
                how_subject not in SPEAKER_RULES and rule.id in SPEAKER_RULE_IDS):
            continue  # a speaker found that way is measured as its own rule
        found = rule.func(cue)
        if found:
            break
    else:
        return []
    candidates = []
    for start, end, (c_start, c_end) in found:
        if end <= start:
            continue
        start, end = extend_to_quotes(ctx, start, end)
        candidates.append(Candidate(c_start, c_end, start, end, rule.id, subject, {tok.i},
                                    mode=mode_of(ctx, start, end)))
    return candidates


def not_asserted(tok: Token, lex) -> bool:
    """Whether the cue, or a verb whose clause holds it, is only asked about or wished
    for (``is_question``, ``wished_speech``): "asked whether she thought that X, which
    officials said ...", "let them think that all Y welcome Z": no report inside either.
    The walk stops at a relative clause, the author's own statement about its noun
    ("asked whether the tax, which auditors say is illegal, would pass": auditors said it)."""
    for verb in (tok, *tok.ancestors):  # a cue token's few ancestors, no doc-wide walk
        if verb.pos_ in ("VERB", "AUX"):
            children = list(verb.children)
            if is_question(verb, children, lex) or wished_speech(verb, children, lex) or (
                    verb is tok and direct_question(verb, children)):
                return True
        if verb.dep_ in ("relcl", "acl"):
            return False
    return False


def in_editors_note(tok: Token) -> bool:
    """A cue in a relative clause of a sentence opening "Editor's note:": the outlet's own
    boilerplate describing someone ("Editor's note: X is a serial liar who has pledged to
    ..."), not a report. A note's main clause still reports ("Editor's note: An article
    on Monday reported that ...")."""
    return any(t.dep_ == "relcl" for t in (tok, *tok.ancestors)) and (
        EDITORS_NOTE.match(tok.sent.text) is not None)


def direct_question(tok: Token, children: list[Token]) -> bool:
    """A cue asked about with its that-clause ("Did the minister say that ...?", "Who
    said that ...?"): an auxiliary or a wh-subject before the cue in a sentence ending in a
    question mark. Nothing is reported as said. A question about a stance ("Does Lee
    oppose the levy?", "Will editors want to ...?") keeps its link, as PolNeAR annotates
    it (train 301-840: six such gold links)."""
    if not any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that"
                                         for m in c.children) for c in children):
        return False
    if not ends_in_question(tok.sent) or inside_quote_marks(tok):
        return False
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > tok.i:
        return False
    if subject.tag_ in ("WP", "WDT"):
        return True
    return any(c.dep_ == "aux" and c.i < subject.i for c in children)


def is_question(tok: Token, children: list[Token], lex) -> bool:
    """A cue inside an indirect question ("asked if he thought ...", "it is not clear
    whether she knew ..."): asked about, not reported. A plain conditional ("if Carson
    implied that ...") stays a report, as PolNeAR annotates it."""
    mark = next((c.lower_ for c in children if c.dep_ == "mark"), None)
    return mark == "whether" or (mark == "if" and tok.head.lemma_.lower() in lex.question_verbs)


def wished_speech(tok: Token, children: list[Token], lex) -> bool:
    """A bare or to-infinitive cue with its own subject under another verb: "she wants
    voters to know that ...", "let editorials tell them how to vote", "dared him to say
    that ...", "the hope is for the council to reject ...". The speaking is wished or
    allowed (`wish_verbs`), not reported; the subject is not a speaker. Caused or
    perceived speech happened ("led many to wonder if ...", "heard her say that ..."); a
    finite auxiliary ("said the union will argue that ...") makes an ordinary clause."""
    if tok.tag_ != "VB" or not any(c.dep_ == "nsubj" for c in children):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in children):
        return True  # "the only hope is for Washington to oppose ...": a for-to clause
    if tok.dep_ not in ("ccomp", "xcomp"):
        return False
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() not in lex.wish_verbs:
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in children)


@cue_rule("inverted_quote", stage="verb", lexicon="clausal_verbs",
          summary="inverted cue right after a quotation, the speaker parsed as its object "
                  "(a phrase after the name)",
          example='"Nobody reads these reports anyway," **scoffed** coach Lee Park after '
                  'the defeat.')
def inverted_quote(cue: VerbCue) -> list[Found]:
    before = adjacent_quote(cue.ctx, cue.tok.idx, None)
    return [(before.start, before.end, cue.span)] if before is not None else []


@cue_rule("closing_inverted", stage="verb", lexicon="clausal_verbs",
          summary="inverted cue closing the sentence after a comma, the speaker parsed as its "
                  "object: the sentence before it, a report nested there included",
          example="The mayor noted that the bridge would reopen in May, **reported** the "
                  "Harbour Gazette.")
def closing_inverted(cue: VerbCue) -> list[Found]:
    sent = cue.sent
    comma = cue.doc[cue.tok.i - 1]  # closing_inverted_speaker checked it is a comma
    start, end = trim_span(cue.ctx.text, sent.start_char, comma.idx)
    return [(start, end, cue.span)] if cue.words(start, end) >= 3 else []


@cue_rule("xcomp", stage="verb", lexicon="xcomp_verbs",
          summary="stance verb with an infinitive (explicit subject only)",
          example="The union **vowed** to strike until the pay offer improves.")
def xcomp(cue: VerbCue) -> list[Found]:
    if cue.how_subject not in ("subject", "shared") or cue.subject.lower_ == "it":
        return []
    for c in cue.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            if cue.lemma in cue.ctx.lex.xcomp_needs_clause:
                return []
            if c.lemma_.lower() in ANONYMITY_VERBS and any(
                    g.dep_ == "auxpass" for g in c.children):
                return []  # "asked not to be named": a condition of anonymity, no claim
            start, end = clause_content(c)
            return [(start, end, cue.span)]
    return []


@cue_rule("prep_clause", stage="verb", lexicon="prep_content_verbs",
          summary="speech verb + preposition + how/why/whether clause",
          example="The captain **spoke** to reporters about how the ferry sank.")
def prep_clause(cue: VerbCue) -> list[Found]:
    lex, doc = cue.ctx.lex, cue.doc
    allowed = lex.prep_content_verbs[cue.lemma]
    found = []
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in allowed:
            continue
        for obj in prep.children:
            if obj.dep_ not in ("pcomp", "pobj"):
                continue
            words = {t.lower_ for t in obj.subtree if t.i <= obj.i}
            first = obj.left_edge
            if words & lex.prep_content_clause_words and first.lower_ in (
                lex.prep_content_clause_words
            ) and obj.pos_ in ("VERB", "AUX"):
                start, end = content_from_tokens(doc, first, obj.right_edge)
                found.append((start, end, cue.span))
    return found


def is_person(tok: Token, lex) -> bool:
    """A person or people: a PERSON/NORP name, a person word, or a plural person noun."""
    return tok.ent_type_ in ("PERSON", "NORP") or tok.lemma_.lower() in lex.person_words or (
        tok.lemma_.lower() in lex.greeted_people)


@cue_rule("quote_dependent", stage="verb", lexicon="clausal_verbs",
          summary="a real quotation (4+ words) among the cue's dependents",
          example='The coach **joked** about "sticking with us through a hard year" on Sunday.')
def quote_dependent(cue: VerbCue) -> list[Found]:
    tok, ctx = cue.tok, cue.ctx
    sub_start, sub_end = tok.left_edge.idx, token_end(tok.right_edge)
    subj_start, subj_end = subtree_span(cue.subject)
    for q in ctx.quotes:
        inside = sub_start <= q.start and q.end <= sub_end + 1
        # 'X said, "When A. B."': a quotation of whole sentences (capitalised) opening
        # right after the cue and running past the clause the parser gave the cue
        inside = inside or (tok.idx < q.start < sub_end < q.end and not ctx.text[
            token_end(tok):q.start].strip(" ,:") and ctx.text[q.start + 1:q.start + 2].isupper())
        if inside and not (subj_start <= q.start < subj_end) and is_real_quote(ctx.text, q):
            return [(q.start, q.end, cue.span)]
    return []
