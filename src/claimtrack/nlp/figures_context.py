"""What a figure is about: the year or period it refers to and the metric it measures
("$11.07 billion in bilateral trade in 2017" -> metric "bilateral trade", year "2017"),
read from the sentence's DATE entities, noun chunks and change verbs (figures.json).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp import figures_units as units
from claimtrack.nlp.figures_numbers import YEAR, lexicon

YEAR_WINDOW = 15  # tokens between a figure and the DATE entity whose year it takes
METRIC_WINDOW = 6  # tokens from the number up to the change verb whose subject is measured


class DocParts:
    """A doc's entities, noun chunks and currency context, built once per ``find_figures``
    call (noun chunks per sentence, when asked): spaCy builds ``doc.ents`` and
    ``doc.noun_chunks`` anew on each access."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.currency = units.CurrencyContext(doc)
        self._ents: list[Span] | None = None
        self._ent_starts: list[int] = []
        self._chunks: dict[int, list[Span]] = {}  # sentence start -> its noun chunks

    @property
    def ents(self) -> list[Span]:
        if self._ents is None:
            self._ents = list(self.doc.ents)
            self._ent_starts = [e.start for e in self._ents]
        return self._ents

    def ents_within(self, span: Span) -> list[Span]:
        """``span.ents``: the entities wholly inside the span, in order."""
        found = []
        for ent in self.ents[bisect.bisect_left(self._ent_starts, span.start):]:
            if ent.end > span.end:
                break
            found.append(ent)
        return found

    def chunks_around(self, i: int) -> list[Span]:
        """The noun chunks of the sentence holding token ``i`` (a chunk never crosses a
        sentence): a figure needs its own sentence's, and ``doc.noun_chunks`` walks the
        whole doc."""
        sent = self.doc[i].sent
        if sent.start not in self._chunks:
            self._chunks[sent.start] = [
                Span(self.doc, start, end, label=label)
                for start, end, label in self.doc.noun_chunks_iterator(sent)]
        return self._chunks[sent.start]


def year_in_sentence(parts: DocParts, sent: Span, start: int, end: int) -> str | None:
    """The year or period (YYYY-YYYY) nearest the figure in its sentence."""
    best: tuple[int, str] | None = None
    for ent in parts.ents_within(sent):
        years = [t.text for t in ent if YEAR.match(t.text)] if ent.label_ == "DATE" else []
        if not years:
            continue
        distance = ent.start - end if ent.start >= end else start - ent.end
        if distance > YEAR_WINDOW:
            continue
        period = years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
        if best is None or distance < best[0]:
            best = (distance, period)
    return best[1] if best else None


def chunk_text(parts: DocParts, token: Token) -> str | None:
    """The noun chunk around `token` without its determiner ('the bank's staff' ->
    'bank's staff')."""
    doc = parts.doc
    for chunk in parts.chunks_around(token.i):
        if chunk.start <= token.i < chunk.end:
            words = list(chunk)
            while words and (words[0].pos_ in {"DET", "PRON"} or words[0].is_punct):
                words = words[1:]
            if not words or words[0].i > token.i:
                return None
            return doc[words[0].i:chunk.end].text
    return token.text if token.pos_ == "NOUN" else None


def metric(parts: DocParts, run: list[Token], end: int) -> str | None:
    """'$11bn in bilateral trade' -> 'bilateral trade'; 'investment, which grew 6.6%' ->
    'investment'."""
    doc = parts.doc
    if end + 1 < len(doc) and doc[end].lower_ in {"in", "of"}:
        following = doc[end + 1]
        if following.ent_type_ not in {"DATE", "TIME", "GPE", "PERSON", "CARDINAL"} \
                and following.pos_ in {"ADJ", "NOUN", "DET", "PROPN"}:
            for chunk in parts.chunks_around(end + 1):
                if chunk.start <= end + 1 < chunk.end:
                    if chunk.root.ent_type_ in {"DATE", "GPE", "PERSON", "TIME"}:
                        return None
                    return chunk_text(parts, chunk.root)
    # The figure is the object of a change verb: the verb's subject is the metric.
    node = run[-1]
    while node.head.i != node.i and node.head.pos_ not in {"VERB", "AUX"}:
        node = node.head
        if node.i - run[-1].i > METRIC_WINDOW:
            return None
    verb = node.head
    if verb.lemma_ not in lexicon()["change_verbs"]:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        subject = verb.head
        # "investment in Kazakhstan, which grew": the clause may hang on the place name.
        if subject.ent_type_ in {"GPE", "LOC", "ORG"} and subject.dep_ == "pobj" \
                and subject.head.head.pos_ == "NOUN":
            subject = subject.head.head
    if subject.pos_ not in {"NOUN", "PROPN"} or subject.ent_type_ in {"GPE", "PERSON"}:
        return None
    return chunk_text(parts, subject)
