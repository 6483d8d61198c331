"""Stance verbs with an object and its predicate, in the passive with an agent, or with a
gerund (stance_object_rules.py, object_rules.stance_as): fresh sentences asserting source,
cue, rule id and content, with a negative row per guard."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    # stance_as: the "as" phrase the parser hangs on the object, an "as" clause, and
    # "consider" with an object predicate (a relative clause: the noun it describes)
    ("Four in 10 voters see the mayor's campaign as the most negative in years.",
     "Four in 10 voters", "see", "stance_as",
     "the mayor's campaign as the most negative in years"),
    ("The chief sees the protesters as misled by a few agitators.",
     "The chief", "sees", "stance_as", "the protesters as misled by a few agitators"),
    ("They bought houses which many lenders considered too risky.",
     "many lenders", "considered", "stance_as", "houses which many lenders considered too risky"),
    # a free relative naming a thing ("what X calls Y"): the name is the stance
    ("Taxing consumption (what economists call spending) is back.",
     "economists", "call", "stance_as", "what economists call spending"),
    ("The reform led to what one aide called \"the beginning of a new era\" for the party.",
     "one aide", "called", "stance_as",
     "what one aide called \"the beginning of a new era\" for the party"),
    # passive_stance: an object predicate, an "as" phrase, a charge preposition
    ("The stadium is considered unsafe by the city's own engineers.",
     "the city's own engineers", "considered", "passive_stance",
     "The stadium is considered unsafe"),
    ("The reform was seen by many teachers as an attack on their pay.",
     "many teachers", "seen", "passive_stance",
     "The reform was seen by many teachers as an attack on their pay"),
    # the parser hangs the "as" phrase on the agent's noun: the source is the noun alone
    ("The robber was described by police as a white man in his 40s.",
     "police", "described", "passive_stance",
     "The robber was described by police as a white man in his 40s"),
    ("The mayor has been criticized by residents for ignoring the flooding.",
     "residents", "criticized", "passive_stance",
     "The mayor has been criticized by residents for ignoring the flooding"),
    # gerund_content: the gerund clause after the verb
    ("The minister also suggested raising the fuel tax to pay for the repairs.",
     "The minister", "suggested", "gerund_content",
     "raising the fuel tax to pay for the repairs"),
    ("Several councillors have considered closing the library on Sundays.",
     "Several councillors", "considered", "gerund_content", "closing the library on Sundays"),
    ("The senator opposed raising the retirement age.",
     "The senator", "opposed", "gerund_content", "raising the retirement age"),
    ("The governor defended cutting the school budget.",
     "The governor", "defended", "gerund_content", "cutting the school budget"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


# (text, rule that must not fire)
GUARDS = [
    # "consider ... as" is a role, not a stance: consider needs an object predicate
    ("The mayor is considering a run for governor as an independent.", "stance_as"),
    # an "as" clause with its own subject is a time ("saw the crowd as it marched")
    ("The guard saw the crowd as it marched past the gate.", "stance_as"),
    # a participle hung on a noun that speaks for nobody, with the predicate hung elsewhere
    ("Clinton spent the run-up to the caucuses portraying Sanders as focused on one issue.",
     "stance_as"),
    # the passive with no agent has no holder
    ("The stadium is considered unsafe.", "passive_stance"),
    # ... nor has a reduced passive on a noun ("the data now considered a requirement")
    ("He showed little interest in the kind of data now considered a requirement of modern "
     "campaigns.", "stance_as"),
    # two agents: the source would name one of them
    ("The plan was seen by Anna Lee and Maria Gomez as a mistake.", "passive_stance"),
    # a question
    ("Was the stadium considered unsafe by the engineers?", "passive_stance"),
    # no predicate: the noun alone is passive_np's
    ("The stadium was inspected and criticized by the engineers.", "passive_stance"),
    # gerund_content: negated, asked, still to come, a dummy subject, one word
    ("The senator did not oppose raising the retirement age.", "gerund_content"),
    ("Did the minister suggest raising the fuel tax?", "gerund_content"),
    ("The minister will suggest raising the fuel tax next week.", "gerund_content"),
    ("It suggested raising the fuel tax.", "gerund_content"),
    ("The coach suggested waiting.", "gerund_content"),
    # a topic verb states no stance on its gerund
    ("The host discussed burying the old pipes under the road.", "gerund_content"),
]


@pytest.mark.parametrize(("text", "rule"), GUARDS)
def test_guard(nlp, text, rule):
    assert not [f for f in found(nlp, text) if f[2] == rule]


@pytest.mark.parametrize("text", [
    "No matter what anyone says, the bridge will open in May.",  # a free relative
    "She was called a liar by the press.",  # a passive naming: no holder
    "They called Lee.",  # a name, no stance
])
def test_no_naming_stance(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in ("stance_as", "passive_stance")]


def test_a_one_word_theme_with_its_predicate_is_content(nlp):
    # passive_np needs two words of subject; with a predicate the content is the clause
    assert found(nlp, "Pigs are considered sacred by some groups.") == [
        ("some groups", "considered", "passive_stance", "Pigs are considered sacred")]
