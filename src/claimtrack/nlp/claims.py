"""Claims: one per sentence, with kind, hedging and check-worthiness (runs last).

A claim is a sentence of the parse (segmentation keeps sentences inside paragraphs), with
surrounding whitespace trimmed. Its kind, hedging and check-worthiness come from the parse,
cue lexicons (data/claims.json; reporting verbs from attribution's data/cues.json), the
quotation spans attribution used (``claimtrack.text.find_quotes``, cached per text) and the
figures, entities and attributions already on the doc; the check-worthiness score and its
reason from checkworthiness.py. The rules and weights are documented in docs/claims.md.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp import attribution, checkworthiness
from claimtrack.nlp.attribution.post_rules import POST_SIGNATURE
from claimtrack.nlp.extensions import register_extensions
from claimtrack.text import (
    doc_text,
    find_quotes,
    is_real_quote,
    paragraph_index,
    paragraph_spans,
)
from claimtrack.transcripts import turn_labels

# A transcript speaker asking a question in at least this share of their turns (and
# speaking at least MIN_QUESTIONER_TURNS times) is the moderator or an interviewer: in the
# CLEF-2019 training debates moderators ask in 14-30 % of their lines, candidates in 0-8 %.
QUESTIONER_SHARE = 0.12
# a wire dateline the sentence splitter made a sentence of its own ("NAIROBI (Reuters) -",
# "CLEVELAND, July 19 (UPI) —"): where the story was filed, which claims nothing
DATELINE_SENTENCE = re.compile(r"[A-Z][A-Z.' -]*[A-Z.](?:, [^—―–\n]{1,40}?)?"
                               r"(?: ?\([A-Za-z .]{1,30}\))? ?(?:—|―|–|--|-)")
# an embedded post's signature the splitter left alone, after the post's links
# ("pic.twitter.com/x — Dana Lee (@danalee) May 2, 2024"): who posted, no claim
SIGNATURE_SENTENCE = re.compile(r"(?:(?:https?://\S+|pic\.twitter\.com/\S+)\s*)*"
                                + POST_SIGNATURE.pattern)
MIN_QUESTIONER_TURNS = 5


def links(content_start, content_end, claim_start, claim_end, cue_start=None) -> bool:
    """An attribution's content belongs to a claim when they overlap by at least half
    of the shorter of the two, or when the claim holds the cue and the content begins in
    it ('Wrote one reader, who signs as Night Owl: "I have no car.' -- the sentence splitter
    keeps a long introduction and the quotation's first sentence together; see
    docs/architecture.md)."""
    overlap = min(content_end, claim_end) - max(content_start, claim_start)
    if overlap <= 0:
        return False
    if cue_start is not None and claim_start <= cue_start < claim_end and (
            claim_start <= content_start < claim_end):
        return True
    return overlap * 2 >= min(content_end - content_start, claim_end - claim_start)


class ContentIndex:
    """The attributions whose content ``links`` to a claim span, without comparing every
    sentence with every attribution: contents sorted by start, and only those starting
    after ``start`` minus the longest content and before ``end`` are compared."""

    def __init__(self, attributions: list[dict]):
        spans = sorted((a["content_start"], a["content_end"], i, a.get("cue_start"))
                       for i, a in enumerate(attributions) if a.get("content_start") is not None)
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.longest = max((end - start for start, end, _, _ in spans), default=0)

    def linked(self, start: int, end: int) -> list[int]:
        """Indexes (in list order) of the attributions linked to the span start..end."""
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        return sorted(i for c_start, c_end, i, cue in self.spans[first:last]
                      if links(c_start, c_end, start, end, cue))


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("claimtrack.nlp").joinpath("data/claims.json").read_text("utf-8")
    data = json.loads(text)
    for key in ("hedge_words", "future_modals", "evaluative_adjectives"):
        data[key] = set(data[key])
    return data


@lru_cache(maxsize=8)  # one entry per phrase list of the lexicon
def _phrase_patterns(phrases: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(r"(?<![\w’'])" + re.escape(p) + r"(?![\w’'])") for p in phrases]


def _has_phrase(lowered: str, phrases: list[str]) -> str | None:
    """The first phrase of the list that occurs as whole words (a plain substring test
    first: most sentences hold none of the phrases)."""
    for phrase, pattern in zip(phrases, _phrase_patterns(tuple(phrases)), strict=True):
        if phrase in lowered and pattern.search(lowered):
            return phrase
    return None


# The cue functions take the sentence's tokens and lower-cased text when the caller has
# them already (classify: one list and one string per sentence instead of one per cue).


def hedge_cue(sent: Span, tokens: list[Token] | None = None,
              lowered: str | None = None) -> str | None:
    """The first hedging cue of a sentence ('may', 'reportedly', 'appears to'), if any."""
    lex = lexicon()
    for token in sent if tokens is None else tokens:
        if token.lower_ in lex["hedge_words"]:
            # "may" the month, "might" the noun: only as modal / adverb / adjective.
            if token.lower_ in {"may", "might", "could"} and token.tag_ != "MD":
                continue
            return token.lower_
    return _has_phrase(sent.text.lower() if lowered is None else lowered,
                       lex["hedge_phrases"])


def prediction_cue(sent: Span, tokens: list[Token] | None = None,
                   lowered: str | None = None) -> str | None:
    lex = lexicon()
    for token in sent if tokens is None else tokens:
        if token.tag_ == "MD" and token.lower_ in lex["future_modals"]:
            return token.text
    return _has_phrase(sent.text.lower() if lowered is None else lowered,
                       lex["prediction_phrases"])


def opinion_cue(sent: Span, tokens: list[Token] | None = None,
                lowered: str | None = None) -> str | None:
    lex = lexicon()
    phrase = _has_phrase(sent.text.lower() if lowered is None else lowered,
                         lex["opinion_phrases"])
    if phrase:
        return phrase
    for token in sent if tokens is None else tokens:
        if token.lower_ in lex["evaluative_adjectives"] and token.pos_ in {"ADJ", "ADV", "NOUN"}:
            # Predicative or intensifying use judges; "sensitive data" as a label does not.
            if token.dep_ in {"acomp", "attr", "advmod", "oprd", "conj"} or (
                token.pos_ == "ADJ" and token.head.lemma_ == "be"
            ):
                return token.lower_
    return None


@lru_cache(maxsize=8)  # one entry per word list
def _word_ids(words: frozenset[str]) -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in words), dtype="uint64")


class CueCandidates:
    """Per cue, the doc's tokens that can fire it (found by LOWER or LEMMA id in one array
    per doc), so the cue checks visit those tokens instead of building every token of
    every sentence. The checks themselves are unchanged: a cue fires on its first
    candidate that passes, as it did on the first of all the sentence's tokens."""

    def __init__(self, doc: Doc):
        lex = lexicon()
        lowers, lemmas = doc.to_array([LOWER, LEMMA]).T
        self.doc = doc
        self.index = {
            cue: np.flatnonzero(np.isin(column, _word_ids(frozenset(words)))).tolist()
            for cue, column, words in (
                ("hedge", lowers, lex["hedge_words"]),
                ("prediction", lowers, lex["future_modals"]),
                ("opinion", lowers, lex["evaluative_adjectives"]),
                ("speech", lemmas, attribution.lexicon()["clausal_verbs"]))
        }

    def tokens(self, cue: str, sent: Span) -> list[Token]:
        found = self.index[cue]
        first = bisect.bisect_left(found, sent.start)
        last = bisect.bisect_left(found, sent.end, first)
        return [self.doc[i] for i in found[first:last]]


def real_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the real quotations (not scare quotes) of a text: the same spans
    attribution found (``find_quotes`` is cached per text)."""
    return [(q.start, q.end) for q in find_quotes(text) if is_real_quote(text, q)]


def _has_quote(start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    """A whole quotation lies within the sentence."""
    return any(start <= q_start and q_end <= end for q_start, q_end in quotes)


def _inside_passage(start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    """Most of the sentence lies in a quotation that also runs beyond it (the speech verb
    or the attribution is on another sentence of the quotation)."""
    for q_start, q_end in quotes:
        overlap = min(end, q_end) - max(start, q_start)
        if overlap * 2 >= end - start and (q_start < start or q_end > end):
            return True
    return False


def classify(sent: Span, figures: list[dict], attributions: list[dict],
             in_passage: bool = False, has_quote: bool = False,
             ents: list[Span] | None = None,
             speaker_label: tuple[int, int] | None = None, questioner: bool = False,
             tag_pos_lemma: np.ndarray | None = None,
             candidates: CueCandidates | None = None) -> dict:
    """Kind, hedging and check-worthiness of one sentence. ``ents``: the sentence's
    entities (``sent.ents``) when the caller has them grouped already. ``speaker_label``:
    the transcript label ("CLINTON:") of the sentence's paragraph; an attribution to it is
    the transcript's form, not a source the speaker cites. ``questioner``: the speaker
    is the transcript's moderator or interviewer (``questioners``). ``candidates``: the
    doc's cue candidates (find_claims builds them once per doc)."""
    if ents is None:
        ents = sent.ents  # scans all the doc's entities
    doc_chars = doc_text(sent.doc)  # Span.text joins tokens; the doc's text is cached
    text = doc_chars[sent.start_char:sent.end_char]
    lowered = text.lower()
    if candidates is None:
        candidates = CueCandidates(sent.doc)
    hedge = hedge_cue(sent, candidates.tokens("hedge", sent), lowered)
    prediction = prediction_cue(sent, candidates.tokens("prediction", sent), lowered)
    opinion = opinion_cue(sent, candidates.tokens("opinion", sent), lowered)
    quoted = has_quote or any(a.get("mode") == "direct" for a in attributions)
    speech = bool(candidates.tokens("speech", sent))  # a reporting verb's lemma
    if (quoted and (attributions or speech)) or in_passage:
        kind = "quote"
    elif figures:
        kind = "statistic"
    elif attributions:
        kind = "attributed"
    elif prediction:
        kind = "prediction"
    elif opinion:
        kind = "opinion"
    else:
        kind = "fact"

    if tag_pos_lemma is None:
        tag_pos_lemma = sent.doc.to_array([TAG, POS, LEMMA])[sent.start:sent.end]
    fired = checkworthiness.features(
        sent, tag_pos_lemma, lowered, figures,
        [a for a in attributions if not _from_label(a, speaker_label)], ents, doc_chars,
        quote=kind == "quote", hedge=hedge, prediction=prediction, opinion=opinion,
        questioner=questioner)
    score, reason = checkworthiness.score(fired)
    return {
        "kind": kind,
        "hedged": hedge is not None,
        "checkworthiness": score,
        "checkworthiness_reason": reason,
        "features": sorted(fired),  # for scripts/eval_checkworthy.py; not stored
    }


def _from_label(attribution: dict, label: tuple[int, int] | None) -> bool:
    start = attribution.get("source_start")
    return label is not None and start is not None and label[0] <= start < label[1]


def _speaker(text: str, label: tuple[int, int]) -> str:
    return text[label[0]:label[1]].split(":")[0].strip()


def questioners(text: str, paragraphs: list[tuple[int, int]],
                labels: dict[int, tuple[int, int]]) -> set[str]:
    """Speakers whose turns are questions often enough to be the moderator or interviewer
    (their statements frame the exchange; they are not the claims being made)."""
    turns: Counter[str] = Counter()
    asking: Counter[str] = Counter()
    for number, (label_start, label_end) in labels.items():
        speaker = _speaker(text, (label_start, label_end))
        turns[speaker] += 1
        asking[speaker] += "?" in text[label_end:paragraphs[number][1]]
    return {speaker for speaker, n in turns.items()
            if n >= MIN_QUESTIONER_TURNS and asking[speaker] >= QUESTIONER_SHARE * n}


class ClaimSplitter:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_claims = find_claims(doc)
        return doc


def _trimmed(doc: Doc, sent: Span, is_space: list[int]) -> Span | None:
    """The sentence without its leading and trailing whitespace tokens. ``is_space``: the
    doc's IS_SPACE array (a token whose text strips to nothing is exactly a space token)."""
    start, end = sent.start, sent.end
    while start < end and is_space[start]:
        start += 1
    while end > start and is_space[end - 1]:
        end -= 1
    return doc[start:end] if end > start else None


def _label_line(span: Span, paragraph: tuple[int, int]) -> bool:
    """The first of several paragraphs is one sentence with no verb: a headline such as
    "Kazakhstan's Xinjiang Dilemma" (cleaning puts the headline there) or a label. It names
    a topic and states nothing, so it is no claim; a headline with a verb ("Minister says
    exports will double") is one."""
    if (span.start_char, span.end_char) != paragraph:
        return False
    return not any(t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB") for t in span)


def find_claims(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    attributions = doc._.ct_attributions or []
    figures = doc._.ct_figures or []
    claims: list[dict] = []
    spans: list[Span] = []
    is_space, is_punct = doc.to_array([IS_SPACE, IS_PUNCT]).T.tolist()
    for sent in doc.sents:
        span = _trimmed(doc, sent, is_space)
        if span is None or DATELINE_SENTENCE.fullmatch(span.text) or (
                "(@" in span.text and SIGNATURE_SENTENCE.fullmatch(span.text)):
            continue
        # A stray closing quote or bracket split off by the parser joins its sentence.
        if spans and all(is_punct[i] for i in range(span.start, span.end)) and \
                "\n" not in text[spans[-1].end_char:span.start_char]:
            spans[-1] = doc[spans[-1].start:span.end]
            continue
        spans.append(span)
    quotes = real_quotes(text)
    paragraphs = paragraph_spans(text)
    # Each span's entities, as ``span.ents`` gives them (wholly inside, in order), from
    # one pass over ``doc.ents`` (itself a scan of the doc) instead of two per sentence.
    doc_ents = list(doc.ents)
    ent_starts = [e.start for e in doc_ents]
    tag_pos_lemma = doc.to_array([TAG, POS, LEMMA])  # one array for the doc's feature checks
    candidates = CueCandidates(doc)
    contents = ContentIndex(attributions)
    # paragraph -> its transcript speaker label ("CLINTON: "); none without a colon
    labels = turn_labels(text, paragraphs) if ":" in text else {}
    asking = questioners(text, paragraphs, labels) if labels else set()
    for span in spans:
        start, end = span.start_char, span.end_char
        paragraph = paragraph_index(paragraphs, start)
        label = labels.get(paragraph)
        if label and start == label[0]:
            # A transcript turn: the label names the speaker; the claim is what follows.
            first_token = span.start
            while first_token < span.end and doc[first_token].idx < label[1]:
                first_token += 1
            if first_token == span.end:
                continue  # the label parsed as a sentence of its own
            span = doc[first_token:span.end]
            start = span.start_char
        first = bisect.bisect_left(ent_starts, span.start)
        span_ents = []
        for ent in doc_ents[first:]:
            if ent.end > span.end:
                break
            span_ents.append(ent)
        linked = contents.linked(start, end)
        if paragraph == 0 and len(paragraphs) > 1 and not linked and _label_line(
                span, paragraphs[0]):
            continue
        inside = [f for f in figures if start <= f["start"] and f["end"] <= end]
        claim = {
            "seq": len(claims), "paragraph": paragraph,
            "start": start, "end": end,
            "text": text[start:end],
            "attributions": linked,
        }
        claim.update(classify(span, inside, [attributions[i] for i in linked],
                              _inside_passage(start, end, quotes),
                              _has_quote(start, end, quotes), span_ents,
                              label, label is not None and _speaker(text, label) in asking,
                              tag_pos_lemma[span.start:span.end], candidates))
        claims.append(claim)
    return claims


@Language.factory("claimtrack_claims")
def make_claims(nlp: Language, name: str):
    return ClaimSplitter(nlp, name)
