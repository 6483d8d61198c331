"""Stage 2, speakers: the token that names the speaker of a cue verb.

The grammatical subject first; then the passive agent, a verb sharing its subject
("X said A and added B"), "X was quoted as saying", the noun a participle hangs on ("a
statement saying"), a proper name the parser left beside the verb, and the subject of the
clause a participle belongs to ("..., arguing that ...", "Insisting that ..., she ...",
"by telling reporters that ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import governing_verb, inside_quote_marks
from claimtrack.nlp.attribution.datelines import past_dateline
from claimtrack.nlp.attribution.lexicon import Lexicon
from claimtrack.nlp.attribution.lost_subjects import recovered_subject
from claimtrack.nlp.attribution.polls import is_share, poll_of_share
from claimtrack.text import QUOTE_CHARS

SUBJECT_DEPS = ("nsubj", "csubj")
# verbs that send words to someone: their addressee's participle is the sender's message
SENDING_VERBS = frozenset({"send", "write", "email", "text", "mail", "post", "tweet",
                           "forward", "circulate", "distribute", "deliver"})
# "..., Lewandowski added on Friday, saying": the tokens before a trailing participle
# searched for a closing report verb (the verb, a short time phrase, the comma)
PRECEDING_CUE_WINDOW = 5


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


def inverted_speaker(verb: Token) -> Token | None:
    """The speaker of an inverted cue that the parser took for the verb's object:
    '"...," scoffed coach Lee Park after the defeat' (Park as dobj) or '"...," admitted
    the visiting manager Ana Silva' (the name as an appositive of the object). Only right
    after a closing quotation mark (or its comma), with the quoted clause as the verb's
    complement, and only a proper name: never an ordinary object ('"...," told reporters')."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is None or not (before.text == "," or all(
            ch in QUOTE_CHARS + "'‘’" for ch in before.text)):
        return None  # '"...," said', "''...,'' said" (a doubled mark is one token)
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None:
        # "''...,'' said Robin Maynard, half joking": the parser hung the name on the
        # participle after it; the proper name right after the verb speaks (right after a
        # closing mark only: "..., reports USA Today" is a closing cue's own shape)
        if before.text == ",":
            return None
        name = None
        for tok in doc[verb.i + 1 : verb.sent.end]:
            if tok.pos_ != "PROPN" or inside_quote_marks(tok):
                break
            name = tok
        return name
    name = obj if obj.pos_ == "PROPN" else next(
        (c for c in obj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if name is None or inside_quote_marks(name):
        return None
    return name


# how the parser hangs the name after a closing cue: object, subject, adverbial noun
CLOSING_NAME_DEPS = ("dobj", "attr", "nsubj", "npadvmod")


def closing_inverted_speaker(verb: Token) -> Token | None:
    """The speaker of an inverted cue closing a sentence after a comma, parsed as the
    verb's object: "..., reported the Washington Examiner.", "..., reports USA Today."
    (or as its subject or an adverbial noun after it: "..., writes the Post's Jo Lee.").
    Only a finite verb with no subject before it, right after the comma, and a proper
    name that runs to the end of the sentence (never "..., told reporters.")."""
    doc, sent = verb.doc, verb.sent
    if verb.tag_ not in ("VBD", "VBZ") or verb.i < sent.start + 4 or doc[verb.i - 1].text != ",":
        return None
    if any(c.dep_ in SUBJECT_DEPS and c.i < verb.i for c in verb.children):
        return None
    # the last such child: the parser may split one name over two ("Valley/dobj Today/npadvmod")
    name = next((c for c in reversed(list(verb.rights)) if c.dep_ in CLOSING_NAME_DEPS), None)
    if name is None or name.pos_ != "PROPN" or inside_quote_marks(name):
        return None
    if any(t.pos_ not in ("PROPN", "DET", "PART") for t in doc[verb.i + 1 : name.left_edge.i]):
        return None
    if not all(t.is_punct for t in doc[name.right_edge.i + 1 : sent.end]):
        return None
    return name


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def issuer_of(verb: Token, lex: Lexicon | None) -> Token | None:
    """The subject of 'issued a statement' / 'sent an email' for a participle ('saying')
    hanging on the statement or on the issuing verb."""
    if lex is None or verb.tag_ != "VBG" or verb.dep_ not in ("acl", "advcl"):
        return None
    message = verb.head if verb.dep_ == "acl" else next(
        (c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if message is None or message.lemma_.lower() not in lex.quote_cue_nouns:
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("from", "by") for c in message.children):
        return None  # "a statement from the ministry saying": the document names its source
    issuing = message.head if message.dep_ == "dobj" else None
    if issuing is None or issuing.pos_ != "VERB":
        return None
    subject = next((c for c in issuing.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and not inside_quote_marks(subject) else None


def main_clause_subject(verb: Token, lex: Lexicon | None) -> Token | None:
    """The subject of the clause a trailing participle belongs to: the nearest verb above
    it with an explicit subject before the participle, climbing past reported and
    relative clauses ("X told investors that A were overblown, adding ...": not A's
    subject) and anything inside quotation marks."""
    for verb_above in verb.ancestors:
        if verb_above.pos_ not in ("VERB", "AUX") or inside_quote_marks(verb_above) or (
                in_reported_clause(verb_above, lex)) or any(
                t.dep_ == "relcl" for t in (verb_above, *verb_above.ancestors)):
            continue  # a verb inside a reported or relative clause
        subject, how = find_subject(verb_above, lex)
        if subject is None or how not in ("subject", "shared", "adjacent") or (
                subject.i > verb.i):
            continue
        if inside_quote_marks(subject) or subject.lower_ in ("it", "there", "this", "that"):
            continue
        return subject
    return None


def nearest_subject(verb: Token, lex: Lexicon | None, strict: bool) -> Token | None:
    """The nearest subject before a trailing participle, outside quotation marks and
    outside a reported clause ("..., when protesters blocked the gate, shouting ...");
    ``strict``: only one that ``may_speak``."""
    for tok in reversed(list(verb.doc[verb.sent.start : verb.i])):
        if tok.dep_ == "nsubj" and tok.tag_ not in ("WDT", "WP", "EX") and (
            tok.lower_ not in ("it", "there", "this", "that")
        ) and not inside_quote_marks(tok) and (not strict or may_speak(tok, lex)) and (
                not in_reported_clause(tok, lex)):
            return tok
    return None


def in_reported_clause(tok: Token, lex: Lexicon | None) -> bool:
    """Whether the token sits in a clause reported by a report verb before it ("told
    investors that concerns ... were overblown"); a complement hung on a later verb is
    most often the parser's slip ('The coach shrugged it off, telling reporters, "We
    ...": the parser hangs "shrugged" on the quoted verb), and one of another verb is no
    report ("I remember Carter going on TV, declaring ...")."""
    verbs = lex.report_verbs if lex is not None else frozenset()
    return any(t.dep_ == "ccomp" and t.head.i < t.i and t.head.lemma_.lower() in verbs
               for t in (tok, *tok.ancestors))


def preceding_report_subject(verb: Token, lex: Lexicon | None) -> Token | None:
    """'..., Lewandowski added, saying ...': the subject of a report verb standing right
    before the participle's comma (a closing or parenthetical cue), whatever the parser
    hung the participle on."""
    if lex is None:
        return None
    doc = verb.doc
    for tok in reversed(doc[max(verb.sent.start, verb.i - PRECEDING_CUE_WINDOW) : verb.i]):
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() not in lex.clausal_verbs or inside_quote_marks(tok):
                return None
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is None or inside_quote_marks(subject) or subject.tag_ in (
                    "WDT", "WP", "EX") or subject.lower_ in ("it", "there", "this", "that"):
                return None
            return subject
    return None


def may_speak(tok: Token, lex: Lexicon | None) -> bool:
    """Whether a subject is likely a participle's speaker: anything but a common noun
    naming no listed person, body or document ("The first incident came ..., when
    protesters interrupted her, shouting ...": not the incident; "Markets fell after the
    president spoke, warning ...": not the markets). The lists are not
    complete ("the harbour master"), so such a main-clause subject still speaks when no
    likelier subject stands before the participle."""
    if lex is None or tok.pos_ != "NOUN" or tok.tag_ not in ("NN", "NNS") or tok.ent_type_:
        return True
    lemma = tok.lemma_.lower()
    return is_document_like(tok, lex) or lemma in lex.government_words or (
        lemma in lex.greeted_people or tok.text.capitalize() in lex.organization_words_cased)


def find_subject(verb: Token, lex: Lexicon | None = None) -> tuple[Token | None, str]:
    """The speaker token of a cue verb and how it was found."""
    subject, how = speaker_of(verb, lex)
    if subject is not None:
        subject, changed = past_dateline(subject)
        if changed:
            return (subject, how) if subject is not None else (None, "none")
    return subject, how


def sender_to(addressee: Token) -> tuple[bool, Token | None]:
    """(sent, sender): whether a verb sent something to ``addressee``, and its subject or
    passive agent ("The council sent a letter to residents saying ...": the council, not
    the residents who read it; "A letter was sent to residents saying ...": nobody named)."""
    gov = governing_verb(addressee.head.head)
    if gov is None or gov.lemma_.lower() not in SENDING_VERBS:
        return False, None  # "spoke to residents fearing ...": the residents fear
    sender = next((c for c in gov.children if c.dep_ in SUBJECT_DEPS), None) or next(
        (g for a in gov.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"),
        None)
    return True, sender


def speaker_of(verb: Token, lex: Lexicon | None = None) -> tuple[Token | None, str]:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # '"One of the brightest members," Cummings said': the quoted words are not the
        # speaker; prefer the subject outside quotation marks
        outside = [c for c in subjects if not inside_quote_marks(c)]
        subjects = outside or subjects
    if subjects:
        subject = subjects[-1] if len(subjects) > 1 else subjects[0]
        if subject.i > verb.i and (closing := closing_inverted_speaker(verb)) is not None:
            return closing, "closing_inverted"  # "..., writes the Post's Jo Lee."
        if subject.i > verb.i and inside_quote_marks(subject):
            # '..., Flynn said on "Fox and Friends."': a quoted title is not the speaker
            named = name_before(verb)
            return (named, "adjacent") if named is not None else (None, "none")
        # "About 4 in 10 say ...", "42 percent say ...": the share is the mention; the
        # source resolver names the poll it reports (``poll_of_share``)
        return subject, "subject"
    # "About 4 in 10 say they want ...": the parser hangs the poll share on the verb
    share = next((c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i), None)
    if share is not None and not inside_quote_marks(share):
        if is_share(share):
            return share, "subject"
        poll = poll_of_share(share, lex)
        return (poll, "subject") if poll is not None else (None, "none")
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, "agent"
        return None, "passive"
    inverted = inverted_speaker(verb)
    if inverted is not None:
        return inverted, "inverted"
    closing = closing_inverted_speaker(verb) if lex is not None and (
        verb.lemma_.lower() in lex.closing_inverted_verbs) else None
    if closing is not None:
        return closing, "closing_inverted"
    head = verb.head
    previous = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    adjacent_name = previous if (
        previous is not None and previous.pos_ == "PROPN" and verb.tag_ in ("VBD", "VBZ", "VBP")
        and not inside_quote_marks(previous)) else None
    # "X said A and added B": the second verb shares the subject; with no "and" between,
    # the conjunct is the parser's slip ("Facebook built it, a spokeswoman, Jo Lee, said")
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head is not verb:
        if not any(t.dep_ == "cc" and t.head in (head, verb)
                   for t in verb.doc[head.i + 1 : verb.i]):
            recovered = recovered_subject(verb, lex)
            if recovered is not None:
                return recovered, "recovered"
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
    # "The firm issued a statement saying ...", "She sent an email saying ...": the one
    # who issued it, never "statement"
    issuer = issuer_of(verb, lex)
    if issuer is not None:
        return issuer, "issuer"
    # "a statement from X saying ...", "Wang Yi thanking ..."
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        if head.dep_ == "pobj" and head.head.lower_ == "to":
            sent, sender = sender_to(head)
            if sent:  # "wrote to residents saying ...": the writer, never the readers
                return (sender, "issuer") if sender is not None else (None, "none")
        return head, "acl"
    # parser lost the subject ("... of the Washington Post Trump said that ..."): a name
    # right before a finite cue verb that has a clausal complement
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > verb.sent.start and any(
        c.dep_ == "ccomp" for c in verb.children
    ):
        before = verb.doc[verb.i - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", ""):
            return before, "adjacent"
    # trailing participle: "X said that A, adding that B" -> the main clause's subject
    # (the parser often hangs the participle on a verb inside A, whose subject is not
    # the speaker); else the nearest active subject outside quotation marks
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and head.i < verb.i:
        comma = any(t.text == "," for t in verb.doc[max(verb.sent.start, verb.i - 2) : verb.i])
        if comma:
            preceding = preceding_report_subject(verb, lex)
            if preceding is not None:
                return preceding, "participle"
            main = main_clause_subject(verb, lex)
            if main is not None and may_speak(main, lex):
                return main, "participle"
            subject = nearest_subject(verb, lex, strict=True) or nearest_subject(
                verb, lex, strict=False) or main
            if subject is not None:
                return subject, "participle"
    # leading participle: "Insisting that the figures were right, the minister left"
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i < head.i and (
            verb.i == verb.sent.start or verb.doc[verb.i - 1].is_punct):
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.i > verb.i and not inside_quote_marks(subject):
            return subject, "participle"
    # "by telling reporters that ...": the subject of the verb the by-phrase modifies
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and head.lower_ == "by":
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and not inside_quote_marks(subject):
            return subject, "participle"
    # "after arguing that ...", "pivoted to arguing that ...": a gerund under another
    # preposition of a verb speaks for that verb's subject (its own rule, prep_gerund)
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and head.lower_ in GERUND_PREPS and (
            head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX")):
        subject = gerund_speaker(head.head, lex)
        if subject is not None:
            return subject, "gerund"
    # "X went on to say that ...", "X appeared to suggest ...": an infinitive cue takes
    # the subject of the verb it completes (subject control); never with an object there
    # ("forced the chief to admit": the object is the speaker, too loose to guess)
    # ("It's safe to say": a dummy subject says nothing)
    if verb.dep_ in ("xcomp", "advcl") and verb.tag_ == "VB" and head.pos_ in (
            "VERB", "AUX") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
            c.dep_ in ("dobj", "iobj") for c in head.children):
        subject, how = find_subject(head, lex)
        if subject is not None and how in ("subject", "shared") and not inside_quote_marks(
                subject) and subject.lower_ not in ("it", "there", "this", "that"):
            return subject, "controlled"
    if verb.tag_ == "VB" and verb.dep_ == "xcomp" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "The mayor was quick to point out that ...", "Voters are more likely to say
        # that ...": an infinitive on a predicate adjective takes the clause's subject
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and not inside_quote_marks(subject) and (
                    subject.lower_ not in ("it", "there", "this", "that")):
                return subject, "adjective"
        # "The scandal forced the chief to admit that ...": the object is the speaker
        if head.pos_ == "VERB":
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON") and not (
                    inside_quote_marks(obj)) and obj.lower_ not in ("it", "this", "that"):
                return obj, "object"
    # "..., Col. Ana Ruiz, a police spokesman, said ...": the name hung elsewhere
    recovered = recovered_subject(verb, lex)
    if recovered is not None:
        return recovered, "recovered"
    return None, "none"



def is_document_like(tok: Token, lex: Lexicon) -> bool:
    """A report, a named body or a person: a subject whose 'shows' is a claim."""
    lemma = tok.lemma_.lower()
    if lemma in lex.document_nouns or tok.lower_ in lex.document_nouns:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
        return True
    return lemma in lex.person_words


# prepositions whose gerund speaks for the subject of the verb they modify ("after saying",
# "pivoted to arguing", "in describing"); "by" is the participle rule's; "for" speaks for
# an object ("criticised him for saying"), "without" says nothing
GERUND_PREPS = frozenset({"after", "before", "in", "to", "while", "since", "upon", "despite"})


def gerund_speaker(verb: Token, lex: Lexicon | None) -> Token | None:
    """The subject of the verb a preposition + gerund modifies: its own (or the passive
    subject: "was sidelined after arguing that ..."), never a dummy or a quoted one."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        subject, how = find_subject(verb, lex)
        if how not in ("subject", "shared"):
            return None
    if subject is None or inside_quote_marks(subject) or subject.tag_ in ("WDT", "WP", "EX") or (
            subject.lower_ in ("it", "there", "this", "that")):
        return None
    return subject
