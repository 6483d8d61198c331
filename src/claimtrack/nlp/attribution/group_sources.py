"""Common-noun sources (a mixin of ``sources.SourceResolver``): a descriptive or vague
``group`` ("critics", "Acme's spokesperson") unless "the group" / "the ministry" / "the
minister" resolves to one named earlier; a person word keeps the body it speaks for as
affiliation."""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import strip_possessive
from claimtrack.nlp.attribution.source_types import (
    Source,
    clean_org_name,
    contiguous,
    is_document_noun,
    name_text,
)

ORG_KINDS = {"organization", "government", "publication"}  # what "its" can refer to
# heads of "the group", "the company" that any organisation named before can be; other
# descriptive heads ("the ministry", "the institute") name a kind of body
GENERIC_BODY_HEADS = frozenset({"group", "organization", "organisation", "body", "company",
                                "firm", "charity", "ngo", "watchdog", "movement", "network",
                                "alliance", "coalition", "campaign", "outlet", "site",
                                "website", "publication"})
PUBLICATION_HEADS = frozenset({"outlet", "site", "website", "publication"})


def names_a(lemma: str, source: Source) -> bool:
    """Whether a source's name or description says it is a ``lemma`` ("ministry")."""
    words = f"{source.name} {source.description or ''}".lower().replace("-", " ").split()
    return lemma in words or lemma + "s" in words


class GroupSources:
    """Common-noun speakers, for ``SourceResolver`` (uses its names and coreference)."""

    def common_source(self, head: Token, tokens: list[Token]):
        """A common-noun speaker: descriptive ("the group") or vague ("critics")."""
        lex = self.lex
        lemma = head.lemma_.lower()
        determiners = {c.lower_ for c in head.children if c.dep_ == "det"}
        has_poss = any(c.dep_ == "poss" for c in head.children)
        plural = head.tag_ in ("NNS", "NNPS")
        # "the group", "the organization" -> the nearest organization named before
        if "the" in determiners and not plural and not has_poss and len(tokens) <= 3:
            if lemma in lex.group_descriptive_heads and (
                    len(tokens) == 2 or lemma in GENERIC_BODY_HEADS):
                found = self.body_before(head, lemma)
                if found is not None:
                    return found.copy(), tokens, True
            elif lemma in lex.person_words:
                found = self.titled_person_before(head)
                if found is not None:
                    return found, tokens, True
        # "Critics, who were not named": the relative clause is not part of the name
        clauses = {t.i for c in head.children if c.dep_ == "relcl" for t in c.subtree}
        named = [t for t in tokens if t.i not in clauses]
        named = contiguous(named, head) if head in named else named
        while len(named) > 1 and named[-1].is_punct:
            named = named[:-1]
        name = self.group_name(named or tokens)
        if is_document_noun(head, lex):
            kind = "document"
        elif lemma in lex.government_words and not plural:
            kind = "government"
        else:
            kind = "group"
        affiliation = self.group_affiliation(head) if lemma in lex.person_words else None
        return Source(name, kind, None, affiliation), tokens, False

    def body_before(self, head: Token, lemma: str) -> Source | None:
        """The body "the group" or "the ministry" refers to: the nearest organisation
        named before it; for a kind of body ("the ministry", "the institute") only one
        whose name says so ("the environment ministry", "Ministry of Health"), so the
        ministry is never the statistics institute quoted in between. A phrase with a
        word of its own ("the environment ministry") names itself."""
        kinds = ({"publication"} if lemma in PUBLICATION_HEADS else {"organization"}) if (
            lemma in GENERIC_BODY_HEADS) else ORG_KINDS  # "the group" is no ministry
        found = self.previous_source(head.idx, kinds, 0, None if (
            lemma in GENERIC_BODY_HEADS) else lambda s: names_a(lemma, s))
        if found is None:
            found = self.org_entity_before(head)
            if found is not None and lemma not in GENERIC_BODY_HEADS and not names_a(
                    lemma, found):
                found = None
        return found

    def group_affiliation(self, head: Token) -> str | None:
        """The organisation a person word speaks for ("Acme's spokesperson", "a
        spokeswoman for the Department of Health"), so one body's unnamed spokespeople
        meet in the registry under it. Its critics, fans or former staff speak for it
        not at all ("critics of the Federal Reserve", "a former employee of Acme")."""
        if head.lemma_.lower() in self.lex.outsider_person_words or any(
                c.dep_ == "amod" and c.lower_ == "former" for c in head.children):
            return None
        for child in head.children:
            owner = child if child.dep_ == "poss" else next(
                (g for g in child.children if g.dep_ == "pobj"), None) if (
                child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from")) else None
            if owner is None or owner.ent_type_ in ("GPE", "LOC") or not (
                    owner.pos_ == "PROPN" or owner.ent_type_ in ("ORG", "NORP")):
                continue  # a place is the title's ("The Mayor of London"), no body
            named = self.named_span(owner, list(owner.subtree))
            if named:
                return clean_org_name(name_text(named), self.lex)
        return None

    def group_name(self, tokens: list[Token]) -> str:
        """The phrase, with 'his'/'her' replaced by the person it refers to."""
        out = []
        for t in tokens:
            piece = t.text
            if t.dep_ == "poss" and t.lower_ in ("his", "her"):
                person = self.resolve_person(t)
                if person is not None and person.kind == "person":
                    piece = strip_possessive(person.name.split()[-1]) + "’s"
            elif t.dep_ == "poss" and t.lower_ == "its":
                # "Its governor said": the organisation's governor, not a source named "Its"
                owner = self.resolve_neuter(t, ORG_KINDS)
                if owner is not None:
                    piece = strip_possessive(owner.name) + "’s"
            out.append(piece + t.whitespace_)
        name = "".join(out).strip()
        if tokens and tokens[0].lower_ in ("a", "an") and len(tokens) > 1:
            name = name.split(" ", 1)[1]
        return name
