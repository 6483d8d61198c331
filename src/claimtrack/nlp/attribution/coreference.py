"""Stage 5, coreference: pronouns, "the group" and "the minister" -> a source seen before.

The nearest sentence holding a compatible mention decides (docs/attribution.md,
"Sources"); an ambiguous or unresolved pronoun gives no source, so the attribution is
dropped rather than pinned on a guess.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import POS
from spacy.symbols import NOUN
from spacy.tokens import Token

from claimtrack.nlp.attribution.context import DocContext, inside_quote_marks
from claimtrack.nlp.attribution.source_types import (
    Source,
    clean_org_name,
    contiguous,
    kind_of_named,
)

# pronoun antecedents are looked for this many sentences back
PRONOUN_WINDOW_SENTENCES = 3
# "the group" -> an organisation entity at most this many sentences back
ORG_WINDOW_SENTENCES = 5
# "the minister" -> a person whose name follows the title within this many characters
TITLE_WINDOW_CHARS = 40


def titled_person_in_body(text: str, paragraphs: list[tuple[int, int]], persons: list,
                          title: str) -> str | None:
    """A headline's bare title ("Minister says ...") -> the full name of the one person
    the body introduces with that title within TITLE_WINDOW_CHARS before the name
    ("Trade minister Ana Ruiz told ..."); None when none or several are (two ministers
    in the story make either name a guess)."""
    headline_end = paragraphs[0][1]
    pattern = re.compile(rf"\b{re.escape(title)}\b")
    names = set()
    for mention in persons:
        if mention.start < headline_end or len(mention.name.split()) < 2:
            continue
        window = text[max(headline_end, mention.start - TITLE_WINDOW_CHARS): mention.start]
        if pattern.search(window.lower()):
            names.add(mention.name)
    return next(iter(names)) if len(names) == 1 else None


def headline_title_source(ctx: DocContext, title: str, description: str) -> Source | None:
    """A headline's bare title ("Minister says ...", "Health Minister Admits ...") -> the
    one person the body introduces with it, described by the headline's words; None when
    the body names none or several: a bare "Minister" would be a wrong kind of source and
    merge every article's minister in the registry. Both the headline rule and the parse
    path (``sources.SourceResolver.headline_title``) resolve a title here."""
    person = titled_person_in_body(ctx.text, ctx.paragraphs, ctx.persons, title)
    return None if person is None else Source(person, "person", description=description)


def headline_body_source(ctx: DocContext, word: str) -> Source | None:
    """A headline's bare body word ("Council says ...") -> the first organisation the
    body names with that word ("Northfield District Council"), or None."""
    start = ctx.headline[1] if ctx.headline else (ctx.headline_span or (0, 0))[1]
    for ent in ctx.doc.ents:
        if ent.start_char >= start and ent.label_ in ("ORG", "GPE") and word in (
                ent.text.lower().split()) and len(ent.text.split()) > 1:
            name = clean_org_name(ent.text, ctx.lex)
            return Source(name, kind_of_named(name, ent.label_, "", ctx.lex))
    return None


class Coreference:
    """Antecedent search, mixed into ``sources.SourceResolver`` (which sets ``ctx``,
    ``lex``, ``previous``, ``speakers`` and ``content`` and defines ``common_source``)."""

    def window_start(self, tok: Token, sentences_back: int = PRONOUN_WINDOW_SENTENCES) -> int:
        sent = tok.sent
        start = sent.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = tok.doc[start - 1].sent.start
        return tok.doc[start].idx

    def previous_source(self, position: int, kinds: set[str], window_start: int,
                        accept=None) -> Source | None:
        """The nearest source before ``position`` of one of ``kinds`` (and passing
        ``accept`` when given)."""
        for cue_pos, source in reversed(self.previous):
            if cue_pos < window_start:
                break
            if cue_pos < position and source.kind in kinds and (
                    accept is None or accept(source)):
                return source
        return None

    def org_entity_before(self, head: Token) -> Source | None:
        window = self.window_start(head, ORG_WINDOW_SENTENCES)
        best = None
        for ent in head.doc.ents:
            if ent.start_char >= head.idx:
                break
            if ent.start_char >= window and ent.label_ == "ORG":
                best = ent
        if best is None:
            return None
        name = clean_org_name(best.text, self.lex)
        return Source(name, kind_of_named(name, "ORG", "", self.lex))

    def titled_person_before(self, head: Token) -> Source | None:
        """'the minister' -> the nearest person introduced with that title."""
        title = head.lower_
        for mention in reversed(self.ctx.persons):
            if mention.start >= head.idx:
                continue
            start = max(0, mention.start - TITLE_WINDOW_CHARS)
            window = self.ctx.text[start : mention.start].lower()
            if re.search(rf"\b{re.escape(title)}\b", window):
                return Source(mention.name, "person")
        return None

    def resolve_pronoun(self, head: Token):
        """A pronoun speaker -> the source it refers to, or None (the attribution is then
        dropped: a source named "he" or "they" says nothing and would merge across
        articles)."""
        low = head.lower_
        tokens = [head]
        if low in self.lex.pronouns_person:
            found = self.resolve_person(head)
        elif low in self.lex.pronouns_plural:
            found = self.resolve_plural(head)
        elif low in self.lex.pronouns_neuter:
            found = self.resolve_neuter(head, {"organization", "government", "publication",
                                               "document"})
        elif low in self.lex.vague_quantifiers:
            return Source(head.text, "group"), tokens, False
        else:
            return None
        if found is None:
            return None
        return found.copy(), tokens, True

    def resolve_neuter(self, pronoun: Token, kinds: set[str]) -> Source | None:
        """it/its -> the nearest source of one of ``kinds`` within the pronoun window, else
        the nearest organisation named before it."""
        window = self.window_start(pronoun, PRONOUN_WINDOW_SENTENCES)
        found = self.previous_source(pronoun.idx, kinds, window)
        return found if found is not None else self.org_entity_before(pronoun)

    def resolve_person(self, pronoun: Token) -> Source | None:
        """he/she/his/her -> the nearest compatible person mention, named or not ("the
        governor"), within three sentences. In the nearest sentence that has one, a single
        candidate wins, else the speaker of a report there, else the main-clause subject;
        anything else is ambiguous (None). A closer candidate is never skipped for a
        named one further back."""
        gender = self.gender_of_word(pronoun.lower_)
        first = self.window_token(pronoun)

        def near(tok: Token) -> bool:
            return first <= tok.i < pronoun.i

        # The window is checked on token indexes first: most mentions and speakers of a
        # doc are outside it, and a Token is built only for those inside.
        candidates = []  # (mention token, source, gender)
        for mention in self.ctx.persons:
            if not first <= mention.head < pronoun.i:
                continue
            tok = self.ctx.doc[mention.head]
            source = self.speakers.get(mention.head) or Source(mention.name, "person")
            candidates.append((tok, source, self.mention_gender(tok)))
        descriptive = self.descriptive_person_heads()
        for tok in descriptive:
            if not near(tok):
                continue
            source = self.speakers.get(tok.i)
            if source is None:
                described = self.common_source(tok, self.descriptive_tokens(tok))
                source = described[0]
            candidates.append((tok, source, self.gender_of_word(tok.lower_)))
        named_heads = {m.head for m in self.ctx.persons}
        for i, source in self.speakers.items():
            if not first <= i < pronoun.i or i in named_heads:
                continue
            tok = self.ctx.doc[i]
            if tok not in descriptive and (
                    tok.lower_ in self.lex.pronouns_person or source.kind == "person"
                    or self.is_person_like(tok, source)):
                candidates.append((tok, source, self.gender_of_word(tok.lower_)))
        kept = [(tok, source) for tok, source, g in candidates
                if (gender is None or g is None or g == gender)]
        return self.pick_antecedent(pronoun, kept)

    def resolve_plural(self, pronoun: Token) -> Source | None:
        """they -> the nearest plural or collective speaker (group, organisation,
        government, outlet) or plural subject ("Residents complained. They said ...")."""
        candidates = []
        for i, source in self.speakers.items():
            tok = self.ctx.doc[i]
            if source.kind in ("organization", "government", "publication") or (
                    source.kind == "group" and self.is_plural(tok)):
                candidates.append((tok, source))
        for tok in self.ctx.doc[self.window_token(pronoun) : pronoun.i]:
            if tok.i in self.speakers or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if tok.pos_ == "NOUN" and tok.tag_ == "NNS" and tok.lower_ not in (
                    self.lex.pronouns_skip):
                source = self.common_source(tok, self.descriptive_tokens(tok))[0]
                candidates.append((tok, source))
        return self.pick_antecedent(pronoun, candidates)

    def pick_antecedent(self, pronoun: Token, candidates: list[tuple[Token, Source]]
                        ) -> Source | None:
        first = self.window_token(pronoun)
        c_start, c_end = self.content
        candidates = [(tok, source) for tok, source in candidates
                      if first <= tok.i < pronoun.i and not c_start <= tok.idx < c_end
                      and not inside_quote_marks(tok)]
        if not candidates:
            return None
        nearest = max(tok.sent.start for tok, _ in candidates)
        here = [(tok, source) for tok, source in candidates if tok.sent.start == nearest]
        for group in (
            here,
            [(t, s) for t, s in here if t.i in self.speakers],
            [(t, s) for t, s in here if t.dep_ in ("nsubj", "nsubjpass")
             and t.head.dep_ == "ROOT"],
            [(t, s) for t, s in here if t.dep_ in ("nsubj", "nsubjpass")],
        ):
            group = with_conjuncts(group, here)
            if len({s.name for _, s in group}) == 1:
                return group[0][1]
        return None

    def window_token(self, tok: Token, sentences_back: int = PRONOUN_WINDOW_SENTENCES) -> int:
        start = tok.sent.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = tok.doc[start - 1].sent.start
        return start

    def descriptive_person_heads(self) -> list[Token]:
        """Unnamed singular person mentions: "the governor", "a spokeswoman", "his wife"
        (not a title before a name, nor a noun with a name in apposition)."""
        if not hasattr(self, "_descriptive"):
            heads = []
            person_words = self.lex.person_words
            doc = self.ctx.doc
            nouns = numpy.flatnonzero(doc.to_array(POS) == NOUN).tolist()
            for tok in (doc[i] for i in nouns):
                if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in (
                        person_words) or tok.dep_ not in ("nsubj", "nsubjpass", "dobj",
                                                          "pobj", "dative", "attr"):
                    continue
                determiners = [c for c in tok.children if c.dep_ in ("det", "poss")]
                if not determiners:
                    continue
                if determiners[0].lower_ in ("a", "an", "another") and tok.dep_ not in (
                        "nsubj", "nsubjpass"):
                    continue  # "as a pro-jihad activist": a predicate, not a new referent
                if any(c.dep_ == "appos" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
                       for c in tok.children):
                    continue  # "The mayor, John Smith, ...": the name is the mention
                if tok.i in self.ctx.ent_of:
                    continue
                heads.append(tok)
            self._descriptive = heads
        return self._descriptive

    def descriptive_tokens(self, head: Token) -> list[Token]:
        """The words naming a descriptive mention: its left modifiers and the head."""
        return contiguous([t for t in head.subtree if t.i <= head.i
                           and t.dep_ != "punct"], head) or [head]

    def is_person_like(self, tok: Token, source: Source) -> bool:
        """An unnamed singular speaker that is not an organisation, an office or a
        document ("the coach said", not "the company said")."""
        lemma = tok.lemma_.lower()
        return source.kind == "group" and tok.tag_ == "NN" and not (
            lemma in self.lex.group_descriptive_heads or lemma in self.lex.government_words
            or lemma in self.lex.document_nouns)

    def is_plural(self, tok: Token) -> bool:
        return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in (
            self.lex.pronouns_plural | self.lex.vague_quantifiers)

    def gender_of_word(self, word: str) -> str | None:
        for gender, words in self.lex.gendered_person_words.items():
            if word.lower() in words:
                return gender
        return None

    def mention_gender(self, tok: Token) -> str | None:
        """A named mention's gender when an honorific says it ("Ms. Lopez")."""
        ent = self.ctx.ent_of.get(tok.i)
        first = ent.start if ent is not None else tok.i
        for i in range(max(first - 1, 0), tok.i):
            gender = self.gender_of_word(self.ctx.doc[i].lower_)
            if gender is not None:
                return gender
        return None


def with_conjuncts(group: list[tuple[Token, Source]], here: list[tuple[Token, Source]]
                   ) -> list[tuple[Token, Source]]:
    """``group`` plus the candidates coordinated with one of its tokens: the parser makes
    the first of "Lopez and Berg" the subject (and the speaker) and the second a conjunct,
    and "she" may be either, so the pair stays ambiguous."""
    tokens = {t.i for t, _ in group}
    return group + [(t, s) for t, s in here if t.i not in tokens and (
        t.dep_ == "conj" and t.head.i in tokens
        or any(c.dep_ == "conj" and c.i in tokens for c in t.children))]
