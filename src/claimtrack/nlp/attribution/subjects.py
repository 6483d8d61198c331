"""Stage 2, speakers: the token that names the speaker of a cue verb.

The grammatical subject first; then the passive agent, a verb sharing its subject
("X said A and added B"), "X was quoted as saying", the noun a participle hangs on ("a
statement saying"), a proper name the parser left beside the verb, and the subject of the
clause a trailing participle belongs to ("..., arguing that ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import inside_quote_marks
from claimtrack.nlp.attribution.lexicon import Lexicon
from claimtrack.text import QUOTE_CHARS

SUBJECT_DEPS = ("nsubj", "csubj")


def name_before(verb: Token) -> Token | None:
    """The proper name nearest before a cue verb, skipping a comma-set appositive, but
    not reaching back into a quotation or another clause."""
    doc = verb.doc
    for i in range(verb.i - 1, max(verb.sent.start, verb.i - 12) - 1, -1):
        tok = doc[i]
        if tok.text in QUOTE_CHARS or tok.pos_ in ("VERB", "AUX"):
            return None
        if tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "poss", "pobj"):
            return None if inside_quote_marks(tok) else tok
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def find_subject(verb: Token) -> tuple[Token | None, str]:
    """The speaker token of a cue verb and how it was found."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # '"One of the brightest members," Cummings said': the quoted words are not the
        # speaker; prefer the subject outside quotation marks
        outside = [c for c in subjects if not inside_quote_marks(c)]
        subjects = outside or subjects
    if subjects:
        subject = subjects[-1] if len(subjects) > 1 else subjects[0]
        if subject.i > verb.i and inside_quote_marks(subject):
            # '..., Flynn said on "Fox and Friends."': a quoted title is not the speaker
            named = name_before(verb)
            return (named, "adjacent") if named is not None else (None, "none")
        return subject, "subject"
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, "agent"
        return None, "passive"
    head = verb.head
    previous = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    adjacent_name = previous if (
        previous is not None and previous.pos_ == "PROPN" and verb.tag_ in ("VBD", "VBZ", "VBP")
        and not inside_quote_marks(previous)) else None
    # "X said A and added B": the second verb shares the subject
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head is not verb:
        subj, how = find_subject(head)
        if subj is not None and not inside_quote_marks(subj) and subj.lower_ not in (
                "i", "we", "you"):
            return subj, "shared"
        if adjacent_name is not None:  # '"... We will ...," Chief Chuck Jordan said'
            return adjacent_name, "adjacent"
        named = name_before(verb)
        if named is not None:  # '"...," Ramos, 58, told AFP'
            return named, "adjacent"
    # "X was quoted as saying ..."
    if head.lower_ == "as" and head.dep_ == "prep":
        head = head.head
    if head.lemma_ == "quote" and is_passive(head):
        for child in head.children:
            if child.dep_ == "nsubjpass":
                return child, "quoted"
    # "a statement saying ...", "Wang Yi thanking ..."
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return head, "acl"
    # parser lost the subject ("... of the Washington Post Trump said that ..."): a name
    # right before a finite cue verb that has a clausal complement
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > verb.sent.start and any(
        c.dep_ == "ccomp" for c in verb.children
    ):
        before = verb.doc[verb.i - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", ""):
            return before, "adjacent"
    # trailing participle: "..., arguing Bilash was ..." -> the nearest active subject
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and head.i < verb.i:
        comma = any(t.text == "," for t in verb.doc[max(verb.sent.start, verb.i - 2) : verb.i])
        if comma:
            for tok in reversed(list(verb.doc[verb.sent.start : verb.i])):
                if tok.dep_ == "nsubj" and tok.tag_ not in ("WDT", "WP", "EX") and (
                    tok.lower_ not in ("it", "there", "this", "that")
                ):
                    return tok, "participle"
    return None, "none"



def is_document_like(tok: Token, lex: Lexicon) -> bool:
    """A report, a named body or a person: a subject whose 'shows' is a claim."""
    lemma = tok.lemma_.lower()
    if lemma in lex.document_nouns or tok.lower_ in lex.document_nouns:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
        return True
    return lemma in lex.person_words
