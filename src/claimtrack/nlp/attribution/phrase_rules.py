"""Stage 3c, phrase and layout cues: "according to X", a speaker label before a colon
("PENCE: ...", "Said Ellis: ..."), a quotation signed with a dash ('"..." ― Nell Grey').
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.attribution.context import (
    Candidate,
    DocContext,
    mode_of,
    token_end,
    trim_span,
)
from claimtrack.nlp.attribution.headline_rules import title_case_headline
from claimtrack.nlp.attribution.lexicon import is_reporting_form
from claimtrack.nlp.attribution.rules import cue_rule, register_rule
from claimtrack.nlp.attribution.source_types import HANDLE, Source
from claimtrack.text import QUOTE_CHARS, is_real_quote, word_count
from claimtrack.transcripts import speaker_name, turn_labels

# a speaker label is a name of at most this many tokens before the colon
MAX_LABEL_TOKENS = 6
PARTY_TOKENS = 6  # a congressional label's "(D-Ohio)" adds at most this many tokens


LABEL_COLONS = (":", "):")  # the tokens that end a speaker label


def sentences_holding(doc: Doc, words: tuple[str, ...]) -> list[Span]:
    """The sentences of ``doc.sents`` that hold a token spelled as one of ``words``, in
    order, found from two arrays: the other sentences never build their tokens."""
    table = doc.to_array([ORTH, SENT_START])
    ids = numpy.array([doc.vocab.strings.add(w) for w in words], dtype=numpy.uint64)
    hits = numpy.flatnonzero(numpy.isin(table[:, 0], ids))
    if not hits.size:
        return []
    starts = numpy.flatnonzero(table[:, 1] == 1)
    starts = starts if starts.size and starts[0] == 0 else numpy.concatenate(([0], starts))
    bounds = numpy.append(starts, len(doc))
    first = numpy.unique(numpy.searchsorted(starts, hits, side="right") - 1)
    return [doc[int(bounds[k]):int(bounds[k + 1])] for k in first.tolist()]


SIGNATURE = re.compile(r"[^\S\n]*[―—–-][^\S\n]*")


def name_head_at(doc: Doc, char: int) -> Token | None:
    """The last token of a proper name starting at ``char`` (entity or PROPN run)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or span[0].pos_ != "PROPN":
        return None
    first = span[0]
    ent = next((e for e in doc.ents if e.start == first.i), None)
    if ent is not None:
        return ent[-1] if ent[-1].tag_ != "POS" else ent[-2]
    last = first
    while last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "PROPN" and last.i - first.i < 3:
        last = doc[last.i + 1]
    return last


@cue_rule("signature", stage="layout", lexicon=None,
          summary="a closed quotation signed with a dash and a name",
          example='"Best service in town." **―** Dana Whitlock')
def signature(ctx: DocContext) -> list[Candidate]:
    """'"..." ― Sonya Herridge': a quote signed with a dash and a name."""
    doc, text = ctx.doc, ctx.text
    out = []
    for q in ctx.quotes:
        if not q.closed or not is_real_quote(text, q):
            continue
        m = SIGNATURE.match(text, q.end)
        if not m or m.end() == q.end or m.end() >= len(text):
            continue
        head = name_head_at(doc, m.end())
        if head is None:
            continue
        dash = q.end + m.group().index(m.group().strip())
        out.append(Candidate(dash, dash + 1, q.start, q.end, "signature", head, set(),
                             mode="direct"))
    return out


@cue_rule("speaker_label", stage="layout", lexicon=None,
          summary="a paragraph opened by a name and a colon (transcripts, headlines)",
          example="Ana Ruiz**:** We never received the inspection report.")
def speaker_label(ctx: DocContext) -> list[Candidate]:
    """'Pence: Gennifer Flowers won't be at the debate', 'WALLACE: Let's start ...':
    a sentence opened by a proper name and a colon."""
    doc = ctx.doc
    out = []
    sentences = sentences_holding(doc, LABEL_COLONS)
    if not sentences:
        return out  # most news text: no colon, no transcript labels to look for
    turns = turn_labels(ctx.text, ctx.paragraphs)
    for sent in sentences:
        toks = [t for t in sent if not t.is_space]
        while toks and toks[0].text in QUOTE_CHARS:
            toks = toks[1:]  # '"PENCE: And that's why ...' in a transcript
        if not toks:
            continue
        colon = next((t for t in toks[:MAX_LABEL_TOKENS + PARTY_TOKENS]
                      if t.text in (":", "):")), None)
        if colon is None or colon.i == toks[0].i:
            continue
        name = [t for t in toks if t.i < colon.i]
        if colon.text == "):" or (name and name[-1].text == ")" and any(
                t.text == "(" for t in name)):
            # "Rep. Tom Hale (D-Ohio): ...": the party and state are not the name
            name = name[: next((k for k, t in enumerate(name) if t.text == "("), len(name))]
            if not name or len(name) > MAX_LABEL_TOKENS:
                continue
        cue = colon
        if len(name) > 1 and name[0].text[:1].isupper() and (name[0].lemma_.lower() in (
                ctx.lex.clausal_verbs) and name[0].tag_ in ("VBD", "VBZ") or is_reporting_form(
                name[0].lower_, ctx.lex)):
            # 'Said Ellis: "I don't get the sense ..."': the inverted cue before the name
            cue, name = name[0], name[1:]
        if any(re.sub(r"['’]s$", "", t.lower_) in ctx.lex.colon_furniture for t in name):
            continue  # "Correction: ...", "Editor's note: ..."
        if len(name) > 1 and title_case_headline(ctx.text, (sent.start_char, sent.end_char)) and (
                any(t.text in ctx.lex.publication_words_cased or t.tag_ == "POS" for t in name)):
            # "Harbour News Daily: A World at War", "Monday's Morning Email: ...": a
            # heading naming a show or a newsletter, not a speaker's turn ("Pence: ..." is)
            continue
        if lone_capitals(ctx, name):
            continue  # "LONDON: ..." with no transcript around it: a dateline
        source = label_source(ctx, name, turns.get(ctx.paragraph_of(colon.idx)))
        rule_id = "speaker_label"
        if source is None:
            source = surname_label(ctx, name)
            rule_id = "surname_label"
        if source is not None:
            # "@cityparks: ...", "BIDEN: ...", "Jane Doe, BBC News: ..." (transcript turns)
            para = ctx.paragraph_of(colon.idx)
            start, end = trim_span(ctx.text, token_end(colon), ctx.paragraphs[para][1])
            if word_count(ctx.text[start:end]) < (MIN_SURNAME_LABEL_WORDS if (
                    rule_id == "surname_label") else 1):
                continue  # a turn is its speaker's however short: "HOLT: Thank you."
            out.append(Candidate(cue.idx, token_end(cue), start, end, rule_id, None,
                                 mode=mode_of(ctx, start, end), source=source,
                                 source_start=name[0].idx, source_end=token_end(name[-1]),
                                 source_text=ctx.text[name[0].idx : token_end(name[-1])]))
            continue
        # a name, possibly with a trailing common noun ("Clinton camp: ...")
        if not is_name_word(name[0]) or not name[0].text[:1].isupper() or not all(
                is_name_word(t) or t.tag_ == "POS" or (t.is_punct and t.text == ".")
                for t in name[:-1]) or name[-1].pos_ not in ("PROPN", "NOUN"):
            continue
        para = ctx.paragraph_of(colon.idx)
        start, end = trim_span(ctx.text, token_end(colon), ctx.paragraphs[para][1])
        if word_count(ctx.text[start:end]) < 3:
            continue
        after_colon = set(range(colon.i, sent.end)) | {cue.i}
        out.append(Candidate(cue.idx, token_end(cue), start, end, "speaker_label", name[-1],
                             after_colon,
                             mode=mode_of(ctx, start, end)))
    return out


# "Clinton: 547." is a tally row, not words: a surname label needs a sentence after it
MIN_SURNAME_LABEL_WORDS = 3


def surname_label(ctx: DocContext, name: list[Token]) -> Source | None:
    """'Sanders: Brexit's message could draw ...' (a headline or a turn): one capitalised
    word the model may tag as a common noun, the surname of the one person the text names
    in full ("Bernie Sanders"); that person is the source."""
    if len(name) != 1 or not (name[0].is_alpha and name[0].is_title):
        return None
    full = ctx.full_name_for(name[0].text)
    return Source(full, "person", aliases=[name[0].text]) if full else None


register_rule("surname_label", stage="layout", made_by="speaker_label",
              summary="a paragraph opened by a surname and a colon, the surname of the one "
                      "person the text names in full (the model often tags it a common noun)",
              example="Okafor**:** Fares will rise in May. ¶ Mayor Ruth Okafor said ...")


CAPS_LABEL = re.compile(r"(?m)^[\"“]?([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):")
# an all-capitals speaker label ("BIDEN:", "JANE DOE:") has at most this many words
MAX_CAPS_LABEL_WORDS = 3


def is_name_word(tok: Token) -> bool:
    """A proper noun, or a word the entity recogniser put in a name ("Clinton" tagged as
    a common noun before a colon)."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG")


def lone_capitals(ctx: DocContext, name: list[Token]) -> bool:
    """One all-capitals word before a colon that names nobody in the text, with no other
    capitalised label in the document: a dateline or a section header, not a turn."""
    if len(name) != 1 or not (name[0].is_upper and name[0].is_alpha):
        return False
    if ctx.full_name_for(speaker_name(name[0].text)) is not None:
        return False
    return len(set(CAPS_LABEL.findall(ctx.text))) < 2


def _speaker_source(ctx: DocContext, label: str) -> Source:
    full = ctx.full_name_for(label)
    return Source(full, "person", aliases=[label]) if full else Source(label, "person")


def label_source(ctx: DocContext, name: list[Token],
                 turn: tuple[int, int] | None = None) -> Source | None:
    """The source of a speaker label the parse cannot name: a social handle, an
    all-capitals transcript name, "Name, Outlet" (the outlet is the affiliation), or the
    label of a transcript turn (``turn``, the span ``transcripts.turn_labels`` found:
    "McCain", "MS. ORTEGA"). A transcript name is ``transcripts.speaker_name`` ("MCCAIN" ->
    "McCain"), resolved to the full name in the text when one has it."""
    text = ctx.text[name[0].idx : token_end(name[-1])]
    if len(name) == 1 and HANDLE.fullmatch(text):
        return Source(text, "person")
    words = [t for t in name if not t.is_punct]
    if any(t.ent_type_ in ("GPE", "LOC", "DATE", "TIME") for t in words):
        return None  # "NEW DELHI: ..." is a dateline, not a speaker
    if words and len(words) <= MAX_CAPS_LABEL_WORDS and all(
            t.is_alpha and t.is_upper and len(t.text) > 1 for t in words) and len(name) == len(
            words):
        return _speaker_source(ctx, " ".join(speaker_name(t.text) for t in words))
    comma = next((t for t in name if t.text == ","), None)
    if comma is not None:
        person, outlet = name[: comma.i - name[0].i], name[comma.i - name[0].i + 1 :]
        if 2 <= len(person) <= 3 and outlet and all(
                t.pos_ == "PROPN" and t.is_title for t in person) and all(
                t.text[:1].isupper() for t in outlet):
            person_text = ctx.text[person[0].idx : token_end(person[-1])]
            outlet_text = ctx.text[outlet[0].idx : token_end(outlet[-1])]
            return Source(ctx.full_name_for(person_text) or person_text, "person",
                          affiliation=outlet_text)
    if turn is not None and turn[0] == name[0].idx and token_end(name[-1]) < turn[1]:
        # "McCain: ...", "O'ROURKE: ...", "MS. ORTEGA: ...": a transcript turn's label
        return _speaker_source(ctx, speaker_name(text))
    return None
