"""Gerunds and participles whose speaker sits in the clause they modify
(participle_rules.py) and surname labels ("Hale: ...", phrase_rules.surname_label): fresh
sentences asserting source, cue, content and rule id, with a negative row per guard."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    # prep_gerund: a gerund under a preposition speaks for the subject of the verb
    ("After arguing that the budget was sound, the mayor left the meeting early.",
     "the mayor", "arguing", "prep_gerund", "the budget was sound"),
    ("The coach pivoted to insisting that the referee had cost them the match.",
     "The coach", "insisting", "prep_gerund", "the referee had cost them the match"),
    # a passive verb: its subject is the one who spoke
    ("The engineer was dismissed after warning that the old bridge would fail.",
     "The engineer", "warning", "prep_gerund", "the old bridge would fail"),
    # participle_stance: a trailing participle of a stance verb, the clause's subject
    ("The senator turned against the treaty, calling for new talks with the neighbours.",
     "The senator", "calling", "participle_stance", "new talks with the neighbours"),
    ("The union ended the strike on Friday, endorsing the new pay offer from the board.",
     "The union", "endorsing", "participle_stance", "the new pay offer from the board"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


NEW_RULES = {"prep_gerund", "participle_stance"}
# guards: none of these makes an attribution by the new rules
NOT_BY_THESE_RULES = [
    # "for" + gerund speaks for the object ("criticised the mayor for saying")
    "The board criticised the mayor for saying that the budget was sound.",
    # "without" + gerund says nothing
    "The mayor left the hall without saying that the budget was sound.",
    # a dummy subject speaks for nobody
    "It ended the meeting after arguing that taxes must rise.",
    # negated, a participle states no stance
    "The union ended the strike on Friday, not endorsing the new pay offer from the board.",
    # a participle with no comma is no trailing participle of the clause
    "The senator spent the whole afternoon calling for new talks with the neighbours.",
    # an ordinary verb's participle is no stance
    "The river rose all night, flooding the lower town and the old harbour.",
]


@pytest.mark.parametrize("text", NOT_BY_THESE_RULES)
def test_guard(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in NEW_RULES]


# ---------------------------------------------------------------- surname labels
BODY = "\n\nTom Hale, a councillor, told the council on Monday that the budget was short."


@pytest.mark.parametrize("label", ["Hale", "Rivers"])
def test_surname_label_goes_to_the_one_full_name(nlp, label):
    # the model tags these surnames before a colon as common nouns, not names
    text = f"{label}: Ferry fares will rise again in May." + BODY.replace("Hale", label)
    assert nlp(text)[0].pos_ == "NOUN", "the model now tags the label a name; pick another"
    first = found(nlp, text)[0]
    assert first == (f"Tom {label}", ":", "surname_label", "Ferry fares will rise again in May")


@pytest.mark.parametrize("text", [
    # a tally row is no speech: fewer than 3 words after the colon
    "Hale: 547." + BODY,
    # no full name with that surname in the text: nobody to name
    "Hale: Ferry fares will rise again in May.\n\nThe council met on Monday.",
    # two people with that surname: unclear who
    "Hale: Ferry fares will rise again in May.\n\nTom Hale and Ann Hale told the council "
    "on Monday that the budget was short.",
])
def test_surname_label_guards(nlp, text):
    assert [f for f in found(nlp, text) if f[2] == "surname_label"] == []
