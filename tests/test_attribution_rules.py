"""The attribution rule registry: ids, precedence, docs table, word lists, per-pipeline
options, and a table of fresh sentences per rule (source, cue and rule id)."""

import re
import subprocess
import sys

import pytest
import spacy

from claimtrack.nlp import load_base_model
from claimtrack.nlp.attribution import RULES, lexicon
from claimtrack.nlp.attribution.lexicon import _read_files, build_lexicon
from claimtrack.nlp.attribution.rules import ORDER, confidence, measured, ordered
from conftest import ROOT


def attributed(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"]) for a in doc._.ct_attributions]


# (text, source name, cue, rule id): fresh sentences, one shape each
RULE_SENTENCES = [
    ("The harbour master argues that the new quay is too shallow for ferries.",
     "harbour master", "argues", "clausal"),
    ("Nurses at the hospital vowed to keep the ward open through the winter.",
     "Nurses at the hospital", "vowed", "xcomp"),
    ("The pilot talked to investigators about why the engine failed.",
     "The pilot", "talked", "prep_clause"),
    ("Farmers voiced concerns about the price of diesel.",
     "Farmers", "voiced concerns", "light_verb"),
    ("The budget, which economists described as timid, passed on Friday.",
     "economists", "described", "stance_as"),
    ("Residents have called for a new crossing near the school.",
     "Residents", "called", "prep_stance"),
    ("The bakery chain will close twelve shops next year, the company confirmed.",
     "the company", "confirmed", "closing_cue"),
    ("The stadium, its owners say, will be sold before the season ends.",
     "its owners", "say", "parenthetical"),
    ("The fire inspector concluded: unsafe wiring, no fire doors and a blocked exit.",
     "The fire inspector", "concluded", "colon_intro"),
    ("According to the coastguard, the trawler sank within minutes.",
     "the coastguard", "According to", "according_to"),
    ("Priya Raman: We asked the council for a ramp three years ago.",
     "Priya Raman", ":", "speaker_label"),
    ('"The fairest referee in the league this season." — Owen Marsh',
     "Owen Marsh", "—", "signature"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule"), RULE_SENTENCES)
def test_each_rule_on_a_fresh_sentence(nlp, text, source, cue, rule):
    found = attributed(nlp, text)
    assert any(source.lower() in name.lower() and c == cue and r == rule
               for name, c, r in found), found


def test_carryover_rules_keep_the_speaker_and_the_cue(nlp):
    text = ('"The ferry was late again," commuter Lina Brook said. "It happens every week.\n\n'
            '"Nobody at the company answers our letters."')
    rules = [(a["rule"], a["source"]["name"], a["cue"])
             for a in nlp(text)._.ct_attributions]
    assert ("carryover", "Lina Brook", "said") in rules
    assert ("carryover_paragraph", "Lina Brook", "said") in rules


@pytest.mark.parametrize("rule_id", ORDER)
def test_docs_example_of_each_rule_is_made_by_that_rule(nlp, rule_id):
    example = RULES[rule_id].example.replace(" ¶ ", "\n\n")
    cue = re.search(r"\*\*(.+?)\*\*", example).group(1)
    found = attributed(nlp, example.replace("**", ""))
    if RULES[rule_id].rescue:  # the model parses the example well: an earlier rule takes it
        assert any(c == cue for _, c, _ in found), found
    else:
        assert any(c == cue and r == rule_id for _, c, r in found), found


def test_registry_follows_the_documented_order():
    assert [r.id for r in ordered()] == list(ORDER)
    assert set(RULES) == set(ORDER)
    for rule in RULES.values():
        assert rule.lexicon is None or rule.lexicon in lexicon().__dataclass_fields__


def test_confidence_is_the_measured_precision():
    figures = measured()
    well_measured = [r for r, f in figures.items() if f["support"] >= 10]
    assert "clausal" in well_measured
    for rule in well_measured:
        assert confidence(rule) == figures[rule]["precision"]


def test_attribution_confidence_comes_from_its_rule(nlp):
    doc = nlp("Harbour officials argue that the quay is too shallow for ferries.")
    (attribution,) = doc._.ct_attributions
    assert attribution["rule"] == "clausal"
    assert attribution["confidence"] == round(confidence("clausal"), 2)


def test_docs_rules_table_is_current():
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", "docs/attribution.md"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_lexicon_rejects_a_mistyped_key():
    raw = _read_files()
    with pytest.raises(ValueError, match="clausal_verb"):
        build_lexicon(raw, {"clausal_verb": ["opine"]})
    broken = dict(raw)
    broken["clasual_verbs"] = broken.pop("clausal_verbs")
    with pytest.raises(ValueError, match="missing keys \\['clausal_verbs'\\]"):
        build_lexicon(broken)


def test_lexicon_is_frozen():
    with pytest.raises(AttributeError):
        lexicon().clausal_verbs = frozenset()


def test_one_pipeline_can_add_a_verb(nlp):
    # like spaCy's own component tests: one option set on one fresh pipeline
    text = "The harbour master conjectured that the new quay was too shallow."
    assert "conjecture" not in lexicon().verb_cue_lemmas
    assert attributed(nlp, text) == []
    custom = load_base_model()
    custom.add_pipe("claimtrack_attribution",
                    config={"add_words": {"clausal_verbs": ["conjecture"]}})
    doc = custom(text)
    assert [(a["source_text"], a["cue"], a["rule"]) for a in doc._.ct_attributions] == [
        ("The harbour master", "conjectured", "clausal")]
    # the shared default lists are untouched
    assert "conjecture" not in lexicon().clausal_verbs
    assert nlp.get_pipe("claimtrack_attribution").lex is lexicon()
    assert attributed(nlp, text) == []


def test_an_unknown_word_list_fails_when_the_pipe_is_added():
    custom = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown keys \\['speech_verbs'\\]"):
        custom.add_pipe("claimtrack_attribution", config={"add_words": {"speech_verbs": ["x"]}})

