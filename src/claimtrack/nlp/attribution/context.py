"""Stage 1, context: what every rule reads about a document, built once per doc.

Paragraph and quotation spans (``claimtrack.text``, shared with claims), the person
names (full names, surnames, mentions) that surnames and pronouns resolve to, and the
character-span helpers the rules use to cut content out of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.attribution.lexicon import Lexicon, is_reporting_form
from claimtrack.text import (
    QUOTE_CHARS,
    Quote,
    doc_text,
    find_quotes,
    is_real_quote,
    paragraph_index,
    paragraph_spans,
    quote_at,
    word_count,
)

EDGE_PUNCT = " \t\n\xa0,;:—–-("
GAP = re.compile(r"(?:[^\S\n]|[,:;—–―-])*")  # what may separate a cue clause from its quote


@dataclass
class PersonMention:
    start: int
    name: str  # full name when known
    text: str  # surface text
    is_subject: bool
    head: int = -1  # token index of the mention's last word


@dataclass
class DocContext:
    doc: Doc
    lex: Lexicon
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote]
    surnames: dict[str, set[str]]  # surname -> full names
    full_names: set[str]
    persons: list[PersonMention]
    ent_of: dict[int, Span]  # token index -> entity span
    text: str = ""
    patterns: object | None = None  # pattern_rules.DocMatches: the pattern rules' matches
    headline: tuple[int, int] | None = None  # a Title Case first paragraph (headline_rules)
    # the first paragraph when it can be a headline (headline_rules.headline_span)
    headline_span: tuple[int, int] | None = None

    def paragraph_of(self, char: int) -> int:
        """The paragraph holding ``char`` (its end counts as inside; a gap goes with the
        paragraph before it)."""
        return paragraph_index(self.paragraphs, char)

    def quote_at(self, char: int) -> Quote | None:
        return quote_at(self.quotes, char)

    def full_name_for(self, name: str, position: int | None = None) -> str | None:
        """The full name a surname stands for; when two people in the article share it,
        the one the text is about at ``position``: the nearest full mention before it, if
        that mention is a subject (else unresolved)."""
        full = full_name_for(name, self.surnames, self.full_names, self.lex)
        words = [w for w in name.split() if w.lower() not in self.lex.honorifics]
        if full is not None or position is None or len(words) != 1:
            return full
        namesakes = self.surnames.get(words[0], set())
        if len(namesakes) < 2:
            return None
        before = [p for p in self.persons if p.start < position and p.name in namesakes
                  and " " in p.text.strip()]
        return before[-1].name if before and before[-1].is_subject else None


@dataclass
class Candidate:
    """One attribution on its way through the stages: found by ``rule``, then sourced."""

    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    rule: str  # id of the rule that found it (rules.RULES)
    source_head: Token | None
    source_tokens_exclude: set[int] = field(default_factory=set)
    mode: str = "indirect"
    source: object | None = None  # sources.Source once described
    source_start: int | None = None
    source_end: int | None = None
    source_text: str | None = None
    confidence: float = 0.0


def strip_possessive(text: str) -> str:
    return re.sub(r"(’s|'s|’|')$", "", text).strip()


def titled(tok: Token, lex: Lexicon) -> bool:
    """A person's title, or the object of one's "of" ("the leader [of the council]")."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        tok = tok.head.head
    # a firm's role too ("leader"), but a name set off after the title is a person's
    return tok.lemma_.lower() in lex.person_words


def described_as_person(ent: Span, lex: Lexicon) -> bool:
    """An ORG the model made of a person's name that an appositive describes as a person
    ("Daniel Okafor, a local union organiser"): two or three capitalised words, none an
    organisation word, with a person-title appositive."""
    words = ent.text.split()
    root = ent.root
    described = any(c.dep_ == "appos" and c.lemma_.lower() in lex.person_words
                    and c.lemma_.lower() not in lex.firm_roles for c in root.children) or (
        # "The leader of the council, James Lewis, said": the name is the title's appositive
        root.dep_ == "appos" and titled(root.head, lex))
    # "Dame Sally Davies", "Sir Keir Starmer": an honorific before a name makes a person
    honoured = len(words) >= 3 and words[0].lower() in lex.honorifics
    return ent.label_ == "ORG" and 2 <= len(words) <= 4 and all(
        w[:1].isupper() and w.isalpha() for w in words) and not any(
        w in lex.organization_words_cased for w in words) and (described or honoured)


def missed_name_start(ent: Span, lex: Lexicon) -> list[Token]:
    """The capitalised compounds before a name the model cut short ("Human" of "[Rights
    Watch]", "Polly" of "[Fenwick]"); a title or descriptor before the name ("Watchdog
    [Transparency International]", "Senator ...") is no part of it."""
    doc, first = ent.doc, ent.start
    while first > 0 and (prev := doc[first - 1]).pos_ == "PROPN" and (
            prev.dep_ == "compound") and ent.start <= prev.head.i < ent.end and (
            prev.is_title and not prev.ent_type_) and (
            prev.lower_ not in lex.person_words) and (
            prev.lower_ not in lex.group_descriptive_heads):
        first -= 1
    return list(doc[first : ent.start])


# a title the model ran into a name leaves a person's name of at least this many words
# ("Councillor Ade Bello"); one word after a title word is a company ("General Motors")
MIN_TITLED_NAME_TOKENS = 2


def without_title(words: list[Token], lex: Lexicon) -> list[Token]:
    """A name's words without a title or honorific the model ran into it ("Councillor
    Andrew Lewis", "Cllr Barker", "Dr. Amara Osei"); "General Motors" keeps its word."""
    while words:
        first = words[0].lower_
        if first in lex.honorifics and len(words) >= 2:
            words = words[1:]
        elif first in lex.person_titles and len(words) > MIN_TITLED_NAME_TOKENS and not any(
                t.text in lex.organization_words_cased for t in words):
            words = words[1:]
        else:
            return words
    return words


def person_name_words(ent: Span, lex: Lexicon) -> list[Token]:
    """The words of a person entity that are the name: no possessive, no inverted cue the
    model ran in ("Added Okafor: ..."), no end of a title's "of" object ("Mayor of West
    Yorkshire Tracy Brabin": the entity is "Yorkshire Tracy Brabin")."""
    words = [t for t in missed_name_start(ent, lex) + list(ent)
             if (t.is_alpha or "-" in t.text or "." in t.text) and t.tag_ != "POS"]
    if words and words[0].is_sent_start and is_reporting_form(words[0].lower_, lex):
        words = words[1:]
    words = without_title(words, lex)
    doc, i = ent.doc, ent.start - 1
    while i >= 0 and doc[i].pos_ == "PROPN":
        i -= 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if len(words) >= 3 and i >= 0 and doc[i].lower_ == "of" and (
            doc[i].head.lemma_.lower() in lex.person_words):
        keep = 3 if len(words) >= 4 and len(words[-2].text.rstrip(".")) == 1 else 2
        words = words[-keep:]  # the name is the last two words ("Jane Q. Doe": three)
    return words


def build_context(doc: Doc, lex: Lexicon) -> DocContext:
    text = doc_text(doc)
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text)  # cached: claims reuses the same spans
    credits = credit_spans(text, paragraphs)
    # names in a byline or credit line are the reporters, never speakers or antecedents
    ents = [e for e in doc.ents if not any(s <= e.start_char < t for s, t in credits)]
    ent_of = {}
    for ent in ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    full_names: set[str] = set()
    surnames: dict[str, set[str]] = {}
    person_ents = [e for e in ents if e.label_ == "PERSON" or described_as_person(e, lex)]
    names_of = {ent.start: person_name_words(ent, lex) for ent in person_ents}
    for ent in person_ents:
        words = names_of[ent.start]
        if len(words) < 2 or not all(t.text[:1].isupper() for t in words):
            continue
        name = strip_possessive(text[words[0].idx : words[-1].idx + len(words[-1].text)])
        full_names.add(name)
        surnames.setdefault(words[-1].text, set()).add(name)
    persons = []
    seen_tokens: set[int] = set()
    for ent in person_ents:
        words = names_of[ent.start]
        name = strip_possessive(text[words[0].idx : words[-1].idx + len(words[-1].text)]
                                if len(words) >= 2 else ent.text)
        full = full_name_for(name, surnames, full_names, lex)
        is_subj = any(t.dep_ in ("nsubj", "nsubjpass") for t in ent) or ent.root.dep_ in (
            "nsubj", "nsubjpass", "appos", "compound")
        last = ent[-1] if ent[-1].tag_ != "POS" or len(ent) == 1 else ent[-2]
        persons.append(PersonMention(ent.start_char, full or name, ent.text, is_subj,
                                     last.i))
        seen_tokens.update(range(ent.start, ent.end))
    # Proper nouns outside PERSON entities that name a known person ("Clarke"): picked
    # from one array of tags, and each spelling looked up once.
    full_of: dict[str, str | None] = {}
    propn_indexes = numpy.flatnonzero(doc.to_array(POS) == PROPN).tolist()
    for tok in (doc[i] for i in propn_indexes if i not in seen_tokens):
        if tok.text not in full_of:
            full_of[tok.text] = full_name_for(tok.text, surnames, full_names, lex)
        full = full_of[tok.text]
        if full:
            persons.append(PersonMention(tok.idx, full, tok.text,
                                         tok.dep_ in ("nsubj", "nsubjpass"), tok.i))
    persons.sort(key=lambda p: p.start)
    return DocContext(doc, lex, paragraphs, quotes, surnames, full_names, persons, ent_of,
                      text)


# a paragraph that credits reporters: "By Jane Doe and Ali Khan", "Jane Doe contributed
# reporting from Paris.", "Reporting by Jane Doe; Editing by Ali Khan"
CREDIT_LINE = re.compile(
    r"^(?:by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and)\s+[A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,3})*\s*$"
    r"|.*\b(?:contributed (?:reporting|research|to this (?:report|article|story))"
    r"|additional reporting by|reporting by|writing by|editing by|compiled by)\b)",
    re.IGNORECASE)
MAX_CREDIT_LINE_CHARS = 300  # a credit line is short; a long paragraph is prose


def credit_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s, e) for s, e in paragraphs
            if e - s <= MAX_CREDIT_LINE_CHARS and CREDIT_LINE.match(text[s:e])]


def full_name_for(name: str, surnames: dict[str, set[str]], full_names: set[str],
                  lex: Lexicon) -> str | None:
    """'Clarke' / 'Mr. Clarke' -> 'Michael Clarke' when exactly one full name has it."""
    if name in full_names:
        return name
    words = name.split()
    if not words:
        return None
    while len(words) > 1 and words[0].lower() in lex.honorifics:
        words = words[1:]
    if len(words) == 1:
        candidates = surnames.get(words[0], set())
        if len(candidates) == 1:
            return next(iter(candidates))
        if not candidates:
            # family name first ("Wang" -> "Wang Yi"), or a first-name reference
            firsts = {n for n in full_names if n.split()[0] == words[0]}
            if len(firsts) == 1:
                return next(iter(firsts))
    return None


# --------------------------------------------------------------------------- spans


def token_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb (or copula) at or above ``tok`` in the parse ("sent [a letter to
    X]", "was [defiant in a statement]"), or None when the sentence root is no verb."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok:
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT + ".":
        end -= 1
    return start, end


def subtree_span(tok: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Character span of a token's subtree, leaving out excluded token indexes (and
    any that then fall outside a contiguous run around the head)."""
    indexes = sorted(t.i for t in tok.subtree if not exclude or t.i not in exclude)
    lo = hi = tok.i
    idx_set = set(indexes)
    while lo - 1 in idx_set:
        lo -= 1
    while hi + 1 in idx_set:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, token_end(doc[hi])


def content_from_tokens(doc: Doc, first: Token, last: Token) -> tuple[int, int]:
    # leave out a leading complementizer ("said that Y" -> content Y)
    while first.i < last.i and (
        (first.dep_ == "mark" and first.lower_ in ("that", "whether", "if"))
        or (first.is_punct and first.text not in QUOTE_CHARS)
        or first.is_space
    ):
        first = doc[first.i + 1]
    start, end = first.idx, token_end(last)
    return trim_span(doc_text(doc), start, end)


def clause_content(tok: Token) -> tuple[int, int]:
    return content_from_tokens(tok.doc, tok.left_edge, tok.right_edge)


def sentence_minus(doc: Doc, sent: Span, cut_start: int, cut_end: int) -> tuple[int, int]:
    """The sentence without the cue clause [cut_start, cut_end) (chars): the side that
    carries the report; the whole sentence when the cue sits in the middle."""
    text = doc_text(doc)
    s_start, s_end = trim_span(text, sent.start_char, sent.end_char)
    before = text[s_start:cut_start]
    after = text[cut_end:s_end]
    if word_count(before) < 2:
        return trim_span(text, cut_end, s_end)
    if word_count(after) < 2:
        return trim_span(text, s_start, cut_start)
    return s_start, s_end


def extend_to_quotes(ctx: DocContext, start: int, end: int) -> tuple[int, int]:
    """Widen content to the quotation(s) it starts or ends in (multi-sentence quotes), and
    to a quote that resumes right after the cue in the same sentence ('"A," he said, "B."')."""
    for q in ctx.quotes:
        if q.start <= start < q.end or q.start < end <= q.end:
            if is_real_quote(ctx.text, q):
                start, end = min(start, q.start), max(end, q.end)
    return start, end


def adjacent_quote(ctx: DocContext, start: int | None, end: int | None) -> Quote | None:
    """A real quotation (not a scare quote) right before ``start`` or right after ``end``,
    with only spaces and light punctuation between, in the same paragraph."""
    text = ctx.text
    # a span can end on the paragraph break token: the quote must be in the same paragraph
    while end is not None and end > 0 and text[end - 1].isspace():
        end -= 1
    while start is not None and start < len(text) and text[start].isspace():
        start += 1
    for q in ctx.quotes:
        if not is_real_quote(text, q):
            continue
        if start is not None and q.end <= start and GAP.fullmatch(text[q.end : start]):
            return q
        if end is not None and q.start >= end and GAP.fullmatch(text[end : q.start]):
            return q
    return None


def quoted_share(ctx: DocContext, start: int, end: int) -> float:
    if end <= start:
        return 0.0
    covered = 0
    for q in ctx.quotes:
        covered += max(0, min(end, q.end) - max(start, q.start))
    return covered / (end - start)


def mode_of(ctx: DocContext, start: int, end: int) -> str:
    """direct when the content is mostly (60%+) inside quotation marks."""
    return "direct" if quoted_share(ctx, start, end) >= 0.6 else "indirect"


def ends_in_question(sent: Span) -> bool:
    """The sentence's last word or mark before closing punctuation is a question mark
    ("Did she say that?", 'Did she discuss it?"', "Why not?)")."""
    last = next((t for t in reversed(sent) if not t.is_punct or t.text == "?"), None)
    return last is not None and last.text == "?"


def inside_quote_marks(tok: Token) -> bool:
    """Whether a token sits inside a quotation opened earlier (its closing mark is not)."""
    quote = quote_at(find_quotes(doc_text(tok.doc)), tok.idx)
    return quote is not None and quote.start < tok.idx
