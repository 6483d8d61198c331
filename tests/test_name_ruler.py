"""The windowed span ruler finds exactly what spaCy's SpanRuler finds with the same patterns,
on sentences of every pattern shape; MatchWindows keeps every stretch a pattern can match."""

import pytest
from spacy.pipeline import SpanRuler

from claimtrack.nlp.entity_rules import RULES_KEY, rule_patterns
from claimtrack.nlp.name_ruler import MatchWindows
from claimtrack.nlp.release import RELEASE_PIPE

# One or more sentences per shape of rule_patterns(), plus near misses.
SHAPES = [
    "Researchers at Human Rights Watch said the camps were expanding.",  # word words head
    "The Belt and Road Initiative has funded ports in three countries.",  # words and words head
    "She studied at the University of British Columbia before moving.",  # head of words
    "A report from the Center for Transatlantic Relations disagreed.",  # head for words
    "The Department of Health and Human Services issued new guidance.",  # connector + and
    "Water Services of England and Wales raised its charges.",
    "Campaigners cited the Freedom of Information Act in their appeal.",  # law with connector
    "The Paris Agreement on climate was signed by most countries.",  # law head
    "The Supreme Court ruled on the Clean Air Act last week.",
    "An editorial in the Denver Post backed the mayor.",  # the words publication-head
    "She told The New York Times that the vote was close.",  # publication phrase
    "He posted the video on Twitter before deleting it.",  # online platform phrase
    "Officials said the Marshall Plan was a model.",
    "The plan was announced on Monday by the council.",  # near miss: lower-case head
    "Act now, the leaflet said.",  # head noun at a sentence start, nothing before it
    "UPDATE: The National Health Service Survey found longer waits.",
    "Mr. Smith, who runs the Smith Family Foundation and the Jones Institute, spoke.",
]


def spans(ruler, doc):
    return [(s.start, s.end, s.label_, s.id_) for s in ruler.match(doc)]


@pytest.fixture(scope="module")
def plain_ruler(nlp):
    ruler = SpanRuler(nlp, "plain", spans_key="plain")
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(rule_patterns())
    return ruler


def unreleased(nlp, text):
    """The Doc with its entity-rule span group, which the last pipe drops."""
    with nlp.select_pipes(disable=[RELEASE_PIPE]):
        return nlp(text)


def test_pipeline_uses_the_windowed_ruler(nlp):
    from claimtrack.nlp.name_ruler import WindowedSpanRuler

    assert isinstance(nlp.get_pipe("claimtrack_entity_rules"), WindowedSpanRuler)


@pytest.mark.parametrize("text", SHAPES)
def test_same_spans_as_spacys_span_ruler(nlp, plain_ruler, text):
    doc = unreleased(nlp, text)
    ours = nlp.get_pipe("claimtrack_entity_rules")
    assert spans(ours, doc) == spans(plain_ruler, doc)
    assert [(s.start, s.end) for s in doc.spans[RULES_KEY]] == [
        (s.start, s.end) for s in ours.spans_filter([], plain_ruler.match(doc))]


def test_shapes_are_found(nlp):
    """The table above exercises the patterns: each headed shape finds its name."""
    docs = [unreleased(nlp, text) for text in SHAPES[:4]]
    found = {doc.spans[RULES_KEY][0].text for doc in docs if doc.spans[RULES_KEY]}
    assert found == {"Human Rights Watch", "Belt and Road Initiative",
                     "University of British Columbia", "Center for Transatlantic Relations"}


def test_whole_article_same_spans(nlp, plain_ruler):
    doc = nlp(" ".join(SHAPES) + "\n\nThe Seattle Times\n\nA Title Case Line About The Times")
    assert spans(nlp.get_pipe("claimtrack_entity_rules"), doc) == spans(plain_ruler, doc)


def test_windows_are_runs_holding_every_mandatory_condition(nlp):
    patterns = [[{"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"}, {"TEXT": {"IN": ["Act"]}}],
                [{"LOWER": "the"}, {"TEXT": {"REGEX": "^[A-Z]"}, "IS_STOP": False},
                 {"ORTH": "Times"}]]
    windows = MatchWindows(nlp.vocab, patterns)
    doc = nlp.make_doc("we read the Seattle Times and the Clean Air Act today ; Act")
    # "the Seattle Times" (pattern 2); "the Clean Air Act" (pattern 1); the last "Act"
    assert [doc[s:e].text for s, e in windows(doc)] == ["the Seattle Times",
                                                        "the Clean Air Act", "Act"]
    # a run lacking a condition of every pattern is no window
    assert windows(nlp.make_doc("the Seattle Post and Clean Air")) == []
    assert windows(nlp.make_doc("")) == []


def test_a_spec_without_a_cheap_condition_lets_every_token_pass(nlp):
    patterns = [[{"IS_DIGIT": True, "OP": "+"}, {"ORTH": "Act"}]]
    doc = nlp.make_doc("in 1998 the Act passed")
    assert MatchWindows(nlp.vocab, patterns)(doc) == [(0, len(doc))]
    negated = [[{"ORTH": "no", "OP": "!"}, {"ORTH": "Act"}]]
    assert MatchWindows(nlp.vocab, negated)(doc) == [(0, len(doc))]
    no_anchor = [[{"LOWER": "the", "OP": "?"}, {"IS_TITLE": True}]]
    assert MatchWindows(nlp.vocab, no_anchor)(nlp.make_doc("a b")) == [(0, 2)]


def test_a_regex_with_alternatives_demands_no_capital(nlp):
    # "^[A-Z]...|^of$" also matches "of": the window must not require a capital there
    patterns = [[{"TEXT": {"REGEX": "^[A-Z][a-z]+|^of$"}}, {"ORTH": "Act"}]]
    doc = nlp.make_doc("repeal of Act")
    assert MatchWindows(nlp.vocab, patterns)(doc) == [(0, 3)]
