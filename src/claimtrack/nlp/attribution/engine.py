"""The orchestrator: run the stages over a doc and write ``doc._.ct_attributions``.

1. context (paragraphs, quotations, person names): ``context.build_context``;
2. cues: for each verb or "according" token (one array prefilter, no per-token loop over
   the doc) the ``verb`` rules in precedence order, then the ``phrase`` rules; then the
   ``layout`` rules over the doc (rules.ORDER); pattern rules read the matches of the
   pipeline's DependencyMatcher, run once per doc (``pattern_rules``);
3. speakers and sources: each candidate's speaker token -> a ``Source`` (``sources``,
   ``coreference``), in text order so pronouns see the speakers before them;
4. nested reports dropped, carry-over added (``carryover``);
5. one plain dict per attribution (msgpack-safe), with its rule id and confidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Doc

from claimtrack.nlp.attribution import (  # noqa: F401  (importing registers the rules)
    carryover,
    colon_quote_rules,
    evidence_rules,
    headline_rules,
    infinitive_rules,
    nonfinite_rules,
    object_rules,
    parse_repair_rules,
    participle_rules,
    pattern_rules,
    phrase_rules,
    post_rules,
    quote_rules,
    shape_rules,
    speech_np_rules,
    stance_object_rules,
    stance_rules,
)
from claimtrack.nlp.attribution.carryover import nested_in_other
from claimtrack.nlp.attribution.context import Candidate, build_context, token_end
from claimtrack.nlp.attribution.headline_rules import (
    headline_span,
    in_title_case_headline,
    title_case_headline,
)
from claimtrack.nlp.attribution.lexicon import lexicon, lexicon_with
from claimtrack.nlp.attribution.pattern_rules import PatternSet
from claimtrack.nlp.attribution.rules import RESOLVED_PENALTY, confidence, rules_of
from claimtrack.nlp.attribution.sources import SourceResolver
from claimtrack.nlp.attribution.verb_rules import verb_candidates
from claimtrack.nlp.extensions import register_extensions

# a confidence never drops to 0: the link was made by a rule
MIN_CONFIDENCE = 0.05
MARKUP = re.compile(r"[<>]|\w=[\"']")  # tag or attribute syntax left in the text


def cue_token_indexes(doc: Doc, words: frozenset[str], verb_lemmas: frozenset[str] | None = None,
                      lemma_slips: dict[str, str] | None = None) -> list[int]:
    """Indexes of the tokens a cue rule can fire on, in order, from one array per doc: the
    tokens spelled as a phrase-rule trigger word ("according", "confident", "view", ...),
    and the tokens tagged VERB whose lemma (lower-cased, or the lemma-slip form's) is in
    ``verb_lemmas`` (every VERB when it is None). Every phrase rule starts from its trigger
    words and every verb rule from a cue lemma (``verb_candidates``), so the other verbs
    (most of a doc's) never build a Token."""
    tags = doc.to_array([POS, LOWER, LEMMA])
    verbs = tags[:, 0] == VERB
    if verb_lemmas is not None:
        strings = doc.vocab.strings
        lemma_ids = numpy.unique(tags[verbs, 2])
        kept = [i for i in lemma_ids.tolist() if strings[i].lower() in verb_lemmas]
        verbs &= numpy.isin(tags[:, 2], numpy.array(kept, dtype=numpy.uint64))
        if lemma_slips:  # a slipped form's own lemma can be anything ("hopes" -> "hop")
            verbs |= (tags[:, 0] == VERB) & numpy.isin(tags[:, 1], trigger_ids(
                frozenset(lemma_slips)))
    return numpy.flatnonzero(verbs | numpy.isin(tags[:, 1], trigger_ids(words))).tolist()


@lru_cache(maxsize=8)
def trigger_ids(words: frozenset[str]) -> numpy.ndarray:
    return numpy.array([get_string_id(w) for w in words], dtype=numpy.uint64)


def find_attributions(doc: Doc, patterns: PatternSet | None = None) -> list[dict]:
    """Every attribution in ``doc`` as plain dicts (docs/attribution.md); ``patterns``
    carries the pipeline's word lists and pattern rules (default: the package's)."""
    if patterns is None:
        patterns = PatternSet(doc.vocab, lexicon())
    ctx = build_context(doc, patterns.lex)
    ctx.patterns = patterns.for_doc(doc)
    ctx.headline_span = headline_span(ctx.text, ctx.paragraphs)
    ctx.headline = title_case_headline(ctx.text, ctx.headline_span)
    candidates: list[Candidate] = []
    phrase = rules_of("phrase")
    for i in cue_token_indexes(doc, patterns.trigger_words, patterns.verb_lemmas,
                               patterns.lex.lemma_slips):
        tok = doc[i]
        candidates.extend(verb_candidates(tok, ctx))
        for rule in phrase:
            candidates.extend(rule.func(tok, ctx))
    for rule in rules_of("layout"):
        candidates.extend(rule.func(ctx))
    if any(c.rule == "headline_cue" for c in candidates):
        # a Title Case headline's parse is not trusted where the headline rule read it
        candidates = [c for c in candidates if c.rule in ("headline_cue", "headline_label")
                      or not in_title_case_headline(ctx, c.cue_start)]
    candidates.sort(key=lambda c: c.cue_start)
    resolver = SourceResolver(ctx)
    kept: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for cand in candidates:
        if (cand.cue_start, cand.content_start) in seen:
            continue
        resolver.content = (cand.content_start, cand.content_end)
        if cand.source is not None:  # a rule that named its source from the text itself
            described = (cand.source, [], False)
        else:
            described = resolver.describe(cand.source_head, cand.source_tokens_exclude)
        if described is None:
            continue
        source, tokens, resolved = described
        if not source.name or MARKUP.search(source.name):
            continue  # 'datetime="2016': the attributes of a pasted tag name nobody
        if any(k.source.name == source.name and k.content_start < cand.content_end
               and cand.content_start < k.content_end for k in kept):
            continue  # the same report found twice ("According to X estimates")
        cand.source = source
        if tokens:
            cand.source_start, cand.source_end = tokens[0].idx, token_end(tokens[-1])
            if ctx.text.count("(", cand.source_start, cand.source_end) > ctx.text.count(
                    ")", cand.source_start, cand.source_end) and ctx.text.startswith(
                    ")", cand.source_end):
                cand.source_end += 1  # "Ade Bello (@adebello)": the bracket it opened
            cand.source_text = ctx.text[cand.source_start : cand.source_end]
        cand.confidence = confidence(cand.rule) - (RESOLVED_PENALTY if resolved else 0.0)
        seen.add((cand.cue_start, cand.content_start))
        if cand.source_head is not None:
            resolver.remember(cand.cue_start, source, cand.source_head)
        kept.append(cand)
    kept = [k for k in kept if not nested_in_other(k, kept)]
    for rule in rules_of("carryover"):
        kept.extend(rule.func(ctx, kept))
    kept.sort(key=lambda c: (c.content_start, c.cue_start))
    return [to_dict(ctx.text, c) for c in kept]


def to_dict(text: str, cand: Candidate) -> dict:
    return {
        "source": cand.source.as_dict(),
        "source_text": cand.source_text,
        "source_start": cand.source_start,
        "source_end": cand.source_end,
        "cue": text[cand.cue_start : cand.cue_end],
        "cue_start": cand.cue_start,
        "cue_end": cand.cue_end,
        "mode": cand.mode,
        "rule": cand.rule,
        "confidence": round(max(MIN_CONFIDENCE, cand.confidence), 2),
        "content_start": cand.content_start,
        "content_end": cand.content_end,
    }


class Attributor:
    """The pipeline component; its options are this pipeline's only, like spaCy's
    SpanRuler: ``add_words`` extends the word lists (Lexicon field -> words, e.g.
    ``{"clausal_verbs": ["conjecture"]}``), ``patterns`` adds DependencyMatcher patterns to
    pattern rules (``{"rule": "light_verb", "pattern": [...]}``, docs/attribution.md)."""

    def __init__(self, nlp: Language, name: str, add_words: dict | None = None,
                 patterns: list[dict] | None = None):
        register_extensions()
        self.lex = lexicon_with(add_words)
        self.patterns = PatternSet(nlp.vocab, self.lex, patterns or ())

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add pattern-rule patterns to this pipeline (checked now, not at the first doc)."""
        self.patterns = self.patterns.with_patterns(patterns)

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_attributions = find_attributions(doc, self.patterns)
        return doc


@Language.factory("claimtrack_attribution", default_config={"add_words": {}, "patterns": []})
def make_attribution(nlp: Language, name: str, add_words: dict, patterns: list):
    return Attributor(nlp, name, add_words, patterns)
