"""TreeMatcher (attribution/tree_matcher.py) finds exactly what spaCy's DependencyMatcher
finds, for every operator it matches on arrays, and hands other patterns to spaCy."""

import pytest
from spacy.matcher import DependencyMatcher

from claimtrack.nlp.attribution.tree_matcher import TreeMatcher

TEXT = ("The harbour master said on Tuesday that the old sea wall would not survive another "
        "winter. According to the council's engineers, repairs will cost more than the "
        "budget allows: about four million pounds. Fishermen, who have warned about the "
        "wall for years, told reporters they were not surprised. \"It is falling apart,\" "
        "one of them added.")
VERB = {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "VERB"}}
OPERATORS = [">", "<", ">+", ">-", ">++", ">--", ".", ".*", ";", ";*", ">>", "<<"]


def same_matches(nlp, pattern, text=TEXT):
    doc = nlp(text)
    ours, spacys = TreeMatcher(nlp.vocab, validate=True), DependencyMatcher(nlp.vocab)
    ours.add("P", [pattern])
    spacys.add("P", [pattern])
    found = sorted((key, tuple(ids)) for key, ids in ours(doc))
    assert found == sorted((key, tuple(ids)) for key, ids in spacys(doc))
    return ours, found


@pytest.mark.parametrize("op", OPERATORS)
def test_each_operator_matches_as_spacy_does(nlp, op):
    ours, found = same_matches(nlp, [VERB, {"LEFT_ID": "cue", "REL_OP": op, "RIGHT_ID": "x",
                                            "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN"]}}}])
    assert ours.supported and found  # matched on arrays, and the text has such pairs
    ours, found = same_matches(nlp, [
        VERB, {"LEFT_ID": "cue", "REL_OP": op, "RIGHT_ID": "x",
               "RIGHT_ATTRS": {"DEP": {"NOT_IN": ["punct"]}}},
        {"LEFT_ID": "x", "REL_OP": ">", "RIGHT_ID": "y", "RIGHT_ATTRS": {"TAG": "DT"}}])
    assert ours.supported


def test_word_attributes_and_an_empty_node(nlp):
    _, found = same_matches(nlp, [
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LOWER": "according"}},
        {"LEFT_ID": "cue", "REL_OP": ".", "RIGHT_ID": "to", "RIGHT_ATTRS": {"ORTH": "to"}},
        {"LEFT_ID": "to", "REL_OP": ">>", "RIGHT_ID": "source", "RIGHT_ATTRS": {}}])
    assert found
    _, found = same_matches(nlp, [
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": ["say", "tell"]}, "TEXT": "said"}},
        {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content", "RIGHT_ATTRS": {"DEP": "ccomp"}}])
    assert len(found) == 1


def test_matches_stay_inside_one_sentence_tree(nlp):
    # "." and ".*" never cross into the next sentence, as in spaCy
    _, found = same_matches(nlp, [
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"ORTH": "."}},
        {"LEFT_ID": "cue", "REL_OP": ".*", "RIGHT_ID": "x", "RIGHT_ATTRS": {}}])
    assert found == []


def test_other_patterns_are_left_to_spacy(nlp):
    ours, found = same_matches(nlp, [VERB, {"LEFT_ID": "cue", "REL_OP": "$++", "RIGHT_ID": "x",
                                            "RIGHT_ATTRS": {"POS": "PUNCT"}}])
    assert not ours.supported and found
    ours, found = same_matches(nlp, [VERB, {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "x",
                                            "RIGHT_ATTRS": {"LOWER": {"REGEX": "^rep"}}}])
    assert not ours.supported and found


def test_a_bad_pattern_is_refused_when_added(nlp):
    with pytest.raises(ValueError):
        TreeMatcher(nlp.vocab, validate=True).add("P", [[VERB, {"LEFT_ID": "nowhere",
                                                                "REL_OP": ">",
                                                                "RIGHT_ID": "x",
                                                                "RIGHT_ATTRS": {}}]])


@pytest.mark.parametrize("pattern", [
    [VERB, {"LEFT_ID": "cue", "REL_OP": ".*", "RIGHT_ID": "x", "RIGHT_ATTRS": {"ORTH": ":"}}],
    [VERB, {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "x", "RIGHT_ATTRS": {"POS": "NOUN"}}],
    # a node testing NORM: the sentence's own Doc has lexeme norms, so spaCy matches it
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"NORM": "not"}},
     {"LEFT_ID": "cue", "REL_OP": "<", "RIGHT_ID": "x", "RIGHT_ATTRS": {}}],
])
def test_a_sentence_matches_as_its_own_doc_would(nlp, pattern):
    doc = nlp(TEXT + " They didn't expect it: nobody did.")
    ours, spacys = TreeMatcher(nlp.vocab), DependencyMatcher(nlp.vocab)
    ours.add("P", [pattern])
    spacys.add("P", [pattern])
    found = []
    for sent in doc.sents:
        matches = sorted((key, tuple(ids)) for key, ids in ours(sent))
        assert matches == sorted((key, tuple(ids)) for key, ids in spacys(sent.as_doc()))
        found += matches
    assert found
