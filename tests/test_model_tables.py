"""The model's attribute ruler and lemmatizer as table look-ups: the same annotation as
spaCy's own components, token for token (claimtrack.nlp.model_tables)."""

from __future__ import annotations

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from claimtrack.nlp.model_tables import AttributeTable, LemmaTable, Unsupported, compile_rules

COMPARED = [POS, TAG, MORPH, LEMMA, DEP, HEAD]

# Fresh sentences with the forms the model's rules name: contractions, "gonna", "let's",
# whitespace tokens, possessives, auxiliaries, numbers, all-caps and odd spacing.
SENTENCES = [
    "The council ain't going to wait, and we're gonna see why, the mayor said.",
    "Let's be clear: the 3.5% rise wasn't what the bank had forecast in 2019.",
    "I dunno whether she'll come;  y'all gotta ask her.\n\nShe won't say.",
    "\"We can't, we shouldn't and we won't,\" the minister's spokesman told reporters.",
    "GDP grew 2 per cent — faster than expected — in the third quarter of 2024.",
    "  Whoever wrote this   didn't check the figures: 1,200 jobs, not 12,000.  ",
    "Are you kidding me?! Nope. Yes, sir. Hmm... OK then, let us go.",
    "The Smiths' house, which was built in the 1890s, has been sold for $1.2m.",
]


def _parsed_to(nlp, text: str, stop: str) -> Doc:
    """``text`` through the pipeline up to (not including) the pipe named ``stop``."""
    doc = nlp.make_doc(text)
    for name, pipe in nlp.pipeline:
        if name == stop:
            return doc
        doc = pipe(doc)
    raise AssertionError(f"no pipe {stop}")


def _copy(doc: Doc) -> Doc:
    return Doc(doc.vocab).from_bytes(doc.to_bytes())


def test_the_pipeline_runs_the_table_versions_under_the_model_names(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaTable)
    assert nlp.get_pipe("attribute_ruler").fallback is None  # every model rule compiled


@pytest.mark.parametrize("text", SENTENCES)
def test_attribute_table_sets_what_spacys_ruler_sets(nlp, text):
    table = nlp.get_pipe("attribute_ruler")
    doc = _parsed_to(nlp, text, "attribute_ruler")
    expected = table.ruler(_copy(doc))
    assert numpy.array_equal(table(doc).to_array(COMPARED), expected.to_array(COMPARED))
    assert [str(t.morph) for t in doc] == [str(t.morph) for t in expected]


@pytest.mark.parametrize("text", SENTENCES)
def test_lemma_table_gives_spacys_lemmas(nlp, text):
    table = nlp.get_pipe("lemmatizer")
    doc = _parsed_to(nlp, text, "lemmatizer")
    expected = table.lemmatizer(_copy(doc))
    assert [t.lemma_ for t in table(doc)] == [t.lemma_ for t in expected]


def _blank_pair(patterns: list[dict]) -> tuple[AttributeRuler, AttributeTable]:
    blank = spacy.blank("en")
    ruler = AttributeRuler(blank.vocab)
    ruler.add_patterns(patterns)
    table = AttributeTable(blank, "attribute_ruler")
    table.use(ruler)
    return ruler, table


def _tagged(vocab, words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    deps = deps or ["dep"] * len(words)
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=list(range(len(words))))


# One option per row, as spaCy's own ruler tests set one thing on a blank pipeline.
OPTION_CASES = [
    ("equality", [{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}]),
    ("IN", [{"patterns": [[{"LOWER": {"IN": ["a", "the"]}}]], "attrs": {"POS": "DET"}}]),
    ("NOT_IN", [{"patterns": [[{"TAG": {"NOT_IN": ["NN", "DT"]}}]], "attrs": {"POS": "X"}}]),
    ("REGEX", [{"patterns": [[{"LOWER": {"REGEX": "^t"}}]], "attrs": {"LEMMA": "tee"}}]),
    ("later rule wins", [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": "cat", "TAG": "NN"}]], "attrs": {"POS": "PROPN"}}]),
    ("two tokens, index 1", [
        {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "x"}, "index": 1}]),
    ("two tokens, index -1 after a one-token rule", [
        {"patterns": [[{"LOWER": "cat"}, {"LOWER": "sat"}]], "attrs": {"POS": "VERB"},
         "index": -1},
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "AUX"}}]),
    ("dependency", [{"patterns": [[{"DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom"}}]),
]


@pytest.mark.parametrize("label,patterns", OPTION_CASES, ids=[c[0] for c in OPTION_CASES])
def test_each_pattern_option_on_a_blank_pipeline(label, patterns):
    ruler, table = _blank_pair(patterns)
    assert table.fallback is None
    words = ["The", "cat", "sat", "on", "the", "mat", "today"]
    tags = ["DT", "NN", "VBD", "IN", "DT", "NN", "NN"]
    deps = ["det", "nsubj", "ROOT", "prep", "det", "pobj", "npadvmod"]
    ours = table(_tagged(ruler.vocab, words, tags, deps))
    theirs = ruler(_tagged(ruler.vocab, words, tags, deps))
    assert numpy.array_equal(ours.to_array(COMPARED), theirs.to_array(COMPARED))
    assert ours.to_array(COMPARED).any()  # the rule did set something


def test_a_pattern_it_cannot_reproduce_keeps_spacys_ruler():
    patterns = [{"patterns": [[{"LENGTH": {">=": 4}}]], "attrs": {"POS": "NOUN"}}]
    with pytest.raises(Unsupported):
        compile_rules(_blank_pair(patterns)[0])
    ruler, table = _blank_pair(patterns)
    assert table.fallback is ruler
    doc = table(_tagged(ruler.vocab, ["a", "long", "word"], ["DT", "JJ", "NN"]))
    assert [t.pos_ for t in doc] == ["", "NOUN", "NOUN"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_model_rules_on_random_tag_and_word_sequences(nlp, data):
    """The model's 179 rules on random sequences of the tags, dependencies and words they
    name (and some they do not): the table and spaCy's ruler agree token for token."""
    table = nlp.get_pipe("attribute_ruler")
    words = ["ai", "n't", "nt", "gon", "na", "let", "'s", "is", "the", "cat", "'", "\n",
             "wo", "ca", "Mr.", "ran", "that", "'re", "got", "ta", "there"]
    labels = table.ruler.vocab.strings
    tag_labels = list(nlp.get_pipe("tagger").labels)
    dep_labels = list(nlp.get_pipe("parser").labels)
    n = data.draw(st.integers(1, 12))
    picked = [data.draw(st.sampled_from(words)) for _ in range(n)]
    tags = [data.draw(st.sampled_from(tag_labels)) for _ in range(n)]
    deps = [data.draw(st.sampled_from(dep_labels)) for _ in range(n)]
    assert labels is nlp.vocab.strings
    ours = table(_tagged(nlp.vocab, picked, tags, deps))
    theirs = table.ruler(_tagged(nlp.vocab, picked, tags, deps))
    assert numpy.array_equal(ours.to_array(COMPARED), theirs.to_array(COMPARED))
