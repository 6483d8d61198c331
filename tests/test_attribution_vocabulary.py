"""Cue vocabulary added from PolNeAR train (docs/attribution.md, "Cue vocabulary"): one
fresh sentence per word class, asserting source, cue and rule id, and ordinary uses of
the same words that must make no attribution."""

import pytest


def attributed(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"]) for a in doc._.ct_attributions]


def content_of(nlp, text):
    doc = nlp(text)
    return [doc.text[a["content_start"]:a["content_end"]] for a in doc._.ct_attributions]


# (text, source name, cue, rule id)
VOCABULARY = [
    # manner-of-speaking verbs with a clause or a quotation
    ("Coach Lena Ortiz growled that her players had been robbed by the referee.",
     "Lena Ortiz", "growled", "clausal"),
    ('"Nobody on this council has read the report," Ivan Petrov fumed.',
     "Ivan Petrov", "fumed", "clausal"),
    ("Harbour master Tom Reyes confided that the pier had been unsafe for years.",
     "Tom Reyes", "confided", "clausal"),
    # verbs of noticing, remembering and considering
    ("Dana Whitlock noticed that the ferry timetable had changed twice in a month.",
     "Dana Whitlock", "noticed", "clausal"),
    ("Ruth Okafor remembers that the river flooded the valley every spring.",
     "Ruth Okafor", "remembers", "clausal"),
    ("The trade minister reaffirmed that the tariff would be lifted in June.",
     "The trade minister", "reaffirmed", "clausal"),
    # stance verb + its preposition
    ("Ana Ruiz referred to the new stadium as an expensive mistake.",
     "Ana Ruiz", "referred", "prep_stance"),
    ("The teachers' union balked at the proposed freeze on pay for two years.",
     "The teachers' union", "balked", "prep_stance"),
    ("Senator Omar Haddad sided with the farmers in the long dispute over water.",
     "Omar Haddad", "sided", "prep_stance"),
    # light verb + argument noun
    ("Ben Adair made the case that the library needs a new roof.",
     "Ben Adair", "made the case", "light_verb"),
    ("Sara Lind delivered a spirited defence of the city's recycling plan.",
     "Sara Lind", "delivered a spirited defence", "light_verb"),
]


@pytest.mark.parametrize("text,source,cue,rule", VOCABULARY)
def test_new_cue_words_attribute(nlp, text, source, cue, rule):
    assert (source, cue, rule) in attributed(nlp, text)


def test_the_content_is_the_reported_clause(nlp):
    text = "Dana Whitlock noticed that the ferry timetable had changed twice in a month."
    assert content_of(nlp, text) == ["the ferry timetable had changed twice in a month"]


# ordinary uses of the same words: no report, no stance
NOT_ATTRIBUTIONS = [
    "The hikers noticed a bear near the camp on Sunday morning.",
    "The old engine growled as the bus climbed the hill.",
    "The senator did not make the case for new taxes at the meeting.",
    "The wind howled through the empty streets all night.",
    "The crowd remembered the victims with a minute of silence.",
    "The new rules agree with the European standard on food labels.",
    "The mayor made a point of visiting every flooded street.",
]


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_ordinary_uses_make_no_attribution(nlp, text):
    assert attributed(nlp, text) == []
