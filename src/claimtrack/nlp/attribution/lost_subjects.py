"""The speaker of a finite cue verb whose subject the parser hung elsewhere (issue 10,
"cue known, shape missed" on PolNeAR train 1-300).

A name set off by commas before the cue is often parsed as an appositive of the noun
before it, so the cue verb ends up with no subject at all:

- "But in a call with reporters on Monday, Col. Ana Ruiz, a police spokesman, said ..."
  (the name hung on "Monday");
- "In a statement, her senior adviser, Jo Lee, said: ..." (the speaker phrase parsed as
  the preposition's object).

``recovered_subject`` reads the words right before the verb instead: its own auxiliaries
and adverbs, then at most ``MAX_ASIDES`` comma-set asides (an appositive, an age, a
participle or relative clause, "meanwhile"), then a noun phrase that starts a phrase of
its own (after a comma, a dash, a quotation mark or the sentence start, never after a
preposition whose object it is). The phrase must name a possible speaker
(``may_be_speaker``); a bare name in the aside beats a title before it ("her senior
adviser, Jo Lee"). Anything else gives None: no speaker is better than a wrong one.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import inside_quote_marks
from claimtrack.nlp.attribution.lexicon import Lexicon
from claimtrack.text import QUOTE_CHARS

FINITE_TAGS = ("VBD", "VBZ", "VBP")
# "X, a spokesman for the council, said": an aside of at most this many tokens, and at
# most two of them ("Lee, meanwhile, who sits on the board, said"); longer runs are
# clauses of their own, whose subject is no speaker of the cue
MAX_ASIDE_TOKENS = 14
MAX_ASIDES = 2
# the words a speaker's noun phrase is made of ("Col. Ana Ruiz", "the club's president")
NAME_PHRASE_POS = ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART")
NAME_PUNCT = (".", "-", "'s", "’s")  # "Col. Ana Ruiz", "Anna Richardson-White"
SPEAKER_POS = ("PROPN", "NOUN", "PRON")
# what may stand right before that phrase: it starts a phrase of its own
PHRASE_BOUNDARIES = (",", "—", "―", "–", "--", "-", ":", ";")
PLACE_OR_EVENT = ("GPE", "LOC", "FAC", "EVENT", "DATE", "TIME", "MONEY", "PERCENT",
                  "CARDINAL", "ORDINAL", "QUANTITY", "WORK_OF_ART", "LAW", "PRODUCT")


def may_be_speaker(tok: Token, lex: Lexicon) -> bool:
    """A speaker: a name (not a place or an event), a person or organisation noun, a
    personal pronoun; "it", "this", "the primary", "Cairo" speak for nobody."""
    if tok.ent_type_ in PLACE_OR_EVENT:
        return False
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in lex.pronouns_person or tok.lower_ in lex.pronouns_plural
    lemma = tok.lemma_.lower()
    return tok.ent_type_ in ("PERSON", "NORP", "ORG") or lemma in lex.person_words or (
        lemma in lex.greeted_people or lemma in lex.organization_words
        or lemma in lex.person_titles or lemma in lex.government_words)


def recovered_subject(verb: Token, lex: Lexicon | None) -> Token | None:
    """The speaker right before a finite cue verb that has no subject of its own (module
    docstring), or None."""
    found = recovered_speaker(verb, lex)
    return found[0] if found is not None else None


def recovered_speaker(verb: Token, lex: Lexicon | None) -> tuple[Token, int] | None:
    """(speaker, index of the first token of the speaker's phrase, asides included)."""
    if lex is None or verb.pos_ != "VERB" or not is_finite(verb):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    doc, sent = verb.doc, verb.sent
    own = {c.i for c in verb.children if c.dep_ in ("aux", "advmod", "neg")}
    k = verb.i - 1
    while k > sent.start and k in own:  # "had said", "also said"
        k -= 1
    name = None
    for _ in range(MAX_ASIDES):
        if doc[k].text != ",":
            break
        opening = previous_comma(doc, k, sent.start)
        if opening is None or opening == sent.start or not is_aside(doc[opening + 1 : k]):
            return None
        aside = doc[opening + 1 : k]
        if name is None and all(t.pos_ == "PROPN" or t.is_punct for t in aside):
            name = aside[-1]  # "her senior adviser, Jo Lee, said": the name speaks
        k = opening - 1
        if doc[k].pos_ in SPEAKER_POS:
            break
        k = opening  # one aside after another: "Lee, meanwhile, who sits on ..., said"
    head = doc[k]
    if head.pos_ not in SPEAKER_POS or inside_quote_marks(head):
        return None
    first = k
    while first > sent.start and in_name_phrase(doc[first - 1]):
        first -= 1
        if doc[first].lower_ == "of" and first > sent.start and (
                doc[first - 1].pos_ == "NOUN"):
            head = doc[first - 1]  # "her chief of staff": the chief speaks
    if first > sent.start:
        before = doc[first - 1]
        if before.text not in PHRASE_BOUNDARIES and before.text not in QUOTE_CHARS and not (
                before.pos_ == "CCONJ" and before.i == sent.start):
            return None  # "with reporters on Monday": the object of a preposition
    if not may_be_speaker(head, lex):
        return None
    if name is not None and head.pos_ != "PROPN" and may_be_speaker(name, lex):
        return name, first
    return head, first


def in_name_phrase(tok: Token) -> bool:
    """A word of a speaker's noun phrase: "Col. Ana Ruiz", "the club's president"."""
    return tok.text not in QUOTE_CHARS and (tok.pos_ in NAME_PHRASE_POS or tok.dep_ in (
        "compound", "poss", "case") or tok.text in NAME_PUNCT or (
        tok.lower_ == "of" and tok.head.pos_ == "NOUN"))


def is_finite(verb: Token) -> bool:
    """A finite verb, or a perfect participle with its finite auxiliary ("had said")."""
    return verb.tag_ in FINITE_TAGS or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in FINITE_TAGS
        for c in verb.children))


def previous_comma(doc, k: int, start: int) -> int | None:
    """The comma opening the aside that the comma at ``k`` closes (within the window)."""
    for i in range(k - 1, max(start, k - MAX_ASIDE_TOKENS - 1) - 1, -1):
        if doc[i].text == ",":
            return i
    return None


def is_aside(aside) -> bool:
    """Words set off by commas that describe the speaker: no quotation mark, no finite
    verb outside a relative clause ("a man who sits on the board"), no question."""
    if not len(aside):
        return False
    for tok in aside:
        if tok.text in QUOTE_CHARS or tok.text == "?":
            return False
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ in FINITE_TAGS and not any(
                t.dep_ == "relcl" or t.tag_ in ("WP", "WDT") for t in (tok, *tok.children)):
            return False
    return True
