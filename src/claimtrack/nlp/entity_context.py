"""Context tests the entity label fixes (nlp/entities.py) read: a name's words and head
noun, nationality words, and what the words around a mention say it names (an organisation,
a person by role, an annexed place, a speaker). Word lists: data/entities.json."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from claimtrack.names import strip_name
from claimtrack.nlp.entity_rules import POSSESSIVE, Mention, lexicon

# Labels the model gives names it has misread; a name's head noun may overrule them.
MISREAD_LABELS = {"FAC", "PRODUCT", "WORK_OF_ART", "PERSON", "LOC", "EVENT"}
NAME_CONNECTORS = {"of", "for", "on", "in", "to", "against", "at"}


def name_words(text: str) -> list[str]:
    """Words of a person's name: 'Kassym-Jomart Tokayev' -> ['Kassym-Jomart', 'Tokayev']."""
    return list(name_words_of(text))


@lru_cache(maxsize=4096)  # the same names recur through a document's label rules
def name_words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in strip_name(text).split() if w)


@lru_cache(maxsize=4096)
def is_nationality(text: str) -> bool:
    words = lexicon()["nationality_words"]
    parts = [p for p in re.split(r"[\s\-]+", strip_name(text)) if p]
    if not parts:
        return False
    joined = " ".join(parts).lower()
    if joined in words:
        return True
    return all(p.lower() in words or (p.lower().endswith("s") and p.lower()[:-1] in words)
               for p in parts)


def organization_context(doc: Doc, m: Mention) -> bool:
    """'a new organization, X', 'X, a rights group', 'X founder ...', 'the X group'."""
    lex = lexicon()
    org_nouns, roles = lex["organization_nouns"], lex["organization_role_nouns"]
    before = doc[max(0, m.start - 2):m.start]
    if len(before) == 2 and before[1].text == "," and before[0].lower_ in org_nouns:
        return True
    after = doc[m.end:m.end + 4]
    if len(after) >= 2 and after[0].text == ",":
        for token in after[1:]:
            if token.lower_ in org_nouns:
                return True
            if token.pos_ not in {"DET", "ADJ", "NOUN"} or token.lower_ in roles:
                break
    # "Ata Zhurt founder ...": not nouns that follow a person's name as often ("the Trump
    # campaign", "Clinton spokesman Brian Fallon").
    if len(after) >= 1 and after[0].pos_ == "NOUN" and after[0].lower_ in org_nouns | roles \
            and after[0].dep_ in {"compound", "nsubj", "ROOT", "appos", "dobj", "pobj"}:
        return after[0].lower_ not in lex["person_following_nouns"]
    return False


def head_noun_label(doc: Doc, m: Mention, text: str, single_persons: set[str]) -> str | None:
    """A name's last word says what it names: "Beijing Chinese Language Institute" (FAC) is
    an ORG, "Belt and Road Initiative" (FAC) an ORG (initiatives and programmes are run by
    organisations), "the National Voter Registration Act" (ORG) a LAW. Only labels the model
    misreads are overruled (a GPE "Soviet Union" stays), and a head word used alone as a
    person's name in the doc ("Margaret Court" ... "Court said") is no head noun."""
    lex = lexicon()
    words = name_words(text)
    if len(words) < 2 or words[-1] in single_persons:
        return None
    if words[-1] in lex["law_head_nouns_set"] and m.label in MISREAD_LABELS | {"ORG", "GPE",
                                                                             "NORP"}:
        return "LAW"  # "Freedom of Information Act": a law's title ends with its kind
    # "University of British Columbia": the head is the word before the first connector, so
    # "State of the Union" is headed by "State", not "Union".
    connector = next((k for k, w in enumerate(words) if w in NAME_CONNECTORS), len(words))
    if connector < 1:
        return None
    head = words[connector - 1]
    if head in lex["programme_head_nouns_set"] and m.label in MISREAD_LABELS | {"GPE", "NORP"} \
            and m.label != "EVENT":
        return "ORG"
    if head in lex["organization_head_nouns_set"] and m.label in MISREAD_LABELS | {"NORP"}:
        return "ORG"
    return None


def person_by_role(doc: Doc, m: Mention, publication_ends: set[int]) -> bool:
    """A two- or three-word proper name the model called ORG is a person's name when a
    person's role or title comes right before it ("moderator Lester Holt", "Sen. Tim
    Kaine") or a publication owns it ("NBC's Lester Holt")."""
    lex = lexicon()
    span = doc[m.start:m.end]
    words = name_words(span.text)
    if not 2 <= len(words) <= 3 or m.start == 0:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
        return False
    if words[-1] in lex["organization_head_nouns_set"] | set(lex["publication_head_nouns"]) \
            or strip_name(span.text) in lex["publication_names"]:
        return False
    before = doc[m.start - 1]
    if before.lower_.rstrip(".") in lex["person_role_set"]:
        return True
    return before.text in POSSESSIVE and (m.start - 1) in publication_ends


def place_context(doc: Doc, m: Mention) -> bool:
    """'the annexation of Crimea', 'Russia annexed Crimea': what is annexed, invaded or
    occupied is a place, not an organisation."""
    lex = lexicon()
    root = doc[m.start:m.end].root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head.lemma_.lower() in lex["place_event_nouns_set"]
    if root.dep_ == "dobj" and head.pos_ == "VERB":
        return head.lemma_.lower() in lex["place_event_verbs_set"]
    return False


def speaks(doc: Doc, m: Mention) -> bool:
    """The mention is the subject of a speech verb ('Wang added', 'said Wang')."""
    root = doc[m.start:m.end].root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in {
        "say", "add", "tell", "argue", "write", "note", "state", "claim", "insist", "warn"}
