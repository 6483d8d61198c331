"""Polls as sources: a poll's share of respondents as a subject ("42 percent say ..."),
the poll that share reports, and whether a poll noun names its maker ("a Gallup poll",
not "an Ohio poll"). Used by the speaker search (subjects), the source describer
(sources) and the evidence rules."""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.lexicon import Lexicon

# entity labels of a word before a poll that says where or when it was taken, not who
# made it ("Ohio surveys", "the mid-January poll")
POLL_PLACE_OR_TIME = ("GPE", "LOC", "DATE", "TIME")


def poll_of_share(share: Token, lex: Lexicon | None) -> Token | None:
    """The poll a share subject reports ("About 4 in 10 say ..."): the nearest document
    noun naming its maker ("a Gallup poll", "the survey by Pew Research Center") in the
    share's sentence or an earlier one of its paragraph. None when there is none: "About
    4 in 10" as a source would merge unrelated polls into one registry source."""
    if lex is None:
        return None
    doc = share.doc
    start = share.sent.start
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:  # back to the paragraph
        start = doc[start - 1].sent.start
    # "a CNN/ORC International Poll": the model often tags the noun of a poll's name PROPN
    polls = [t for t in doc[start:share.sent.end] if t.pos_ in ("NOUN", "PROPN") and (
        t.lemma_.lower() in lex.document_nouns or t.lower_ in lex.document_nouns)
        and names_its_maker(t)]
    return min(polls, key=lambda t: abs(t.i - share.i), default=None)


def is_share(subject: Token) -> bool:
    """A poll's share of respondents as a subject: "4 in 10", "six out of 10", "42
    percent" (not "Two of the officials", who are people)."""
    if subject.lower_ in ("percent", "%"):
        return any(c.pos_ == "NUM" for c in subject.children)
    return subject.pos_ == "NUM" and any(
        c.dep_ == "quantmod" and c.lower_ in ("in", "of", "out") for c in subject.children)


def share_subject(verb: Token) -> Token | None:
    """The poll share that is the verb's subject ("42 percent would vote ..."), if any."""
    return next((c for c in verb.children if c.dep_ == "nsubj" and is_share(c)), None)


def names_its_maker(noun: Token) -> bool:
    """"a Gallup poll", "Reuters' survey", "the survey by Pew Research Center" (not a
    place or a time: "an Ohio poll", "Monday's poll")."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss") and child.pos_ == "PROPN" and (
                child.ent_type_ not in POLL_PLACE_OR_TIME):
            return True
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of") and any(
                g.dep_ == "pobj" and g.pos_ == "PROPN" for g in child.children):
            return True
    return False
