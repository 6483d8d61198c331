"""Report verbs with prepositional contents, finite or not (nonfinite_rules.py):
fresh sentences asserting source, cue, rule id and content, with a negative row per guard."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    # charge_object: finite with a pronoun object, an infinitive, a trailing participle
    ("Lee accused him of sexism.", "Lee", "accused", "charge_object", "him of sexism"),
    ("The senator took to Twitter to accuse the governor of lying about the budget.",
     "The senator", "accuse", "charge_object", "the governor of lying about the budget"),
    ("The coach spoke for an hour, accusing her of being asleep during the match.",
     "The coach", "accusing", "charge_object", "her of being asleep during the match"),
    ("The harbour master blamed him for the delays at the port.",
     "The harbour master", "blamed", "charge_object", "him for the delays at the port"),
    # made_clear: with and without "it"
    ("The minister made it clear that taxes would not rise.",
     "The minister", "made", "made_clear", "taxes would not rise"),
    ("The union made clear that it would strike in May.",
     "The union", "made", "made_clear", "it would strike in May"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


NEW_RULES = {"charge_object", "made_clear"}
# guards: none of these makes an attribution by the new rules
NOT_BY_THESE_RULES = [
    # an infinitive under a refusal, a plan or a purpose: nothing was said
    "The mayor declined to accuse the council of wasting money on the bridge.",
    "The senator plans to accuse the governor of lying about the budget.",
    "The union met to blame the board for the delays at the port.",
    # "for" + gerund after criticise is the charge, but a thing criticises nobody
    "It criticised the mayor for the delays at the port.",
    # "accused of" in the passive with no accuser
    "The mayor was accused of fraud in the tender for the bridge.",
    # negation
    "Lee did not accuse him of sexism.",
    "The minister did not make it clear that taxes would rise.",
    # questions
    "Did Lee accuse him of sexism?",
    "Will the mayor go on to accuse the council of wasting money?",
    # a dummy subject speaks for nobody
    "It made clear that the tender had been rigged from the start.",
]


@pytest.mark.parametrize("text", NOT_BY_THESE_RULES)
def test_guard(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in NEW_RULES]
