"""Check-worthiness: transparent features of a claim, weighted, with a readable reason.

Every feature is binary and computed from what the pipeline already has for the sentence
(tokens and tags, entities, figures, attributions, the hedge / prediction / opinion cues of
claims.py) plus word lists in data/checkworthiness.json, loaded once. The score is a
logistic function of a dot product with the weights in data/checkworthiness_weights.json,
fitted by scripts/fit_checkworthy.py on labelled transcripts (provenance in that file and
in docs/claims.md). The reason lists the features that fired, strongest first, the
down-weighting ones after "but".
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Span, Token

NAMED_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"}
NAMED_SOURCE_KINDS = {"person", "organization", "publication", "government", "document"}
QUANTITY_LABELS = {"PERCENT", "MONEY", "QUANTITY", "CARDINAL"}
# Subjects whose past actions are checkable claims about someone else ("You voted for
# it", "He approved NAFTA", "The senator's party cut ..."), not the speaker's own story.
ADDRESSED_PRONOUNS = {"he", "she", "they", "you"}
PARTY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Verbs of wanting and believing: "I think", "we want" state the speaker's mind.
MENTAL_VERBS = {"want", "think", "believe", "hope", "need", "feel", "love", "like", "know"}
WORD = re.compile(r"\w+(?:['’]\w+)*")
DIGIT = re.compile(r"\d")
# Under this many words a line is an aside ("That's true.", "Go ahead."), rarely a claim.
SHORT_WORDS = 6
# From this many words on, a sentence has room for a checkable who-did-what.
LONG_WORDS = 20
# A feature whose fitted weight is smaller than this barely moves the score: the reason
# leaves it out rather than claim it mattered.
REASON_MIN_WEIGHT = 0.1
SCORE_DIGITS = 3  # rounding of the stored score: finer than 0.01 keeps ranks apart

# Feature name -> how the reason names it. The order is the weights file's order.
FEATURES = {
    "figure": "figure",
    "number": "number",
    "comparison": "comparison",
    "trend": "change or action",
    "superlative": "superlative",
    "entity": "named entity",
    "entities_2": "several named entities",
    "specific_date": "specific date",
    "past_fact": "past-tense statement",
    "about_someone": "what a named or addressed party did",
    "named_source": "named source",
    "unnamed_source": "unnamed source",
    "direct_quote": "direct quote",
    "policy_topic": "policy topic",
    "long": "long sentence",
    "question": "question",
    "greeting": "greeting or thanks",
    "procedure": "procedure",
    "opinion": "opinion",
    "prediction": "prediction",
    "hedged": "hedged",
    "rhetorical": "rhetorical",
    "first_person": "speaker's own intent or view",
    "questioner": "said by the moderator or interviewer",
    "short": "short",
    "no_verb": "no verb",
}


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = json.loads(resources.files("claimtrack.nlp").joinpath(
        "data/checkworthiness.json").read_text("utf-8"))
    data["trend_lemmas"] = set(data["trend_lemmas"])
    data["topic_of"] = {term: topic for topic, terms in data["policy_topics"].items()
                        for term in terms}
    data["topic_terms"] = list(data["topic_of"])  # one pattern for all topics
    return data


@lru_cache(maxsize=4)  # one entry per vocabulary
def _tag_ids(strings) -> dict:
    return {tag: strings[tag] for tag in ("JJR", "RBR", "JJS", "RBS", "VBD", "VBN")}


@lru_cache(maxsize=1)
def weights() -> dict:
    data = json.loads(resources.files("claimtrack.nlp").joinpath(
        "data/checkworthiness_weights.json").read_text("utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"checkworthiness_weights.json: unknown features {sorted(unknown)}")
    return data


@lru_cache(maxsize=1)
def _lemma_ids_of_interest() -> frozenset[int]:
    """String ids of the trend and mental-state lemmas (a lemma's id is its hash)."""
    return frozenset(get_string_id(w) for w in lexicon()["trend_lemmas"] | MENTAL_VERBS)


@lru_cache(maxsize=64)  # one entry per phrase list
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![\w’'])(?:" + alternatives + r")(?![\w’'])")


def find_phrase(lowered: str, phrases: list[str]) -> str | None:
    """The first phrase of the list found in the text as whole words."""
    match = _phrase_pattern(tuple(phrases)).search(lowered)
    return match.group(0) if match else None


def features(sent: Span, tag_pos_lemma: np.ndarray, lowered: str, figures: list[dict],
             attributions: list[dict], ents: list[Span], doc_chars: str, *, quote: bool,
             hedge: str | None, prediction: str | None, opinion: str | None,
             questioner: bool = False) -> dict[str, str]:
    """The features that fire for a sentence: name -> the words that fired it ("" when
    the feature is about the whole sentence). ``tag_pos_lemma``: the sentence's rows of
    ``doc.to_array([TAG, POS, LEMMA])`` (taken once per doc: only the verbs are visited one by
    one). ``attributions``: those linked to the sentence, the speaker label's own
    excluded (see claims.find_claims)."""
    lex = lexicon()
    doc = sent.doc
    ids = _tag_ids(doc.vocab.strings)
    fired: dict[str, str] = {}
    n_words = len(WORD.findall(lowered))
    if figures:
        fired["figure"] = figures[0]["text"]
    else:
        for ent in ents:
            if ent.label_ in QUANTITY_LABELS:
                fired["number"] = doc_chars[ent.start_char:ent.end_char]
                break
    comparison = find_phrase(lowered, lex["comparison_phrases"])
    # plain lists: a sentence is short, and numpy's per-call cost outweighs its speed here
    tags, pos, lemma_ids = tag_pos_lemma.T.tolist()
    if comparison is None:
        found = next((i for i, tag in enumerate(tags) if tag == ids["JJR"] or tag == ids["RBR"]),
                     None)
        comparison = doc[sent.start + found].lower_ if found is not None else None
    if comparison:
        fired["comparison"] = comparison
    found = next((i for i, tag in enumerate(tags) if tag == ids["JJS"] or tag == ids["RBS"]),
                 None)
    if found is not None:
        fired["superlative"] = doc[sent.start + found].lower_
    verbs = [i for i, p in enumerate(pos) if p == VERB or p == AUX]
    interesting = _lemma_ids_of_interest()
    past = first_person = False
    for i in verbs:
        tag = tags[i]
        # Only a past-tense verb or a trend or mental-state lemma can fire: the other
        # verbs are decided on the arrays, without building their Token.
        if tag != ids["VBD"] and tag != ids["VBN"] and lemma_ids[i] not in interesting:
            continue
        token = doc[sent.start + i]
        lemma = token.lemma_
        if lemma in lex["trend_lemmas"] and "trend" not in fired:
            fired["trend"] = token.text
        if tag == ids["VBD"] or (tag == ids["VBN"] and any(c.lemma_ == "have"
                                                           for c in token.children)):
            past = True
            if "about_someone" not in fired:
                subject = _subject(token)
                if subject is not None and (subject.lower_ in ADDRESSED_PRONOUNS
                                            or subject.ent_type_ in PARTY_LABELS):
                    fired["about_someone"] = subject.text
        if lemma in MENTAL_VERBS and not first_person:
            subject = _subject(token)
            first_person = subject is not None and subject.lower_ in {"i", "we"}
    topic = find_phrase(lowered, lex["topic_terms"])
    if topic:
        topic = lex["topic_of"][topic]
    names = []
    for ent in ents:
        if ent.label_ in NAMED_ENTITY_LABELS:
            name = doc_chars[ent.start_char:ent.end_char]
            if name not in names:
                names.append(name)
    if names:
        fired["entity"] = names[0]
    if len(names) >= 2:
        fired["entities_2"] = ", ".join(names[:3])
    for ent in ents:
        if ent.label_ == "DATE" and DIGIT.search(doc_chars[ent.start_char:ent.end_char]):
            fired["specific_date"] = doc_chars[ent.start_char:ent.end_char]
            break
    if past and not prediction:
        fired["past_fact"] = ""
    named = [a for a in attributions
             if (a.get("source") or {}).get("kind") in NAMED_SOURCE_KINDS]
    if named:
        fired["named_source"] = named[0]["source"].get("name") or ""
    elif attributions:
        fired["unnamed_source"] = ""
    if quote:
        fired["direct_quote"] = ""
    if topic:
        fired["policy_topic"] = topic
    if n_words >= LONG_WORDS:
        fired["long"] = ""
    if lowered.rstrip().endswith("?"):
        fired["question"] = ""
    for name, key in (("greeting", "greeting_phrases"), ("procedure", "procedure_phrases"),
                      ("rhetorical", "rhetorical_phrases")):
        phrase = find_phrase(lowered, lex[key])
        if phrase:
            fired[name] = phrase
    if opinion and not figures:
        fired["opinion"] = opinion
    if prediction:
        fired["prediction"] = prediction
    if hedge:
        fired["hedged"] = hedge
    if first_person:
        fired["first_person"] = ""
    if questioner:
        fired["questioner"] = ""
    if not verbs:
        fired["no_verb"] = ""
    if n_words < SHORT_WORDS:
        fired["short"] = ""
    return fired


def score(fired: dict[str, str]) -> tuple[float, str]:
    """(check-worthiness in 0-1, reason) for the features that fired."""
    model = weights()
    w = model["weights"]
    total = model["bias"] + sum(w.get(name, 0.0) for name in fired)
    value = round(1.0 / (1.0 + math.exp(-total)), SCORE_DIGITS)
    return value, reason(fired, w)


def _describe(name: str, detail: str) -> str:
    return f"{FEATURES[name]} ({detail})" if detail else FEATURES[name]


def reason(fired: dict[str, str], w: dict[str, float]) -> str:
    """The features that moved the score, strongest first; the ones that lowered it after
    "but"."""
    ups = sorted((n for n in fired if w.get(n, 0.0) >= REASON_MIN_WEIGHT), key=lambda n: -w[n])
    downs = sorted((n for n in fired if w.get(n, 0.0) <= -REASON_MIN_WEIGHT),
                   key=lambda n: w[n])
    text = "; ".join(_describe(n, fired[n]) for n in ups) or "no checkable detail"
    if downs:
        text += "; but " + "; ".join(_describe(n, fired[n]) for n in downs)
    return text
