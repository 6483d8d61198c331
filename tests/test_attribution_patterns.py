"""Pattern rules (data/attribution_patterns.json): DependencyMatcher patterns in package
data, run by one generic runner, registered with the function rules, and extensible per
pipeline through the component config, like spaCy's SpanRuler."""

from dataclasses import replace

import pytest
import spacy

from claimtrack.nlp import load_base_model
from claimtrack.nlp.attribution import RULES, lexicon
from claimtrack.nlp.attribution.pattern_rules import PatternSet, pattern_rules, resolve
from claimtrack.nlp.attribution.rules import ORDER, rules_table_markdown

# "sound the alarm about X": a light-verb shape neither word list has
ALARM_PATTERN = {"rule": "light_verb", "pattern": [
    {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": "sound"}},
    {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "object",
     "RIGHT_ATTRS": {"DEP": "dobj", "LEMMA": "alarm"}}]}
ALARM_TEXT = "The harbour master sounded the alarm about the state of the sea wall."
# "Per the coastguard, ...": a phrase cue the package patterns do not have
PER_PATTERN = {"rule": "according_to", "pattern": [
    {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LOWER": "per"}},
    {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "source", "RIGHT_ATTRS": {"DEP": "pobj"}}]}
PER_TEXT = "Per the coastguard, the trawler sank within minutes of the first call."


def found(nlp, text):
    doc = nlp(text)
    return [(a["source_text"], a["cue"], a["rule"], a["mode"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


def test_pattern_rules_share_the_registry_and_its_order():
    patterns = pattern_rules()
    assert set(patterns) == {"clausal", "light_verb", "colon_intro", "according_to"}
    for rule_id, rule in RULES.items():
        assert rule.kind == ("pattern" if rule_id in patterns else "function"), rule_id
        assert rule_id in ORDER
    for rule in patterns.values():
        assert RULES[rule.id].stage == rule.stage and RULES[rule.id].example == rule.example
        for alt in rule.alternatives:
            assert alt.nodes[0] == "cue" and set(rule.nodes) <= set(alt.nodes)


def test_docs_table_marks_pattern_rules():
    rows = {line.split(" | ")[1].strip("`"): line.split(" | ")[2]
            for line in rules_table_markdown().splitlines()[2:]}
    assert rows["clausal"] == "pattern" and rows["according_to"] == "pattern"
    assert rows["xcomp"] == "function" and rows["speaker_label"] == "function"


def test_word_list_references_resolve_from_the_lexicon():
    lex = lexicon()
    (ccomp, *_), = [pattern_rules()["clausal"].alternatives]
    resolved = resolve(ccomp.pattern, lex)
    assert resolved[0]["RIGHT_ATTRS"]["LEMMA"]["IN"] == sorted(lex.clausal_verbs)
    # the package data keeps the reference, not a copy of the list
    assert ccomp.pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"] == "@clausal_verbs"
    with pytest.raises(ValueError, match="@speech_verbs"):
        resolve([{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": "@speech_verbs"}}}], lex)


# (text, source, cue, rule, content): the runner builds the same spans the rules did
PATTERN_SENTENCES = [
    ("The ferry operator insists that the crossing is safe in winter.",
     "The ferry operator", "insists", "clausal", "the crossing is safe in winter"),
    ("Dockers raised concerns about the closure of the north quay.",
     "Dockers", "raised concerns", "light_verb", "about the closure of the north quay"),
    ("The minister replied: not this year and not without a vote in parliament.",
     "The minister", "replied", "colon_intro",
     "not this year and not without a vote in parliament"),
    ("According to the harbour board, the quay will reopen in spring.",
     "the harbour board", "According to", "according_to", "the quay will reopen in spring"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), PATTERN_SENTENCES)
def test_runner_builds_source_cue_and_content(nlp, text, source, cue, rule, content):
    ((got_source, got_cue, got_rule, _, got_content),) = found(nlp, text)
    assert (got_source, got_cue, got_rule, got_content) == (source, cue, rule, content)


@pytest.mark.parametrize(("text", "cue", "rule"), [
    # object_not_compared: "share the same worries" is a comparison
    ("Dockers share the same worries about the closure of the quay.", "share", "light_verb"),
    # no_object_or_clause: the list after the colon was parsed as the verb's object
    ("The safety inspector concluded: broken locks, no fire doors and a blocked stairwell.",
     "concluded", "colon_intro"),
])
def test_a_guard_named_by_a_pattern_rule_refuses_a_match(nlp, text, cue, rule):
    doc = nlp(text)
    matches = nlp.get_pipe("claimtrack_attribution").patterns.for_doc(doc)
    cue_token = next(t for t in doc if t.text == cue)
    assert [alt.name for alt, _ in matches.at(rule, cue_token.i)]  # the pattern matched
    assert doc._.ct_attributions == []


def test_matchers_run_once_per_doc_or_sentence_and_only_when_asked(nlp, monkeypatch):
    pipe = nlp.get_pipe("claimtrack_attribution")
    calls = []

    class Counting:
        def __init__(self, key, matcher):
            self.key, self.matcher = key, matcher

        def __call__(self, doc):
            calls.append(self.key)
            return self.matcher(doc)

    patterns = pipe.patterns
    monkeypatch.setattr(patterns, "matchers", {stage: Counting(stage, m)
                                               for stage, m in patterns.matchers.items()})
    monkeypatch.setattr(patterns, "compiled", {
        rule_id: [replace(c, matcher=Counting((rule_id, k), c.matcher)) if c.by_sentence
                  else c for k, c in enumerate(compiled)]
        for rule_id, compiled in patterns.compiled.items()})
    text = ("The mayor said that the quay is safe. The harbour board argued that it is not. "
            "Dockers raised concerns about the cranes, and the union claimed that pay fell. "
            "According to the board, the cranes are new.")
    assert [(source, cue, rule) for source, cue, rule, _, _ in found(nlp, text)] == [
        ("The mayor", "said", "clausal"), ("The harbour board", "argued", "clausal"),
        ("Dockers", "raised concerns", "light_verb"), ("the union", "claimed", "clausal"),
        ("the board", "According to", "according_to")]
    # one pass over the doc for the verb rules, one over the "according" sentence; no
    # colon in the text, so the colon patterns never run
    assert calls == ["verb", ("according_to", 0)]


def test_one_pipeline_can_add_a_pattern():
    custom = load_base_model()
    custom.add_pipe("claimtrack_attribution", config={"patterns": [ALARM_PATTERN]})
    assert found(custom, ALARM_TEXT) == [
        ("The harbour master", "sounded the alarm", "light_verb", "indirect",
         "about the state of the sea wall")]
    assert found(custom, PER_TEXT) == []
    custom.get_pipe("claimtrack_attribution").add_patterns([PER_PATTERN])
    assert found(custom, PER_TEXT) == [
        ("the coastguard", "Per", "according_to", "according_to",
         "the trawler sank within minutes of the first call")]


def test_a_second_pipeline_is_unaffected_by_added_patterns(nlp):
    # the session pipeline (with the package patterns only) attributes neither
    assert "sound" not in lexicon().verb_cue_lemmas
    assert found(nlp, ALARM_TEXT) == []
    assert found(nlp, PER_TEXT) == []
    assert len(nlp.get_pipe("claimtrack_attribution").patterns.extra) == 0


@pytest.mark.parametrize(("pattern", "message"), [
    (dict(ALARM_PATTERN, rule="xcomp"), "unknown pattern rule 'xcomp'"),
    (dict(ALARM_PATTERN, pattern=ALARM_PATTERN["pattern"][:1]), "nodes \\['object'\\]"),
    (dict(ALARM_PATTERN, pattern=ALARM_PATTERN["pattern"][::-1]), "first node must be 'cue'"),
    (dict(ALARM_PATTERN, where=["is_lucky"]), "unknown filter \\['is_lucky'\\]"),
])
def test_a_wrong_pattern_fails_when_the_pipe_is_added(pattern, message):
    custom = spacy.blank("en")
    with pytest.raises(ValueError, match=message):
        custom.add_pipe("claimtrack_attribution", config={"patterns": [pattern]})


def test_an_added_pattern_brings_its_cue_words_to_the_prefilter():
    vocab = spacy.blank("en").vocab
    assert "sound" not in PatternSet(vocab, lexicon()).verb_lemmas
    assert "sound" in PatternSet(vocab, lexicon(), [ALARM_PATTERN]).verb_lemmas
    assert "per" in PatternSet(vocab, lexicon(), [PER_PATTERN]).trigger_words
