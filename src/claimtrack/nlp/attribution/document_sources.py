"""Documents as sources (a mixin of ``sources.SourceResolver``): a report, poll or
estimate goes to its outlet, author, publisher or owner when the text names one ("a
report by two journalists for The Guardian", "figures released by the ONS", "Its latest
report"), else it is a ``document`` source of its own."""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.group_sources import ORG_KINDS
from claimtrack.nlp.attribution.polls import POLL_PLACE_OR_TIME
from claimtrack.nlp.attribution.source_types import (
    Source,
    is_publication,
    name_text,
    trim_det,
)

# a document's "in X" that is its time or place, not the outlet that ran it
NOT_VENUE_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT", "NORP"})


class DocumentSources:
    """Document speakers, for ``SourceResolver`` (uses its names and coreference)."""

    def document_source(self, head: Token, tokens: list[Token]) -> Source:
        """A report/statement/estimate: its publication, author or owner when named."""
        description = name_text(trim_det(tokens))
        by = None
        venue = None
        # "a report by two journalists for The Guardian": the outlet anywhere in the phrase
        for tok in tokens:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "in") and is_publication(
                    name_text(list(tok.subtree)), self.lex):
                venue = tok
                break
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if prep.lower_ in ("by", "from") and by is None:
                by = pobj
            elif prep.lower_ in ("for", "in", "published") and venue is None:
                venue = pobj
        # "the figures, released by the Office for National Statistics, show ...": the
        # participle's agent published them (not "figures disputed by Labour")
        for acl in (c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"
                    and c.lemma_.lower() in self.lex.publishing_verbs):
            agent = next((g for a in acl.children if a.dep_ == "agent"
                          for g in a.children if g.dep_ == "pobj"), None)
            if agent is not None and by is None:
                by = agent
        owner = next((c for c in head.children if c.dep_ in ("poss", "compound")
                      and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON", "GPE"))
                      and not self.poll_place_or_kind(head, c)), None)
        its = next((c for c in head.children if c.dep_ == "poss" and c.lower_ == "its"), None)
        if owner is None and its is not None:
            # "Its latest report shows": the organisation the pronoun refers to owns it
            resolved = self.resolve_neuter(its, ORG_KINDS)
            if resolved is not None:
                resolved = resolved.copy()
                resolved.description = name_text(trim_det([t for t in tokens if t != its]))
                return resolved
        for candidate in (venue, by, owner):
            if candidate is None:
                continue
            if candidate is venue and not is_publication(
                    name_text(list(candidate.subtree)), self.lex) and (
                    candidate.ent_type_ in NOT_VENUE_ENTS
                    or not (candidate.ent_type_ == "ORG" or candidate.pos_ == "PROPN")):
                continue  # "a poll in June", "a survey in Iowa": a date or place, no outlet
            sub = self.named_source(candidate, list(candidate.subtree)) if self.named_span(
                candidate, list(candidate.subtree)) else None
            if sub is None:
                continue
            if candidate is venue and sub.kind not in ("publication",):
                sub.kind = "publication" if is_publication(sub.name, self.lex) else sub.kind
            sub.description = description
            return sub
        name = description
        if tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("a", "an"):
            name = name_text(tokens[1:])
        # "data from the census bureau": an unnamed publisher is the affiliation
        affiliation = None
        if by is not None and by.lemma_.lower() in self.lex.organization_words:
            affiliation = name_text(trim_det(list(by.subtree))) or None
        return Source(name, "document", None, affiliation)

    def poll_place_or_kind(self, poll: Token, word: Token) -> bool:
        """A word before a poll that names no maker: the place or time it was taken ("Ohio
        surveys", "the mid-January poll") or its kind, capitalised at a sentence start
        ("Exit polls")."""
        if poll.lower_ not in self.lex.poll_nouns:
            return False
        return word.ent_type_ in POLL_PLACE_OR_TIME or word.lower_ in self.lex.poll_specifiers
