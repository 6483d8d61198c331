"""The engine's cue prefilter (engine.cue_token_indexes) keeps every token a verb or phrase
rule fires on: checked against a visit of every token, on each rule's own example sentence
and on fresh sentences with lemma slips, capitalised cues and phrase triggers."""

import pytest

from claimtrack.nlp.attribution.context import build_context
from claimtrack.nlp.attribution.engine import cue_token_indexes, find_attributions
from claimtrack.nlp.attribution.rules import rules_of
from claimtrack.nlp.attribution.verb_rules import verb_candidates

FRESH = [
    "The coach hopes that the stadium will be ready by May.",  # lemma slip ("hop")
    "The senator lambasted the plan, saying it would cost jobs.",
    "Said the mayor: the budget is balanced for the first time.",  # capitalised cue
    "According to the fire service, the blaze started in a kitchen.",
    "In the minister's view, the tariffs will not last.",
    "The union is confident that members will back the deal.",
    "Her claims that the vote was rigged were rejected by the court.",
    "The company plans to cut 300 jobs, it announced on Tuesday.",
    "Residents raised concerns about the new road, the council said.",
    "He told reporters: the talks are over.",
    "Analysts reckon the bank will raise rates, while others argued otherwise.",
    "The children played in the park and ate lunch.",  # no cue at all
]


def rule_examples() -> list[str]:
    return [rule.example.replace("**", "") for stage in ("verb", "phrase")
            for rule in rules_of(stage)]


def firing_tokens(doc, patterns) -> set[int]:
    """Every token index at which a verb or phrase rule makes a candidate (all tokens)."""
    ctx = build_context(doc, patterns.lex)
    ctx.patterns = patterns.for_doc(doc)
    fired = set()
    for tok in doc:
        if verb_candidates(tok, ctx) or any(rule.func(tok, ctx) for rule in rules_of("phrase")):
            fired.add(tok.i)
    return fired


@pytest.mark.parametrize("text", rule_examples() + FRESH)
def test_prefilter_keeps_every_firing_token(nlp, text):
    patterns = nlp.get_pipe("claimtrack_attribution").patterns
    doc = nlp(text)
    kept = set(cue_token_indexes(doc, patterns.trigger_words, patterns.verb_lemmas,
                                 patterns.lex.lemma_slips))
    assert firing_tokens(doc, patterns) <= kept


def test_prefilter_drops_verbs_no_rule_reads(nlp):
    patterns = nlp.get_pipe("claimtrack_attribution").patterns
    doc = nlp("The children played in the park and ate lunch, the teacher said.")
    kept = [doc[i].text for i in cue_token_indexes(doc, patterns.trigger_words,
                                                   patterns.verb_lemmas,
                                                   patterns.lex.lemma_slips)]
    assert kept == ["said"]
    every_verb = [doc[i].text for i in cue_token_indexes(doc, patterns.trigger_words)]
    assert every_verb == ["played", "ate", "said"]


def test_the_rule_examples_are_found(nlp):
    """The table above means something: most examples give an attribution."""
    found = sum(bool(find_attributions(nlp(text), nlp.get_pipe("claimtrack_attribution")
                                       .patterns)) for text in rule_examples())
    assert found >= len(rule_examples()) - 2


@pytest.mark.parametrize("text", [
    "HOLT: Good evening. Thank you for joining us.\n\nCLINTON: Thank you, Lester.",
    "The report said: costs doubled. Nobody objected.\n\nUPDATE: the vote moved to May.",
    "No label here. None at all.",
    ": a colon first. Then a sentence.",
    "Rep. Tom Hale (D-Ohio): the bill is dead. He left.",
    "",
])
def test_sentences_holding_a_colon_are_those_of_doc_sents(nlp, text):
    from claimtrack.nlp.attribution.phrase_rules import LABEL_COLONS, sentences_holding

    doc = nlp(text)
    expected = [(s.start, s.end) for s in doc.sents if any(t.text in LABEL_COLONS for t in s)]
    assert [(s.start, s.end) for s in sentences_holding(doc, LABEL_COLONS)] == expected
    assert expected or ":" not in text
