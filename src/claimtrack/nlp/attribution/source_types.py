"""Typed sources: the ``Source`` record and how a name is typed (person, organisation,
government, publication, group, document) from the word lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import strip_possessive, token_end
from claimtrack.nlp.attribution.lexicon import Lexicon, bare_name
from claimtrack.text import doc_text

SOURCE_KINDS = ("person", "organization", "government", "publication", "group", "document")


# messages and the media words arrive through ("said in a statement", "released the
# following statement:", "on his blog:", "on a call with reporters"): a phrase on the
# speaker's noun naming one is how it spoke, not who; a colon after one introduces it
MESSAGE_NOUNS = frozenset({"statement", "message", "tweet", "post", "note", "letter",
                           "response", "reply", "remark", "remarks", "words", "warning",
                           "blog", "column", "interview", "speech", "podcast", "newsletter",
                           "op-ed", "editorial", "email", "video", "call", "release",
                           "briefing"})
HANDLE = re.compile(r"@\w{2,30}")  # a social account: "@cityparks"

@dataclass
class Source:
    """Who an attribution names: resolved within the document, typed, described."""

    name: str
    kind: str
    description: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)

    def copy(self) -> Source:
        return replace(self, aliases=list(self.aliases))

    def as_dict(self) -> dict:
        """Plain data for ``doc._.ct_attributions`` (msgpack-safe for n_process > 1)."""
        # the fields by name, as dataclasses.asdict gives them, without its deep copy
        # (every field but the aliases, rebuilt here, is a string or None)
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["aliases"] = sorted({a for a in self.aliases if a != self.name})
        return data


def source_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """The speaker's noun phrase: the head's subtree, minus the branch holding the cue,
    a time phrase ("Trump this week said") and a participle set off by a comma ("The
    minister, asked about the tax, replied"): those describe the moment, not the source."""
    banned: set[int] = set()
    doc = head.doc
    # "was described by police as a white man": the parser hangs the verb's predicate on
    # the agent's noun; it describes the theme, not the source
    agent = head.dep_ == "pobj" and head.head.dep_ == "agent"
    for child in head.children:
        if any(t.i in exclude for t in child.subtree) or child.dep_ == "npadvmod" or (
                child.dep_ == "acl" and child.tag_ in ("VBN", "VBG", "VBD")
                and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",") or (
                agent and child.dep_ == "prep" and child.lower_ == "as"
                and child.i > head.i and doc[child.i - 1].lower_ != "such") or (
                child.dep_ == "prep" and child.lower_ in ("in", "on", "via") and child.i > head.i
                and any(g.dep_ == "pobj" and g.lemma_.lower() in MESSAGE_NOUNS
                        for g in child.children)):
            # ... and "the mayor's office [in a statement] said": the medium, not the source
            banned.update(t.i for t in child.subtree)
    toks = [t for t in head.subtree if t.i not in banned and t.i not in exclude]
    # contiguous run around the head
    idx = {t.i for t in toks}
    lo = hi = head.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    run = list(head.doc[lo : hi + 1])
    while run and (run[0].is_punct or run[0].lower_ == "as" or run[0].is_space) and run[0] != head:
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space) and run[-1] != head:
        run = run[:-1]
    return run


def name_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc_text(doc)[tokens[0].idx : token_end(tokens[-1])]


def is_publication(name: str, lex: Lexicon) -> bool:
    bare = bare_name(name)
    if bare.lower() in lex.publications_lower or bare in lex.publications_cased:
        return True
    words = name.split()
    return len(words) >= 2 and words[-1] in lex.publication_words_cased and all(
        w[:1].isupper() for w in words if w.lower() not in ("the", "of", "and")
    )


def clean_org_name(name: str, lex: Lexicon) -> str:
    """'the White House' -> 'White House'; publications keep a leading 'The' as listed."""
    name = strip_possessive(name.strip())
    bare = bare_name(name)
    if bare.lower() in lex.publications_with_the and is_publication(bare, lex):
        return "The " + bare  # "The Guardian", as the outlet writes itself
    return bare


def kind_of_named(name: str, label: str, description: str, lex: Lexicon) -> str:
    low = name.lower()
    if bare_name(low) in lex.pollsters:
        return "organization"  # "Gallup found": a polling firm, not an outlet
    if is_publication(name, lex):
        return "publication"
    desc_words = set(description.lower().replace(",", " ").split())
    # "Zero, an environmental association": described as a body, whatever the model says
    # (the head of each description part: "union boss" is a person, "union" no body)
    heads = {re.split(r"\b(?:for|of|at|in|from|with|on|to)\b", part)[0].split()[-1]
             for part in description.lower().split(",")
             if re.split(r"\b(?:for|of|at|in|from|with|on|to)\b", part)[0].split()}
    described_body = bool(heads & lex.organization_words) and not heads & lex.person_words
    if label == "PERSON" and not described_body:
        return "person"
    if low in lex.online_platforms_lower:
        return "organization"  # "Twitter said": the company (the model may say PERSON)
    if label in ("GPE", "") and desc_words & lex.person_words:
        return "person"  # "Rivera, a council member": the model's GPE is wrong
    if label == "GPE" or low in lex.government_words:
        return "government"
    words = low.split()
    if any(w in lex.government_words for w in words) or any(
        re.search(rf"\b{re.escape(phrase)}\b", low) for phrase in lex.government_phrases
    ):
        return "government"
    if label == "NORP":
        return "group"
    if described_body:
        return "organization"
    cased = name.split()
    if label == "ORG" and desc_words & (lex.person_words - lex.firm_roles) and 2 <= len(
            cased) <= 4 and all(w[:1].isupper() for w in cased) and not any(
            w in lex.organization_words_cased for w in cased):
        return "person"  # "Kiprono Cheruiyot, the association's chairman": not an ORG
    if label in ("ORG", "FAC") or any(w in lex.organization_words_cased for w in cased):
        return "organization"
    if desc_words & lex.person_words:
        return "person"
    if 2 <= len(cased) <= 4 and all(w[:1].isupper() for w in cased):
        return "person"
    return "organization" if label else "person"


def trim_det(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].dep_ in ("det", "punct", "nummod") and tokens[0].lower_ in (
            "a", "an", "the", "one", ",", "—", "–", "-", "(")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    idx = {t.i for t in tokens}
    if anchor.i not in idx:
        return tokens
    lo = hi = anchor.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return list(anchor.doc[lo : hi + 1])


def is_document_noun(tok: Token, lex) -> bool:
    """A report, data or figures; by the word too, since the lemmatiser makes "data"
    "datum" and "figures" "figure" (a person: "a public figure")."""
    return tok.lemma_.lower() in lex.document_nouns or tok.lower_ in lex.document_nouns
