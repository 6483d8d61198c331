"""Stage 4, sources: the speaker token -> a typed, named ``Source``.

A name comes from the entity or proper-noun run at the head; words before it and
appositives become the description, an organisation in them the affiliation; reports
and estimates go to their outlet, author or owner; a common noun is a descriptive or
vague ``group`` source unless "the group" / "the minister" resolves to one named
earlier. Pronouns go to ``coreference``.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.context import (
    DocContext,
    missed_name_start,
    strip_possessive,
    without_title,
)
from claimtrack.nlp.attribution.coreference import (
    Coreference,
    headline_body_source,
    headline_title_source,
)
from claimtrack.nlp.attribution.document_sources import DocumentSources
from claimtrack.nlp.attribution.group_sources import GroupSources
from claimtrack.nlp.attribution.lexicon import is_reporting_form
from claimtrack.nlp.attribution.polls import is_share, poll_of_share
from claimtrack.nlp.attribution.source_types import (
    HANDLE,
    Source,
    clean_org_name,
    contiguous,
    is_document_noun,
    is_publication,
    kind_of_named,
    name_text,
    source_tokens,
    trim_det,
)
from claimtrack.nlp.attribution.subjects import find_subject
from claimtrack.nlp.attribution.titles import title_phrase_name


class SourceResolver(DocumentSources, GroupSources, Coreference):
    """Names and types speakers; resolves pronouns, surnames and descriptive phrases
    against named sources seen earlier in the document."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.lex = ctx.lex
        self.previous: list[tuple[int, Source]] = []  # (cue_start, source) in text order
        # speakers by the token that names them (pronoun resolution reuses them)
        self.speakers: dict[int, Source] = {}
        # the content of the report being sourced: its speaker is never inside it
        self.content: tuple[int, int] = (0, 0)
        # canonical names from claimtrack_entities (misspellings, acronyms), when it ran
        self.entities = [e for e in (ctx.doc._.ct_entities or []) if e.get("canonical")]

    def remember(self, position: int, source: Source, head: Token | None = None) -> None:
        self.previous.append((position, source))
        if head is not None:
            self.speakers.setdefault(head.i, source)

    def named_span(self, head: Token, tokens: list[Token]) -> list[Token] | None:
        """The proper-name tokens around the head: its entity, else its PROPN chain."""
        ent = self.ctx.ent_of.get(head.i)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            toks = [t for t in ent if t.tag_ != "POS"]
            # "the Kazakh prosecution": a NORP/ORG adjective inside a common-noun phrase
            if head.pos_ == "NOUN" and head not in ent:
                return None
            if ent.label_ in ("ORG", "PERSON"):
                toks = missed_name_start(ent, self.lex) + toks
            return toks
        if head.pos_ != "PROPN":
            return None
        run = [head]
        i = head.i - 1
        while i >= 0 and head.doc[i].pos_ == "PROPN" and head.doc[i].dep_ in ("compound", "flat"):
            if head.doc[i].is_sent_start and is_reporting_form(head.doc[i].lower_, self.lex):
                break  # "Added Okafor: ...": the inverted cue, tagged as a name
            run.insert(0, head.doc[i])
            i -= 1
        return run

    def title_before_name(self, head: Token, tokens: list[Token]) -> Source | None:
        """'Mayor of Leeds Jane Doe said', 'chief executive of the Food Bank Network Ali
        Khan warned': the model runs the title's "of" object into the name. The person is
        the last two capitalised words (with a middle initial); the title phrase is the
        description and the object of "of" the affiliation."""
        lex, doc = self.lex, head.doc
        chain_head = head
        if head.pos_ in ("NOUN", "PROPN") and head.lower_ in lex.person_words:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            chain_head = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if chain_head is None or chain_head.pos_ != "PROPN":
            return None
        chain = [chain_head]
        while chain[0].i > 0 and doc[chain[0].i - 1].pos_ == "PROPN":
            chain.insert(0, doc[chain[0].i - 1])
        name = chain[-2:]
        if len(chain) >= 4 and len(chain[-2].text.rstrip(".")) == 1:
            name = chain[-3:]  # "Jane Q. Doe"
        org = chain[: len(chain) - len(name)]
        if not org or not all(t.is_title and t.is_alpha for t in (name[0], name[-1])):
            return None
        start = org[0].i - 1
        if doc[start].lower_ == "the":
            start -= 1
        of = doc[start] if start >= 0 else None
        if of is None or of.lower_ != "of" or of.head.lemma_.lower() not in lex.person_words:
            return None
        if of.head.lemma_.lower() in lex.outsider_person_words:
            return None  # "A critic of Senator Dana Lee said": the critic, never Lee
        if self.ctx.ent_of.get(name[-1].i) is None:
            return None  # no entity at all: not sure it is a name
        title = of.head
        first = min((t for t in tokens if t.i <= title.i), key=lambda t: t.i, default=title)
        desc = trim_det([t for t in doc[first.i : org[-1].i + 1]])
        name_str = name_text(name)
        full = self.ctx.full_name_for(name_str) or name_str
        aliases = [name_str] if full != name_str else []
        org_text = name_text(org)
        # "Secretary of State John Kerry": "of State" belongs to the title
        compound_title = f"{title.lower_} of {org_text.lower()}" in lex.person_words
        affiliation = None if compound_title else clean_org_name(org_text, lex)
        return Source(full, "person", name_text(desc) or None, affiliation, aliases)

    def describe(self, head: Token, exclude: set[int]) -> tuple[Source, list[Token], bool] | None:
        """(source, source tokens, resolved-from-elsewhere) or None when not a speaker."""
        lex = self.lex
        low = head.lower_
        # relative pronoun: "people who claimed ..." -> the antecedent
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            antecedent = head.head.head
            if antecedent.dep_ == "appos":  # "McConnell, now the leader, who said"
                antecedent = antecedent.head
            while antecedent.dep_ == "conj" and antecedent.head is not antecedent:
                antecedent = antecedent.head
            if antecedent.dep_ == "attr":  # "Trump is a liar ... who has pledged"
                # "Trump incites violence and is a liar ... who": the shared subject
                subject, how = find_subject(antecedent.head, lex)
                if subject is not None and how in ("subject", "shared"):
                    antecedent = subject
            described = self.describe(antecedent, exclude | {t.i for t in head.head.subtree})
            if described is None:
                return None
            return described[0], [head], described[2]
        if is_share(head) and (poll := poll_of_share(head, lex)) is not None:
            # "Sixty percent said ...": the share is the mention in the sentence (as a
            # pronoun is), the poll naming its maker the source it speaks for
            described = self.describe(poll, exclude)
            if described is None:
                return None
            return described[0], source_tokens(head, exclude) or [head], described[2]
        if low in lex.pronouns_skip and head.pos_ == "PRON":
            if low in ("those", "these") and any(
                    c.dep_ in ("amod", "prep", "relcl", "acl") for c in head.children):
                return self.common_source(head, source_tokens(head, exclude))
            return None
        if head.pos_ == "PRON" or low in lex.pronouns_person | lex.pronouns_plural:
            return self.resolve_pronoun(head)
        tokens = source_tokens(head, exclude)
        if not tokens:
            return None
        if self.bare_headline_title(head, tokens):
            title = headline_title_source(self.ctx, head.lower_, name_text(trim_det(tokens)))
            if title is not None:
                return title, tokens, True
            if not any(t.dep_ == "det" for t in tokens):
                return None  # headline-ese "Minister says ...": the title alone is nobody
        if self.bare_headline_body(head, tokens):
            # headline-ese "Council says ...": the body the article names with that word
            # ("Northfield District Council"); with none, the word as written
            body = headline_body_source(self.ctx, head.lower_)
            if body is not None:
                return body, tokens, True
        titled = self.title_before_name(head, tokens) or title_phrase_name(self, head, tokens)
        if titled is not None:
            return titled, tokens, False
        # appositive name: "One Kazakh expert, Aidan Karibzhanov, head of SD Visor group"
        appos = [c for c in head.children if c.dep_ == "appos" and c.i not in exclude]
        if head.pos_ == "NOUN" or (head.lower_ in lex.person_titles and any(
                a.left_edge.i == head.i + 1 for a in appos)):
            # "Councillor Ade Bello (@adebello) tweeted": the parser made the name an
            # appositive of the title before it
            named_appos = next((a for a in appos if self.named_span(a, tokens)), None)
            if named_appos is not None:
                return self.named_source(named_appos, tokens, extra_description=head), tokens, False
        # "Human Rights Watch estimates", "X's report", "a report by X for Y"
        if is_document_noun(head, lex) and head.pos_ == "NOUN":
            return self.document_source(head, tokens), tokens, False
        named = self.named_span(head, tokens)
        if named and not all(t.lower_ in lex.person_words for t in named):
            return self.named_source(head, tokens), tokens, False
        # a bare capitalised title ("The Mayor of London said"): the phrase, not "Mayor"
        phrase = strip_possessive(name_text(trim_det(tokens)))
        if head.text[:1].isupper() and is_publication(phrase, lex):
            # "Time reported", "The Post reported": an outlet the model took for a noun
            return Source(clean_org_name(phrase, lex), "publication"), tokens, False
        return self.common_source(head, tokens)

    def bare_headline_body(self, head: Token, tokens: list[Token]) -> bool:
        """Whether the speaker is a headline's bare body word ("Council says ...")."""
        span = self.ctx.headline_span
        words = [t for t in tokens if t.dep_ != "det"]
        return span is not None and span[0] <= head.idx < span[1] and len(words) == 1 and (
            head.lower_ in self.lex.group_descriptive_heads and head.text[:1].isupper())

    def bare_headline_title(self, head: Token, tokens: list[Token]) -> bool:
        """Whether the speaker is a headline's bare title ("Minister says exports will
        double"), which only ``coreference.headline_title_source`` resolves."""
        span = self.ctx.headline_span
        if span is None or not span[0] <= head.idx < span[1]:
            return False
        words = [t for t in tokens if t.dep_ != "det"]
        return bool(words) and all(t.lower_ in self.lex.person_words for t in words)

    def named_source(self, head: Token, tokens: list[Token], extra_description: Token | None = None
                     ) -> Source:
        name_toks = self.named_span(head, tokens) or [head]
        ent = self.ctx.ent_of.get(head.i)
        label = ent.label_ if ent is not None else ""
        if all(t.pos_ == "PROPN" for t in name_toks[1:]):
            # "Councillor Ade Bello" (the model's ORG swallowed the title), "Cllr Shah"
            titled = without_title(name_toks, self.lex)
            if len(titled) < len(name_toks) and name_toks[0].lower_ in self.lex.person_titles:
                label = "PERSON"
            name_toks = titled
        raw_name = name_text(name_toks)
        name = strip_possessive(raw_name)
        full = self.ctx.full_name_for(name, name_toks[0].idx)
        aliases = []
        canonical = None if full else self.canonical_at(name_toks[0].idx)
        if full and full != name:
            aliases.append(name)
            name = full
            label = "PERSON"
        elif canonical is not None and canonical[0] != name:
            # the entity pipe's canonical name ("Nazrabayev" -> "Nursultan Nazarbayev")
            aliases.append(name)
            name, label = canonical[0], canonical[1] or label
            if label != "PERSON":
                name = clean_org_name(name, self.lex)  # publications keep "The" as they write it
        elif label in ("ORG", "FAC", ""):
            name = clean_org_name(name, self.lex)
        name_idx = {t.i for t in name_toks}
        # description: words before the name within the phrase + appositives
        desc_parts = []
        affiliation = None
        if extra_description is not None:
            sub = [t for t in extra_description.subtree if t.i < head.i and t.i not in name_idx
                   and not (t.dep_ == "appos" and t.head == extra_description)]
            sub = [t for t in sub if t.head == extra_description or t == extra_description
                   or t.head.i < head.i]
            sub = trim_det(contiguous(sub, extra_description))
            if sub:
                desc_parts.append(name_text(sub))
        pre = [t for t in tokens if t.i < name_toks[0].i and t.head.i in name_idx | {head.i}
               and t.dep_ not in ("punct", "cc", "det", "appos")]
        pre_full = []
        for t in pre:
            pre_full.extend(t.subtree)
        pre_full = sorted({t.i: t for t in pre_full if t.i < name_toks[0].i}.values(),
                          key=lambda t: t.i)
        pre_full = trim_det(pre_full)
        if pre_full and extra_description is None:
            desc_parts.append(strip_possessive(name_text(pre_full)))
        for child in head.children:
            if child.dep_ == "appos" and HANDLE.fullmatch(child.text):
                aliases.append(child.text)  # "Ade Bello (@adebello)": the account's handle
            elif child.dep_ == "appos" and (extra_description is None or child != head):
                sub = trim_det(list(child.subtree))
                while sub and sub[-1].is_punct:
                    sub = sub[:-1]
                if sub and all(t in tokens for t in sub):
                    desc_parts.append(name_text(sub))
        if extra_description is not None:
            for child in extra_description.children:
                if child.dep_ == "appos" and child != head:
                    sub = trim_det(list(child.subtree))
                    while sub and sub[-1].is_punct:
                        sub = sub[:-1]
                    if sub and child.i not in name_idx and head not in sub:
                        desc_parts.append(name_text(sub))
        description = ", ".join(p for p in desc_parts if p) or None
        if description:
            affiliation = self.affiliation_in(description, tokens, name_idx)
        kind = kind_of_named(name, label, description or "", self.lex)
        if kind == "organization" and len(name_toks) == 1 and any(
                c.dep_ in ("appos", "npadvmod", "amod") and c.like_num and len(c.text) <= 3
                for c in head.children):
            kind = "person"  # "Ramos, 58, told AFP": an age makes a person
        return Source(name, kind, description, affiliation, aliases)

    def canonical_at(self, start: int) -> tuple[str, str] | None:
        """(canonical name, label) of the entity mention starting at ``start``."""
        for entity in self.entities:
            if entity["start"] == start and entity["canonical"] != entity["text"]:
                return entity["canonical"], entity.get("label", "")
        return None

    def affiliation_in(self, description: str, tokens: list[Token], name_idx: set[int]
                       ) -> str | None:
        for t in tokens:
            if t.i in name_idx:
                continue
            ent = self.ctx.ent_of.get(t.i)
            if ent is not None and ent.label_ in ("ORG", "GPE", "FAC") and ent.text in description:
                if ent.label_ == "GPE" and t.dep_ != "pobj":
                    continue
                return clean_org_name(ent.text, self.lex)
        # "head of SD Visor group", "director at X": the object of at/of
        for t in tokens:
            if t.i in name_idx or t.dep_ != "pobj" or t.head.lower_ not in ("at", "of", "for"):
                continue
            if t.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in t.children):
                sub = [s for s in t.subtree]
                text = name_text(sub)
                if text in description:
                    return clean_org_name(text, self.lex)
        return None
