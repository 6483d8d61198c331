"""Speech acts whose content is a noun phrase (docs/attribution.md, "Speech acts with
noun-phrase content"): fresh sentences asserting source, cue, rule id and content, and
ordinary uses of the same words (thing subjects, negation, questions, other senses) that
must make no attribution."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source name, cue, rule id, content)
SPEECH_ACTS = [
    ("Finance minister Clara Holt noted the steady rise in exports over the summer.",
     "Clara Holt", "noted", "speech_np", "the steady rise in exports over the summer"),
    ("The two mayors discussed the cost of the new bridge at length.",
     "The two mayors", "discussed", "speech_np", "the cost of the new bridge"),
    ("The mayor unveiled a plan to rebuild the pier.",
     "The mayor", "unveiled", "speech_np", "a plan to rebuild the pier"),
    ("The council announced its support for the new harbour.",
     "The council", "announced", "speech_np", "its support for the new harbour"),
    # the parser makes both "the old pier" and "a danger" objects: the content keeps both
    ("Inspectors deemed the old pier a danger to swimmers.",
     "Inspectors", "deemed", "speech_np", "the old pier a danger to swimmers"),
    ("Councillor Ben Adair recalled the floods of 1998 in his speech.",
     "Ben Adair", "recalled", "speech_np", "the floods of 1998"),
    ("The fire chief spoke about the need for a second station.",
     "The fire chief", "spoke", "speech_topic", "the need for a second station"),
    ("Residents talked of moving away from the valley for good.",
     "Residents", "talked", "speech_topic", "moving away from the valley for good"),
    ("Asked whether the pier was safe, the harbour master said no.",
     "the harbour master", "said", "say_pro_form", "no"),
    ("Nearly half of the nurses said the same of the new rota.",
     "Nearly half of the nurses", "said", "say_pro_form", "the same of the new rota"),
    ("The merger was first reported by the Harbour Gazette.",
     "Harbour Gazette", "reported", "passive_np", "The merger"),
    ("The plan was rejected by most of the council members.",
     "most of the council members", "rejected", "passive_np", "The plan"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SPEECH_ACTS)
def test_speech_act_with_noun_phrase_content(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


def test_a_clause_after_the_same_verb_keeps_its_own_rule(nlp):
    # speech_np comes last in the verb stage: "noted that ..." stays clausal
    (attribution,) = found(nlp, "The harbour board noted that the ferries would stop.")
    assert attribution[1:3] == ("noted", "clausal")


NOT_SPEECH = [
    "She noted the time and left.",  # fewer than 3 words of object: a glance, not a remark
    "The committee did not discuss the budget on Monday.",  # negated: nothing stated
    "The senator did not speak about the scandal.",
    "Did the minister discuss the new budget?",  # a question: nothing said yet
    "The governor announced snap elections for June.",  # a decision announced: an event
    "Did the mayor speak about the flooded roads?",
    "The results, which reflect badly on the coach, surprised the fans.",  # a thing
    "The choir recalled the soloist for an encore.",  # call back, no memory told
    "Ford recalled 50,000 vans last week.",  # a firm recalls products
    "The delegates were welcomed by the mayor at the station.",  # a greeting
    "The report was written by three students.",  # authorship, not a stance
    "Students talked in the corridor for an hour.",  # no topic
    "She wrote a cheque for the school fund.",  # an action
]


@pytest.mark.parametrize("text", NOT_SPEECH)
def test_ordinary_uses_make_no_attribution(nlp, text):
    assert found(nlp, text) == []
