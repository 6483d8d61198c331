"""Claim matching: does one claim state the same thing as another, how close, and why.

Pure comparison of two claims' features (text, entity canonicals, figures); reading them from
the database and storing matches is claimtrack.checked's job. A matcher scores a pair from
0 to 1 and gives reasons; a pair is the *same claim* when the score reaches
``SAME_CLAIM_THRESHOLD`` and no blocker applies. Blockers are facts that make two similar
sentences different claims however close their words are:

* a figure in one claim that the other does not state within rounding (6.6 percent is not
  16 percent; a claim with a number is not the same as one without it);
* other numbers (years, dates) stated by both that differ;
* one claim negated and the other not;
* opposite directions (rose / fell);
* a named entity in each that the other lacks, of the same kind (Kazakhstan / Uzbekistan).

Matchers live in one registry, ``MATCHERS``; ``register_matcher(name, matcher)`` adds one
(docs/matching.md shows how to add a sentence-embedding matcher).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from claimtrack import quantities

# Between the scores of unrelated claims and of paraphrases: on the evaluation pairs
# (tests/matching_pairs.py, docs/matching.md) unrelated pairs score at most 0.27 and all but
# one paraphrase at least 0.60; near-misses score high and are stopped by the blockers.
SAME_CLAIM_THRESHOLD = 0.55
# Share of the score from the claims' words; the rest comes from shared entities when either
# claim names any (words alone when neither does).
WORD_WEIGHT = 0.75
# Added when the claims state the same figure: a shared number is strong evidence that two
# differently worded claims are one claim.
SAME_FIGURE_BONUS = 0.1
# Entity labels compared as "who or where" (dates and numbers are compared as numbers).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW",
                           "PRODUCT", "WORK_OF_ART"})
# Labels whose differing names make two claims different (a different person, organisation
# or place); other labels only lower the score.
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    # Read through the top package: claimtrack.nlp's __init__ imports spaCy.
    path = resources.files("claimtrack").joinpath("nlp/data/matching.json")
    data = json.loads(path.read_text("utf-8"))
    return {key: (frozenset(v) if isinstance(v, list) else v) for key, v in data.items()}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) - lexicon()["negations"]


def tokens(text: str) -> list[str]:
    """Lower-cased words, apostrophes straightened ("didn't" stays one word)."""
    return WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str, words: list[str] | None = None) -> list[str]:
    """Lower-cased words of a claim without stop words, in order, each once."""
    stops = stop_words()
    kept = []
    for word in tokens(text) if words is None else words:
        # Tokens start with a letter: only an apostrophe or a final hyphen can be trimmed.
        if "'" in word or word.endswith("-"):
            word = word.removesuffix("'s").strip("'-")
        if len(word) > 1 and word not in stops:
            kept.append(word)
    return list(dict.fromkeys(kept))


def is_negated(text: str, words: list[str] | None = None) -> bool:
    words = tokens(text) if words is None else words
    joined = " " + " ".join(words) + " "
    negations = lexicon()["negations"]
    if "n't" not in joined and negations.isdisjoint(words):
        return False  # most claims: no negation word at all
    for phrase in lexicon()["negation_phrases_ignored"]:
        joined = joined.replace(f" {phrase} ", " ")
    return any(w in negations or w.endswith("n't") for w in joined.split())


def directions(text: str, words: list[str] | None = None) -> frozenset[str]:
    found = tokens(text) if words is None else words
    lex = lexicon()
    return frozenset(name for name, key in (("up", "up_words"), ("down", "down_words"))
                     if not lex[key].isdisjoint(found))


@dataclass(frozen=True)
class ClaimFeatures:
    """What matching compares. ``figures`` are figure rows (text, value, unit, qualifier,
    low, high); ``entities`` maps canonical names to labels; ``numbers`` are the numbers
    written outside figures (years, dates, ids) as written without commas, and the
    months of DATE entities."""

    text: str
    claim_id: int | None = None
    figures: tuple[dict, ...] = ()
    entities: dict[str, str] = field(default_factory=dict)
    numbers: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    tokens: frozenset[str] = frozenset()
    negated: bool = False
    directions: frozenset[str] = frozenset()


def claim_features(text: str, *, claim_id: int | None = None, figures=(),
                   entities=()) -> ClaimFeatures:
    """Features of a claim. ``figures``: figure dicts whose ``start``/``end`` are offsets
    into ``text`` (their spans are left out of ``numbers``); ``entities``: (canonical,
    label) pairs."""
    masked = text
    for figure in figures:
        start, end = figure.get("start"), figure.get("end")
        if start is not None and end is not None and 0 <= start < end <= len(text):
            masked = masked[:start] + " " * (end - start) + masked[end:]
    words, all_words, negated, moved = _text_features(text)
    return ClaimFeatures(
        text=text,
        claim_id=claim_id,
        figures=tuple(f for f in figures if f.get("value") is not None),
        entities={name: label for name, label in entities
                  if label in ENTITY_LABELS and name},
        numbers=frozenset(n.replace(",", "") for n in NUMBER.findall(masked))
        | {w for name, label in entities if label == "DATE"
           for w in WORD.findall(name.lower()) if w in lexicon()["months"]},
        words=words,
        tokens=all_words,
        negated=negated,
        directions=moved,
    )


# Judged claims are compared again with every article that repeats their words: their text
# features are kept (a pure function of the text) so they are computed once per run.
TEXT_FEATURE_CACHE = 65536


@lru_cache(maxsize=TEXT_FEATURE_CACHE)
def _text_features(text: str) -> tuple[tuple[str, ...], frozenset[str], bool, frozenset[str]]:
    words = tokens(text)
    return (claim_words(text), frozenset(words), is_negated(text, words),
            directions(text, words))


@lru_cache(maxsize=TEXT_FEATURE_CACHE)
def claim_words(text: str) -> tuple[str, ...]:
    """content_words, kept: on ingest a new claim's words find its candidates, and only
    a claim with candidates needs the rest of its features."""
    return tuple(content_words(text))


@dataclass(frozen=True)
class Comparison:
    """A scored pair. ``same`` is the verdict on "same claim"; ``blockers`` say why not
    when the words are close but a fact differs."""

    score: float
    same: bool
    reasons: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()


def _figure_text(figure: dict) -> str:
    return figure.get("text") or f"{figure.get('value'):g}"


def figure_blockers(a: ClaimFeatures, b: ClaimFeatures) -> tuple[list[str], list[str]]:
    """(figures both state, reasons the figures disagree)."""
    shared, blockers = [], []
    for left, right in ((a, b), (b, a)):
        for figure in left.figures:
            partner = next((f for f in right.figures if quantities.same_figure(figure, f)),
                           None)
            if partner is not None:
                if left is a:
                    shared.append(_figure_text(figure))
            elif right.figures:
                others = ", ".join(_figure_text(f) for f in right.figures)
                blockers.append(f"different figure: {_figure_text(figure)} vs {others}")
            else:
                blockers.append(f"figure stated only once: {_figure_text(figure)}")
    return shared, blockers[:1] if blockers else []


def _name_key(name: str) -> str:
    """A name compared without case or plural: "Muslims" and "Muslim", "Kazakhs" and
    "Kazakh" are one group."""
    key = name.lower().removesuffix("'s")
    return key[:-1] if len(key) > 3 and key.endswith("s") and not key.endswith("ss") else key


def _entity_in_text(name: str, words: frozenset[str]) -> bool:
    # An entity the tagger missed in the other claim still counts when its name is there.
    parts = [w for w in WORD.findall(name.lower()) if w not in stop_words()]
    return bool(parts) and all(p in words or _name_key(p) in words or f"{p}s" in words
                               for p in parts)


def entity_overlap(a: ClaimFeatures, b: ClaimFeatures) -> tuple[list[str], list[str], float]:
    """(shared entity names, blockers, Jaccard overlap of the entities)."""
    a_words, b_words = a.tokens, b.tokens
    a_names = {_name_key(n): n for n in a.entities}
    b_names = {_name_key(n): n for n in b.entities}
    shared = {k for k in a_names if k in b_names or _entity_in_text(a_names[k], b_words)}
    shared |= {k for k in b_names if k in a_names or _entity_in_text(b_names[k], a_words)}
    only_a = {k: a.entities[a_names[k]] for k in a_names if k not in shared}
    only_b = {k: b.entities[b_names[k]] for k in b_names if k not in shared}
    blockers = []
    for key, label in only_a.items():
        clash = [b_names[k] for k, lb in only_b.items() if lb == label and label in BLOCKING_LABELS]
        if clash:
            blockers.append(f"different {label}: {a_names[key]} vs {clash[0]}")
            break
    union = len(shared) + len(only_a) + len(only_b)
    names = sorted({a_names.get(k) or b_names[k] for k in shared})
    return names, blockers, (len(shared) / union if union else 0.0)


class FuzzyMatcher:
    """The default matcher: rapidfuzz token matching of the content words, entity
    canonicals and figure values. Needs nothing but the database."""

    name = "fuzzy"
    # A claim stating a figure is never the same as one stating none (figure_blockers), so
    # matching on ingest leaves such pairs out before reading their features.
    figures_must_agree = True

    def compare(self, a: ClaimFeatures, b: ClaimFeatures) -> Comparison:
        text_a, text_b = " ".join(a.words), " ".join(b.words)
        words = (fuzz.token_set_ratio(text_a, text_b) + fuzz.token_sort_ratio(text_a, text_b)) \
            / 200.0
        shared_figures, blockers = figure_blockers(a, b)
        shared_entities, entity_blockers, entity_score = entity_overlap(a, b)
        blockers += entity_blockers
        score = words
        if a.entities or b.entities:
            score = WORD_WEIGHT * words + (1 - WORD_WEIGHT) * entity_score
        if shared_figures:
            score = min(1.0, score + SAME_FIGURE_BONUS)
        if a.numbers and b.numbers and a.numbers != b.numbers:
            blockers.append("different numbers: " + ", ".join(sorted(a.numbers ^ b.numbers)))
        if a.negated != b.negated:
            blockers.append("one is negated, the other not")
        if a.directions and b.directions and not a.directions & b.directions:
            blockers.append(f"opposite directions: {'/'.join(sorted(a.directions))} vs "
                            f"{'/'.join(sorted(b.directions))}")
        reasons = []
        common = [w for w in a.words if w in set(b.words)]
        if common:
            reasons.append("shared words: " + ", ".join(common[:8]))
        if shared_entities:
            reasons.append("shared entities: " + ", ".join(shared_entities))
        if shared_figures:
            reasons.append("same figure: " + ", ".join(shared_figures))
        return Comparison(round(score, 4), score >= SAME_CLAIM_THRESHOLD and not blockers,
                          tuple(reasons), tuple(blockers))


MATCHERS: dict[str, Callable[[], object]] = {}


def register_matcher(name: str, factory: Callable[[], object]) -> None:
    """Add a matcher: ``factory()`` returns an object with ``name`` and
    ``compare(a, b) -> Comparison``; it is called only when the matcher is chosen, so a
    matcher may import heavy libraries there."""
    MATCHERS[name] = factory


register_matcher("fuzzy", FuzzyMatcher)
DEFAULT_MATCHER = "fuzzy"


class UnknownMatcher(ValueError):
    pass


@cache
def get_matcher(name: str = DEFAULT_MATCHER):
    if name not in MATCHERS:
        raise UnknownMatcher(f"unknown matcher {name!r} (available: {', '.join(MATCHERS)})")
    return MATCHERS[name]()
